// The filterbank input of pyannote's WeSpeaker wrapper (`BaseWeSpeakerResNet.compute_fbank`).
import { FbankComputer, subtractColumnMean, type Features } from './fbank';

/** community-1's WeSpeaker fbank options: 80 bins, 25/10 ms, hamming, no dither, no energy, 16 kHz. */
export const WESPEAKER_FBANK_OPTIONS = {
  numMelBins: 80,
  frameLength: 25,
  frameShift: 10,
  dither: 0,
  sampleFrequency: 16000,
  windowType: 'hamming',
  useEnergy: false,
  roundToPowerOfTwo: true,
  snipEdges: true,
} as const;

let shared: FbankComputer | undefined;
let scaled = new Float32Array(0);

/**
 * pyannote `compute_fbank`: waveform × 2¹⁵, kaldi fbank with the options above, then each band
 * centred on its mean over the frames. Input: 16 kHz mono float32 in [−1, 1).
 */
export function wespeakerFeatures(samples: Float32Array, computer?: FbankComputer): Features {
  const fb = computer ?? (shared ??= new FbankComputer(WESPEAKER_FBANK_OPTIONS));
  if (scaled.length < samples.length) scaled = new Float32Array(samples.length);
  const x = scaled.subarray(0, samples.length);
  for (let i = 0; i < samples.length; i++) x[i] = samples[i] * 32768; // exact (power of two)
  const features = fb.compute(x);
  subtractColumnMean(features.data, features.frames, features.bins);
  return features;
}

/**
 * WeSpeaker features of every sliding chunk of a recording, computed once: with a step that is a
 * multiple of the 10 ms frame shift, chunk c's frames are frames [c·step/160, c·step/160 + T) of
 * the whole (zero-padded) recording, so the log-mels are computed once and each chunk is only
 * re-centred. Bit-identical to `wespeakerFeatures(chunk)` for every chunk (tested).
 */
export class WespeakerChunkFeatures {
  readonly chunks: number;
  readonly framesPerChunk: number;
  private readonly raw: Float32Array;
  private readonly frameStep: number;

  constructor(samples: Float32Array, numChunks: number, chunkSamples = 160_000, stepSamples = 16_000) {
    const shift = 160;
    if (stepSamples % shift !== 0) throw new RangeError(`chunk step ${stepSamples} is not a multiple of the ${shift}-sample frame shift`);
    this.chunks = numChunks;
    this.frameStep = stepSamples / shift;
    const total = (numChunks - 1) * stepSamples + chunkSamples;
    const padded = new Float32Array(total);
    const n = Math.min(samples.length, total);
    for (let i = 0; i < n; i++) padded[i] = samples[i] * 32768; // exact (power of two)
    const fb = new FbankComputer(WESPEAKER_FBANK_OPTIONS);
    this.framesPerChunk = fb.frameCount(chunkSamples);
    this.raw = fb.compute(padded).data;
  }

  /** Centred features of chunk c (`framesPerChunk` × 80), written into `out` when given. */
  chunk(c: number, out = new Float32Array(this.framesPerChunk * 80)): Features {
    if (!(c >= 0 && c < this.chunks)) throw new RangeError(`chunk ${c} is outside 0..${this.chunks - 1}`);
    const T = this.framesPerChunk;
    out.set(this.raw.subarray(c * this.frameStep * 80, (c * this.frameStep + T) * 80));
    subtractColumnMean(out, T, 80);
    return { data: out, frames: T, bins: 80 };
  }
}
