// One speaker at a time from turns that may overlap, for diarizations that come without pyannote's
// exclusive view (an RTTM from anywhere).
import type { Turn } from './types';

/** True when two turns share a stretch of positive length. */
export function hasOverlap(turns: readonly Turn[]): boolean {
  const sorted = [...turns].sort((a, b) => a.start - b.start);
  let latestEnd = -Infinity;
  for (const t of sorted) {
    if (t.start < latestEnd && t.end > t.start) return true;
    latestEnd = Math.max(latestEnd, t.end);
  }
  return false;
}

/** Turn precedence inside an overlap: the longer turn, then the earlier start, then the speaker label. */
function precedes(a: Turn, b: Turn): boolean {
  const la = a.end - a.start;
  const lb = b.end - b.start;
  if (la !== lb) return la > lb;
  if (a.start !== b.start) return a.start < b.start;
  return a.speaker < b.speaker;
}

/**
 * An exclusive (one speaker at a time) view of `turns`, like pyannote's
 * `exclusive_speaker_diarization`. Turns without overlaps are returned as they are. Otherwise, at
 * every instant covered by turns, the speaker of the longest turn covering it speaks (equal
 * lengths: the earlier turn, then the smaller label); consecutive stretches of one speaker are
 * merged. The result covers exactly the union of the turns and is sorted by start.
 *
 * pyannote picks the speaker with the highest segmentation score, which an RTTM does not carry;
 * against pyannote's own exclusive diarization of the 8 parity fixtures with intermediates this
 * rule gives the same speaker on 75.3 % of the 52.0 s where turns overlap and 100 % elsewhere
 * (the README lists the rules compared).
 */
export function exclusiveTurns(turns: readonly Turn[]): readonly Turn[] {
  if (!hasOverlap(turns)) return turns;
  const sorted = turns.filter((t) => t.end > t.start).sort((a, b) => a.start - b.start);
  const bounds = [...new Set(sorted.flatMap((t) => [t.start, t.end]))].sort((a, b) => a - b);
  const out: Turn[] = [];
  let active: Turn[] = [];
  let next = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i];
    const to = bounds[i + 1];
    active = active.filter((t) => t.end > from);
    while (next < sorted.length && sorted[next].start <= from) active.push(sorted[next++]);
    if (active.length === 0) continue;
    let winner = active[0];
    for (const t of active) if (precedes(t, winner)) winner = t;
    const last = out[out.length - 1];
    if (last && last.speaker === winner.speaker && last.end === from) last.end = to;
    else out.push({ start: from, end: to, speaker: winner.speaker });
  }
  return out;
}
