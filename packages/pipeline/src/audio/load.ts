// Audio input of diarize(): WAV path or bytes, or a 16 kHz mono Float32Array.
import { readFileSync } from 'node:fs';
import { SAMPLE_RATE } from '../sliding-window';
import { AudioError, decodeWav, downmix } from './wav';

/**
 * 16 kHz mono float32 samples from a WAV file path, WAV bytes, or samples already at 16 kHz.
 * Other sample rates are rejected for now with an error saying how to convert.
 */
export function loadAudio(input: string | Uint8Array | Float32Array): Float32Array {
  let samples: Float32Array;
  if (input instanceof Float32Array) {
    samples = input;
  } else {
    const bytes = typeof input === 'string' ? readFileSync(input) : input;
    const decoded = decodeWav(bytes);
    if (decoded.sampleRate !== SAMPLE_RATE) {
      throw new AudioError('UNSUPPORTED', `the audio is ${decoded.sampleRate} Hz; resampling is not implemented yet — convert to 16 kHz first (e.g. ffmpeg -i in.wav -ar 16000 out.wav)`);
    }
    samples = downmix(decoded);
  }
  if (samples.length === 0) throw new AudioError('EMPTY', 'the audio has no samples');
  for (let i = 0; i < samples.length; i++) if (Number.isNaN(samples[i])) throw new AudioError('NAN_SAMPLES', `sample ${i} is NaN`);
  return samples;
}
