/** Error thrown by @dia/ops kernels on bad arguments (length mismatch, bad shape, bad backend). */
export class OpsError extends Error {
  readonly code: 'LENGTH_MISMATCH' | 'BAD_SHAPE' | 'BACKEND_UNAVAILABLE';
  constructor(code: OpsError['code'], message: string) {
    super(message);
    this.name = 'OpsError';
    this.code = code;
  }
}

/** Throws LENGTH_MISMATCH unless `a` and `b` have the same length. */
export function sameLength(name: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new OpsError('LENGTH_MISMATCH', `${name}: lengths differ (${a.length} vs ${b.length})`);
}

/** Throws BAD_SHAPE unless `arr` holds exactly `expected` elements. */
export function expectLength(name: string, what: string, arr: ArrayLike<number>, expected: number): void {
  if (!Number.isInteger(expected) || expected < 0) throw new OpsError('BAD_SHAPE', `${name}: invalid ${what} size ${expected}`);
  if (arr.length !== expected) throw new OpsError('BAD_SHAPE', `${name}: ${what} has ${arr.length} elements, expected ${expected}`);
}
