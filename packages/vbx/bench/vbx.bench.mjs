// Side-by-side: @dia/vbx vs a numpy implementation of the same VBx (one run, same inputs):
// fixture 08's PLDA features and AHC labels, and a synthetic 10,000 × 128 case.
// Run: pnpm --filter @dia/vbx bench   (python3 with numpy + scipy)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture, member, pldaDir, toFloat64, toInt32 } from '@dia/fixtures';
import { Plda, vbx } from '@dia/vbx';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dia-vbx-bench-'));
const plda = Plda.fromDirectory(pldaDir());
const cases = [];
{
  const fx = fixture('08');
  const post = toFloat64(member(fx.npz('plda_embeddings.npz'), 'post_plda'));
  cases.push({ name: 'fixture 08 (N = 1501, K0 = 41)', X: { data: post, rows: post.length / 128, cols: 128 }, labels: toInt32(fx.npy('ahc_init_labels.npy')) });
}
{
  let seed = 3;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const N = 10000;
  const centres = Float64Array.from({ length: 30 * 128 }, () => 6 * rnd());
  const X = new Float64Array(N * 128);
  const labels = new Int32Array(N);
  for (let n = 0; n < N; n++) { labels[n] = n % 40; for (let d = 0; d < 128; d++) X[n * 128 + d] = centres[(n % 30) * 128 + d] + 2 * rnd(); }
  cases.push({ name: 'synthetic 10,000 × 128, K0 = 40', X: { data: X, rows: N, cols: 128 }, labels });
}
const rows = [];
for (const c of cases) {
  let best = Infinity;
  let iters = 0;
  for (let r = 0; r < 4; r++) {
    const t = performance.now();
    iters = vbx(c.X, plda.phi, { ahcLabels: c.labels, fa: 0.07, fb: 0.8, maxIters: 20 }).elbo.length;
    if (r > 0) best = Math.min(best, performance.now() - t);
  }
  const fx = join(dir, 'X.f64'); const fp = join(dir, 'phi.f64'); const fl = join(dir, 'l.i32');
  writeFileSync(fx, Buffer.from(c.X.data.buffer, c.X.data.byteOffset, c.X.data.byteLength));
  writeFileSync(fp, Buffer.from(plda.phi.buffer));
  writeFileSync(fl, Buffer.from(c.labels.buffer, c.labels.byteOffset, c.labels.byteLength));
  const np = JSON.parse(execFileSync('python3', [join(here, 'numpy_side.py'), fx, String(c.X.rows), '128', fp, fl], { encoding: 'utf8' }));
  rows.push({ case: c.name, 'dia ms': best.toFixed(1), 'numpy ms': np.ms.toFixed(1), 'numpy/dia': (np.ms / best).toFixed(2), 'iterations dia/numpy': `${iters}/${np.iters}` });
}
console.table(rows);
