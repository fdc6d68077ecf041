// Dot products with float64 accumulation.
import { sameLength } from './errors';
import { native, NATIVE_MIN_LENGTH } from './backend';

/**
 * Σ a[i]·b[i] of two float32 vectors, each product computed exactly in float64 (a product of
 * two float32 values is exact in binary64) and accumulated sequentially in float64.
 */
export function dotF32F64(a: Float32Array, b: Float32Array): number {
  sameLength('dotF32F64', a, b);
  if (native && a.length >= NATIVE_MIN_LENGTH) return native.dotF32(a, b, false);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Σ f32(a[i]·b[i]): products rounded to float32 (as a float32 multiply does), accumulated
 * sequentially in float64. This is the accumulation SPEC.md prescribes for the mel matmul.
 */
export function dotF32RoundedF64(a: Float32Array, b: Float32Array): number {
  sameLength('dotF32RoundedF64', a, b);
  if (native && a.length >= NATIVE_MIN_LENGTH) return native.dotF32(a, b, true);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.fround(a[i] * b[i]);
  return s;
}

/** Plain sequential float64 dot product. */
export function dotF64(a: Float64Array, b: Float64Array): number {
  sameLength('dotF64', a, b);
  if (native && a.length >= NATIVE_MIN_LENGTH) return native.dotF64(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
