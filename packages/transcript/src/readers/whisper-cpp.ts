// Reader of whisper.cpp's JSON (`whisper-cli -oj`, and `-ojf` with tokens): `transcription[]` of
// `{ timestamps: { from, to }, offsets: { from, to } (ms), text, tokens?: [{ text, offsets?, id, p }] }`.
import type { Transcript, TranscriptSegment, TranscriptWord } from '../types';
import { arrayAt, at, checkOrder, expected, isObject, objectAt, stringAt, timeAt, type JsonCursor } from './json-input';
import { parseTimestamp } from './timestamp';

/** whisper.cpp's special tokens print as `[_BEG_]`, `[_TT_150]`, `[_SOT_]`, …; `<|…|>` in other builds. */
function isSpecialToken(text: string): boolean {
  return /^\[_.*\]$/.test(text) || /^<\|.*\|>$/.test(text);
}

/** `offsets: { from, to }` in milliseconds, else `timestamps: { from: "00:00:01,500", to }`; undefined when neither. */
function readSpan(o: Record<string, unknown>, cursor: JsonCursor, required: boolean): { start: number; end: number } | undefined {
  if (o.offsets !== undefined) {
    const c = at(cursor, 'offsets');
    const offsets = objectAt(o.offsets, c);
    const start = timeAt(offsets.from, at(c, 'from'), 'milliseconds') / 1000;
    const end = timeAt(offsets.to, at(c, 'to'), 'milliseconds') / 1000;
    checkOrder(start, end, cursor);
    return { start, end };
  }
  if (o.timestamps !== undefined) {
    const c = at(cursor, 'timestamps');
    const stamps = objectAt(o.timestamps, c);
    const parse = (key: 'from' | 'to') => {
      const text = stringAt(stamps[key], at(c, key));
      const t = parseTimestamp(text);
      if (t === undefined) throw expected(at(c, key), 'a timestamp like "00:00:01,500"', text);
      return t;
    };
    const start = parse('from');
    const end = parse('to');
    checkOrder(start, end, cursor);
    return { start, end };
  }
  if (required) throw expected(at(cursor, 'offsets'), 'the segment times { from, to } in milliseconds', undefined);
  return undefined;
}

/**
 * Words from whisper.cpp tokens: special tokens are dropped; a token that starts with a space
 * starts a new word, any other token (the rest of a word, punctuation) continues the current one.
 * A word runs from its first token's start to its last token's end; without token times it is untimed.
 */
function wordsFromTokens(tokens: unknown[], cursor: JsonCursor): TranscriptWord[] {
  const words: TranscriptWord[] = [];
  tokens.forEach((value, i) => {
    const c = at(cursor, i);
    const token = objectAt(value, c);
    const text = stringAt(token.text, at(c, 'text'));
    if (isSpecialToken(text) || text === '') return;
    const span = readSpan(token, c, false);
    const current = words[words.length - 1];
    if (!current || /^\s/.test(text)) {
      const word: TranscriptWord = { word: text };
      if (span) Object.assign(word, span);
      words.push(word);
      return;
    }
    current.word += text;
    if (span) {
      if (current.start === undefined) current.start = span.start;
      current.end = Math.max(current.end ?? span.end, span.end);
    }
  });
  return words;
}

/** whisper.cpp JSON (`-oj`, `-ojf`): segments from `transcription[]`; with `-ojf`, words from the tokens. */
export function readWhisperCppJson(value: unknown, file?: string): Transcript {
  const root: JsonCursor = { file, path: '$' };
  const o = objectAt(value, root);
  const c = at(root, 'transcription');
  const segments = arrayAt(o.transcription, c).map((v, i): TranscriptSegment => {
    const sc = at(c, i);
    const s = objectAt(v, sc);
    const span = readSpan(s, sc, true) as { start: number; end: number };
    const segment: TranscriptSegment = { ...span, text: stringAt(s.text, at(sc, 'text')) };
    if (s.tokens !== undefined) segment.words = wordsFromTokens(arrayAt(s.tokens, at(sc, 'tokens')), at(sc, 'tokens'));
    return segment;
  });
  const transcript: Transcript = { segments };
  const result = isObject(o.result) ? o.result : undefined;
  if (result && typeof result.language === 'string') transcript.language = result.language;
  return transcript;
}
