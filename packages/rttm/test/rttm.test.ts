import { describe, expect, it } from 'vitest';
import { fixtureManifest, fixture } from '@dia/fixtures';
import { crop, formatFixed, formatRttm, overlapRegions, parseRttm, RttmError, sortSegments, speakerDurations, speakers, supportAnnotation, totalSpeech } from '../src/index';

describe('formatFixed (Python "{:.3f}")', () => {
  it('rounds exact ties to even, like Python, where toFixed rounds up', () => {
    expect((0.0625).toFixed(3)).toBe('0.063');
    expect(formatFixed(0.0625)).toBe('0.062');
    expect(formatFixed(0.1875)).toBe('0.188');
    expect(formatFixed(-0.0625)).toBe('-0.062');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
  });
  it('rounds non-ties by the exact binary value (Python: 0.0635 → 0.064, 1.0005 → 1.000, 2.675 → 2.67 at 2 digits)', () => {
    expect(formatFixed(0.0635)).toBe('0.064'); // exact value 0.063500000000000000888…
    expect(formatFixed(1.0005)).toBe('1.000');
    expect(formatFixed(2.675, 2)).toBe('2.67');
    expect(formatFixed(1234.5678)).toBe('1234.568');
    expect(formatFixed(0)).toBe('0.000');
  });
});

describe('parseRttm', () => {
  it('tolerates blank lines, comments, tabs, <NA> fields and groups by uri in order', () => {
    const text = ';; comment\n\nSPEAKER a 1 0.5\t1.25 <NA> <NA> S1 <NA> <NA>\nSPEAKER  b  1 2 3 <NA> <NA> S2 <NA> <NA>\nSPKR-INFO a 1 <NA> <NA> <NA> unknown S1 <NA> <NA>\nSPEAKER a <NA> 4 1 <NA> <NA> S2 0.9 <NA>\n';
    const anns = parseRttm(text);
    expect(anns.map((a) => a.uri)).toEqual(['a', 'b']);
    expect(anns[0].segments).toEqual([
      { start: 0.5, duration: 1.25, end: 1.75, speaker: 'S1', channel: 1 },
      { start: 4, duration: 1, end: 5, speaker: 'S2', channel: 1 },
    ]);
  });
  it('rejects malformed lines with the line number', () => {
    const bad = (t: string) => { try { parseRttm(t); } catch (e) { return e as RttmError; } throw new Error('no error'); };
    expect(bad('SPEAKER a 1 0 1 <NA> <NA> S <NA> <NA>\nSPEAKER a 1 x 1 <NA> <NA> S <NA> <NA>').message).toMatch(/RTTM line 2: start time "x"/);
    expect(bad('SPEAKER a 1 0 1').line).toBe(1);
    expect(bad('SPEAKER a 1 0 -1 <NA> <NA> S <NA> <NA>').message).toMatch(/negative duration/);
    expect(bad('speaker a 1 0 1 <NA> <NA> S <NA> <NA>').message).toMatch(/unknown record type/);
  });
});

describe('formatRttm round trip on the 14 reference RTTMs', () => {
  for (const entry of fixtureManifest()) {
    it(`${entry.name}: parse → format is byte-identical`, () => {
      const text = fixture(entry.name).referenceRttm();
      expect(formatRttm(parseRttm(text))).toBe(text);
    });
  }
});

describe('annotation helpers', () => {
  const seg = (start: number, end: number, speaker: string, track?: string) => ({ start, end, duration: end - start, speaker, channel: 1, track });
  const a = { uri: 'f', segments: [seg(0, 4, 'A'), seg(3, 6, 'B'), seg(6.5, 8, 'A'), seg(9, 10, 'A')] };
  it('speakers, total speech, per-speaker durations, overlap', () => {
    expect(speakers(a)).toEqual(['A', 'B']);
    expect(totalSpeech(a)).toBe(6 + 1.5 + 1);
    expect([...speakerDurations(a)]).toEqual([['A', 6.5], ['B', 3]]);
    expect(overlapRegions(a)).toEqual([{ start: 3, end: 4 }]);
  });
  it('support merges same-speaker gaps shorter than the collar; crop intersects', () => {
    expect(supportAnnotation(a, 1.5).segments.map((s) => [s.start, s.end, s.speaker])).toEqual([[0, 4, 'A'], [3, 6, 'B'], [6.5, 10, 'A']]);
    expect(crop(a, 3.5, 7).segments.map((s) => [s.start, s.end, s.speaker])).toEqual([[3.5, 4, 'A'], [3.5, 6, 'B'], [6.5, 7, 'A']]);
  });
  it('sortSegments orders by start, end, then track (pyannote itertracks)', () => {
    const s = sortSegments([seg(1, 2, 'x', 'B'), seg(0, 5, 'y', 'A'), seg(1, 2, 'z', 'A'), seg(1, 1.5, 'w', 'C')]);
    expect(s.map((x) => x.speaker)).toEqual(['y', 'w', 'z', 'x']);
  });
});
