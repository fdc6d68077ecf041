// Real-time factor per stage of diarize() and the effect of ORT session options.
// Uses $DIA_SEGMENT_MODEL_PATH / $DIA_EMBED_MODEL_PATH when set, else the project's stand-in
// models (same signatures, far smaller networks: their inference timings say nothing about the
// real models). Run: pnpm --filter @dia/pipeline bench
import { fileURLToPath } from 'node:url';
import { fixture, pldaDir } from '@dia/fixtures';
import { EmbeddingModel, loadAudio, Plda, SegmentationModel, diarizeFromIntermediates } from '@dia/pipeline';
import { WespeakerChunkFeatures } from '@dia/fbank';

const standin = (n) => fileURLToPath(new URL(`../test/data/models/${n}`, import.meta.url));
const segPath = process.env.DIA_SEGMENT_MODEL_PATH ?? standin('segmentation-standin.onnx');
const embPath = process.env.DIA_EMBED_MODEL_PATH ?? standin('embedding-standin.onnx');
const real = Boolean(process.env.DIA_SEGMENT_MODEL_PATH && process.env.DIA_EMBED_MODEL_PATH);
console.log(`models: ${real ? 'real' : 'project stand-ins (inference timings not representative)'}`);
const plda = Plda.fromDirectory(pldaDir());
const time = async (f) => { const t = performance.now(); const r = await f(); return [r, performance.now() - t]; };

for (const name of ['02', '03', '05']) {
  const fx = fixture(name);
  const [samples, tDecode] = await time(() => loadAudio(fx.path('clip_16k.wav')));
  const seconds = samples.length / 16000;
  const seg = await SegmentationModel.load(segPath);
  const emb = await EmbeddingModel.load(embPath);
  const [segm, tSeg] = await time(() => seg.segment(samples));
  const [, tFbank] = await time(() => { const f = new WespeakerChunkFeatures(samples, segm.chunks); for (let i = 0; i < segm.chunks; i++) f.chunk(i); });
  const [embs, tEmb] = await time(() => emb.embed(samples, segm));
  const [, tClu] = await time(() => diarizeFromIntermediates({ segmentations: segm, embeddings: embs }, { plda }));
  const rtf = (ms) => (ms / 1000 / seconds).toFixed(4);
  console.log(`${fx.name} (${seconds.toFixed(1)} s): RTF decode ${rtf(tDecode)}, segmentation ${rtf(tSeg)}, fbank ${rtf(tFbank)}, embedding incl. fbank ${rtf(tEmb)}, clustering ${rtf(tClu)}`);
}

// ORT session options: same input, same model, different settings
const samples = loadAudio(fixture('05').path('clip_16k.wav'));
const rows = [];
for (const [label, opts] of [['1 thread, opt all', { intraOpNumThreads: 1, graphOptimizationLevel: 'all' }], ['2 threads, opt all', { intraOpNumThreads: 2, graphOptimizationLevel: 'all' }], ['1 thread, opt disabled', { intraOpNumThreads: 1, graphOptimizationLevel: 'disabled' }]]) {
  for (const batchSize of [8, 32]) {
    const seg = await SegmentationModel.load(segPath, opts);
    const emb = await EmbeddingModel.load(embPath, opts);
    const segm = await seg.segment(samples, { batchSize });
    const [, a] = await time(() => seg.segment(samples, { batchSize }));
    const [, b] = await time(() => emb.embed(samples, segm, { batchSize }));
    rows.push({ settings: label, batch: batchSize, 'segmentation ms': a.toFixed(0), 'embedding ms': b.toFixed(0) });
  }
}
console.table(rows);
