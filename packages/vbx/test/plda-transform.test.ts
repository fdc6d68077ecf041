import { describe, expect, it } from 'vitest';
import { fixture, pldaDir } from '@dia/fixtures';
import { backend, nativePldaTransform, nativePldaWeights } from '@dia/ops';
import { Plda } from '../src/index';

const plda = Plda.fromDirectory(pldaDir());

let seed = 17;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
const embeddings = (rows: number) => ({ data: Float32Array.from({ length: rows * 256 }, () => 3 * rnd()), rows, cols: 256 });

/** Values of a and b that are not the same float64 (bit for bit; NaN equals NaN). */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

describe(`Plda.transform in one pass (${backend().kind}${backend().kind === 'native' ? `, ${backend().simd}` : ''})`, () => {
  it('equals pldaTransform(xvecTransform(x)) bit for bit: fixture 08 and synthetic row counts around the block size and the thread split', () => {
    const train = fixture('08').trainEmbeddings();
    const inputs = [{ data: train.data, rows: train.rows, cols: 256 }, ...[1, 31, 32, 33, 95, 4099].map(embeddings)];
    const report: string[] = [];
    for (const x of inputs) {
      const fused = plda.transform(x).data;
      const staged = plda.pldaTransform(plda.xvecTransform(x)).data;
      const float64 = plda.transform({ ...x, data: Float64Array.from(x.data) }).data;
      report.push(`${x.rows} rows: ${differing(fused, staged)} differ from the stages, ${differing(fused, float64)} from float64 input`);
      expect(differing(fused, staged)).toBe(0);
      expect(differing(fused, float64)).toBe(0);
    }
    console.log(report.join('\n'));
  });

  it('reports the first rejection in row-major order wherever the rows fall among blocks and the ranges the threads take: a non-finite value before any row equal to mean1', () => {
    const x = embeddings(3000);
    x.data.set(Float32Array.from(plda.mean1), 40 * 256); // row 40 equals mean1 (float32 of mean1: not exactly equal)
    const exact = { ...x, data: Float64Array.from(x.data) };
    exact.data.set(plda.mean1, 40 * 256);
    exact.data.set(plda.mean1, 2900 * 256);
    expect(() => plda.transform(exact)).toThrow(/embedding 40 equals mean1/);
    exact.data[2950 * 256 + 7] = NaN; // in one of the last ranges taken, after both equal rows
    expect(() => plda.transform(exact)).toThrow(/embedding 2950 has a non-finite value \(NaN\) at dimension 7/);
    exact.data[1700 * 256 + 255] = -Infinity;
    expect(() => plda.transform(exact)).toThrow(/embedding 1700 has a non-finite value \(-Infinity\) at dimension 255/);
    expect(() => plda.xvecTransform(exact)).toThrow(/embedding 1700 has a non-finite value/);
    exact.data[5 * 256] = Infinity; // in the first range, which ends the sharing out only after later ranges were taken
    expect(() => plda.transform(exact)).toThrow(/embedding 5 has a non-finite value \(Infinity\) at dimension 0/);
  });

  it.skipIf(backend().kind !== 'native')('native weights laid out once give the one-call kernel values on every call, and check the lengths of x and out', () => {
    const weights = nativePldaWeights(plda.mean1, plda.lda, plda.mean2, plda.mu, plda.eigenvectors);
    expect(weights).toBeDefined();
    for (const rows of [1, 33, 4099, 7]) {
      const x = embeddings(rows);
      const once = new Float64Array(rows * 128);
      const prepared = new Float64Array(rows * 128);
      expect(nativePldaTransform(x.data, rows, plda.mean1, plda.lda, plda.mean2, plda.mu, plda.eigenvectors, once)).toBe('done');
      expect(weights!.transform(x.data, rows, prepared)).toBe('done');
      expect(differing(prepared, once)).toBe(0);
    }
    expect(() => weights!.transform(new Float32Array(255), 1, new Float64Array(128))).toThrow(/x/);
    expect(() => weights!.transform(new Float32Array(256), 1, new Float64Array(127))).toThrow(/out/);
  });
});
