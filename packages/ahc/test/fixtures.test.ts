import { describe, expect, it } from 'vitest';
import { fixture, fixturesWithIntermediates, member, scalar, toInt32 } from '@dia/fixtures';
import { AhcError, ahcInit, fcluster, l2NormalizeRowsF32, linkage, linkageMemoryBytes } from '../src/index';
import { assertLinkageFits } from '../src/memory';

describe.each(fixturesWithIntermediates().map((f) => f.name))('pyannote AHC initialisation on %s', (name) => {
  it('labels equal ahc_init_labels.npy exactly (np.unique numbering)', () => {
    const fx = fixture(name);
    const train = fx.trainEmbeddings();
    const threshold = scalar(member(fx.npz('ahc_state.npz'), 'threshold'));
    const labels = ahcInit(train, threshold);
    const expected = toInt32(fx.npy('ahc_init_labels.npy'));
    const k0 = Math.max(...expected) + 1;
    let diff = 0;
    for (let i = 0; i < expected.length; i++) if (labels[i] !== expected[i]) diff++;
    console.log(`${name}: N=${train.rows}, K0=${k0}, differing labels ${diff}`);
    expect(Array.from(labels)).toEqual(Array.from(expected));
  });
});

describe('edge cases', () => {
  it('fixture 01 labels start 4 4 4 4 4 4 4 1 2 8 (scipy DFS numbering, not first occurrence)', () => {
    expect(Array.from(toInt32(fixture('01').npy('ahc_init_labels.npy')).slice(0, 10))).toEqual([4, 4, 4, 4, 4, 4, 4, 1, 2, 8]);
  });
  it('zero and one observation, two identical points', () => {
    expect(Array.from(ahcInit({ data: new Float32Array(0), rows: 0, cols: 4 }, 0.6))).toEqual([]);
    expect(Array.from(ahcInit({ data: new Float32Array([1, 2]), rows: 1, cols: 2 }, 0.6))).toEqual([0]);
    const Z = linkage({ data: new Float64Array([1, 1, 1, 1]), rows: 2, cols: 2 });
    expect(Array.from(Z.data)).toEqual([0, 1, 0, 2]);
    expect(Array.from(fcluster(Z, 0))).toEqual([1, 1]);
  });
  it('non-finite input and zero rows are errors (scipy rejects non-finite distances)', () => {
    expect(() => linkage({ data: new Float64Array([1, NaN, 0, 0]), rows: 2, cols: 2 })).toThrow(AhcError);
    expect(() => ahcInit({ data: new Float32Array([0, 0, 1, 1]), rows: 2, cols: 2 }, 0.6)).toThrow(/non-finite/);
    expect(() => linkage({ data: new Float64Array(3), rows: 2, cols: 2 })).toThrow(/expected 2×2/);
  });
  it('no fixed size limit: when memory really is short, TOO_LARGE says how much is needed and for how many observations', () => {
    const n = 1_000_000; // 4 TB of distances: more than any machine here has
    const err = (() => { try { linkage({ data: new Float32Array(n), rows: n, cols: 1 }); } catch (e) { return e as AhcError; } throw new Error('no error'); })();
    expect(err).toBeInstanceOf(AhcError);
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toMatch(/1,000,000 observations needs 4000\.1 GB .*499,999,500,000 float64 distances.* of memory is available/);
    // the check itself, against a given amount of memory
    expect(linkageMemoryBytes(20_000, 256)).toBe(8 * 199_990_000 + 20_000 * (8 * 256 + 64)); // 1.64 GB
    expect(() => assertLinkageFits(20_001, 256, 1e9)).toThrow(/20,001 observations needs 1\.64 GB .*only 1\.00 GB of memory is available/);
    expect(() => assertLinkageFits(20_001, 256, 2e9)).not.toThrow();
  });
  it('normalisation follows numpy float32 (unit norm within float32 rounding)', () => {
    const x = l2NormalizeRowsF32({ data: Float32Array.from({ length: 256 }, (_, i) => Math.sin(i) * 3), rows: 1, cols: 256 });
    let s = 0;
    for (const v of x.data) s += v * v;
    expect(Math.abs(s - 1)).toBeLessThan(1e-6);
  });
});
