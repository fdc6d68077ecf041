import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { backend } from '@dia/ops';
import { linearSumAssignment, linearSumAssignmentNative, linearSumAssignmentTs, LsapError, type Assignment, type CostMatrix, type LsapOptions } from '../src/index';
import * as pure from '../src/pure';

interface Case { rows: number; cols: number; maximize: boolean; tag: string; data: (number | string)[]; rowInd?: number[]; colInd?: number[]; error?: string }
const ref = JSON.parse(readFileSync(new URL('./data/scipy-vectors.json', import.meta.url), 'utf8')) as { scipy: string; cases: Case[] };
const dec = (x: number | string) => (x === 'inf' ? Infinity : x === '-inf' ? -Infinity : x === 'nan' ? NaN : (x as number));

type Solver = (cost: CostMatrix, options: LsapOptions) => Assignment;
const native = backend();
const solvers: [string, Solver][] = [
  ['linearSumAssignment (default entry)', linearSumAssignment],
  ['TypeScript solver (@dia/lsap/pure)', pure.linearSumAssignment],
];
// the native kernel on its own, at the SIMD level this run forces (scripts/test-backends.mjs)
if (native.kind === 'native') solvers.push([`native kernel (${native.simd})`, (c, o) => linearSumAssignmentNative(c, o) as Assignment]);

describe(`linearSumAssignment vs scipy ${ref.scipy} (${ref.cases.length} committed vectors)`, () => {
  it.each(solvers)('%s returns exactly scipy\'s assignment (not just an equally cheap one) or scipy\'s error, on every vector', (label, solve) => {
    let exact = 0;
    const failures: string[] = [];
    for (const [n, c] of ref.cases.entries()) {
      const data = Float64Array.from(c.data, dec);
      let got: { rowInd: Int32Array; colInd: Int32Array } | undefined;
      let err: unknown;
      try {
        got = solve({ data, rows: c.rows, cols: c.cols }, { maximize: c.maximize });
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
    console.log(`lsap ${label}: ${exact}/${ref.cases.length} vectors identical to scipy`);
    if (failures.length) console.log(failures.slice(0, 10).join('\n'));
    expect(ref.cases.length).toBeGreaterThanOrEqual(5000);
    expect(failures).toEqual([]);
  });

  it('the pure entry is the TypeScript solver, and the native kernel is used when the addon is loaded', () => {
    expect(pure.linearSumAssignment).toBe(linearSumAssignmentTs);
    expect(linearSumAssignmentNative([[1]]) === undefined).toBe(native.kind === 'ts');
  });

  it('native and TypeScript agree on large tie-heavy matrices, square and rectangular, both senses', () => {
    let seed = 99;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (const [rows, cols] of [[300, 300], [120, 400], [400, 120]]) {
      const data = Float64Array.from({ length: rows * cols }, () => Math.floor(rand() * 20));
      for (const maximize of [false, true]) expect(linearSumAssignment({ data, rows, cols }, { maximize })).toEqual(linearSumAssignmentTs({ data, rows, cols }, { maximize }));
    }
  });

  it('every call returns arrays of its own: a later solve of the same size leaves an earlier result as it was', () => {
    const first = linearSumAssignment({ data: Float64Array.from({ length: 64 }, (_, i) => (i * 37) % 64), rows: 8, cols: 8 });
    const kept = { rowInd: Array.from(first.rowInd), colInd: Array.from(first.colInd) };
    const second = linearSumAssignment({ data: Float64Array.from({ length: 64 }, (_, i) => 64 - ((i * 11) % 64)), rows: 8, cols: 8 });
    expect(second.colInd).not.toBe(first.colInd);
    expect(second.rowInd.buffer).not.toBe(first.rowInd.buffer);
    expect({ rowInd: Array.from(first.rowInd), colInd: Array.from(first.colInd) }).toEqual(kept);
    expect(Array.from(second.colInd)).not.toEqual(kept.colInd);
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
