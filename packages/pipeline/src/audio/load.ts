// The whole recording at once: the blocks of an AudioSource collected into one 16 kHz mono array.
import { SAMPLE_RATE } from '../geometry/sliding-window';
import { openAudio, type AudioInput, type AudioSource, type OpenAudioOptions } from './source';

/**
 * Reads every block of `source` into one array (allocated once when the source knows its length).
 * `onBlock(seconds)` is told how much audio has been read after each block.
 */
export async function collectAudio(source: AudioSource, onBlock?: (seconds: number) => void): Promise<Float32Array> {
  const out = source.totalSamples !== undefined ? new Float32Array(source.totalSamples) : undefined;
  const parts: Float32Array[] = [];
  let length = 0;
  for await (const block of source) {
    if (out && length + block.length <= out.length) out.set(block, length);
    else parts.push(block);
    length += block.length;
    onBlock?.(length / SAMPLE_RATE);
  }
  if (out && parts.length === 0 && length === out.length) return out;
  // the length was not known up front (a pipe, FFmpeg): join the blocks
  const joined = new Float32Array(length);
  let at = 0;
  if (out) {
    at = Math.min(out.length, length);
    joined.set(out.subarray(0, at));
  }
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return joined;
}

/**
 * 16 kHz mono float32 samples of a recording — pyannote.audio's `Audio(sample_rate=16000,
 * mono="downmix")`: decoded (WAV built in, everything else through FFmpeg), downmixed by channel
 * mean, resampled like `torchaudio.functional.resample`. A Float32Array is taken as 16 kHz mono and
 * returned as is (after checking it is finite). Zero-length audio gives an empty array.
 */
export async function loadAudio(input: AudioInput, options: OpenAudioOptions = {}): Promise<Float32Array> {
  const source = await openAudio(input, options);
  if (input instanceof Float32Array) {
    for await (const block of source) void block; // checks the samples
    return input;
  }
  return collectAudio(source);
}
