// @dia/pipeline — audio → speaker turns with pyannote community-1 parity.
// The stages, in the order data flows (README "How it is built"): geometry → audio → inference →
// clustering → reconstruction → output, with models/ beside them and cli/ on top.
export { PipelineError, InferenceError } from './errors';
export type { Segmentations, ChunkEmbeddings, Matrix32, Matrix64, FrameScores } from './types';

export {
  SlidingWindow, chunkWindow, frameWindow, chunkCount, SAMPLE_RATE, CHUNK_DURATION, CHUNK_STEP, CHUNK_SAMPLES, STEP_SAMPLES, FRAMES_PER_CHUNK, FRAME_DURATION, FRAME_STEP,
} from './geometry/index';

export { AudioError, decodeWav, downmix, loadAudio, collectAudio, openAudio, resample, resampledLength, Resampler, sniffFormat, findFfmpeg, findFfprobe } from './audio/index';
export type { AudioErrorCode, DecodedAudio, AudioInput, AudioSource, AudioSourceInfo, OpenAudioOptions, ResampleOptions, SniffedFormat } from './audio/index';

export {
  SegmentationModel, DEFAULT_SEGMENTATION_BATCH, EmbeddingModel, DEFAULT_EMBEDDING_BATCH, embeddingMask, powersetToMultilabel, POWERSET_TO_SPEAKERS, defaultThreads, EXECUTION_PROVIDERS,
  splitGraphAtInput, GraphSplitError, inferStream, CompactSegmentations,
} from './inference/index';
export type {
  StreamInferenceOptions, StreamInferenceResult, ChunkFeatureSource, RunOptions, EmbedOptions, EmbeddingLoadOptions, EmbeddingMode, EmbeddingRunStats, ModelSource, SessionOptions, ExecutionProvider, GraphSplit, CrossingTensor,
} from './inference/index';

export {
  aggregate, speakerCount, filterEmbeddings, speakerBounds, weightedCentroids, meanCentroids, cosineSoftClusters,
  constrainedArgmax, argmaxAssignment, fillInactiveSpeakers, UNASSIGNED, vbxClustering, COMMUNITY1_CLUSTERING, kmeansLabels,
} from './clustering/index';
export type {
  ChunkScores, AggregateOptions, TrainingSet, SpeakerBounds, SpeakerNumberOptions, SoftClusters, VbxClusteringParams, ClusteringResult,
} from './clustering/index';

export { reconstruct, forceInactiveUnassigned, toAnnotation, speakerLabels, trackName, compareTurns } from './reconstruction/index';
export type { ClusterTurn, ToAnnotationOptions } from './reconstruction/index';

export { diarizeFromIntermediates } from './diarize-from-intermediates';
export type {
  DiarizationInput, DiarizeFromIntermediatesOptions, DiarizationResult, DiarizationIntermediates, SpeakerTurn,
} from './diarize-from-intermediates';
export { diarize, diarizeStream, loadDiarizationModels } from './diarize';
export type { DiarizeOptions, DiarizeStreamOptions, DiarizeStage, DiarizationModels, AudioProgress } from './diarize';

export {
  buildReport, DEFAULT_EMBED_LIMIT, parseDiarizations, pickDiarization, audioEnvelope, ReportError, formatScoreTable,
} from './output/index';
export type { ReportOptions, Diarization, AudioEnvelope, EnvelopeOptions, ScoredFile } from './output/index';

export {
  MODEL_FILES, MODEL_ENV, modelsDir, resolveModelPath, locateModel, ensureModel, isOffline, modelFetchReporter, bundledPlda, downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError,
  extractTarGzMember, ArchiveError,
} from './models/index';
export type { ModelFile, ModelKind, PinnedSource, DownloadOptions, FetchOptions, VerifyResult, ModelLocation, EnsureModelOptions, ModelFetchEvent } from './models/index';

// Re-exported so that users (and the CLI) need only this package.
export { Plda, vbx } from '@dia/vbx';
export { parseRttm, formatRttm, diarizationErrorRate } from '@dia/rttm';
export type { Annotation, RttmSegment } from '@dia/rttm';
