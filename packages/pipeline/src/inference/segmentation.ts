// segmentation-3.0 inference: sliding 10 s chunks, batched, powerset → multilabel (SPEC 2).
import { FRAMES_PER_CHUNK } from '../geometry/sliding-window';
import type { Segmentations } from '../types';
import { chunkCount, copyChunk, CHUNK_SAMPLES } from './chunks';
import { InferenceError } from '../errors';
import { powersetToMultilabel } from './powerset';
import { bindName, createSession, ort, type ModelSource, type SessionOptions } from './session';
import { resolveModelPath } from '../models/cache';

export interface RunOptions {
  batchSize?: number;
  signal?: AbortSignal;
  /** Called after each batch with (chunks done, total chunks). */
  onProgress?: (done: number, total: number) => void;
}

const HINT = 'Get it with `dia models fetch` or set DIA_SEGMENT_MODEL_PATH.';

/**
 * Chunks per segmentation run by default. community-1 uses 32, but on the CPU a batch of 32 chunks
 * takes ≈ 18 MB of activations per chunk (peak RSS 617 MB for a 60 s file with the embedding stage,
 * 416 MB with 8) for a segmentation stage only ≈ 10 % faster; the output is the same for every
 * batch size (tested).
 */
export const DEFAULT_SEGMENTATION_BATCH = 8;

/** pyannote/segmentation-3.0 as ONNX: `input_values` [B, 1, 160000] → `logits` [B, 589, 7]. */
export class SegmentationModel {
  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly inputName: string,
    private readonly outputName: string,
  ) {}

  /** Loads the model from $DIA_SEGMENT_MODEL_PATH or the model cache (`dia models fetch`). */
  static async fromCache(options: SessionOptions = {}): Promise<SegmentationModel> {
    return SegmentationModel.load(resolveModelPath('segmentation'), options);
  }

  /** Loads the model from a path or .onnx bytes and checks its input/output names. */
  static async load(source: ModelSource, options: SessionOptions = {}): Promise<SegmentationModel> {
    const session = await createSession(source, 'segmentation', HINT, options);
    return new SegmentationModel(session, bindName(session.inputNames, 'input_values', 'input', 'segmentation'), bindName(session.outputNames, 'logits', 'output', 'segmentation'));
  }

  /**
   * Binarized segmentation of a 16 kHz mono waveform: one chunk per second (the last one
   * zero-padded), `[chunks][589][3]` 0/1 values. Batching does not change the result.
   */
  async segment(samples: Float32Array, options: RunOptions = {}): Promise<Segmentations> {
    return this.segmentChunks(samples, chunkCount(samples.length), options);
  }

  /**
   * The segmentation of the first `C` chunks of `samples` (chunk c = samples [c·16000, c·16000 +
   * 160000), zero-padded past the end): the streaming pipeline passes one window of chunks at a time.
   */
  async segmentChunks(samples: Float32Array, C: number, options: RunOptions = {}): Promise<Segmentations> {
    const batchSize = Math.max(1, options.batchSize ?? DEFAULT_SEGMENTATION_BATCH);
    const out = new Float32Array(C * FRAMES_PER_CHUNK * 3);
    for (let first = 0; first < C; first += batchSize) {
      if (options.signal?.aborted) throw new InferenceError('ABORTED', 'segmentation aborted');
      const B = Math.min(batchSize, C - first);
      const input = new Float32Array(B * CHUNK_SAMPLES);
      for (let b = 0; b < B; b++) copyChunk(samples, first + b, input.subarray(b * CHUNK_SAMPLES, (b + 1) * CHUNK_SAMPLES));
      const result = await this.session.run({ [this.inputName]: new ort.Tensor('float32', input, [B, 1, CHUNK_SAMPLES]) });
      const logits = result[this.outputName];
      const dims = logits.dims;
      if (dims.length !== 3 || dims[0] !== B || dims[1] !== FRAMES_PER_CHUNK || dims[2] !== 7) {
        throw new InferenceError('MODEL_SIGNATURE', `segmentation output has shape [${dims.join(', ')}], expected [${B}, ${FRAMES_PER_CHUNK}, 7]`);
      }
      const data = logits.data as Float32Array;
      for (let b = 0; b < B; b++) powersetToMultilabel(data, b * FRAMES_PER_CHUNK * 7, FRAMES_PER_CHUNK, out, (first + b) * FRAMES_PER_CHUNK * 3, `chunk ${first + b}`);
      options.onProgress?.(first + B, C);
    }
    return { data: out, chunks: C, frames: FRAMES_PER_CHUNK, speakers: 3 };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
