// Reader of SubRip (.srt) subtitles: numbered cues `1` / `00:00:01,000 --> 00:00:04,000` / text.
import { TranscriptError } from '../errors';
import type { Transcript, TranscriptSegment } from '../types';
import { lineBlocks, parseTimingLine } from './subtitle-blocks';

/**
 * SRT: each cue is an (optional) index line, a timing line and text lines; one segment per cue,
 * its text lines joined with a space. Segment level only (no words).
 */
export function readSrt(text: string, file?: string): Transcript {
  const segments: TranscriptSegment[] = [];
  for (const block of lineBlocks(text)) {
    const timingAt = /^\s*\d+\s*$/.test(block.lines[0]) && block.lines.length > 1 ? 1 : 0;
    const line = block.line + timingAt;
    const span = parseTimingLine(block.lines[timingAt], { file, line }, '00:00:01,000 --> 00:00:04,000');
    if (!span) throw new TranscriptError('PARSE', `expected a cue: an index line, then a timing line like '00:00:01,000 --> 00:00:04,000', found '${block.lines[timingAt].trim()}'`, { file, line });
    segments.push({ ...span, text: block.lines.slice(timingAt + 1).map((l) => l.trim()).join(' ') });
  }
  return { segments };
}
