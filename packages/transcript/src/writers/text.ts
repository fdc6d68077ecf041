// A plain-text transcript grouped by speaker turn.
import type { Transcript, TranscriptSegment } from '../types';
import { formatTimestamp } from './timestamp';

/**
 * Plain text: consecutive segments of one speaker form a turn, printed as a header line
 * `[00:00:01.000 --> 00:00:09.500] SPEAKER_00` followed by the turn's text on one line, turns
 * separated by a blank line. Segments without a speaker are headed `(unknown speaker)`.
 */
export function formatTranscriptText(transcript: Transcript): string {
  const turns: { speaker: string | undefined; segments: TranscriptSegment[] }[] = [];
  for (const s of transcript.segments) {
    const last = turns[turns.length - 1];
    if (last && last.speaker === s.speaker) last.segments.push(s);
    else turns.push({ speaker: s.speaker, segments: [s] });
  }
  return turns
    .map(({ speaker, segments }) => {
      const start = formatTimestamp(segments[0].start, '.');
      const end = formatTimestamp(Math.max(...segments.map((s) => s.end)), '.');
      const text = segments.map((s) => s.text.trim()).filter((t) => t !== '').join(' ').replace(/\s+/g, ' ');
      return `[${start} --> ${end}] ${speaker ?? '(unknown speaker)'}\n${text}\n`;
    })
    .join('\n');
}
