// torchaudio.compliance.kaldi.fbank in float64 (what torchaudio computes for a float64 waveform),
// rounded once to float32 at the output. The per-frame stages run in @dia/ops `logMelFrames`
// (native when the addon is installed, bit-identical either way); this file does the framing
// geometry (`_get_strided`), dither, the energy column and the output layout.
import { LogMelPlan, logMelFrames } from '@dia/ops';
import { FbankError } from './errors';
import { melBanks } from './mel';
import { resolveOptions, type FbankOptions, type ResolvedFbankOptions } from './options';
import { featureWindow } from './window';

/** torch.finfo(torch.float).eps = 2⁻²³: the floor under the logarithms. */
export const FBANK_EPSILON = 2 ** -23;
/** Frames per kernel call: bounds the float64 scratch on long inputs. */
const BLOCK = 256;
/** Frames per call at the edges, where samples are reflected or zero-extended into a scratch copy. */
const EDGE_BLOCK = 16;

/** Row-major features `[frames][bins]`. */
export interface Features {
  data: Float32Array;
  frames: number;
  bins: number;
}

/** How samples outside [0, n) are read: torchaudio's reflection (snip_edges=False) or zeros. */
export type EdgeMode = 'reflect' | 'zero';

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
 * A reusable fbank extractor: window, mel bank, FFT tables and scratch are built once, so calls
 * allocate only their output, and scratch stays bounded (BLOCK frames) whatever the input length.
 * `compute(samples)` equals torchaudio `kaldi.fbank` with the same options; pass
 * `samples.subarray(a, b)` for the features of a sample range.
 */
export class FbankComputer {
  readonly options: ResolvedFbankOptions;
  /** Output columns: mel bins (+1 energy column when `useEnergy`). */
  readonly bins: number;
  private readonly plan: LogMelPlan;
  /** Column of the first mel bin and of the energy in an output row. */
  private readonly melColumn: number;
  private readonly energyColumn: number;
  private readonly logEnergyFloor: number;
  private readonly energies: Float64Array | undefined;
  private readonly noise: Float64Array | undefined;
  private readonly edge: Float32Array;

  /** Factor applied to every sample before framing (1, or pyannote's 2¹⁵ for WeSpeaker features). */
  readonly inputScale: number;

  /**
   * @param options torchaudio's `kaldi.fbank` options, camelCased.
   * @param inputScale multiplies every sample first (exact for a power of two): the same as
   * `kaldi.fbank(waveform * inputScale)` without a scaled copy of the input.
   */
  constructor(options: FbankOptions = {}, { inputScale = 1 }: { inputScale?: number } = {}) {
    const o = resolveOptions(options);
    this.options = o;
    if (!(Number.isFinite(inputScale) && inputScale !== 0)) throw new FbankError('INVALID_OPTION', `inputScale must be finite and non-zero (got ${inputScale})`);
    this.inputScale = inputScale;
    this.bins = o.numMelBins + (o.useEnergy ? 1 : 0);
    this.plan = new LogMelPlan({
      windowSize: o.windowSize,
      inputScale,
      shift: o.windowShift,
      fftSize: o.paddedWindowSize,
      window: featureWindow(o.windowType, o.windowSize, o.blackmanCoeff),
      // torchaudio builds the bank in float32 and converts it to the waveform's dtype
      bank: melBanks(o.numMelBins, o.paddedWindowSize, o.sampleFrequency, o.lowFreq, o.highFreq),
      numBins: o.numMelBins,
      removeDcOffset: o.removeDcOffset,
      preemphasis: o.preemphasisCoefficient,
      power: o.usePower,
      log: o.useLogFbank,
      rawEnergy: o.rawEnergy,
    });
    this.melColumn = o.useEnergy && !o.htkCompat ? 1 : 0;
    this.energyColumn = o.htkCompat ? o.numMelBins : 0;
    this.logEnergyFloor = o.energyFloor > 0 ? Math.log(o.energyFloor) : -Infinity;
    this.energies = o.useEnergy ? new Float64Array(BLOCK) : undefined;
    this.noise = o.dither > 0 ? new Float64Array(BLOCK * o.windowSize) : undefined;
    this.edge = new Float32Array((EDGE_BLOCK - 1) * o.windowShift + o.windowSize);
  }

  /** Number of frames torchaudio produces for `numSamples` samples (`_get_strided`). */
  frameCount(numSamples: number): number {
    const { windowSize: W, windowShift: S, snipEdges } = this.options;
    if (snipEdges) return numSamples < W ? 0 : 1 + Math.floor((numSamples - W) / S);
    return Math.floor((numSamples + Math.floor(S / 2)) / S);
  }

  /** Features of `samples` (waveform at `sampleFrequency`), like torchaudio `kaldi.fbank`. */
  compute(samples: Float32Array, out?: Float32Array): Features {
    const o = this.options;
    const n = samples.length;
    if (n < o.minDuration * o.sampleFrequency) return { data: new Float32Array(0), frames: 0, bins: this.bins };
    if (n < o.windowSize) throw new FbankError('INVALID_INPUT', `the waveform has ${n} samples, fewer than one window of ${o.windowSize} (torchaudio requires window size ≤ length)`);
    const frames = this.frameCount(n);
    const data = out ?? new Float32Array(frames * this.bins);
    if (data.length !== frames * this.bins) throw new FbankError('INVALID_INPUT', `out has ${data.length} values, expected ${frames}×${this.bins}`);
    // snip_edges=False: frame i starts at i·S − (W/2 − S/2) and reflects the waveform at both ends
    const start = o.snipEdges ? 0 : -(Math.floor(o.windowSize / 2) - Math.floor(o.windowShift / 2));
    const dither = o.dither > 0 ? gaussian(o.seed) : undefined;
    this.framesInto(samples, start, 0, frames, 'reflect', data, 0, dither);
    if (o.subtractMean) subtractColumnMean(data, frames, this.bins);
    return { data, frames, bins: this.bins };
  }

  /**
   * Features of frames [from, to) of `samples`, frame f starting at sample `start + f·shift`; samples
   * outside [0, n) are read as `edges` says (torchaudio's reflection, or zeros for a zero-padded
   * chunk). Rows go to data[(row + f − from)·bins ...]. Scratch is bounded: BLOCK frames at a time,
   * edge frames through a small copy.
   */
  framesInto(samples: Float32Array, start: number, from: number, to: number, edges: EdgeMode, data: Float32Array, row: number, dither?: () => number): void {
    const { windowSize: W, windowShift: S } = this.options;
    const n = samples.length;
    // frames that lie inside the samples: start + f·S ≥ 0 and start + f·S + W ≤ n
    const inLo = Math.min(to, Math.max(from, start >= 0 ? 0 : Math.ceil(-start / S)));
    const inHi = Math.max(inLo, Math.min(to, n - W - start >= 0 ? Math.floor((n - W - start) / S) + 1 : 0));
    const sampleAt = edges === 'zero' ? (q: number) => (q >= 0 && q < n ? samples[q] : 0) : (q: number) => reflect(samples, q);
    const viaEdge = (a: number, b: number) => {
      for (let f = a; f < b; f += EDGE_BLOCK) {
        const count = Math.min(EDGE_BLOCK, b - f);
        const q0 = start + f * S;
        const len = (count - 1) * S + W;
        for (let t = 0; t < len; t++) this.edge[t] = sampleAt(q0 + t);
        this.run(this.edge.subarray(0, len), 0, count, data, row + f - from, dither);
      }
    };
    viaEdge(from, inLo);
    for (let f = inLo; f < inHi; f += BLOCK) this.run(samples, start + f * S, Math.min(BLOCK, inHi - f), data, row + f - from, dither);
    viaEdge(inHi, to);
  }

  /** One kernel call: `count` frames from samples[first + f·S], written as float32 rows from `row`. */
  private run(samples: Float32Array, first: number, count: number, data: Float32Array, row: number, dither?: () => number): void {
    const o = this.options;
    const bins = this.bins;
    const energies = this.energies?.subarray(0, count);
    let noise: Float64Array | undefined;
    if (dither && this.noise) {
      noise = this.noise.subarray(0, count * o.windowSize);
      for (let i = 0; i < noise.length; i++) noise[i] = dither() * o.dither;
    }
    logMelFrames(samples, first, count, this.plan, data.subarray(row * bins, (row + count) * bins), bins, this.melColumn, energies, noise);
    if (energies) {
      for (let f = 0; f < count; f++) {
        const e = energies[f];
        data[(row + f) * bins + this.energyColumn] = e < this.logEnergyFloor ? this.logEnergyFloor : e; // NaN passes, like torch.max
      }
    }
  }
}

/** Sample q of torchaudio's reflected waveform for snip_edges=False: [x₀ … reversed] ⧺ x ⧺ reversed x. */
function reflect(samples: Float32Array, q: number): number {
  const n = samples.length;
  if (q < 0) return samples[-q - 1];
  if (q < n) return samples[q];
  return samples[2 * n - 1 - q];
}

/**
 * Subtracts each column's mean over the frames: the mean in float64 over the stored values,
 * the difference rounded once to float32 (torchaudio `_subtract_column_mean` on float64 features).
 */
export function subtractColumnMean(data: Float32Array, frames: number, bins: number): void {
  if (frames === 0) return;
  const sums = new Float64Array(bins);
  for (let t = 0; t < frames; t++) for (let c = 0; c < bins; c++) sums[c] += data[t * bins + c];
  for (let c = 0; c < bins; c++) sums[c] /= frames;
  for (let t = 0; t < frames; t++) for (let c = 0; c < bins; c++) data[t * bins + c] -= sums[c];
}

/** torchaudio.compliance.kaldi.fbank(waveform, **options) for a mono waveform, float64 arithmetic. */
export function fbank(samples: Float32Array, options: FbankOptions = {}): Features {
  return new FbankComputer(options).compute(samples);
}
