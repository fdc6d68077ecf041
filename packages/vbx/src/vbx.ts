// Variational Bayes HMM clustering of x-vectors (pyannote.audio `utils/vbx.py`: `VBx`, `cluster_vbx`).
import { compensatedMatmulNT, compensatedMatmulTN, nativeVbx, neumaierDot, neumaierSumStrided } from '@dia/ops';
import { VbxError } from './errors';
import { pairwiseSum } from './pairwise-sum';
import type { Matrix64 } from './types';

export interface VbxOptions {
  /** Initial responsibilities (N × K). Either this or `ahcLabels`. */
  qinit?: Matrix64;
  /** AHC labels (0-based) turned into `qinit` by `qinitFromLabels(labels, K, initSmoothing)`. */
  ahcLabels?: Int32Array;
  /** Sufficient-statistics scale (community-1: 0.07). */
  fa: number;
  /** Speaker regularisation (community-1: 0.8). */
  fb: number;
  /** HMM self-loop probability; pyannote's VBx has no HMM transitions, only 0 is supported. */
  loopP?: number;
  /** Maximum iterations (pyannote calls with 20). */
  maxIters?: number;
  /** Stop when the ELBO improves by less than this. Default 1e-4. */
  epsilon?: number;
  /** Softmax temperature applied to one-hot AHC labels. Default 7. */
  initSmoothing?: number;
}

export interface VbxResult {
  /** Responsibilities γ (N × K). */
  q: Matrix64;
  /** Speaker priors π (K), summing to 1. */
  sp: Float64Array;
  /** ELBO after each iteration. */
  elbo: number[];
}

/**
 * pyannote `cluster_vbx` initialisation: `softmax(onehot(labels) · smoothing, axis=1)` with scipy's
 * softmax (shift by the row max, numpy pairwise row sum). With `smoothing < 0` the one-hot matrix.
 */
export function qinitFromLabels(labels: Int32Array, numClusters?: number, smoothing = 7.0): Matrix64 {
  let K = numClusters ?? 0;
  for (const l of labels) {
    if (!Number.isInteger(l) || l < 0) throw new VbxError('INVALID_INPUT', `AHC labels must be non-negative integers (found ${l})`);
    if (numClusters === undefined) K = Math.max(K, l + 1);
    else if (l >= numClusters) throw new VbxError('INVALID_INPUT', `label ${l} ≥ numClusters ${numClusters}`);
  }
  const N = labels.length;
  const q = new Float64Array(N * K);
  if (smoothing < 0) {
    for (let n = 0; n < N; n++) q[n * K + labels[n]] = 1;
    return { data: q, rows: N, cols: K };
  }
  // x = onehot · s; max = s (s > 0) so exp(x − max) is 1 at the label and exp(−s) elsewhere. A row
  // depends only on its label: each distinct row is computed once and copied.
  const max = Math.max(smoothing, 0);
  const hot = Math.exp(smoothing - max);
  const cold = Math.exp(0 - max);
  const rows = new Map<number, Float64Array>();
  for (let n = 0; n < N; n++) {
    let row = rows.get(labels[n]);
    if (!row) {
      row = new Float64Array(K);
      for (let k = 0; k < K; k++) row[k] = k === labels[n] ? hot : cold;
      const sum = pairwiseSum(row, 0, K);
      for (let k = 0; k < K; k++) row[k] /= sum;
      rows.set(labels[n], row);
    }
    q.set(row, n * K);
  }
  return { data: q, rows: N, cols: K };
}

/**
 * scipy.special.logsumexp (≥ 1.15) of one row: with `a*` the maximum and m its multiplicity,
 * `log1p(Σ_{a≠a*} exp(a − a*) / m) + log(m) + a*` (numpy pairwise sum over the row).
 */
function logsumexpRow(a: Float64Array, offset: number, K: number, scratch: Float64Array): number {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (a[offset + k] > max) max = a[offset + k];
  let m = 0;
  for (let k = 0; k < K; k++) if (a[offset + k] === max) m++;
  const shift = Number.isFinite(max) ? max : 0;
  for (let k = 0; k < K; k++) scratch[k] = a[offset + k] === max ? 0 : Math.exp(a[offset + k] - shift);
  let s = pairwiseSum(scratch, 0, K);
  if (s !== 0) s /= m;
  return Math.log1p(s) + Math.log(m) + max;
}

/**
 * pyannote `VBx(X, Phi, Fa, Fb, pi=K, gamma=qinit, maxIters, epsilon)` — the same updates in the
 * same order (eqs. 16–25 of Landini et al.), with compensated sums for Γ, γᵀρ and ρ·αᵀ where BLAS
 * summation order would otherwise drift (SPEC hazard H5): Γ and (invL + α²)·Φ Neumaier, the two
 * matrix products nearly exact (`compensatedMatmulTN/NT`). Runs natively when `@dia/ops` has its
 * addon (the same loop; exp/log from libm and a vector exp, so the last bits may differ from the
 * TypeScript loop), in TypeScript otherwise.
 */
export function vbx(X: Matrix64, phi: Float64Array, options: VbxOptions): VbxResult {
  return vbxLoop(X, phi, options, true);
}

/** `vbx` always in TypeScript (the fallback loop), for comparisons. */
export function vbxTypeScript(X: Matrix64, phi: Float64Array, options: VbxOptions): VbxResult {
  return vbxLoop(X, phi, options, false);
}

function vbxLoop(X: Matrix64, phi: Float64Array, options: VbxOptions, allowNative: boolean): VbxResult {
  const { rows: N, cols: D, data: x } = X;
  if (x.length !== N * D) throw new VbxError('INVALID_INPUT', `X has ${x.length} values, expected ${N}×${D}`);
  if (phi.length !== D) throw new VbxError('INVALID_INPUT', `phi has ${phi.length} values but X has ${D} dimensions`);
  if (N === 0) throw new VbxError('INVALID_INPUT', 'VBx needs at least one embedding');
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) throw new VbxError('INVALID_INPUT', `X has a non-finite value at row ${Math.floor(i / D)}`);
  const { fa, fb } = options;
  if (!(fa > 0) || !(fb > 0)) throw new VbxError('INVALID_OPTION', `fa and fb must be positive (got ${fa}, ${fb})`);
  if ((options.loopP ?? 0) !== 0) throw new VbxError('INVALID_OPTION', 'loopP ≠ 0 (HMM transitions) is not part of pyannote\'s VBx');
  const maxIters = options.maxIters ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  let qinit = options.qinit;
  if (!qinit) {
    if (!options.ahcLabels) throw new VbxError('INVALID_OPTION', 'give either qinit or ahcLabels');
    qinit = qinitFromLabels(options.ahcLabels, undefined, options.initSmoothing ?? 7.0);
  }
  if (qinit.rows !== N) throw new VbxError('INVALID_INPUT', `qinit has ${qinit.rows} rows but X has ${N}`);
  const K = qinit.cols;
  if (allowNative && maxIters > 0) {
    const q = Float64Array.from(qinit.data);
    const sp = new Float64Array(K);
    const trajectory = new Float64Array(maxIters);
    const iters = nativeVbx(x instanceof Float64Array ? x : Float64Array.from(x), phi, q, N, D, K, { fa, fb, maxIters, epsilon }, sp, trajectory);
    if (iters !== undefined) return { q: { data: q, rows: N, cols: K }, sp, elbo: Array.from(trajectory.subarray(0, iters)) };
  }
  let gamma = Float64Array.from(qinit.data);
  let pi = new Float64Array(K).fill(1 / K);
  const ratio = fa / fb;
  // G = −0.5·(Σ_d X² + D·log 2π)   (per-frame constant of eq. 23)
  const G = new Float64Array(N);
  const sq = new Float64Array(D);
  const log2pi = D * Math.log(2 * Math.PI);
  for (let n = 0; n < N; n++) {
    for (let d = 0; d < D; d++) sq[d] = x[n * D + d] ** 2;
    G[n] = -0.5 * (pairwiseSum(sq, 0, D) + log2pi);
  }
  const V = phi.map(Math.sqrt);
  const rho = new Float64Array(N * D);
  for (let n = 0; n < N; n++) for (let d = 0; d < D; d++) rho[n * D + d] = x[n * D + d] * V[d];

  const invL = new Float64Array(K * D);
  const alpha = new Float64Array(K * D);
  const logp = new Float64Array(N * K);
  const gammaRho = new Float64Array(K * D);
  const rhoAlpha = new Float64Array(N * K);
  const quad = new Float64Array(K);
  const term = new Float64Array(D);
  const elboTerms = new Float64Array(K * D);
  const lpx = new Float64Array(N);
  const scratch = new Float64Array(K);
  const lpi = new Float64Array(K);
  const lseScratch = new Float64Array(K);
  const elbo: number[] = [];
  for (let ii = 0; ii < maxIters; ii++) {
    compensatedMatmulTN(gamma, rho, N, K, D, gammaRho); // γᵀρ (K × D)
    for (let k = 0; k < K; k++) {
      const Gk = neumaierSumStrided(gamma, k, K, N); // Γ[k] = Σ_n γ[n][k]
      for (let d = 0; d < D; d++) {
        const il = 1 / (1 + ratio * Gk * phi[d]);
        invL[k * D + d] = il;
        alpha[k * D + d] = ratio * il * gammaRho[k * D + d];
      }
    }
    // (invL + α²)·Φ per cluster
    for (let k = 0; k < K; k++) {
      for (let d = 0; d < D; d++) term[d] = invL[k * D + d] + alpha[k * D + d] ** 2;
      quad[k] = neumaierDot(term, phi);
    }
    compensatedMatmulNT(rho, alpha, N, K, D, rhoAlpha); // ρ·αᵀ (N × K)
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) logp[n * K + k] = fa * (rhoAlpha[n * K + k] - 0.5 * quad[k] + G[n]);
    }
    for (let k = 0; k < K; k++) lpi[k] = Math.log(pi[k] + 1e-8);
    for (let n = 0; n < N; n++) {
      for (let k = 0; k < K; k++) scratch[k] = logp[n * K + k] + lpi[k];
      lpx[n] = logsumexpRow(scratch, 0, K, lseScratch);
    }
    const logPX = pairwiseSum(lpx, 0, N);
    const nextGamma = new Float64Array(N * K);
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) nextGamma[n * K + k] = Math.exp(logp[n * K + k] + lpi[k] - lpx[n]);
    gamma = nextGamma;
    const nextPi = new Float64Array(K);
    for (let n = 0; n < N; n++) for (let k = 0; k < K; k++) nextPi[k] += gamma[n * K + k]; // np.sum(axis=0): row by row
    const total = pairwiseSum(nextPi, 0, K);
    for (let k = 0; k < K; k++) nextPi[k] /= total;
    pi = nextPi;
    for (let i = 0; i < K * D; i++) elboTerms[i] = Math.log(invL[i]) - invL[i] - alpha[i] ** 2 + 1;
    const value = logPX + fb * 0.5 * pairwiseSum(elboTerms, 0, K * D);
    elbo.push(value);
    if (ii > 0 && value - elbo[elbo.length - 2] < epsilon) break; // a decrease also stops (pyannote only warns)
  }
  return { q: { data: gamma, rows: N, cols: K }, sp: pi, elbo };
}
