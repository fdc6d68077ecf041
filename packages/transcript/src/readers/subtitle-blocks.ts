// Subtitle files (SRT, WebVTT) are blocks of lines separated by blank lines.
import { TranscriptError } from '../errors';
import { parseTimestamp } from './timestamp';

/** A block of non-blank lines and the 1-based number of its first line. */
export interface LineBlock {
  line: number;
  lines: string[];
}

/** Splits subtitle text into blocks (BOM removed; CRLF, CR and LF line ends). */
export function lineBlocks(text: string): LineBlock[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const blocks: LineBlock[] = [];
  let current: LineBlock | undefined;
  lines.forEach((l, i) => {
    if (l.trim() === '') {
      current = undefined;
      return;
    }
    if (!current) {
      current = { line: i + 1, lines: [] };
      blocks.push(current);
    }
    current.lines.push(l);
  });
  return blocks;
}

/** A cue timing line `start --> end [settings]`, or undefined when `line` has no `-->`. */
export function parseTimingLine(line: string, where: { file?: string; line: number }, example: string): { start: number; end: number } | undefined {
  const arrow = line.indexOf('-->');
  if (arrow < 0) return undefined;
  const start = parseTimestamp(line.slice(0, arrow));
  const end = parseTimestamp(line.slice(arrow + 3).trim().split(/\s+/)[0] ?? '');
  if (start === undefined || end === undefined) {
    throw new TranscriptError('PARSE', `expected a cue timing line like '${example}', found '${line.trim()}'`, where);
  }
  if (end < start) throw new TranscriptError('INVALID', `cue ends (${end} s) before it starts (${start} s)`, where);
  return { start, end };
}
