// Speaker attribution of transcript segments and words: whisperX `diarize.assign_word_speakers`.
import { TranscriptError } from './errors';
import { exclusiveTurns } from './exclusive';
import { splitAtSpeakerChanges } from './split';
import { TurnIndex, type TurnOverlap } from './turn-index';
import type { DiarizationInput, Transcript, TranscriptSegment, TranscriptWord, Turn } from './types';

export interface AssignSpeakersOptions {
  /**
   * Which turns words are matched against. `'exclusive'` (default): one speaker at a time — the
   * diarization's `exclusiveAnnotation` (pyannote's `exclusive_speaker_diarization`) when it has
   * one, else the turns themselves when none overlap, else an exclusive view derived from them
   * (`exclusiveTurns`). `'overlapping'`: the turns as given, overlaps included (what whisperX does).
   */
  turns?: 'exclusive' | 'overlapping';
  /** whisperX `fill_nearest`: a segment or word that overlaps no turn takes the speaker of the turn with the nearest midpoint. Default false. */
  fillNearest?: boolean;
  /** Split each segment where the speaker changes between words (`splitAtSpeakerChanges`). Default false. */
  split?: boolean;
}

/**
 * The speaker with the largest total overlap; on equal totals the one seen first, i.e. whose
 * earliest overlapping turn comes first in start order (whisperX: a dict in insertion order and
 * `max()`, which keeps the first maximum).
 */
function dominantSpeaker(overlaps: TurnOverlap[]): string {
  const totals = new Map<string, number>();
  for (const { speaker, overlap } of overlaps) totals.set(speaker, (totals.get(speaker) ?? 0) + overlap);
  let best = '';
  let bestTotal = -Infinity;
  for (const [speaker, total] of totals) {
    if (total > bestTotal) {
      best = speaker;
      bestTotal = total;
    }
  }
  return best;
}

/** whisperX's rule for one span: the dominant overlapping speaker, else (fill_nearest) the nearest turn's. */
function speakerOf(index: TurnIndex, start: number, end: number, fillNearest: boolean): string | undefined {
  const overlaps = index.query(start, end);
  if (overlaps.length > 0) return dominantSpeaker(overlaps);
  return fillNearest ? index.nearest((start + end) / 2) : undefined;
}

/** A copy of `item` with `speaker` set, or without a speaker field when undefined. */
function withSpeaker<T extends { speaker?: string }>(item: T, speaker: string | undefined): T {
  const { speaker: _old, ...rest } = item;
  return (speaker === undefined ? rest : { ...rest, speaker }) as T;
}

function isTime(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Checks the turns: finite times, `end ≥ start`, a non-empty speaker label. */
export function validateTurns(turns: readonly Turn[]): void {
  turns.forEach((t, i) => {
    if (!isTime(t.start) || !isTime(t.end)) throw new TranscriptError('INVALID', `diarization turn ${i}: start and end must be finite numbers of seconds (got ${t.start}, ${t.end})`);
    if (t.end < t.start) throw new TranscriptError('INVALID', `diarization turn ${i}: ends (${t.end}) before it starts (${t.start})`);
    if (typeof t.speaker !== 'string' || t.speaker === '') throw new TranscriptError('INVALID', `diarization turn ${i}: speaker must be a non-empty string`);
  });
}

/** The turns `assignSpeakers` matches against for the chosen `turns` option. */
export function turnsToMatch(diarization: DiarizationInput, mode: 'exclusive' | 'overlapping' = 'exclusive'): readonly Turn[] {
  const turns = Array.isArray(diarization) ? (diarization as readonly Turn[]) : (diarization as { segments: readonly Turn[] }).segments;
  if (!Array.isArray(turns)) throw new TranscriptError('INVALID', 'diarization must be a list of turns { start, end, speaker } or an object with `segments` (an RTTM annotation or a DiarizationResult)');
  validateTurns(turns);
  if (mode === 'overlapping') return turns;
  if (mode !== 'exclusive') throw new TranscriptError('INVALID', `turns must be 'exclusive' or 'overlapping' (got '${String(mode)}')`);
  const given = Array.isArray(diarization) ? undefined : (diarization as { exclusiveAnnotation?: { segments: readonly Turn[] } }).exclusiveAnnotation;
  if (given) {
    validateTurns(given.segments);
    return given.segments;
  }
  return exclusiveTurns(turns);
}

/**
 * Attributes every segment and every word of `transcript` to a speaker of `diarization`, with the
 * semantics of whisperX's `assign_word_speakers(diarize_df, transcript_result, fill_nearest)`:
 * a segment (from its own start/end) and a word each get the speaker whose turns overlap it the
 * longest in total; on equal totals the speaker whose earliest overlapping turn comes first by
 * start time (turns that start together: the order given). A span that overlaps no turn —
 * including every zero-length word — gets no speaker, or with `fillNearest` the speaker of the
 * turn whose midpoint is nearest to the span's midpoint (first such turn on equal distances).
 * A word without `end` is the zero-length span at its `start`.
 *
 * Differences from whisperX, all additive: a word without a (finite) `start`, which whisperX
 * leaves without a speaker, takes its segment's speaker; speakers already in the input are
 * replaced; the input is not modified; by default the turns are the exclusive diarization (see
 * `AssignSpeakersOptions.turns`); `split` cuts segments at speaker changes.
 */
export function assignSpeakers(transcript: Transcript, diarization: DiarizationInput, options: AssignSpeakersOptions = {}): Transcript {
  const turns = turnsToMatch(diarization, options.turns ?? 'exclusive');
  const index = new TurnIndex(turns);
  const fillNearest = options.fillNearest ?? false;
  const segments = transcript.segments.map((segment, s): TranscriptSegment => {
    if (!isTime(segment.start) || !isTime(segment.end)) throw new TranscriptError('INVALID', `segment ${s}: start and end must be finite numbers of seconds`);
    // whisperX returns the transcript untouched when the diarization is empty
    const speaker = index.size === 0 ? undefined : speakerOf(index, segment.start, segment.end, fillNearest);
    const out = withSpeaker(segment, speaker);
    if (segment.words) {
      out.words = segment.words.map((word): TranscriptWord => {
        if (!isTime(word.start)) return withSpeaker(word, speaker);
        const end = isTime(word.end) ? word.end : word.start;
        return withSpeaker(word, index.size === 0 ? undefined : speakerOf(index, word.start, end, fillNearest));
      });
    }
    return out;
  });
  const result: Transcript = { ...transcript, segments };
  return options.split ? splitAtSpeakerChanges(result) : result;
}
