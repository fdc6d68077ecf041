// One diarizeStream() run in a fresh process over a 16 kHz mono 16-bit WAV read in 1 s blocks by a
// minimal reader for the benchmark's own files, or, with `whole`, diarize() on the path (which
// streams the blocks of dia's own reader, openAudio, into diarizeStream). Prints one JSON line: { ms, maxRssMB, chunks, rttm }.
//   node stream-child.mjs '<json>'  with { audio, segmentationModel, embeddingModel, plda, whole? }
import { closeSync, openSync, readSync } from 'node:fs';
import { diarize, diarizeStream, EmbeddingModel, SegmentationModel } from '@dia/pipeline';

async function* wavBlocks(path, blockSamples = 16000) {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(44);
    readSync(fd, head, 0, 44, 0);
    if (head.toString('ascii', 36, 40) !== 'data' || head.readUInt16LE(22) !== 1 || head.readUInt32LE(24) !== 16000 || head.readUInt16LE(34) !== 16) throw new Error(`${path}: expected the benchmark's 16 kHz mono 16-bit WAV`);
    const bytes = Buffer.alloc(2 * blockSamples);
    for (let pos = 44; ;) {
      const n = readSync(fd, bytes, 0, bytes.length, pos);
      if (n <= 0) return;
      pos += n;
      const block = new Float32Array(n >> 1);
      for (let i = 0; i < block.length; i++) block[i] = bytes.readInt16LE(2 * i) / 32768;
      yield block;
    }
  } finally {
    closeSync(fd);
  }
}

const job = JSON.parse(process.argv[2]);
const segmentationModel = await SegmentationModel.load(job.segmentationModel);
const embeddingModel = await EmbeddingModel.load(job.embeddingModel);
const t = performance.now();
const options = { segmentationModel, embeddingModel, plda: job.plda, uri: 'long' };
const result = job.whole ? await diarize(job.audio, options) : await diarizeStream(wavBlocks(job.audio), options);
const ms = performance.now() - t;
process.stdout.write(`${JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, speakers: result.speakers.length, rttm: result.rttm() })}\n`);
