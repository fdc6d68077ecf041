// Which frames each embedding pools over (pyannote `SpeakerDiarization.get_embeddings`, SPEC 4.1).
import type { Segmentations } from '../types';

/**
 * Overlap-excluded masks with pyannote's fallback: `clean = seg · [Σ_s seg < 2]`; use it when it
 * has more than `minFrames` (2) active frames, else the full mask. NaN → 0. Writes 589 weights.
 */
export function embeddingMask(seg: Segmentations, c: number, s: number, out: Float32Array, minFrames = 2): void {
  const { frames: F, speakers: S, data } = seg;
  let clean = 0;
  for (let f = 0; f < F; f++) {
    const row = (c * F + f) * S;
    let active = 0;
    for (let k = 0; k < S; k++) active += data[row + k];
    const v = data[row + s];
    const m = active < 2 ? v : 0;
    out[f] = Number.isNaN(m) ? 0 : m;
    clean += out[f];
  }
  if (clean > minFrames) return;
  for (let f = 0; f < F; f++) {
    const v = data[(c * F + f) * S + s];
    out[f] = Number.isNaN(v) ? 0 : v;
  }
}
