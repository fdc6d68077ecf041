// Which (chunk, speaker) embeddings train the clustering (pyannote.audio `BaseClustering.filter_embeddings`).
import { PipelineError } from '../errors';
import type { ChunkEmbeddings, Matrix32, Segmentations } from '../types';

export interface TrainingSet {
  /** Chunk index of each kept pair, row-major order (chunk ascending, then speaker). */
  chunkIdx: Int32Array;
  /** Local speaker index of each kept pair. */
  speakerIdx: Int32Array;
  /** The kept raw embeddings, `N × dim` float32. */
  embeddings: Matrix32;
}

/**
 * pyannote `filter_embeddings(min_active_ratio=0.2)`: keep a pair when the speaker is the only
 * active one on at least `0.2 · frames` frames (≥ 118 of 589) and its embedding has no NaN.
 */
export function filterEmbeddings(embeddings: ChunkEmbeddings, segmentations: Segmentations, minActiveRatio = 0.2): TrainingSet {
  const { chunks: C, frames: F, speakers: S } = segmentations;
  const D = embeddings.dim;
  if (embeddings.chunks !== C || embeddings.speakers !== S) {
    throw new PipelineError('SHAPE_MISMATCH', `embeddings are ${embeddings.chunks}×${embeddings.speakers} (chunks × speakers) but segmentations are ${C}×${S}`);
  }
  const threshold = minActiveRatio * F;
  const chunkIdx: number[] = [];
  const speakerIdx: number[] = [];
  const clean = new Float64Array(S);
  for (let c = 0; c < C; c++) {
    clean.fill(0);
    for (let f = 0; f < F; f++) {
      const row = (c * F + f) * S;
      let active = 0;
      for (let s = 0; s < S; s++) active += segmentations.data[row + s];
      if (active !== 1) continue;
      for (let s = 0; s < S; s++) clean[s] += segmentations.data[row + s];
    }
    for (let s = 0; s < S; s++) {
      if (!(clean[s] >= threshold)) continue;
      const off = (c * S + s) * D;
      let valid = true;
      for (let d = 0; d < D; d++) if (Number.isNaN(embeddings.data[off + d])) { valid = false; break; }
      if (valid) { chunkIdx.push(c); speakerIdx.push(s); }
    }
  }
  const N = chunkIdx.length;
  const data = new Float32Array(N * D);
  for (let n = 0; n < N; n++) {
    const off = (chunkIdx[n] * S + speakerIdx[n]) * D;
    data.set(embeddings.data.subarray(off, off + D), n * D);
  }
  return { chunkIdx: Int32Array.from(chunkIdx), speakerIdx: Int32Array.from(speakerIdx), embeddings: { data, rows: N, cols: D } };
}
