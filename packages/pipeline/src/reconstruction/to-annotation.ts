// From discrete diarization to speaker turns (pyannote.audio `Binarize` as used by
// `SpeakerDiarizationMixin.to_annotation`, and pyannote.core `Annotation` ordering and labels).
import type { FrameScores } from '../types';
import { frameWindow, type SlidingWindow } from '../geometry/sliding-window';

/** One speaker turn of cluster `cluster`, with pyannote's track name. */
export interface ClusterTurn {
  start: number;
  end: number;
  cluster: number;
  track: string;
}

/** pyannote.core `Segment.__bool__`: a segment is empty when its duration is ≤ 1e-6. */
const SEGMENT_PRECISION = 1e-6;

/** pyannote.core `string_generator`: A, B, …, Z, AA, AB, … */
export function trackName(index: number): string {
  let r = 1;
  let span = 26;
  let i = index;
  while (i >= span) {
    i -= span;
    r++;
    span *= 26;
  }
  let s = '';
  for (let p = 0; p < r; p++) {
    s = String.fromCharCode(65 + (i % 26)) + s;
    i = Math.floor(i / 26);
  }
  return s;
}

/** Turn order of pyannote.core `Annotation.itertracks`: start, end, then track name (string order). */
export function compareTurns(a: { start: number; end: number; track: string }, b: { start: number; end: number; track: string }): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  return a.track < b.track ? -1 : a.track > b.track ? 1 : 0;
}

/** Sorts cluster indices as pyannote sorts integer labels: as decimal strings (0, 1, 10, 11, 2, …). */
export function sortLabelsAsStrings(labels: Iterable<number>): number[] {
  return [...labels].sort((a, b) => {
    const sa = String(a);
    const sb = String(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  });
}

export interface ToAnnotationOptions {
  /** Remove turns shorter than this (seconds). Default 0. */
  minDurationOn?: number;
  /** Merge same-speaker turns separated by a gap shorter than this (seconds). Default 0. */
  minDurationOff?: number;
  frames?: SlidingWindow;
}

/**
 * pyannote `to_annotation` = `Binarize(onset=0.5, offset=0.5, min_duration_on, min_duration_off)`:
 * per column, a turn starts at the middle of the first frame above 0.5 and ends at the middle of the
 * first frame below 0.5 (or the last frame); empty turns are dropped. With `minDurationOff > 0`
 * same-cluster turns closer than it are merged (`Annotation.support`, fresh track names).
 * Returns the turns in `Annotation.itertracks` order.
 */
export function toAnnotation(discrete: FrameScores, options: ToAnnotationOptions = {}): ClusterTurn[] {
  const { frames: T, classes: K, data } = discrete;
  const fw = options.frames ?? frameWindow;
  const onset = 0.5;
  const offset = 0.5;
  let turns: ClusterTurn[] = [];
  if (T === 0) return turns;
  const middles = new Float64Array(T);
  for (let i = 0; i < T; i++) middles[i] = fw.middle(i);
  const push = (start: number, end: number, cluster: number, track: string) => {
    if (end - start > SEGMENT_PRECISION) turns.push({ start, end, cluster, track });
  };
  for (let k = 0; k < K; k++) {
    const track = trackName(k);
    let start = middles[0];
    let active = data[k] > onset;
    for (let i = 1; i < T; i++) {
      const y = data[i * K + k];
      if (active) {
        if (y < offset) {
          push(start, middles[i], k, track);
          start = middles[i];
          active = false;
        }
      } else if (y > onset) {
        start = middles[i];
        active = true;
      }
    }
    if (active) push(start, middles[T - 1], k, track);
  }
  const minOff = options.minDurationOff ?? 0;
  if (minOff > 0) turns = support(turns, minOff);
  const minOn = options.minDurationOn ?? 0;
  if (minOn > 0) turns = turns.filter((t) => !(t.end - t.start < minOn));
  return turns.sort(compareTurns);
}

/** pyannote.core `Annotation.support(collar)`: per label (string order), merge turns whose gap is < collar. */
function support(turns: ClusterTurn[], collar: number): ClusterTurn[] {
  const byCluster = new Map<number, ClusterTurn[]>();
  for (const t of turns) {
    const list = byCluster.get(t.cluster) ?? [];
    list.push(t);
    byCluster.set(t.cluster, list);
  }
  const out: ClusterTurn[] = [];
  let trackIndex = 0;
  for (const cluster of sortLabelsAsStrings(byCluster.keys())) {
    const list = (byCluster.get(cluster) as ClusterTurn[]).sort(compareTurns);
    let curStart = list[0].start;
    let curEnd = list[0].end;
    for (const seg of list) {
      // Segment ^ Segment: the gap between them (empty when they overlap)
      const gapStart = Math.min(seg.end, curEnd);
      const gapEnd = Math.max(seg.start, curStart);
      const gap = gapEnd - gapStart;
      if (!(gap > SEGMENT_PRECISION) || gap < collar) {
        curStart = Math.min(curStart, seg.start);
        curEnd = Math.max(curEnd, seg.end);
      } else {
        out.push({ start: curStart, end: curEnd, cluster, track: trackName(trackIndex++) });
        curStart = seg.start;
        curEnd = seg.end;
      }
    }
    out.push({ start: curStart, end: curEnd, cluster, track: trackName(trackIndex++) });
  }
  return out;
}

/**
 * pyannote's final renaming: the clusters that own at least one turn, sorted as strings, become
 * SPEAKER_00, SPEAKER_01, … in that order. Returns cluster → label.
 */
export function speakerLabels(turns: ClusterTurn[]): Map<number, string> {
  const present = new Set<number>();
  for (const t of turns) present.add(t.cluster);
  const mapping = new Map<number, string>();
  sortLabelsAsStrings(present).forEach((k, i) => mapping.set(k, `SPEAKER_${String(i).padStart(2, '0')}`));
  return mapping;
}
