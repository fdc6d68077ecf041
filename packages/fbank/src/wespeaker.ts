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
