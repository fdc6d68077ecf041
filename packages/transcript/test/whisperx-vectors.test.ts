import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignSpeakers, type Transcript, type Turn } from '../src/index';
import { TurnIndex } from '../src/turn-index';

interface Case {
  name: string;
  fillNearest: boolean;
  diarization: Turn[];
  transcript: Transcript;
  expected: { segments: (string | null)[]; words: ((string | null)[] | null)[] };
}

const vectors = JSON.parse(readFileSync(new URL('./data/whisperx-vectors.json', import.meta.url), 'utf8')) as { reference: { version: string }; cases: Case[] };

describe(`assignSpeakers against whisperX ${vectors.reference.version} assign_word_speakers`, () => {
  it(`gives whisperX's speaker to every segment and timed word of the ${vectors.cases.length} cases (overlapping turns, as whisperX)`, () => {
    let segments = 0;
    let words = 0;
    const differences: string[] = [];
    for (const c of vectors.cases) {
      const out = assignSpeakers(c.transcript, c.diarization, { turns: 'overlapping', fillNearest: c.fillNearest });
      out.segments.forEach((s, i) => {
        segments++;
        if ((s.speaker ?? null) !== c.expected.segments[i]) differences.push(`${c.name} fill=${c.fillNearest} segment ${i}: ${s.speaker} vs ${c.expected.segments[i]}`);
        s.words?.forEach((w, j) => {
          if (c.transcript.segments[i].words?.[j].start === undefined) return; // untimed: checked below
          words++;
          const want = c.expected.words[i]?.[j] ?? null;
          if ((w.speaker ?? null) !== want) differences.push(`${c.name} fill=${c.fillNearest} segment ${i} word ${j}: ${w.speaker} vs ${want}`);
        });
      });
    }
    expect(differences).toEqual([]);
    // the vectors' size (1,730 segments, 8,448 timed words): a truncated file must not pass
    expect(segments).toBeGreaterThanOrEqual(1730);
    expect(words).toBeGreaterThanOrEqual(8448);
  });

  it('includes equal-overlap ties (decided by turn order, as whisperX) and words that overlap no turn', () => {
    let ties = 0;
    let unmatched = 0;
    for (const c of vectors.cases) {
      const index = new TurnIndex(c.diarization);
      for (const s of c.transcript.segments) {
        for (const w of s.words ?? []) {
          if (w.start === undefined) continue;
          const totals = new Map<string, number>();
          for (const o of index.query(w.start, w.end ?? w.start)) totals.set(o.speaker, (totals.get(o.speaker) ?? 0) + o.overlap);
          const sorted = [...totals.values()].sort((a, b) => b - a);
          if (sorted.length === 0) unmatched++;
          else if (sorted.length > 1 && sorted[0] === sorted[1]) ties++;
        }
      }
    }
    expect(ties).toBeGreaterThan(50);
    expect(unmatched).toBeGreaterThan(500);
  });

  it('gives words without a start, which whisperX leaves unassigned, their segment speaker', () => {
    let untimed = 0;
    for (const c of vectors.cases) {
      const out = assignSpeakers(c.transcript, c.diarization, { turns: 'overlapping', fillNearest: c.fillNearest });
      c.transcript.segments.forEach((s, i) => {
        s.words?.forEach((w, j) => {
          if (w.start !== undefined) return;
          untimed++;
          expect(c.expected.words[i]?.[j]).toBeNull();
          expect(out.segments[i].words?.[j].speaker ?? null).toBe(c.expected.segments[i]);
        });
      });
    }
    expect(untimed).toBeGreaterThan(100);
  });

  it('does not modify its input', () => {
    const c = vectors.cases[0];
    const before = JSON.stringify(c.transcript);
    assignSpeakers(c.transcript, c.diarization, { turns: 'overlapping' });
    expect(JSON.stringify(c.transcript)).toBe(before);
  });
});
