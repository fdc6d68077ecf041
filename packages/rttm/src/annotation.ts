// Annotation helpers (pyannote.core `Annotation` equivalents).
import type { Annotation, Interval, RttmSegment } from './types';
import { duration, SEGMENT_PRECISION, support as supportIntervals } from './timeline';

/** Speaker labels, sorted (pyannote `Annotation.labels()` sorts by string). */
export function speakers(annotation: Annotation): string[] {
  return [...new Set(annotation.segments.map((s) => s.speaker))].sort();
}

/** Total speech: duration of the union of all turns (overlap counted once). */
export function totalSpeech(annotation: Annotation): number {
  return duration(annotation.segments);
}

/** Speaking time per speaker (union of that speaker's turns). */
export function speakerDurations(annotation: Annotation): Map<string, number> {
  const out = new Map<string, number>();
  for (const label of speakers(annotation)) out.set(label, duration(annotation.segments.filter((s) => s.speaker === label)));
  return out;
}

/** Regions where two or more speakers talk at once (pyannote `get_overlap()`). */
export function overlapRegions(annotation: Annotation): Interval[] {
  const events: { t: number; d: number }[] = [];
  for (const s of annotation.segments) {
    if (s.end - s.start <= SEGMENT_PRECISION) continue;
    events.push({ t: s.start, d: 1 }, { t: s.end, d: -1 });
  }
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  const out: Interval[] = [];
  let active = 0;
  let start = 0;
  for (const e of events) {
    const before = active;
    active += e.d;
    if (before < 2 && active >= 2) start = e.t;
    else if (before >= 2 && active < 2 && e.t - start > SEGMENT_PRECISION) out.push({ start, end: e.t });
  }
  return supportIntervals(out);
}

/**
 * pyannote `Annotation.support(collar)`: per speaker, merge turns that overlap or are separated by
 * a gap shorter than `collar` seconds. Result sorted by start.
 */
export function supportAnnotation(annotation: Annotation, collar = 0): Annotation {
  const segments: RttmSegment[] = [];
  for (const label of speakers(annotation)) {
    const channel = annotation.segments.find((s) => s.speaker === label)?.channel ?? 1;
    for (const s of supportIntervals(annotation.segments.filter((x) => x.speaker === label), collar)) {
      segments.push({ start: s.start, end: s.end, duration: s.end - s.start, speaker: label, channel });
    }
  }
  segments.sort((a, b) => a.start - b.start || a.end - b.end || (a.speaker < b.speaker ? -1 : a.speaker > b.speaker ? 1 : 0));
  return { uri: annotation.uri, segments };
}

/** Keeps the parts of each turn inside [start, end) (pyannote `crop(mode="intersection")`). */
export function crop(annotation: Annotation, start: number, end: number): Annotation {
  return cropToIntervals(annotation, [{ start, end }]);
}

/** Keeps the parts of each turn inside the given intervals (pyannote `crop(timeline, "intersection")`). */
export function cropToIntervals(annotation: Annotation, within: Interval[]): Annotation {
  const segments: RttmSegment[] = [];
  const keep = supportIntervals(within); // sorted, disjoint
  for (const s of annotation.segments) {
    // first kept interval ending after the turn starts
    let lo = 0;
    let hi = keep.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keep[mid].end <= s.start) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo; k < keep.length && keep[k].start < s.end; k++) {
      const start = Math.max(s.start, keep[k].start);
      const end = Math.min(s.end, keep[k].end);
      if (end - start > SEGMENT_PRECISION) segments.push({ ...s, start, end, duration: end - start });
    }
  }
  return { uri: annotation.uri, segments };
}
