// diarize(): audio → speaker turns with the community-1 pipeline (segmentation → embeddings → back end).
import { Plda } from '@dia/vbx';
import { loadAudio } from './audio/load';
import { diarizeFromIntermediates, type DiarizationResult } from './diarize-from-intermediates';
import { DEFAULT_EMBEDDING_BATCH, EmbeddingModel } from './inference/embedding';
import { InferenceError } from './errors';
import { ensureModel, type EnsureModelOptions } from './models/first-use';
import type { ModelKind } from './models/registry';
import { DEFAULT_SEGMENTATION_BATCH, SegmentationModel } from './inference/segmentation';
import type { ModelSource, SessionOptions } from './inference/session';
import type { SpeakerNumberOptions } from './clustering/speaker-bounds';
import { inferStream } from './inference/streaming';

export type DiarizeStage = 'segmentation' | 'embeddings' | 'clustering';

export interface DiarizeOptions extends SpeakerNumberOptions, EnsureModelOptions {
  /** segmentation-3.0 ONNX: a loaded model, a path or bytes. Default: $DIA_SEGMENT_MODEL_PATH, else the model cache (fetched into it on first use unless offline). */
  segmentationModel?: SegmentationModel | ModelSource;
  /** WeSpeaker ResNet34-LM ONNX. Default: $DIA_EMBED_MODEL_PATH, else the model cache (fetched into it on first use unless offline). */
  embeddingModel?: EmbeddingModel | ModelSource;
  /** The community-1 PLDA, or its directory. Default: $DIA_PLDA_DIR, else the copy bundled in this package. */
  plda?: Plda | string;
  /** RTTM uri. Default: the file stem for a path, else "audio". */
  uri?: string;
  /**
   * Items per onnxruntime run for both networks (overridden per stage by the two options below).
   * The results are identical for every batch size; only memory and speed change.
   */
  batchSize?: number;
  /** Chunks per segmentation run. Default `DEFAULT_SEGMENTATION_BATCH` (8; community-1 uses 32: same output, ≈ 18 MB more memory per chunk). */
  segmentationBatchSize?: number;
  /**
   * Chunks per embedding-trunk run (pairs per run when the model runs whole). Default
   * `DEFAULT_EMBEDDING_BATCH` (4): the ResNet34's activations take ≈ 36 MB per chunk (README
   * "Memory"); the results are the same for every batch size.
   */
  embeddingBatchSize?: number;
  /** onnxruntime settings for both models (threads, graph optimisation, execution providers). */
  session?: SessionOptions;
  /** Overrides of `session` for the embedding model only (e.g. `{ executionProviders: ['cpu'] }` with CoreML segmentation). */
  embeddingSession?: SessionOptions;
  onProgress?: (stage: DiarizeStage, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Also return pyannote's intermediates. */
  returnIntermediates?: boolean;
}

export interface DiarizationModels {
  segmentationModel: SegmentationModel;
  embeddingModel: EmbeddingModel;
  plda: Plda;
}

/**
 * The three models of `diarize()`, loaded from what `options` gives (a loaded model, a path or
 * bytes) or else from the environment, the bundled PLDA and the cache; a model missing from the
 * cache is fetched into it first (progress on stderr, `onModelFetch`), unless `offline` /
 * `DIA_OFFLINE=1`. Load once and pass the result to `diarize()` for each of several recordings.
 */
export async function loadDiarizationModels(options: Pick<DiarizeOptions, 'segmentationModel' | 'embeddingModel' | 'plda' | 'session' | 'embeddingSession' | 'offline' | 'onModelFetch' | 'modelFiles' | 'signal'> = {}): Promise<DiarizationModels> {
  const ensure = (kind: ModelKind) => ensureModel(kind, options);
  const segmentationModel = options.segmentationModel instanceof SegmentationModel ? options.segmentationModel : await SegmentationModel.load(options.segmentationModel ?? (await ensure('segmentation')), options.session);
  const embeddingModel = options.embeddingModel instanceof EmbeddingModel ? options.embeddingModel : await EmbeddingModel.load(options.embeddingModel ?? (await ensure('embedding')), { ...options.session, ...options.embeddingSession });
  const plda = options.plda instanceof Plda ? options.plda : Plda.fromDirectory(options.plda ?? (await ensure('plda')));
  return { segmentationModel, embeddingModel, plda };
}

/**
 * Speaker diarization of a recording, as pyannote.audio 4.0.4's speaker-diarization-community-1:
 * 10 s windows every second through segmentation-3.0, WeSpeaker embeddings of every (chunk,
 * speaker) pair on overlap-free frames, then `diarizeFromIntermediates`. Cancellable with `signal`.
 */
export async function diarize(input: string | Uint8Array | Float32Array, options: DiarizeOptions = {}): Promise<DiarizationResult> {
  const samples = loadAudio(input);
  const uri = options.uri ?? (typeof input === 'string' ? (input.split(/[\\/]/).pop() as string).replace(/\.[^.]*$/, '') : 'audio');
  // one block: the streaming pipeline still bounds the features and segmentations it keeps
  return diarizeStream([samples], { ...options, uri, totalSamples: samples.length });
}

export interface DiarizeStreamOptions extends DiarizeOptions {
  /** Chunks held at a time (default 32: 41 s of audio). */
  windowChunks?: number;
  /** The recording's length in samples, when known (progress totals only). */
  totalSamples?: number;
}

/**
 * `diarize()` for a recording that arrives as blocks of 16 kHz mono float32 samples (any block
 * sizes; e.g. a decoder's output): segmentation and embeddings run window by window as the audio
 * arrives, so memory holds one window of audio and features rather than the recording; the
 * binarized segmentations are kept one byte per frame until the back end. The result is identical
 * to `diarize()` on the whole array (tested).
 */
export async function diarizeStream(blocks: AsyncIterable<Float32Array> | Iterable<Float32Array>, options: DiarizeStreamOptions = {}): Promise<DiarizationResult> {
  const { segmentationModel, embeddingModel, plda } = await loadDiarizationModels(options);
  const { signal } = options;
  const inferred = await inferStream(blocks, segmentationModel, embeddingModel, {
    segmentationBatchSize: options.segmentationBatchSize ?? options.batchSize ?? DEFAULT_SEGMENTATION_BATCH,
    embeddingBatchSize: options.embeddingBatchSize ?? options.batchSize ?? DEFAULT_EMBEDDING_BATCH,
    windowChunks: options.windowChunks,
    totalSamples: options.totalSamples,
    signal,
    onProgress: (stage, done, total) => options.onProgress?.(stage, done, total),
  });
  if (signal?.aborted) throw new InferenceError('ABORTED', 'diarization aborted');
  options.onProgress?.('clustering', 0, 1);
  const result = diarizeFromIntermediates({ segmentations: inferred.segmentations, embeddings: inferred.embeddings, uri: options.uri ?? 'audio' }, { ...options, plda });
  options.onProgress?.('clustering', 1, 1);
  return result;
}
