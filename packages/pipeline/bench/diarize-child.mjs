// One diarize() run in a fresh process, for peak-RSS measurements (benchmarks spawn it):
//   node diarize-child.mjs '<json>'  with { audio, segmentationModel, embeddingModel, plda, options, split }
// prints one JSON line: { ms, maxRssMB, rttm, stats }.
import { diarize, EmbeddingModel, SegmentationModel } from '@dia/pipeline';

const job = JSON.parse(process.argv[2]);
const segmentationModel = await SegmentationModel.load(job.segmentationModel, job.session);
const embeddingModel = await EmbeddingModel.load(job.embeddingModel, { ...job.session, split: job.split !== false });
const t = performance.now();
const result = await diarize(job.audio, { ...job.options, segmentationModel, embeddingModel, plda: job.plda });
const ms = performance.now() - t;
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(`${JSON.stringify({ ms, maxRssMB, rttm: result.rttm(), mode: embeddingModel.mode, stats: embeddingModel.lastRunStats })}\n`);
