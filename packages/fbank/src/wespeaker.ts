// The filterbank input of pyannote's WeSpeaker wrapper (`BaseWeSpeakerResNet.compute_fbank`):
// waveform × 2¹⁵, kaldi fbank, each band centred on its mean over the chunk's frames.
import { FbankError } from './errors';
import { FbankComputer, subtractColumnMean, type Features } from './fbank';

/** community-1's WeSpeaker fbank options: 80 bins, 25/10 ms, hamming, no dither, no energy, 16 kHz. */
export const WESPEAKER_FBANK_OPTIONS = {
  numMelBins: 80,
  frameLength: 25,
  frameShift: 10,
  dither: 0,
  sampleFrequency: 16000,
  windowType: 'hamming',
  useEnergy: false,
  roundToPowerOfTwo: true,
  snipEdges: true,
} as const;

/** pyannote scales the [−1, 1) waveform by 2¹⁵ before `kaldi.fbank` (exact: a power of two). */
export const WESPEAKER_INPUT_SCALE = 32768;
/** Mel bands of the WeSpeaker features. */
const BINS = 80;
/** Samples between WeSpeaker frames (10 ms at 16 kHz). */
const FRAME_SHIFT = 160;

let shared: FbankComputer | undefined;

/** A computer for WeSpeaker features: the options above and the ×2¹⁵ input scale. */
export function wespeakerComputer(): FbankComputer {
  return new FbankComputer(WESPEAKER_FBANK_OPTIONS, { inputScale: WESPEAKER_INPUT_SCALE });
}

/**
 * pyannote `compute_fbank` for one waveform (16 kHz mono float32 in [−1, 1)): `kaldi.fbank` of
 * waveform × 2¹⁵ with the options above, each band then centred on its mean over the frames (mean
 * in float64, difference rounded once). Allocates only the output. `computer` (optional) must come
 * from {@link wespeakerComputer}.
 */
export function wespeakerFeatures(samples: Float32Array, computer?: FbankComputer): Features {
  const fb = computer ?? (shared ??= wespeakerComputer());
  if (fb.inputScale !== WESPEAKER_INPUT_SCALE || fb.bins !== BINS || fb.options.windowType !== 'hamming') {
    throw new FbankError('INVALID_OPTION', 'wespeakerFeatures: the computer must come from wespeakerComputer() (WeSpeaker options, input scaled by 2^15)');
  }
  const features = fb.compute(samples);
  subtractColumnMean(features.data, features.frames, features.bins);
  return features;
}

/**
 * WeSpeaker features of the sliding chunks of a recording (chunk c = samples[c·step, c·step +
 * chunkSamples), zero-padded past the end), each equal bit for bit to `wespeakerFeatures(chunk)`.
 * With a step that is a multiple of the 10 ms frame shift, chunk c's frames are frames
 * [c·step/160, c·step/160 + T) of the whole zero-padded recording, so each log-mel frame is computed
 * once and chunks only re-centre them. Frames are computed on demand into a bounded cache (the
 * frames of the chunks last asked for; frames shared with the next request are kept), so memory
 * does not grow with the recording; ask for chunks in increasing order to compute every frame once.
 */
export class WespeakerChunkFeatures {
  /** Number of chunks. */
  readonly chunks: number;
  /** Frames per chunk (998 for 10 s). */
  readonly framesPerChunk: number;
  /** Bands per frame (80). */
  readonly bins = BINS;
  private readonly samples: Float32Array;
  private readonly computer: FbankComputer;
  /** Frames between the starts of consecutive chunks. */
  private readonly frameStep: number;
  /** Uncentred log-mels of frames [cacheFirst, cacheFirst + cacheFrames). */
  private cache: Float32Array;
  private cacheFirst = 0;
  private cacheFrames = 0;

  /**
   * @param samples the recording, 16 kHz mono float32 in [−1, 1) (not copied: keep it unchanged).
   * @param numChunks chunks to cover (the last ones may extend past the end: zero-padded).
   * @param chunkSamples chunk length (160 000 = 10 s).
   * @param stepSamples chunk step, a multiple of 160 (16 000 = 1 s).
   */
  constructor(samples: Float32Array, numChunks: number, chunkSamples = 160_000, stepSamples = 16_000) {
    if (stepSamples % FRAME_SHIFT !== 0 || stepSamples <= 0) throw new FbankError('INVALID_OPTION', `chunk step ${stepSamples} is not a positive multiple of the ${FRAME_SHIFT}-sample frame shift`);
    if (!(Number.isInteger(numChunks) && numChunks >= 0)) throw new FbankError('INVALID_OPTION', `numChunks must be a non-negative integer (got ${numChunks})`);
    this.samples = samples;
    this.chunks = numChunks;
    this.frameStep = stepSamples / FRAME_SHIFT;
    this.computer = wespeakerComputer();
    this.framesPerChunk = this.computer.frameCount(chunkSamples);
    if (this.framesPerChunk === 0) throw new FbankError('INVALID_INPUT', `chunks of ${chunkSamples} samples are shorter than one 400-sample frame`);
    // by default room for a batch of 32 consecutive chunks
    this.cache = new Float32Array((this.framesPerChunk + 31 * this.frameStep) * BINS);
  }

  /** Bytes of log-mel frames held between calls (bounded by the largest request, not the recording). */
  get cacheBytes(): number {
    return this.cache.byteLength;
  }

  /** Centred features of chunk c (`framesPerChunk` × 80), written into `out` when given. */
  chunk(c: number, out = new Float32Array(this.framesPerChunk * BINS)): Features {
    this.chunkRange(c, 1, out);
    return { data: out, frames: this.framesPerChunk, bins: BINS };
  }

  /**
   * Centred features of chunks [first, first + count), chunk after chunk (count × framesPerChunk ×
   * 80 values), into `out` when given — e.g. the `fbank` input of an embedding batch. The log-mels
   * of the frames these chunks span are computed once; frames already computed by the previous
   * call are reused.
   */
  chunkRange(first: number, count: number, out = new Float32Array(count * this.framesPerChunk * BINS)): Float32Array {
    if (!(Number.isInteger(first) && Number.isInteger(count) && first >= 0 && count >= 0 && first + count <= this.chunks)) {
      throw new FbankError('INVALID_INPUT', `chunks [${first}, ${first + count}) are outside 0..${this.chunks - 1}`);
    }
    const T = this.framesPerChunk;
    if (out.length !== count * T * BINS) throw new FbankError('INVALID_INPUT', `out has ${out.length} values, expected ${count}×${T}×${BINS}`);
    if (count === 0) return out;
    const lo = first * this.frameStep;
    this.ensureFrames(lo, (first + count - 1) * this.frameStep + T);
    for (let i = 0; i < count; i++) {
      const from = ((first + i) * this.frameStep - this.cacheFirst) * BINS;
      const dst = out.subarray(i * T * BINS, (i + 1) * T * BINS);
      dst.set(this.cache.subarray(from, from + T * BINS));
      subtractColumnMean(dst, T, BINS);
    }
    return out;
  }

  /** Makes the cache hold frames [lo, hi), keeping frames it already has. */
  private ensureFrames(lo: number, hi: number): void {
    const [haveLo, haveHi] = [this.cacheFirst, this.cacheFirst + this.cacheFrames];
    if (lo >= haveLo && hi <= haveHi) return;
    if (lo >= haveLo && lo <= haveHi && (hi - haveLo) * BINS <= this.cache.length) {
      // the next chunks of a sequential walk: append their new frames while there is room
      this.computer.framesInto(this.samples, 0, haveHi, hi, 'zero', this.cache, haveHi - haveLo);
      this.cacheFrames = hi - haveLo;
      return;
    }
    // keep the overlap with what is cached (moved to its new place), compute the rest
    let keepLo = Math.max(lo, haveLo);
    let keepHi = Math.min(hi, haveHi);
    if (this.cache.length < (hi - lo) * BINS) {
      this.cache = new Float32Array((hi - lo) * BINS); // a larger request than any before
      keepLo = keepHi = lo;
    } else if (keepLo < keepHi) {
      this.cache.copyWithin((keepLo - lo) * BINS, (keepLo - haveLo) * BINS, (keepHi - haveLo) * BINS);
    } else keepLo = keepHi = lo;
    const compute = (a: number, b: number) => { if (a < b) this.computer.framesInto(this.samples, 0, a, b, 'zero', this.cache, a - lo); };
    compute(lo, keepLo);
    compute(keepHi, hi);
    this.cacheFirst = lo;
    this.cacheFrames = hi - lo;
  }
}
