import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resample, resampledLength, Resampler } from '../src/audio/resample';

const ref = JSON.parse(readFileSync(new URL('./data/resample-torchaudio.json', import.meta.url), 'utf8')) as { torchaudio: string; cases: { orig: number; x: string; y: string; noise: number }[] };
const f32 = (b: string) => { const buf = Buffer.from(b, 'base64'); return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)); };

describe(`resample vs torchaudio ${ref.torchaudio} functional.resample`, () => {
  it.each(ref.cases.map((c) => [c.orig, c] as const))('%i Hz → 16 kHz: same length, max |Δ| ≤ 1e-6', (_, c) => {
    const y = f32(c.y);
    const got = resample(f32(c.x), c.orig, 16000);
    expect(got.length).toBe(y.length);
    let worst = 0;
    for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(got[i] - y[i]));
    console.log(`${c.orig} Hz: ${y.length} samples, max |Δ| ${worst.toExponential(2)} (torchaudio f32 vs f64: ${c.noise.toExponential(2)})`);
    expect(worst).toBeLessThanOrEqual(1e-6);
  });
  it('is the identity at 16 kHz and rejects non-integer rates', () => {
    const x = new Float32Array([1, 2, 3]);
    expect(resample(x, 16000, 16000)).toBe(x);
    expect(() => resample(x, 44100.5, 16000)).toThrow(RangeError);
  });
});

/** Deterministic noise with speech-like level changes (xorshift32), so every tap matters. */
function signal(n: number, seed: number): Float32Array {
  const x = new Float32Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    x[i] = ((s / 4294967296) * 2 - 1) * (0.2 + 0.8 * Math.abs(Math.sin(i / 997)));
  }
  return x;
}

/** Pushes `x` in blocks of the given sizes (cycled) and concatenates the outputs and the flush. */
function streamed(x: Float32Array, orig: number, sizes: number[]): Float32Array {
  const r = new Resampler(orig, 16000);
  const parts: Float32Array[] = [];
  for (let from = 0, i = 0; from < x.length; i++) {
    const n = Math.min(sizes[i % sizes.length], x.length - from);
    parts.push(r.push(x.subarray(from, from + n)));
    from += n;
  }
  parts.push(r.flush());
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

const differing = (a: Float32Array, b: Float32Array) => {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) d++;
  return d;
};

describe('Resampler (block by block) vs resample (whole signal)', () => {
  // 44.1 kHz → orig 441, target 160, 17 taps of reach; 22.05 kHz → 441/320; 8 kHz → 1/2 (upsampling);
  // 48 kHz → 3/1; 11 025 Hz → 441/640, 32 kHz, 96 kHz, and 7 Hz (coprime with 16 kHz: the kernel
  // has 16 000 phases; torchaudio's cost grows the same way, so real coprime rates are impractical)
  const rates = [44100, 22050, 8000, 48000, 11025, 32000, 96000, 7];
  it.each(rates)('%i Hz: identical samples for blocks of 1, 2, 3, the filter reach ± 1, the taps ± 1, the period ± 1, 4096 and irregular sizes', (orig) => {
    const x = signal(orig <= 7 ? 50 : Math.min(3 * orig, 50_000) + 13, orig);
    const whole = resample(x, orig, 16000);
    const g = (a: number, b: number): number => (b ? g(b, a % b) : a);
    const period = orig / g(orig, 16000);
    const reach = Math.ceil((6 * period) / (Math.min(period, 16000 / g(orig, 16000)) * 0.99)); // torchaudio's `width`
    const taps = 2 * reach + period;
    const sizeSets = [[1], [2], [3], [reach - 1, reach, reach + 1], [taps - 1, taps, taps + 1], [period - 1, period, period + 1], [4096], [997, 1, 31, 2 * period + 5, 7]];
    for (const sizes of sizeSets) {
      const got = streamed(x, orig, sizes);
      expect(got.length).toBe(whole.length);
      expect(differing(got, whole)).toBe(0);
    }
  });
  it('gives nothing for no input, passes 16 kHz through, and refuses pushes after flush', () => {
    const r = new Resampler(44100, 16000);
    expect(r.flush().length).toBe(0);
    expect(() => r.push(new Float32Array(1))).toThrow(/after flush/);
    const same = new Resampler(16000, 16000);
    const x = signal(10, 3);
    expect(same.push(x)).toBe(x);
    expect(same.flush().length).toBe(0);
    expect(resampledLength(441, 44100, 16000)).toBe(160);
    expect(resampledLength(1, 44100, 16000)).toBe(1);
  });
});
