// Stage 2 — inference: takes 16 kHz samples; gives the binarized segmentations [C, 589, 3]
// (segmentation-3.0, powerset → multilabel) and one WeSpeaker embedding per (chunk, speaker) pair
// [C, 3, 256] — pyannote SpeakerDiarization.get_segmentations and get_embeddings, on onnxruntime-node.
export { InferenceError } from '../errors';
export { SegmentationModel, DEFAULT_SEGMENTATION_BATCH } from './segmentation';
export type { RunOptions } from './segmentation';
export type { EmbedOptions, EmbeddingLoadOptions, EmbeddingMode, EmbeddingRunStats } from './embedding';
export { EmbeddingModel, DEFAULT_EMBEDDING_BATCH } from './embedding';
export { splitGraphAtInput, GraphSplitError } from './graph-split';
export type { GraphSplit, CrossingTensor } from './graph-split';
export { embeddingMask } from './masks';
export { powersetToMultilabel, POWERSET_TO_SPEAKERS } from './powerset';
export type { ModelSource, SessionOptions, ExecutionProvider } from './session';
export { defaultThreads, EXECUTION_PROVIDERS } from './session';
export { inferStream } from './streaming';
export type { StreamInferenceOptions, StreamInferenceResult } from './streaming';
export { CompactSegmentations } from './compact-segmentations';
export type { ChunkFeatureSource } from './embedding';
