// Shapes exchanged between the pipeline stages (row-major typed arrays, DESIGN.md conventions).

/** Per-chunk binarized speaker activity, `seg[c][f][s] ∈ {0, 1}` (pyannote `binarized_segmentations`). */
export interface Segmentations {
  data: Float32Array;
  chunks: number;
  frames: number;
  speakers: number;
}

/** One raw embedding per (chunk, local speaker) pair, chunk-major. */
export interface ChunkEmbeddings {
  data: Float32Array;
  chunks: number;
  speakers: number;
  dim: number;
}

export type { Matrix32, Matrix64 } from '@dia/ops';

/** Frame-level scores `[frames][classes]` on the frame sliding window (float32, as pyannote aggregates). */
export interface FrameScores {
  data: Float32Array;
  frames: number;
  classes: number;
}
