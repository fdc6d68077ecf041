// Matrix products whose every entry is a nearly exact dot product: Rump-style error-free
// accumulation (see crates/dia-kernels/src/compensated.rs). The TypeScript form uses Dekker's exact
// product and gives the same bits as the native kernels' SSE2 and scalar levels; the levels with
// fused multiply-add (AVX2, AVX-512, NEON) may differ from it in the last bit of some entries.
import { expectLength } from './errors';
import { native } from './backend';

const SPLITTER = 134_217_729; // 2^27 + 1 (Veltkamp)
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // the exponent's word

/** The biased exponent field of x ≥ 0: x < 2^(e − 1022) (0 for zero and subnormals, 0x7ff for ∞/NaN). */
function exponentField(x: number): number {
  bits[0] = x;
  return (words[HIGH] >>> 20) & 0x7ff;
}

/**
 * σ of an entry from the exponent fields of its bounds k·max|a| and max|b|, as the kernels compute
 * it: 2^(ea + eb − 2041) ≥ 8·k·max|a|·max|b| (at least the smallest normal); NaN when a bound is not
 * finite or σ would overflow.
 */
function sigmaOf(ea: number, eb: number): number {
  if (ea === 0x7ff || eb === 0x7ff) return NaN;
  const e = Math.max(ea + eb - 1018, 1);
  if (e >= 0x7ff) return NaN;
  return 2 ** (e - 1023);
}

/** Dekker splits (hi, lo interleaved) of every value. */
function splits(x: Float64Array): Float64Array {
  const s = new Float64Array(2 * x.length);
  for (let i = 0; i < x.length; i++) {
    const c = SPLITTER * x[i];
    const hi = c - (c - x[i]);
    s[2 * i] = hi;
    s[2 * i + 1] = x[i] - hi;
  }
  return s;
}

/** Exponent fields of max_l |x[i·rowStride + l·colStride]| · scale per row (0x7ff if the row holds a NaN). */
function boundExponents(x: Float64Array, rows: number, cols: number, rowStride: number, colStride: number, scale: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let m = 0;
    let nan = false;
    for (let l = 0; l < cols; l++) {
      const v = Math.abs(x[i * rowStride + l * colStride]);
      if (v !== v) nan = true;
      else if (v > m) m = v;
    }
    out[i] = nan ? 0x7ff : exponentField(m * scale);
  }
  return out;
}

/** Neumaier sum of the rounded products a[ia + l]·b[ib + l] (an entry whose σ is not finite). */
function neumaierEntry(a: Float64Array, ia: number, b: Float64Array, ib: number, k: number): number {
  let s = 0;
  let c = 0;
  for (let l = 0; l < k; l++) {
    const v = a[ia + l] * b[ib + l];
    const t = s + v;
    const bp = t - s;
    c += s - (t - bp) + (v - bp);
    s = t;
  }
  return Number.isFinite(s) ? s + c : s;
}

/** The two entries of the last `productPair` call (two return values, without an allocation). */
let pair0 = 0;
let pair1 = 0;

/**
 * Σ_l a[ia + l]·b[ib0 + l] and Σ_l a[ia + l]·b[ib1 + l] from their σ (`as`, `bs`: the splits of a
 * and b) into `pair0`, `pair1`: two entries per pass over the row of a, each with its own
 * operations in order (the same bits as one at a time).
 */
function productPair(a: Float64Array, as: Float64Array, ia: number, b: Float64Array, bs: Float64Array, ib0: number, ib1: number, k: number, s0: number, s1: number): void {
  let t0 = s0;
  let r0 = 0;
  let t1 = s1;
  let r1 = 0;
  for (let l = 0; l < k; l++) {
    const x = ia + l;
    const av = a[x];
    const ah = as[2 * x];
    const alo = as[2 * x + 1];
    const y0 = ib0 + l;
    const bv0 = b[y0];
    const bh0 = bs[2 * y0];
    const bl0 = bs[2 * y0 + 1];
    const p0 = av * bv0;
    const tn0 = t0 + p0;
    const d0 = tn0 - t0;
    r0 += p0 - d0 + (ah * bh0 - p0 + ah * bl0 + alo * bh0 + alo * bl0);
    t0 = tn0;
    const y1 = ib1 + l;
    const bv1 = b[y1];
    const bh1 = bs[2 * y1];
    const bl1 = bs[2 * y1 + 1];
    const p1 = av * bv1;
    const tn1 = t1 + p1;
    const d1 = tn1 - t1;
    r1 += p1 - d1 + (ah * bh1 - p1 + ah * bl1 + alo * bh1 + alo * bl1);
    t1 = tn1;
  }
  pair0 = t0 - s0 + r0;
  pair1 = t1 - s1 + r1;
}

/**
 * out[i][j] = Σ_l a[i][l]·b[j][l] for rows of length k (a: m × k, b: n × k), `na`/`nb` the
 * exponent fields of the rows' bounds; two entries at a time. An entry whose σ is not finite is a
 * Neumaier sum of the rounded products.
 */
function productRows(a: Float64Array, b: Float64Array, m: number, n: number, k: number, na: Int32Array, nb: Int32Array, out: Float64Array): void {
  const as = splits(a);
  const bs = splits(b);
  for (let i = 0; i < m; i++) {
    const ia = i * k;
    for (let j = 0; j < n; j += 2) {
      const j1 = Math.min(j + 1, n - 1); // the last column alone: computed twice, written once
      const s0 = sigmaOf(na[i], nb[j]);
      const s1 = sigmaOf(na[i], nb[j1]);
      const f0 = Number.isFinite(s0);
      const f1 = Number.isFinite(s1);
      if (f0 || f1) productPair(a, as, ia, b, bs, (f0 ? j : j1) * k, (f1 ? j1 : j) * k, k, f0 ? s0 : s1, f1 ? s1 : s0);
      out[i * n + j] = f0 ? pair0 : neumaierEntry(a, ia, b, j * k, k);
      if (j1 !== j) out[i * n + j1] = f1 ? pair1 : neumaierEntry(a, ia, b, j1 * k, k);
    }
  }
}

/** x (rows × cols, row-major) transposed. */
function transposed(x: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = x[r * cols + c];
  return t;
}

/**
 * out[i][j] = Σ_l a[i][l]·b[j][l] (a·bᵀ; a: m × k, b: n × k, row-major), every entry within one
 * rounding of the exact dot product (as if summed in twice the working precision), NaN and ±∞
 * propagating. Native kernels: blocked for cache, split over the cores (`DIA_OPS_THREADS`).
 */
export function compensatedMatmulNT(a: Float64Array, b: Float64Array, m: number, n: number, k: number, out: Float64Array = new Float64Array(m * n)): Float64Array {
  expectLength('compensatedMatmulNT', 'a', a, m * k);
  expectLength('compensatedMatmulNT', 'b', b, n * k);
  expectLength('compensatedMatmulNT', 'out', out, m * n);
  if (native?.compensatedMatmulNt) native.compensatedMatmulNt(a, b, m, n, k, out);
  else compensatedMatmulNTTypeScript(a, b, m, n, k, out);
  return out;
}

/** The TypeScript form of `compensatedMatmulNT` (Dekker's product), whatever the backend. */
export function compensatedMatmulNTTypeScript(a: Float64Array, b: Float64Array, m: number, n: number, k: number, out: Float64Array): void {
  productRows(a, b, m, n, k, boundExponents(a, m, k, k, 1, k), boundExponents(b, n, k, k, 1, 1), out);
}

/**
 * out[i][j] = Σ_r a[r][i]·b[r][j] (aᵀ·b; a: n × p, b: n × q, row-major), every entry within one
 * rounding of the exact dot product over r; as `compensatedMatmulNT`.
 */
export function compensatedMatmulTN(a: Float64Array, b: Float64Array, n: number, p: number, q: number, out: Float64Array = new Float64Array(p * q)): Float64Array {
  expectLength('compensatedMatmulTN', 'a', a, n * p);
  expectLength('compensatedMatmulTN', 'b', b, n * q);
  expectLength('compensatedMatmulTN', 'out', out, p * q);
  if (native?.compensatedMatmulTn) native.compensatedMatmulTn(a, b, n, p, q, out);
  else compensatedMatmulTNTypeScript(a, b, n, p, q, out);
  return out;
}

/** The TypeScript form of `compensatedMatmulTN` (Dekker's product), whatever the backend. */
export function compensatedMatmulTNTypeScript(a: Float64Array, b: Float64Array, n: number, p: number, q: number, out: Float64Array): void {
  // the columns as rows: the same bounds (maxima) and the same terms in the same order
  productRows(transposed(a, n, p), transposed(b, n, q), p, q, n, boundExponents(a, p, n, 1, p, n), boundExponents(b, q, n, 1, q, 1), out);
}
