// Native entry of the linear sum assignment solver (the algorithm and its TypeScript fallback
// live in @dia/lsap; this module only reaches the Rust kernel).
import { expectLength } from './errors';
import { native } from './backend';

/** How a native solve ended (scipy's outcomes). */
export type LsapKernelOutcome = 'solved' | 'invalid-entry' | 'infeasible';

const OUTCOMES: LsapKernelOutcome[] = ['solved', 'invalid-entry', 'infeasible'];

/**
 * `scipy.optimize.linear_sum_assignment(cost, maximize)` in the native kernels (scipy's
 * `rectangular_lsap.cpp` loop for loop, same tie-breaking on every SIMD level). Writes
 * min(rows, cols) pairs into `rowInd` (ascending) and `colInd`. Returns undefined when the native
 * addon is not loaded, so that the caller runs its TypeScript solver instead.
 */
export function nativeLinearSumAssignment(cost: Float64Array, rows: number, cols: number, maximize: boolean, rowInd: Int32Array, colInd: Int32Array): LsapKernelOutcome | undefined {
  if (!native?.linearSumAssignment) return undefined;
  expectLength('nativeLinearSumAssignment', 'cost', cost, rows * cols);
  expectLength('nativeLinearSumAssignment', 'rowInd', rowInd, Math.min(rows, cols));
  expectLength('nativeLinearSumAssignment', 'colInd', colInd, Math.min(rows, cols));
  return OUTCOMES[native.linearSumAssignment(cost, rows, cols, maximize, rowInd, colInd)];
}
