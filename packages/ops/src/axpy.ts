// y ← α·x + y.
import { sameLength } from './errors';
import { native } from './backend';

/** In place `y[i] += alpha * x[i]` (BLAS daxpy semantics, no FMA). */
export function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  sameLength('axpy', x, y);
  if (native) return native.axpy(alpha, x, y);
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}
