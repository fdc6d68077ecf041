// Audio input of diarize(): WAV path or bytes, or a 16 kHz mono Float32Array.
import { readFileSync } from 'node:fs';
import { SAMPLE_RATE } from '../geometry/sliding-window';
import { AudioError, decodeWav, downmix } from './wav';
import { resample } from './resample';

/**
 * 16 kHz mono float32 samples from a WAV file path, WAV bytes, or samples already at 16 kHz.
 * Other sample rates are downmixed then resampled like torchaudio (`resample`).
 */
export function loadAudio(input: string | Uint8Array | Float32Array): Float32Array {
  let samples: Float32Array;
  if (input instanceof Float32Array) {
    samples = input;
  } else {
    const bytes = typeof input === 'string' ? readFileSync(input) : input;
    const decoded = decodeWav(bytes);
    // pyannote: downmix (mean over channels), then torchaudio's resample to 16 kHz
    samples = resample(downmix(decoded), decoded.sampleRate, SAMPLE_RATE);
  }
  if (samples.length === 0) throw new AudioError('EMPTY', 'the audio has no samples');
  for (let i = 0; i < samples.length; i++) if (Number.isNaN(samples[i])) throw new AudioError('NAN_SAMPLES', `sample ${i} is NaN`);
  return samples;
}
