// Native (each SIMD level) vs TypeScript per kernel and size — one run (the end-to-end effect on
// fbank, AHC and VBx is measured by @dia/pipeline's bench/backends.bench.mjs). Each configuration runs in its own process (the backend is chosen at
// load from DIA_OPS_BACKEND / DIA_OPS_SIMD). Run: pnpm --filter @dia/ops bench
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--child') {
  const ops = await import('@dia/ops');
  let seed = 9;
  const r = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5);
  const time = (f, reps) => { f(); let best = Infinity; for (let i = 0; i < reps; i++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return best; };
  const out = {};
  const x1500 = Float32Array.from({ length: 1500 * 256 }, r);
  out['pdist 1500×256'] = time(() => ops.pdistEuclidean(x1500, 1500, 256), 3);
  const g = Float64Array.from({ length: 1500 * 40 }, () => Math.abs(r()));
  const rho = Float64Array.from({ length: 1500 * 128 }, r);
  out['neumaierMatmulTN 1500×40×128'] = time(() => ops.neumaierMatmulTN(g, rho, 1500, 40, 128), 5);
  const al = Float64Array.from({ length: 40 * 128 }, r);
  out['neumaierMatmulNT 1500×40×128'] = time(() => ops.neumaierMatmulNT(rho, al, 1500, 40, 128), 5);
  const spec = Float32Array.from({ length: 998 * 257 }, () => Math.abs(r()) * 1e6);
  const bank = Float32Array.from({ length: 80 * 257 }, () => Math.abs(r()));
  out['matmulTransposedF32 998×80×257'] = time(() => ops.matmulTransposedF32(spec, bank, new Float32Array(998 * 80), { m: 998, n: 80, k: 257 }), 5);
  const big = Float64Array.from({ length: 1 << 20 }, r);
  out['neumaierSum 1M'] = time(() => ops.neumaierSum(big), 5);
  out['dotF64 1M'] = time(() => ops.dotF64(big, big), 5);
  const small = Float64Array.from({ length: 256 }, r);
  out['neumaierDot 256 ×10k calls'] = time(() => { for (let i = 0; i < 10000; i++) ops.neumaierDot(small, small); }, 3);
  out.backend = ops.backend().kind + ' ' + ops.backend().simd;
  console.log(JSON.stringify(out));
} else {
  const configs = [['ts', { DIA_OPS_BACKEND: 'ts' }]];
  const levels = JSON.parse(execFileSync(process.execPath, ['-e', "import('@dia/ops').then(o => console.log(JSON.stringify(o.backend().available)))"], { encoding: 'utf8', cwd: fileURLToPath(new URL('..', import.meta.url)) }));
  for (const l of levels) configs.push([l, { DIA_OPS_SIMD: l }]);
  const results = configs.map(([name, env]) => [name, JSON.parse(execFileSync(process.execPath, [self, '--child'], { encoding: 'utf8', env: { ...process.env, ...env } }))]);
  const ts = results[0][1];
  const rows = Object.keys(ts).filter((k) => k !== 'backend').map((k) => {
    const row = { kernel: k, 'ts ms': ts[k].toFixed(2) };
    for (const [name, r] of results.slice(1)) row[`${name} (×ts)`] = `${r[k].toFixed(2)} (${(ts[k] / r[k]).toFixed(1)}×)`;
    return row;
  });
  console.table(rows);
}
