// @dia/pipeline — audio → speaker turns with pyannote community-1 parity.
export { PipelineError } from './errors';
export type { Segmentations, ChunkEmbeddings, Matrix32, Matrix64, FrameScores } from './types';
export {
  SlidingWindow, chunkWindow, frameWindow, chunkCount, SAMPLE_RATE, CHUNK_DURATION, CHUNK_STEP, CHUNK_SAMPLES, STEP_SAMPLES, FRAMES_PER_CHUNK, FRAME_DURATION, FRAME_STEP,
} from './sliding-window';
export { aggregate } from './aggregate';
export type { ChunkScores, AggregateOptions } from './aggregate';
export { speakerCount } from './speaker-count';
export { filterEmbeddings } from './filter-embeddings';
export type { TrainingSet } from './filter-embeddings';
export { speakerBounds } from './speaker-bounds';
export type { SpeakerBounds, SpeakerNumberOptions } from './speaker-bounds';
export { weightedCentroids, meanCentroids } from './centroids';
export { cosineSoftClusters } from './soft-clusters';
export type { SoftClusters } from './soft-clusters';
export { constrainedArgmax, argmaxAssignment, fillInactiveSpeakers, UNASSIGNED } from './constrained-assignment';
export { vbxClustering, COMMUNITY1_CLUSTERING } from './vbx-clustering';
export type { VbxClusteringParams, ClusteringResult } from './vbx-clustering';
export { kmeansLabels } from './kmeans';
export { reconstruct, forceInactiveUnassigned } from './reconstruct';
export { toAnnotation, speakerLabels, trackName, compareTurns } from './to-annotation';
export type { ClusterTurn, ToAnnotationOptions } from './to-annotation';
export { diarizeFromIntermediates } from './diarize-from-intermediates';
export type {
  DiarizationInput, DiarizeFromIntermediatesOptions, DiarizationResult, DiarizationIntermediates, SpeakerTurn,
} from './diarize-from-intermediates';
// Re-exported so that users (and the CLI) need only this package.
export { Plda, vbx } from '@dia/vbx';
export { parseRttm, formatRttm, diarizationErrorRate } from '@dia/rttm';
export type { Annotation, RttmSegment } from '@dia/rttm';
// Front end: audio, ONNX inference, diarize().
export { AudioError, decodeWav, downmix, loadAudio } from './audio/index';
export type { DecodedAudio } from './audio/index';
export { InferenceError, SegmentationModel, EmbeddingModel, embeddingMask, powersetToMultilabel, POWERSET_TO_SPEAKERS, defaultThreads } from './inference/index';
export type { RunOptions, EmbedOptions, ModelSource, SessionOptions } from './inference/index';
export { diarize, loadDiarizationModels } from './diarize';
export type { DiarizeOptions, DiarizeStage, DiarizationModels } from './diarize';
export { MODEL_FILES, modelsDir, resolveModelPath, downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError, extractTarGzMember, ArchiveError } from './models/index';
export type { ModelFile, ModelKind, PinnedSource, DownloadOptions, FetchOptions, VerifyResult } from './models/index';
