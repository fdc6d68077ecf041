// Side by side: @dia/vbx's PLDA transform and VBx vs pyannote's numpy code on the same inputs, one
// run: fixture 08 (N = 1,501 train embeddings, captured PLDA features and AHC labels) and synthetic
// 10,000 × 256 embeddings / 10,000 × 128 features. numpy is timed with OpenBLAS's default thread
// count and with one thread, each in its own long-lived python process; the ratio is against the
// faster of the two. This VM's speed drifts by ±25 % within minutes, so the three sides take short
// slices in turn (a few runs each, many rounds, with pauses so that OpenBLAS's idle threads stop
// spinning before the next side starts) and each keeps its best time: all three see the same
// phases of the machine.
// Run: pnpm --filter @dia/vbx bench   (python3 with numpy + scipy: bash scripts/bench-setup.sh)
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixture, member, pldaDir, toFloat64, toInt32 } from '@dia/fixtures';
import { backend } from '@dia/ops';
import { Plda, vbx } from '@dia/vbx';
import { faster, interleave, referenceServer } from '../../../scripts/lib/interleaved-bench.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dia-vbx-bench-'));
const plda = Plda.fromDirectory(pldaDir());
const file = (name, arr) => { const p = join(dir, name); writeFileSync(p, Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)); return p; };

let seed = 3;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const fx = fixture('08');
const train = fx.trainEmbeddings();
const post = toFloat64(member(fx.npz('plda_embeddings.npz'), 'post_plda'));
const synthEmb = Float32Array.from({ length: 10_000 * 256 }, () => 3 * rnd());
const centres = Float64Array.from({ length: 30 * 128 }, () => 6 * rnd());
const synthX = new Float64Array(10_000 * 128);
const synthLabels = new Int32Array(10_000);
for (let n = 0; n < 10_000; n++) { synthLabels[n] = n % 40; for (let d = 0; d < 128; d++) synthX[n * 128 + d] = centres[(n % 30) * 128 + d] + 2 * rnd(); }

const cases = [
  { name: 'PLDA, fixture 08 (1,501 × 256)', kind: 'plda', x: train.data, rows: train.rows, rounds: 24, reps: 10 },
  { name: 'PLDA, synthetic 10,000 × 256', kind: 'plda', x: synthEmb, rows: 10_000, rounds: 16, reps: 5 },
  { name: 'VBx, fixture 08 (N = 1,501, K0 = 41)', kind: 'vbx', X: { data: post, rows: post.length / 128, cols: 128 }, labels: toInt32(fx.npy('ahc_init_labels.npy')), rounds: 16, reps: 5 },
  { name: 'VBx, synthetic 10,000 × 128, K0 = 40', kind: 'vbx', X: { data: synthX, rows: 10_000, cols: 128 }, labels: synthLabels, rounds: 10, reps: 2 },
];
const info = backend();
console.log(`@dia/vbx vs numpy — ops backend: ${info.kind}${info.kind === 'native' ? ` (${info.simd})` : ''}; numpy: pyannote.audio 4.0.4's code`);
const rows = [];
for (const c of cases) {
  let run;
  let args;
  if (c.kind === 'plda') {
    run = () => plda.transform({ data: c.x, rows: c.rows, cols: 256 });
    args = ['plda', pldaDir(), file('emb.f32', c.x), String(c.rows)];
  } else {
    run = () => vbx(c.X, plda.phi, { ahcLabels: c.labels, fa: 0.07, fb: 0.8, maxIters: 20 }).elbo.length;
    args = ['vbx', file('X.f64', c.X.data), String(c.X.rows), '128', file('phi.f64', plda.phi), file('labels.i32', c.labels)];
  }
  const threaded = await referenceServer(join(here, 'numpy_side.py'), args);
  const single = await referenceServer(join(here, 'numpy_side.py'), args, { OPENBLAS_NUM_THREADS: '1' });
  const { dia: timed, refs: np } = await interleave(run, { threaded, single }, c.rounds, c.reps);
  threaded.close();
  single.close();
  np.best = faster(np.threaded, np.single);
  const dia = timed.ms;
  rows.push({
    case: c.name,
    'dia ms': dia.toFixed(1),
    'numpy ms (threads / 1 thread)': `${np.threaded.ms.toFixed(1)} / ${np.single.ms.toFixed(1)}`,
    'numpy/dia': (np.best.ms / dia).toFixed(2),
    ...(c.kind === 'vbx' ? { 'iterations dia/numpy': `${timed.out}/${np.best.iters}` } : {}),
  });
}
console.table(rows);
console.log(`lowest numpy/dia ratio: ${Math.min(...rows.map((r) => Number(r['numpy/dia']))).toFixed(2)} (against the faster numpy configuration)`);
