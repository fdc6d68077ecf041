// Neumaier-compensated (improved Kahan–Babuška) summation in float64.
import { sameLength } from './errors';
import { native, NATIVE_MIN_LENGTH } from './backend';

/**
 * Σ x[i] with Neumaier compensation: error of each addition is tracked in a second
 * accumulator and added back at the end. Accurate to ~1 ulp of the result for any ordering
 * of magnitudes, where naive summation loses up to n·ε·Σ|x|. NaN/Inf propagate.
 */
export function neumaierSum(x: Float64Array): number {
  if (native && x.length >= NATIVE_MIN_LENGTH) return native.neumaierSum(x);
  let s = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  // An infinite running sum makes the compensation NaN (∞ − ∞): report the sum itself.
  return Number.isFinite(s) ? s + c : s;
}

/** Σ a[i]·b[i] with Neumaier-compensated accumulation of the float64 products. */
export function neumaierDot(a: Float64Array, b: Float64Array): number {
  sameLength('neumaierDot', a, b);
  if (native && a.length >= NATIVE_MIN_LENGTH) return native.neumaierDot(a, b);
  let s = 0;
  let c = 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] * b[i];
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  // An infinite running sum makes the compensation NaN (∞ − ∞): report the sum itself.
  return Number.isFinite(s) ? s + c : s;
}

/**
 * Strided Neumaier sum: Σ_i x[offset + i·stride] for i < count. Used for column sums of
 * row-major matrices without copying.
 */
export function neumaierSumStrided(x: Float64Array, offset: number, stride: number, count: number): number {
  let s = 0;
  let c = 0;
  for (let i = 0, p = offset; i < count; i++, p += stride) {
    const v = x[p];
    const t = s + v;
    if (Math.abs(s) >= Math.abs(v)) c += s - t + v;
    else c += v - t + s;
    s = t;
  }
  // An infinite running sum makes the compensation NaN (∞ − ∞): report the sum itself.
  return Number.isFinite(s) ? s + c : s;
}
