// SubRip output with a `SPEAKER_00: ` prefix on each cue.
import type { Transcript } from '../types';
import { formatTimestamp } from './timestamp';

/** SRT: one cue per segment, numbered from 1, text prefixed by `Speaker: ` when the segment has a speaker. */
export function formatSrt(transcript: Transcript): string {
  return transcript.segments
    .map((s, i) => {
      const text = s.text.trim().replace(/\r?\n\s*\r?\n/g, '\n');
      return `${i + 1}\n${formatTimestamp(s.start)} --> ${formatTimestamp(s.end)}\n${s.speaker === undefined ? '' : `${s.speaker}: `}${text}\n`;
    })
    .join('\n');
}
