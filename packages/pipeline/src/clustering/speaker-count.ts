// Frame-level number of simultaneous speakers (pyannote.audio `SpeakerDiarizationMixin.speaker_count`).
import { aggregate } from './aggregate';
import { rint } from '../geometry/rint';
import type { Segmentations } from '../types';

/**
 * pyannote `speaker_count(binarized, frames, warm_up=(0, 0))`: sum the active local speakers of
 * each chunk frame, average the overlapping chunks (`Inference.aggregate`, plain mean, missing = 0)
 * and round half to even to uint8. Length `nOut` (frames of the whole file).
 */
export function speakerCount(segmentations: Segmentations): Uint8Array {
  const { data, chunks, frames, speakers } = segmentations;
  const perFrame = new Float32Array(chunks * frames);
  for (let i = 0; i < chunks * frames; i++) {
    let s = 0;
    for (let k = 0; k < speakers; k++) s += data[i * speakers + k];
    perFrame[i] = s;
  }
  const avg = aggregate({ data: perFrame, chunks, frames, classes: 1 }, { skipAverage: false, missing: 0 });
  const count = new Uint8Array(avg.frames);
  for (let t = 0; t < avg.frames; t++) count[t] = rint(avg.data[t]);
  return count;
}
