// WebVTT output with `<v Speaker>` voice tags.
import type { Transcript } from '../types';
import { formatTimestamp } from './timestamp';

/** WebVTT cue text escaping: `&`, `<` and `>` as character references. */
function escapeCueText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** WebVTT: a `WEBVTT` header and one cue per segment, its text in a `<v Speaker>` voice span when it has a speaker. */
export function formatVtt(transcript: Transcript): string {
  const cues = transcript.segments.map((s) => {
    const text = escapeCueText(s.text.trim().replace(/\r?\n\s*\r?\n/g, '\n'));
    return `${formatTimestamp(s.start, '.')} --> ${formatTimestamp(s.end, '.')}\n${s.speaker === undefined ? '' : `<v ${escapeCueText(s.speaker)}>`}${text}\n`;
  });
  return ['WEBVTT\n', ...cues].join('\n');
}
