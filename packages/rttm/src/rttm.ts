// RTTM reading and writing in pyannote.core's format (`Annotation.write_rttm`).
import { RttmError } from './errors';
import type { Annotation, RttmSegment } from './types';
import { formatFixed } from './format-fixed';

/**
 * Parses RTTM text into one annotation per file uri (in order of first appearance). Blank lines
 * and `;;` comments are skipped; fields may be separated by any white space. Only `SPEAKER` lines
 * carry turns; other NIST types (SPKR-INFO, …) are accepted and ignored. Malformed lines throw an
 * `RttmError` naming the line number.
 */
export function parseRttm(text: string): Annotation[] {
  const byUri = new Map<string, Annotation>();
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n].trim();
    if (raw === '' || raw.startsWith(';;')) continue;
    const f = raw.split(/\s+/);
    const where = `RTTM line ${n + 1}`;
    if (f.length < 9) throw new RttmError('PARSE', `${where}: expected at least 9 fields (type uri channel start duration ortho stype speaker conf), found ${f.length}: "${raw}"`, n + 1);
    const [type, uri, channelField, startField, durationField, , , speaker] = f;
    if (!/^[A-Z-]+$/.test(type)) throw new RttmError('PARSE', `${where}: unknown record type "${type}"`, n + 1);
    if (type !== 'SPEAKER') continue;
    const start = Number(startField);
    const duration = Number(durationField);
    if (!Number.isFinite(start) || startField === '<NA>') throw new RttmError('PARSE', `${where}: start time "${startField}" is not a number`, n + 1);
    if (!Number.isFinite(duration) || durationField === '<NA>') throw new RttmError('PARSE', `${where}: duration "${durationField}" is not a number`, n + 1);
    if (duration < 0) throw new RttmError('PARSE', `${where}: negative duration ${durationField}`, n + 1);
    if (speaker === '<NA>') throw new RttmError('PARSE', `${where}: SPEAKER line without a speaker name`, n + 1);
    const channel = channelField === '<NA>' ? 1 : Number(channelField);
    if (!Number.isInteger(channel)) throw new RttmError('PARSE', `${where}: channel "${channelField}" is not an integer`, n + 1);
    let ann = byUri.get(uri);
    if (!ann) {
      ann = { uri, segments: [] };
      byUri.set(uri, ann);
    }
    ann.segments.push({ start, duration, end: start + duration, speaker, channel });
  }
  return [...byUri.values()];
}

/**
 * Writes RTTM exactly as pyannote.core's `Annotation.write_rttm`: one line per turn, in the order
 * given, `SPEAKER <uri> <channel> <start> <duration> <NA> <NA> <speaker> <NA> <NA>` with times
 * formatted like Python's `{:.3f}`. Sort first with `sortSegments` for pyannote's order.
 */
export function formatRttm(annotation: Annotation | Annotation[]): string {
  const list = Array.isArray(annotation) ? annotation : [annotation];
  let out = '';
  for (const ann of list) {
    if (/\s/.test(ann.uri)) throw new RttmError('INVALID', `uri "${ann.uri}" contains white space, which RTTM cannot represent`);
    for (const s of ann.segments) {
      if (/\s/.test(s.speaker)) throw new RttmError('INVALID', `speaker "${s.speaker}" contains white space, which RTTM cannot represent`);
      out += `SPEAKER ${ann.uri} ${s.channel ?? 1} ${formatFixed(s.start, 3)} ${formatFixed(s.duration, 3)} <NA> <NA> ${s.speaker} <NA> <NA>\n`;
    }
  }
  return out;
}

/** pyannote.core `Annotation.itertracks` order: by start, then end, then track name (string order); stable. */
export function sortSegments(segments: RttmSegment[]): RttmSegment[] {
  return segments
    .map((s, i) => ({ s, i }))
    .sort((a, b) => {
      if (a.s.start !== b.s.start) return a.s.start - b.s.start;
      if (a.s.end !== b.s.end) return a.s.end - b.s.end;
      const ta = a.s.track ?? '';
      const tb = b.s.track ?? '';
      if (ta !== tb) return ta < tb ? -1 : 1;
      return a.i - b.i;
    })
    .map((x) => x.s);
}
