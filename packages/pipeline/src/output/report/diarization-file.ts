// Reads the diarization a report shows: what `dia diarize --format json` writes, or RTTM.
import { parseRttm, RttmError, speakers as rttmSpeakers } from '@dia/rttm';
import type { SpeakerTurn } from '../../diarize-from-intermediates';
import { ReportError } from './report-error';

/** The diarization of one recording. */
export interface Diarization {
  uri: string;
  /** Speaker labels in lane order. */
  speakers: string[];
  segments: SpeakerTurn[];
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function fromJson(value: unknown, where: string): Diarization {
  if (!isRecord(value) || !Array.isArray(value.segments)) {
    throw new ReportError('INVALID_RESULT', `${where}: expected { uri, speakers, segments } as written by dia diarize --format json`);
  }
  const segments = value.segments.map((s: unknown, i: number): SpeakerTurn => {
    if (!isRecord(s) || typeof s.speaker !== 'string' || !Number.isFinite(s.start) || !Number.isFinite(s.end) || (s.end as number) < (s.start as number)) {
      throw new ReportError('INVALID_RESULT', `${where}: segment ${i} needs numeric start ≤ end and a speaker string (got ${JSON.stringify(s)})`);
    }
    return { start: s.start as number, end: s.end as number, speaker: s.speaker };
  });
  const listed = Array.isArray(value.speakers) ? value.speakers.filter((x): x is string => typeof x === 'string') : [];
  // every speaker with a turn gets a lane, even when the file's speaker list forgot it
  const speakers = [...listed, ...[...new Set(segments.map((s) => s.speaker))].filter((s) => !listed.includes(s)).sort()];
  return { uri: typeof value.uri === 'string' ? value.uri : 'audio', speakers, segments };
}

/**
 * Picks the recording named `uri`, else the only one (an empty file is an empty diarization of
 * `uri`); says which recordings exist when neither applies.
 */
export function pickDiarization(files: Diarization[], uri: string | undefined, where = 'the diarization'): Diarization {
  if (uri !== undefined) {
    const found = files.find((f) => f.uri === uri);
    if (found) return found;
    if (files.length > 0) throw new ReportError('FILE_NOT_FOUND', `${where} has no file '${uri}' (it has: ${files.map((f) => f.uri).join(', ')})`);
  }
  if (files.length === 1) return files[0];
  if (files.length === 0) return { uri: uri ?? 'audio', speakers: [], segments: [] };
  throw new ReportError('AMBIGUOUS_FILE', `${where} holds ${files.length} files (${files.map((f) => f.uri).join(', ')}): choose one with --uri`);
}

/**
 * Reads every recording's diarization from text: the JSON of `dia diarize --format json` (one
 * `{ uri, speakers, segments }` or an array of them) or RTTM (anything not starting with `{` or
 * `[`). An RTTM's speakers are sorted as pyannote sorts labels. `where` names the input in errors.
 */
export function parseDiarizations(text: string, where = 'the diarization'): Diarization[] {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new ReportError('INVALID_RESULT', `${where} is not valid JSON: ${(err as Error).message}`);
    }
    return Array.isArray(value) ? value.map((v, i) => fromJson(v, `${where} [${i}]`)) : [fromJson(value, where)];
  }
  try {
    return parseRttm(text).map((a) => ({
      uri: a.uri,
      speakers: rttmSpeakers(a),
      segments: a.segments.map((s) => ({ start: s.start, end: s.end, speaker: s.speaker })),
    }));
  } catch (err) {
    if (err instanceof RttmError) throw new ReportError('INVALID_RESULT', `${where} is neither dia's JSON nor valid RTTM: ${err.message}`);
    throw err;
  }
}
