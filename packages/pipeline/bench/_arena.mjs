import { SegmentationModel, EmbeddingModel, loadAudio } from '@dia/pipeline';
import { fixture } from '@dia/fixtures';
const samples = loadAudio(fixture('02').path('clip_16k.wav'));
const s = await SegmentationModel.load('/work/embedding/.cache/models/segmentation-3.0.onnx');
const seg = await s.segment(samples);
const on = await EmbeddingModel.load('/work/embedding/.cache/models/wespeaker-resnet34-timing.onnx', { memoryArena: true });
const off = await EmbeddingModel.load('/work/embedding/.cache/models/wespeaker-resnet34-timing.onnx', { memoryArena: false });
const sOn = await SegmentationModel.load('/work/embedding/.cache/models/segmentation-3.0.onnx', { memoryArena: true });
const sOff = await SegmentationModel.load('/work/embedding/.cache/models/segmentation-3.0.onnx', { memoryArena: false });
const t = async (f) => { const a = performance.now(); await f(); return performance.now() - a; };
const res = { embOn: [], embOff: [], segOn: [], segOff: [] };
for (let i = 0; i < 3; i++) {
  res.embOn.push(await t(() => on.embed(samples, seg, { batchSize: 4 })));
  res.embOff.push(await t(() => off.embed(samples, seg, { batchSize: 4 })));
  res.segOn.push(await t(() => sOn.segment(samples, { batchSize: 8 })));
  res.segOff.push(await t(() => sOff.segment(samples, { batchSize: 8 })));
}
for (const [k, v] of Object.entries(res)) console.log(k, v.map((x) => x.toFixed(0)).join(' '), 'min', Math.min(...v).toFixed(0));
