// What the report page is given: one JSON object embedded in the HTML, computed here so that the
// page only draws. Turn lists are flat number arrays to keep 4 h recordings small.
import {
  diarizationErrorRegions, duration, jaccardErrorRate, overlapRegions, type Annotation, type DerOptions, type ErrorKind,
} from '@dia/rttm';
import { formatScoreTable } from '../score-table';
import type { SpeakerTurn } from '../../diarize-from-intermediates';
import type { Diarization } from './diarization-file';
import type { AudioEnvelope } from './envelope';
import type { ReportAudioSource } from './audio-source';
import type { SpeakerNames, TranscriptSegment } from '@dia/transcript';

/** The summary-table row of one speaker. Times in seconds. */
export interface SpeakerSummary {
  label: string;
  /** Speech of this speaker (union of their turns). */
  talkTime: number;
  /** `talkTime` over the sum of every speaker's `talkTime` (the shares add up to 1). */
  share: number;
  turns: number;
  longestTurn: number;
}

/** The reference side of a comparison (`--reference`). */
export interface ReportComparison {
  speakers: (SpeakerSummary & { /** The hypothesis speaker mapped onto this one, if any. */ mappedFrom: string | null })[];
  /** Flat `[start, end, speaker index, …]` over `speakers`. */
  turns: number[];
  /** Flat `[start, end, kind index, …]`, kind index into `ERROR_KINDS`. */
  regions: number[];
  /** Number of regions of each kind. */
  regionCounts: Record<ErrorKind, number>;
  der: number;
  jer: number;
  missedDetection: number;
  falseAlarm: number;
  confusion: number;
  total: number;
  /** The lines `dia score` prints for this file. */
  table: string;
  collar: number;
  skipOverlap: boolean;
}

/** Everything the page shows. */
export interface ReportData {
  title: string;
  /** Length of the timeline in seconds: the audio, or the last turn if that ends later. */
  duration: number;
  audio: { src: string; mime: string; embedded: boolean };
  /** Energy strip: seconds per bucket and base64 bytes of peak and RMS (0–255). */
  envelope: { step: number; peak: string; rms: string } | null;
  speakers: SpeakerSummary[];
  /** Flat `[start, end, speaker index, …]`, sorted by start. */
  turns: number[];
  /** Flat `[start, end, …]`: where two or more hypothesis speakers talk at once. */
  overlap: number[];
  comparison: ReportComparison | null;
  transcript: TranscriptSegment[] | null;
  /** Names shown for speaker labels until renamed in the page. */
  names: SpeakerNames;
}

/** The error kinds in the order of `ReportComparison.regions`' kind indices. */
export const ERROR_KINDS: readonly ErrorKind[] = ['missed', 'falseAlarm', 'confusion'];

/** Times are kept to the microsecond: the page needs no more, and the JSON stays short. */
const micro = (t: number) => Math.round(t * 1e6) / 1e6;

function annotation(d: Diarization): Annotation {
  return { uri: d.uri, segments: d.segments.map((s) => ({ start: s.start, end: s.end, duration: s.end - s.start, speaker: s.speaker, channel: 1 })) };
}

function summaries(speakers: string[], turns: SpeakerTurn[]): SpeakerSummary[] {
  const rows = speakers.map((label) => {
    const own = turns.filter((t) => t.speaker === label);
    return { label, talkTime: duration(own), share: 0, turns: own.length, longestTurn: own.reduce((m, t) => Math.max(m, t.end - t.start), 0) };
  });
  const all = rows.reduce((sum, r) => sum + r.talkTime, 0);
  for (const r of rows) r.share = all > 0 ? r.talkTime / all : 0;
  return rows;
}

function flatTurns(turns: SpeakerTurn[], speakers: string[]): number[] {
  const index = new Map(speakers.map((s, i) => [s, i]));
  return [...turns].sort((a, b) => a.start - b.start || a.end - b.end).flatMap((t) => [micro(t.start), micro(t.end), index.get(t.speaker) as number]);
}

function comparison(hypothesis: Diarization, reference: Diarization, options: DerOptions): ReportComparison {
  const hyp = annotation(hypothesis);
  const ref = annotation(reference);
  // the regions and the printed components come from one scoring pass: same mapping, same numbers
  const scored = diarizationErrorRegions(ref, hyp, options);
  const jer = jaccardErrorRate(ref, hyp, options).jer;
  const mappedFrom = new Map([...scored.mapping].map(([h, r]) => [r, h]));
  // reference lanes in the order of the hypothesis speakers mapped onto them, then the others
  const rank = (label: string) => (mappedFrom.has(label) ? hypothesis.speakers.indexOf(mappedFrom.get(label) as string) : hypothesis.speakers.length);
  const order = reference.speakers.map((label, i) => ({ label, i })).sort((a, b) => rank(a.label) - rank(b.label) || a.i - b.i).map((x) => x.label);
  const regionCounts = { missed: 0, falseAlarm: 0, confusion: 0 };
  for (const r of scored.regions) regionCounts[r.kind]++;
  return {
    speakers: summaries(order, reference.segments).map((s) => ({ ...s, mappedFrom: mappedFrom.get(s.label) ?? null })),
    turns: flatTurns(reference.segments, order),
    regions: scored.regions.flatMap((r) => [micro(r.start), micro(r.end), ERROR_KINDS.indexOf(r.kind)]),
    regionCounts,
    der: scored.der,
    jer,
    missedDetection: scored.missedDetection,
    falseAlarm: scored.falseAlarm,
    confusion: scored.confusion,
    total: scored.total,
    table: formatScoreTable([{ uri: reference.uri, der: scored, jer }]),
    collar: options.collar ?? 0,
    skipOverlap: options.skipOverlap === true,
  };
}

export interface ReportDataInput {
  diarization: Diarization;
  audio: ReportAudioSource;
  /** Audio length in seconds. */
  audioDuration: number;
  envelope: AudioEnvelope | null;
  reference?: Diarization;
  /** How the comparison is scored (as `dia score`: collar, skip-overlap). */
  score?: DerOptions;
  transcript?: TranscriptSegment[];
  names?: SpeakerNames;
  title?: string;
}

/**
 * The page's data: per-speaker summary (talk time, share, turns, longest turn), turns and overlap
 * regions, and with a reference the DER components and error regions of one scoring pass
 * (`diarizationErrorRegions`) with the reference speakers ordered by the optimal mapping.
 */
export function reportData(input: ReportDataInput): ReportData {
  const { diarization: d } = input;
  const lastEnd = [...d.segments, ...(input.reference?.segments ?? [])].reduce((m, s) => Math.max(m, s.end), 0);
  const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return {
    title: input.title ?? d.uri,
    duration: Math.max(input.audioDuration, lastEnd),
    audio: { src: input.audio.src, mime: input.audio.mime, embedded: input.audio.embedded },
    envelope: input.envelope ? { step: input.envelope.step, peak: base64(input.envelope.peak), rms: base64(input.envelope.rms) } : null,
    speakers: summaries(d.speakers, d.segments),
    turns: flatTurns(d.segments, d.speakers),
    overlap: overlapRegions(annotation(d)).flatMap((r) => [micro(r.start), micro(r.end)]),
    comparison: input.reference ? comparison(d, input.reference, input.score ?? {}) : null,
    transcript: input.transcript ?? null,
    names: input.names ?? {},
  };
}
