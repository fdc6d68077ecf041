import { describe, expect, it } from 'vitest';
import { assignSpeakers, exclusiveTurns, splitAtSpeakerChanges, TranscriptError, turnsToMatch, type Transcript, type Turn } from '../src/index';

const A = 'SPEAKER_00';
const B = 'SPEAKER_01';
const turn = (start: number, end: number, speaker: string): Turn => ({ start, end, speaker });

describe('exclusiveTurns', () => {
  it('returns turns without overlap unchanged (same array)', () => {
    const turns = [turn(0, 1, A), turn(1, 2, B), turn(3, 4, A)];
    expect(exclusiveTurns(turns)).toBe(turns);
  });
  it('gives each overlapped stretch to the longest covering turn and merges stretches of one speaker', () => {
    // A talks 0–10, B interjects 4–5 and again 9–12 (B's second turn is shorter than A's)
    const out = exclusiveTurns([turn(0, 10, A), turn(4, 5, B), turn(9, 12, B)]);
    expect(out).toEqual([turn(0, 10, A), turn(10, 12, B)]);
  });
  it('covers exactly the union of the turns, one speaker at a time, whatever the input order', () => {
    const turns = [turn(5, 9, B), turn(0, 6, A), turn(8, 8.5, A), turn(12, 13, B), turn(12.5, 14, A)];
    const out = exclusiveTurns(turns);
    const reversed = exclusiveTurns([...turns].reverse());
    expect(reversed).toEqual(out);
    for (let i = 1; i < out.length; i++) expect(out[i].start).toBeGreaterThanOrEqual(out[i - 1].end);
    const total = out.reduce((s, t) => s + (t.end - t.start), 0);
    expect(total).toBe(9 + 2); // union: [0, 9] and [12, 14]
    expect(out).toEqual([turn(0, 6, A), turn(6, 9, B), turn(12, 12.5, B), turn(12.5, 14, A)]);
  });
  it('equal lengths: the earlier turn, then the smaller label', () => {
    expect(exclusiveTurns([turn(1, 3, B), turn(0, 2, A)])).toEqual([turn(0, 2, A), turn(2, 3, B)]);
    expect(exclusiveTurns([turn(0, 2, B), turn(0, 2, A)])).toEqual([turn(0, 2, A)]);
  });
});

describe('which turns are matched', () => {
  const overlapping = [turn(0, 10, A), turn(4, 6, B)];
  const transcript: Transcript = { segments: [{ start: 4, end: 6, text: 'interjection', words: [{ word: 'interjection', start: 4.5, end: 5.5 }] }] };
  it('default exclusive: a DiarizationResult-like object supplies its exclusiveAnnotation', () => {
    const result = { segments: overlapping, exclusiveAnnotation: { segments: [turn(0, 4, A), turn(4, 6, B), turn(6, 10, A)] } };
    expect(turnsToMatch(result)).toBe(result.exclusiveAnnotation.segments);
    expect(assignSpeakers(transcript, result).segments[0].speaker).toBe(B);
  });
  it('default exclusive on overlapping turns without an exclusive view: derived (the longer turn wins)', () => {
    expect(assignSpeakers(transcript, overlapping).segments[0].words?.[0].speaker).toBe(A);
  });
  it("'overlapping': the turns as given, as whisperX (equal overlap → the turn that starts first)", () => {
    expect(assignSpeakers(transcript, { segments: overlapping }, { turns: 'overlapping' }).segments[0].speaker).toBe(A);
    const later = { segments: [{ start: 4.8, end: 5.6, text: 'x' }] };
    expect(assignSpeakers(later, overlapping, { turns: 'overlapping' }).segments[0].speaker).toBe(A); // 0.8 each: A's turn starts first
  });
  it('rejects invalid turns and options with a TranscriptError', () => {
    expect(() => assignSpeakers(transcript, [turn(2, 1, A)])).toThrow(/turn 0: ends \(1\) before it starts \(2\)/);
    expect(() => assignSpeakers(transcript, [turn(0, Number.NaN, A)])).toThrow(TranscriptError);
    expect(() => assignSpeakers(transcript, [turn(0, 1, '')])).toThrow(/speaker must be a non-empty string/);
    expect(() => assignSpeakers(transcript, overlapping, { turns: 'both' as 'exclusive' })).toThrow(/turns must be 'exclusive' or 'overlapping'/);
  });
  it('replaces speakers already in the transcript; an empty diarization leaves none', () => {
    const labelled: Transcript = { segments: [{ start: 0, end: 1, text: 'x', speaker: 'OLD', words: [{ word: 'x', start: 0, end: 1, speaker: 'OLD' }] }] };
    expect(assignSpeakers(labelled, [turn(0, 1, A)]).segments[0]).toEqual({ start: 0, end: 1, text: 'x', speaker: A, words: [{ word: 'x', start: 0, end: 1, speaker: A }] });
    expect(assignSpeakers(labelled, [], { fillNearest: true }).segments[0]).toEqual({ start: 0, end: 1, text: 'x', words: [{ word: 'x', start: 0, end: 1 }] });
  });
});

describe('splitAtSpeakerChanges', () => {
  const turns = [turn(0, 2, A), turn(2, 4, B)];
  const transcript: Transcript = {
    segments: [
      {
        start: 0,
        end: 4,
        text: ' Hello there, how are you? Fine, thanks.',
        words: [
          { word: ' Hello', start: 0.1, end: 0.5 },
          { word: ' there,', start: 0.6, end: 1.0 },
          { word: ' how', start: 1.1, end: 1.3 },
          { word: ' are' },
          { word: ' you?', start: 1.5, end: 1.9 },
          { word: ' Fine,', start: 2.2, end: 2.6 },
          { word: ' thanks.', start: 2.7, end: 3.2 },
        ],
      },
      { start: 5, end: 6, text: ' no words' },
    ],
  };
  it('cuts where the speaker changes; the text is cut from the segment text; untimed words take their piece speaker', () => {
    const out = assignSpeakers(transcript, turns, { split: true, fillNearest: true });
    expect(out.segments.map((s) => [s.start, s.end, s.text, s.speaker])).toEqual([
      [0, 1.9, 'Hello there, how are you?', A],
      [2.2, 4, 'Fine, thanks.', B],
      [5, 6, ' no words', B],
    ]);
    expect(out.segments[0].words?.[3]).toEqual({ word: ' are', speaker: A });
    expect(out.segments[1].words?.map((w) => w.speaker)).toEqual([B, B]);
  });
  it('words that cannot be found in the text are joined (own spaces kept, else single spaces)', () => {
    const t = assignSpeakers({ segments: [{ start: 0, end: 4, text: 'different', words: [{ word: 'a', start: 0, end: 1 }, { word: 'b', start: 3, end: 4 }] }] }, turns);
    expect(splitAtSpeakerChanges(t).segments.map((s) => s.text)).toEqual(['a', 'b']);
  });
  it('a segment of one speaker, or without timed words, is kept whole', () => {
    const one: Transcript = { segments: [{ start: 0, end: 1, text: 'a b', words: [{ word: 'a', start: 0, end: 0.5 }, { word: 'b' }] }] };
    const out = assignSpeakers(one, turns, { split: true });
    expect(out.segments).toHaveLength(1);
    expect(out.segments[0].words?.[1].speaker).toBe(A);
  });
  it('a word outside every turn (no fill) does not cut; it stays in the piece it falls in', () => {
    const gap: Transcript = { segments: [{ start: 0, end: 9, text: 'a b c', words: [{ word: 'a', start: 0, end: 1 }, { word: 'b', start: 5, end: 6 }, { word: 'c', start: 8, end: 9 }] }] };
    const out = assignSpeakers(gap, [turn(0, 2, A), turn(7, 9, B)], { split: true });
    expect(out.segments.map((s) => [s.text, s.speaker, s.words?.map((w) => w.speaker ?? null)])).toEqual([
      ['a b', A, [A, null]],
      ['c', B, [B]],
    ]);
  });
});
