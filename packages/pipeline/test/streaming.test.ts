import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { fixture, pldaDir } from '@dia/fixtures';
import { AudioError, CompactSegmentations, diarizeFromIntermediates, diarizeStream, EmbeddingModel, inferStream, Plda, SegmentationModel } from '../src/index';

const model = (name: string) => fileURLToPath(new URL(`./data/models/${name}`, import.meta.url));

/** `samples` cut into blocks of pseudo-random sizes (1 sample to 3 s), as a decoder might deliver them. */
async function* blocksOf(samples: Float32Array, seed = 7): AsyncGenerator<Float32Array> {
  let state = seed;
  for (let i = 0; i < samples.length;) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const n = 1 + (state % 48000);
    yield samples.slice(i, i + n);
    i += n;
  }
}

function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Math.max(a.length, b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

describe('compact segmentations (one byte per frame)', () => {
  it('round-trips 0/1 values and refuses anything else', () => {
    const store = new CompactSegmentations(4, 3, 1);
    const a = Float32Array.from([1, 0, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1]);
    const b = Float32Array.from([0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 0]);
    store.append({ data: a, chunks: 1, frames: 4, speakers: 3 });
    store.append({ data: b, chunks: 1, frames: 4, speakers: 3 });
    const out = store.toSegmentations();
    expect(out.chunks).toBe(2);
    expect(Array.from(out.data)).toEqual([...a, ...b]);
    expect(() => store.append({ data: new Float32Array(12).fill(0.5), chunks: 1, frames: 4, speakers: 3 })).toThrow(/not 0 or 1/);
  });
});

describe('streaming inference: blocks of audio in, the same segmentations and embeddings as the whole array', () => {
  const clip = fixture('02').clip().samples;
  // 7 s (one padded chunk), exactly 15 full chunks (no padded last one), the whole 30 s clip
  const lengths = [7 * 16000, 160000 + 14 * 16000, clip.length];

  it.each(lengths)('%i samples, windows of 4 chunks, random block sizes: every cell and every embedding value identical', async (length) => {
    const samples = clip.subarray(0, length);
    const seg = await SegmentationModel.load(model('segmentation-standin.onnx'));
    const emb = await EmbeddingModel.load(model('embedding-standin.onnx'));
    const segWhole = await seg.segment(samples);
    const embWhole = await emb.embed(samples, segWhole);
    const streamed = await inferStream(blocksOf(samples), seg, emb, { windowChunks: 4, segmentationBatchSize: 3, embeddingBatchSize: 2 });
    expect(streamed.samples).toBe(length);
    expect(streamed.segmentations.chunks).toBe(segWhole.chunks);
    expect(streamed.embeddings.chunks).toBe(segWhole.chunks);
    const dSeg = differing(streamed.segmentations.data, segWhole.data);
    const dEmb = differing(streamed.embeddings.data, embWhole.data);
    console.log(`${length} samples, ${segWhole.chunks} chunks: ${dSeg} segmentation cells and ${dEmb} embedding values differ from the whole-array path`);
    expect(dSeg).toBe(0);
    expect(dEmb).toBe(0);
    await Promise.all([seg.release(), emb.release()]);
  });

  it('diarizeStream (what diarize() runs) gives the RTTM of the whole-array stages; an empty stream is an empty result (pyannote: one all-zero chunk); NaN/Inf samples are AudioErrors', async () => {
    const seg = await SegmentationModel.load(model('segmentation-standin.onnx'));
    const emb = await EmbeddingModel.load(model('embedding-standin.onnx'));
    const plda = Plda.fromDirectory(pldaDir());
    const segmentations = await seg.segment(clip);
    const whole = diarizeFromIntermediates({ segmentations, embeddings: await emb.embed(clip, segmentations), uri: 'clip' }, { plda });
    const opts = { segmentationModel: seg, embeddingModel: emb, plda, uri: 'clip' };
    const streamed = await diarizeStream(blocksOf(clip, 11), { ...opts, windowChunks: 5 });
    expect(streamed.rttm()).toBe(whole.rttm());
    expect(streamed.segments.length).toBeGreaterThan(0);
    const silence = new Float32Array(0);
    const nothing = await seg.segment(silence);
    const empty = await diarizeStream([], opts);
    expect(empty.rttm()).toBe(diarizeFromIntermediates({ segmentations: nothing, embeddings: await emb.embed(silence, nothing), uri: 'clip' }, { plda }).rttm());
    await expect(diarizeStream([Float32Array.from([0, Number.NaN])], opts)).rejects.toThrow(AudioError);
    await expect(diarizeStream([Float32Array.from([0, Number.NaN])], opts)).rejects.toThrow(/sample 1 .*is NaN/);
    await expect(diarizeStream([new Float32Array(5), Float32Array.from([Number.POSITIVE_INFINITY])], opts)).rejects.toThrow(/sample 5 .*is Infinity/);
  });
});
