// End-to-end effect of the @dia/ops backend on fbank, AHC, VBx and the whole back-end replay of
// fixture 08: TypeScript kernels vs every native SIMD level, each in its own process, one run.
// Run: node bench/backends.bench.mjs (part of pnpm --filter @dia/pipeline bench)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
if (process.argv[2] === '--child') {
  const { backend } = await import('@dia/ops');
  const { FbankComputer } = await import('@dia/fbank');
  const { ahcInit } = await import('@dia/ahc');
  const { vbx, Plda } = await import('@dia/vbx');
  const { diarizeFromIntermediates } = await import('@dia/pipeline');
  const { fixture, member, pldaDir, toFloat32, toFloat64, toInt32 } = await import('@dia/fixtures');
  const time = (f, reps) => { f(); let best = Infinity; for (let i = 0; i < reps; i++) { const t = performance.now(); f(); best = Math.min(best, performance.now() - t); } return best; };
  const fx = fixture('08');
  const train = fx.trainEmbeddings();
  const post = toFloat64(member(fx.npz('plda_embeddings.npz'), 'post_plda'));
  const labels = toInt32(fx.npy('ahc_init_labels.npy'));
  const plda = Plda.fromDirectory(pldaDir());
  const seg = member(fx.npz('segmentations.npz'), 'segmentations');
  const emb = member(fx.npz('raw_embeddings.npz'), 'embeddings');
  const input = { segmentations: { data: toFloat32(seg), chunks: seg.shape[0], frames: seg.shape[1], speakers: seg.shape[2] }, embeddings: { data: toFloat32(emb), chunks: emb.shape[0], speakers: emb.shape[1], dim: emb.shape[2] } };
  const fb = new FbankComputer({ numMelBins: 80, windowType: 'hamming' });
  const chunk = fixture('02').clip().samples.subarray(0, 160000).map((v) => v * 32768);
  const out = {
    'fbank, one 10 s chunk': time(() => fb.compute(chunk), 10),
    'AHC init, fixture 08 (N = 1501)': time(() => ahcInit(train, 0.6), 3),
    'PLDA transform, fixture 08': time(() => plda.transform(train), 3),
    'VBx, fixture 08': time(() => vbx({ data: post, rows: post.length / 128, cols: 128 }, plda.phi, { ahcLabels: labels, fa: 0.07, fb: 0.8, maxIters: 20 }), 3),
    'back-end replay, fixture 08': time(() => diarizeFromIntermediates(input, { plda }), 3),
  };
  console.log(JSON.stringify({ backend: `${backend().kind} ${backend().simd}`, ...out }));
} else {
  const levels = JSON.parse(execFileSync(process.execPath, ['-e', "import('@dia/ops').then(o => console.log(JSON.stringify(o.backend().available)))"], { encoding: 'utf8' }));
  const configs = [['ts', { DIA_OPS_BACKEND: 'ts' }], ...levels.map((l) => [l, { DIA_OPS_SIMD: l }])];
  const results = configs.map(([name, env]) => [name, JSON.parse(execFileSync(process.execPath, [self, '--child'], { encoding: 'utf8', env: { ...process.env, ...env } }))]);
  const ts = results[0][1];
  console.table(Object.keys(ts).filter((k) => k !== 'backend').map((k) => {
    const row = { stage: k, 'ts ms': ts[k].toFixed(1) };
    for (const [name, r] of results.slice(1)) row[`${name} ms (speed-up)`] = `${r[k].toFixed(1)} (${(ts[k] / r[k]).toFixed(2)}×)`;
    return row;
  }));
}
