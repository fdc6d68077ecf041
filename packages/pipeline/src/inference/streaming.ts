// Segmentation and embeddings of a recording that arrives as blocks of 16 kHz samples, holding one
// window of chunks of audio and features at a time instead of the whole recording (issue #18).
// Same chunks, same arithmetic as SegmentationModel.segment + EmbeddingModel.embed on the whole
// array: identical results (tested).
import { WespeakerChunkFeatures } from '@dia/fbank';
import { AudioError } from '../audio/index';
import { CHUNK_SAMPLES, SAMPLE_RATE, STEP_SAMPLES, chunkCount } from '../geometry/sliding-window';
import { InferenceError } from '../errors';
import type { ChunkEmbeddings, Segmentations } from '../types';
import { CompactSegmentations } from './compact-segmentations';
import type { EmbeddingModel } from './embedding';
import type { SegmentationModel } from './segmentation';

export interface StreamInferenceOptions {
  /** Chunks per segmentation run (default 32). */
  segmentationBatchSize?: number;
  /** Chunks per embedding-trunk run (default: the embedding model's). */
  embeddingBatchSize?: number;
  /**
   * Chunks per window: audio and log-mels are held for this many chunks at a time
   * ((n − 1) s + 10 s of audio). Default 32: 41 s of audio, 2.6 MB, plus 1.3 MB of log-mels.
   */
  windowChunks?: number;
  /** The recording's length in samples when known: only used for progress totals. */
  totalSamples?: number;
  signal?: AbortSignal;
  /** Called after each window with (chunks done, chunks expected — the done count while the length is unknown). */
  onProgress?: (stage: 'segmentation' | 'embeddings', done: number, total: number) => void;
}

export interface StreamInferenceResult {
  segmentations: Segmentations;
  embeddings: ChunkEmbeddings;
  /** Samples read. */
  samples: number;
}

/** A growing float32 array (doubling), for the embeddings of a recording of unknown length. */
class GrowingFloat32 {
  private data = new Float32Array(1 << 16);
  length = 0;

  append(values: Float32Array): void {
    if (this.length + values.length > this.data.length) {
      const grown = new Float32Array(Math.max(this.length + values.length, 2 * this.data.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    this.data.set(values, this.length);
    this.length += values.length;
  }

  /** The values, trimmed to their length (the spare capacity is released). */
  toArray(): Float32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * pyannote's `get_segmentations` + `get_embeddings` over a stream of 16 kHz mono float32 blocks (any
 * block sizes): chunks are segmented and embedded window by window as soon as their 10 s have
 * arrived; the zero-padded last chunks when the stream ends. Keeps the binarized segmentations one
 * byte per frame and the embeddings (3 KB per chunk); NaN samples are an AudioError.
 */
export async function inferStream(
  blocks: AsyncIterable<Float32Array> | Iterable<Float32Array>,
  segmentation: SegmentationModel,
  embedding: EmbeddingModel,
  options: StreamInferenceOptions = {},
): Promise<StreamInferenceResult> {
  const G = Math.max(1, Math.floor(options.windowChunks ?? 32));
  const span = (G - 1) * STEP_SAMPLES + CHUNK_SAMPLES; // samples of a full window of G chunks
  let buffer = new Float32Array(span);
  let held = 0; // samples in `buffer`, which starts at sample done·STEP_SAMPLES of the recording
  let total = 0;
  let done = 0; // chunks segmented and embedded
  const segmentations = new CompactSegmentations(589, 3);
  const embeddings = new GrowingFloat32();
  const expected = () => (options.totalSamples !== undefined ? Math.max(done, chunkCount(options.totalSamples)) : done);

  const processWindow = async (window: Float32Array, chunks: number): Promise<void> => {
    if (options.signal?.aborted) throw new InferenceError('ABORTED', 'diarization aborted');
    const seg = await segmentation.segmentChunks(window, chunks, { batchSize: options.segmentationBatchSize, signal: options.signal });
    segmentations.append(seg);
    options.onProgress?.('segmentation', done + chunks, expected());
    // log-mels of this window only (chunk c's frames are frames [100c, 100c + 998) of the window,
    // zero-padded past the end of the recording as in the whole-array path)
    let features: WespeakerChunkFeatures | undefined;
    const source = { chunk: (c: number, out: Float32Array<ArrayBuffer>) => (features ??= new WespeakerChunkFeatures(window, chunks, CHUNK_SAMPLES, STEP_SAMPLES)).chunk(c, out) };
    const emb = await embedding.embedChunks(source, seg, { batchSize: options.embeddingBatchSize, signal: options.signal });
    embeddings.append(emb.data);
    done += chunks;
    // drop the audio of the chunks done; the next window starts at chunk `done`
    const drop = Math.min(held, chunks * STEP_SAMPLES);
    buffer.copyWithin(0, drop, held);
    held -= drop;
    options.onProgress?.('embeddings', done, expected());
  };

  for await (const block of blocks) {
    for (let i = 0; i < block.length; i++) {
      if (!Number.isFinite(block[i])) throw new AudioError('NON_FINITE', `sample ${total + i} (${(total + i) / SAMPLE_RATE} s) is ${block[i]}: the audio must be finite`);
    }
    let offset = 0;
    while (offset < block.length) {
      if (held === buffer.length) {
        const grown = new Float32Array(buffer.length + span);
        grown.set(buffer);
        buffer = grown;
      }
      const n = Math.min(block.length - offset, buffer.length - held);
      buffer.set(block.subarray(offset, offset + n), held);
      held += n;
      offset += n;
      total += n;
      while (held >= span) await processWindow(buffer.subarray(0, span), G);
    }
  }
  // the rest (zero-length audio still has one all-zero chunk, as in pyannote): full chunks not yet done, then the zero-padded last one(s)
  const C = chunkCount(total);
  while (done < C) await processWindow(buffer.subarray(0, held), Math.min(G, C - done));
  return {
    segmentations: segmentations.toSegmentations(),
    embeddings: { data: embeddings.toArray(), chunks: C, speakers: 3, dim: 256 },
    samples: total,
  };
}
