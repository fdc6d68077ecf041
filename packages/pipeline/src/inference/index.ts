// Stage 2 — inference: takes 16 kHz samples; gives the binarized segmentations [C, 589, 3]
// (segmentation-3.0, powerset → multilabel) and one WeSpeaker embedding per (chunk, speaker) pair
// [C, 3, 256] — pyannote SpeakerDiarization.get_segmentations and get_embeddings, on onnxruntime-node.
export { InferenceError } from '../errors';
export { SegmentationModel } from './segmentation';
export type { RunOptions } from './segmentation';
export type { EmbedOptions } from './embedding';
export { EmbeddingModel } from './embedding';
export { embeddingMask } from './masks';
export { powersetToMultilabel, POWERSET_TO_SPEAKERS } from './powerset';
export type { ModelSource, SessionOptions } from './session';
export { defaultThreads } from './session';
