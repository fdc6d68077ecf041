// Element-wise comparison of our arrays with pyannote's captured ones.

export interface Deviation {
  /** Largest |ours − theirs| (∞ on a shape mismatch, NaN-vs-number counts as ∞). */
  maxAbs: number;
  /** Largest |ours − theirs| / max(|theirs|, tiny). */
  maxRel: number;
  /** Number of elements that differ at all. */
  differing: number;
  length: number;
}

/** Compares two equally long numeric arrays. A length mismatch gives maxAbs = ∞. */
export function deviation(ours: ArrayLike<number>, theirs: ArrayLike<number>): Deviation {
  if (ours.length !== theirs.length) return { maxAbs: Infinity, maxRel: Infinity, differing: Math.max(ours.length, theirs.length), length: theirs.length };
  let maxAbs = 0;
  let maxRel = 0;
  let differing = 0;
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i];
    const b = theirs[i];
    if (a === b || (Number.isNaN(a) && Number.isNaN(b))) continue;
    differing++;
    const abs = Number.isNaN(a) || Number.isNaN(b) ? Infinity : Math.abs(a - b);
    maxAbs = Math.max(maxAbs, abs);
    maxRel = Math.max(maxRel, abs / Math.max(Math.abs(b), 1e-300));
  }
  return { maxAbs, maxRel, differing, length: theirs.length };
}

/** Formats a deviation for a log line. */
export function describeDeviation(d: Deviation): string {
  return `max|Δ| ${d.maxAbs.toExponential(2)}, max rel ${d.maxRel.toExponential(2)}, ${d.differing}/${d.length} differ`;
}
