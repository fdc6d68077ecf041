// Loads a fixture's captured pyannote intermediates into the pipeline's shapes.
import { fixture, member, toFloat32, toFloat64, toInt32, type Fixture } from '@dia/fixtures';
import type { ChunkEmbeddings, Segmentations } from '../src/types';

export interface CapturedIntermediates {
  fx: Fixture;
  segmentations: Segmentations;
  embeddings: ChunkEmbeddings;
}

export function loadIntermediates(name: string): CapturedIntermediates {
  const fx = fixture(name);
  const seg = member(fx.npz('segmentations.npz'), 'segmentations');
  const emb = member(fx.npz('raw_embeddings.npz'), 'embeddings');
  return {
    fx,
    segmentations: { data: toFloat32(seg), chunks: seg.shape[0], frames: seg.shape[1], speakers: seg.shape[2] },
    embeddings: { data: toFloat32(emb), chunks: emb.shape[0], speakers: emb.shape[1], dim: emb.shape[2] },
  };
}

export { member, toFloat32, toFloat64, toInt32 };
