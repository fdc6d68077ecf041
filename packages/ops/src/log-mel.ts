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
  /** TypeScript path scratch: one frame (fftSize), the FFT's work arrays, the spectrum, a row. */
  private readonly frame: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;
  private readonly spec: Float64Array;
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
    this.zr = new Float64Array(nfft);
    this.zi = new Float64Array(nfft);
    this.spec = new Float64Array(nfft);
    this.row = new Float64Array(B);
    this.rowWords = new Uint32Array(this.row.buffer);
  }

  /**
   * TypeScript path: frames [0, count) starting at samples[first + f·shift], written as float32 to
   * out[f·stride + offset + m]. Each step is one rounding in float64, in the order the native
   * kernel performs per frame (crates/dia-kernels/src/fbank.rs).
   */
  computeTs(samples: Float32Array, first: number, count: number, out: Float32Array, stride: number, offset: number, energies?: Float64Array, noise?: Float64Array): void {
    const { windowSize: W, shift, numBins: B, window, bank, bands, frame, spec, row } = this;
    const nfft = this.fftSize / 2 + 1;
    const c = this.preemphasis;
    const scale = this.inputScale;
    for (let f = 0; f < count; f++) {
      const base = first + f * shift;
      for (let j = 0; j < W; j++) frame[j] = samples[base + j] * scale;
      if (noise) for (let j = 0; j < W; j++) frame[j] += noise[f * W + j];
      let mean = 0;
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
        mean = (s0 + s1 + (s2 + s3)) / W;
      }
      // y = x − mean, z[j] = y[j] − c·y[j−1] (y[−1] = y[0]), v = z·window, in j order (x − 0 = x
      // exactly, so no DC removal is a zero mean); the energy of y (raw) or v
      let energy = 0;
      let prev = frame[0] - mean;
      if (c !== 0 && !energies) {
        // the common case without branches
        for (let j = 0; j < W; j++) {
          const y = frame[j] - mean;
          frame[j] = (y - c * prev) * window[j];
          prev = y;
        }
      } else {
        for (let j = 0; j < W; j++) {
          const y = frame[j] - mean;
          const z = c !== 0 ? y - c * prev : y;
          prev = y;
          const v = z * window[j];
          if (energies) energy += this.rawEnergy ? y * y : v * v;
          frame[j] = v;
        }
      }
      const total = this.spectrum();
      // a non-finite spectrum value (NaN, +Infinity) makes the frame's sum non-finite
      const finite = total < Infinity;
      if (!this.power) for (let k = 0; k < nfft; k++) spec[k] = Math.sqrt(spec[k]);
      for (let m = 0; m < B; m++) {
        // the filters are triangles: their exact zeros are skipped unless a non-finite value must
        // propagate through them as in a dense product (NaN·0 = Inf·0 = NaN)
        const lo = finite ? bands[2 * m] : 0;
        const hi = finite ? bands[2 * m + 1] : nfft;
        let s = 0;
        const rowStart = m * nfft;
        for (let k = lo; k < hi; k++) s += spec[k] * bank[rowStart + k];
        row[m] = this.log && s < LOG_FLOOR ? LOG_FLOOR : s; // NaN passes through, like torch.max
      }
      if (this.log) lnInPlace(row, this.rowWords, B);
      const dst = f * stride + offset;
      for (let m = 0; m < B; m++) out[dst + m] = row[m];
      if (energies) energies[f] = ln(energy < LOG_FLOOR ? LOG_FLOOR : energy);
    }
  }

  /**
   * |X[k]|² of the conditioned frame (W values, zero-padded to fftSize) into `spec`; returns their
   * sum. Power-of-two sizes: the native kernel's algorithm (even/odd samples packed bit-reversed,
   * a radix-2 pass when log2(P/2) is odd, radix-4 passes skipping multiplications by exactly 1,
   * split with the halves factored out); other even sizes: the exact DFT of `RealFft`.
   */
  private spectrum(): number {
    const { frame, spec, zr, zi, fft } = this;
    const W = this.windowSize;
    const P = this.fftSize;
    const h = P / 2;
    let total = 0;
    if (!fft.pow2) {
      frame.fill(0, W, P);
      fft.transform(frame, zr, zi);
      for (let k = 0; k <= h; k++) {
        spec[k] = zr[k] * zr[k] + zi[k] * zi[k];
        total += spec[k];
      }
      return total;
    }
    const { bitrev, cos, sin } = fft;
    for (let i = 0; i < h; i++) {
      zr[bitrev[i]] = 2 * i < W ? frame[2 * i] : 0;
      zi[bitrev[i]] = 2 * i + 1 < W ? frame[2 * i + 1] : 0;
    }
    let n = 1;
    if ((31 - Math.clz32(h)) % 2 === 1) {
      for (let a = 0; a < h; a += 2) {
        const r0 = zr[a], i0 = zi[a], r1 = zr[a + 1], i1 = zi[a + 1];
        zr[a] = r0 + r1;
        zi[a] = i0 + i1;
        zr[a + 1] = r0 - r1;
        zi[a + 1] = i0 - i1;
      }
      n = 2;
    }
    for (; n < h; n *= 4) {
      // four transforms of n points into one of 4n: quarters e, e + n, e + 2n, e + 3n hold the
      // residues 0, 2, 1, 3 (bit-reversed order); W_{4n}^m is table entry m·P/(4n)
      const q = n;
      const stride = P / (4 * q);
      for (let j = 0; j < q; j++) {
        const w1r = cos[j * stride], w1i = sin[j * stride];
        const w2r = cos[2 * j * stride], w2i = sin[2 * j * stride];
        const w3r = cos[3 * j * stride], w3i = sin[3 * j * stride];
        for (let e = j; e < h; e += 4 * q) {
          let br = zr[e + q], bi = zi[e + q];
          let cr = zr[e + 2 * q], ci = zi[e + 2 * q];
          let dr = zr[e + 3 * q], di = zi[e + 3 * q];
          if (j !== 0) {
            let t = br * w2r - bi * w2i;
            bi = br * w2i + bi * w2r;
            br = t;
            t = cr * w1r - ci * w1i;
            ci = cr * w1i + ci * w1r;
            cr = t;
            t = dr * w3r - di * w3i;
            di = dr * w3i + di * w3r;
            dr = t;
          }
          const ar = zr[e], ai = zi[e];
          const t0r = ar + br, t0i = ai + bi;
          const t1r = ar - br, t1i = ai - bi;
          const t2r = cr + dr, t2i = ci + di;
          const t3r = cr - dr, t3i = ci - di;
          zr[e] = t0r + t2r;
          zi[e] = t0i + t2i;
          zr[e + q] = t1r + t3i; // t1 − i·t3
          zi[e + q] = t1i - t3r;
          zr[e + 2 * q] = t0r - t2r;
          zi[e + 2 * q] = t0i - t2i;
          zr[e + 3 * q] = t1r - t3i; // t1 + i·t3
          zi[e + 3 * q] = t1i + t3r;
        }
      }
    }
    // split: X[k] = E[k] + W_P^k·O[k] from Z[k] and conj(Z[h−k]), halves factored out exactly:
    // 2X = s + W·d', |X|² = ¼·|2X|²
    for (let k = 0; k <= h; k++) {
      const k1 = k === h ? 0 : k;
      const k2 = k === 0 ? 0 : h - k;
      const sr = zr[k1] + zr[k2], si = zi[k1] - zi[k2];
      const dr = zr[k1] - zr[k2], di = zi[k1] + zi[k2];
      const re2 = sr + (di * cos[k] + dr * sin[k]);
      const im2 = si + (di * sin[k] - dr * cos[k]);
      spec[k] = 0.25 * (re2 * re2 + im2 * im2);
      total += spec[k];
    }
    return total;
  }
}

/**
 * Log-mel energies of `count` frames, frame f taken from samples[first + f·shift ...] × inputScale
 * (+ noise[f·W ...] when given): DC removal, energy, preemphasis, window, zero padding to fftSize,
 * real FFT, power or magnitude, mel projection (ascending sum over each filter's non-zero range; a
 * frame with a non-finite spectrum value uses every column so NaN propagates as in torch.mm), then
 * ln(max(·, 2⁻²³)) — all in float64, as torchaudio `compliance.kaldi.fbank` computes on float64
 * input — rounded once to float32 into out[f·stride + offset + m] (count rows of `stride` values;
 * other columns untouched). `energies` (optional) gets ln(max(Σ frame², 2⁻²³)) per frame. The native
 * backend runs power-of-two FFT sizes with the same operations: the same bits.
 */
export function logMelFrames(samples: Float32Array, first: number, count: number, plan: LogMelPlan, out: Float32Array, stride = plan.numBins, offset = 0, energies?: Float64Array, noise?: Float64Array): void {
  const { windowSize: W, shift, numBins: B } = plan;
  if (!(Number.isInteger(first) && first >= 0 && Number.isInteger(count) && count >= 0)) throw new OpsError('BAD_SHAPE', `logMelFrames: first ${first} and count ${count} must be non-negative integers`);
  if (count > 0 && first + (count - 1) * shift + W > samples.length) {
    throw new OpsError('BAD_SHAPE', `logMelFrames: ${count} frames from sample ${first} need ${first + (count - 1) * shift + W} samples, got ${samples.length}`);
  }
  if (!(Number.isInteger(offset) && offset >= 0 && Number.isInteger(stride) && offset + B <= stride)) throw new OpsError('BAD_SHAPE', `logMelFrames: columns ${offset}..${offset}+${B} do not fit rows of ${stride}`);
  expectLength('logMelFrames', 'out', out, count * stride);
  if (energies) expectLength('logMelFrames', 'energies', energies, count);
  if (noise) expectLength('logMelFrames', 'noise', noise, count * W);
  if (native?.logMelFrames && plan.fft.pow2) {
    const empty = new Float64Array(0);
    native.logMelFrames(samples, first, count, plan.config, plan.window, plan.bank, plan.bands, plan.fft.cos, plan.fft.sin, plan.fft.bitrev, noise ?? empty, out, stride, offset, energies ?? empty);
    return;
  }
  plan.computeTs(samples, first, count, out, stride, offset, energies, noise);
}

/** The scalar settings the native kernel takes (the spec without its tables). */
export type LogMelConfig = Required<Omit<LogMelSpec, 'window' | 'bank'>>;
