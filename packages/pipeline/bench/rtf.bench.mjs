// Real-time factor per stage of diarize(), the ORT session options that justify dia's defaults, and
// the segmentation stage side by side with Python onnxruntime on the same model and windows.
// Segmentation: the real segmentation-3.0 (`pnpm models:test`, or $DIA_SEGMENT_MODEL_PATH).
// Embedding: the real WeSpeaker ResNet34-LM when $DIA_EMBED_MODEL_PATH is set, else the ResNet34-LM
// timing model (the real architecture with random weights: real cost, meaningless embeddings;
// scripts/gen_resnet34_timing_model.py, made by scripts/bench-setup.sh), else the small stand-in.
// Run: pnpm --filter @dia/pipeline bench
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import * as ort from 'onnxruntime-node';
import { fixture, member, pldaDir, readNpz, realModelPath, testModelsDir, toFloat32 } from '@dia/fixtures';
import { DEFAULT_EMBEDDING_BATCH, DEFAULT_SEGMENTATION_BATCH, EmbeddingModel, loadAudio, Plda, SegmentationModel, diarizeFromIntermediates, defaultThreads } from '@dia/pipeline';
import { WespeakerChunkFeatures } from '@dia/fbank';

const standin = (n) => fileURLToPath(new URL(`../test/data/models/${n}`, import.meta.url));
const realSeg = realModelPath('segmentation');
const realEmb = realModelPath('embedding');
const segPath = realSeg ?? standin('segmentation-standin.onnx');
const timingModel = join(testModelsDir(), 'wespeaker-resnet34-timing.onnx');
const embKind = realEmb ? 'real' : existsSync(timingModel) ? 'ResNet34-LM architecture, random weights (real cost)' : 'small stand-in (timings not representative; run scripts/bench-setup.sh)';
const embPath = realEmb ?? (existsSync(timingModel) ? timingModel : standin('embedding-standin.onnx'));
console.log(`segmentation model: ${realSeg ? `real (${realSeg})` : 'stand-in (run pnpm models:test)'}; embedding model: ${embKind}`);
const plda = Plda.fromDirectory(pldaDir());
const time = async (f) => { const t = performance.now(); const r = await f(); return [r, performance.now() - t]; };
const best = async (f, reps = 3) => { await f(); let b = Infinity; for (let i = 0; i < reps; i++) b = Math.min(b, (await time(f))[1]); return b; };
const clips = ['02', '03', '04', '05', '07'];

console.log(`\nReal-time factor per stage (processing time / audio duration; lower is faster), defaults: ${defaultThreads()} threads, graph optimisation all, segmentation batch ${DEFAULT_SEGMENTATION_BATCH}, embedding batch ${DEFAULT_EMBEDDING_BATCH} (trunk/head split)`);
const rows = [];
const seg = await SegmentationModel.load(segPath);
const emb = await EmbeddingModel.load(embPath);
for (const name of clips) {
  const fx = fixture(name);
  const [samples, tDecode] = await time(() => loadAudio(fx.path('clip_16k.wav')));
  const seconds = samples.length / 16000;
  const segm = await seg.segment(samples);
  const tSeg = await best(() => seg.segment(samples));
  const tFbank = await best(() => { const f = new WespeakerChunkFeatures(samples, segm.chunks); for (let i = 0; i < segm.chunks; i++) f.chunk(i); });
  const embs = await emb.embed(samples, segm);
  const tEmb = await best(() => emb.embed(samples, segm), 1);
  const tClu = await best(() => diarizeFromIntermediates({ segmentations: segm, embeddings: embs }, { plda }));
  const rtf = (ms) => (ms / 1000 / seconds).toFixed(4);
  const tAll = tDecode + tSeg + tEmb + tClu;
  rows.push({ fixture: fx.name, seconds: seconds.toFixed(1), decode: rtf(tDecode), segmentation: rtf(tSeg), fbank: rtf(tFbank), 'embedding (incl. fbank)': rtf(tEmb), clustering: rtf(tClu), total: rtf(tAll) });
}
console.table(rows);

// Embedding stage: silent pairs copied vs every pair through the network (identical values)
const skipRows = [];
for (const name of ['02', '05']) {
  const s = await loadAudio(fixture(name).path('clip_16k.wav'));
  const segm = await seg.segment(s);
  const [all, tAllPairs] = await time(() => emb.embed(s, segm, { skipSilentPairs: false }));
  const [skip, tSkip] = await time(() => emb.embed(s, segm));
  let differing = 0;
  for (let i = 0; i < all.data.length; i++) if (!Object.is(all.data[i], skip.data[i])) differing++;
  skipRows.push({ fixture: name, pairs: segm.chunks * 3, 'every pair ms': tAllPairs.toFixed(0), 'silent pairs copied ms': tSkip.toFixed(0), speed_up: (tAllPairs / tSkip).toFixed(2), 'differing values': differing });
}
console.log(`\nEmbedding stage, silent (chunk, speaker) pairs copied from the model constant (skipsSilentPairs = ${emb.skipsSilentPairs}):`);
console.table(skipRows);

// ORT session options on the embedding model (fixture 02, 30 s)
const clip02 = await loadAudio(fixture('02').path('clip_16k.wav'));
const seg02 = await seg.segment(clip02);
const embTuning = [];
for (const [threads, level, batchSize] of [[1, 'disabled', 32], [1, 'all', 32], [2, 'disabled', 32], [2, 'all', 32], [2, 'all', 8], [2, 'all', 16], [2, 'all', 64]]) {
  const m = await EmbeddingModel.load(embPath, { intraOpNumThreads: threads, graphOptimizationLevel: level });
  embTuning.push({ threads, optimisation: level, batch: batchSize, 'embedding ms': (await best(() => m.embed(clip02, seg02, { batchSize }), 1)).toFixed(0) });
  await m.release();
}
console.log('\nORT session options, embedding of fixture 02 (30 s):');
console.table(embTuning);

// Embedding stage side by side with PyTorch driving the same network the way pyannote does
// (bench/embedding_torch.py: every pair, batch 32, torchaudio fbank per pair, torch eager ops,
// 2 threads, glibc malloc tuned so that torch's large activations are not re-faulted each op —
// its best case here; without the tuning it is 2.7× slower). dia: defaults and 2 threads.
try {
  const fx = fixture('02');
  const out = join(tmpdir(), 'dia-embedding-torch.npz');
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: '17179869184', MALLOC_TRIM_THRESHOLD_: '17179869184', MALLOC_TOP_PAD_: '1073741824' };
  const py = JSON.parse(execFileSync('/usr/bin/python3', [fileURLToPath(new URL('./embedding_torch.py', import.meta.url)), embPath, fx.path('clip_16k.wav'), fx.path('segmentations.npz'), out], { encoding: 'utf8', env }));
  const s02 = await loadAudio(fx.path('clip_16k.wav'));
  const seg02 = await seg.segment(s02);
  const rowsTorch = [{ implementation: `PyTorch ${py.torch}, ${py.threads} threads, every pair`, pairs: py.pairs, ms: py.total_ms.toFixed(0), 'ms per pair': (py.total_ms / py.pairs).toFixed(1), 'torch / this': '1.00' }];
  for (const [label, opts] of [['dia, 1 thread', { intraOpNumThreads: 1 }], [`dia defaults (${defaultThreads()} threads)`, {}]]) {
    const m = await EmbeddingModel.load(embPath, opts);
    const t = await best(() => m.embed(s02, seg02), 1);
    rowsTorch.push({ implementation: label, pairs: seg02.chunks * 3, ms: t.toFixed(0), 'ms per pair': (t / (seg02.chunks * 3)).toFixed(1), 'torch / this': (py.total_ms / t).toFixed(2) });
    await m.release();
  }
  console.log('\nEmbedding stage of fixture 02 (30 s), dia vs PyTorch on the same network and weights:');
  console.table(rowsTorch);
  // numerical agreement on the same fbank + weights: onnxruntime (each optimisation level) vs torch
  const npz = readNpz(out);
  const fb = member(npz, 'fbank');
  const w = member(npz, 'weights');
  const ref = toFloat32(member(npz, 'embedding'));
  const B = fb.shape[0];
  const agree = [];
  for (const level of ['disabled', 'all']) {
    const sess = await ort.InferenceSession.create(embPath, { intraOpNumThreads: 1, graphOptimizationLevel: level });
    const r = await sess.run({ fbank: new ort.Tensor('float32', toFloat32(fb), fb.shape), weights: new ort.Tensor('float32', toFloat32(w), w.shape) });
    const e = r.embedding.data;
    let worst = 0;
    for (let b = 0; b < B; b++) {
      let d2 = 0; let n2 = 0;
      for (let d = 0; d < 256; d++) { d2 += (e[b * 256 + d] - ref[b * 256 + d]) ** 2; n2 += ref[b * 256 + d] ** 2; }
      if (n2 > 0) worst = Math.max(worst, Math.sqrt(d2 / n2));
    }
    agree.push({ 'onnxruntime optimisation': level, pairs: B, 'worst ‖ort − torch‖ / ‖torch‖': worst.toExponential(2) });
  }
  console.table(agree);
} catch (err) {
  console.log(`\nPyTorch comparison skipped (Debian python3-torch, python3-torchaudio, python3-onnx): ${err.message.split('\n')[0]}`);
}

// ORT session options on the segmentation model (fixture 05, 60 s, 51 chunks)
const samples = await loadAudio(fixture('05').path('clip_16k.wav'));
const tuning = [];
for (const threads of [1, 2]) {
  for (const level of ['disabled', 'basic', 'extended', 'all']) {
    const m = await SegmentationModel.load(segPath, { intraOpNumThreads: threads, graphOptimizationLevel: level });
    tuning.push({ threads, optimisation: level, batch: 32, 'segmentation ms': (await best(() => m.segment(samples, { batchSize: 32 }))).toFixed(0) });
    await m.release();
  }
}
for (const batchSize of [1, 4, 8, 16, 32, 64]) {
  tuning.push({ threads: defaultThreads(), optimisation: 'all', batch: batchSize, 'segmentation ms': (await best(() => seg.segment(samples, { batchSize }))).toFixed(0) });
}
console.log('\nORT session options, segmentation of fixture 05 (60 s), best of 3:');
console.table(tuning);

// Side by side: Python onnxruntime, same model, same windows, same settings (threads, batch 32)
try {
  const args = clips.map((n) => `${n}=${fixture(n).path('clip_16k.wav')}`);
  const py = JSON.parse(execFileSync('python3', [fileURLToPath(new URL('./segmentation_ort.py', import.meta.url)), segPath, String(defaultThreads()), ...args], { encoding: 'utf8' }));
  const side = [];
  for (const name of clips) {
    const s = await loadAudio(fixture(name).path('clip_16k.wav'));
    const ours = await best(() => seg.segment(s));
    side.push({ fixture: name, 'dia ms': ours.toFixed(0), 'python onnxruntime ms': py[name].toFixed(0), 'ratio (python / dia)': (py[name] / ours).toFixed(2) });
  }
  console.log('\nSegmentation stage, dia (onnxruntime-node) vs Python onnxruntime + numpy windows:');
  console.table(side);
} catch (err) {
  console.log(`\nPython onnxruntime comparison skipped (pip install onnxruntime numpy): ${err.message.split('\n')[0]}`);
}
