// Similarity of every chunk embedding to every centroid (pyannote: `2 − cdist(..., metric="cosine")`).
import type { ChunkEmbeddings, Matrix64 } from '../types';

/** Soft cluster scores `[chunks][speakers][K]` (float64). */
export interface SoftClusters {
  data: Float64Array;
  chunks: number;
  speakers: number;
  clusters: number;
}

/**
 * `soft[c][s][k] = 2 − (1 − e·m / √(‖e‖²·‖m‖²))` for every pair (inactive ones included), in
 * float64 on the float32 embeddings, as scipy's `cdist(metric="cosine")` computes it.
 * NaN embeddings give NaN scores.
 */
export function cosineSoftClusters(embeddings: ChunkEmbeddings, centroids: Matrix64): SoftClusters {
  const { chunks, speakers, dim: D } = embeddings;
  const K = centroids.rows;
  const centroidSq = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    let s = 0;
    for (let d = 0; d < D; d++) s += centroids.data[k * D + d] * centroids.data[k * D + d];
    centroidSq[k] = s;
  }
  const out = new Float64Array(chunks * speakers * K);
  for (let p = 0; p < chunks * speakers; p++) {
    const e = p * D;
    let ee = 0;
    for (let d = 0; d < D; d++) ee += embeddings.data[e + d] * embeddings.data[e + d];
    for (let k = 0; k < K; k++) {
      let em = 0;
      const m = k * D;
      for (let d = 0; d < D; d++) em += embeddings.data[e + d] * centroids.data[m + d];
      const dist = 1 - em / Math.sqrt(ee * centroidSq[k]);
      out[p * K + k] = 2 - dist;
    }
  }
  return { data: out, chunks, speakers, clusters: K };
}
