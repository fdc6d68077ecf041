// Condensed pairwise Euclidean distances in scipy.spatial.distance.pdist order.
import { OpsError, expectLength } from './errors';
import { native } from './backend';

/** Number of entries of the condensed distance vector for n points: n(n−1)/2. */
export function condensedSize(n: number): number {
  return (n * (n - 1)) / 2;
}

/** Index of pair (i, j), i < j, in the condensed vector (scipy order). */
export function condensedIndex(n: number, i: number, j: number): number {
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

export interface PdistOptions {
  /** Return squared distances (no square root). Default false. */
  squared?: boolean;
  /** Write into this array instead of allocating (must hold n(n−1)/2 values). */
  out?: Float64Array;
}

/**
 * Euclidean distances between the rows of `x` (n × d, row-major), condensed, in the order of
 * scipy.spatial.distance.pdist(metric="euclidean"): for i < j, `√Σ_k (x_ik − x_jk)²` with the
 * differences and the sequential sum over k in float64 (float32 input is promoted, as scipy
 * converts to double). Bit-identical to scipy's C loop.
 */
export function pdistEuclidean(xIn: Float32Array | Float64Array, n: number, d: number, options: PdistOptions = {}): Float64Array {
  expectLength('pdistEuclidean', 'x', xIn, n * d);
  const size = condensedSize(n);
  const out = options.out ?? new Float64Array(size);
  if (out.length !== size) throw new OpsError('BAD_SHAPE', `pdistEuclidean: out has ${out.length} elements, expected ${size}`);
  const squared = options.squared === true;
  if (native) {
    if (xIn instanceof Float64Array) native.pdistF64(xIn, n, d, squared, out);
    else native.pdistF32(xIn, n, d, squared, out);
    return out;
  }
  // float32 → float64 once (exact): the inner loops then read doubles only
  const x = xIn instanceof Float64Array ? xIn : Float64Array.from(xIn);
  let p = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    let j = i + 1;
    // four pairs at a time: independent dependency chains, each still summed in ascending k
    for (; j + 3 < n; j += 4) {
      const o0 = j * d, o1 = o0 + d, o2 = o1 + d, o3 = o2 + d;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < d; k++) {
        const xi = x[oi + k];
        const d0 = xi - x[o0 + k];
        const d1 = xi - x[o1 + k];
        const d2 = xi - x[o2 + k];
        const d3 = xi - x[o3 + k];
        s0 += d0 * d0;
        s1 += d1 * d1;
        s2 += d2 * d2;
        s3 += d3 * d3;
      }
      out[p++] = squared ? s0 : Math.sqrt(s0);
      out[p++] = squared ? s1 : Math.sqrt(s1);
      out[p++] = squared ? s2 : Math.sqrt(s2);
      out[p++] = squared ? s3 : Math.sqrt(s3);
    }
    for (; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let k = 0; k < d; k++) {
        const diff = x[oi + k] - x[oj + k];
        s += diff * diff;
      }
      out[p++] = squared ? s : Math.sqrt(s);
    }
  }
  return out;
}
