// community-1's x-vector transform and PLDA projection (pyannote.audio `utils/vbx.py` `vbx_setup`,
// `core/plda.py` `PLDA`).
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { compensatedMatmulNT, nativeOutputF64, nativePldaProject, nativePldaTransform, nativePldaWeights, nativeXvecTransform } from '@dia/ops';
import type { NativePldaWeights, PldaKernelOutcome } from '@dia/ops';
import { VbxError } from './errors';
import { expectArray, readNpzFloats } from './npz';
import { pairwiseSum } from './pairwise-sum';
import type { Matrix32, Matrix64 } from './types';

const EMBEDDING_DIM = 256;
const LDA_DIM = 128;

/** Files of the community-1 `plda/` folder, plus the eigen-decomposition blobs. */
export interface PldaFiles {
  /** `xvec_transform.npz`: mean1 (256) f8, mean2 (128) f4, lda (256×128) f4. */
  xvecTransform: Uint8Array;
  /** `plda.npz`: mu (128) f8, tr (128×128) f8, psi (128) f8. */
  plda: Uint8Array;
  /** `eigenvectors_desc.bin`: 128×128 f64 LE, row-major, column j = eigenvector of the j-th largest eigenvalue. */
  eigenvectors: Uint8Array;
  /** `phi_desc.bin`: the 128 eigenvalues, descending. */
  phi: Uint8Array;
}

function floatsLE(bytes: Uint8Array, count: number, label: string): Float64Array {
  if (bytes.length !== count * 8) throw new VbxError('MODEL_FILE', `${label}: ${bytes.length} bytes, expected ${count} little-endian float64 (${count * 8} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float64Array.from({ length: count }, (_, i) => view.getFloat64(i * 8, true));
}

function transpose(m: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j];
  return t;
}

/** L2 norm of a float64 row as numpy computes it (`np.linalg.norm(axis=1)`: pairwise sum of squares). */
function rowNorm(v: Float64Array, scratch: Float64Array): number {
  for (let i = 0; i < v.length; i++) scratch[i] = v[i] * v[i];
  // pairwiseSum reads v.length values of scratch
  return Math.sqrt(pairwiseSum(scratch, 0, v.length));
}

/** The embeddings' shape checked: N × 256. */
function checkEmbeddings(x: Matrix32 | Matrix64): Matrix32 | Matrix64 {
  if (x.cols !== EMBEDDING_DIM) throw new VbxError('INVALID_INPUT', `embeddings must have ${EMBEDDING_DIM} dimensions (got ${x.cols})`);
  if (x.data.length !== x.rows * x.cols) throw new VbxError('INVALID_INPUT', `embedding data has ${x.data.length} values, expected ${x.rows}×${x.cols}`);
  return x;
}

/** Throws the x-vector transform's rejection of `data`, if any. */
function rejectOn(outcome: PldaKernelOutcome, data: Float32Array | Float64Array): void {
  if (outcome === 'done') return;
  if ('nonFinite' in outcome) {
    const i = outcome.nonFinite;
    throw new VbxError('INVALID_INPUT', `embedding ${Math.floor(i / EMBEDDING_DIM)} has a non-finite value (${data[i]}) at dimension ${i % EMBEDDING_DIM}`);
  }
  throw new VbxError('INVALID_INPUT', `embedding ${outcome.equalsMean} equals mean1: its direction is undefined`);
}

/**
 * The community-1 PLDA. `transform(x)` maps raw WeSpeaker embeddings (N × 256, float32) to the
 * PLDA latent space VBx clusters in (N × 128, float64), as pyannote's `PLDA.__call__`.
 *
 * The eigen-decomposition `eigh(B, W)` that pyannote computes at load time is not recomputed
 * here: its column signs and last bits depend on the LAPACK build, and VBx amplifies the
 * difference (SPEC hazard H8). The pinned `eigenvectors_desc.bin` / `phi_desc.bin` hold scipy's
 * answer; the tests check they solve the generalised eigenproblem of `plda.npz`.
 */
export class Plda {
  readonly mean1: Float64Array;
  /** float32 values promoted to float64 (used at float32 precision, as pyannote does). */
  readonly mean2: Float64Array;
  /** 256 × 128, row-major, float32 values promoted. */
  readonly lda: Float64Array;
  readonly mu: Float64Array;
  /** 128 × 128 row-major; column j is the eigenvector of `phi[j]`. */
  readonly eigenvectors: Float64Array;
  /** Across-class covariance eigenvalues, descending (pyannote `PLDA.phi`). */
  readonly phi: Float64Array;
  /** `plda.npz` `tr` and `psi`, kept so the eigenvectors can be verified. */
  readonly tr: Float64Array;
  readonly psi: Float64Array;
  /** ldaᵀ and Eᵀ (rows contiguous) for the batched products. */
  private readonly ldaT: Float64Array;
  private readonly eigenvectorsT: Float64Array;
  /** The weights laid out for the native kernel at the first `transform` (undefined: no addon). */
  private native: NativePldaWeights | undefined | null = null;

  private constructor(files: PldaFiles) {
    const xv = readNpzFloats(files.xvecTransform, 'xvec_transform.npz');
    this.mean1 = expectArray(xv, 'xvec_transform.npz', 'mean1', [EMBEDDING_DIM]).data;
    this.mean2 = expectArray(xv, 'xvec_transform.npz', 'mean2', [LDA_DIM]).data;
    this.lda = expectArray(xv, 'xvec_transform.npz', 'lda', [EMBEDDING_DIM, LDA_DIM]).data;
    const p = readNpzFloats(files.plda, 'plda.npz');
    this.mu = expectArray(p, 'plda.npz', 'mu', [LDA_DIM]).data;
    this.tr = expectArray(p, 'plda.npz', 'tr', [LDA_DIM, LDA_DIM]).data;
    this.psi = expectArray(p, 'plda.npz', 'psi', [LDA_DIM]).data;
    this.eigenvectors = floatsLE(files.eigenvectors, LDA_DIM * LDA_DIM, 'eigenvectors_desc.bin');
    this.phi = floatsLE(files.phi, LDA_DIM, 'phi_desc.bin');
    this.ldaT = transpose(this.lda, EMBEDDING_DIM, LDA_DIM);
    this.eigenvectorsT = transpose(this.eigenvectors, LDA_DIM, LDA_DIM);
  }

  /** Loads the four files from bytes. */
  static fromBytes(files: PldaFiles): Plda {
    return new Plda(files);
  }

  /** Loads `xvec_transform.npz`, `plda.npz`, `eigenvectors_desc.bin`, `phi_desc.bin` from a directory. */
  static fromDirectory(dir: string): Plda {
    const read = (name: string) => {
      const p = join(dir, name);
      if (!existsSync(p)) throw new VbxError('MODEL_FILE', `PLDA file ${p} is missing (get the community-1 PLDA with \`dia models fetch\`, or set DIA_PLDA_DIR)`);
      return readFileSync(p);
    };
    return new Plda({ xvecTransform: read('xvec_transform.npz'), plda: read('plda.npz'), eigenvectors: read('eigenvectors_desc.bin'), phi: read('phi_desc.bin') });
  }

  /**
   * pyannote `xvec_tf`: `√128 · l2(ldaᵀ·(√256 · l2(x − mean1)) − mean2)` per row, in float64 on the
   * float32 embeddings. Rows with a non-finite value are rejected.
   */
  xvecTransform(x: Matrix32 | Matrix64): Matrix64 {
    const { rows, data } = checkEmbeddings(x);
    const out = new Float64Array(rows * LDA_DIM);
    rejectOn(nativeXvecTransform(data, rows, this.mean1, this.lda, this.mean2, out) ?? this.xvecTransformTypeScript(data, rows, out), data);
    return { data: out, rows, cols: LDA_DIM };
  }

  /** `xvecTransform` in TypeScript into `out`; returns 'done' or the first rejected input. */
  private xvecTransformTypeScript(data: Float32Array | Float64Array, rows: number, out: Float64Array): 'done' | { nonFinite: number } | { equalsMean: number } {
    for (let i = 0; i < data.length; i++) if (!Number.isFinite(data[i])) return { nonFinite: i };
    const sqrtIn = Math.sqrt(EMBEDDING_DIM);
    const sqrtOut = Math.sqrt(LDA_DIM);
    // √256 · l2(x − mean1), all rows
    const A = new Float64Array(rows * EMBEDDING_DIM);
    const sq = new Float64Array(EMBEDDING_DIM);
    for (let n = 0; n < rows; n++) {
      const a = A.subarray(n * EMBEDDING_DIM, (n + 1) * EMBEDDING_DIM);
      for (let i = 0; i < EMBEDDING_DIM; i++) a[i] = data[n * EMBEDDING_DIM + i] - this.mean1[i];
      const na = rowNorm(a, sq);
      if (na === 0) return { equalsMean: n };
      for (let i = 0; i < EMBEDDING_DIM; i++) a[i] = sqrtIn * (a[i] / na);
    }
    // ldaᵀ · a for every row (each a nearly exact dot product), then − mean2 and √128 · l2(·)
    compensatedMatmulNT(A, this.ldaT, rows, LDA_DIM, EMBEDDING_DIM, out);
    for (let n = 0; n < rows; n++) {
      const b = out.subarray(n * LDA_DIM, (n + 1) * LDA_DIM);
      for (let j = 0; j < LDA_DIM; j++) b[j] -= this.mean2[j];
      const nb = rowNorm(b, sq);
      for (let j = 0; j < LDA_DIM; j++) b[j] = sqrtOut * (b[j] / nb);
    }
    return 'done';
  }

  /** pyannote `plda_tf`: `(x − mu) · E` with E the descending eigenvectors (first 128 columns). */
  pldaTransform(postXvec: Matrix64): Matrix64 {
    const { rows, cols, data } = postXvec;
    if (cols !== LDA_DIM) throw new VbxError('INVALID_INPUT', `PLDA input must have ${LDA_DIM} dimensions (got ${cols})`);
    if (data.length !== rows * cols) throw new VbxError('INVALID_INPUT', `PLDA input has ${data.length} values, expected ${rows}×${cols}`);
    const out = new Float64Array(rows * LDA_DIM);
    if (nativePldaProject(data, rows, this.mu, this.eigenvectors, out)) return { data: out, rows, cols: LDA_DIM };
    const centred = new Float64Array(rows * LDA_DIM);
    for (let n = 0; n < rows; n++) for (let i = 0; i < LDA_DIM; i++) centred[n * LDA_DIM + i] = data[n * cols + i] - this.mu[i];
    return { data: compensatedMatmulNT(centred, this.eigenvectorsT, rows, LDA_DIM, LDA_DIM, out), rows, cols: LDA_DIM };
  }

  /**
   * `pldaTransform(xvecTransform(x))` — pyannote `PLDA.__call__`. The native kernels run both
   * stages in one pass over the rows, with the same values (the weights are laid out for them at
   * the first call).
   */
  transform(x: Matrix32 | Matrix64): Matrix64 {
    const { rows, data } = checkEmbeddings(x);
    const out = nativeOutputF64(rows * LDA_DIM);
    if (this.native === null) this.native = nativePldaWeights(this.mean1, this.lda, this.mean2, this.mu, this.eigenvectors);
    const outcome = this.native ? this.native.transform(data, rows, out) : nativePldaTransform(data, rows, this.mean1, this.lda, this.mean2, this.mu, this.eigenvectors, out);
    if (outcome === undefined) return this.pldaTransform(this.xvecTransform(x));
    rejectOn(outcome, data);
    return { data: out, rows, cols: LDA_DIM };
  }
}
