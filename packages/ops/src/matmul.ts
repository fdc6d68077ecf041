// Batched matrix product with float32 products and float64 accumulation.
import { OpsError, expectLength } from './errors';
import { native } from './backend';

export interface MatmulShape {
  /** Rows of `a` (e.g. frames). */
  m: number;
  /** Rows of `b` (e.g. mel bins). */
  n: number;
  /** Shared inner dimension. */
  k: number;
}

/**
 * out[i][j] = f32( Σ_l f32(a[i][l] · b[j][l]) ) for a (m × k) and b (n × k), row-major,
 * i.e. a·bᵀ with each product rounded to float32 and the sum accumulated sequentially in
 * float64, rounded once at the end. All rows in one call (the mel matmul of a whole chunk).
 */
export function matmulTransposedF32(a: Float32Array, b: Float32Array, out: Float32Array, shape: MatmulShape): Float32Array {
  const { m, n, k } = shape;
  expectLength('matmulTransposedF32', 'a', a, m * k);
  expectLength('matmulTransposedF32', 'b', b, n * k);
  if (out.length !== m * n) throw new OpsError('BAD_SHAPE', `matmulTransposedF32: out has ${out.length} elements, expected ${m * n}`);
  if (native) {
    native.matmulTransposedF32(a, b, m, n, k, out);
    return out;
  }
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let l = 0; l < k; l++) s += Math.fround(a[ai + l] * b[bj + l]);
      out[i * n + j] = s;
    }
  }
  return out;
}

/**
 * `matmulTransposedF32` for a banded `b`: row j of b is non-zero only on columns
 * [bands[2j], bands[2j+1]). Same float32 products and ascending float64 accumulation over that
 * range, so the result equals the dense kernel whenever `a` is finite (a non-finite `a` value
 * outside a band would make the dense product NaN; callers with possibly non-finite input use the
 * dense kernel).
 */
export function matmulBandedF32(a: Float32Array, b: Float32Array, bands: Int32Array, out: Float32Array, shape: MatmulShape): Float32Array {
  const { m, n, k } = shape;
  expectLength('matmulBandedF32', 'a', a, m * k);
  expectLength('matmulBandedF32', 'b', b, n * k);
  expectLength('matmulBandedF32', 'bands', bands, 2 * n);
  if (out.length !== m * n) throw new OpsError('BAD_SHAPE', `matmulBandedF32: out has ${out.length} elements, expected ${m * n}`);
  for (let j = 0; j < n; j++) {
    if (!(bands[2 * j] >= 0 && bands[2 * j] <= bands[2 * j + 1] && bands[2 * j + 1] <= k)) throw new OpsError('BAD_SHAPE', `matmulBandedF32: band ${j} [${bands[2 * j]}, ${bands[2 * j + 1]}) is outside 0..${k}`);
  }
  if (native) {
    native.matmulBandedF32(a, b, bands, m, n, k, out);
    return out;
  }
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s = 0;
      for (let l = bands[2 * j], end = bands[2 * j + 1]; l < end; l++) s += Math.fround(a[ai + l] * b[bj + l]);
      out[i * n + j] = s;
    }
  }
  return out;
}
