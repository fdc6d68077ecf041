import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { fixture, pldaDir } from '@dia/fixtures';
import { concatenatedClips } from '/work/embedding/packages/pipeline/bench/synthetic-audio.mjs';
const audio = process.argv[2] === '215' ? concatenatedClips(1).path : fixture(process.argv[2]).path('clip_16k.wav');
const configs = JSON.parse(process.argv[3]);
for (const c of configs) {
  const job = { audio, segmentationModel: '/work/embedding/.cache/models/segmentation-3.0.onnx', embeddingModel: '/work/embedding/.cache/models/wespeaker-resnet34-timing.onnx', plda: pldaDir(), split: c.split, session: c.session, options: c.options };
  const r = JSON.parse(execFileSync('node', ['/work/embedding/packages/pipeline/bench/diarize-child.mjs', JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 28 }));
  console.log(JSON.stringify({ ...c, s: (r.ms / 1000).toFixed(1), rssMB: r.maxRssMB.toFixed(0), lines: r.rttm.split('\n').length, hash: createHash('sha1').update(r.rttm).digest('hex').slice(0, 8), stats: r.stats }));
}
