// Readers of the JSON that OpenAI's transcription API (`response_format=verbose_json`), WhisperX,
// faster-whisper and openai-whisper write: `segments[]` of `{ start, end, text }`, words in seconds.
import type { Transcript, TranscriptSegment, TranscriptWord } from '../types';
import { arrayAt, at, checkOrder, expected, isObject, objectAt, optionalTimeAt, stringAt, timeAt, type JsonCursor } from './json-input';

/** One word `{ word, start?, end? }` (also accepts `text` for the word, as some exporters write). */
function readWord(value: unknown, cursor: JsonCursor): TranscriptWord {
  const o = objectAt(value, cursor);
  const key = 'word' in o ? 'word' : 'text' in o ? 'text' : 'word';
  const word = stringAt(o[key], at(cursor, key));
  const start = optionalTimeAt(o.start, at(cursor, 'start'));
  const end = start === undefined ? undefined : optionalTimeAt(o.end, at(cursor, 'end'));
  checkOrder(start, end, cursor);
  const out: TranscriptWord = { word };
  if (start !== undefined) out.start = start;
  if (end !== undefined) out.end = end;
  return out;
}

function readSegment(value: unknown, cursor: JsonCursor): TranscriptSegment {
  const o = objectAt(value, cursor);
  const start = timeAt(o.start, at(cursor, 'start'));
  const end = timeAt(o.end, at(cursor, 'end'));
  checkOrder(start, end, cursor);
  const segment: TranscriptSegment = { start, end, text: o.text === undefined ? '' : stringAt(o.text, at(cursor, 'text')) };
  if (o.words !== undefined) {
    const words = arrayAt(o.words, at(cursor, 'words'));
    segment.words = words.map((w, i) => readWord(w, at(at(cursor, 'words'), i)));
  }
  return segment;
}

function language(o: Record<string, unknown>): string | undefined {
  return typeof o.language === 'string' ? o.language : undefined;
}

/**
 * WhisperX / faster-whisper / openai-whisper JSON: `{ segments: [{ start, end, text, words?:
 * [{ word, start?, end? }] }], language? }`, or a bare array of such segments. Words that could not
 * be aligned (no `start`, or Python's NaN) are kept untimed.
 */
export function readWhisperXJson(value: unknown, file?: string): Transcript {
  const root: JsonCursor = { file, path: '$' };
  const segments = Array.isArray(value) ? value : arrayAt(objectAt(value, root).segments, at(root, 'segments'));
  const base = Array.isArray(value) ? root : at(root, 'segments');
  const transcript: Transcript = { segments: segments.map((s, i) => readSegment(s, at(base, i))) };
  const lang = isObject(value) ? language(value) : undefined;
  if (lang !== undefined) transcript.language = lang;
  return transcript;
}

/**
 * Gives each word of the flat list to a segment: in order, a word goes to the current segment
 * until its midpoint passes that segment's end (words between two segments go to the earlier one).
 */
function distributeWords(segments: TranscriptSegment[], words: TranscriptWord[]): void {
  let s = 0;
  for (const segment of segments) segment.words = [];
  for (const word of words) {
    const mid = word.start === undefined ? undefined : (word.start + (word.end ?? word.start)) / 2;
    while (mid !== undefined && s + 1 < segments.length && mid > segments[s].end && mid >= segments[s + 1].start) s++;
    segments[s].words?.push(word);
  }
}

/**
 * OpenAI `verbose_json` (`/v1/audio/transcriptions` with `timestamp_granularities` segment and/or
 * word): `{ task, language, duration, text, segments?: [...], words?: [{ word, start, end }] }`.
 * The top-level words are given to the segments by time; with words but no segments the whole
 * text becomes one segment.
 */
export function readOpenAiVerboseJson(value: unknown, file?: string): Transcript {
  const root: JsonCursor = { file, path: '$' };
  const o = objectAt(value, root);
  const words = o.words === undefined ? undefined : arrayAt(o.words, at(root, 'words')).map((w, i) => readWord(w, at(at(root, 'words'), i)));
  let segments: TranscriptSegment[];
  if (o.segments !== undefined) {
    segments = arrayAt(o.segments, at(root, 'segments')).map((s, i) => readSegment(s, at(at(root, 'segments'), i)));
  } else if (words && words.length > 0) {
    const times = words.filter((w) => w.start !== undefined);
    const start = times.length ? Math.min(...times.map((w) => w.start as number)) : 0;
    const end = times.length ? Math.max(...times.map((w) => w.end ?? (w.start as number))) : 0;
    segments = [{ start, end, text: typeof o.text === 'string' ? o.text : words.map((w) => w.word).join(' ') }];
  } else {
    throw expected(at(root, 'segments'), "an array of segments (or a top-level 'words' array)", o.segments);
  }
  if (words && segments.length > 0) distributeWords(segments, words);
  const transcript: Transcript = { segments };
  const lang = language(o);
  if (lang !== undefined) transcript.language = lang;
  return transcript;
}
