// Row L2 normalisation of float32 data with numpy's float32 semantics.
import { AhcError } from './errors';
import type { Matrix32 } from './types';

const f32 = Math.fround;

/**
 * numpy's pairwise summation of float32 values (`@TYPE@_pairwise_sum`): fewer than 8 values are
 * added in order; up to 128 are accumulated in 8 interleaved partial sums combined as
 * ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)), then the remainder; longer runs split in two halves at a
 * multiple of 8. Every addition rounds to float32.
 */
export function pairwiseSumF32(a: Float32Array, offset: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = f32(res + a[offset + i]);
    return res;
  }
  if (n <= 128) {
    let r0 = a[offset], r1 = a[offset + 1], r2 = a[offset + 2], r3 = a[offset + 3];
    let r4 = a[offset + 4], r5 = a[offset + 5], r6 = a[offset + 6], r7 = a[offset + 7];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      const p = offset + i;
      r0 = f32(r0 + a[p]); r1 = f32(r1 + a[p + 1]); r2 = f32(r2 + a[p + 2]); r3 = f32(r3 + a[p + 3]);
      r4 = f32(r4 + a[p + 4]); r5 = f32(r5 + a[p + 5]); r6 = f32(r6 + a[p + 6]); r7 = f32(r7 + a[p + 7]);
    }
    let res = f32(f32(f32(r0 + r1) + f32(r2 + r3)) + f32(f32(r4 + r5) + f32(r6 + r7)));
    for (; i < n; i++) res = f32(res + a[offset + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return f32(pairwiseSumF32(a, offset, n2) + pairwiseSumF32(a, offset + n2, n - n2));
}

/**
 * `x / np.linalg.norm(x, axis=1, keepdims=True)` on float32 rows, as numpy computes it: squares
 * rounded to float32, numpy pairwise sum, float32 square root, float32 division. A zero row gives
 * NaN (0/0), as numpy does.
 */
export function l2NormalizeRowsF32(x: Matrix32): Matrix32 {
  const { rows, cols, data } = x;
  if (data.length !== rows * cols) throw new AhcError('INVALID_INPUT', `matrix data has ${data.length} values, expected ${rows}×${cols}`);
  const out = new Float32Array(rows * cols);
  const sq = new Float32Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let k = 0; k < cols; k++) sq[k] = data[o + k] * data[o + k];
    const norm = f32(Math.sqrt(pairwiseSumF32(sq, 0, cols)));
    for (let k = 0; k < cols; k++) out[o + k] = data[o + k] / norm;
  }
  return { data: out, rows, cols };
}
