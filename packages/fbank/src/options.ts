// torchaudio.compliance.kaldi.fbank options, camelCased, with torchaudio's defaults and checks.
import { FbankError } from './errors';
import type { WindowType } from './window';

export interface FbankOptions {
  sampleFrequency?: number;
  /** Milliseconds. */
  frameLength?: number;
  /** Milliseconds. */
  frameShift?: number;
  numMelBins?: number;
  /** 0 = deterministic; otherwise Gaussian noise of this scale from a seeded generator (`seed`). */
  dither?: number;
  seed?: number;
  windowType?: WindowType;
  blackmanCoeff?: number;
  preemphasisCoefficient?: number;
  removeDcOffset?: boolean;
  roundToPowerOfTwo?: boolean;
  snipEdges?: boolean;
  lowFreq?: number;
  /** ≤ 0 means an offset from Nyquist. */
  highFreq?: number;
  useEnergy?: boolean;
  rawEnergy?: boolean;
  energyFloor?: number;
  useLogFbank?: boolean;
  usePower?: boolean;
  htkCompat?: boolean;
  subtractMean?: boolean;
  minDuration?: number;
  vtlnWarp?: number;
  vtlnLow?: number;
  vtlnHigh?: number;
}

export type ResolvedFbankOptions = Required<FbankOptions> & {
  windowShift: number;
  windowSize: number;
  paddedWindowSize: number;
};

/** torchaudio's defaults (`kaldi.fbank` signature). */
export const FBANK_DEFAULTS: Required<FbankOptions> = {
  sampleFrequency: 16000,
  frameLength: 25,
  frameShift: 10,
  numMelBins: 23,
  dither: 0,
  seed: 0,
  windowType: 'povey',
  blackmanCoeff: 0.42,
  preemphasisCoefficient: 0.97,
  removeDcOffset: true,
  roundToPowerOfTwo: true,
  snipEdges: true,
  lowFreq: 20,
  highFreq: 0,
  useEnergy: false,
  rawEnergy: true,
  energyFloor: 1,
  useLogFbank: true,
  usePower: true,
  htkCompat: false,
  subtractMean: false,
  minDuration: 0,
  vtlnWarp: 1,
  vtlnLow: 100,
  vtlnHigh: -500,
};

const KNOWN = new Set(Object.keys(FBANK_DEFAULTS));

/** Fills defaults and validates like torchaudio (`_get_waveform_and_window_properties`, `get_mel_banks`). */
export function resolveOptions(options: FbankOptions = {}): ResolvedFbankOptions {
  for (const k of Object.keys(options)) if (!KNOWN.has(k)) throw new FbankError('INVALID_OPTION', `unknown fbank option '${k}'`);
  const o = { ...FBANK_DEFAULTS, ...options };
  const bad = (msg: string) => new FbankError('INVALID_OPTION', msg);
  if (!(o.sampleFrequency > 0)) throw bad(`sampleFrequency must be > 0 (got ${o.sampleFrequency})`);
  const windowShift = Math.trunc(o.sampleFrequency * o.frameShift * 0.001);
  const windowSize = Math.trunc(o.sampleFrequency * o.frameLength * 0.001);
  if (!(windowShift > 0)) throw bad(`frameShift gives a window shift of ${windowShift} samples; it must be > 0`);
  if (!(windowSize >= 2)) throw bad(`frameLength gives a window of ${windowSize} samples; it must be ≥ 2`);
  const paddedWindowSize = o.roundToPowerOfTwo ? 2 ** Math.ceil(Math.log2(windowSize)) : windowSize;
  if (paddedWindowSize % 2 !== 0) throw bad(`the padded window size ${paddedWindowSize} must be even: use roundToPowerOfTwo or change frameLength`);
  if (!(o.preemphasisCoefficient >= 0 && o.preemphasisCoefficient <= 1)) throw bad(`preemphasisCoefficient must be in [0, 1] (got ${o.preemphasisCoefficient})`);
  if (!Number.isInteger(o.numMelBins) || o.numMelBins <= 3) throw bad(`numMelBins must be an integer > 3 (got ${o.numMelBins})`);
  const nyquist = 0.5 * o.sampleFrequency;
  const high = o.highFreq <= 0 ? o.highFreq + nyquist : o.highFreq;
  if (!(o.lowFreq >= 0 && o.lowFreq < nyquist && high > 0 && high <= nyquist && o.lowFreq < high)) {
    throw bad(`bad frequency range: lowFreq ${o.lowFreq} and highFreq ${o.highFreq} (→ ${high}) vs. Nyquist ${nyquist}`);
  }
  if (o.vtlnWarp !== 1) throw bad(`vtlnWarp ${o.vtlnWarp} is not supported (only 1, i.e. no VTLN warping)`);
  if (!(o.dither >= 0)) throw bad(`dither must be ≥ 0 (got ${o.dither})`);
  if (!(o.energyFloor >= 0)) throw bad(`energyFloor must be ≥ 0 (got ${o.energyFloor})`);
  return { ...o, windowShift, windowSize, paddedWindowSize };
}
