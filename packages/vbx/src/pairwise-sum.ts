// numpy's pairwise summation of float64 values (`DOUBLE_pairwise_sum`), used by np.sum along a
// contiguous axis: < 8 values in order; ≤ 128 in 8 interleaved partial sums combined as
// ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the remainder; longer runs split at a multiple of 8.

/** Σ a[offset + i·stride], i < n, in numpy's pairwise order. */
export function pairwiseSum(a: Float64Array, offset: number, n: number, stride = 1): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[offset + i * stride];
    return res;
  }
  if (n <= 128) {
    const at = (i: number) => a[offset + i * stride];
    let r0 = at(0), r1 = at(1), r2 = at(2), r3 = at(3), r4 = at(4), r5 = at(5), r6 = at(6), r7 = at(7);
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      r0 += at(i); r1 += at(i + 1); r2 += at(i + 2); r3 += at(i + 3);
      r4 += at(i + 4); r5 += at(i + 5); r6 += at(i + 6); r7 += at(i + 7);
    }
    let res = (r0 + r1 + (r2 + r3)) + (r4 + r5 + (r6 + r7));
    for (; i < n; i++) res += at(i);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, offset, n2, stride) + pairwiseSum(a, offset + n2 * stride, n - n2, stride);
}
