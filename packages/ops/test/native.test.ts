import { afterAll, describe, expect, it } from 'vitest';
import { loadBackend, platformTriple, type NativeAddon } from '../src/native';
import { RealFft } from '../src/fft';

// The native addon, loaded directly (whatever backend the rest of the suite runs on).
const { addon } = loadBackend({});
const native = addon as NativeAddon;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]) || (Number.isNaN(v) && Number.isNaN(b[i])));

describe.skipIf(!addon)(`native addon (${platformTriple()}), every SIMD level this CPU has`, () => {
  const levels = addon ? native.availableLevels() : [];
  const initial = addon ? native.simdLevel() : 'scalar';
  afterAll(() => native.setLevel(initial)); // the addon's level is process-wide
  it('reports its levels; forcing a level the CPU lacks or an unknown one is an error', () => {
    console.log(`native levels: ${levels.join(', ')}`);
    expect(levels).toContain('scalar');
    const missing = ['neon', 'avx512', 'avx2', 'sse2'].find((l) => !levels.includes(l));
    if (missing) expect(() => native.setLevel(missing)).toThrow(/not available on this CPU/);
    expect(() => native.setLevel('mmx')).toThrow(/unknown SIMD level/);
  });

  it.each(levels)('%s: per-output kernels are bit-identical to straightforward TypeScript loops (lengths 0..67)', (level) => {
    native.setLevel(level);
    const r = rng(7);
    for (let n = 0; n <= 67; n += 1) {
      const d = 1 + (n % 9);
      const x = Float64Array.from({ length: Math.min(n, 20) * d }, () => r() * 10);
      const rows = Math.min(n, 20);
      const out = new Float64Array((rows * (rows - 1)) / 2 || 0);
      native.pdistF64(x, rows, d, false, out);
      const ref: number[] = [];
      for (let i = 0; i < rows; i++) for (let j = i + 1; j < rows; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) { const diff = x[i * d + k] - x[j * d + k]; s += diff * diff; }
        ref.push(Math.sqrt(s));
      }
      expect(same(out, ref)).toBe(true);
      const y = Float64Array.from({ length: n }, () => r());
      const xs = Float64Array.from({ length: n }, () => r() * 1e-300); // denormal products
      const y2 = Float64Array.from(y);
      native.axpy(0.5, xs, y2);
      expect(same(y2, Array.from(y, (v, i) => v + 0.5 * xs[i]))).toBe(true);
    }
  });

  it.each(levels)('%s: compensated sums stay within the Neumaier bound; NaN and Inf propagate', (level) => {
    native.setLevel(level);
    const x = Float64Array.from([1e16, 1, -1e16, 3, 4, 5, 6, 7, 8, 9]);
    expect(native.neumaierSum(x)).toBe(43);
    expect(native.neumaierSum(Float64Array.from([1, NaN, 2]))).toBeNaN();
    expect(native.neumaierSum(Float64Array.from([1, Infinity, 2, 3, 4, 5, 6, 7, 8]))).toBe(Infinity);
    expect(native.neumaierSum(new Float64Array(0))).toBe(0);
  });

  it.each(levels)('%s: rfftSpectrum is bit-identical to the TypeScript FFT path (sizes 2..1024, NaN propagates)', (level) => {
    native.setLevel(level);
    const r = rng(11);
    for (const size of [2, 4, 8, 64, 512, 1024]) {
      const fft = new RealFft(size);
      const m = 3;
      const frames = Float64Array.from({ length: m * size }, () => Math.fround(r() * 30000));
      if (size === 512) frames[100] = NaN;
      const bins = size / 2 + 1;
      const got = new Float32Array(m * bins);
      native.rfftSpectrum(frames, m, size, fft.cos, fft.sin, fft.bitrev, true, got);
      const re = new Float64Array(bins);
      const im = new Float64Array(bins);
      const ref = new Float32Array(m * bins);
      for (let f = 0; f < m; f++) {
        fft.transform(frames.subarray(f * size, (f + 1) * size), re, im);
        for (let k = 0; k < bins; k++) {
          const a = Math.fround(re[k]);
          const b = Math.fround(im[k]);
          const mag = Math.fround(Math.sqrt(a * a + b * b));
          ref[f * bins + k] = Math.fround(mag * mag);
        }
      }
      expect(same(got, ref)).toBe(true);
    }
    const fft = new RealFft(8);
    expect(() => native.rfftSpectrum(new Float64Array(8), 1, 6, fft.cos, fft.sin, fft.bitrev, true, new Float32Array(4))).toThrow(/power of two/);
  });

  it('bad lengths from JS are thrown errors, never crashes', () => {
    expect(() => native.dotF64(new Float64Array(3), new Float64Array(2))).toThrow(/b has 2 elements, expected 3/);
    expect(() => native.pdistF64(new Float64Array(5), 2, 3, false, new Float64Array(1))).toThrow(/x has 5 elements/);
    expect(() => native.neumaierMatmulNt(new Float64Array(4), new Float64Array(4), 2, 2, 2, new Float64Array(3))).toThrow(/out has 3/);
    expect(() => native.matmulBandedF32(new Float32Array(8), new Float32Array(4), Int32Array.from([0, 9]), 2, 1, 4, new Float32Array(2))).toThrow(/band 0/);
    expect(() => native.axpy(1, new Float64Array(4), new Float64Array(5))).toThrow(/expected 4/);
  });

  it('an output that aliases an input is handled (input copied first)', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5]);
    native.axpy(1, y, y);
    expect(Array.from(y)).toEqual([2, 4, 6, 8, 10]);
  });
});
