// whisperX `diarize.IntervalTree`: turns sorted by start (a stable sort, so turns that start
// together keep their given order), queried for the turns a time span overlaps. The order of the
// query results decides ties downstream, so it is whisperX's order exactly.
import type { Turn } from './types';

/** One overlapping turn's speaker and the length of the overlap, in turn order. */
export interface TurnOverlap {
  speaker: string;
  overlap: number;
}

/** Sorted turns answering overlap and nearest-turn queries like whisperX's `IntervalTree`. */
export class TurnIndex {
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  private readonly speakers: string[];
  /** `maxEnd[i]` = the latest end among turns 0..i: turns before the first `maxEnd > t` all end by t. */
  private readonly maxEnd: Float64Array;

  /** whisperX `IntervalTree.__init__`: `sorted(intervals, key=lambda x: x[0])`. */
  constructor(turns: readonly Turn[]) {
    const sorted = [...turns].sort((a, b) => a.start - b.start);
    const n = sorted.length;
    this.starts = Float64Array.from(sorted, (t) => t.start);
    this.ends = Float64Array.from(sorted, (t) => t.end);
    this.speakers = sorted.map((t) => t.speaker);
    this.maxEnd = new Float64Array(n);
    let m = -Infinity;
    for (let i = 0; i < n; i++) this.maxEnd[i] = m = Math.max(m, this.ends[i]);
  }

  get size(): number {
    return this.starts.length;
  }

  /**
   * whisperX `IntervalTree.query(start, end)`: every turn with `turn.start < end` and
   * `turn.end > start` whose intersection `min(ends, end) − max(starts, start)` is > 0, in
   * sorted-turn order. A zero-length span therefore never overlaps anything.
   */
  query(start: number, end: number): TurnOverlap[] {
    const out: TurnOverlap[] = [];
    const right = this.firstIndex(this.starts, end); // np.searchsorted(starts, end, side='left')
    for (let i = this.firstIndex(this.maxEnd, start, true); i < right; i++) {
      if (!(this.starts[i] < end && this.ends[i] > start)) continue;
      const overlap = Math.min(this.ends[i], end) - Math.max(this.starts[i], start);
      if (overlap > 0) out.push({ speaker: this.speakers[i], overlap });
    }
    return out;
  }

  /**
   * whisperX `IntervalTree.find_nearest(time)`: the speaker of the turn whose midpoint
   * `(start + end) / 2` is nearest to `time`; the first such turn in sorted order on equal distances.
   */
  nearest(time: number): string | undefined {
    let best = -1;
    let bestDistance = Infinity;
    for (let i = 0; i < this.starts.length; i++) {
      const distance = Math.abs((this.starts[i] + this.ends[i]) / 2 - time);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = i;
      }
    }
    return best < 0 ? undefined : this.speakers[best];
  }

  /** The first index whose value is ≥ `x` (`> x` when `strict`) in a non-decreasing array. */
  private firstIndex(values: Float64Array, x: number, strict = false): number {
    let lo = 0;
    let hi = values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (strict ? values[mid] <= x : values[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
