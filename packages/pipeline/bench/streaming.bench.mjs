// Peak RSS and real-time factor of diarizeStream() on 1 h and 4 h recordings made of the fixture
// clips (the five clips repeated 17 and 67 times), with the real segmentation-3.0 and the small
// stand-in embedding (issue #18's goal: ≤ 400 MB at 1 h, ≤ 1.5 GB at 4 h), and, at 1 h, diarize()
// on the path (dia's own block reader, openAudio); each run in a fresh process (peak RSS = its maxRSS).
// Run: node bench/streaming.bench.mjs [hours...]   (default: 1 4; part of pnpm bench)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { pldaDir, realModelPath } from '@dia/fixtures';
import { concatenatedClips } from './synthetic-audio.mjs';

const segPath = realModelPath('segmentation') ?? fileURLToPath(new URL('../test/data/models/segmentation-standin.onnx', import.meta.url));
const embPath = fileURLToPath(new URL('../test/data/models/embedding-standin.onnx', import.meta.url));
const child = fileURLToPath(new URL('./stream-child.mjs', import.meta.url));
const hours = process.argv.slice(2).map(Number);
const repeats = { 1: 17, 4: 67 };
console.log(`segmentation: ${segPath}; embedding: the stand-in; load average at start ${loadavg().map((l) => l.toFixed(1)).join(' ')} on 2 cores`);
const rows = [];
for (const h of hours.length ? hours : [1, 4]) {
  const audio = concatenatedClips(repeats[h] ?? Math.round(h * 3600 / 215.3));
  const runs = h === 1 ? [['diarizeStream (1 s blocks)', false], ['diarize(path), dia\'s block reader', true]] : [['diarizeStream (1 s blocks)', false]];
  let reference;
  for (const [label, whole] of runs) {
    const job = { audio: audio.path, segmentationModel: segPath, embeddingModel: embPath, plda: pldaDir(), whole };
    const r = JSON.parse(execFileSync(process.execPath, [child, JSON.stringify(job)], { encoding: 'utf8', maxBuffer: 1 << 30 }));
    reference ??= r.rttm;
    rows.push({ audio: `${(audio.seconds / 3600).toFixed(2)} h`, run: label, 'time (s)': (r.ms / 1000).toFixed(0), RTF: (r.ms / 1000 / audio.seconds).toFixed(3), 'peak RSS (MB)': r.maxRssMB.toFixed(0), speakers: r.speakers, 'RTTM sha1': createHash('sha1').update(r.rttm).digest('hex').slice(0, 12), 'same RTTM': r.rttm === reference });
  }
}
console.table(rows);
console.log(`load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
