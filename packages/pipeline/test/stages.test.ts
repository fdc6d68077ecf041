import { describe, expect, it } from 'vitest';
import { fixturesWithIntermediates } from '@dia/fixtures';
import { aggregate } from '../src/clustering/aggregate';
import { speakerCount } from '../src/clustering/speaker-count';
import { chunkCount, frameWindow, SlidingWindow } from '../src/geometry/sliding-window';
import { rint } from '../src/geometry/rint';
import { forceInactiveUnassigned, reconstruct } from '../src/reconstruction/reconstruct';
import { filterEmbeddings } from '../src/clustering/filter-embeddings';
import { speakerBounds } from '../src/clustering/speaker-bounds';
import { trackName, sortLabelsAsStrings, toAnnotation, speakerLabels } from '../src/reconstruction/to-annotation';
import { loadIntermediates, member, toFloat64, toInt32 } from './helpers';

const FIXTURES = fixturesWithIntermediates().map((f) => f.name);

describe('sliding-window geometry', () => {
  it('rint rounds half to even like np.rint', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999, 2.5001].map(rint)).toEqual([0, 2, 2, 0, -2, 2, 3]);
  });
  it('chunk count follows Inference.slide (full windows + padded last chunk)', () => {
    expect(chunkCount(0)).toBe(1);
    expect(chunkCount(160_000)).toBe(1);
    expect(chunkCount(160_001)).toBe(2);
    expect(chunkCount(176_000)).toBe(2);
    expect(chunkCount(480_000)).toBe(21); // fixture 02 (30 s)
    expect(chunkCount(639_573)).toBe(31); // fixture 04
  });
  it('closest frame and middles follow pyannote.core', () => {
    const w = new SlidingWindow(0, 0.0619375, 0.016875);
    expect(w.closestFrame(1.0 + 0.5 * 0.0619375)).toBe(59);
    expect(frameWindow.middle(0)).toBe(0.5 * (0 + 0.0619375));
  });
});

describe('aggregate', () => {
  it('averages overlapping chunks, ignores NaN and fills uncovered frames with `missing`', () => {
    const chunks = new SlidingWindow(0, 2, 1);
    const frames = new SlidingWindow(0, 1, 1);
    // two chunks of 2 frames each overlapping on output frame 1
    const data = new Float32Array([1, 3, NaN, 5]);
    const avg = aggregate({ data, chunks: 2, frames: 2, classes: 1 }, { skipAverage: false, missing: -1, chunks, frames });
    expect(Array.from(avg.data)).toEqual([1, 3, 5, -1]);
    const sum = aggregate({ data: new Float32Array([1, 3, 2, 5]), chunks: 2, frames: 2, classes: 1 }, { skipAverage: true, missing: 0, chunks, frames });
    expect(Array.from(sum.data)).toEqual([1, 5, 5, 0]);
  });
});

describe.each(FIXTURES)('stage parity on fixture %s (captured intermediates)', (name) => {
  const { fx, segmentations, embeddings } = loadIntermediates(name);
  const rec = fx.npz('reconstruction.npz');

  it('speaker count equals reconstruction.npz/count exactly', () => {
    const expected = member(rec, 'count');
    const got = speakerCount(segmentations);
    expect(got.length).toBe(expected.shape[0]);
    let diff = 0;
    for (let i = 0; i < got.length; i++) if (got[i] !== Number(expected.data[i])) diff++;
    console.log(`${name}: count frames ${got.length}, differing ${diff}`);
    expect(diff).toBe(0);
  });

  it('filter_embeddings keeps exactly the captured train pairs', () => {
    const plda = fx.npz('plda_embeddings.npz');
    const train = filterEmbeddings(embeddings, segmentations);
    expect(Array.from(train.chunkIdx)).toEqual(Array.from(toInt32(member(plda, 'train_chunk_idx'))));
    expect(Array.from(train.speakerIdx)).toEqual(Array.from(toInt32(member(plda, 'train_speaker_idx'))));
  });

  it('reconstruction from captured hard clusters equals discrete_diarization exactly', () => {
    const hard = Int8Array.from(toInt32(member(fx.npz('clustering.npz'), 'hard_clusters')));
    const count = speakerCount(segmentations);
    const discrete = reconstruct(segmentations, forceInactiveUnassigned(hard, segmentations), count);
    const expected = member(rec, 'discrete_diarization');
    expect([discrete.frames, discrete.classes]).toEqual(expected.shape);
    const e = toFloat64(expected);
    let diff = 0;
    for (let i = 0; i < e.length; i++) if (discrete.data[i] !== e[i]) diff++;
    console.log(`${name}: discrete diarization ${discrete.frames}×${discrete.classes}, differing cells ${diff}`);
    expect(diff).toBe(0);
  });
});

describe('speaker bounds (pyannote set_num_speakers)', () => {
  it('derives min/max/num like pyannote', () => {
    expect(speakerBounds({})).toEqual({ numSpeakers: undefined, minSpeakers: 1, maxSpeakers: Infinity });
    expect(speakerBounds({ numSpeakers: 3, minSpeakers: 1, maxSpeakers: 9 })).toEqual({ numSpeakers: 3, minSpeakers: 3, maxSpeakers: 3 });
    expect(speakerBounds({ minSpeakers: 2, maxSpeakers: 2 })).toEqual({ numSpeakers: 2, minSpeakers: 2, maxSpeakers: 2 });
    expect(() => speakerBounds({ minSpeakers: 4, maxSpeakers: 2 })).toThrow(/minSpeakers must be smaller/);
    expect(() => speakerBounds({ numSpeakers: 1.5 })).toThrow(/positive integer/);
  });
});

describe('annotation', () => {
  it('track names follow pyannote.core string_generator', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(trackName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
  it('labels sort as decimal strings (pyannote Annotation.labels)', () => {
    expect(sortLabelsAsStrings([0, 1, 2, 10, 11, 3])).toEqual([0, 1, 10, 11, 2, 3]);
    const turns = [0, 1, 2, 10, 11].map((k, i) => ({ start: i, end: i + 1, cluster: k, track: trackName(k) }));
    expect([...speakerLabels(turns).entries()]).toEqual([[0, 'SPEAKER_00'], [1, 'SPEAKER_01'], [10, 'SPEAKER_02'], [11, 'SPEAKER_03'], [2, 'SPEAKER_04']]);
  });
  it('binarizes at frame middles, drops nothing shorter unless asked, and merges gaps with minDurationOff', () => {
    const frames = new SlidingWindow(0, 1, 1); // middles 0.5, 1.5, ...
    const col = [1, 1, 0, 1, 0, 0, 1];
    const discrete = { data: Float32Array.from(col), frames: col.length, classes: 1 };
    expect(toAnnotation(discrete, { frames }).map((t) => [t.start, t.end, t.track])).toEqual([[0.5, 2.5, 'A'], [3.5, 4.5, 'A'], [6.5, 6.5, 'A']].filter((t) => (t[1] as number) - (t[0] as number) > 1e-6));
    expect(toAnnotation(discrete, { frames, minDurationOff: 1.5 }).map((t) => [t.start, t.end])).toEqual([[0.5, 4.5]]);
    expect(toAnnotation(discrete, { frames, minDurationOn: 1.5 }).map((t) => [t.start, t.end])).toEqual([[0.5, 2.5]]);
  });
});
