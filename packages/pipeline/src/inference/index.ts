export { InferenceError } from './errors';
export { SegmentationModel } from './segmentation';
export type { RunOptions } from './segmentation';
export type { EmbedOptions } from './embedding';
export { EmbeddingModel } from './embedding';
export { embeddingMask } from './masks';
export { powersetToMultilabel, POWERSET_TO_SPEAKERS } from './powerset';
export type { ModelSource, SessionOptions } from './session';
export { defaultThreads } from './session';
