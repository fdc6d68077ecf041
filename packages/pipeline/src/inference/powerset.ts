// pyannote.audio `Powerset.to_multilabel(soft=False)` for segmentation-3.0 (3 speakers, ≤ 2 at once).
import { InferenceError } from '../errors';

/** Powerset classes → active speakers: 0 = {}, 1 = {A}, 2 = {B}, 3 = {C}, 4 = {A,B}, 5 = {A,C}, 6 = {B,C}. */
export const POWERSET_TO_SPEAKERS: readonly (readonly number[])[] = [[0, 0, 0], [1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1]];

/**
 * Hard powerset decoding: per frame, the first maximum of the 7 logits (ties → lowest class, like
 * torch.argmax), mapped to a 0/1 triple. Writes `frames × 3` values into `out` at `offset`.
 * A NaN logit is an error (argmax would be meaningless).
 */
export function powersetToMultilabel(logits: Float32Array, logitOffset: number, frames: number, out: Float32Array, offset: number, where: string): void {
  for (let f = 0; f < frames; f++) {
    const base = logitOffset + f * 7;
    let best = 0;
    let bestV = logits[base];
    if (Number.isNaN(bestV)) throw new InferenceError('NON_FINITE_OUTPUT', `segmentation produced NaN at ${where}, frame ${f}`);
    for (let c = 1; c < 7; c++) {
      const v = logits[base + c];
      if (Number.isNaN(v)) throw new InferenceError('NON_FINITE_OUTPUT', `segmentation produced NaN at ${where}, frame ${f}`);
      if (v > bestV) { bestV = v; best = c; }
    }
    const s = POWERSET_TO_SPEAKERS[best];
    out[offset + f * 3] = s[0];
    out[offset + f * 3 + 1] = s[1];
    out[offset + f * 3 + 2] = s[2];
  }
}
