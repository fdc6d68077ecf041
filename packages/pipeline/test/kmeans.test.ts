import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { kmeans } from '../src/clustering/kmeans';
import { RandomState } from '../src/clustering/mt19937';

interface Case { n: number; d: number; k: number; spread: number; x: string; labels: number[] }
const ref = JSON.parse(readFileSync(new URL('./data/kmeans-sklearn.json', import.meta.url), 'utf8')) as {
  sklearn: string; random_sample_seed42: number[]; cases: Case[];
};

/** numpy's float32 pairwise sum of n ≤ 128 values (8 lanes, then the tail). */
function pairwiseF32(v: Float32Array): number {
  const f = Math.fround;
  if (v.length < 8) { let s = 0; for (const x of v) s = f(s + x); return s; }
  const r = Array.from(v.subarray(0, 8));
  let i = 8;
  for (; i + 8 <= v.length; i += 8) for (let j = 0; j < 8; j++) r[j] = f(r[j] + v[i + j]);
  let s = f(f(f(r[0] + r[1]) + f(r[2] + r[3])) + f(f(r[4] + r[5]) + f(r[6] + r[7])));
  for (; i < v.length; i++) s = f(s + v[i]);
  return s;
}

/** x / ‖x‖ per row as numpy computes it on float32 (np.linalg.norm, d ≤ 128). */
function normalise(x: Float32Array, n: number, d: number): Float32Array {
  const out = new Float32Array(n * d);
  const sq = new Float32Array(d);
  for (let i = 0; i < n; i++) {
    for (let l = 0; l < d; l++) sq[l] = x[i * d + l] * x[i * d + l];
    const nrm = Math.fround(Math.sqrt(pairwiseF32(sq)));
    for (let l = 0; l < d; l++) out[i * d + l] = x[i * d + l] / nrm;
  }
  return out;
}

describe('NumPy RandomState(MT19937)', () => {
  it('reproduces np.random.RandomState(42).random_sample() draws exactly', () => {
    const rs = new RandomState(42);
    expect(Array.from({ length: 8 }, () => rs.randomSample())).toEqual(ref.random_sample_seed42);
  });
});

describe(`K-means branch vs sklearn ${ref.sklearn} KMeans(n_init=3, random_state=42)`, () => {
  it('gives the same labels as sklearn on every reference case', () => {
    let equal = 0;
    for (const c of ref.cases) {
      const bytes = Buffer.from(c.x, 'base64');
      const raw = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
      const got = kmeans({ data: normalise(raw, c.n, c.d), rows: c.n, cols: c.d }, c.k);
      const same = got.labels.every((v, i) => v === c.labels[i]);
      if (same) equal++;
      else console.log(`case n=${c.n} d=${c.d} k=${c.k} spread=${c.spread}: labels differ`);
    }
    console.log(`kmeans: ${equal}/${ref.cases.length} cases with labels identical to sklearn`);
    expect(equal).toBe(ref.cases.length);
  });

  it('rejects k larger than the number of samples', () => {
    expect(() => kmeans({ data: new Float32Array(4), rows: 2, cols: 2 }, 3)).toThrow(/n_samples=2 should be >= n_clusters=3/);
  });
});
