// diarize(): audio → speaker turns with the community-1 pipeline (segmentation → embeddings → back end).
import { Plda } from '@dia/vbx';
import { collectAudio } from './audio/load';
import { openAudio, type AudioInput } from './audio/source';
import { diarizeFromIntermediates, type DiarizationResult } from './diarize-from-intermediates';
import { EmbeddingModel } from './inference/embedding';
import { InferenceError } from './errors';
import { ensureModel, type EnsureModelOptions } from './models/first-use';
import type { ModelKind } from './models/registry';
import { SAMPLE_RATE } from './geometry/sliding-window';
import { SegmentationModel } from './inference/segmentation';
import type { ModelSource, SessionOptions } from './inference/session';
import type { SpeakerNumberOptions } from './clustering/speaker-bounds';

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
  /** Chunks (segmentation) and pairs (embedding) per ONNX run. Default 32, as community-1. */
  batchSize?: number;
  session?: SessionOptions;
  /**
   * Progress per stage: `decoding` counts seconds of audio read (`total` is the duration, or 0 while
   * it is unknown), `segmentation` chunks, `embeddings` (chunk, speaker) pairs, `clustering` 0 → 1;
   * `audio` says how much of the recording the stage has processed, in seconds.
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
export async function loadDiarizationModels(options: Pick<DiarizeOptions, 'segmentationModel' | 'embeddingModel' | 'plda' | 'session' | 'offline' | 'onModelFetch' | 'modelFiles' | 'signal'> = {}): Promise<DiarizationModels> {
  const ensure = (kind: ModelKind) => ensureModel(kind, options);
  const segmentationModel = options.segmentationModel instanceof SegmentationModel ? options.segmentationModel : await SegmentationModel.load(options.segmentationModel ?? (await ensure('segmentation')), options.session);
  const embeddingModel = options.embeddingModel instanceof EmbeddingModel ? options.embeddingModel : await EmbeddingModel.load(options.embeddingModel ?? (await ensure('embedding')), options.session);
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
  const aborted = () => new InferenceError('ABORTED', 'diarization aborted');
  const source = await openAudio(input);
  let samples: Float32Array;
  try {
    samples = await collectAudio(source, (seconds) => {
      if (options.signal?.aborted) throw aborted();
      options.onProgress?.('decoding', seconds, source.duration ?? 0, { processed: seconds, duration: source.duration });
    });
  } finally {
    await source.close();
  }
  const duration = samples.length / SAMPLE_RATE;
  const report = (stage: DiarizeStage) => (done: number, total: number) => options.onProgress?.(stage, done, total, { processed: total > 0 ? (duration * done) / total : duration, duration });
  const uri = options.uri ?? (typeof input === 'string' ? (input.split(/[\\/]/).pop() as string).replace(/\.[^.]*$/, '') : 'audio');
  const { segmentationModel: seg, embeddingModel: emb, plda } = await loadDiarizationModels(options);
  const run = { batchSize: options.batchSize, signal: options.signal };
  const segmentations = await seg.segment(samples, { ...run, onProgress: report('segmentation') });
  const embeddings = await emb.embed(samples, segmentations, { ...run, onProgress: report('embeddings') });
  if (options.signal?.aborted) throw aborted();
  report('clustering')(0, 1);
  const result = diarizeFromIntermediates({ segmentations, embeddings, uri }, { ...options, plda });
  result.warnings.push(...source.warnings);
  report('clustering')(1, 1);
  return result;
}
