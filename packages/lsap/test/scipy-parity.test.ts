import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { linearSumAssignment, LsapError } from '../src/index';

interface Case { rows: number; cols: number; maximize: boolean; tag: string; data: (number | string)[]; rowInd?: number[]; colInd?: number[]; error?: string }
const ref = JSON.parse(readFileSync(new URL('./data/scipy-vectors.json', import.meta.url), 'utf8')) as { scipy: string; cases: Case[] };
const dec = (x: number | string) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x === 'nan' ? NaN : (x as number));

describe(`linearSumAssignment vs scipy ${ref.scipy} (${ref.cases.length} committed vectors)`, () => {
  it('returns exactly scipy\'s assignment (not just an equally cheap one) or scipy\'s error, on every vector', () => {
    let exact = 0;
    const failures: string[] = [];
    for (const [n, c] of ref.cases.entries()) {
      const data = Float64Array.from(c.data, dec);
      let got: { rowInd: Int32Array; colInd: Int32Array } | undefined;
      let err: unknown;
      try {
        got = linearSumAssignment({ data, rows: c.rows, cols: c.cols }, { maximize: c.maximize });
      } catch (e) {
        err = e;
      }
      if (c.error) {
        if (err instanceof LsapError && err.code === c.error) exact++;
        else failures.push(`#${n} ${c.tag}: expected ${c.error}, got ${err ? String(err) : 'an answer'}`);
      } else if (got && JSON.stringify(Array.from(got.rowInd)) === JSON.stringify(c.rowInd) && JSON.stringify(Array.from(got.colInd)) === JSON.stringify(c.colInd)) {
        exact++;
      } else {
        failures.push(`#${n} ${c.tag} ${c.rows}x${c.cols} max=${c.maximize}: expected ${c.rowInd}/${c.colInd}, got ${got ? `${Array.from(got.rowInd)}/${Array.from(got.colInd)}` : String(err)}`);
      }
    }
    console.log(`lsap: ${exact}/${ref.cases.length} vectors identical to scipy`);
    if (failures.length) console.log(failures.slice(0, 10).join('\n'));
    expect(ref.cases.length).toBeGreaterThanOrEqual(5000);
    expect(failures).toEqual([]);
  });

  it('accepts number[][] and gives the same answer as the typed form', () => {
    const m = [[4, 1, 3], [2, 0, 5], [3, 2, 2]];
    const a = linearSumAssignment(m);
    const b = linearSumAssignment({ data: Float64Array.from(m.flat()), rows: 3, cols: 3 });
    expect(Array.from(a.colInd)).toEqual([1, 0, 2]);
    expect(b).toEqual(a);
  });

  it('rejects jagged and mis-sized input with BAD_SHAPE', () => {
    expect(() => linearSumAssignment([[1, 2], [3]])).toThrow(/jagged: row 1 has 1 entries/);
    expect(() => linearSumAssignment({ data: new Float64Array(5), rows: 2, cols: 3 })).toThrow(LsapError);
  });

  it('the result does not depend on reused scratch: a big call between two small ones changes nothing', () => {
    const small = { data: Float64Array.from([0.1, 0.9, 0.5, 0.5, 0.3, 0.7]), rows: 2, cols: 3 };
    const first = linearSumAssignment(small, { maximize: true });
    linearSumAssignment({ data: Float64Array.from({ length: 400 }, (_, i) => (i * 7919) % 13), rows: 20, cols: 20 });
    expect(linearSumAssignment(small, { maximize: true })).toEqual(first);
  });
});
