// WeSpeaker ResNet34-LM embeddings of every (chunk, local speaker) pair (SPEC 4): the network's
// trunk (everything that does not see the mask) runs once per chunk, its head (weighted statistics
// pooling and the final linear layer) once per active pair — the arithmetic of running the whole
// network per pair, without repeating the trunk for the chunk's other speakers.
import { WespeakerChunkFeatures } from '@dia/fbank';
import type { ChunkEmbeddings, Segmentations } from '../types';
import { CHUNK_SAMPLES } from './chunks';
import { InferenceError } from '../errors';
import { embeddingMask } from './masks';
import { bindName, createSession, ort, readModel, type ModelSource, type SessionOptions } from './session';
import { resolveModelPath } from '../models/cache';
import type { RunOptions } from './segmentation';
import { GraphSplitError, ONNX_ELEMENT_TYPES, splitGraphAtInput, type CrossingTensor } from './graph-split';
import { debugLog } from './debug';

const HINT = 'Get it with `dia models fetch` or set DIA_EMBED_MODEL_PATH.';
const DIM = 256;
const MEL = 80;
const WEIGHTS = 589;
/** Feature frames of a 10 s chunk (kaldi fbank, 25 ms / 10 ms, snip edges). */
const FRAMES = 998;

/**
 * Network items (chunks through the trunk, or pairs through the whole model) per onnxruntime run
 * by default. Measured (README "Memory"): the ResNet34's activations take ≈ 36 MB per item; issue
 * #16 measured batch 4 as fast as 32 for whole-model runs, with a fifth of the memory.
 */
export const DEFAULT_EMBEDDING_BATCH = 4;

/** How the embedding network is run: trunk once per chunk + head per pair, or the whole model per pair. */
export type EmbeddingMode = 'trunk-head' | 'whole';

export interface EmbeddingLoadOptions extends SessionOptions {
  /** Split the network into trunk and head at load time (default true); false runs the whole model per pair. */
  split?: boolean;
}

export interface EmbedOptions extends RunOptions {
  /** Copy the model's constant embedding for speakers silent in a whole chunk (default true; same values). */
  skipSilentPairs?: boolean;
}

/** What one `embed()` / `embedChunks()` call ran. */
export interface EmbeddingRunStats {
  pairs: number;
  /** Pairs whose speaker is silent in the whole chunk (the model constant was copied). */
  silentPairs: number;
  /** Pairs that went through the network (the head, or the whole model). */
  activePairs: number;
  /** Chunks with at least one active pair. */
  activeChunks: number;
  /** Chunks run through the trunk (= activeChunks in trunk-head mode, else 0). */
  trunkChunks: number;
  /** onnxruntime runs: trunk, head and whole-model. */
  trunkRuns: number;
  headRuns: number;
  wholeRuns: number;
}

/** A crossing tensor the trunk gives per chunk (first axis = batch), or once for any batch (shape arithmetic). */
interface CrossingRole {
  name: string;
  perChunk: boolean;
}

interface TrunkHead {
  trunk: ort.InferenceSession;
  head: ort.InferenceSession;
  trunkInput: string;
  crossing: CrossingRole[];
  /** The head reads the shape of the trunk input (recomputed shape arithmetic): fed zeros of the batch's shape. */
  headReadsInputShape: boolean;
  /** Head input buffers, reused from run to run (grown when a larger batch comes). */
  scratch: Map<string, NumericArray>;
}

type NumericArray = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array;

/** An empty array of the same kind as `like`, of length n. */
function allocLike(like: NumericArray, n: number): NumericArray {
  return new (like.constructor as new (length: number) => NumericArray)(n);
}

/** Copies row `from` of `src` (rows of `size`) to row `to` of `dst`. */
function copyRow(src: NumericArray, from: number, dst: NumericArray, to: number, size: number): void {
  (dst as Float32Array).set((src as Float32Array).subarray(from * size, (from + 1) * size), to * size);
}

/** Index of the first element that differs bit for bit (NaN payloads aside), or -1. */
function firstDifference(a: NumericArray, b: NumericArray): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

/** WeSpeaker ResNet34-LM as ONNX: `fbank` [B, T, 80] + `weights` [B, 589] → `embedding` [B, 256]. */
export class EmbeddingModel {
  /**
   * The model's output for an all-zero mask, when it provably does not depend on the audio (it is
   * the output bias for pyannote's pooling: Σw = 0 makes the weighted mean and std exactly 0).
   * Pairs whose speaker is silent in the whole chunk get it without running the network.
   */
  private silentEmbedding: Float32Array | undefined;
  private split: TrunkHead | undefined;
  private whole: ort.InferenceSession | undefined;
  private fallback: string | undefined;
  private stats: EmbeddingRunStats | undefined;

  private constructor(
    whole: ort.InferenceSession,
    private readonly fbankName: string,
    private readonly weightsName: string,
    private readonly outputName: string,
  ) {
    this.whole = whole;
  }

  /** Loads the model from $DIA_EMBED_MODEL_PATH or the model cache (`dia models fetch`). */
  static async fromCache(options: EmbeddingLoadOptions = {}): Promise<EmbeddingModel> {
    return EmbeddingModel.load(resolveModelPath('embedding'), options);
  }

  /**
   * Loads the model from a path or .onnx bytes and checks its signature and its degenerate-mask
   * pooling. Unless `split: false`, the graph is split into a trunk (the nodes that do not depend on
   * `weights`) and a head (those that do), each its own onnxruntime session, and the split is
   * verified bit for bit against the whole model on a probe; when the graph cannot be split
   * cleanly or the probe differs, the whole model runs per pair (`mode`, `splitFallbackReason`, and
   * the debug log `DEBUG=dia:embedding` say so).
   */
  static async load(source: ModelSource, options: EmbeddingLoadOptions = {}): Promise<EmbeddingModel> {
    if (options.executionProviders?.includes('coreml')) {
      throw new InferenceError('EXECUTION_PROVIDER', 'the embedding model cannot run on CoreML: CoreML mistranslates this ResNet34 and returns NaN/Inf embeddings (SPEC H19); use cpu for the embedding model');
    }
    const bytes = readModel(source, 'embedding', HINT);
    const session = await createSession(bytes, 'embedding', HINT, options);
    const names = session.inputNames;
    if (!names.includes('fbank') || !names.includes('weights')) {
      await session.release();
      throw new InferenceError('MODEL_SIGNATURE', `embedding model inputs are [${names.join(', ')}], expected fbank and weights`);
    }
    const model = new EmbeddingModel(session, 'fbank', 'weights', bindName(session.outputNames, 'embedding', 'output', 'embedding'));
    const probe = new Probe();
    const expected = await model.probeWhole(probe);
    if (options.split === false) {
      model.fallback = 'split disabled by the caller (split: false)';
    } else {
      // one network in memory at a time: the whole model goes before the trunk and head come
      await session.release();
      model.whole = undefined;
      await model.trySplit(bytes, options);
      const reason = model.split ? await model.verifySplit(model.split, probe, expected) : model.fallback;
      if (reason !== undefined) {
        await Promise.all([model.split?.trunk.release(), model.split?.head.release()]);
        model.split = undefined;
        model.fallback = reason;
        model.whole = await createSession(bytes, 'embedding', HINT, options);
      }
    }
    debugLog('embedding', model.split
      ? `trunk/head split: trunk → ${model.split.crossing.map((c) => `${c.name}${c.perChunk ? '' : ' (batch-independent)'}`).join(', ')} → head; verified bit-identical to the whole model`
      : `whole model per pair: ${model.fallback}`);
    return model;
  }

  /** How the network runs: `trunk-head` (trunk once per chunk) or `whole` (the whole model per active pair). */
  get mode(): EmbeddingMode {
    return this.split ? 'trunk-head' : 'whole';
  }

  /** Why the model runs whole instead of split (undefined when split). */
  get splitFallbackReason(): string | undefined {
    return this.split ? undefined : this.fallback;
  }

  /** The tensors that cross from trunk to head (empty when not split). */
  get crossingTensors(): string[] {
    return this.split ? this.split.crossing.map((c) => c.name) : [];
  }

  /** Whether silent (chunk, speaker) pairs skip the network (their embedding is a model constant). */
  get skipsSilentPairs(): boolean {
    return this.silentEmbedding !== undefined;
  }

  /** What the last `embed()` / `embedChunks()` call ran (in `diarize()`: the last window): pairs, active chunks, trunk/head/whole-model runs. */
  get lastRunStats(): EmbeddingRunStats | undefined {
    return this.stats;
  }

  private async trySplit(bytes: Uint8Array, options: EmbeddingLoadOptions): Promise<void> {
    let trunk: ort.InferenceSession | undefined;
    try {
      const parts = splitGraphAtInput(bytes, this.weightsName);
      if (parts.trunkInputs.length !== 1 || parts.trunkInputs[0] !== this.fbankName) {
        throw new GraphSplitError(`the trunk would take [${parts.trunkInputs.join(', ')}], expected only ${this.fbankName}`);
      }
      trunk = await createSession(parts.trunk, 'embedding trunk', HINT, options);
      const types: CrossingTensor[] = trunk.outputMetadata.map((m) => {
        if (!m.isTensor || !(m.type in ONNX_ELEMENT_TYPES)) throw new GraphSplitError(`the crossing value '${m.name}' is not a plain tensor`);
        return { name: m.name, elemType: ONNX_ELEMENT_TYPES[m.type], shape: m.shape };
      });
      const head = await createSession(parts.head(types), 'embedding head', HINT, options);
      debugLog('embedding', `graph split: ${parts.nodes.trunk} trunk nodes, ${parts.nodes.head} head nodes of ${parts.nodes.total}${parts.shapeInputs.length > 0 ? `; the head recomputes shape arithmetic from the shape of ${parts.shapeInputs.join(', ')}` : ''}`);
      this.split = { trunk, head, trunkInput: this.fbankName, crossing: parts.crossing.map((name) => ({ name, perChunk: true })), headReadsInputShape: parts.shapeInputs.length > 0, scratch: new Map() };
    } catch (err) {
      await trunk?.release();
      if (!(err instanceof GraphSplitError) && !(err instanceof Error)) throw err;
      this.fallback = `the graph cannot be split at '${this.weightsName}': ${err.message}`;
    }
  }

  /**
   * Load-time check (SPEC open question Q1): pyannote's pooling adds 1e-8 to Σw and to the variance
   * denominator, so an all-zero mask yields a finite constant (the output bias); an export without
   * that patch gives NaN there, which would break inactive and tiny-mask pairs: refuse it. Also
   * computes the whole model's embeddings of the probe pairs that the split must reproduce. Runs of
   * two pairs keep the load's memory to that of a batch of two.
   */
  private async probeWhole(probe: Probe): Promise<Float32Array> {
    const whole = this.whole as ort.InferenceSession;
    const runPairs = async (pairs: readonly number[]): Promise<Float32Array> => {
      const result = await whole.run({
        [this.fbankName]: new ort.Tensor('float32', probe.pairFbank(pairs), [pairs.length, FRAMES, MEL]),
        [this.weightsName]: new ort.Tensor('float32', probe.pairWeights(pairs), [pairs.length, WEIGHTS]),
      });
      return (result[this.outputName].data as Float32Array).slice();
    };
    const silent = await runPairs([0, 1]);
    const active = await runPairs([2, 3]);
    if (!silent.every(Number.isFinite) || !active.every(Number.isFinite)) {
      await this.release();
      throw new InferenceError('MODEL_SIGNATURE', 'the embedding model returns NaN/Inf for an all-zero mask: it lacks pyannote\'s +1e-8 statistics-pooling terms (see SPEC section 10; patch the ONNX graph)');
    }
    let independent = true;
    for (let d = 0; d < DIM; d++) if (!Object.is(silent[d], silent[DIM + d])) independent = false;
    this.silentEmbedding = independent ? silent.slice(0, DIM) : undefined;
    // the split is checked on pairs 1, 2, 3
    const expected = new Float32Array(3 * DIM);
    expected.set(silent.subarray(DIM));
    expected.set(active, DIM);
    return expected;
  }

  /**
   * Returns why the split cannot be used, or undefined when it reproduces the whole model's
   * embeddings of probe pairs 1–3 bit for bit. Every crossing tensor must be either per chunk (first
   * axis = batch, a chunk's rows the same in a batch of 1 and of 2) or the same for any batch.
   */
  private async verifySplit(split: TrunkHead, probe: Probe, expected: Float32Array): Promise<string | undefined> {
    const chunks = probe.fbank.subarray(FRAMES * MEL); // probe chunks 1 and 2
    const two = await split.trunk.run({ [split.trunkInput]: new ort.Tensor('float32', chunks, [2, FRAMES, MEL]) });
    const one = await split.trunk.run({ [split.trunkInput]: new ort.Tensor('float32', chunks.slice(0, FRAMES * MEL), [1, FRAMES, MEL]) });
    for (const c of split.crossing) {
      const a = two[c.name];
      const b = one[c.name];
      const same = a.dims.length === b.dims.length && a.dims.every((d, i) => d === b.dims[i]) && firstDifference(a.data as NumericArray, b.data as NumericArray) < 0;
      if (same) {
        c.perChunk = false;
        continue;
      }
      const rows = a.dims[0] === 2 && b.dims[0] === 1 && a.dims.length === b.dims.length && a.dims.slice(1).every((d, i) => d === b.dims[i + 1]);
      if (!rows) return `the crossing tensor '${c.name}' has shape [${a.dims.join(', ')}] for 2 chunks and [${b.dims.join(', ')}] for 1: neither per chunk nor batch-independent`;
      const size = (b.data as NumericArray).length;
      if (firstDifference((a.data as NumericArray).subarray(0, size) as NumericArray, b.data as NumericArray) >= 0) {
        return `the trunk's '${c.name}' for a chunk differs between a batch of 1 and a batch of 2`;
      }
    }
    // head on probe pairs 1 (chunk 1, silent), 2 (chunk 1, frames 100–399), 3 (chunk 2, one frame)
    const got = await this.runHead(split, two, [0, 0, 1], probe.pairWeights([1, 2, 3]));
    if (firstDifference(got, expected) < 0) return undefined;
    let differing = 0;
    let worst = 0;
    for (let i = 0; i < got.length; i++) {
      if (Object.is(got[i], expected[i])) continue;
      differing++;
      worst = Math.max(worst, Math.abs(got[i] - expected[i]));
    }
    return `trunk + head differ from the whole model on the load-time probe (${differing} of ${got.length} values, worst ${worst.toExponential(2)})`;
  }

  /**
   * Runs the head for pairs whose chunks are rows `rows` of the trunk's output, with their masks
   * (`weights`, 589 per pair). A lone pair runs as a batch of two (itself twice): onnxruntime reduces
   * a batch of one in another summation order (its batch axis is squeezed away), so every pair gets
   * the arithmetic of a batch of ≥ 2 whatever the batch sizes.
   */
  private async runHead(split: TrunkHead, trunkOut: ort.InferenceSession.ReturnType, rows: readonly number[], weights: Float32Array): Promise<Float32Array> {
    const n = rows.length;
    const batch = Math.max(2, n);
    const feeds: Record<string, ort.Tensor> = {};
    const buffer = (name: string, like: NumericArray, length: number): NumericArray => {
      let b = split.scratch.get(name);
      if (!b || b.length < length || b.constructor !== like.constructor) split.scratch.set(name, (b = allocLike(like, length)));
      return b.subarray(0, length) as NumericArray;
    };
    const w = buffer(this.weightsName, weights, batch * WEIGHTS) as Float32Array;
    w.set(weights.subarray(0, n * WEIGHTS));
    for (let b = n; b < batch; b++) w.copyWithin(b * WEIGHTS, 0, WEIGHTS);
    feeds[this.weightsName] = new ort.Tensor('float32', w, [batch, WEIGHTS]);
    if (split.headReadsInputShape) {
      // only its shape is read (checked when splitting): zeros, never written
      const zeros = buffer(split.trunkInput, weights, batch * FRAMES * MEL) as Float32Array;
      feeds[split.trunkInput] = new ort.Tensor('float32', zeros, [batch, FRAMES, MEL]);
    }
    for (const c of split.crossing) {
      const t = trunkOut[c.name];
      if (!c.perChunk) {
        feeds[c.name] = t;
        continue;
      }
      const src = t.data as NumericArray;
      const size = src.length / t.dims[0];
      const dst = buffer(c.name, src, batch * size);
      for (let b = 0; b < batch; b++) copyRow(src, rows[b < n ? b : 0], dst, b, size);
      feeds[c.name] = new ort.Tensor(t.type as 'float32', dst as Float32Array, [batch, ...t.dims.slice(1)]);
    }
    const result = await split.head.run(feeds);
    return (result[this.outputName].data as Float32Array).subarray(0, n * DIM);
  }

  /**
   * Embeddings of all C·3 pairs in chunk-major order. Log-mel features are computed once for the
   * whole recording (`@dia/fbank` WespeakerChunkFeatures, identical to per-chunk
   * wespeakerFeatures); masks are pyannote's overlap-excluded ones. Split: the trunk runs once per
   * chunk that has an active speaker, `batchSize` chunks per run, then the head once for the active
   * pairs of those chunks. Whole: the model runs on `batchSize` active pairs at a time. Silent pairs
   * take the model constant. A non-finite embedding is an error naming the chunk.
   */
  async embed(samples: Float32Array, seg: Segmentations, options: EmbedOptions = {}): Promise<ChunkEmbeddings> {
    // log-mels of the whole recording once (only when a pair needs the network); each chunk's
    // features are a slice, re-centred
    let features: WespeakerChunkFeatures | undefined;
    const source = { chunk: (c: number, out: Float32Array<ArrayBuffer>) => (features ??= new WespeakerChunkFeatures(samples, seg.chunks, CHUNK_SAMPLES)).chunk(c, out) };
    return this.embedChunks(source, seg, options);
  }

  /**
   * `embed()` for chunks whose features come from `features` (chunk c of `seg` ↔ `features.chunk(c)`,
   * 998 × 80 centred log-mels): the streaming pipeline passes one window of chunks at a time.
   */
  async embedChunks(features: ChunkFeatureSource, seg: Segmentations, options: EmbedOptions = {}): Promise<ChunkEmbeddings> {
    const { chunks: C, speakers: S, frames: F } = seg;
    if (F !== WEIGHTS) throw new InferenceError('INVALID_INPUT', `segmentations have ${F} frames per chunk, the embedding model takes ${WEIGHTS}`);
    const total = C * S;
    const batchSize = Math.max(1, Math.floor(options.batchSize ?? DEFAULT_EMBEDDING_BATCH));
    const out = new Float32Array(total * DIM);
    // pyannote embeds every pair; a speaker silent in the whole chunk has an all-zero mask, whose
    // embedding is the model constant found at load time — copied, not recomputed (same values)
    const mask = new Float32Array(F);
    const pending: number[] = [];
    for (let p = 0; p < total; p++) {
      embeddingMask(seg, Math.floor(p / S), p % S, mask);
      if (this.silentEmbedding && options.skipSilentPairs !== false && mask.every((v) => v === 0)) out.set(this.silentEmbedding, p * DIM);
      else pending.push(p);
    }
    const chunksWithPairs: number[] = [];
    for (const p of pending) if (chunksWithPairs[chunksWithPairs.length - 1] !== Math.floor(p / S)) chunksWithPairs.push(Math.floor(p / S));
    const stats: EmbeddingRunStats = {
      pairs: total, silentPairs: total - pending.length, activePairs: pending.length, activeChunks: chunksWithPairs.length,
      trunkChunks: 0, trunkRuns: 0, headRuns: 0, wholeRuns: 0,
    };
    this.stats = stats;
    if (pending.length > 0) {
      const run = { seg, pending, out, stats, batchSize, features, options };
      if (this.split) await this.embedSplit(this.split, run);
      else await this.embedWhole(run);
    }
    options.onProgress?.(total, total);
    return { data: out, chunks: C, speakers: S, dim: DIM };
  }

  private async embedSplit(split: TrunkHead, run: EmbedRun): Promise<void> {
    const { seg, pending, out, stats, batchSize, features, options } = run;
    const S = seg.speakers;
    const chunk = FRAMES * MEL;
    const fbank = new Float32Array(batchSize * chunk);
    const weights = new Float32Array(batchSize * S * WEIGHTS);
    let next = 0; // next pending pair
    while (next < pending.length) {
      if (options.signal?.aborted) throw new InferenceError('ABORTED', 'embedding aborted');
      // the next `batchSize` chunks that have active pairs, and those pairs
      const rows: number[] = [];
      const pairs: number[] = [];
      let chunks = 0;
      let current = -1;
      while (next < pending.length) {
        const c = Math.floor(pending[next] / S);
        if (c !== current) {
          if (chunks === batchSize) break;
          features.chunk(c, fbank.subarray(chunks * chunk, (chunks + 1) * chunk));
          current = c;
          chunks++;
        }
        embeddingMask(seg, c, pending[next] % S, weights.subarray(pairs.length * WEIGHTS, (pairs.length + 1) * WEIGHTS));
        rows.push(chunks - 1);
        pairs.push(pending[next++]);
      }
      const trunkOut = await split.trunk.run({ [split.trunkInput]: new ort.Tensor('float32', fbank.subarray(0, chunks * chunk), [chunks, FRAMES, MEL]) });
      const emb = await this.runHead(split, trunkOut, rows, weights);
      stats.trunkRuns++;
      stats.trunkChunks += chunks;
      stats.headRuns++;
      storeEmbeddings(emb, pairs, S, out);
      options.onProgress?.(stats.silentPairs + next, stats.pairs);
    }
  }

  private async embedWhole(run: EmbedRun): Promise<void> {
    const { seg, pending, out, stats, batchSize, features, options } = run;
    const S = seg.speakers;
    const chunk = FRAMES * MEL;
    const whole = this.whole as ort.InferenceSession;
    const T = FRAMES;
    const feats = new Float32Array(chunk);
    let featChunk = -1;
    // one input buffer pair for all batches (each run completes before the next fills them); a lone
    // pair runs as a batch of two, as in the split (see runHead)
    const capacity = Math.max(2, Math.min(batchSize, pending.length));
    const fbankBuffer = new Float32Array(capacity * chunk);
    const weightsBuffer = new Float32Array(capacity * WEIGHTS);
    for (let first = 0; first < pending.length; first += batchSize) {
      if (options.signal?.aborted) throw new InferenceError('ABORTED', 'embedding aborted');
      const n = Math.min(batchSize, pending.length - first);
      const B = Math.max(2, n);
      const fbank = fbankBuffer.subarray(0, B * chunk);
      const weights = weightsBuffer.subarray(0, B * WEIGHTS);
      for (let b = 0; b < B; b++) {
        const p = pending[first + (b < n ? b : 0)];
        const c = Math.floor(p / S);
        if (c !== featChunk) {
          features.chunk(c, feats);
          featChunk = c;
        }
        fbank.set(feats, b * chunk);
        embeddingMask(seg, c, p % S, weights.subarray(b * WEIGHTS, (b + 1) * WEIGHTS));
      }
      const result = await whole.run({
        [this.fbankName]: new ort.Tensor('float32', fbank, [B, T, MEL]),
        [this.weightsName]: new ort.Tensor('float32', weights, [B, WEIGHTS]),
      });
      stats.wholeRuns++;
      storeEmbeddings((result[this.outputName].data as Float32Array).subarray(0, n * DIM), pending.slice(first, first + n), S, out);
      options.onProgress?.(stats.silentPairs + first + n, stats.pairs);
    }
  }

  async release(): Promise<void> {
    await Promise.all([this.whole?.release(), this.split?.trunk.release(), this.split?.head.release()]);
  }
}

/**
 * The load-time probe: three chunks of features (silence, two pseudo-random log-mel maps) and four
 * (chunk, mask) pairs: (0, silent), (1, silent), (1, frames 100–399), (2, one frame).
 */
class Probe {
  readonly fbank = new Float32Array(3 * FRAMES * MEL);
  private readonly chunkOf = [0, 1, 1, 2];

  constructor() {
    let state = 12345;
    for (let i = FRAMES * MEL; i < this.fbank.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      this.fbank[i] = (state / 2 ** 32) * 20 - 15;
    }
  }

  /** The features of each pair's chunk, batched. */
  pairFbank(pairs: readonly number[]): Float32Array {
    const size = FRAMES * MEL;
    const out = new Float32Array(pairs.length * size);
    pairs.forEach((p, b) => out.set(this.fbank.subarray(this.chunkOf[p] * size, (this.chunkOf[p] + 1) * size), b * size));
    return out;
  }

  /** The masks of the pairs, batched. */
  pairWeights(pairs: readonly number[]): Float32Array {
    const out = new Float32Array(pairs.length * WEIGHTS);
    pairs.forEach((p, b) => {
      if (p === 2) out.fill(1, b * WEIGHTS + 100, b * WEIGHTS + 400);
      if (p === 3) out[b * WEIGHTS + 300] = 1;
    });
    return out;
  }
}

/** Centred WeSpeaker log-mels per chunk (998 × 80), as `@dia/fbank` WespeakerChunkFeatures gives them. */
export interface ChunkFeatureSource {
  chunk(c: number, out: Float32Array<ArrayBuffer>): unknown;
}

interface EmbedRun {
  seg: Segmentations;
  pending: number[];
  out: Float32Array;
  stats: EmbeddingRunStats;
  batchSize: number;
  features: ChunkFeatureSource;
  options: EmbedOptions;
}

/** Writes the embeddings of `pairs` (in order) into `out`; a non-finite value is an error naming the pair. */
function storeEmbeddings(emb: Float32Array, pairs: readonly number[], S: number, out: Float32Array): void {
  for (let b = 0; b < pairs.length; b++) {
    const p = pairs[b];
    for (let d = 0; d < DIM; d++) {
      if (!Number.isFinite(emb[b * DIM + d])) {
        throw new InferenceError('NON_FINITE_OUTPUT', `embedding of chunk ${Math.floor(p / S)}, speaker ${p % S} is not finite (patch the model with pyannote's +1e-8 pooling terms, SPEC 10)`);
      }
    }
    out.set(emb.subarray(b * DIM, (b + 1) * DIM), p * DIM);
  }
}

