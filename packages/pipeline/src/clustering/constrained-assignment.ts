// Per-chunk assignment of local speakers to global clusters (pyannote.audio `BaseClustering.constrained_argmax`).
import { linearSumAssignment } from '@dia/lsap';
import type { Segmentations } from '../types';
import type { SoftClusters } from './soft-clusters';

/** Value pyannote writes for a local speaker with no cluster. */
export const UNASSIGNED = -2;

/**
 * `const = min(soft) − 1` (NaN-propagating, like ndarray.min), written into the rows of speakers
 * that are never active in their chunk (VBxClustering with constrained assignment). Mutates `soft`.
 */
export function fillInactiveSpeakers(soft: SoftClusters, segmentations: Segmentations): number {
  let min = Infinity;
  for (let i = 0; i < soft.data.length; i++) {
    const v = soft.data[i];
    if (Number.isNaN(v)) { min = NaN; break; }
    if (v < min) min = v;
  }
  const fill = min - 1;
  const { chunks, frames, speakers } = segmentations;
  const K = soft.clusters;
  for (let c = 0; c < chunks; c++) {
    for (let s = 0; s < speakers; s++) {
      let active = 0;
      for (let f = 0; f < frames; f++) active += segmentations.data[(c * frames + f) * speakers + s];
      if (active === 0) soft.data.fill(fill, (c * speakers + s) * K, (c * speakers + s + 1) * K);
    }
  }
  return fill;
}

/**
 * pyannote `constrained_argmax`: NaN scores become the global nan-min, then each chunk's
 * speakers × clusters matrix is solved with scipy's `linear_sum_assignment(maximize=True)`;
 * unmatched speakers get −2. Returns `[chunks][speakers]` int8 labels.
 */
export function constrainedArgmax(soft: SoftClusters): Int8Array {
  const { chunks, speakers, clusters: K } = soft;
  let nanMin = Infinity;
  let hasNaN = false;
  for (let i = 0; i < soft.data.length; i++) {
    const v = soft.data[i];
    if (Number.isNaN(v)) hasNaN = true;
    else if (v < nanMin) nanMin = v;
  }
  const hard = new Int8Array(chunks * speakers).fill(UNASSIGNED);
  const cost = new Float64Array(speakers * K);
  for (let c = 0; c < chunks; c++) {
    for (let i = 0; i < speakers * K; i++) {
      const v = soft.data[c * speakers * K + i];
      cost[i] = hasNaN && Number.isNaN(v) ? nanMin : v;
    }
    const { rowInd, colInd } = linearSumAssignment({ data: cost, rows: speakers, cols: K }, { maximize: true });
    for (let i = 0; i < rowInd.length; i++) hard[c * speakers + rowInd[i]] = colInd[i];
  }
  return hard;
}

/** Plain per-speaker argmax over clusters (first maximum), used when the number of speakers is forced. */
export function argmaxAssignment(soft: SoftClusters): Int8Array {
  const { chunks, speakers, clusters: K } = soft;
  const hard = new Int8Array(chunks * speakers);
  for (let p = 0; p < chunks * speakers; p++) {
    let best = 0;
    let bestV = soft.data[p * K];
    for (let k = 1; k < K; k++) {
      const v = soft.data[p * K + k];
      // np.argmax: NaN is the maximum (first NaN wins)
      if (Number.isNaN(bestV)) break;
      if (Number.isNaN(v) || v > bestV) { best = k; bestV = v; }
    }
    hard[p] = best;
  }
  return hard;
}
