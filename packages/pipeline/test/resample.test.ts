import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resample } from '../src/audio/resample';

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
