// WeSpeaker ResNet34-LM embeddings of every (chunk, local speaker) pair (SPEC 4).
import { WespeakerChunkFeatures } from '@dia/fbank';
import type { ChunkEmbeddings, Segmentations } from '../types';
import { CHUNK_SAMPLES } from './chunks';
import { InferenceError } from './errors';
import { embeddingMask } from './masks';
import { bindName, createSession, ort, type ModelSource, type SessionOptions } from './session';
import { resolveModelPath } from '../models/cache';
import type { RunOptions } from './segmentation';

const HINT = 'Get it with `dia models fetch` or set DIA_EMBED_MODEL_PATH.';
const DIM = 256;
const MEL = 80;

/** WeSpeaker ResNet34-LM as ONNX: `fbank` [B, T, 80] + `weights` [B, 589] → `embedding` [B, 256]. */
export class EmbeddingModel {
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
    const result = await this.session.run({
      [this.fbankName]: new ort.Tensor('float32', new Float32Array(T * MEL), [1, T, MEL]),
      [this.weightsName]: new ort.Tensor('float32', new Float32Array(589), [1, 589]),
    });
    const out = result[this.outputName].data as Float32Array;
    if (!out.every(Number.isFinite)) {
      throw new InferenceError('MODEL_SIGNATURE', 'the embedding model returns NaN/Inf for an all-zero mask: it lacks pyannote\'s +1e-8 statistics-pooling terms (see SPEC section 10; patch the ONNX graph)');
    }
  }

  /**
   * Embeddings of all C·3 pairs in chunk-major order, batched. Log-mel features are computed once
   * for the whole recording (`@dia/fbank` WespeakerChunkFeatures, identical to per-chunk
   * wespeakerFeatures) and shared by each chunk's three speakers; masks are pyannote's
   * overlap-excluded ones. A non-finite embedding is an error naming the chunk.
   */
  async embed(samples: Float32Array, seg: Segmentations, options: RunOptions = {}): Promise<ChunkEmbeddings> {
    const { chunks: C, speakers: S, frames: F } = seg;
    const total = C * S;
    const batchSize = Math.max(1, options.batchSize ?? 32);
    const out = new Float32Array(total * DIM);
    // log-mels of the whole recording once; each chunk's features are a slice, re-centred
    const features = new WespeakerChunkFeatures(samples, C, CHUNK_SAMPLES);
    const T = features.framesPerChunk;
    const feats = new Float32Array(T * MEL);
    let featChunk = -1;
    for (let first = 0; first < total; first += batchSize) {
      if (options.signal?.aborted) throw new InferenceError('ABORTED', 'embedding aborted');
      const B = Math.min(batchSize, total - first);
      let fbank: Float32Array | undefined;
      const weights = new Float32Array(B * F);
      for (let b = 0; b < B; b++) {
        const p = first + b;
        const c = Math.floor(p / S);
        if (c !== featChunk) {
          features.chunk(c, feats);
          featChunk = c;
        }
        fbank ??= new Float32Array(B * T * MEL);
        fbank.set(feats, b * T * MEL);
        embeddingMask(seg, c, p % S, weights.subarray(b * F, (b + 1) * F));
      }
      const result = await this.session.run({
        [this.fbankName]: new ort.Tensor('float32', fbank as Float32Array, [B, T, MEL]),
        [this.weightsName]: new ort.Tensor('float32', weights, [B, F]),
      });
      const emb = result[this.outputName].data as Float32Array;
      for (let b = 0; b < B; b++) {
        for (let d = 0; d < DIM; d++) {
          if (!Number.isFinite(emb[b * DIM + d])) {
            const p = first + b;
            throw new InferenceError('NON_FINITE_OUTPUT', `embedding of chunk ${Math.floor(p / S)}, speaker ${p % S} is not finite (patch the model with pyannote's +1e-8 pooling terms, SPEC 10)`);
          }
        }
      }
      out.set(emb.subarray(0, B * DIM), first * DIM);
      options.onProgress?.(first + B, total);
    }
    return { data: out, chunks: C, speakers: S, dim: DIM };
  }

  async release(): Promise<void> {
    await this.session.release();
  }
}
