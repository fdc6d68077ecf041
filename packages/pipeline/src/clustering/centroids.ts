// Cluster centroids from VBx responsibilities (pyannote.audio `VBxClustering.__call__`).
import type { Matrix32, Matrix64 } from '../types';

/**
 * `W = q[:, sp > 1e-7]; centroids = Wᵀ·X / Σ_n W` — the responsibility-weighted mean of the raw
 * float32 train embeddings (promoted to float64) for every cluster VBx kept alive, in column order.
 * Returns the centroids and the indices of the kept columns.
 */
export function weightedCentroids(q: Matrix64, sp: Float64Array, train: Matrix32, spThreshold = 1e-7): { centroids: Matrix64; alive: Int32Array } {
  const alive: number[] = [];
  for (let k = 0; k < sp.length; k++) if (sp[k] > spThreshold) alive.push(k);
  const K = alive.length;
  const N = train.rows;
  const D = train.cols;
  const out = new Float64Array(K * D);
  const weight = new Float64Array(K);
  for (let n = 0; n < N; n++) {
    const x = n * D;
    for (let j = 0; j < K; j++) {
      const w = q.data[n * q.cols + alive[j]];
      weight[j] += w;
      const o = j * D;
      for (let d = 0; d < D; d++) out[o + d] += w * train.data[x + d];
    }
  }
  for (let j = 0; j < K; j++) {
    const o = j * D;
    for (let d = 0; d < D; d++) out[o + d] /= weight[j];
  }
  return { centroids: { data: out, rows: K, cols: D }, alive: Int32Array.from(alive) };
}

/** `np.mean(X[labels == k], axis=0)` for k = 0..K−1 (float64 accumulation of float32 rows). */
export function meanCentroids(train: Matrix32, labels: Int32Array, numClusters: number): Matrix64 {
  const D = train.cols;
  const out = new Float64Array(numClusters * D);
  const count = new Float64Array(numClusters);
  for (let n = 0; n < train.rows; n++) {
    const k = labels[n];
    count[k] += 1;
    for (let d = 0; d < D; d++) out[k * D + d] += train.data[n * D + d];
  }
  for (let k = 0; k < numClusters; k++) for (let d = 0; d < D; d++) out[k * D + d] /= count[k];
  return { data: out, rows: numClusters, cols: D };
}
