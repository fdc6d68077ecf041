// Interval-set operations of pyannote.core's Timeline that the annotation helpers and DER need.
import type { Interval } from './types';

/** pyannote.core `Segment.__bool__`: a segment shorter than this is empty. */
export const SEGMENT_PRECISION = 1e-6;

/**
 * pyannote.core `Timeline.support(collar)`: the sorted union of the intervals, also merging
 * neighbours separated by a gap shorter than `collar`.
 */
export function support(intervals: Interval[], collar = 0): Interval[] {
  const sorted = intervals.filter((s) => s.end - s.start > SEGMENT_PRECISION).sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Interval[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last) {
      const gap = s.start - last.end; // Segment ^ Segment; empty (≤ precision) when they overlap
      if (!(gap > SEGMENT_PRECISION) || gap < collar) {
        last.end = Math.max(last.end, s.end);
        continue;
      }
    }
    out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** Total duration of the union of the intervals. */
export function duration(intervals: Interval[]): number {
  let total = 0;
  for (const s of support(intervals)) total += s.end - s.start;
  return total;
}

/** Intersection of two interval lists (each first reduced to its support). */
export function intersect(a: Interval[], b: Interval[]): Interval[] {
  const A = support(a);
  const B = support(b);
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < A.length && j < B.length) {
    const start = Math.max(A[i].start, B[j].start);
    const end = Math.min(A[i].end, B[j].end);
    if (end - start > SEGMENT_PRECISION) out.push({ start, end });
    if (A[i].end < B[j].end) i++;
    else j++;
  }
  return out;
}

/** pyannote.core `Timeline.gaps(support)`: the parts of `within` not covered by `intervals`. */
export function gaps(intervals: Interval[], within: Interval[]): Interval[] {
  const cover = support(intervals);
  const out: Interval[] = [];
  for (const w of support(within)) {
    let t = w.start;
    for (const c of cover) {
      if (c.end <= t || c.start >= w.end) continue;
      if (c.start - t > SEGMENT_PRECISION) out.push({ start: t, end: Math.min(c.start, w.end) });
      t = Math.max(t, c.end);
      if (t >= w.end) break;
    }
    if (w.end - t > SEGMENT_PRECISION) out.push({ start: t, end: w.end });
  }
  return out;
}
