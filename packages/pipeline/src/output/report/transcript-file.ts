// Reads the transcript a report shows beside the timeline: the JSON transcript format
// (`segments[{ start, end, speaker, text, words[{ start, end, word, speaker }] }]`, whisperX's field names).
import { ReportError } from './report-error';

/** One transcribed word; a word the recogniser could not time has no times. */
export interface TranscriptWord {
  word: string;
  start?: number;
  end?: number;
  speaker?: string;
}

/** One transcript segment. Times in seconds. */
export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
  speaker?: string;
  words?: TranscriptWord[];
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const optionalTime = (x: unknown): number | undefined => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);

function word(value: unknown, where: string): TranscriptWord {
  if (!isRecord(value) || typeof value.word !== 'string') throw new ReportError('INVALID_TRANSCRIPT', `${where}: a word needs a 'word' string (got ${JSON.stringify(value)})`);
  const w: TranscriptWord = { word: value.word };
  const start = optionalTime(value.start);
  const end = optionalTime(value.end);
  if (start !== undefined && end !== undefined) { w.start = start; w.end = end; }
  if (typeof value.speaker === 'string') w.speaker = value.speaker;
  return w;
}

/**
 * Reads a JSON transcript: `{ segments: [...] }` or a bare array of segments, each with numeric
 * `start` ≤ `end` and `text`, optionally `speaker` and timed `words`. Segments are returned sorted
 * by start. Throws `ReportError` (`INVALID_TRANSCRIPT`) naming the first bad entry.
 */
export function parseTranscript(text: string, where = 'the transcript'): TranscriptSegment[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReportError('INVALID_TRANSCRIPT', `${where} is not valid JSON (expected { segments: [{ start, end, text, speaker, words }] }): ${(err as Error).message}`);
  }
  const list = Array.isArray(value) ? value : isRecord(value) && Array.isArray(value.segments) ? value.segments : undefined;
  if (!list) throw new ReportError('INVALID_TRANSCRIPT', `${where}: expected { segments: [{ start, end, text, speaker, words }] }`);
  const segments = list.map((s: unknown, i: number): TranscriptSegment => {
    if (!isRecord(s) || typeof s.text !== 'string' || !Number.isFinite(s.start) || !Number.isFinite(s.end) || (s.end as number) < (s.start as number)) {
      throw new ReportError('INVALID_TRANSCRIPT', `${where}: segment ${i} needs numeric start ≤ end and a text string (got ${JSON.stringify(s)})`);
    }
    const seg: TranscriptSegment = { start: s.start as number, end: s.end as number, text: s.text };
    if (typeof s.speaker === 'string') seg.speaker = s.speaker;
    if (Array.isArray(s.words)) seg.words = s.words.map((w, j) => word(w, `${where}: segment ${i} word ${j}`));
    return seg;
  });
  return segments.sort((a, b) => a.start - b.start || a.end - b.end);
}
