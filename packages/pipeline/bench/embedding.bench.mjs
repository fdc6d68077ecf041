// The embedding stage with the network split into trunk (once per chunk) and head (per active
// pair) against the whole model per active pair, on the same files in one run; trunk runs against
// pyannote's 3 per chunk; peak RSS of `diarize()` on the 215 s concatenation of the five clips,
// defaults against the previous defaults (whole model, batch 32, onnxruntime memory arena on).
// Segmentation: the real segmentation-3.0 (`pnpm models:test`). Embedding: $DIA_EMBED_MODEL_PATH,
// else the ResNet34-LM timing model (real architecture, random weights; generated on first use).
// Run: pnpm --filter @dia/pipeline bench  (or node bench/embedding.bench.mjs)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { fixture, fixturesWithIntermediates, member, pldaDir, realModelPath, timingModelPath, toFloat32 } from '@dia/fixtures';
import { DEFAULT_EMBEDDING_BATCH, DEFAULT_SEGMENTATION_BATCH, EmbeddingModel, embeddingMask, loadAudio, SegmentationModel } from '@dia/pipeline';
import { CLIPS, concatenatedClips } from './synthetic-audio.mjs';

const segPath = realModelPath('segmentation') ?? fileURLToPath(new URL('../test/data/models/segmentation-standin.onnx', import.meta.url));
const embPath = realModelPath('embedding') ?? timingModelPath();
if (!embPath) {
  console.log('embedding bench skipped: no embedding model (set DIA_EMBED_MODEL_PATH, or install python3-onnx to generate the timing model)');
  process.exit(0);
}
console.log(`embedding model: ${embPath}; segmentation: ${segPath}; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} on 2 cores`);

// 1. Work saved, from pyannote's own captured segmentations: active pairs per chunk with any active speaker
const work = [];
const mask = new Float32Array(589);
for (const f of fixturesWithIntermediates()) {
  const s = member(fixture(f.name).npz('segmentations.npz'), 'segmentations');
  const seg = { data: toFloat32(s), chunks: s.shape[0], frames: s.shape[1], speakers: s.shape[2] };
  let pairs = 0;
  let chunks = 0;
  for (let c = 0; c < seg.chunks; c++) {
    let active = 0;
    for (let k = 0; k < 3; k++) { embeddingMask(seg, c, k, mask); if (mask.some((v) => v !== 0)) active++; }
    pairs += active;
    if (active > 0) chunks++;
  }
  work.push({ fixture: f.name, chunks: seg.chunks, 'pyannote runs (3/chunk)': 3 * seg.chunks, 'active pairs (whole-model runs)': pairs, 'trunk runs (chunks with a speaker)': chunks, 'pairs / trunk runs': (pairs / chunks).toFixed(2) });
}
console.log('\nNetwork runs per fixture from pyannote\'s captured segmentations (pyannote runs the whole ResNet34 for all 3 speakers of every chunk):');
console.table(work);

// 2. Embedding-stage time, split vs whole model per active pair, same audio and segmentations
const seg = await SegmentationModel.load(segPath);
const split = await EmbeddingModel.load(embPath);
const whole = await EmbeddingModel.load(embPath, { split: false });
console.log(`\nsplit: ${split.mode}, crossing tensors ${split.crossingTensors.join(', ')}${split.splitFallbackReason ? ` (fallback: ${split.splitFallbackReason})` : ''}`);
const rows = [];
let totalSplit = 0;
let totalWhole = 0;
for (const name of CLIPS) {
  const samples = await loadAudio(fixture(name).path('clip_16k.wav'));
  const s = await seg.segment(samples);
  let tWhole = Infinity;
  let tSplit = Infinity;
  let a;
  let b;
  for (let rep = 0; rep < 2; rep++) { // alternated, best of 2: the machine may be shared
    let t = performance.now();
    a = await whole.embed(samples, s, { batchSize: 32 });
    tWhole = Math.min(tWhole, performance.now() - t);
    t = performance.now();
    b = await split.embed(samples, s);
    tSplit = Math.min(tSplit, performance.now() - t);
  }
  let differing = 0;
  for (let i = 0; i < a.data.length; i++) if (!Object.is(a.data[i], b.data[i])) differing++;
  const st = split.lastRunStats;
  totalSplit += tSplit;
  totalWhole += tWhole;
  rows.push({
    fixture: name, seconds: (samples.length / 16000).toFixed(1), chunks: s.chunks, 'pyannote runs': 3 * s.chunks, 'active pairs': st.activePairs, 'trunk runs (chunks)': st.trunkChunks,
    'whole per pair, batch 32 (ms)': tWhole.toFixed(0), [`split, batch ${DEFAULT_EMBEDDING_BATCH} (ms)`]: tSplit.toFixed(0), 'speed-up': (tWhole / tSplit).toFixed(2), 'differing values': differing,
  });
}
console.log('\nEmbedding stage (fbank + network), whole model per active pair (batch 32, the previous default) vs trunk once per chunk + head per pair (defaults):');
console.table(rows);
console.log(`all five clips: ${totalWhole.toFixed(0)} ms → ${totalSplit.toFixed(0)} ms, ${(totalWhole / totalSplit).toFixed(2)}×`);
await Promise.all([seg.release(), split.release(), whole.release()]);

// 3. Peak RSS and time of diarize() on the 215 s input, each configuration in a fresh process
const audio = concatenatedClips(1);
const child = fileURLToPath(new URL('./diarize-child.mjs', import.meta.url));
const configs = [
  { name: 'previous defaults: whole model, batch 32, memory arena', split: false, session: { memoryArena: true }, options: { batchSize: 32 } },
  { name: `defaults: split, embedding batch ${DEFAULT_EMBEDDING_BATCH}, segmentation batch ${DEFAULT_SEGMENTATION_BATCH}`, split: true, options: {} },
  { name: 'split, embedding batch 1', split: true, options: { embeddingBatchSize: 1 } },
  { name: 'split, embedding batch 16', split: true, options: { embeddingBatchSize: 16 } },
];
const rss = [];
let reference;
for (const c of configs) {
  const job = { audio: audio.path, segmentationModel: segPath, embeddingModel: embPath, plda: pldaDir(), split: c.split, session: c.session, options: c.options };
  const r = JSON.parse(execFileSync(process.execPath, [child, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  reference ??= r.rttm;
  rss.push({ configuration: c.name, 'diarize (s)': (r.ms / 1000).toFixed(1), RTF: (r.ms / 1000 / audio.seconds).toFixed(3), 'peak RSS (MB)': r.maxRssMB.toFixed(0), 'RTTM sha1': createHash('sha1').update(r.rttm).digest('hex').slice(0, 12), 'same RTTM': r.rttm === reference });
}
console.log(`\ndiarize() on ${audio.seconds.toFixed(1)} s (clips ${CLIPS.join(', ')} concatenated), one fresh process per row (peak RSS = the process's maxRSS):`);
console.table(rss);
console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
