// How close @dia/transcript's exclusive view of overlapping turns (for RTTMs that come without
// pyannote's exclusive diarization) is to pyannote's exclusive_speaker_diarization, which the
// replay reproduces with the reconstruction that gives the reference RTTM byte for byte (count ≤ 1).
import { describe, expect, it } from 'vitest';
import { fixturesWithIntermediates } from '@dia/fixtures';
import { exclusiveTurns, type Turn } from '@dia/transcript';
import { replayFixture } from '../src/index';

/** The speaker of the first turn covering t (turns of an exclusive view do not overlap). */
function speakerAt(turns: readonly Turn[], t: number): string | undefined {
  return turns.find((x) => x.start <= t && t < x.end)?.speaker;
}

describe('exclusiveTurns against pyannote\'s exclusive diarization, 8 fixtures with intermediates', () => {
  const totals = { overlap: 0, overlapAgree: 0, single: 0, singleAgree: 0 };
  for (const { name } of fixturesWithIntermediates()) {
    const { result } = replayFixture(name);
    const turns = result.annotation.segments;
    const ours = exclusiveTurns(turns);
    const theirs = result.exclusiveAnnotation.segments;
    const bounds = [...new Set([...turns, ...theirs].flatMap((t) => [t.start, t.end]))].sort((a, b) => a - b);
    for (let i = 0; i + 1 < bounds.length; i++) {
      const mid = (bounds[i] + bounds[i + 1]) / 2;
      const active = turns.filter((t) => t.start <= mid && mid < t.end).length;
      if (active === 0) continue;
      const length = bounds[i + 1] - bounds[i];
      const agree = speakerAt(ours, mid) === speakerAt(theirs, mid) ? length : 0;
      if (active > 1) { totals.overlap += length; totals.overlapAgree += agree; } else { totals.single += length; totals.singleAgree += agree; }
    }
  }

  it('agrees everywhere only one speaker talks', () => {
    expect(totals.singleAgree).toBe(totals.single);
    expect(totals.single).toBeGreaterThan(2600);
  });

  it('gives the same speaker on 75.3 % of the overlapped speech (the figure in @dia/transcript\'s README)', () => {
    console.log(`overlapped ${totals.overlap.toFixed(2)} s, same speaker ${(100 * totals.overlapAgree / totals.overlap).toFixed(1)} %`);
    expect(totals.overlap).toBeCloseTo(52.01, 2);
    expect(totals.overlapAgree / totals.overlap).toBeGreaterThanOrEqual(0.753);
  });
});
