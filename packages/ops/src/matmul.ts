// Batched matrix product with float32 products and float64 accumulation.
import { OpsError, expectLength } from './errors';

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
