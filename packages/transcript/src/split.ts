// Cutting a segment where its words change speaker (subtitles show one speaker per cue).
import type { Transcript, TranscriptSegment, TranscriptWord } from './types';

function timed(word: TranscriptWord): boolean {
  return typeof word.start === 'number' && Number.isFinite(word.start);
}

/**
 * Where each word starts in the segment text (words searched for in order), or undefined when a
 * word cannot be found there: then the pieces' text is rebuilt from the words.
 */
function wordOffsets(text: string, words: TranscriptWord[]): number[] | undefined {
  const offsets: number[] = [];
  let cursor = 0;
  for (const w of words) {
    const needle = w.word.trim();
    const at = needle === '' ? cursor : text.indexOf(needle, cursor);
    if (at < 0) return undefined;
    offsets.push(at);
    cursor = at + needle.length;
  }
  return offsets;
}

/** The text of words[from, to): whisper.cpp and faster-whisper words carry their own leading space. */
function joinWords(words: TranscriptWord[]): string {
  const spaced = words.some((w) => /^\s/.test(w.word));
  return (spaced ? words.map((w) => w.word).join('') : words.map((w) => w.word.trim()).join(' ')).trim();
}

function splitSegment(segment: TranscriptSegment): TranscriptSegment[] {
  const words = segment.words ?? [];
  // runs of one speaker; untimed or unattributed words continue the current run
  const runs: { from: number; speaker: string | undefined }[] = [];
  words.forEach((w, i) => {
    const speaker = timed(w) ? w.speaker : undefined;
    const run = runs[runs.length - 1];
    if (!run) runs.push({ from: i, speaker });
    else if (speaker !== undefined && run.speaker !== undefined && speaker !== run.speaker) runs.push({ from: i, speaker });
    else if (run.speaker === undefined) run.speaker = speaker;
  });
  if (runs.length <= 1) return [segment];
  const offsets = wordOffsets(segment.text, words);
  return runs.map((run, r): TranscriptSegment => {
    const to = r + 1 < runs.length ? runs[r + 1].from : words.length;
    const own = words.slice(run.from, to);
    const speaker = run.speaker ?? segment.speaker;
    const times = own.filter(timed);
    const start = r === 0 ? segment.start : (times[0].start as number);
    const last = times[times.length - 1];
    const end = r === runs.length - 1 ? segment.end : Math.max(start, last.end ?? (last.start as number));
    const text = offsets ? segment.text.slice(r === 0 ? 0 : offsets[run.from], to < words.length ? offsets[to] : undefined).trim() : joinWords(own);
    const piece: TranscriptSegment = {
      ...segment,
      start,
      end,
      text,
      words: own.map((w) => (timed(w) ? w : { ...w, speaker })),
      speaker,
    };
    if (speaker === undefined) delete piece.speaker;
    return piece;
  });
}

/**
 * Splits every segment where the speaker changes between two timed words, so each piece has one
 * speaker. A word without a speaker (untimed, or outside every turn without `fillNearest`) stays
 * in the piece it falls in; untimed words take that piece's speaker. The first piece keeps the
 * segment's start, the last its end; inner cuts fall on word times (a piece starts at its first
 * timed word and ends at its last). Piece text is cut from the segment text where the words can
 * be found in it, else joined from the words. Segments without word timing are kept whole.
 */
export function splitAtSpeakerChanges(transcript: Transcript): Transcript {
  return { ...transcript, segments: transcript.segments.flatMap(splitSegment) };
}
