import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pldaDir } from '@dia/fixtures';
import { Plda, qinitFromLabels, vbx, VbxError } from '../src/index';

const plda = Plda.fromDirectory(pldaDir());

describe('PLDA eigen-decomposition blobs', () => {
  it('solve the generalised eigenproblem B·e = φ·W·e of plda.npz (W = (trᵀtr)⁻¹, B = (trᵀ diag(1/psi) tr)⁻¹), W-orthonormal, descending', () => {
    const n = 128;
    const { tr, psi, eigenvectors: E, phi } = plda;
    const A1 = new Float64Array(n * n);
    const A2 = new Float64Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
      let s1 = 0, s2 = 0;
      for (let k = 0; k < n; k++) { s1 += tr[k * n + i] * tr[k * n + j]; s2 += (tr[k * n + i] * tr[k * n + j]) / psi[k]; }
      A1[i * n + j] = s1;
      A2[i * n + j] = s2;
    }
    const W = invert(A1, n);
    const B = invert(A2, n);
    let residual = 0;
    let ortho = 0;
    for (let c = 0; c < n; c++) {
      let num = 0, den = 0;
      for (let i = 0; i < n; i++) {
        let l = 0, r = 0;
        for (let k = 0; k < n; k++) { l += B[i * n + k] * E[k * n + c]; r += W[i * n + k] * E[k * n + c]; }
        num = Math.max(num, Math.abs(l - phi[c] * r));
        den = Math.max(den, Math.abs(l));
      }
      residual = Math.max(residual, num / den);
      for (let c2 = 0; c2 < n; c2++) {
        let g = 0;
        for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) g += E[i * n + c] * W[i * n + k] * E[k * n + c2];
        ortho = Math.max(ortho, Math.abs(g - (c === c2 ? 1 : 0)));
      }
      if (c > 0) expect(phi[c]).toBeLessThanOrEqual(phi[c - 1]);
    }
    console.log(`eigen residual max |B e − φ W e| / |B e| = ${residual.toExponential(2)}, max |EᵀWE − I| = ${ortho.toExponential(2)}`);
    expect(residual).toBeLessThan(1e-9);
    expect(ortho).toBeLessThan(1e-9);
  });

  it('fromBytes equals fromDirectory and rejects malformed files with MODEL_FILE', () => {
    const read = (f: string) => readFileSync(join(pldaDir(), f));
    const b = Plda.fromBytes({ xvecTransform: read('xvec_transform.npz'), plda: read('plda.npz'), eigenvectors: read('eigenvectors_desc.bin'), phi: read('phi_desc.bin') });
    expect(b.phi).toEqual(plda.phi);
    const bad = () => Plda.fromBytes({ xvecTransform: read('plda.npz'), plda: read('plda.npz'), eigenvectors: read('eigenvectors_desc.bin'), phi: read('phi_desc.bin') });
    expect(bad).toThrow(/xvec_transform.npz has no 'mean1'/);
    expect(() => Plda.fromBytes({ xvecTransform: read('xvec_transform.npz'), plda: read('plda.npz'), eigenvectors: read('phi_desc.bin'), phi: read('phi_desc.bin') })).toThrow(/eigenvectors_desc.bin: 1024 bytes/);
    expect(() => Plda.fromDirectory('/nonexistent')).toThrow(/dia models fetch/);
  });
});

describe('bad input', () => {
  const one = { data: Float32Array.from({ length: 256 }, (_, i) => Math.sin(i)), rows: 1, cols: 256 };
  it('NaN/Inf embeddings and wrong dimensions are INVALID_INPUT errors', () => {
    const nan = Float32Array.from(one.data);
    nan[5] = NaN;
    expect(() => plda.transform({ ...one, data: nan })).toThrow(/embedding 0 has a non-finite value/);
    // the first problem in row-major order is reported: row 1 has an ∞ at dimension 3, row 2 equals mean1
    const three = new Float64Array(3 * 256);
    three.set(one.data, 0);
    three.set(one.data, 256);
    three[256 + 3] = Infinity;
    three.set(plda.mean1, 512);
    expect(() => plda.transform({ data: three, rows: 3, cols: 256 })).toThrow(/embedding 1 has a non-finite value \(Infinity\) at dimension 3/);
    three[256 + 3] = 0;
    expect(() => plda.transform({ data: three, rows: 3, cols: 256 })).toThrow(/embedding 2 equals mean1/);
    expect(() => plda.transform({ data: new Float32Array(128), rows: 1, cols: 128 })).toThrow(/256 dimensions/);
    expect(() => vbx({ data: new Float64Array(0), rows: 0, cols: 128 }, plda.phi, { ahcLabels: new Int32Array(0), fa: 0.07, fb: 0.8 })).toThrow(VbxError);
    expect(() => vbx({ data: new Float64Array(4), rows: 2, cols: 2 }, plda.phi, { ahcLabels: new Int32Array(2), fa: 0.07, fb: 0.8 })).toThrow(/phi has 128 values but X has 2/);
    expect(() => vbx({ data: new Float64Array(128), rows: 1, cols: 128 }, plda.phi, { fa: 0.07, fb: 0.8 })).toThrow(/qinit or ahcLabels/);
    expect(() => qinitFromLabels(Int32Array.from([0, -1]))).toThrow(/non-negative/);
  });
  it('a single embedding gives one cluster with responsibility 1 (documented result)', () => {
    const r = vbx(plda.transform(one), plda.phi, { ahcLabels: new Int32Array([0]), fa: 0.07, fb: 0.8, maxIters: 20 });
    expect(r.q.data[0]).toBeCloseTo(1, 12);
    expect(r.sp[0]).toBeCloseTo(1, 12);
    expect(r.elbo.length).toBeGreaterThanOrEqual(2);
  });
  it('qinit smoothing: hot value e^7/(e^7 + K − 1), rows sum to 1', () => {
    const q = qinitFromLabels(Int32Array.from([0, 2, 1]), 3);
    expect(q.data[0]).toBeCloseTo(Math.exp(7) / (Math.exp(7) + 2), 14);
    for (let n = 0; n < 3; n++) expect(q.data[n * 3] + q.data[n * 3 + 1] + q.data[n * 3 + 2]).toBeCloseTo(1, 14);
  });
});

/** Gauss–Jordan inverse with partial pivoting (test helper). */
function invert(m: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[p * n + c])) p = r;
    for (let k = 0; k < n; k++) {
      [a[c * n + k], a[p * n + k]] = [a[p * n + k], a[c * n + k]];
      [inv[c * n + k], inv[p * n + k]] = [inv[p * n + k], inv[c * n + k]];
    }
    const d = a[c * n + c];
    for (let k = 0; k < n; k++) { a[c * n + k] /= d; inv[c * n + k] /= d; }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c];
      if (f === 0) continue;
      for (let k = 0; k < n; k++) { a[r * n + k] -= f * a[c * n + k]; inv[r * n + k] -= f * inv[c * n + k]; }
    }
  }
  return inv;
}
