// The diarization back end: from per-chunk segmentations and embeddings to speaker turns,
// composed as pyannote.audio 4.0.4 `SpeakerDiarization.apply` does after its two neural networks.
import { formatRttm, type Annotation, type RttmSegment } from '@dia/rttm';
import type { Plda } from '@dia/vbx';
import { PipelineError } from './errors';
import { speakerCount } from './clustering/speaker-count';
import { speakerBounds, type SpeakerNumberOptions } from './clustering/speaker-bounds';
import { vbxClustering, COMMUNITY1_CLUSTERING, type ClusteringResult, type VbxClusteringParams } from './clustering/vbx-clustering';
import { forceInactiveUnassigned, reconstruct } from './reconstruction/reconstruct';
import { speakerLabels, toAnnotation, type ClusterTurn } from './reconstruction/to-annotation';
import type { ChunkEmbeddings, FrameScores, Matrix64, Segmentations } from './types';

export interface DiarizationInput {
  /** Binarized per-chunk segmentation `[chunks][589][3]` (pyannote's `segmentations`). */
  segmentations: Segmentations;
  /** Raw embeddings of every (chunk, local speaker) pair `[chunks][3][256]`. */
  embeddings: ChunkEmbeddings;
  /** RTTM file id. Default `"audio"`. */
  uri?: string;
}

export interface DiarizeFromIntermediatesOptions extends SpeakerNumberOptions {
  /** The community-1 PLDA (`Plda.fromDirectory(...)` from @dia/vbx). */
  plda: Plda;
  /** Merge same-speaker turns closer than this (community-1: 0). */
  minDurationOff?: number;
  /** Clustering hyper-parameters (community-1 defaults). */
  clustering?: VbxClusteringParams;
  /** Also return every intermediate array (for debugging and parity checks). */
  returnIntermediates?: boolean;
}

/** A speaker turn. */
export interface SpeakerTurn {
  start: number;
  end: number;
  speaker: string;
}

export interface DiarizationIntermediates {
  count: Uint8Array;
  clustering?: ClusteringResult;
  /** Hard clusters after inactive speakers were forced to −2. */
  hardClusters?: Int8Array;
  discreteDiarization?: FrameScores;
  exclusiveDiscreteDiarization?: FrameScores;
}

export interface DiarizationResult {
  uri: string;
  /** Speaker turns in pyannote's order (start, end, track). Turns of different speakers may overlap. */
  segments: SpeakerTurn[];
  /** Labels in order: SPEAKER_00, SPEAKER_01, … */
  speakers: string[];
  /** The same turns as an RTTM annotation (@dia/rttm). */
  annotation: Annotation;
  /** pyannote's `exclusive_speaker_diarization`: at most one speaker at a time. */
  exclusiveAnnotation: Annotation;
  /** One embedding per speaker, in `speakers` order (zero rows for speakers without a centroid). */
  speakerEmbeddings: Matrix64;
  /** The same as `speakerEmbeddings` (pyannote's `speaker_embeddings`). */
  embeddings: Matrix64;
  /** The RTTM text pyannote would write. */
  rttm(uri?: string): string;
  /** Exclusive turns. */
  exclusive(): SpeakerTurn[];
  intermediates?: DiarizationIntermediates;
  /** What was odd about the input, e.g. a truncated WAV decoded as far as present (empty when nothing was). */
  warnings: string[];
}

function validate(input: DiarizationInput): void {
  const { segmentations: seg, embeddings: emb } = input;
  if (seg.data.length !== seg.chunks * seg.frames * seg.speakers) {
    throw new PipelineError('SHAPE_MISMATCH', `segmentations hold ${seg.data.length} values, expected ${seg.chunks}×${seg.frames}×${seg.speakers}`);
  }
  if (emb.data.length !== emb.chunks * emb.speakers * emb.dim) {
    throw new PipelineError('SHAPE_MISMATCH', `embeddings hold ${emb.data.length} values, expected ${emb.chunks}×${emb.speakers}×${emb.dim}`);
  }
  if (seg.chunks !== emb.chunks) throw new PipelineError('SHAPE_MISMATCH', `segmentations have ${seg.chunks} chunks but embeddings have ${emb.chunks}`);
  if (seg.speakers !== emb.speakers) throw new PipelineError('SHAPE_MISMATCH', `segmentations have ${seg.speakers} local speakers but embeddings have ${emb.speakers}`);
  if (seg.chunks === 0) throw new PipelineError('INVALID_INPUT', 'no chunks: pyannote always produces at least one (zero-padded) chunk');
  for (let i = 0; i < seg.data.length; i++) {
    const v = seg.data[i];
    if (v !== 0 && v !== 1) throw new PipelineError('INVALID_INPUT', `segmentations must be binary 0/1 (found ${v} at index ${i})`);
  }
}

function toRttmAnnotation(uri: string, turns: ClusterTurn[], labels: Map<number, string>): Annotation {
  const segments: RttmSegment[] = turns.map((t) => ({
    start: t.start,
    end: t.end,
    duration: t.end - t.start,
    speaker: labels.get(t.cluster) ?? String(t.cluster),
    channel: 1,
    track: t.track,
  }));
  return { uri, segments };
}

/**
 * Diarization from pyannote's intermediate outputs ("bring your own segmentations/embeddings"):
 * speaker counting, VBx clustering (AHC init, PLDA, VBx, centroids, constrained assignment),
 * reconstruction, binarization and labelling exactly as pyannote.audio 4.0.4's
 * `SpeakerDiarization.apply` with the community-1 configuration.
 */
export function diarizeFromIntermediates(input: DiarizationInput, options: DiarizeFromIntermediatesOptions): DiarizationResult {
  validate(input);
  const uri = input.uri ?? 'audio';
  const bounds = speakerBounds(options);
  const { segmentations, embeddings } = input;
  const count = speakerCount(segmentations);
  const intermediates: DiarizationIntermediates = { count };

  let maxCount = 0;
  for (let t = 0; t < count.length; t++) maxCount = Math.max(maxCount, count[t]);
  if (maxCount === 0) {
    // pyannote: "exit early when no speaker is ever active"
    const empty: Annotation = { uri, segments: [] };
    return result(uri, [], new Map(), empty, empty, { data: new Float64Array(0), rows: 0, cols: embeddings.dim }, options.returnIntermediates ? intermediates : undefined);
  }

  const clustering = vbxClustering(embeddings, segmentations, options.plda, bounds, options.clustering ?? COMMUNITY1_CLUSTERING);
  // count is capped by max_speakers after clustering (int8 in pyannote)
  const capped = Uint8Array.from(count, (c) => Math.min(c, bounds.maxSpeakers));
  const hard = forceInactiveUnassigned(clustering.hardClusters, segmentations);
  const discrete = reconstruct(segmentations, hard, capped);
  const turnOptions = { minDurationOn: 0, minDurationOff: options.minDurationOff ?? 0 };
  const turns = toAnnotation(discrete, turnOptions);
  const exclusiveDiscrete = reconstruct(segmentations, hard, Uint8Array.from(capped, (c) => Math.min(c, 1)));
  const exclusiveTurns = toAnnotation(exclusiveDiscrete, turnOptions);
  const labels = speakerLabels(turns);
  const annotation = toRttmAnnotation(uri, turns, labels);
  const exclusiveAnnotation = toRttmAnnotation(uri, exclusiveTurns, labels);

  // centroids reordered to label order; zero rows for speakers beyond the centroids (phantoms)
  const D = clustering.centroids.cols;
  const ordered = [...labels.entries()].sort((a, b) => (a[1] < b[1] ? -1 : 1));
  const speakerEmbeddings = new Float64Array(ordered.length * D);
  ordered.forEach(([cluster], i) => {
    if (cluster < clustering.centroids.rows) speakerEmbeddings.set(clustering.centroids.data.subarray(cluster * D, (cluster + 1) * D), i * D);
  });

  if (options.returnIntermediates) {
    Object.assign(intermediates, { clustering, hardClusters: hard, discreteDiarization: discrete, exclusiveDiscreteDiarization: exclusiveDiscrete });
  }
  return result(uri, turns, labels, annotation, exclusiveAnnotation, { data: speakerEmbeddings, rows: ordered.length, cols: D }, options.returnIntermediates ? intermediates : undefined);
}

function result(
  uri: string,
  turns: ClusterTurn[],
  labels: Map<number, string>,
  annotation: Annotation,
  exclusiveAnnotation: Annotation,
  speakerEmbeddings: Matrix64,
  intermediates: DiarizationIntermediates | undefined,
): DiarizationResult {
  const toTurns = (a: Annotation): SpeakerTurn[] => a.segments.map((s) => ({ start: s.start, end: s.end, speaker: s.speaker }));
  return {
    uri,
    segments: toTurns(annotation),
    speakers: [...new Set(turns.map((t) => labels.get(t.cluster) as string))].sort(),
    annotation,
    exclusiveAnnotation,
    speakerEmbeddings,
    embeddings: speakerEmbeddings,
    rttm: (u?: string) => formatRttm(u === undefined ? annotation : { ...annotation, uri: u }),
    exclusive: () => toTurns(exclusiveAnnotation),
    intermediates,
    warnings: [],
  };
}
