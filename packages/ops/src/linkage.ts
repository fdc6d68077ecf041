// Native entry of hierarchical linkage (the algorithm, its TypeScript fallback and its checks live
// in @dia/ahc; this module only reaches the Rust kernel).
import { expectLength } from './errors';
import { native } from './backend';

/** How a native linkage ended. */
export type LinkageKernelOutcome = 'done' | 'out-of-memory';

/**
 * `scipy.cluster.hierarchy.linkage(x, method, metric="euclidean")` for `centroid` / `median` in
 * the native kernels: condensed distances (scipy `pdist` order, bit-identical on every SIMD level)
 * held in native memory — no typed-array size limit — then scipy's `fast_linkage` loop for loop.
 * Writes Z ((n−1) × 4, merge order) into `z`. Returns 'out-of-memory' when the n(n−1)/2 doubles
 * cannot be allocated, and undefined when the native addon is not loaded.
 */
export function nativeLinkage(x: Float32Array | Float64Array, n: number, d: number, method: 'centroid' | 'median', z: Float64Array): LinkageKernelOutcome | undefined {
  if (!native?.linkageF32 || !native.linkageF64) return undefined;
  expectLength('nativeLinkage', 'x', x, n * d);
  expectLength('nativeLinkage', 'z', z, 4 * Math.max(0, n - 1));
  const median = method === 'median';
  const status = x instanceof Float32Array ? native.linkageF32(x, n, d, median, z) : native.linkageF64(x, n, d, median, z);
  return status === 0 ? 'done' : 'out-of-memory';
}
