// Overlap-add aggregation of per-chunk frame scores (pyannote.audio `Inference.aggregate`).
import { PipelineError } from '../errors';
import type { FrameScores } from '../types';
import { chunkWindow, frameWindow, type SlidingWindow } from '../geometry/sliding-window';

export interface ChunkScores {
  /** `[chunks][frames][classes]`, NaN marks a missing score. */
  data: Float32Array | Float64Array;
  chunks: number;
  frames: number;
  classes: number;
}

export interface AggregateOptions {
  /** Return the plain sum (pyannote `skip_average=True`). */
  skipAverage: boolean;
  /** Value for frames that no chunk covered with a non-NaN score. */
  missing: number;
  /** Denominator floor. Default 1e-12. */
  epsilon?: number;
  chunks?: SlidingWindow;
  frames?: SlidingWindow;
}

/**
 * pyannote.audio `Inference.aggregate` with `hamming=False, warm_up=(0, 0)` (what community-1
 * uses; both weights are then 1): per output frame, the float32 sum of the non-NaN chunk scores
 * that cover it, divided by the float32 count of contributions unless `skipAverage`; frames with
 * no contribution get `missing`.
 */
export function aggregate(scores: ChunkScores, options: AggregateOptions): FrameScores {
  const { chunks: C, frames: F, classes: K } = scores;
  if (scores.data.length !== C * F * K) throw new PipelineError('SHAPE_MISMATCH', `aggregate: data has ${scores.data.length} values, expected ${C}×${F}×${K}`);
  const chunkWin = options.chunks ?? chunkWindow;
  // pyannote rebuilds the frame window with the chunk window's start
  const fw = options.frames ?? frameWindow;
  const epsilon = options.epsilon ?? 1e-12;
  const nOut = fw.closestFrame(chunkWin.start + chunkWin.duration + (C - 1) * chunkWin.step + 0.5 * fw.duration) + 1;
  const sum = new Float32Array(nOut * K);
  const count = new Float32Array(nOut * K);
  const covered = new Uint8Array(nOut * K);
  for (let c = 0; c < C; c++) {
    const startFrame = fw.closestFrame(chunkWin.windowStart(c) + 0.5 * fw.duration);
    const last = Math.min(F, nOut - startFrame);
    for (let f = 0; f < last; f++) {
      const src = (c * F + f) * K;
      const dst = (startFrame + f) * K;
      for (let k = 0; k < K; k++) {
        const v = scores.data[src + k];
        if (Number.isNaN(v)) continue; // mask = 0: adds 0 to sum and count
        sum[dst + k] += v; // Float32Array store rounds to float32, as numpy's float32 +=
        count[dst + k] += 1;
        covered[dst + k] = 1;
      }
    }
  }
  const out = sum;
  for (let i = 0; i < out.length; i++) {
    if (!covered[i]) out[i] = options.missing;
    else if (!options.skipAverage) out[i] = sum[i] / Math.max(count[i], epsilon);
  }
  return { data: out, frames: nOut, classes: K };
}
