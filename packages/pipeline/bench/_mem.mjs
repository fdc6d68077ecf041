import { SegmentationModel, EmbeddingModel, loadAudio } from '@dia/pipeline';
import { fixture } from '@dia/fixtures';
const rss = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
const what = process.argv[2]; const batch = Number(process.argv[3]);
const samples = loadAudio(fixture('05').path('clip_16k.wav'));
console.log('start', rss());
if (what === 'seg') { const s = await SegmentationModel.load('/work/embedding/.cache/models/segmentation-3.0.onnx'); console.log('seg loaded', rss()); await s.segment(samples, { batchSize: batch }); console.log('seg ran', batch, rss()); }
if (what === 'emb' || what === 'whole') {
  const e = await EmbeddingModel.load('/work/embedding/.cache/models/wespeaker-resnet34-timing.onnx', { split: what === 'emb' }); console.log(what, 'loaded', rss());
  const s = await SegmentationModel.load('/work/embedding/.cache/models/segmentation-3.0.onnx'); const seg = await s.segment(samples, { batchSize: 1 }); console.log('seg', rss());
  await e.embed(samples, seg, { batchSize: batch }); console.log(what, 'ran', batch, rss());
}
