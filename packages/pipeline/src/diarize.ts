// diarize(): audio → speaker turns with the community-1 pipeline (segmentation → embeddings → back end).
import { Plda } from '@dia/vbx';
import { openAudio, type AudioInput, type AudioSource } from './audio/source';
import { diarizeFromIntermediates, type DiarizationResult } from './diarize-from-intermediates';
import { DEFAULT_EMBEDDING_BATCH, EmbeddingModel } from './inference/embedding';
import { InferenceError } from './errors';
import { ensureModel, type EnsureModelOptions } from './models/first-use';
import type { ModelKind } from './models/registry';
import { CHUNK_DURATION, CHUNK_STEP, SAMPLE_RATE } from './geometry/sliding-window';
import { DEFAULT_SEGMENTATION_BATCH, SegmentationModel } from './inference/segmentation';
import type { ModelSource, SessionOptions } from './inference/session';
import type { SpeakerNumberOptions } from './clustering/speaker-bounds';
import { inferStream } from './inference/streaming';

export type DiarizeStage = 'decoding' | 'segmentation' | 'embeddings' | 'clustering';

/** Seconds of audio a stage has processed, and the recording's duration (undefined while unknown: standard input being decoded). */
export interface AudioProgress {
  processed: number;
  duration: number | undefined;
}

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
  /**
   * Progress per stage: `decoding` counts seconds of audio read (`total` is the duration, or 0 while
   * it is unknown), `segmentation` and `embeddings` chunks, `clustering` 0 → 1; `audio` says how much
   * of the recording the stage has processed, in seconds. Decoding, segmentation and embeddings run
   * interleaved, window by window.
   */
  onProgress?: (stage: DiarizeStage, done: number, total: number, audio: AudioProgress) => void;
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
 * speaker) pair on overlap-free frames, then `diarizeFromIntermediates`. `input` is a path, the
 * file's bytes or a byte stream in any format FFmpeg decodes (WAV without FFmpeg), or 16 kHz mono
 * samples. What was odd about the input (e.g. a truncated WAV) is in the result's `warnings`.
 * Cancellable with `signal`.
 */
export async function diarize(input: AudioInput, options: DiarizeOptions = {}): Promise<DiarizationResult> {
  const uri = options.uri ?? (typeof input === 'string' ? (input.split(/[\\/]/).pop() as string).replace(/\.[^.]*$/, '') : 'audio');
  // models first, so that decoding streams straight into the networks
  const models = await loadDiarizationModels(options);
  const source = await openAudio(input);
  try {
    const result = await diarizeStream(decodedBlocks(source, options), { ...options, ...models, uri, totalSamples: source.totalSamples, duration: source.duration });
    // complete once every block was read (a truncated WAV, FFmpeg's decoding errors)
    result.warnings.push(...source.warnings);
    return result;
  } finally {
    await source.close();
  }
}

/** The source's blocks, reporting the `decoding` stage and honouring `signal` between blocks. */
async function* decodedBlocks(source: AudioSource, options: DiarizeOptions): AsyncGenerator<Float32Array> {
  let samples = 0;
  for await (const block of source) {
    if (options.signal?.aborted) throw new InferenceError('ABORTED', 'diarization aborted');
    samples += block.length;
    const seconds = samples / SAMPLE_RATE;
    options.onProgress?.('decoding', seconds, source.duration ?? 0, { processed: seconds, duration: source.duration });
    yield block;
  }
}

export interface DiarizeStreamOptions extends DiarizeOptions {
  /** Chunks held at a time (default 32: 41 s of audio). */
  windowChunks?: number;
  /** The recording's length in samples, when known (progress totals only). */
  totalSamples?: number;
  /** The recording's duration in seconds, when known or estimated (progress only). */
  duration?: number;
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
  const duration = options.duration ?? (options.totalSamples !== undefined ? options.totalSamples / SAMPLE_RATE : undefined);
  const inferred = await inferStream(blocks, segmentationModel, embeddingModel, {
    segmentationBatchSize: options.segmentationBatchSize ?? options.batchSize ?? DEFAULT_SEGMENTATION_BATCH,
    embeddingBatchSize: options.embeddingBatchSize ?? options.batchSize ?? DEFAULT_EMBEDDING_BATCH,
    windowChunks: options.windowChunks,
    totalSamples: options.totalSamples,
    signal,
    onProgress: (stage, done, total) => options.onProgress?.(stage, done, total, chunkProgress(done, duration)),
  });
  if (signal?.aborted) throw new InferenceError('ABORTED', 'diarization aborted');
  const end = chunkProgress(inferred.segmentations.chunks, duration);
  options.onProgress?.('clustering', 0, 1, end);
  const result = diarizeFromIntermediates({ segmentations: inferred.segmentations, embeddings: inferred.embeddings, uri: options.uri ?? 'audio' }, { ...options, plda });
  options.onProgress?.('clustering', 1, 1, end);
  return result;
}

/** Audio seconds covered by `done` chunks (chunk c starts at c·1 s and ends at c·1 s + 10 s), capped at the duration. */
function chunkProgress(done: number, duration: number | undefined): AudioProgress {
  const covered = done > 0 ? (done - 1) * CHUNK_STEP + CHUNK_DURATION : 0;
  return { processed: duration === undefined ? covered : Math.min(covered, duration), duration };
}
