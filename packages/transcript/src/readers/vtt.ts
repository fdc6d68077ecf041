// Reader of WebVTT (.vtt) subtitles.
import { TranscriptError } from '../errors';
import type { Transcript, TranscriptSegment } from '../types';
import { lineBlocks, parseTimingLine } from './subtitle-blocks';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', lrm: '\u200e', rlm: '\u200f', quot: '"', apos: "'" };

/** Cue text without its markup: tags (`<v Bob>`, `<c.x>`, `<i>`, inline `<00:00:01.000>`) removed, entities decoded. */
export function cueText(payload: string): string {
  return payload
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? whole;
    });
}

/**
 * WebVTT: a `WEBVTT` header, then cues of an optional identifier line, a timing line
 * (`00:01.000 --> 00:04.000 align:start`) and payload lines; NOTE, STYLE and REGION blocks are
 * skipped. One segment per cue, markup removed, lines joined with a space. Segment level only.
 */
export function readVtt(text: string, file?: string): Transcript {
  const blocks = lineBlocks(text);
  if (!blocks[0] || !/^WEBVTT(\s|$)/.test(blocks[0].lines[0])) {
    throw new TranscriptError('PARSE', `expected the 'WEBVTT' header on the first line, found '${blocks[0]?.lines[0] ?? ''}'`, { file, line: blocks[0]?.line ?? 1 });
  }
  const segments: TranscriptSegment[] = [];
  for (const block of blocks.slice(1)) {
    if (/^(NOTE|STYLE|REGION)(\s|$)/.test(block.lines[0])) continue;
    const timingAt = block.lines[0].includes('-->') ? 0 : 1;
    const line = block.line + timingAt;
    const span = block.lines[timingAt] === undefined ? undefined : parseTimingLine(block.lines[timingAt], { file, line }, '00:00:01.000 --> 00:00:04.000');
    if (!span) throw new TranscriptError('PARSE', `expected a cue timing line like '00:00:01.000 --> 00:00:04.000' after the cue identifier '${block.lines[0].trim()}'`, { file, line });
    segments.push({ ...span, text: block.lines.slice(timingAt + 1).map((l) => cueText(l).trim()).join(' ') });
  }
  return { segments };
}
