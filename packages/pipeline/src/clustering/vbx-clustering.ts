// The community-1 clustering step (pyannote.audio `VBxClustering.__call__`), composed from
// @dia/ahc (AHC initialisation), @dia/vbx (PLDA + VBx) and @dia/lsap (constrained assignment).
import { ahcInit } from '@dia/ahc';
import { vbx, type Plda } from '@dia/vbx';
import { filterEmbeddings, type TrainingSet } from './filter-embeddings';
import { meanCentroids, weightedCentroids } from './centroids';
import { cosineSoftClusters, type SoftClusters } from './soft-clusters';
import { argmaxAssignment, constrainedArgmax, fillInactiveSpeakers } from './constrained-assignment';
import { kmeansLabels } from './kmeans';
import type { SpeakerBounds } from './speaker-bounds';
import type { ChunkEmbeddings, Matrix64, Segmentations } from '../types';

/** community-1 clustering hyper-parameters (`params.clustering` of its config.yaml). */
export interface VbxClusteringParams {
  threshold: number;
  fa: number;
  fb: number;
  maxIters: number;
}

export const COMMUNITY1_CLUSTERING: VbxClusteringParams = { threshold: 0.6, fa: 0.07, fb: 0.8, maxIters: 20 };

export interface ClusteringResult {
  /** `[chunks][speakers]` global cluster of each local speaker, −2 when unassigned (before inactive forcing). */
  hardClusters: Int8Array;
  softClusters: SoftClusters;
  centroids: Matrix64;
  train: TrainingSet;
  /** AHC labels of the train embeddings (empty when fewer than 2 were kept). */
  ahcLabels: Int32Array;
  /** VBx responsibilities and priors, when VBx ran. */
  vbx?: { q: Matrix64; sp: Float64Array; elbo: number[] };
  /** Whether the K-means branch replaced the VBx clusters (speaker-number constraints). */
  usedKMeans: boolean;
}

/**
 * pyannote `VBxClustering.__call__` with constrained assignment: filter the train embeddings, AHC
 * on their L2-normalised copies, PLDA + VBx, centroids of the clusters VBx keeps (`sp > 1e-7`),
 * K-means instead when the speaker bounds demand another number, cosine soft scores for every pair,
 * then per-chunk constrained assignment (or plain argmax after K-means).
 */
export function vbxClustering(
  embeddings: ChunkEmbeddings,
  segmentations: Segmentations,
  plda: Plda,
  bounds: SpeakerBounds,
  params: VbxClusteringParams = COMMUNITY1_CLUSTERING,
): ClusteringResult {
  const train = filterEmbeddings(embeddings, segmentations);
  const { chunks, speakers } = embeddings;
  if (train.embeddings.rows < 2) {
    // pyannote: "do NOT apply clustering when the number of training embeddings is less than 2"
    const centroids = meanCentroids(train.embeddings, new Int32Array(train.embeddings.rows), 1);
    return {
      hardClusters: new Int8Array(chunks * speakers),
      softClusters: { data: new Float64Array(chunks * speakers).fill(1), chunks, speakers, clusters: 1 },
      centroids,
      train,
      ahcLabels: new Int32Array(0),
      usedKMeans: false,
    };
  }
  const ahcLabels = ahcInit(train.embeddings, params.threshold);
  const features = plda.transform(train.embeddings);
  const state = vbx(features, plda.phi, { ahcLabels, fa: params.fa, fb: params.fb, maxIters: params.maxIters });
  let { centroids } = weightedCentroids(state.q, state.sp, train.embeddings);

  let target = bounds.numSpeakers;
  const auto = centroids.rows;
  if (auto < bounds.minSpeakers) target = bounds.minSpeakers;
  else if (auto > bounds.maxSpeakers) target = bounds.maxSpeakers;
  const usedKMeans = target !== undefined && target !== auto;
  if (usedKMeans) {
    const labels = kmeansLabels(train.embeddings, target as number);
    centroids = meanCentroids(train.embeddings, labels, target as number);
  }

  const soft = cosineSoftClusters(embeddings, centroids);
  let hardClusters: Int8Array;
  if (usedKMeans) {
    hardClusters = argmaxAssignment(soft);
  } else {
    fillInactiveSpeakers(soft, segmentations);
    hardClusters = constrainedArgmax(soft);
  }
  return { hardClusters, softClusters: soft, centroids, train, ahcLabels, vbx: state, usedKMeans };
}
