import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fbank, melBanks, wespeakerFeatures, type FbankOptions } from '../src/index';

interface Case { name: string; wespeaker: boolean; options: FbankOptions; x: string; frames: number; bins: number; y: string; noise: string }
const ref = JSON.parse(readFileSync(new URL('./data/torchaudio-vectors.json', import.meta.url), 'utf8')) as {
  torch: string; torchaudio: string; cases: Case[]; melBanks: Record<string, string>;
};
const f32 = (b: string) => { const buf = Buffer.from(b, 'base64'); return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length)); };

/** Tolerance rule of the issue: 1e-4 where torchaudio's own float32 noise is ≤ 1e-5, else 1e-4 + 20 × noise. */
const RELIABLE_NOISE = 1e-5;
const ABS_TOL = 1e-4;

describe(`fbank vs torchaudio ${ref.torchaudio} (torch ${ref.torch}) on ${ref.cases.length} committed cases`, () => {
  // torch evaluates ln() with its vectorised float32 logf (≤ 1 ulp from correctly rounded), which
  // moves 3 of 256 FFT-bin mel values by one ulp and so a handful of weights by ~1e-6: exactness is
  // not achievable without re-implementing that logf; the weights must agree within 1e-5.
  it('mel banks equal torchaudio get_mel_banks (float32) within 1e-5 per weight', () => {
    for (const [key, b64] of Object.entries(ref.melBanks)) {
      const [nb, pad, sr, lo, hi] = (/^(\d+)-(\d+)-(\d+)-([\d.]+)-(-?[\d.]+)$/.exec(key) as RegExpExecArray).slice(1).map(Number);
      const expected = f32(b64);
      const got = melBanks(nb, pad, sr, lo, hi);
      const cols = pad / 2 + 1;
      let diff = 0;
      let worst = 0;
      for (let m = 0; m < nb; m++) for (let k = 0; k < pad / 2; k++) {
        const d = Math.abs(got[m * cols + k] - expected[m * (pad / 2) + k]);
        if (d > 0) diff++;
        worst = Math.max(worst, d);
      }
      console.log(`mel bank ${key}: ${diff} of ${nb * (pad / 2)} weights differ, max |Δ| ${worst.toExponential(2)}`);
      expect(worst).toBeLessThanOrEqual(1e-5);
    }
  });

  const worst: { name: string; reliable: number; all: number }[] = [];
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const x = f32(c.x);
    const got = c.wespeaker ? wespeakerFeatures(x) : fbank(x, c.options);
    expect([got.frames, got.bins]).toEqual([c.frames, c.bins]);
    const y = f32(c.y);
    const noise = f32(c.noise);
    let reliable = 0;
    let all = 0;
    let violations = 0;
    // log features are compared absolutely; linear (useLogFbank: false) ones relative to their size
    const linear = c.options.useLogFbank === false;
    for (let i = 0; i < y.length; i++) {
      const scale = linear ? Math.max(Math.abs(y[i]), 1e-30) : 1;
      const d = Math.abs(got.data[i] - y[i]) / scale;
      noise[i] /= scale;
      if (Number.isNaN(d) && !(Number.isNaN(got.data[i]) && Number.isNaN(y[i]))) violations++;
      if (noise[i] <= RELIABLE_NOISE) reliable = Math.max(reliable, d);
      all = Math.max(all, d);
      const tol = noise[i] <= RELIABLE_NOISE ? ABS_TOL : ABS_TOL + 20 * noise[i];
      if (d > tol) violations++;
    }
    worst.push({ name: c.name, reliable, all });
    console.log(`${c.name}: ${c.frames}×${c.bins}, max|Δ| reliable ${reliable.toExponential(2)}, all ${all.toExponential(2)}`);
    expect(violations).toBe(0);
  });

  it('reports the worst max-abs over reliable elements', () => {
    const w = worst.reduce((a, b) => (b.reliable > a.reliable ? b : a), { name: '-', reliable: 0, all: 0 });
    console.log(`fbank: worst max|Δ| over reliable elements ${w.reliable.toExponential(2)} (${w.name}); goal ≤ 7e-5`);
    expect(w.reliable).toBeLessThanOrEqual(ABS_TOL);
  });
});
