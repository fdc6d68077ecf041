import { afterAll, describe, expect, it } from 'vitest';
import { loadBackend, platformTriple, type NativeAddon } from '../src/native';
import { RealFft } from '../src/fft';
import { LogMelPlan, type LogMelSpec } from '../src/log-mel';
import { rng } from './rng';

// The native addon, loaded directly (whatever backend the rest of the suite runs on).
const { addon } = loadBackend({});
const native = addon as NativeAddon;

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

  /** A triangle-ish bank with empty, one-column and wide filters (zeros outside each band). */
  function bank(bins: number, nfft: number, r: () => number): Float32Array {
    const b = new Float32Array(bins * nfft);
    for (let m = 0; m < bins; m++) {
      if (m === 1) continue; // an all-zero filter
      const lo = Math.floor((m * (nfft - 1)) / (bins + 1));
      const width = m === 2 ? 1 : 1 + Math.floor((m * nfft) / (4 * bins));
      for (let k = lo; k < Math.min(nfft - 1, lo + width); k++) b[m * nfft + k] = Math.fround(0.5 + r());
    }
    return b;
  }

  /** The addon's logMelFrames (optional in the interface: addons built before it lack it). */
  const logMel: NonNullable<NativeAddon['logMelFrames']> = (...args) => {
    if (!native.logMelFrames) throw new Error('this addon has no logMelFrames: rebuild it (pnpm build:native)');
    native.logMelFrames(...args);
  };

  it.each(levels)('%s: logMelFrames is bit-identical to the TypeScript kernel (every option, 0..9 frames, NaN/Inf, FFT sizes 2..1024)', (level) => {
    native.setLevel(level);
    const r = rng(23);
    const shapes = [
      { windowSize: 400, shift: 160, fftSize: 512, numBins: 80 },
      { windowSize: 200, shift: 80, fftSize: 256, numBins: 23 }, // an odd number of radix-2 stages
      { windowSize: 5, shift: 3, fftSize: 8, numBins: 3 },
      { windowSize: 2, shift: 1, fftSize: 2, numBins: 1 },
      { windowSize: 1000, shift: 441, fftSize: 1024, numBins: 41 },
    ];
    const flags = [
      { removeDcOffset: true, preemphasis: 0.97, power: true, log: true, rawEnergy: true, inputScale: 32768 },
      { removeDcOffset: false, preemphasis: 0, power: false, log: false, rawEnergy: false, inputScale: 1 },
      { removeDcOffset: true, preemphasis: 0.5, power: true, log: true, rawEnergy: false, inputScale: 0.25 },
    ];
    let cases = 0;
    for (const shape of shapes) for (const flag of flags) {
      const nfft = shape.fftSize / 2 + 1;
      const spec: LogMelSpec = { ...shape, ...flag, window: Float64Array.from({ length: shape.windowSize }, () => 0.5 + r()), bank: bank(shape.numBins, nfft, r) };
      const plan = new LogMelPlan(spec);
      for (const count of [0, 1, 3, 8, 9]) {
        const n = count ? (count - 1) * shape.shift + shape.windowSize + 7 : 3;
        const x = Float32Array.from({ length: n }, () => Math.fround(r() * 2));
        if (count === 9) x[7 + 8 * shape.shift] = NaN; // the last frame
        if (count === 8) x[7] = Infinity; // the first frame
        const noise = count === 3 ? Float64Array.from({ length: count * shape.windowSize }, () => r() * 1e-3) : undefined;
        // rows wider than the bins (the fbank energy column) for the third flag set
        const stride = flag === flags[2] ? shape.numBins + 2 : shape.numBins;
        const offset = stride - shape.numBins - 1 > 0 ? 1 : 0;
        const want = new Float32Array(count * stride).fill(-7);
        const wantE = new Float64Array(count);
        plan.computeTs(x, 7, count, want, stride, offset, wantE, noise);
        const got = new Float32Array(count * stride).fill(-7);
        const gotE = new Float64Array(count).fill(-1);
        logMel(x, 7, count, plan.config, plan.window, plan.bank, plan.bands, plan.fft.cos, plan.fft.sin, plan.fft.bitrev, noise ?? new Float64Array(0), got, stride, offset, gotE);
        expect(same(got, want), `${JSON.stringify(shape)} ${JSON.stringify(flag)} count ${count}`).toBe(true);
        expect(same(gotE, wantE)).toBe(true);
        if (count > 0 && stride > shape.numBins) expect([got[0], got[stride - 1]]).toEqual([-7, -7]); // other columns untouched
        if (count >= 8) expect(want.some((v) => Number.isNaN(v)) || want.some((v) => !Number.isFinite(v))).toBe(true);
        cases++;
      }
    }
    expect(cases).toBe(75);
  });

  it('logMelFrames rejects bad shapes with errors', () => {
    const plan = new LogMelPlan({ windowSize: 4, shift: 2, fftSize: 8, numBins: 2, window: new Float64Array(4).fill(1), bank: new Float32Array(10), removeDcOffset: true, preemphasis: 0.97, power: true, log: true, rawEnergy: true });
    const call = (x: Float32Array, first: number, count: number, out: Float32Array, bands = plan.bands, stride = 2, offset = 0) =>
      logMel(x, first, count, plan.config, plan.window, plan.bank, bands, plan.fft.cos, plan.fft.sin, plan.fft.bitrev, new Float64Array(0), out, stride, offset, new Float64Array(0));
    expect(() => call(new Float32Array(7), 0, 3, new Float32Array(6))).toThrow(/3 frames from sample 0 need 8 samples, got 7/);
    expect(() => call(new Float32Array(8), 0, 3, new Float32Array(5))).toThrow(/out has 5 elements, expected 6/);
    expect(() => call(new Float32Array(8), 0, 1, new Float32Array(2), Int32Array.from([0, 9, 0, 0]))).toThrow(/band 0/);
    expect(() => call(new Float32Array(8), 0, 1, new Float32Array(3), plan.bands, 3, 2)).toThrow(/do not fit rows of 3/);
    expect(() => logMel(new Float32Array(8), 0, 1, { ...plan.config, fftSize: 6 }, plan.window, plan.bank, plan.bands, plan.fft.cos, plan.fft.sin, plan.fft.bitrev, new Float64Array(0), new Float32Array(2), 2, 0, new Float64Array(0))).toThrow(/power of two/);
  });

  it('bad lengths from JS are thrown errors, never crashes', () => {
    expect(() => native.dotF64(new Float64Array(3), new Float64Array(2))).toThrow(/b has 2 elements, expected 3/);
    expect(() => native.pdistF64(new Float64Array(5), 2, 3, false, new Float64Array(1))).toThrow(/x has 5 elements/);
    expect(() => native.neumaierMatmulNt(new Float64Array(4), new Float64Array(4), 2, 2, 2, new Float64Array(3))).toThrow(/out has 3/);
    expect(() => native.matmulBandedF32(new Float32Array(8), new Float32Array(4), Int32Array.from([0, 9]), 2, 1, 4, new Float32Array(2))).toThrow(/band 0/);
    expect(() => native.axpy(1, new Float64Array(4), new Float64Array(5))).toThrow(/expected 4/);
    // the algorithm kernels
    expect(() => native.linearSumAssignment!(new Float64Array(5), 2, 3, false, new Int32Array(2), new Int32Array(2))).toThrow(/cost has 5 elements, expected 6/);
    expect(() => native.linearSumAssignment!(new Float64Array(6), 2, 3, false, new Int32Array(3), new Int32Array(2))).toThrow(/row_ind has 3 elements, expected 2/);
    const shared = new Int32Array(4);
    expect(() => native.linearSumAssignment!(new Float64Array(4), 2, 2, false, shared.subarray(0, 2), shared.subarray(1, 3))).toThrow(/must not share memory/);
    expect(() => native.linkageF32!(new Float32Array(5), 3, 2, false, new Float64Array(8))).toThrow(/x has 5 elements/);
    expect(() => native.linkageF64!(new Float64Array(6), 3, 2, false, new Float64Array(7))).toThrow(/Z has 7 elements, expected 8/);
    expect(() => native.compensatedMatmulNt!(new Float64Array(4), new Float64Array(4), 2, 2, 2, new Float64Array(3))).toThrow(/out has 3/);
    expect(() => native.compensatedMatmulTn!(new Float64Array(4), new Float64Array(5), 2, 2, 2, new Float64Array(4))).toThrow(/b has 5/);
    expect(() => native.xvecTransformF32!(new Float32Array(8), 2, new Float64Array(4), new Float64Array(7), new Float64Array(2), new Float64Array(4))).toThrow(/lda has 7/);
    expect(() => native.pldaProject!(new Float64Array(4), 2, new Float64Array(2), new Float64Array(3), new Float64Array(4))).toThrow(/eigenvectors has 3/);
    expect(() => native.vbx!(new Float64Array(4), new Float64Array(2), new Float64Array(4), 2, 2, 2, 0.07, 0.8, 3, 1e-4, new Float64Array(2), new Float64Array(2))).toThrow(/elbo has 2 elements, expected at least maxIters = 3/);
  });

  it('an output that aliases an input is handled (input copied first)', () => {
    const y = Float64Array.from([1, 2, 3, 4, 5]);
    native.axpy(1, y, y);
    expect(Array.from(y)).toEqual([2, 4, 6, 8, 10]);
  });
});
