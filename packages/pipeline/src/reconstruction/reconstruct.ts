// Discrete diarization from clustered segmentations (pyannote.audio `SpeakerDiarization.reconstruct`
// and `SpeakerDiarizationMixin.to_diarization`).
import { aggregate } from '../clustering/aggregate';
import { UNASSIGNED } from '../clustering/constrained-assignment';
import type { FrameScores, Segmentations } from '../types';

/**
 * Sets `hard[c][s] = −2` for every local speaker that is never active in its chunk (pyannote's
 * `inactive_speakers` forcing, done before reconstruction). Returns a new array.
 */
export function forceInactiveUnassigned(hardClusters: Int8Array, segmentations: Segmentations): Int8Array {
  const { chunks, frames, speakers } = segmentations;
  const out = Int8Array.from(hardClusters);
  for (let c = 0; c < chunks; c++) {
    for (let s = 0; s < speakers; s++) {
      let active = 0;
      for (let f = 0; f < frames; f++) active += segmentations.data[(c * frames + f) * speakers + s];
      if (active === 0) out[c * speakers + s] = UNASSIGNED;
    }
  }
  return out;
}

/**
 * pyannote `reconstruct` + `to_diarization`: per chunk, each global cluster gets the max of the
 * activities of its local speakers (NaN for clusters absent from the chunk); these are summed
 * over overlapping chunks (`aggregate`, skip_average); zero columns are appended up to
 * max(count) (phantom speakers); then each frame selects its `count[t]` most active clusters,
 * ties broken by ascending index (stable order, SPEC hazard H21).
 */
export function reconstruct(segmentations: Segmentations, hardClusters: Int8Array, count: Uint8Array): FrameScores {
  const { chunks: C, frames: F, speakers: S } = segmentations;
  let numClusters = 0;
  for (let i = 0; i < hardClusters.length; i++) numClusters = Math.max(numClusters, hardClusters[i] + 1);
  const K = numClusters;
  const clustered = new Float32Array(C * F * K).fill(NaN);
  for (let c = 0; c < C; c++) {
    for (let s = 0; s < S; s++) {
      const k = hardClusters[c * S + s];
      if (k === UNASSIGNED || k < 0) continue;
      for (let f = 0; f < F; f++) {
        const v = segmentations.data[(c * F + f) * S + s];
        const dst = (c * F + f) * K + k;
        const cur = clustered[dst];
        clustered[dst] = Number.isNaN(cur) || v > cur ? v : cur;
      }
    }
  }
  const activations = aggregate({ data: clustered, chunks: C, frames: F, classes: K }, { skipAverage: true, missing: 0 });
  let maxCount = 0;
  for (let t = 0; t < count.length; t++) maxCount = Math.max(maxCount, count[t]);
  const cols = Math.max(K, maxCount);
  const T = Math.min(activations.frames, count.length);
  const binary = new Float32Array(T * cols);
  const order = new Int32Array(cols);
  const act = new Float64Array(cols);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < cols; k++) {
      order[k] = k;
      act[k] = k < K ? activations.data[t * K + k] : 0;
    }
    // stable insertion sort by descending activation (numpy's argsort(-x) on macOS, ≤ 16 columns)
    for (let i = 1; i < cols; i++) {
      const oi = order[i];
      const v = act[oi];
      let j = i - 1;
      while (j >= 0 && act[order[j]] < v) {
        order[j + 1] = order[j];
        j--;
      }
      order[j + 1] = oi;
    }
    const n = Math.min(count[t], cols);
    for (let i = 0; i < n; i++) binary[t * cols + order[i]] = 1;
  }
  return { data: binary, frames: T, classes: cols };
}
