// torchaudio.compliance.kaldi.fbank, step by step in torchaudio's order and float32 storage points
// (`_get_strided`, `_get_window`, `fbank`).
import { matmulBandedF32, matmulTransposedF32, RealFft, rfftSpectrum } from '@dia/ops';
import { FbankError } from './errors';
import { melBanks } from './mel';
import { resolveOptions, type FbankOptions, type ResolvedFbankOptions } from './options';
import { featureWindow } from './window';

const f32 = Math.fround;
/** torch.finfo(torch.float).eps = 2^-23: the floor of the log. */
export const FBANK_EPSILON = 2 ** -23;
/** Frames per mel-matmul batch: bounds scratch memory on long inputs. */
const BLOCK = 128;

/** Row-major features `[frames][bins]`. */
export interface Features {
  data: Float32Array;
  frames: number;
  bins: number;
}

/** Seeded Gaussian generator (mulberry32 + Box–Muller) for dithering. */
function gaussian(seed: number): () => number {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

/**
 * A reusable fbank extractor: window, mel bank, FFT tables and scratch are built once, so per-chunk
 * calls allocate only their output. `compute(samples)` equals torchaudio `kaldi.fbank` with the same
 * options; pass `samples.subarray(a, b)` for the features of a sample range.
 */
export class FbankComputer {
  readonly options: ResolvedFbankOptions;
  /** Output columns: mel bins (+1 energy column when `useEnergy`). */
  readonly bins: number;
  private readonly window: Float32Array;
  private readonly bank: Float32Array;
  /** Non-zero column range [start, end) of each mel filter. */
  private readonly bands: Int32Array;
  private readonly fft: RealFft;
  /** A block of windowed, zero-padded frames (BLOCK × paddedWindowSize). */
  private readonly frames: Float64Array;
  private readonly spectrum: Float32Array;
  private readonly mel: Float32Array;
  private readonly energy: Float32Array;

  constructor(options: FbankOptions = {}) {
    const o = resolveOptions(options);
    this.options = o;
    this.bins = o.numMelBins + (o.useEnergy ? 1 : 0);
    this.window = featureWindow(o.windowType, o.windowSize, o.blackmanCoeff);
    this.bank = melBanks(o.numMelBins, o.paddedWindowSize, o.sampleFrequency, o.lowFreq, o.highFreq);
    this.fft = new RealFft(o.paddedWindowSize);
    const nfft = o.paddedWindowSize / 2 + 1;
    this.bands = new Int32Array(2 * o.numMelBins);
    for (let m = 0; m < o.numMelBins; m++) {
      let first = nfft;
      let last = -1;
      for (let k = 0; k < nfft; k++) if (this.bank[m * nfft + k] !== 0) { if (first === nfft) first = k; last = k; }
      this.bands[2 * m] = last < 0 ? 0 : first;
      this.bands[2 * m + 1] = last < 0 ? 0 : last + 1;
    }
    this.frames = new Float64Array(BLOCK * o.paddedWindowSize);
    this.spectrum = new Float32Array(BLOCK * nfft);
    this.mel = new Float32Array(BLOCK * o.numMelBins);
    this.energy = new Float32Array(BLOCK);
  }

  /** Number of frames torchaudio produces for `numSamples` samples (`_get_strided`). */
  frameCount(numSamples: number): number {
    const { windowSize: W, windowShift: S, snipEdges } = this.options;
    if (snipEdges) return numSamples < W ? 0 : 1 + Math.floor((numSamples - W) / S);
    return Math.floor((numSamples + Math.floor(S / 2)) / S);
  }

  /** Features of `samples` (float32 waveform at `sampleFrequency`). */
  compute(samples: Float32Array, out?: Float32Array): Features {
    const o = this.options;
    const n = samples.length;
    const { windowSize: W, windowShift: S, paddedWindowSize: P, numMelBins: B } = o;
    if (n < o.minDuration * o.sampleFrequency) return { data: new Float32Array(0), frames: 0, bins: this.bins };
    if (n < W) throw new FbankError('INVALID_INPUT', `the waveform has ${n} samples, fewer than one window of ${W} (torchaudio requires window size ≤ length)`);
    const frames = this.frameCount(n);
    const data = out ?? new Float32Array(frames * this.bins);
    if (data.length !== frames * this.bins) throw new FbankError('INVALID_INPUT', `out has ${data.length} values, expected ${frames}×${this.bins}`);
    // sample accessor of `_get_strided` (reflection padding when snipEdges is false)
    const pad = o.snipEdges ? 0 : Math.floor(W / 2) - Math.floor(S / 2);
    const sampleAt = (p: number): number => {
      if (o.snipEdges) return samples[p];
      if (pad > 0) {
        if (p < pad) return samples[pad - 1 - p];
        const q = p - pad;
        return q < n ? samples[q] : samples[n - 1 - (q - n)];
      }
      const q = p - pad;
      return q < n ? samples[q] : samples[n - 1 - (q - n)];
    };
    const dither = o.dither > 0 ? gaussian(o.seed) : undefined;
    const nfft = P / 2 + 1;
    const coef = f32(o.preemphasisCoefficient);
    const logFloor = o.energyFloor > 0 ? f32(Math.log(o.energyFloor)) : -Infinity;
    const fused = o.snipEdges && !dither && o.removeDcOffset && o.preemphasisCoefficient !== 0 && !o.useEnergy;
    if (fused) for (let b = 0; b < BLOCK; b++) this.frames.fill(0, b * P + W, (b + 1) * P); // padding stays zero
    for (let start = 0; start < frames; start += BLOCK) {
      const count = Math.min(BLOCK, frames - start);
      let finite = true;
      for (let b = 0; b < count; b++) {
        const frame = this.frames.subarray(b * P, (b + 1) * P);
        const base = (start + b) * S;
        if (fused) {
          // the common configuration in two passes: mean, then DC removal + preemphasis + window
          // right to left (each d[j] recomputed from the input, so the previous sample is unmodified)
          let sum = 0;
          for (let j = 0; j < W; j++) sum += samples[base + j];
          const mean = f32(sum / W);
          const win = this.window;
          let cur = f32(samples[base + W - 1] - mean);
          for (let j = W - 1; j > 0; j--) {
            const prev = f32(samples[base + j - 1] - mean);
            frame[j] = f32(f32(cur - f32(coef * prev)) * win[j]);
            cur = prev;
          }
          frame[0] = f32(f32(cur - f32(coef * cur)) * win[0]);
          continue;
        }
        if (o.snipEdges) for (let j = 0; j < W; j++) frame[j] = samples[base + j];
        else for (let j = 0; j < W; j++) frame[j] = sampleAt(base + j);
        if (dither) for (let j = 0; j < W; j++) frame[j] = f32(frame[j] + f32(f32(dither()) * f32(o.dither)));
        if (o.removeDcOffset) {
          let sum = 0;
          for (let j = 0; j < W; j++) sum += frame[j];
          const mean = f32(sum / W);
          for (let j = 0; j < W; j++) frame[j] = f32(frame[j] - mean);
        }
        if (o.useEnergy && o.rawEnergy) this.energy[b] = logEnergy(frame, W, logFloor);
        if (o.preemphasisCoefficient !== 0) {
          // right to left, so that each step sees the unmodified previous sample (replicate pad at 0)
          for (let j = W - 1; j > 0; j--) frame[j] = f32(frame[j] - f32(coef * frame[j - 1]));
          frame[0] = f32(frame[0] - f32(coef * frame[0]));
        }
        for (let j = 0; j < W; j++) frame[j] = f32(frame[j] * this.window[j]);
        frame.fill(0, W, P);
        if (o.useEnergy && !o.rawEnergy) this.energy[b] = logEnergy(frame, P, logFloor);
      }
      // real FFT → (f32 |X|)² for the whole block (native when available, bit-identical)
      const spectrum = rfftSpectrum(this.frames.subarray(0, count * P), count, this.fft, o.usePower, this.spectrum.subarray(0, count * nfft));
      for (let i = 0; i < spectrum.length; i++) if (!Number.isFinite(spectrum[i])) { finite = false; break; }
      const mel = this.mel.subarray(0, count * B);
      // the mel filters are triangles: the banded product skips their exact zeros; with a
      // non-finite power value the dense product keeps torch's NaN propagation (NaN·0 = NaN)
      if (finite) matmulBandedF32(spectrum, this.bank, this.bands, mel, { m: count, n: B, k: nfft });
      else matmulTransposedF32(spectrum, this.bank, mel, { m: count, n: B, k: nfft });
      const melOffset = o.useEnergy && !o.htkCompat ? 1 : 0;
      for (let b = 0; b < count; b++) {
        const dst = (start + b) * this.bins;
        for (let m = 0; m < B; m++) {
          let v = mel[b * B + m];
          if (o.useLogFbank) v = f32(Math.log(v < FBANK_EPSILON ? FBANK_EPSILON : v)); // NaN passes through
          data[dst + melOffset + m] = v;
        }
        if (o.useEnergy) data[dst + (o.htkCompat ? B : 0)] = this.energy[b];
      }
    }
    if (o.subtractMean) subtractColumnMean(data, frames, this.bins);
    return { data, frames, bins: this.bins };
  }
}

/** torchaudio `_get_log_energy`: log(max(Σx², ε)), floored at log(energyFloor). */
function logEnergy(frame: Float64Array, length: number, logFloor: number): number {
  let s = 0;
  for (let j = 0; j < length; j++) s += frame[j] * frame[j];
  const e = f32(Math.log(Math.max(f32(s), FBANK_EPSILON)));
  return Math.max(e, logFloor);
}

/** Subtracts each column's mean over frames (mean in float64, subtraction in float32). */
export function subtractColumnMean(data: Float32Array, frames: number, bins: number): void {
  if (frames === 0) return;
  for (let c = 0; c < bins; c++) {
    let s = 0;
    for (let t = 0; t < frames; t++) s += data[t * bins + c];
    const mean = f32(s / frames);
    for (let t = 0; t < frames; t++) data[t * bins + c] = f32(data[t * bins + c] - mean);
  }
}

/** torchaudio.compliance.kaldi.fbank(waveform, **options) for a mono float32 waveform. */
export function fbank(samples: Float32Array, options: FbankOptions = {}): Features {
  return new FbankComputer(options).compute(samples);
}
