import { describe, expect, it } from 'vitest';
import { fbank, FbankComputer, FbankError, RealFft, wespeakerFeatures, WespeakerChunkFeatures } from '../src/index';

/** Bit-for-bit equality of two float32 arrays (fast on large arrays). */
function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function noise(n: number, seed = 1): Float32Array {
  let a = seed;
  return Float32Array.from({ length: n }, () => {
    a = (a * 1103515245 + 12345) % 2147483648;
    return (a / 2147483648 - 0.5) * 2000;
  });
}

describe('RealFft', () => {
  it.each([8, 16, 512, 400, 6])('matches a naive float64 DFT (n = %i) to 1e-12 relative', (n) => {
    const x = Float64Array.from(noise(n, n));
    const fft = new RealFft(n);
    const re = new Float64Array(n / 2 + 1);
    const im = new Float64Array(n / 2 + 1);
    fft.transform(x, re, im);
    let scale = 0;
    for (const v of x) scale += Math.abs(v);
    for (let k = 0; k <= n / 2; k++) {
      let sr = 0, si = 0;
      for (let j = 0; j < n; j++) { sr += x[j] * Math.cos((2 * Math.PI * j * k) / n); si -= x[j] * Math.sin((2 * Math.PI * j * k) / n); }
      expect(Math.abs(re[k] - sr) / scale).toBeLessThan(1e-12);
      expect(Math.abs(im[k] - si) / scale).toBeLessThan(1e-12);
    }
  });
  it('rejects odd sizes', () => {
    expect(() => new RealFft(7)).toThrow(RangeError);
  });
});

describe('options and input', () => {
  it('invalid options are clear FbankErrors', () => {
    const x = noise(1000);
    expect(() => fbank(x, { vtlnWarp: 0.9 })).toThrow(/vtlnWarp 0.9 is not supported/);
    expect(() => fbank(x, { numMelBins: 3 })).toThrow(/numMelBins/);
    expect(() => fbank(x, { lowFreq: 9000 })).toThrow(/bad frequency range/);
    expect(() => fbank(x, { preemphasisCoefficient: 1.5 })).toThrow(/preemphasisCoefficient/);
    expect(() => fbank(x, { frameShift: 0 })).toThrow(/window shift/);
    expect(() => fbank(x, { windowType: 'kaiser' as never })).toThrow(/invalid windowType/);
    expect(() => fbank(x, { frameLength: 25.0625, roundToPowerOfTwo: false })).toThrow(/must be even/);
    expect(() => fbank(x, { colour: 'red' } as never)).toThrow(/unknown fbank option 'colour'/);
    expect(() => fbank(noise(399))).toThrow(FbankError);
    expect(fbank(noise(1000), { minDuration: 1 }).frames).toBe(0);
  });
  it('NaN input propagates to NaN features (the log floor does not hide it)', () => {
    const x = noise(1000);
    x[500] = NaN;
    const f = fbank(x, { numMelBins: 40 });
    expect(f.data.some((v) => Number.isNaN(v))).toBe(true);
  });
  it('dither is deterministic for a seed and changes with it', () => {
    const x = new Float32Array(2000);
    const a = fbank(x, { dither: 1, seed: 7 });
    expect(sameBits(fbank(x, { dither: 1, seed: 7 }).data, a.data)).toBe(true);
    expect(sameBits(fbank(x, { dither: 1, seed: 8 }).data, a.data)).toBe(false);
    expect(fbank(x).data.every((v) => Math.abs(v - Math.log(2 ** -23)) < 1e-5)).toBe(true);
  });
});

describe('energy column', () => {
  it('useEnergy adds the energy column without changing the mel columns', () => {
    const x = noise(16000 * 3, 4);
    const a = fbank(x, { numMelBins: 40, windowType: 'hamming' });
    const b = fbank(x, { numMelBins: 40, windowType: 'hamming', useEnergy: true });
    const c = fbank(x, { numMelBins: 40, windowType: 'hamming', useEnergy: true, htkCompat: true });
    for (let t = 0; t < a.frames; t++) for (let m = 0; m < 40; m++) {
      expect(b.data[t * 41 + 1 + m]).toBe(a.data[t * 40 + m]);
      expect(c.data[t * 41 + m]).toBe(a.data[t * 40 + m]);
    }
    for (let t = 0; t < a.frames; t++) expect(c.data[t * 41 + 40]).toBe(b.data[t * 41]);
  });
  it('inputScale multiplies the input exactly: a computer with scale 2^15 equals fbank of the scaled copy', () => {
    const x = Float32Array.from(noise(8000, 6), (v) => v / 32768);
    const scaled = new FbankComputer({ numMelBins: 80, windowType: 'hamming' }, { inputScale: 32768 }).compute(x);
    expect(sameBits(scaled.data, fbank(Float32Array.from(x, (v) => v * 32768), { numMelBins: 80, windowType: 'hamming' }).data)).toBe(true);
    expect(() => new FbankComputer({}, { inputScale: NaN })).toThrow(/inputScale/);
  });
});

describe('streaming and reuse', () => {
  it('a reused FbankComputer gives the same features as fresh calls, and a sample range equals fbank of the slice', () => {
    const x = noise(48000);
    const fb = new FbankComputer({ numMelBins: 80, windowType: 'hamming' });
    const first = fb.compute(x.subarray(16000, 32000));
    fb.compute(x); // scratch reused in between
    expect(sameBits(fb.compute(x.subarray(16000, 32000)).data, first.data)).toBe(true);
    expect(sameBits(fbank(x.slice(16000, 32000), { numMelBins: 80, windowType: 'hamming' }).data, first.data)).toBe(true);
  });
  it('features of a long input are computed in blocks: frames beyond the first block equal their standalone computation', () => {
    const x = noise(16000 * 5);
    const all = fbank(x, { numMelBins: 23 });
    const tail = fbank(x.subarray(300 * 160), { numMelBins: 23 });
    expect(all.data.subarray(300 * 23, 310 * 23)).toEqual(tail.data.subarray(0, 10 * 23));
  });
  it('wespeakerFeatures of a 10 s chunk: 998 frames × 80 bands, each band centred', () => {
    const f = wespeakerFeatures(Float32Array.from(noise(160000), (v) => v / 32768));
    expect([f.frames, f.bins]).toEqual([998, 80]);
    for (let m = 0; m < 80; m++) {
      let s = 0;
      for (let t = 0; t < 998; t++) s += f.data[t * 80 + m];
      expect(Math.abs(s / 998)).toBeLessThan(1e-4);
    }
  });
});


describe('WespeakerChunkFeatures (features of every sliding chunk, computed once)', () => {
  const x = Float32Array.from(noise(16000 * 13 + 4321, 9), (v) => v / 32768);
  const C = 5; // 10 s windows every 1 s over 13.27 s: the last chunk is zero-padded
  const perChunk = (c: number) => {
    const chunk = new Float32Array(160000);
    chunk.set(x.subarray(c * 16000, Math.min(x.length, c * 16000 + 160000)));
    return wespeakerFeatures(chunk).data;
  };
  it('equals wespeakerFeatures of each chunk bit for bit, including the zero-padded last chunk', () => {
    const all = new WespeakerChunkFeatures(x, C);
    for (let c = 0; c < C; c++) expect(sameBits(all.chunk(c).data, perChunk(c))).toBe(true);
  });
  it('chunkRange writes consecutive chunks into a caller buffer, the same values in any request order', () => {
    const all = new WespeakerChunkFeatures(x, C);
    const T = all.framesPerChunk * 80;
    const buffer = new Float32Array(3 * T);
    expect(all.chunkRange(2, 3, buffer)).toBe(buffer);
    for (let i = 0; i < 3; i++) expect(sameBits(buffer.subarray(i * T, (i + 1) * T), perChunk(2 + i))).toBe(true);
    expect(sameBits(all.chunkRange(0, 2).subarray(T), perChunk(1))).toBe(true); // backwards: recomputed, same values
    expect(() => all.chunkRange(4, 2)).toThrow(FbankError);
    expect(() => all.chunkRange(0, 1, new Float32Array(5))).toThrow(/expected 1×998×80/);
  });
  it('keeps no copy of the recording: memory between calls is bounded by the request, not the recording length', () => {
    const bytes = (seconds: number) => {
      const all = new WespeakerChunkFeatures(new Float32Array(seconds * 16000), seconds - 9);
      const batch = new Float32Array(8 * all.framesPerChunk * 80);
      for (let c = 0; c < all.chunks; c += 8) all.chunkRange(c, Math.min(8, all.chunks - c), batch.subarray(0, Math.min(8, all.chunks - c) * all.framesPerChunk * 80));
      return all.cacheBytes;
    };
    const short = bytes(30);
    expect(bytes(600)).toBe(short);
    expect(short).toBeLessThan(2e6);
  });
});
