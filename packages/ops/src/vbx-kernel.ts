// Native entry of the VBx loop (the algorithm, its TypeScript form and its checks live in
// @dia/vbx; this module only reaches the Rust kernel).
import { expectLength } from './errors';
import { native } from './backend';

/** pyannote VBx options, as `nativeVbx` takes them. */
export interface VbxKernelOptions {
  fa: number;
  fb: number;
  maxIters: number;
  epsilon: number;
}

/**
 * pyannote.audio's `VBx` loop in the native kernels (@dia/vbx's TypeScript loop statement for
 * statement, compensated products, vector exp). `gamma` (N × K) holds qinit on entry and the
 * responsibilities on return; `pi` (K) and `elbo` (≥ maxIters) are written. Returns the number of
 * iterations, or undefined when the native addon is not loaded.
 */
export function nativeVbx(x: Float64Array, phi: Float64Array, gamma: Float64Array, n: number, d: number, k: number, options: VbxKernelOptions, pi: Float64Array, elbo: Float64Array): number | undefined {
  if (!native?.vbx) return undefined;
  expectLength('nativeVbx', 'x', x, n * d);
  expectLength('nativeVbx', 'phi', phi, d);
  expectLength('nativeVbx', 'gamma', gamma, n * k);
  expectLength('nativeVbx', 'pi', pi, k);
  expectLength('nativeVbx', 'elbo', elbo, options.maxIters);
  return native.vbx(x, phi, gamma, n, d, k, options.fa, options.fb, options.maxIters, options.epsilon, pi, elbo);
}
