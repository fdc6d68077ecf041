import { afterAll, describe, expect, it } from 'vitest';
import { backend, compensatedMatmulNT, compensatedMatmulTN } from '../src/index';
import { compensatedMatmulNTTypeScript, compensatedMatmulTNTypeScript } from '../src/compensated-matmul';
import { loadBackend, type NativeAddon } from '../src/native';
import { rng } from './rng';

/** Exact value of a finite double as a BigInt numerator over 2^1074. */
function exact(x: number): bigint {
  if (x === 0) return 0n;
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  const hi = v.getUint32(0);
  const exp = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(v.getUint32(4));
  if (exp !== 0) mant |= 1n << 52n;
  const e = exp === 0 ? -1074 : exp - 1075;
  return (hi >>> 31 ? -1n : 1n) * (mant << BigInt(e + 1074));
}
/** The exact dot product over 2^2148, rounded to the nearest double (ties away, good enough for an ulp bound). */
function exactDot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0n;
  for (let i = 0; i < a.length; i++) s += exact(a[i]) * exact(b[i]);
  const neg = s < 0n;
  let n = neg ? -s : s;
  let shift = 2148;
  const drop = Math.max(0, n.toString(2).length - 64);
  n >>= BigInt(drop);
  shift -= drop;
  const r = Number(n) * 2 ** -Math.min(shift, 1000) * 2 ** -(shift - Math.min(shift, 1000));
  return neg ? -r : r;
}
const ulp = (x: number) => (x === 0 ? Number.MIN_VALUE : 2 ** (Math.floor(Math.log2(Math.abs(x))) - 52));
const same = (a: Float64Array, b: Float64Array) => a.every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])));

/** Ill-conditioned rows: each row of a is nearly orthogonal to each row of b after huge cancellation. */
function illConditioned(r: () => number, m: number, n: number, k: number): { a: Float64Array; b: Float64Array } {
  const a = Float64Array.from({ length: m * k }, (_, q) => r() * 10 ** ((q % 9) - 4));
  const b = Float64Array.from({ length: n * k }, (_, q) => r() * 10 ** ((q % 7) - 3));
  for (let i = 0; i < m; i++) {
    a[i * k + k - 1] = 0;
    for (let j = 0; j < Math.min(n, 1); j++) {
      // make row i · row 0 of b cancel: choose the last entry of a so that the plain sum is ~0
      let s = 0;
      for (let l = 0; l < k - 1; l++) s += a[i * k + l] * b[l];
      a[i * k + k - 1] = -s / (b[k - 1] || 1);
    }
  }
  return { a, b };
}

describe('compensated matrix products', () => {
  it('every entry is within 1 ulp of the exact dot product on well-conditioned data, and within ε|s| + k²ε²σ under heavy cancellation (twice-working-precision accuracy), where the rounded-product sum of the former kernels is ~cond·ε off', () => {
    const r = rng(5);
    const [m, n, k] = [7, 9, 200];
    const well = { a: Float64Array.from({ length: m * k }, () => r() + 1), b: Float64Array.from({ length: n * k }, () => r() + 1) };
    const ill = illConditioned(r, m, n, k);
    const report: string[] = [];
    for (const [name, { a, b }] of [['well-conditioned', well], ['ill-conditioned', ill]] as const) {
      const out = compensatedMatmulNT(a, b, m, n, k);
      let worstUlps = 0;
      let worstOfBound = 0;
      let worstRounded = 0;
      for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) {
        const ai = a.subarray(i * k, (i + 1) * k);
        const bj = b.subarray(j * k, (j + 1) * k);
        const e = exactDot(ai, bj);
        const err = Math.abs(out[i * n + j] - e);
        const maxA = ai.reduce((x, v) => Math.max(x, Math.abs(v)), 0);
        const maxB = bj.reduce((x, v) => Math.max(x, Math.abs(v)), 0);
        const sigma = 16 * k * maxA * maxB; // ≥ the kernel's σ
        worstUlps = Math.max(worstUlps, err / ulp(e));
        worstOfBound = Math.max(worstOfBound, err / (ulp(e) + k * k * 2 ** -106 * sigma));
        // the former kernels: Neumaier sum of rounded products (bound ε·Σ|ab|)
        let s = 0;
        let c = 0;
        for (let l = 0; l < k; l++) {
          const v = ai[l] * bj[l];
          const t = s + v;
          const bp = t - s;
          c += s - (t - bp) + (v - bp);
          s = t;
        }
        worstRounded = Math.max(worstRounded, Math.abs(s + c - e) / ulp(e));
      }
      report.push(`${name}: worst ${worstUlps.toPrecision(3)} ulp (${worstOfBound.toPrecision(2)} of the bound), rounded-product Neumaier ${worstRounded.toPrecision(3)} ulp`);
      expect(worstOfBound).toBeLessThanOrEqual(1);
      if (name === 'well-conditioned') expect(worstUlps).toBeLessThanOrEqual(1);
      else expect(worstRounded).toBeGreaterThan(1000 * Math.max(worstUlps, 1));
    }
    console.log(`compensated products (${backend().kind}${backend().kind === 'native' ? ` ${backend().simd}` : ''}): ${report.join('; ')}`);
  });

  it('TN equals NT on the transposes; NaN and ±∞ propagate; shapes are checked', () => {
    const r = rng(6);
    const a = Float64Array.from({ length: 5 * 30 }, r);
    const b = Float64Array.from({ length: 4 * 30 }, r);
    const at = Float64Array.from({ length: 30 * 5 }, (_, q) => a[(q % 5) * 30 + Math.floor(q / 5)]);
    const bt = Float64Array.from({ length: 30 * 4 }, (_, q) => b[(q % 4) * 30 + Math.floor(q / 4)]);
    expect(same(compensatedMatmulTN(at, bt, 30, 5, 4), compensatedMatmulNT(a, b, 5, 4, 30))).toBe(true);
    const o = compensatedMatmulNT(Float64Array.from([1, NaN, 2, Infinity]), Float64Array.from([1, 1]), 2, 1, 2);
    expect(o[0]).toBeNaN();
    expect(o[1]).toBe(Infinity);
    expect(() => compensatedMatmulNT(new Float64Array(3), new Float64Array(4), 2, 2, 2)).toThrow(/a has 3 elements/);
  });
});

// The native levels against the TypeScript form, whatever backend the rest of the suite runs on.
const { addon } = loadBackend({});
describe.skipIf(!addon)('native compensated products vs the TypeScript form', () => {
  const native = addon as NativeAddon;
  const initial = addon ? native.simdLevel() : 'scalar';
  afterAll(() => native.setLevel(initial));
  it.each(addon ? native.availableLevels() : [])('%s: without FMA (sse2, scalar) bit-identical to TypeScript; with FMA within 1 ulp of it; tails and threads change nothing', (level) => {
    native.setLevel(level);
    const r = rng(7);
    for (const [m, n, k] of [[1, 1, 1], [5, 7, 3], [9, 17, 130], [41, 41, 37], [300, 70, 128]]) {
      const a = Float64Array.from({ length: m * k }, (_, q) => r() * 10 ** ((q % 7) - 3));
      const b = Float64Array.from({ length: n * k }, (_, q) => r() * 10 ** ((q % 5) - 2));
      const got = new Float64Array(m * n);
      const ts = new Float64Array(m * n);
      native.compensatedMatmulNt!(a, b, m, n, k, got);
      compensatedMatmulNTTypeScript(a, b, m, n, k, ts);
      const worst = (x: Float64Array, y: Float64Array) => x.reduce((w, v, i) => Math.max(w, Math.abs(v - y[i]) / ulp(y[i])), 0);
      if (level === 'sse2' || level === 'scalar') expect(same(got, ts)).toBe(true);
      else expect(worst(got, ts)).toBeLessThanOrEqual(1);
      const gotTn = new Float64Array(k * k);
      const tsTn = new Float64Array(k * k);
      native.compensatedMatmulTn!(a, a, m, k, k, gotTn);
      compensatedMatmulTNTypeScript(a, a, m, k, k, tsTn);
      if (level === 'sse2' || level === 'scalar') expect(same(gotTn, tsTn)).toBe(true);
      else expect(worst(gotTn, tsTn)).toBeLessThanOrEqual(1);
    }
  });
});
