// Real files: a whisper.cpp -ojf JSON and an OpenAI verbose_json of two parity clips (words and
// timings recognised by PocketSphinx 5.1.1, see scripts/gen_asr_fixtures.py), attributed to the
// speakers of pyannote's reference RTTM and checked against whisperX on the same words and turns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixture } from '@dia/fixtures';
import { overlapRegions, parseRttm } from '@dia/rttm';
import { assignSpeakers, detectTranscriptFormat, readTranscript, type Transcript } from '../src/index';

interface Expected {
  fixture: string;
  words: string[];
  default: (string | null)[];
  fillNearest: (string | null)[];
}
const data = (name: string) => readFileSync(new URL(`./data/asr/${name}`, import.meta.url), 'utf8');
const expected = JSON.parse(data('expected-speakers.json')) as { files: Record<string, Expected> };
const words = (t: Transcript) => t.segments.flatMap((s) => s.words ?? []);

describe.each([
  ['07.whisper-cpp.json', 'whisper.cpp'],
  ['02.openai-verbose.json', 'openai'],
])('%s', (file, format) => {
  const want = expected.files[file];
  const text = data(file);
  const reference = parseRttm(fixture(want.fixture).referenceRttm())[0];

  it(`is detected as ${format} and read to the recognised words`, () => {
    expect(detectTranscriptFormat(text)).toBe(format);
    expect(words(readTranscript(text, { file })).map((w) => w.word)).toEqual(want.words);
  });

  it("gives every word whisperX's speaker against pyannote's reference RTTM (overlapping turns, with and without fill_nearest)", () => {
    const transcript = readTranscript(text, { file });
    for (const fillNearest of [false, true]) {
      const got = words(assignSpeakers(transcript, reference, { turns: 'overlapping', fillNearest })).map((w) => w.speaker ?? null);
      expect(got).toEqual(fillNearest ? want.fillNearest : want.default);
    }
  });

  it('the default (exclusive view) agrees with whisperX on every word outside overlapped speech', () => {
    const overlaps = overlapRegions(reference);
    const transcript = readTranscript(text, { file });
    const got = words(assignSpeakers(transcript, reference));
    let outside = 0;
    got.forEach((w, i) => {
      const start = w.start as number;
      const end = w.end as number;
      if (overlaps.some((o) => o.start < end && o.end > start)) return;
      outside++;
      expect(w.speaker ?? null).toBe(want.default[i]);
    });
    expect(outside).toBeGreaterThan(got.length / 2);
  });
});
