// Side by side: @dia/ahc ahcInit (normalise + centroid linkage + fcluster) vs scipy on the same data.
// Run: pnpm --filter @dia/ahc bench   (python3 with numpy + scipy: bash scripts/bench-setup.sh)
// dia is timed before and after scipy (best of both), so a burst of load on a shared machine hits
// both sides alike. Small n: best of several runs after a warm-up; large n: one run each.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backend } from '@dia/ops';
import { ahcInit, linkageMemoryBytes } from '@dia/ahc';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dia-ahc-bench-'));
let seed = 42;
const gauss = () => { let u = 0; for (let i = 0; i < 12; i++) { seed = (seed * 1103515245 + 12345) % 2147483648; u += seed / 2147483648; } return u - 6; };
const sizes = (process.env.AHC_BENCH_SIZES ?? '500,1000,2000,5000,10000,20000').split(',').map(Number);
const info = backend();
console.log(`@dia/ahc vs scipy — ops backend: ${info.kind}${info.kind === 'native' ? ` (${info.simd})` : ''}; d = 128, 20 clusters of speaker-like embeddings`);

function time(x, n, d, reps) {
  let best = Infinity;
  let clusters = 0;
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    const labels = ahcInit({ data: x, rows: n, cols: d }, 0.6);
    best = Math.min(best, performance.now() - t);
    clusters = Math.max(...labels) + 1;
  }
  return { ms: best, clusters };
}

const rows = [];
for (const n of sizes) {
  const d = 128;
  const centres = Float32Array.from({ length: 20 * d }, gauss);
  const x = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) x[i * d + k] = centres[(i % 20) * d + k] + 0.15 * gauss();
  const file = join(dir, `x${n}.f32`);
  writeFileSync(file, Buffer.from(x.buffer));
  const reps = n <= 2000 ? 5 : 1;
  if (n <= 2000) time(x, n, d, 1); // warm-up
  const before = time(x, n, d, reps);
  const scipy = JSON.parse(execFileSync('python3', [join(here, 'scipy_side.py'), String(n), String(d), file, String(reps)], { encoding: 'utf8', maxBuffer: 1 << 20 }));
  const after = time(x, n, d, reps);
  const dia = Math.min(before.ms, after.ms);
  rows.push({
    n,
    memory: linkageMemoryBytes(n, d) < 1e9 ? `${(linkageMemoryBytes(n, d) / 1e6).toFixed(0)} MB` : `${(linkageMemoryBytes(n, d) / 1e9).toFixed(2)} GB`,
    'dia ms': dia.toFixed(0),
    'scipy ms': scipy.ms.toFixed(0),
    'scipy/dia': (scipy.ms / dia).toFixed(2),
    'clusters dia/scipy': `${after.clusters}/${scipy.clusters}`,
  });
}
console.table(rows);
console.log(`lowest scipy/dia ratio: ${Math.min(...rows.map((r) => Number(r['scipy/dia']))).toFixed(2)}`);
