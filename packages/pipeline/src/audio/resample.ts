// Band-limited resampling of torchaudio.functional.resample (sinc_interp_hann, lowpass width 6,
// rolloff 0.99): the kernel is built in float32 exactly as torchaudio builds it for a float32
// waveform (`_get_sinc_resample_kernel`), the polyphase convolution accumulates in float64.
const f32 = Math.fround;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

export interface ResampleOptions {
  lowpassFilterWidth?: number;
  rolloff?: number;
}

/** torchaudio `_get_sinc_resample_kernel(orig, new, gcd, width, rolloff, dtype=float32)`: `new × (2w + orig)` taps. */
function sincKernel(orig: number, target: number, lowpassFilterWidth: number, rolloff: number): { kernel: Float32Array; width: number; taps: number } {
  const base = Math.min(orig, target) * rolloff;
  const width = Math.ceil((lowpassFilterWidth * orig) / base);
  const taps = 2 * width + orig;
  const kernel = new Float32Array(target * taps);
  const base32 = f32(base);
  const pi32 = f32(Math.PI);
  const lw = lowpassFilterWidth;
  const scale32 = f32(base / orig);
  for (let p = 0; p < target; p++) {
    const tp = f32(f32(-p) / target);
    for (let j = 0; j < taps; j++) {
      const idx = f32(f32(j - width) / orig);
      let t = f32(f32(tp + idx) * base32);
      t = Math.min(Math.max(t, -lw), lw);
      const c = f32(Math.cos(f32(f32(f32(t * pi32) / lw) / 2)));
      const window = f32(c * c);
      const tt = f32(t * pi32);
      const sinc = tt === 0 ? 1 : f32(f32(Math.sin(tt)) / tt);
      kernel[p * taps + j] = f32(sinc * f32(window * scale32));
    }
  }
  return { kernel, width, taps };
}

/**
 * `torchaudio.functional.resample(x, orig, target)` for a mono float32 signal; output length
 * `ceil(target · n / orig)` (rates reduced by their gcd first).
 */
export function resample(x: Float32Array, origRate: number, targetRate: number, options: ResampleOptions = {}): Float32Array {
  if (!Number.isInteger(origRate) || !Number.isInteger(targetRate) || origRate <= 0 || targetRate <= 0) throw new RangeError(`sample rates must be positive integers (got ${origRate} → ${targetRate})`);
  if (origRate === targetRate) return x;
  const g = gcd(origRate, targetRate);
  const orig = origRate / g;
  const target = targetRate / g;
  const { kernel, width, taps } = sincKernel(orig, target, options.lowpassFilterWidth ?? 6, options.rolloff ?? 0.99);
  const n = x.length;
  const outLength = Math.ceil((target * n) / orig);
  const out = new Float32Array(outLength);
  for (let o = 0; o < outLength; o++) {
    const block = Math.floor(o / target);
    const p = o - block * target;
    // padded input index i·orig + j ↔ x[i·orig + j − width]
    const start = block * orig - width;
    const k = p * taps;
    let s = 0;
    const jFrom = Math.max(0, -start);
    const jTo = Math.min(taps, n - start);
    for (let j = jFrom; j < jTo; j++) s += x[start + j] * kernel[k + j];
    out[o] = s;
  }
  return out;
}
