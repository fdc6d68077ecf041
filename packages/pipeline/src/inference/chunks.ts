// The chunk plan of pyannote's sliding-window inference (SPEC 1) over a 16 kHz waveform.
import { CHUNK_SAMPLES, STEP_SAMPLES, chunkCount } from '../geometry/sliding-window';

/** Copies chunk c (`[c·16000, c·16000 + 160000)`, zero-padded past the end) into `out`. */
export function copyChunk(samples: Float32Array, c: number, out: Float32Array): void {
  const start = c * STEP_SAMPLES;
  const end = Math.min(samples.length, start + CHUNK_SAMPLES);
  if (start < end) out.set(samples.subarray(start, end));
  out.fill(0, Math.max(0, end - start), CHUNK_SAMPLES);
}

export { chunkCount, CHUNK_SAMPLES };
