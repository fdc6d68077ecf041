// Flat clusters from a linkage matrix (scipy.cluster.hierarchy.fcluster, criterion="distance").
import { AhcError } from './errors';
import type { Matrix64 } from './types';

/** scipy `get_max_dist_for_each_cluster`: per non-leaf node, the largest merge distance in its subtree. */
function maxDistPerCluster(Z: Matrix64, n: number): Float64Array {
  const md = new Float64Array(n - 1);
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let k = 0;
  stack[0] = 2 * n - 2;
  while (k >= 0) {
    const root = stack[k] - n;
    const lc = Z.data[root * 4];
    const rc = Z.data[root * 4 + 1];
    if (lc >= n && !visited[lc]) { visited[lc] = 1; stack[++k] = lc; continue; }
    if (rc >= n && !visited[rc]) { visited[rc] = 1; stack[++k] = rc; continue; }
    let maxDist = Z.data[root * 4 + 2];
    if (lc >= n && md[lc - n] > maxDist) maxDist = md[lc - n];
    if (rc >= n && md[rc - n] > maxDist) maxDist = md[rc - n];
    md[root] = maxDist;
    k--;
  }
  return md;
}

/**
 * scipy `fcluster(Z, t, criterion="distance")` (`cluster_dist` → `cluster_monocrit`): a depth-first
 * walk from the root, left child first; the first node met whose subtree's largest merge distance
 * is ≤ t leads a new cluster; leaves outside any such subtree are singletons. Labels start at 1.
 */
export function fcluster(Z: Matrix64, t: number, options: { criterion?: 'distance' } = {}): Int32Array {
  if ((options.criterion ?? 'distance') !== 'distance') throw new AhcError('INVALID_OPTION', `unsupported criterion '${options.criterion as string}' (distance)`);
  if (Z.cols !== 4 || Z.data.length !== Z.rows * 4) throw new AhcError('INVALID_INPUT', `a linkage matrix has 4 columns (got ${Z.rows}×${Z.cols})`);
  const n = Z.rows + 1;
  const T = new Int32Array(n);
  if (n === 1) { T[0] = 1; return T; }
  const mc = maxDistPerCluster(Z, n);
  const stack = new Int32Array(n);
  const visited = new Uint8Array(2 * n - 1);
  let nCluster = 0;
  let leader = -1;
  let k = 0;
  stack[0] = 2 * n - 2;
  while (k >= 0) {
    const root = stack[k] - n;
    const lc = Z.data[root * 4];
    const rc = Z.data[root * 4 + 1];
    if (leader === -1 && mc[root] <= t) { leader = root; nCluster++; }
    if (lc >= n && !visited[lc]) { visited[lc] = 1; stack[++k] = lc; continue; }
    if (rc >= n && !visited[rc]) { visited[rc] = 1; stack[++k] = rc; continue; }
    if (lc < n) { if (leader === -1) nCluster++; T[lc] = nCluster; }
    if (rc < n) { if (leader === -1) nCluster++; T[rc] = nCluster; }
    if (leader === root) leader = -1;
    k--;
  }
  return T;
}
