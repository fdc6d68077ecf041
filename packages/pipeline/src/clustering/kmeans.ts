// K-means as pyannote's VBxClustering runs it when the speaker number is forced:
// sklearn `KMeans(n_clusters, n_init=3, random_state=42)` (k-means++ init, Lloyd iterations) on the
// L2-normalised float32 train embeddings. The structure, random draws (NumPy RandomState MT19937)
// and float32 storage points follow sklearn 1.9; BLAS/OpenMP summation orders cannot be reproduced,
// so parity is at the label level (tested against sklearn), not bit-level.
import { l2NormalizeRowsF32 } from '@dia/ahc';
import { PipelineError } from '../errors';
import { RandomState } from './mt19937';
import type { Matrix32 } from '../types';

const f32 = Math.fround;

export interface KMeansOptions {
  nInit?: number;
  maxIter?: number;
  tol?: number;
  randomState?: number;
}

export interface KMeansResult {
  labels: Int32Array;
  inertia: number;
  centers: Float32Array;
  iterations: number;
}

/** Squared euclidean distances of rows `ids` of X to every row, as sklearn `_euclidean_distances_upcast` (float64 math, float32 result, clipped at 0). */
function distancesToRows(X: Float32Array, n: number, d: number, ids: ArrayLike<number>, sqNorm64: Float64Array): Float32Array {
  const out = new Float32Array(ids.length * n);
  for (let r = 0; r < ids.length; r++) {
    const a = ids[r] * d;
    for (let j = 0; j < n; j++) {
      const b = j * d;
      let dot = 0;
      for (let k = 0; k < d; k++) dot += X[a + k] * X[b + k];
      const v = f32(-2 * dot + sqNorm64[ids[r]] + sqNorm64[j]);
      out[r * n + j] = v > 0 ? v : 0;
    }
  }
  return out;
}

/** sklearn `_kmeans_plusplus` (greedy k-means++ with 2 + ⌊ln k⌋ local trials). */
function kmeansPlusPlus(X: Float32Array, n: number, d: number, k: number, rs: RandomState, sqNorm64: Float64Array): Float32Array {
  const centers = new Float32Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  // random_state.choice(n, p=w/Σw): float32 cumsum of p, normalised by its last value, searchsorted right
  const p = f32(1 / n);
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cdf[i] = acc = f32(acc + p);
  const last = cdf[n - 1];
  for (let i = 0; i < n; i++) cdf[i] = f32(cdf[i] / last);
  const u = rs.randomSample();
  let first = 0;
  while (first < n && cdf[first] <= u) first++;
  centers.set(X.subarray(first * d, first * d + d), 0);
  let closest = distancesToRows(X, n, d, [first], sqNorm64);
  let pot = 0;
  for (let i = 0; i < n; i++) pot += closest[i];
  pot = f32(pot);
  const cum = new Float32Array(n);
  const candidates = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    const r = rs.uniform(trials);
    let s = 0;
    for (let i = 0; i < n; i++) cum[i] = s = f32(s + closest[i]);
    for (let t = 0; t < trials; t++) {
      const v = r[t] * pot;
      let lo = 0;
      let hi = n; // searchsorted left
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      candidates[t] = Math.min(lo, n - 1);
    }
    const dist = distancesToRows(X, n, d, candidates, sqNorm64);
    let best = 0;
    let bestPot = Infinity;
    for (let t = 0; t < trials; t++) {
      let tp = 0;
      for (let i = 0; i < n; i++) {
        const v = Math.min(closest[i], dist[t * n + i]);
        dist[t * n + i] = v;
        tp += v;
      }
      tp = f32(tp);
      if (tp < bestPot) { bestPot = tp; best = t; }
    }
    pot = bestPot;
    closest = dist.slice(best * n, best * n + n);
    centers.set(X.subarray(candidates[best] * d, candidates[best] * d + d), c * d);
  }
  return centers;
}

/** One Lloyd step (sklearn `lloyd_iter_chunked_dense`): assign, then recompute centers. Returns Σ shift². */
function lloydStep(X: Float32Array, n: number, d: number, k: number, centers: Float32Array, next: Float32Array, labels: Int32Array, update: boolean): number {
  const cn = new Float32Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += centers[j * d + l] * centers[j * d + l];
    cn[j] = f32(s);
  }
  const weight = new Float32Array(k);
  if (update) next.fill(0);
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let l = 0; l < d; l++) dot += X[i * d + l] * centers[j * d + l];
      const v = f32(cn[j] - 2 * dot);
      if (v < bestD) { bestD = v; best = j; }
    }
    labels[i] = best;
    if (update) {
      weight[best] = f32(weight[best] + 1);
      for (let l = 0; l < d; l++) next[best * d + l] = f32(next[best * d + l] + X[i * d + l]);
    }
  }
  if (!update) return 0;
  // sklearn `_relocate_empty_clusters_dense`: empty clusters take the points farthest from their centers
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (weight[j] === 0) empty.push(j);
  if (empty.length > 0) {
    const far = Array.from({ length: n }, (_, i) => {
      let s = 0;
      for (let l = 0; l < d; l++) s += (X[i * d + l] - centers[labels[i] * d + l]) ** 2;
      return { i, s: f32(s) };
    }).sort((a, b) => b.s - a.s || a.i - b.i);
    empty.forEach((j, e) => {
      const i = far[e].i;
      const old = labels[i];
      for (let l = 0; l < d; l++) {
        next[old * d + l] = f32(next[old * d + l] - X[i * d + l]);
        next[j * d + l] = X[i * d + l];
      }
      weight[j] = 1;
      weight[old] = f32(weight[old] - 1);
    });
  }
  let shift = 0;
  for (let j = 0; j < k; j++) {
    if (weight[j] > 0) {
      const alpha = f32(1 / weight[j]);
      for (let l = 0; l < d; l++) next[j * d + l] = f32(next[j * d + l] * alpha);
    }
    let s = 0;
    for (let l = 0; l < d; l++) s = f32(s + f32((next[j * d + l] - centers[j * d + l]) ** 2));
    const cs = f32(Math.sqrt(s));
    shift = f32(shift + f32(cs * cs));
  }
  return shift;
}

/** sklearn `KMeans.fit` on dense float32 data (uniform sample weights). */
export function kmeans(x: Matrix32, k: number, options: KMeansOptions = {}): KMeansResult {
  const { rows: n, cols: d } = x;
  if (!Number.isInteger(k) || k < 1) throw new PipelineError('INVALID_OPTION', `number of clusters must be a positive integer (got ${k})`);
  if (n < k) throw new PipelineError('INVALID_INPUT', `n_samples=${n} should be >= n_clusters=${k}`);
  const nInit = options.nInit ?? 3;
  const maxIter = options.maxIter ?? 300;
  const rs = new RandomState(options.randomState ?? 42);
  // centre the data (float32 column means, sequential sums)
  const X = new Float32Array(x.data);
  const mean = new Float32Array(d);
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) mean[l] = f32(mean[l] + X[i * d + l]);
  for (let l = 0; l < d; l++) mean[l] = f32(mean[l] / n);
  for (let i = 0; i < n; i++) for (let l = 0; l < d; l++) X[i * d + l] = f32(X[i * d + l] - mean[l]);
  // tol · mean of per-feature variances
  let varSum = 0;
  for (let l = 0; l < d; l++) {
    let m = 0;
    for (let i = 0; i < n; i++) m += X[i * d + l];
    m /= n;
    let v = 0;
    for (let i = 0; i < n; i++) v += (X[i * d + l] - m) ** 2;
    varSum += v / n;
  }
  const tol = f32((varSum / d) * (options.tol ?? 1e-4));
  const sqNorm64 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let l = 0; l < d; l++) s += X[i * d + l] * X[i * d + l];
    sqNorm64[i] = s;
  }
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    let centers: Float32Array = kmeansPlusPlus(X, n, d, k, rs, sqNorm64);
    let next: Float32Array = new Float32Array(k * d);
    const labels = new Int32Array(n).fill(-1);
    const old = new Int32Array(n).fill(-1);
    let strict = false;
    let it = 0;
    for (; it < maxIter; it++) {
      const shift = lloydStep(X, n, d, k, centers, next, labels, true);
      [centers, next] = [next, centers];
      let same = true;
      for (let i = 0; i < n; i++) if (labels[i] !== old[i]) { same = false; break; }
      if (same) { strict = true; break; }
      if (shift <= tol) break;
      old.set(labels);
    }
    if (!strict) lloydStep(X, n, d, k, centers, centers, labels, false);
    let inertia = 0;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let l = 0; l < d; l++) s = f32(s + f32((X[i * d + l] - centers[labels[i] * d + l]) ** 2));
      inertia = f32(inertia + s);
    }
    if (!best || (inertia < best.inertia && !sameClustering(labels, best.labels, k))) {
      best = { labels: Int32Array.from(labels), inertia, centers, iterations: Math.min(it + 1, maxIter) };
    }
  }
  return best as KMeansResult;
}

/** sklearn `_is_same_clustering`: equal up to a permutation of labels. */
function sameClustering(a: Int32Array, b: Int32Array, k: number): boolean {
  const map = new Int32Array(k).fill(-1);
  for (let i = 0; i < a.length; i++) {
    if (map[a[i]] === -1) map[a[i]] = b[i];
    else if (map[a[i]] !== b[i]) return false;
  }
  return true;
}

/**
 * pyannote's K-means branch: `KMeans(n_clusters=k, n_init=3, random_state=42).fit_predict(
 * train_embeddings / ‖train_embeddings‖)` on the raw float32 train embeddings.
 */
export function kmeansLabels(train: Matrix32, k: number): Int32Array {
  const normed = l2NormalizeRowsF32(train);
  return kmeans(normed, k).labels;
}
