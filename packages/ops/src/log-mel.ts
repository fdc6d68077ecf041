// Framed log-mel filterbank energies in float64: framing, DC removal, preemphasis, window, real FFT,
// power, banded mel projection and floored log in one kernel (the stages of torchaudio
// `compliance.kaldi.fbank` on float64 input). The native backend runs the same operation sequence
// per frame (crates/dia-kernels/src/fbank.rs), several frames per SIMD register, so results are
// bit-identical to this TypeScript implementation.
import { native } from './backend';
import { OpsError, expectLength } from './errors';
import { RealFft } from './fft';
import { ln, lnInPlace } from './ln';

/** torch.finfo(torch.float).eps = 2⁻²³, the floor under every logarithm. */
export const LOG_FLOOR = 2 ** -23;

/** What a {@link LogMelPlan} computes. */
export interface LogMelSpec {
  /** Samples per frame. */
  windowSize: number;
  /** Each sample is multiplied by this first (default 1; a power of two is exact). */
  inputScale?: number;
  /** Samples between the starts of consecutive frames. */
  shift: number;
  /** FFT size (even, ≥ windowSize): frames are zero-padded to it. */
  fftSize: number;
  /** Window weights (windowSize values), applied after DC removal and preemphasis. */
  window: Float64Array;
  /** Mel filters, numBins × (fftSize/2 + 1), row-major (float32 values are taken exactly). */
  bank: Float32Array | Float64Array;
  numBins: number;
  /** Subtract each frame's mean first. */
  removeDcOffset: boolean;
  /** y[j] −= c·y[j−1] (y[−1] = y[0]); 0 disables it. */
  preemphasis: number;
  /** Power spectrum (|X|²); false: magnitude |X|. */
  power: boolean;
  /** ln(max(energy, 2⁻²³)); false: the energies themselves. */
  log: boolean;
  /** Frame energy before preemphasis and window (true) or after the window (false). */
  rawEnergy: boolean;
}

/** The fixed tables of a log-mel computation: window, mel bank as float64, filter bands, FFT. */
export class LogMelPlan {
  readonly windowSize: number;
  readonly inputScale: number;
  readonly shift: number;
  readonly fftSize: number;
  readonly numBins: number;
  readonly window: Float64Array;
  readonly bank: Float64Array;
  /** Non-zero column range [bands[2m], bands[2m+1]) of each mel filter. */
  readonly bands: Int32Array;
  readonly removeDcOffset: boolean;
  readonly preemphasis: number;
  readonly power: boolean;
  readonly log: boolean;
  readonly rawEnergy: boolean;
  readonly fft: RealFft;
  /** The scalar settings, as the native kernel takes them. */
  readonly config: LogMelConfig;
  /** TypeScript path scratch: one frame, its spectrum, one output row. */
  private readonly frame: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly row: Float64Array;
  private readonly rowWords: Uint32Array;

  constructor(spec: LogMelSpec) {
    const { windowSize: W, shift, fftSize: P, numBins: B } = spec;
    const bad = (msg: string) => new OpsError('BAD_SHAPE', `LogMelPlan: ${msg}`);
    if (!(Number.isInteger(W) && W >= 1)) throw bad(`windowSize must be a positive integer (got ${W})`);
    if (!(Number.isInteger(shift) && shift >= 1)) throw bad(`shift must be a positive integer (got ${shift})`);
    if (!(Number.isInteger(P) && P >= W && P % 2 === 0)) throw bad(`fftSize must be an even integer ≥ windowSize (got ${P})`);
    if (!(Number.isInteger(B) && B >= 1)) throw bad(`numBins must be a positive integer (got ${B})`);
    const nfft = P / 2 + 1;
    expectLength('LogMelPlan', 'window', spec.window, W);
    expectLength('LogMelPlan', 'bank', spec.bank, B * nfft);
    this.windowSize = W;
    this.inputScale = spec.inputScale ?? 1;
    if (!Number.isFinite(this.inputScale)) throw bad(`inputScale must be finite (got ${this.inputScale})`);
    this.shift = shift;
    this.fftSize = P;
    this.numBins = B;
    this.window = Float64Array.from(spec.window);
    this.bank = Float64Array.from(spec.bank);
    this.bands = new Int32Array(2 * B);
    for (let m = 0; m < B; m++) {
      let first = -1;
      let last = -1;
      for (let k = 0; k < nfft; k++) if (this.bank[m * nfft + k] !== 0) { if (first < 0) first = k; last = k; }
      this.bands[2 * m] = first < 0 ? 0 : first;
      this.bands[2 * m + 1] = first < 0 ? 0 : last + 1;
    }
    this.removeDcOffset = spec.removeDcOffset;
    this.preemphasis = spec.preemphasis;
    this.power = spec.power;
    this.log = spec.log;
    this.rawEnergy = spec.rawEnergy;
    this.fft = new RealFft(P);
    this.config = { windowSize: W, inputScale: this.inputScale, shift, fftSize: P, numBins: B, removeDcOffset: this.removeDcOffset, preemphasis: this.preemphasis, power: this.power, log: this.log, rawEnergy: this.rawEnergy };
    this.frame = new Float64Array(P);
    this.re = new Float64Array(nfft);
    this.im = new Float64Array(nfft);
    this.row = new Float64Array(B);
    this.rowWords = new Uint32Array(this.row.buffer);
  }

  /**
   * TypeScript path: frames [0, count) starting at samples[first + f·shift]. Each step is one
   * rounding in float64, in this order (the native kernel performs the same sequence per frame).
   */
  computeTs(samples: Float32Array, first: number, count: number, out: Float64Array, energies?: Float64Array, noise?: Float64Array): void {
    const { windowSize: W, shift, numBins: B, window, bank, bands, fft, frame, re, im, row } = this;
    const nfft = this.fftSize / 2 + 1;
    const c = this.preemphasis;
    const scale = this.inputScale;
    for (let f = 0; f < count; f++) {
      const base = first + f * shift;
      for (let j = 0; j < W; j++) frame[j] = samples[base + j] * scale;
      if (noise) for (let j = 0; j < W; j++) frame[j] += noise[f * W + j];
      if (this.removeDcOffset) {
        // four interleaved partial sums (j mod 4), combined as (s0 + s1) + (s2 + s3)
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let j = 0;
        for (; j + 4 <= W; j += 4) {
          s0 += frame[j];
          s1 += frame[j + 1];
          s2 += frame[j + 2];
          s3 += frame[j + 3];
        }
        if (j < W) s0 += frame[j++];
        if (j < W) s1 += frame[j++];
        if (j < W) s2 += frame[j];
        const mean = (s0 + s1 + (s2 + s3)) / W;
        for (let k = 0; k < W; k++) frame[k] -= mean;
      }
      let energy = 0;
      if (energies && this.rawEnergy) for (let j = 0; j < W; j++) energy += frame[j] * frame[j];
      if (c !== 0) {
        // right to left, so that each step sees the unmodified previous sample; y[−1] = y[0]
        for (let j = W - 1; j > 0; j--) frame[j] -= c * frame[j - 1];
        frame[0] -= c * frame[0];
      }
      for (let j = 0; j < W; j++) frame[j] *= window[j];
      if (energies && !this.rawEnergy) for (let j = 0; j < W; j++) energy += frame[j] * frame[j];
      fft.transform(frame, re, im);
      let finite = true;
      for (let k = 0; k < nfft; k++) {
        const p = re[k] * re[k] + im[k] * im[k];
        re[k] = this.power ? p : Math.sqrt(p);
        if (!(re[k] < Infinity)) finite = false; // NaN or +Infinity
      }
      for (let m = 0; m < B; m++) {
        // the filters are triangles: their exact zeros are skipped unless a non-finite value must
        // propagate through them as in a dense product (NaN·0 = Inf·0 = NaN)
        const lo = finite ? bands[2 * m] : 0;
        const hi = finite ? bands[2 * m + 1] : nfft;
        let s = 0;
        for (let k = lo; k < hi; k++) s += re[k] * bank[m * nfft + k];
        row[m] = this.log && s < LOG_FLOOR ? LOG_FLOOR : s; // NaN passes through, like torch.max
      }
      if (this.log) lnInPlace(row, this.rowWords, B);
      out.set(row, f * B);
      if (energies) energies[f] = ln(energy < LOG_FLOOR ? LOG_FLOOR : energy);
    }
  }
}

/**
 * Log-mel energies of `count` frames, frame f taken from samples[first + f·shift ...] × inputScale
 * (+ noise[f·W ...] when given): DC removal, energy, preemphasis, window, zero padding to fftSize, real FFT, power or
 * magnitude, mel projection (ascending sum over each filter's non-zero range; a frame with a
 * non-finite spectrum value uses every column so NaN propagates as in torch.mm), then ln(max(·, 2⁻²³))
 * — all in float64, as torchaudio `compliance.kaldi.fbank` computes on float64 input. `out` receives
 * count × numBins values; `energies` (optional) ln(max(Σ frame², 2⁻²³)) per frame. The native
 * backend is used for power-of-two FFT sizes; both give the same bits.
 */
export function logMelFrames(samples: Float32Array, first: number, count: number, plan: LogMelPlan, out: Float64Array, energies?: Float64Array, noise?: Float64Array): void {
  const { windowSize: W, shift, numBins: B } = plan;
  if (!(Number.isInteger(first) && first >= 0 && Number.isInteger(count) && count >= 0)) throw new OpsError('BAD_SHAPE', `logMelFrames: first ${first} and count ${count} must be non-negative integers`);
  if (count > 0 && first + (count - 1) * shift + W > samples.length) {
    throw new OpsError('BAD_SHAPE', `logMelFrames: ${count} frames from sample ${first} need ${first + (count - 1) * shift + W} samples, got ${samples.length}`);
  }
  expectLength('logMelFrames', 'out', out, count * B);
  if (energies) expectLength('logMelFrames', 'energies', energies, count);
  if (noise) expectLength('logMelFrames', 'noise', noise, count * W);
  if (native?.logMelFrames && plan.fft.pow2) {
    const empty = new Float64Array(0);
    native.logMelFrames(samples, first, count, plan.config, plan.window, plan.bank, plan.bands, plan.fft.cos, plan.fft.sin, plan.fft.bitrev, noise ?? empty, out, energies ?? empty);
    return;
  }
  plan.computeTs(samples, first, count, out, energies, noise);
}

/** The scalar settings the native kernel takes. */
export interface LogMelConfig {
  windowSize: number;
  inputScale: number;
  shift: number;
  fftSize: number;
  numBins: number;
  removeDcOffset: boolean;
  preemphasis: number;
  power: boolean;
  log: boolean;
  rawEnergy: boolean;
}
