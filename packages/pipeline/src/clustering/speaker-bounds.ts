// Validation of the speaker-number options (pyannote.audio `pipelines.utils.diarization.set_num_speakers`).
import { PipelineError } from '../errors';

export interface SpeakerNumberOptions {
  numSpeakers?: number;
  minSpeakers?: number;
  maxSpeakers?: number;
}

export interface SpeakerBounds {
  /** Exact number of speakers to produce, or undefined to let clustering decide. */
  numSpeakers: number | undefined;
  minSpeakers: number;
  /** `Infinity` when unbounded. */
  maxSpeakers: number;
}

function check(name: string, v: number | undefined): void {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) {
    throw new PipelineError('INVALID_OPTION', `${name} must be a positive integer (got ${v})`);
  }
}

/**
 * pyannote `set_num_speakers`: `min = num || min || 1`, `max = num || max || ∞`; min > max is an
 * error; when min == max it becomes `num`. (0 counts as "not given", as Python's `or` does.)
 */
export function speakerBounds(options: SpeakerNumberOptions = {}): SpeakerBounds {
  check('numSpeakers', options.numSpeakers);
  check('minSpeakers', options.minSpeakers);
  check('maxSpeakers', options.maxSpeakers);
  let num = options.numSpeakers;
  const min = num || options.minSpeakers || 1;
  const max = num || options.maxSpeakers || Infinity;
  if (min > max) {
    throw new PipelineError('INVALID_OPTION', `minSpeakers must be smaller than (or equal to) maxSpeakers (here: minSpeakers=${min} and maxSpeakers=${max})`);
  }
  if (min === max) num = min;
  return { numSpeakers: num, minSpeakers: min, maxSpeakers: max };
}
