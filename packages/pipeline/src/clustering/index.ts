// Stage 3 — clustering: takes the binarized segmentations [C, 589, 3] and the raw embeddings
// [C, 3, 256]; gives the per-frame speaker count and, for every (chunk, local speaker) pair, its
// global cluster (hard clusters [C, 3]) with the centroids — pyannote SpeakerDiarization.speaker_count
// and VBxClustering.__call__ (filter_embeddings → AHC → PLDA + VBx → centroids → constrained assignment).
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
