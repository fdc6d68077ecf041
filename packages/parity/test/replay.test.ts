import { describe, expect, it } from 'vitest';
import { fixturesWithIntermediates } from '@dia/fixtures';
import { describeDeviation, replayFixture } from '../src/index';

// Every fixture with captured pyannote intermediates (01–06, 08, 10): replaying its segmentations
// and raw embeddings must reproduce every stage within SPEC.md's tolerances and the reference
// RTTM byte for byte.
describe.each(fixturesWithIntermediates().map((f) => f.name))('replay of %s', (name) => {
  const outcome = replayFixture(name);

  it.each(outcome.stages.map((s) => [s.stage, s] as const))('stage %s is within tolerance', (_, s) => {
    const tol = s.relTolerance !== undefined ? `rel ≤ ${s.relTolerance}` : s.tolerance === 0 ? 'exact' : `≤ ${s.tolerance}`;
    console.log(`${name} ${s.stage}: ${describeDeviation(s.deviation)} (required ${tol})`);
    if (s.relTolerance !== undefined) {
      expect(s.deviation.length).not.toBe(Infinity);
      expect(s.deviation.maxRel).toBeLessThanOrEqual(s.relTolerance);
    } else {
      expect(s.deviation.maxAbs).toBeLessThanOrEqual(s.tolerance);
    }
  });

  it('prints the reference RTTM line by line, with DER 0', () => {
    console.log(`${name}: ${outcome.result.speakers.length} speakers, DER ${outcome.der.toFixed(4)}, replay ${outcome.milliseconds.toFixed(0)} ms`);
    expect(outcome.rttm.split('\n')).toEqual(outcome.referenceRttm.split('\n'));
    expect(outcome.der).toBe(0);
  });
});
