// pyannote.audio's AHC initialisation of VBx (`VBxClustering.__call__`).
import { AhcError } from './errors';
import { fcluster } from './fcluster';
import { linkage } from './linkage';
import { l2NormalizeRowsF32 } from './normalize';
import type { Matrix32 } from './types';

/**
 * pyannote `VBxClustering`: `linkage(x/‖x‖, method="centroid", metric="euclidean")`,
 * `fcluster(·, threshold, "distance") − 1`, then `np.unique(·, return_inverse=True)` — labels
 * numbered in sorted order of scipy's DFS cluster numbers (not first occurrence). Input: the raw
 * float32 train embeddings (N × D). Returns 0-based labels.
 */
export function ahcInit(embeddings: Matrix32, threshold: number): Int32Array {
  if (!Number.isFinite(threshold)) throw new AhcError('INVALID_OPTION', `threshold must be finite (got ${threshold})`);
  const n = embeddings.rows;
  if (n === 0) return new Int32Array(0);
  if (n === 1) return new Int32Array(1);
  const Z = linkage(l2NormalizeRowsF32(embeddings), { method: 'centroid' });
  const flat = fcluster(Z, threshold);
  // np.unique(flat - 1, return_inverse=True): rank among the sorted distinct values
  const distinct = [...new Set(flat)].sort((a, b) => a - b);
  const rank = new Map(distinct.map((v, i) => [v, i]));
  return Int32Array.from(flat, (v) => rank.get(v) as number);
}
