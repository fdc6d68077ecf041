import { describe, expect, it } from 'vitest';
import { pldaDir } from '@dia/fixtures';
import { Plda } from '@dia/vbx';
import { diarizeFromIntermediates } from '../src/diarize-from-intermediates';
import { PipelineError } from '../src/errors';
import { loadIntermediates } from './helpers';

const plda = Plda.fromDirectory(pldaDir());

function silent(chunks: number) {
  return {
    segmentations: { data: new Float32Array(chunks * 589 * 3), chunks, frames: 589, speakers: 3 },
    embeddings: { data: new Float32Array(chunks * 3 * 256).fill(0.1), chunks, speakers: 3, dim: 256 },
  };
}

describe('diarizeFromIntermediates input handling', () => {
  it('all-silent segmentations give an empty diarization, not a crash (pyannote early exit)', () => {
    const r = diarizeFromIntermediates({ ...silent(5), uri: 'quiet' }, { plda, returnIntermediates: true });
    expect(r.segments).toEqual([]);
    expect(r.speakers).toEqual([]);
    expect(r.rttm()).toBe('');
    expect(r.speakerEmbeddings.rows).toBe(0);
    expect(r.intermediates?.clustering).toBeUndefined();
  });

  it('zero-length audio (one all-zero padded chunk) gives an empty diarization', () => {
    expect(diarizeFromIntermediates(silent(1), { plda }).segments).toEqual([]);
  });

  it('mismatched chunk counts between segmentations and embeddings are a SHAPE_MISMATCH error', () => {
    const a = silent(4);
    const b = silent(3);
    const err = (() => { try { diarizeFromIntermediates({ segmentations: a.segmentations, embeddings: b.embeddings }, { plda }); } catch (e) { return e; } })();
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).code).toBe('SHAPE_MISMATCH');
    expect((err as Error).message).toMatch(/4 chunks but embeddings have 3/);
  });

  it('non-binary segmentations and wrong data lengths are rejected', () => {
    const a = silent(2);
    a.segmentations.data[7] = 0.5;
    expect(() => diarizeFromIntermediates(a, { plda })).toThrow(/binary 0\/1/);
    const b = silent(2);
    expect(() => diarizeFromIntermediates({ ...b, embeddings: { ...b.embeddings, dim: 255 } }, { plda })).toThrow(/expected 2×3×255/);
  });

  it('invalid speaker options are rejected', () => {
    expect(() => diarizeFromIntermediates(silent(2), { plda, minSpeakers: 3, maxSpeakers: 2 })).toThrow(/minSpeakers must be smaller/);
  });

  it('NaN embeddings of active speakers are excluded from training (pyannote filter_embeddings) and still diarize', () => {
    const { segmentations, embeddings } = loadIntermediates('02');
    const clean = diarizeFromIntermediates({ segmentations, embeddings }, { plda, returnIntermediates: true });
    const train = clean.intermediates?.clustering?.train;
    expect(train && train.chunkIdx.length).toBeGreaterThan(5);
    // poison the embedding of one trained pair
    const data = Float32Array.from(embeddings.data);
    const c = (train as { chunkIdx: Int32Array }).chunkIdx[3];
    const s = (train as { speakerIdx: Int32Array }).speakerIdx[3];
    data.fill(NaN, (c * 3 + s) * 256, (c * 3 + s + 1) * 256);
    const r = diarizeFromIntermediates({ segmentations, embeddings: { ...embeddings, data } }, { plda, returnIntermediates: true });
    expect(r.intermediates?.clustering?.train.chunkIdx.length).toBe((train as { chunkIdx: Int32Array }).chunkIdx.length - 1);
    expect(r.speakers.length).toBeGreaterThan(0);
    for (const t of r.segments) expect(Number.isFinite(t.start) && Number.isFinite(t.end)).toBe(true);
  });

  it('numSpeakers forces the K-means branch and yields that many speakers (fixture 02 has 2; ask for 3)', () => {
    const { segmentations, embeddings } = loadIntermediates('02');
    const r = diarizeFromIntermediates({ segmentations, embeddings }, { plda, numSpeakers: 3, returnIntermediates: true });
    expect(r.intermediates?.clustering?.usedKMeans).toBe(true);
    expect(r.intermediates?.clustering?.centroids.rows).toBe(3);
    const auto = diarizeFromIntermediates({ segmentations, embeddings }, { plda, numSpeakers: 2, returnIntermediates: true });
    expect(auto.intermediates?.clustering?.usedKMeans).toBe(false);
    expect(auto.rttm()).toBe(diarizeFromIntermediates({ segmentations, embeddings }, { plda }).rttm());
  });

  it('maxSpeakers caps the speaker count per frame and the number of clusters', () => {
    const { segmentations, embeddings } = loadIntermediates('10');
    const r = diarizeFromIntermediates({ segmentations, embeddings }, { plda, maxSpeakers: 3, returnIntermediates: true });
    expect(r.speakers.length).toBeLessThanOrEqual(3);
    expect(Math.max(...(r.intermediates?.discreteDiarization ? sumRows(r.intermediates.discreteDiarization) : [0]))).toBeLessThanOrEqual(3);
  });
});

function sumRows(d: { data: Float32Array; frames: number; classes: number }): number[] {
  const out: number[] = [];
  for (let t = 0; t < d.frames; t++) {
    let s = 0;
    for (let k = 0; k < d.classes; k++) s += d.data[t * d.classes + k];
    out.push(s);
  }
  return out;
}
