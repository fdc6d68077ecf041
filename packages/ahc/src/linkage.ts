// Hierarchical clustering with scipy's generic algorithm (`_hierarchy.fast_linkage`, after
// Müllner's fastcluster), which scipy.cluster.hierarchy.linkage uses for the centroid and median methods.
import { condensedSize, nativeLinkage, pdistEuclidean } from '@dia/ops';
import { AhcError } from './errors';
import { IndexedMinHeap } from './heap';
import { assertLinkageFits, MAX_TYPED_ARRAY_LENGTH, memoryError } from './memory';
import type { Matrix32, Matrix64 } from './types';

export type LinkageMethod = 'centroid' | 'median';

/** scipy `_hierarchy_distance_update.pxi` `_centroid`: Lance–Williams update on distances. */
function centroidUpdate(dXi: number, dYi: number, dXY: number, nx: number, ny: number): number {
  return Math.sqrt((nx * dXi * dXi + ny * dYi * dYi - (nx * ny * dXY * dXY) / (nx + ny)) / (nx + ny));
}

/** scipy `_median` (WPGMC). */
function medianUpdate(dXi: number, dYi: number, dXY: number): number {
  return Math.sqrt(0.5 * (dXi * dXi + dYi * dYi) - 0.25 * dXY * dXY);
}

/**
 * scipy `fast_linkage(dists, n, method)` on a condensed distance matrix (modified in place):
 * returns Z (n−1 rows: idx1 < idx2, distance, size) in merge order — not re-sorted, so centroid
 * linkage may be non-monotonic, exactly as scipy returns it.
 */
export function fastLinkage(dists: Float64Array, n: number, method: LinkageMethod = 'centroid'): Matrix64 {
  if (dists.length !== condensedSize(n)) throw new AhcError('INVALID_INPUT', `condensed matrix has ${dists.length} values, expected n(n−1)/2 = ${condensedSize(n)} for n = ${n}`);
  const Z = new Float64Array(Math.max(0, n - 1) * 4);
  if (n < 2) return { data: Z, rows: 0, cols: 4 };
  const D = dists;
  const size = new Int32Array(n).fill(1);
  const clusterId = new Int32Array(n);
  for (let i = 0; i < n; i++) clusterId[i] = i;
  const neighbor = new Int32Array(n - 1);
  const minDist = new Float64Array(n - 1);
  // condensed index of (i, j), i < j: n·i − i(i+1)/2 + (j − i − 1)
  const rowBase = new Float64Array(n);
  for (let i = 0; i < n; i++) rowBase[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  const idx = (i: number, j: number) => (i < j ? rowBase[i] + j : rowBase[j] + i);
  // scipy `find_min_dist`: nearest live cluster with a higher index (strict <, lowest index on ties)
  let foundKey = -1;
  const findMinDist = (x: number): number => {
    let current = Infinity;
    let y = -1;
    const base = rowBase[x];
    for (let i = x + 1; i < n; i++) {
      if (size[i] === 0) continue;
      const d = D[base + i];
      if (d < current) { current = d; y = i; }
    }
    foundKey = y;
    return current;
  };
  for (let x = 0; x < n - 1; x++) {
    minDist[x] = findMinDist(x);
    neighbor[x] = foundKey;
  }
  const heap = new IndexedMinHeap(minDist);
  let x = 0;
  let y = 0;
  let dist = 0;
  for (let k = 0; k < n - 1; k++) {
    // at most n − k distance updates find the two closest clusters (scipy's bounded loop)
    for (let i = 0; i < n - k; i++) {
      x = heap.minKey();
      dist = heap.minValue();
      y = neighbor[x];
      if (dist === D[idx(x, y)]) break;
      dist = findMinDist(x);
      y = foundKey;
      neighbor[x] = y;
      minDist[x] = dist;
      heap.changeValue(x, dist);
    }
    heap.removeMin();
    let idX = clusterId[x];
    let idY = clusterId[y];
    const nx = size[x];
    const ny = size[y];
    if (idX > idY) [idX, idY] = [idY, idX];
    Z[k * 4] = idX;
    Z[k * 4 + 1] = idY;
    Z[k * 4 + 2] = dist;
    Z[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    clusterId[y] = n + k;
    for (let z = 0; z < n; z++) {
      if (size[z] === 0 || z === y) continue;
      const zy = idx(z, y);
      D[zy] = method === 'centroid' ? centroidUpdate(D[idx(z, x)], D[zy], dist, nx, ny) : medianUpdate(D[idx(z, x)], D[zy], dist);
    }
    // reassign neighbour candidates from x to y (a logical guess, as scipy)
    for (let z = 0; z < x; z++) if (size[z] > 0 && neighbor[z] === x) neighbor[z] = y;
    // update lower bounds of distance
    for (let z = 0; z < y; z++) {
      if (size[z] === 0) continue;
      const d = D[idx(z, y)];
      if (d < minDist[z]) {
        neighbor[z] = y;
        minDist[z] = d;
        heap.changeValue(z, d);
      }
    }
    if (y < n - 1) {
      const d = findMinDist(y);
      if (foundKey !== -1) {
        neighbor[y] = foundKey;
        minDist[y] = d;
        heap.changeValue(y, d);
      }
    }
  }
  return { data: Z, rows: n - 1, cols: 4 };
}

/**
 * scipy.cluster.hierarchy.linkage(X, method, metric="euclidean") for `centroid` and `median`:
 * condensed euclidean distances (scipy pdist order, float64) then `fast_linkage`. Runs natively
 * when `@dia/ops` has its addon (the distance matrix then lives in native memory), in TypeScript
 * otherwise; the same Z bit for bit. No size limit but memory: throws TOO_LARGE, saying how much
 * is needed, when the n(n−1)/2 distances do not fit in the memory available.
 */
export function linkage(x: Matrix32 | Matrix64, options: { method?: LinkageMethod } = {}): Matrix64 {
  const method = options.method ?? 'centroid';
  if (method !== 'centroid' && method !== 'median') throw new AhcError('INVALID_OPTION', `unsupported linkage method '${method as string}' (centroid, median)`);
  const { rows: n, cols: d, data } = x;
  if (data.length !== n * d) throw new AhcError('INVALID_INPUT', `matrix data has ${data.length} values, expected ${n}×${d}`);
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new AhcError('INVALID_INPUT', `observation ${Math.floor(i / d)} has a non-finite value (${data[i]}); scipy rejects non-finite distances`);
  }
  assertLinkageFits(n, d);
  const Z = new Float64Array(4 * Math.max(0, n - 1));
  const outcome = nativeLinkage(data, n, d, method, Z);
  if (outcome === 'done') return { data: Z, rows: Math.max(0, n - 1), cols: 4 };
  if (outcome === 'out-of-memory') throw memoryError(n, d, 'the allocation failed');
  // TypeScript: the condensed matrix is one typed array
  if (condensedSize(n) > MAX_TYPED_ARRAY_LENGTH) throw memoryError(n, d, `the TypeScript kernels hold it in one typed array of at most 2^32 values (n ≤ 92,682); install the native addon (@dia/ops-<platform>) for more`);
  let dists: Float64Array;
  try {
    dists = new Float64Array(condensedSize(n));
  } catch {
    throw memoryError(n, d, 'the allocation failed');
  }
  return fastLinkage(pdistEuclidean(data, n, d, { out: dists }), n, method);
}
