import { describe, expect, it } from 'vitest';
import {
  OpsError, axpy, backend, condensedIndex, condensedSize, dotF32F64, dotF32RoundedF64, dotF64, matmulTransposedF32, neumaierDot, neumaierSum, neumaierSumStrided, pdistEuclidean,
} from '../src/index';

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exact value of a finite double as BigInt numerator over 2^1074. */
function exact(x: number): bigint {
  if (x === 0) return 0n;
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const sign = hi >>> 31 ? -1n : 1n;
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (exp === 0) e = -1074;
  else {
    mant |= 1n << 52n;
    e = exp - 1075;
  }
  return sign * (mant << BigInt(e + 1074));
}
/** Correctly rounded double of a BigInt/2^1074 (via string division, sufficient for |x| < 2^900). */
function toDouble(num: bigint): number {
  // Scale down in two steps to stay within double range without losing the rounding.
  const neg = num < 0n;
  let n = neg ? -num : num;
  let shift = 1074;
  const bits = n.toString(2).length;
  const drop = Math.max(0, bits - 60);
  const sticky = drop > 0 && (n & ((1n << BigInt(drop)) - 1n)) !== 0n ? 1n : 0n;
  n = (n >> BigInt(drop)) | sticky;
  shift -= drop;
  const v = Number(n) * 2 ** -shift;
  return neg ? -v : v;
}
const exactSum = (xs: Float64Array) => toDouble(xs.reduce((acc, v) => acc + exact(v), 0n));
const ulp = (x: number) => (x === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52));

describe('neumaier', () => {
  it('recovers what naive summation loses to catastrophic cancellation', () => {
    const x = new Float64Array([1e16, 1, -1e16]);
    expect(x.reduce((a, b) => a + b, 0)).toBe(0); // naive
    expect(neumaierSum(x)).toBe(1);
    const y = new Float64Array([1, 1e100, 1, -1e100]);
    expect(neumaierSum(y)).toBe(2);
    expect(neumaierDot(new Float64Array([1e8, 1, -1e8]), new Float64Array([1e8, 1, 1e8]))).toBe(1);
  });

  it('is within 1 ulp of the exact sum on ill-conditioned random data, where naive is far off', () => {
    const r = rng(7);
    let naiveWorst = 0;
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 2000);
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = (r() - 0.5) * 10 ** Math.floor(r() * 30 - 10);
      const ref = exactSum(x);
      expect(Math.abs(neumaierSum(x) - ref)).toBeLessThanOrEqual(ulp(ref));
      naiveWorst = Math.max(naiveWorst, Math.abs(x.reduce((a, b) => a + b, 0) - ref) / ulp(ref));
    }
    expect(naiveWorst).toBeGreaterThan(100); // the data really is ill-conditioned for naive sums
  });

  it('strided sum equals the sum of the extracted column', () => {
    const r = rng(3);
    const rows = 37, cols = 5;
    const m = Float64Array.from({ length: rows * cols }, () => r() * 1e6 - 5e5);
    for (let c = 0; c < cols; c++) {
      const col = Float64Array.from({ length: rows }, (_, i) => m[i * cols + c]);
      expect(neumaierSumStrided(m, c, cols, rows)).toBe(neumaierSum(col));
    }
  });

  it('propagates NaN and Inf', () => {
    expect(neumaierSum(new Float64Array([1, NaN, 2]))).toBeNaN();
    expect(neumaierSum(new Float64Array([1, Infinity]))).toBe(Infinity);
    expect(neumaierSum(new Float64Array([]))).toBe(0);
  });
});

describe('dot products', () => {
  it('dotF32F64 accumulates exact float32 products in float64', () => {
    const a = new Float32Array([1e7, 1, -1e7]);
    const b = new Float32Array([1e7, 1, 1e7]);
    expect(dotF32F64(a, b)).toBe(1);
    const r = rng(11);
    const x = Float32Array.from({ length: 1000 }, () => r() - 0.5);
    const y = Float32Array.from({ length: 1000 }, () => r() - 0.5);
    let ref = 0;
    let mag = 0;
    for (let i = 0; i < 1000; i++) { ref += x[i] * y[i]; mag += Math.abs(x[i] * y[i]); }
    // the TypeScript kernel sums sequentially (exact match); SIMD lanes re-associate: ≤ n·ε·Σ|ab|
    if (backend().kind === 'ts') expect(dotF32F64(x, y)).toBe(ref);
    else expect(Math.abs(dotF32F64(x, y) - ref)).toBeLessThanOrEqual(1000 * Number.EPSILON * mag);
  });

  it('dotF32RoundedF64 rounds each product to float32 before the float64 sum', () => {
    const a = new Float32Array([1 + 2 ** -12]);
    const b = new Float32Array([1 + 2 ** -12]);
    // exact product 1 + 2^-11 + 2^-24 is not a float32; rounded product is 1 + 2^-11 (tie to even)
    expect(dotF32F64(a, b)).toBe(1 + 2 ** -11 + 2 ** -24);
    expect(dotF32RoundedF64(a, b)).toBe(Math.fround(1 + 2 ** -11 + 2 ** -24));
  });

  it('throws OpsError on length mismatch', () => {
    expect(() => dotF32F64(new Float32Array(2), new Float32Array(3))).toThrow(OpsError);
    expect(() => dotF64(new Float64Array(2), new Float64Array(3))).toThrow(/lengths differ \(2 vs 3\)/);
    expect(() => neumaierDot(new Float64Array(1), new Float64Array(0))).toThrow(OpsError);
    expect(() => axpy(1, new Float64Array(1), new Float64Array(2))).toThrow(OpsError);
  });
});

describe('axpy', () => {
  it('y += alpha * x', () => {
    const y = new Float64Array([1, 2, 3]);
    axpy(2, new Float64Array([1, -1, 0.5]), y);
    expect(Array.from(y)).toEqual([3, 0, 4]);
  });
});

describe('pdistEuclidean', () => {
  it('matches a straightforward float64 reference in scipy condensed order', () => {
    const r = rng(5);
    const n = 23, d = 17;
    const x = Float32Array.from({ length: n * d }, () => r() * 2 - 1);
    const got = pdistEuclidean(x, n, d);
    expect(got.length).toBe(condensedSize(n));
    const sq = pdistEuclidean(x, n, d, { squared: true });
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += (x[i * d + k] - x[j * d + k]) ** 2;
        expect(got[condensedIndex(n, i, j)]).toBe(Math.sqrt(s));
        expect(sq[condensedIndex(n, i, j)]).toBe(s);
      }
    }
  });

  it('handles n = 0 and 1 and checks shapes', () => {
    expect(pdistEuclidean(new Float64Array(0), 0, 3).length).toBe(0);
    expect(pdistEuclidean(new Float64Array(3), 1, 3).length).toBe(0);
    expect(() => pdistEuclidean(new Float64Array(5), 2, 3)).toThrow(/x has 5 elements, expected 6/);
    expect(() => pdistEuclidean(new Float64Array(6), 3, 2, { out: new Float64Array(2) })).toThrow(/out has 2/);
  });
});

describe('matmulTransposedF32', () => {
  it('equals per-element rounded-product float64 dots, rounded once', () => {
    const r = rng(9);
    const m = 7, n = 5, k = 33;
    const a = Float32Array.from({ length: m * k }, () => r() * 100);
    const b = Float32Array.from({ length: n * k }, () => r());
    const out = matmulTransposedF32(a, b, new Float32Array(m * n), { m, n, k });
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
      expect(out[i * n + j]).toBe(Math.fround(dotF32RoundedF64(a.subarray(i * k, i * k + k), b.subarray(j * k, j * k + k))));
    }
    expect(() => matmulTransposedF32(a, b, new Float32Array(3), { m, n, k })).toThrow(OpsError);
  });
});

describe('backend', () => {
  it('reports what runs, following DIA_OPS_BACKEND / DIA_OPS_SIMD', () => {
    const b = backend();
    if (process.env.DIA_OPS_BACKEND === 'ts') expect(b).toMatchObject({ kind: 'ts', simd: 'none' });
    if (process.env.DIA_OPS_SIMD) expect(b).toMatchObject({ kind: 'native', simd: process.env.DIA_OPS_SIMD });
    expect(b.reason.length).toBeGreaterThan(0);
    console.log(`@dia/ops backend: ${b.kind} ${b.simd} — ${b.reason}`);
  });
});

import { neumaierMatmulNT, neumaierMatmulTN } from '../src/index';

describe('batched Neumaier matmuls', () => {
  it('equal neumaierDot of the corresponding columns/rows, bit for bit (TwoSum and Neumaier capture the same exact errors)', () => {
    const r = rng(21);
    const n = 57, p = 5, q = 9;
    const a = Float64Array.from({ length: n * p }, () => (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6));
    const b = Float64Array.from({ length: n * q }, () => (r() - 0.5) * 10 ** Math.floor(r() * 12 - 6));
    const tn = neumaierMatmulTN(a, b, n, p, q);
    for (let k = 0; k < p; k++) for (let d = 0; d < q; d++) {
      const col = (m: Float64Array, w: number, c: number) => Float64Array.from({ length: n }, (_, i) => m[i * w + c]);
      expect(tn[k * q + d]).toBe(neumaierDot(col(a, p, k), col(b, q, d)));
    }
    const nt = neumaierMatmulNT(a, a, n, n, p);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(nt[i * n + j]).toBe(neumaierDot(a.subarray(i * p, i * p + p), a.subarray(j * p, j * p + p)));
  });
  it('checks shapes', () => {
    expect(() => neumaierMatmulTN(new Float64Array(5), new Float64Array(6), 2, 3, 3)).toThrow(OpsError);
    expect(() => neumaierMatmulNT(new Float64Array(6), new Float64Array(6), 2, 2, 3, new Float64Array(3))).toThrow(/out has 3/);
  });
});

import { matmulBandedF32 } from '../src/index';

describe('matmulBandedF32', () => {
  it('equals the dense kernel when b is zero outside the bands (finite a)', () => {
    const r = rng(33);
    const m = 6, n = 4, k = 30;
    const a = Float32Array.from({ length: m * k }, () => r() * 1e4);
    const b = new Float32Array(n * k);
    const bands = new Int32Array(2 * n);
    for (let j = 0; j < n; j++) {
      const s = Math.floor(r() * 20);
      const e = s + 1 + Math.floor(r() * 9);
      bands[2 * j] = s;
      bands[2 * j + 1] = e;
      for (let l = s; l < e; l++) b[j * k + l] = r();
    }
    const dense = matmulTransposedF32(a, b, new Float32Array(m * n), { m, n, k });
    expect(matmulBandedF32(a, b, bands, new Float32Array(m * n), { m, n, k })).toEqual(dense);
    expect(() => matmulBandedF32(a, b, Int32Array.from([0, 31, 0, 1, 0, 1, 0, 1]), new Float32Array(m * n), { m, n, k })).toThrow(/outside/);
  });
});
