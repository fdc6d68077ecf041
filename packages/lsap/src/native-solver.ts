// The default entry's solver: the Rust kernel of @dia/ops when its native addon is loaded, the
// TypeScript solver otherwise (and for tiny matrices, where calling into the addon costs more than
// solving).
import { nativeLinearSumAssignment } from '@dia/ops';
import { LsapError } from './errors';
import { toMatrix, type Assignment, type CostMatrix, type LsapOptions } from './cost-matrix';
import { linearSumAssignment as linearSumAssignmentTs } from './linear-sum-assignment';

/**
 * Below this many entries (rows × cols) the TypeScript solver is faster than a call into the
 * native addon, whose fixed cost is a few microseconds (measured side by side on 3×7 … 8×8 and
 * 3×30 … 30×3 matrices); both give the same assignment.
 */
export const NATIVE_MIN_ENTRIES = 64;

/**
 * The native solver on `cost` (scipy's algorithm in Rust), or undefined when the native addon is
 * not loaded. Same answers and errors as `linearSumAssignment`; exposed for tests and benchmarks.
 */
export function linearSumAssignmentNative(cost: number[][] | CostMatrix, options: LsapOptions = {}): Assignment | undefined {
  const m = toMatrix(cost);
  const k = Math.min(m.rows, m.cols);
  const [rowInd, colInd] = outputBuffers(k);
  const data = m.data instanceof Float64Array ? m.data : Float64Array.from(m.data);
  const outcome = nativeLinearSumAssignment(data, m.rows, m.cols, options.maximize === true, rowInd, colInd);
  if (outcome === undefined) return undefined;
  if (outcome === 'invalid-entry') throw new LsapError('INVALID_ENTRY', 'matrix contains invalid numeric entries (NaN, or −inf when minimising / +inf when maximising)');
  if (outcome === 'infeasible') throw new LsapError('INFEASIBLE', 'cost matrix is infeasible');
  // the caller owns its result: copies (small ones stay in V8's heap, where they are cheap)
  return k <= CACHED_OUTPUTS ? { rowInd: rowInd.slice(), colInd: colInd.slice() } : { rowInd, colInd };
}

/**
 * Sizes up to which the output arrays handed to the addon are kept and reused. V8 keeps a new
 * typed array of ≤ 64 bytes inside its heap and must move it out before native code can write it,
 * which costs about 1 µs per array: more than solving an 8×8 matrix. Larger ones are allocated
 * outside the heap anyway.
 */
const CACHED_OUTPUTS = 64;
const cachedOutputs: ([Int32Array, Int32Array] | undefined)[] = [];

/** Two arrays of length k for the addon to write: kept per size up to CACHED_OUTPUTS, else new. */
function outputBuffers(k: number): [Int32Array, Int32Array] {
  if (k > CACHED_OUTPUTS) return [new Int32Array(k), new Int32Array(k)];
  let pair = cachedOutputs[k];
  if (!pair) {
    // views of one ArrayBuffer: allocated outside the heap from the start
    const buffer = new ArrayBuffer(Math.max(2 * k * 4, 128));
    pair = cachedOutputs[k] = [new Int32Array(buffer, 0, k), new Int32Array(buffer, k * 4, k)];
  }
  return pair;
}

/**
 * Solves the rectangular linear sum assignment problem exactly as
 * `scipy.optimize.linear_sum_assignment(cost, maximize)` does, including which of several optimal
 * assignments is returned. Rows are returned ascending; when rows > cols only `cols` rows are
 * assigned. Runs scipy's algorithm natively when `@dia/ops` has its addon, in TypeScript otherwise
 * (`@dia/lsap/pure` is the TypeScript solver alone). Throws `LsapError` for NaN, for −∞
 * (minimising) / +∞ (maximising) entries, for infeasible matrices and for malformed input.
 */
export function linearSumAssignment(cost: number[][] | CostMatrix, options: LsapOptions = {}): Assignment {
  const m = toMatrix(cost);
  if (m.rows * m.cols >= NATIVE_MIN_ENTRIES) {
    const solved = linearSumAssignmentNative(m, options);
    if (solved) return solved;
  }
  return linearSumAssignmentTs(m, options);
}
