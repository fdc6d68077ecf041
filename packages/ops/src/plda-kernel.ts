// Native entries of the PLDA transform (the algorithm, its TypeScript form and its checks live in
// @dia/vbx; this module only reaches the Rust kernels).
import { expectLength } from './errors';
import { native } from './backend';

/**
 * pyannote `xvec_tf` in the native kernels: `√d_out · l2(ldaᵀ·(√d_in · l2(x − mean1)) − mean2)`
 * per row (@dia/vbx's TypeScript form statement for statement, compensated products, rows over
 * the cores). `x`: n × d_in, `lda`: d_in × d_out, `out`: n × d_out. Returns 'done', the first
 * rejected input (row-major order), or undefined when the native addon is not loaded.
 */
export function nativeXvecTransform(x: Float32Array | Float64Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, out: Float64Array): PldaKernelOutcome | undefined {
  if (!native?.xvecTransformF32 || !native.xvecTransformF64) return undefined;
  expectLength('nativeXvecTransform', 'x', x, n * mean1.length);
  expectLength('nativeXvecTransform', 'lda', lda, mean1.length * mean2.length);
  expectLength('nativeXvecTransform', 'out', out, n * mean2.length);
  const code = x instanceof Float32Array ? native.xvecTransformF32(x, n, mean1, lda, mean2, out) : native.xvecTransformF64(x, n, mean1, lda, mean2, out);
  return xvecOutcome(code);
}

/** The addon's status code: −1 done, r ≥ 0 row r equals mean1, −2 − i x[i] is not finite. */
function xvecOutcome(code: number): PldaKernelOutcome {
  if (code === -1) return 'done';
  return code >= 0 ? { equalsMean: code } : { nonFinite: -2 - code };
}

/**
 * pyannote `PLDA.__call__` in the native kernels: `nativePldaProject(nativeXvecTransform(x))` with
 * the same values, in one pass over the rows (each block of rows goes through both stages while it
 * is in cache; no intermediate array). `out`: n × mu.length. Returns as `nativeXvecTransform`.
 */
export function nativePldaTransform(x: Float32Array | Float64Array, n: number, mean1: Float64Array, lda: Float64Array, mean2: Float64Array, mu: Float64Array, eigenvectors: Float64Array, out: Float64Array): PldaKernelOutcome | undefined {
  if (!native?.pldaTransformF32 || !native.pldaTransformF64) return undefined;
  expectLength('nativePldaTransform', 'x', x, n * mean1.length);
  expectLength('nativePldaTransform', 'lda', lda, mean1.length * mean2.length);
  expectLength('nativePldaTransform', 'mu', mu, mean2.length);
  expectLength('nativePldaTransform', 'eigenvectors', eigenvectors, mu.length * mu.length);
  expectLength('nativePldaTransform', 'out', out, n * mu.length);
  const code = x instanceof Float32Array ? native.pldaTransformF32(x, n, mean1, lda, mean2, mu, eigenvectors, out) : native.pldaTransformF64(x, n, mean1, lda, mean2, mu, eigenvectors, out);
  return xvecOutcome(code);
}

/** What a native PLDA transform found: 'done', or the first rejected input (row-major order). */
export type PldaKernelOutcome = 'done' | { nonFinite: number } | { equalsMean: number };

/** The PLDA weights laid out for the native kernel once (`nativePldaWeights`). */
export interface NativePldaWeights {
  /** `nativePldaTransform(x, n, …weights, out)` without laying the weights out again. */
  transform(x: Float32Array | Float64Array, n: number, out: Float64Array): PldaKernelOutcome;
}

/**
 * The weights of `nativePldaTransform` laid out for the products once, for repeated transforms
 * (laying them out costs about as much as transforming 40 rows; the arrays are copied, so later
 * changes to them are not seen). Undefined when the native addon (or one with this entry) is not
 * loaded.
 */
export function nativePldaWeights(mean1: Float64Array, lda: Float64Array, mean2: Float64Array, mu: Float64Array, eigenvectors: Float64Array): NativePldaWeights | undefined {
  const Weights = native?.PldaWeights;
  if (!Weights) return undefined;
  expectLength('nativePldaWeights', 'lda', lda, mean1.length * mean2.length);
  expectLength('nativePldaWeights', 'mu', mu, mean2.length);
  expectLength('nativePldaWeights', 'eigenvectors', eigenvectors, mu.length * mu.length);
  const weights = new Weights(mean1, lda, mean2, mu, eigenvectors);
  const [dIn, dOut] = [mean1.length, mu.length];
  return {
    transform(x, n, out) {
      expectLength('NativePldaWeights.transform', 'x', x, n * dIn);
      expectLength('NativePldaWeights.transform', 'out', out, n * dOut);
      return xvecOutcome(x instanceof Float32Array ? weights.transformF32(x, n, out) : weights.transformF64(x, n, out));
    },
  };
}

/**
 * A Float64Array of `length` values for `nativePldaTransform` to fill. With the addon loaded (in
 * Node) it is left uninitialised — no zeroing pass over memory the kernel overwrites, ≈ 2 % of a
 * 10,000-row transform; the kernel writes every value of a transform it accepts, and the caller
 * discards the array when it rejects one. Zeroed otherwise.
 */
export function nativeOutputF64(length: number): Float64Array {
  if (!native) return new Float64Array(length);
  const bytes = Buffer.allocUnsafeSlow(length * Float64Array.BYTES_PER_ELEMENT);
  return new Float64Array(bytes.buffer, bytes.byteOffset, length);
}

/**
 * pyannote `plda_tf` in the native kernels: `(x − mu) · E` (E: d × d row-major, column j the j-th
 * eigenvector). Returns false when the native addon is not loaded.
 */
export function nativePldaProject(x: Float64Array, n: number, mu: Float64Array, eigenvectors: Float64Array, out: Float64Array): boolean {
  if (!native?.pldaProject) return false;
  expectLength('nativePldaProject', 'x', x, n * mu.length);
  expectLength('nativePldaProject', 'eigenvectors', eigenvectors, mu.length * mu.length);
  expectLength('nativePldaProject', 'out', out, n * mu.length);
  native.pldaProject(x, n, mu, eigenvectors, out);
  return true;
}
