// Batched matrix products with compensated (error-free transformation) accumulation.
import { expectLength } from './errors';
import { native } from './backend';

/**
 * out[k][d] = Σ_n a[n][k]·b[n][d] (aᵀ·b, a: n × p, b: n × q, row-major) with each sum accumulated
 * in ascending n with Neumaier compensation: the rounding error of every addition is captured
 * exactly (TwoSum) and added back at the end. Identical to `neumaierDot` of the k-th column of a
 * and the d-th column of b, for every (k, d), in one pass over the rows.
 */
export function neumaierMatmulTN(a: Float64Array, b: Float64Array, n: number, p: number, q: number, out = new Float64Array(p * q)): Float64Array {
  expectLength('neumaierMatmulTN', 'a', a, n * p);
  expectLength('neumaierMatmulTN', 'b', b, n * q);
  expectLength('neumaierMatmulTN', 'out', out, p * q);
  if (native) {
    native.neumaierMatmulTn(a, b, n, p, q, out);
    return out;
  }
  const comp = new Float64Array(p * q);
  out.fill(0);
  for (let r = 0; r < n; r++) {
    const ar = r * p;
    const br = r * q;
    let finiteRow = true;
    for (let d = 0; d < q; d++) if (!Number.isFinite(b[br + d])) { finiteRow = false; break; }
    for (let k = 0; k < p; k++) {
      const g = a[ar + k];
      if (g === 0 && finiteRow) continue; // 0·b adds an exact zero: skipping it changes nothing
      const o = k * q;
      for (let d = 0; d < q; d++) {
        const v = g * b[br + d];
        const s = out[o + d];
        const t = s + v;
        const bp = t - s;
        comp[o + d] += s - (t - bp) + (v - bp);
        out[o + d] = t;
      }
    }
  }
  for (let i = 0; i < p * q; i++) {
    const s = out[i];
    if (Number.isFinite(s)) out[i] = s + comp[i];
  }
  return out;
}

/**
 * out[i][j] = Σ_d a[i][d]·b[j][d] (a·bᵀ, a: m × k, b: n × k, row-major), each dot product
 * accumulated in ascending d with Neumaier compensation — the same value as `neumaierDot` of
 * the two rows.
 */
export function neumaierMatmulNT(a: Float64Array, b: Float64Array, m: number, n: number, k: number, out = new Float64Array(m * n)): Float64Array {
  expectLength('neumaierMatmulNT', 'a', a, m * k);
  expectLength('neumaierMatmulNT', 'b', b, n * k);
  expectLength('neumaierMatmulNT', 'out', out, m * n);
  if (native) {
    native.neumaierMatmulNt(a, b, m, n, k, out);
    return out;
  }
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    let j = 0;
    // four outputs at a time (independent dependency chains), each summed in ascending l
    for (; j + 3 < n; j += 4) {
      const b0 = j * k, b1 = b0 + k, b2 = b1 + k, b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
      for (let l = 0; l < k; l++) {
        const x = a[ai + l];
        const v0 = x * b[b0 + l], v1 = x * b[b1 + l], v2 = x * b[b2 + l], v3 = x * b[b3 + l];
        const t0 = s0 + v0, t1 = s1 + v1, t2 = s2 + v2, t3 = s3 + v3;
        const p0 = t0 - s0, p1 = t1 - s1, p2 = t2 - s2, p3 = t3 - s3;
        c0 += s0 - (t0 - p0) + (v0 - p0);
        c1 += s1 - (t1 - p1) + (v1 - p1);
        c2 += s2 - (t2 - p2) + (v2 - p2);
        c3 += s3 - (t3 - p3) + (v3 - p3);
        s0 = t0; s1 = t1; s2 = t2; s3 = t3;
      }
      const o = i * n + j;
      out[o] = Number.isFinite(s0) ? s0 + c0 : s0;
      out[o + 1] = Number.isFinite(s1) ? s1 + c1 : s1;
      out[o + 2] = Number.isFinite(s2) ? s2 + c2 : s2;
      out[o + 3] = Number.isFinite(s3) ? s3 + c3 : s3;
    }
    for (; j < n; j++) {
      const bj = j * k;
      let s = 0;
      let c = 0;
      for (let l = 0; l < k; l++) {
        const v = a[ai + l] * b[bj + l];
        const t = s + v;
        const bp = t - s;
        c += s - (t - bp) + (v - bp);
        s = t;
      }
      out[i * n + j] = Number.isFinite(s) ? s + c : s;
    }
  }
  return out;
}
