// The energy strip above the report's timeline: a peak and RMS envelope of the decoded audio.

/** Peak and RMS of the audio per bucket, quantised to 0–255 relative to the loudest sample. */
export interface AudioEnvelope {
  /** Seconds per bucket. */
  step: number;
  /** Largest |sample| per bucket, 255 = the loudest sample of the recording. */
  peak: Uint8Array;
  /** Root mean square per bucket, on the same scale as `peak`. */
  rms: Uint8Array;
}

export interface EnvelopeOptions {
  /** Shortest bucket in seconds (default 0.01: one bucket per 10 ms). */
  minStep?: number;
  /** Most buckets for the whole recording (default 200,000: 72 ms per bucket over 4 h). */
  maxBuckets?: number;
}

/**
 * Downsamples audio to a peak + RMS envelope for drawing: buckets of `minStep` seconds, widened
 * so that there are at most `maxBuckets` of them (a whole number of samples each), then scaled so
 * that the loudest sample is 255. Silence stays 0; any non-zero bucket is at least 1.
 */
export function audioEnvelope(samples: Float32Array, sampleRate: number, options: EnvelopeOptions = {}): AudioEnvelope {
  const minStep = options.minStep ?? 0.01;
  const maxBuckets = options.maxBuckets ?? 200_000;
  const perBucket = Math.max(1, Math.round(minStep * sampleRate), Math.ceil(samples.length / maxBuckets));
  const buckets = Math.ceil(samples.length / perBucket);
  const peaks = new Float32Array(buckets);
  const rmss = new Float32Array(buckets);
  let loudest = 0;
  for (let b = 0; b < buckets; b++) {
    const from = b * perBucket;
    const to = Math.min(samples.length, from + perBucket);
    let peak = 0;
    let squares = 0;
    for (let i = from; i < to; i++) {
      const x = samples[i];
      const a = Math.abs(x);
      if (a > peak) peak = a;
      squares += x * x;
    }
    peaks[b] = peak;
    rmss[b] = Math.sqrt(squares / (to - from));
    if (peak > loudest) loudest = peak;
  }
  const quantise = (v: Float32Array) => Uint8Array.from(v, (x) => (x > 0 ? Math.max(1, Math.round((255 * x) / loudest)) : 0));
  return { step: perBucket / sampleRate, peak: quantise(peaks), rms: quantise(rmss) };
}
