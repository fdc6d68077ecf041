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

interface SincKernel {
  orig: number;
  target: number;
  kernel: Float32Array;
  width: number;
  taps: number;
}

function kernelFor(origRate: number, targetRate: number, options: ResampleOptions): SincKernel {
  if (!Number.isInteger(origRate) || !Number.isInteger(targetRate) || origRate <= 0 || targetRate <= 0) throw new RangeError(`sample rates must be positive integers (got ${origRate} → ${targetRate})`);
  const g = gcd(origRate, targetRate);
  const orig = origRate / g;
  const target = targetRate / g;
  return { orig, target, ...sincKernel(orig, target, options.lowpassFilterWidth ?? 6, options.rolloff ?? 0.99) };
}

/**
 * Outputs `from … to − 1` of the polyphase convolution into `out[outOffset …]`. `x[i]` holds input
 * sample `xStart + i`; inputs at or past `available` count as the zero padding past the end.
 * Output o = block·target + p reads padded input `block·orig + j` for tap j, i.e. sample
 * `block·orig + j − width` (torchaudio pads `width` zeros in front).
 */
function convolveRange(k: SincKernel, x: Float32Array, xStart: number, available: number, from: number, to: number, out: Float32Array, outOffset: number): void {
  const { orig, target, kernel, width, taps } = k;
  for (let o = from; o < to; o++) {
    const block = Math.floor(o / target);
    const p = o - block * target;
    const start = block * orig - width;
    const base = start - xStart;
    const kp = p * taps;
    let s = 0;
    const jFrom = Math.max(0, -start);
    const jTo = Math.min(taps, available - start);
    for (let j = jFrom; j < jTo; j++) s += x[base + j] * kernel[kp + j];
    out[outOffset + o - from] = s;
  }
}

/** Number of samples `resample` gives for `n` input samples: `ceil(target · n / orig)` with the rates reduced by their gcd. */
export function resampledLength(n: number, origRate: number, targetRate: number): number {
  const g = gcd(origRate, targetRate);
  return Math.ceil(((targetRate / g) * n) / (origRate / g));
}

/**
 * `torchaudio.functional.resample(x, orig, target)` for a mono float32 signal; output length
 * `ceil(target · n / orig)` (rates reduced by their gcd first).
 */
export function resample(x: Float32Array, origRate: number, targetRate: number, options: ResampleOptions = {}): Float32Array {
  const k = kernelFor(origRate, targetRate, options);
  if (origRate === targetRate) return x;
  const out = new Float32Array(resampledLength(x.length, origRate, targetRate));
  convolveRange(k, x, 0, x.length, 0, out.length, out, 0);
  return out;
}

/**
 * `resample` block by block: push the input in pieces of any size, then `flush()`; the outputs,
 * concatenated, are identical to `resample` of the whole signal (same taps, same summation order).
 * Each output is computed as soon as all the input it reads has arrived; only the last
 * `taps` ≈ 2·width + orig input samples are kept between pushes.
 */
export class Resampler {
  private readonly k: SincKernel;
  private readonly passThrough: boolean;
  /** Pending input: `buf[0 … bufLength)` holds samples `bufStart …`. */
  private buf = new Float32Array(0);
  private bufStart = 0;
  private bufLength = 0;
  private received = 0;
  private produced = 0;
  private flushed = false;

  constructor(
    readonly origRate: number,
    readonly targetRate: number,
    options: ResampleOptions = {},
  ) {
    this.k = kernelFor(origRate, targetRate, options);
    this.passThrough = origRate === targetRate;
  }

  /** Input samples pushed so far. */
  get inputLength(): number {
    return this.received;
  }

  /** Takes the next input samples; returns the outputs they complete (possibly none). */
  push(x: Float32Array): Float32Array {
    if (this.flushed) throw new Error('Resampler: push after flush');
    this.received += x.length;
    if (this.passThrough) return x;
    this.append(x);
    const { orig, target, width, taps } = this.k;
    // output o is complete once input block·orig − width + taps − 1 has arrived
    const lastBlock = Math.floor((this.received + width - taps) / orig);
    return this.emit(Math.max(this.produced, (lastBlock + 1) * target));
  }

  /** Ends the input; returns the remaining outputs (those that read the zero padding past the end). */
  flush(): Float32Array {
    if (this.flushed) throw new Error('Resampler: flush twice');
    this.flushed = true;
    if (this.passThrough) return new Float32Array(0);
    return this.emit(resampledLength(this.received, this.origRate, this.targetRate));
  }

  private emit(to: number): Float32Array {
    const out = new Float32Array(to - this.produced);
    convolveRange(this.k, this.buf, this.bufStart, this.received, this.produced, to, out, 0);
    this.produced = to;
    // keep the input from where the next output starts reading
    const keepFrom = Math.max(0, Math.floor(to / this.k.target) * this.k.orig - this.k.width);
    const drop = Math.min(this.bufLength, keepFrom - this.bufStart);
    if (drop > 0) {
      this.buf.copyWithin(0, drop, this.bufLength);
      this.bufStart += drop;
      this.bufLength -= drop;
    }
    return out;
  }

  private append(x: Float32Array): void {
    const need = this.bufLength + x.length;
    if (need > this.buf.length) {
      const grown = new Float32Array(Math.max(need, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.bufLength));
      this.buf = grown;
    }
    this.buf.set(x, this.bufLength);
    this.bufLength = need;
  }
}
