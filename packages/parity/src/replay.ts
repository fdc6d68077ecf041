// Replays a parity fixture's captured segmentations and embeddings through the dia back end and
// compares every stage with pyannote's captured intermediates.
import { fixture, member, pldaDir, toFloat32, toFloat64, toInt32, type Fixture } from '@dia/fixtures';
import { diarizationErrorRate, diarizeFromIntermediates, parseRttm, Plda, type DiarizationResult } from '@dia/pipeline';
import { deviation, type Deviation } from './compare';

/** One compared stage: name, deviation, the tolerance it must meet, and whether it did. */
export interface StageCheck {
  stage: string;
  deviation: Deviation;
  /** Maximum allowed absolute deviation (0 = exact). */
  tolerance: number;
  /** Extra relative tolerance used for the ELBO trajectory. */
  relTolerance?: number;
  ok: boolean;
}

export interface ReplayOutcome {
  name: string;
  result: DiarizationResult;
  rttm: string;
  referenceRttm: string;
  stages: StageCheck[];
  /** First stage (in pipeline order) that misses its tolerance, or undefined. */
  firstDrift: string | undefined;
  der: number;
  rttmIdentical: boolean;
  milliseconds: number;
}

let plda: Plda | undefined;
/** The community-1 PLDA from ../shared/models/plda (or DIA_PLDA_DIR). */
export function sharedPlda(): Plda {
  plda ??= Plda.fromDirectory(pldaDir());
  return plda;
}

function check(stage: string, ours: ArrayLike<number>, theirs: ArrayLike<number>, tolerance: number, relTolerance?: number): StageCheck {
  const d = deviation(ours, theirs);
  const ok = relTolerance !== undefined ? d.length !== Infinity && d.maxRel <= relTolerance && d.maxAbs !== Infinity : d.maxAbs <= tolerance;
  return { stage, deviation: d, tolerance, relTolerance, ok };
}

/** Replays fixture `name` (which must have intermediates) and checks every stage. */
export function replayFixture(name: string): ReplayOutcome {
  const fx: Fixture = fixture(name);
  const seg = member(fx.npz('segmentations.npz'), 'segmentations');
  const emb = member(fx.npz('raw_embeddings.npz'), 'embeddings');
  const referenceRttm = fx.referenceRttm();
  const uri = parseRttm(referenceRttm)[0]?.uri ?? 'clip_16k';
  const started = performance.now();
  const result = diarizeFromIntermediates(
    {
      segmentations: { data: toFloat32(seg), chunks: seg.shape[0], frames: seg.shape[1], speakers: seg.shape[2] },
      embeddings: { data: toFloat32(emb), chunks: emb.shape[0], speakers: emb.shape[1], dim: emb.shape[2] },
      uri,
    },
    { plda: sharedPlda(), returnIntermediates: true },
  );
  const rttm = result.rttm();
  const milliseconds = performance.now() - started;

  const inter = result.intermediates;
  const clustering = inter?.clustering;
  const stages: StageCheck[] = [];
  const rec = fx.npz('reconstruction.npz');
  stages.push(check('count', inter?.count ?? [], toFloat64(member(rec, 'count')), 0));
  if (clustering) {
    const plda = fx.npz('plda_embeddings.npz');
    stages.push(check('train pairs', [...clustering.train.chunkIdx, ...clustering.train.speakerIdx], [...toInt32(member(plda, 'train_chunk_idx')), ...toInt32(member(plda, 'train_speaker_idx'))], 0));
    stages.push(check('ahc labels', clustering.ahcLabels, toInt32(fx.npy('ahc_init_labels.npy')), 0));
    const vbx = fx.npz('vbx_state.npz');
    if (clustering.vbx) {
      stages.push(check('vbx q_final', clustering.vbx.q.data, toFloat64(member(vbx, 'q_final')), 1e-9));
      stages.push(check('vbx sp_final', clustering.vbx.sp, toFloat64(member(vbx, 'sp_final')), 1e-9));
      stages.push(check('vbx elbo', clustering.vbx.elbo, toFloat64(member(vbx, 'elbo_trajectory')), 0, 1e-7));
    }
    const cl = fx.npz('clustering.npz');
    stages.push(check('centroids', clustering.centroids.data, toFloat64(member(cl, 'centroids')), 1e-9));
    stages.push(check('soft clusters', clustering.softClusters.data, toFloat64(member(cl, 'soft_clusters')), 1e-12));
    stages.push(check('hard clusters', clustering.hardClusters, toInt32(member(cl, 'hard_clusters')), 0));
  }
  stages.push(check('discrete diarization', inter?.discreteDiarization?.data ?? [], toFloat64(member(rec, 'discrete_diarization')), 0));
  const refLines = referenceRttm.split('\n').filter((l) => l.trim());
  const ourLines = rttm.split('\n').filter((l) => l.trim());
  const rttmIdentical = rttm === referenceRttm;
  const lineMatches = refLines.map((l, i) => (ourLines[i] === l ? 1 : 0));
  stages.push({ stage: 'rttm', deviation: { maxAbs: rttmIdentical ? 0 : Infinity, maxRel: 0, differing: lineMatches.filter((m) => !m).length + Math.max(0, ourLines.length - refLines.length), length: refLines.length }, tolerance: 0, ok: rttmIdentical });
  const der = diarizationErrorRate(parseRttm(referenceRttm)[0], parseRttm(rttm)[0] ?? { uri, segments: [] }).der;
  const firstDrift = stages.find((s) => !s.ok)?.stage;
  return { name: fx.name, result, rttm, referenceRttm, stages, firstDrift, der, rttmIdentical, milliseconds };
}
