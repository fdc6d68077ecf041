// WeSpeaker ResNet34-LM embeddings of every (chunk, local speaker) pair (SPEC 4).
import { WespeakerChunkFeatures } from '@dia/fbank';
import type { ChunkEmbeddings, Segmentations } from '../types';
import { CHUNK_SAMPLES } from './chunks';
import { InferenceError } from '../errors';
import { embeddingMask } from './masks';
import { bindName, createSession, ort, type ModelSource, type SessionOptions } from './session';
import { resolveModelPath } from '../models/cache';
import type { RunOptions } from './segmentation';

const HINT = 'Get it with `dia models fetch` or set DIA_EMBED_MODEL_PATH.';
const DIM = 256;
const MEL = 80;

export interface EmbedOptions extends RunOptions {
  /** Copy the model's constant embedding for speakers silent in a whole chunk (default true; same values). */
  skipSilentPairs?: boolean;
}

/** WeSpeaker ResNet34-LM as ONNX: `fbank` [B, T, 80] + `weights` [B, 589] → `embedding` [B, 256]. */
export class EmbeddingModel {
  /**
   * The model's output for an all-zero mask, when it provably does not depend on the audio (it is
   * the output bias for pyannote's pooling: Σw = 0 makes the weighted mean and std exactly 0).
   * Pairs whose speaker is silent in the whole chunk get it without running the network.
   */
  private silentEmbedding: Float32Array | undefined;

  private constructor(
    private readonly session: ort.InferenceSession,
    private readonly fbankName: string,
    private readonly weightsName: string,
    private readonly outputName: string,
  ) {}

  /** Loads the model from $DIA_EMBED_MODEL_PATH or the model cache (`dia models fetch`). */
  static async fromCache(options: SessionOptions = {}): Promise<EmbeddingModel> {
    return EmbeddingModel.load(resolveModelPath('embedding'), options);
  }

  /** Loads the model from a path or .onnx bytes, checks its signature and its degenerate-mask pooling. */
  static async load(source: ModelSource, options: SessionOptions = {}): Promise<EmbeddingModel> {
    const session = await createSession(source, 'embedding', HINT, options);
    const names = session.inputNames;
    if (!names.includes('fbank') || !names.includes('weights')) {
      throw new InferenceError('MODEL_SIGNATURE', `embedding model inputs are [${names.join(', ')}], expected fbank and weights`);
    }
    const model = new EmbeddingModel(session, 'fbank', 'weights', bindName(session.outputNames, 'embedding', 'output', 'embedding'));
    await model.checkDegeneratePooling();
    return model;
  }

  /**
   * SPEC open question Q1: pyannote's pooling adds 1e-8 to Σw and to the variance denominator, so
   * an all-zero mask yields a finite constant (the output bias). An export without that patch gives
   * NaN there, which would break inactive and tiny-mask pairs: refuse such a model at load time.
   */
  private async checkDegeneratePooling(): Promise<void> {
    const T = 998;
    // two different feature inputs with an all-zero mask: silence, and a fixed pseudo-random pattern
    const fbank = new Float32Array(2 * T * MEL);
    let state = 12345;
    for (let i = T * MEL; i < fbank.length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      fbank[i] = (state / 2 ** 32) * 20 - 15;
    }
    const result = await this.session.run({
      [this.fbankName]: new ort.Tensor('float32', fbank, [2, T, MEL]),
      [this.weightsName]: new ort.Tensor('float32', new Float32Array(2 * 589), [2, 589]),
    });
    const out = result[this.outputName].data as Float32Array;
    if (!out.every(Number.isFinite)) {
      throw new InferenceError('MODEL_SIGNATURE', 'the embedding model returns NaN/Inf for an all-zero mask: it lacks pyannote\'s +1e-8 statistics-pooling terms (see SPEC section 10; patch the ONNX graph)');
    }
    let independent = true;
    for (let d = 0; d < DIM; d++) if (!Object.is(out[d], out[DIM + d])) independent = false;
    this.silentEmbedding = independent ? out.slice(0, DIM) : undefined;
  }

  /** Whether silent (chunk, speaker) pairs skip the network (their embedding is a model constant). */
  get skipsSilentPairs(): boolean {
    return this.silentEmbedding !== undefined;
  }

  /**
   * Embeddings of all C·3 pairs in chunk-major order, batched. Log-mel features are computed once
   * for the whole recording (`@dia/fbank` WespeakerChunkFeatures, identical to per-chunk
   * wespeakerFeatures) and shared by each chunk's three speakers; masks are pyannote's
   * overlap-excluded ones. A non-finite embedding is an error naming the chunk.
   */
  async embed(samples: Float32Array, seg: Segmentations, options: EmbedOptions = {}): Promise<ChunkEmbeddings> {
    const { chunks: C, speakers: S, frames: F } = seg;
    const total = C * S;
    const batchSize = Math.max(1, options.batchSize ?? 32);
    const out = new Float32Array(total * DIM);
    // pyannote embeds every pair; a speaker silent in the whole chunk has an all-zero mask, whose
    // embedding is the model constant found at load time — copied, not recomputed (same values)
    const masks = new Float32Array(total * F);
    const pending: number[] = [];
    for (let p = 0; p < total; p++) {
      const mask = masks.subarray(p * F, (p + 1) * F);
      embeddingMask(seg, Math.floor(p / S), p % S, mask);
      if (this.silentEmbedding && options.skipSilentPairs !== false && mask.every((v) => v === 0)) out.set(this.silentEmbedding, p * DIM);
      else pending.push(p);
    }
    const skipped = total - pending.length;
    // log-mels of the whole recording once; each chunk's features are a slice, re-centred
    const features = new WespeakerChunkFeatures(samples, C, CHUNK_SAMPLES);
    const T = features.framesPerChunk;
    const feats = new Float32Array(T * MEL);
    let featChunk = -1;
    // one input buffer pair for all batches (each run completes before the next fills them)
    const fbankBuffer = new Float32Array(Math.min(batchSize, pending.length) * T * MEL);
    const weightsBuffer = new Float32Array(Math.min(batchSize, pending.length) * F);
    for (let first = 0; first < pending.length; first += batchSize) {
      if (options.signal?.aborted) throw new InferenceError('ABORTED', 'embedding aborted');
      const B = Math.min(batchSize, pending.length - first);
      const fbank = fbankBuffer.subarray(0, B * T * MEL);
      const weights = weightsBuffer.subarray(0, B * F);
      for (let b = 0; b < B; b++) {
        const p = pending[first + b];
        const c = Math.floor(p / S);
        if (c !== featChunk) {
          features.chunk(c, feats);
          featChunk = c;
        }
        fbank.set(feats, b * T * MEL);
        weights.set(masks.subarray(p * F, (p + 1) * F), b * F);
      }
      const result = await this.session.run({
        [this.fbankName]: new ort.Tensor('float32', fbank, [B, T, MEL]),
        [this.weightsName]: new ort.Tensor('float32', weights, [B, F]),
      });
      const emb = result[this.outputName].data as Float32Array;
      for (let b = 0; b < B; b++) {
        const p = pending[first + b];
        for (let d = 0; d < DIM; d++) {
          if (!Number.isFinite(emb[b * DIM + d])) {
            throw new InferenceError('NON_FINITE_OUTPUT', `embedding of chunk ${Math.floor(p / S)}, speaker ${p % S} is not finite (patch the model with pyannote's +1e-8 pooling terms, SPEC 10)`);
          }
        }
        out.set(emb.subarray(b * DIM, (b + 1) * DIM), p * DIM);
      }
      options.onProgress?.(skipped + first + B, total);
    }
    if (pending.length === 0) options.onProgress?.(total, total);
    return { data: out, chunks: C, speakers: S, dim: DIM };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
