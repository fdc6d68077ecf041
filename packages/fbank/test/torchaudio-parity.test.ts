import { afterAll, describe, expect, it } from 'vitest';
import { fbank, melBanks, wespeakerFeatures } from '../src/index';
import { ABS_TOL, loadVectors, RELIABLE_NOISE, score, type Score, type VectorCase } from './vectors';

const ref = loadVectors();
/** The goal for the WeSpeaker configuration on speech. */
const SPEECH_GOAL = 7e-5;
/**
 * A float64 port with torch's exact mel bank reproduces torchaudio-on-float64-input up to the float32
 * rounding of the output (≤ 1 ulp of |v| < 32, ~2e-6; the issue asks for ~6e-5).
 */
const F64_GOAL = 5e-6;

describe(`fbank vs torchaudio ${ref.torchaudio} (torch ${ref.torch}, ${ref.cpuCapability}) on ${ref.cases.length} committed cases`, () => {
  // torch evaluates ln() with SLEEF's vectorised float32 logf (≤ 1 ulp from correctly rounded); with
  // its emulation (src/logf.ts) every weight is bit-identical
  it('mel banks equal torchaudio get_mel_banks (float32) bit for bit', () => {
    for (const [key, expected] of Object.entries(ref.melBanks)) {
      const [nb, pad, sr, lo, hi] = (/^(\d+)-(\d+)-(\d+)-([\d.]+)-(-?[\d.]+)$/.exec(key) as RegExpExecArray).slice(1).map(Number);
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
      expect(diff).toBe(0);
    }
  });

  const scores: { c: VectorCase; s: Score }[] = [];
  it.each(ref.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const got = c.wespeaker ? wespeakerFeatures(c.x) : fbank(c.x, c.options);
    expect([got.frames, got.bins]).toEqual([c.frames, c.bins]);
    const s = score(c, got.data);
    scores.push({ c, s });
    console.log(`${c.name}: ${c.frames}×${c.bins}, worst strict |Δ| ${s.strict.toExponential(2)} at [${s.strictAt}] (${(100 * s.trusted).toFixed(1)} % trusted), to torchaudio-f64 ${s.toF64.toExponential(2)}`);
    expect(s.violations).toBe(0);
  });

  afterAll(() => {
    const worst = (pick: (x: { c: VectorCase; s: Score }) => boolean, key: 'strict' | 'toF64') =>
      scores.filter(pick).reduce((a, b) => (b.s[key] > a.s[key] ? b : a), scores[0]);
    const speech = worst((x) => x.c.group === 'speech-wespeaker', 'strict');
    const all = worst(() => true, 'strict');
    const f64 = worst(() => true, 'toF64');
    console.log(`fbank: worst strict |Δ| (torchaudio noise ≤ ${RELIABLE_NOISE}) ${all.s.strict.toExponential(2)} (${all.c.name}); WeSpeaker configuration on speech ${speech.s.strict.toExponential(2)} (${speech.c.name}), goal ≤ ${SPEECH_GOAL}; to torchaudio-f64 ${f64.s.toF64.toExponential(2)} (${f64.c.name})`);
  });

  it(`reaches the goals: strict ≤ ${ABS_TOL} everywhere, ≤ ${SPEECH_GOAL} on the WeSpeaker configuration over all speech cases, ≤ ${F64_GOAL} from torchaudio-f64`, () => {
    expect(scores.length).toBe(ref.cases.length);
    for (const { c, s } of scores) {
      expect.soft(s.strict, c.name).toBeLessThanOrEqual(ABS_TOL);
      if (c.group === 'speech-wespeaker') expect.soft(s.strict, c.name).toBeLessThanOrEqual(SPEECH_GOAL);
      expect.soft(s.toF64, c.name).toBeLessThanOrEqual(F64_GOAL);
    }
  });
});
