// Diarization error rate as pyannote.metrics 4.x `DiarizationErrorRate` computes it.
import { linearSumAssignment } from '@dia/lsap';
import { RttmError } from './errors';
import type { Annotation, Interval, RttmSegment } from './types';
import { cropToIntervals, overlapRegions } from './annotation';
import { duration, gaps, intersect, SEGMENT_PRECISION, support } from './timeline';

export interface DerOptions {
  /** Total width (seconds) of the no-score zone centred on every reference boundary (±collar/2). */
  collar?: number;
  /** Do not score regions where the reference has overlapping speech. */
  skipOverlap?: boolean;
  /** Evaluated regions; default: the union of the reference and hypothesis extents. */
  uem?: Interval[];
}

export interface DerResult {
  /** (missed + false alarm + confusion) / total; 0 when nothing is scored and nothing is wrong. */
  der: number;
  missedDetection: number;
  falseAlarm: number;
  confusion: number;
  correct: number;
  /** Scored reference speech, counting each simultaneous speaker (seconds). */
  total: number;
  /** Optimal one-to-one mapping, hypothesis label → reference label (only pairs that co-occur). */
  mapping: Map<string, string>;
}

function extent(segments: RttmSegment[]): Interval | undefined {
  let start = Infinity;
  let end = -Infinity;
  for (const s of segments) {
    if (s.end - s.start <= SEGMENT_PRECISION) continue;
    start = Math.min(start, s.start);
    end = Math.max(end, s.end);
  }
  return start < end ? { start, end } : undefined;
}

/** pyannote.metrics `UEMSupportMixin.extrude`: remove collars (and reference overlap) from the uem. */
function extrude(uem: Interval[], reference: Annotation, collar: number, skipOverlap: boolean): Interval[] {
  if (collar === 0 && !skipOverlap) return uem;
  const removed: Interval[] = [];
  if (collar > 0) {
    for (const s of reference.segments) {
      removed.push({ start: s.start - 0.5 * collar, end: s.start + 0.5 * collar });
      removed.push({ start: s.end - 0.5 * collar, end: s.end + 0.5 * collar });
    }
  }
  if (skipOverlap) removed.push(...overlapRegions(reference));
  return gaps(support(removed), uem);
}

/** Labels sorted as pyannote.core `Annotation.labels()` sorts them (by their string form). */
const byString = <T>(labels: T[]): T[] => [...labels].sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));

/** pyannote.core `string_generator`: A, B, …, Z, AA, … (used by `rename_labels(generator="string")`). */
function letters(index: number): string {
  let r = 1;
  let span = 26;
  let i = index;
  while (i >= span) { i -= span; r++; span *= 26; }
  let s = '';
  for (let p = 0; p < r; p++) { s = String.fromCharCode(65 + (i % 26)) + s; i = Math.floor(i / 26); }
  return s;
}

/** Duration of the intersection of two turns (0 when they do not overlap). */
const overlap = (a: Interval, b: Interval) => Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));

/** Labels of an annotation renamed as pyannote.metrics does, in `Annotation.labels()` order. */
function orderedLabels(annotation: Annotation, generator: 'string' | 'int'): string[] {
  const labels = byString([...new Set(annotation.segments.map((s) => s.speaker))]);
  // rename_labels(generator): the i-th label (in string order) becomes letters(i) or i; then
  // Annotation.labels() sorts the new names as strings
  const renamed = labels.map((l, i) => ({ l, name: generator === 'string' ? letters(i) : String(i) }));
  return byString(renamed.map((x) => x.name)).map((n) => (renamed.find((x) => x.name === n) as { l: string }).l);
}

/**
 * pyannote.metrics `HungarianMapper(A, B)`: co-occurrence durations of A's and B's labels, solved
 * with scipy-exact LSAP (maximise); pairs that never co-occur are left out. Returns A label → B label.
 */
function hungarianMapping(A: Annotation, aLabels: string[], B: Annotation, bLabels: string[]): Map<string, string> {
  const mapping = new Map<string, string>();
  if (aLabels.length === 0 || bLabels.length === 0) return mapping;
  const rowOf = new Map(aLabels.map((l, i) => [l, i]));
  const colOf = new Map(bLabels.map((l, i) => [l, i]));
  const co = new Float64Array(aLabels.length * bLabels.length);
  // Only turns that overlap add anything: find them through B sorted by start (with the running
  // latest end, for a binary search), then add them up in the original A-then-B order, so that
  // every sum is the same to the last bit as the all-pairs loop's — in O(n log n + overlaps).
  const bs = B.segments;
  const byStart = bs.map((_, j) => j).sort((x, y) => bs[x].start - bs[y].start);
  const reach = new Float64Array(byStart.length);
  let latest = -Infinity;
  byStart.forEach((j, k) => { latest = Math.max(latest, bs[j].end); reach[k] = latest; });
  const hits: number[] = [];
  for (const a of A.segments) {
    let lo = 0;
    let hi = byStart.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (reach[mid] <= a.start) lo = mid + 1;
      else hi = mid;
    }
    hits.length = 0;
    for (let k = lo; k < byStart.length && bs[byStart[k]].start < a.end; k++) hits.push(byStart[k]);
    hits.sort((x, y) => x - y);
    for (const j of hits) {
      const d = overlap(a, bs[j]);
      if (d > 0) co[(rowOf.get(a.speaker) as number) * bLabels.length + (colOf.get(bs[j].speaker) as number)] += d;
    }
  }
  const { rowInd, colInd } = linearSumAssignment({ data: co.map((x) => -x), rows: aLabels.length, cols: bLabels.length });
  for (let k = 0; k < rowInd.length; k++) {
    if (co[rowInd[k] * bLabels.length + colInd[k]] > 0) mapping.set(aLabels[rowInd[k]], bLabels[colInd[k]]);
  }
  return mapping;
}

/** pyannote.metrics `uemify` (without the timeline step): default uem, extrusion, cropping. */
function uemify(reference: Annotation, hypothesis: Annotation, options: DerOptions): { R: Annotation; H: Annotation } {
  const collar = options.collar ?? 0;
  if (!(collar >= 0)) throw new RttmError('INVALID', `collar must be ≥ 0 (got ${collar})`);
  let uem = options.uem;
  if (!uem) {
    const r = extent(reference.segments);
    const h = extent(hypothesis.segments);
    const both = r && h ? { start: Math.min(r.start, h.start), end: Math.max(r.end, h.end) } : r ?? h;
    uem = both ? [both] : [];
  }
  const scored = extrude(uem, reference, collar, options.skipOverlap === true);
  return { R: cropToIntervals(reference, scored), H: cropToIntervals(hypothesis, scored) };
}

/** How much of each error one elementary segment of the common timeline holds (seconds × speakers). */
interface SegmentErrors {
  missed: number;
  falseAlarm: number;
  confusion: number;
  correct: number;
  total: number;
}

/**
 * The scoring core of `DiarizationErrorRate`: uemify, map the hypothesis onto the reference with
 * the optimal one-to-one mapping, then sweep the elementary segments of the common timeline and
 * hand each one (with the number of reference/hypothesis speakers missed, falsely detected,
 * confused, correct) to `visit`. Returns the mapping.
 */
function sweepErrors(
  reference: Annotation,
  hypothesis: Annotation,
  options: DerOptions,
  visit: (start: number, end: number, counts: SegmentErrors) => void,
): Map<string, string> {
  const { R, H } = uemify(reference, hypothesis, options);
  // DiarizationErrorRate.optimal_mapping(reference, hypothesis) = HungarianMapper(hypothesis, reference)
  const mapping = hungarianMapping(H, orderedLabels(H, 'int'), R, orderedLabels(R, 'string'));
  const mapped: RttmSegment[] = H.segments.map((s) => ({ ...s, speaker: mapping.has(s.speaker) ? (mapping.get(s.speaker) as string) : `\u0000hyp:${s.speaker}` }));

  // common timeline: every boundary of both; sweep the elementary segments keeping the labels active
  const stamps = new Set<number>();
  for (const s of R.segments) { stamps.add(s.start); stamps.add(s.end); }
  for (const s of mapped) { stamps.add(s.start); stamps.add(s.end); }
  const times = [...stamps].sort((a, b) => a - b);
  const index = new Map(times.map((t, i) => [t, i]));
  // per stamp: labels starting / ending there (reference and hypothesis separately)
  const opens: { r: string[]; h: string[] }[] = times.map(() => ({ r: [], h: [] }));
  const closes: { r: string[]; h: string[] }[] = times.map(() => ({ r: [], h: [] }));
  for (const s of R.segments) if (s.end - s.start > SEGMENT_PRECISION) { opens[index.get(s.start) as number].r.push(s.speaker); closes[index.get(s.end) as number].r.push(s.speaker); }
  for (const s of mapped) if (s.end - s.start > SEGMENT_PRECISION) { opens[index.get(s.start) as number].h.push(s.speaker); closes[index.get(s.end) as number].h.push(s.speaker); }
  const rActive = new Map<string, number>();
  const hActive = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);
  let nr = 0;
  let nh = 0;
  for (let t = 0; t + 1 < times.length; t++) {
    for (const l of closes[t].r) { bump(rActive, l, -1); nr--; }
    for (const l of closes[t].h) { bump(hActive, l, -1); nh--; }
    for (const l of opens[t].r) { bump(rActive, l, 1); nr++; }
    for (const l of opens[t].h) { bump(hActive, l, 1); nh++; }
    const duration = times[t + 1] - times[t];
    if (!(duration > SEGMENT_PRECISION) || (nr === 0 && nh === 0)) continue;
    let correct = 0;
    for (const [l, c] of hActive) if (c > 0) correct += Math.min(c, rActive.get(l) ?? 0);
    visit(times[t], times[t + 1], {
      total: nr,
      correct,
      confusion: Math.min(nr, nh) - correct,
      missed: Math.max(0, nr - nh),
      falseAlarm: Math.max(0, nh - nr),
    });
  }
  return mapping;
}

function derResult(sums: SegmentErrors, mapping: Map<string, string>): DerResult {
  const error = sums.missed + sums.falseAlarm + sums.confusion;
  const der = sums.total === 0 ? (error === 0 ? 0 : 1) : error / sums.total;
  return { der, missedDetection: sums.missed, falseAlarm: sums.falseAlarm, confusion: sums.confusion, correct: sums.correct, total: sums.total, mapping };
}

/** Adds one elementary segment's errors, weighted by its duration, to the running sums. */
function accumulate(sums: SegmentErrors, duration: number, counts: SegmentErrors): void {
  sums.total += duration * counts.total;
  sums.correct += duration * counts.correct;
  sums.confusion += duration * counts.confusion;
  sums.missed += duration * counts.missed;
  sums.falseAlarm += duration * counts.falseAlarm;
}

/**
 * Diarization error rate with pyannote.metrics' definition: the uem (default: union of both
 * extents) minus collars around reference boundaries and, with `skipOverlap`, minus reference
 * overlap; hypothesis labels mapped to reference labels by the optimal one-to-one mapping on
 * co-occurrence; then, on every elementary segment of the common timeline, missed detection,
 * false alarm and confusion counted per simultaneous speaker.
 */
export function diarizationErrorRate(reference: Annotation, hypothesis: Annotation, options: DerOptions = {}): DerResult {
  const sums: SegmentErrors = { missed: 0, falseAlarm: 0, confusion: 0, correct: 0, total: 0 };
  const mapping = sweepErrors(reference, hypothesis, options, (start, end, counts) => accumulate(sums, end - start, counts));
  return derResult(sums, mapping);
}

/** The three kinds of diarization error. */
export type ErrorKind = 'missed' | 'falseAlarm' | 'confusion';

/** A stretch of time where the hypothesis makes one kind of error. */
export interface ErrorRegion extends Interval {
  kind: ErrorKind;
}

export interface DerRegionsResult extends DerResult {
  /**
   * Maximal intervals (inside the scored regions) where the missed detection, false alarm or
   * confusion is non-zero, each kind merged separately, sorted by start then kind. Kinds may
   * coincide (two reference speakers, one wrong hypothesis speaker: missed and confusion).
   */
  regions: ErrorRegion[];
}

const ERROR_KINDS: readonly ErrorKind[] = ['missed', 'falseAlarm', 'confusion'];

/**
 * `diarizationErrorRate` plus where the errors are: the same scoring (same uem, collar, overlap
 * handling and optimal mapping) also reports the maximal missed, false-alarm and confusion
 * intervals, so that a picture of the errors adds up to the printed DER components.
 */
export function diarizationErrorRegions(reference: Annotation, hypothesis: Annotation, options: DerOptions = {}): DerRegionsResult {
  const sums: SegmentErrors = { missed: 0, falseAlarm: 0, confusion: 0, correct: 0, total: 0 };
  const regions: ErrorRegion[] = [];
  const open = new Map<ErrorKind, ErrorRegion>();
  const mapping = sweepErrors(reference, hypothesis, options, (start, end, counts) => {
    accumulate(sums, end - start, counts);
    for (const kind of ERROR_KINDS) {
      if (!(counts[kind] > 0)) continue;
      const last = open.get(kind);
      // elementary segments are contiguous unless something unscored lies between them
      if (last && start - last.end <= SEGMENT_PRECISION) last.end = end;
      else {
        const region = { start, end, kind };
        regions.push(region);
        open.set(kind, region);
      }
    }
  });
  regions.sort((a, b) => a.start - b.start || ERROR_KINDS.indexOf(a.kind) - ERROR_KINDS.indexOf(b.kind));
  return { ...derResult(sums, mapping), regions };
}

export interface JerResult {
  /** Mean over reference speakers of (false alarm + miss) / union with the mapped hypothesis speaker. */
  jer: number;
  /** Per reference speaker error (1 for speakers without a mapped hypothesis speaker). */
  speakers: Map<string, number>;
  /** Reference label → hypothesis label. */
  mapping: Map<string, string>;
}

/**
 * Jaccard error rate as pyannote.metrics `JaccardErrorRate` (same uem, collar and skip-overlap
 * handling as the DER; optimal reference → hypothesis mapping on co-occurrence).
 */
export function jaccardErrorRate(reference: Annotation, hypothesis: Annotation, options: DerOptions = {}): JerResult {
  const { R, H } = uemify(reference, hypothesis, options);
  const refLabels = orderedLabels(R, 'string');
  // JaccardErrorRate calls optimal_mapping(hypothesis, reference) → HungarianMapper(reference, hypothesis)
  const mapping = hungarianMapping(R, refLabels, H, orderedLabels(H, 'int'));
  const speakers = new Map<string, number>();
  let total = 0;
  for (const label of refLabels) {
    const hyp = mapping.get(label);
    let err = 1;
    if (hyp !== undefined) {
      const r = support(R.segments.filter((x) => x.speaker === label));
      const h = support(H.segments.filter((x) => x.speaker === hyp));
      const union = duration([...r, ...h]);
      const fa = duration(h) - duration(intersect(h, r));
      const miss = duration(r) - duration(intersect(r, h));
      err = (fa + miss) / union;
    }
    speakers.set(label, err);
    total += err;
  }
  return { jer: speakers.size > 0 ? total / speakers.size : 1, speakers, mapping };
}
