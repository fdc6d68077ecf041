import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fcluster, linkage, type LinkageMethod } from '../src/index';

interface Case { tag: string; method: LinkageMethod; n: number; d: number; dtype: string; x: string; Z: string; t: number[]; labels: number[][] }
const ref = JSON.parse(readFileSync(new URL('./data/scipy-linkage.json', import.meta.url), 'utf8')) as { scipy: string; cases: Case[] };
const bytes = (b: string) => { const buf = Buffer.from(b, 'base64'); return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length); };

describe(`linkage/fcluster vs scipy ${ref.scipy} (${ref.cases.length} committed cases)`, () => {
  it('Z has the same merge order (identical indices and sizes) and distances within 1e-12 relative; fcluster labels exact', () => {
    let worstRel = 0;
    let exactZ = 0;
    for (const c of ref.cases) {
      const data = c.dtype === 'float32' ? new Float32Array(bytes(c.x)) : new Float64Array(bytes(c.x));
      const Z = linkage({ data, rows: c.n, cols: c.d } as never, { method: c.method });
      const expected = new Float64Array(bytes(c.Z));
      let same = true;
      for (let k = 0; k < c.n - 1; k++) {
        for (const col of [0, 1, 3]) expect(Z.data[k * 4 + col], `${c.tag} n=${c.n} row ${k} col ${col}`).toBe(expected[k * 4 + col]);
        const a = Z.data[k * 4 + 2];
        const b = expected[k * 4 + 2];
        if (a !== b) same = false;
        const rel = Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
        worstRel = Math.max(worstRel, a === b ? 0 : rel);
      }
      if (same) exactZ++;
      c.t.forEach((t, i) => expect(Array.from(fcluster(Z, t)), `${c.tag} n=${c.n} t=${t}`).toEqual(c.labels[i]));
    }
    console.log(`ahc: ${ref.cases.length} cases, merge order identical in all, ${exactZ} bit-identical Z, worst relative distance deviation ${worstRel.toExponential(2)}`);
    expect(worstRel).toBeLessThanOrEqual(1e-12);
  });
});
