/** Error thrown by `linearSumAssignment` for input scipy also rejects. */
export class LsapError extends Error {
  readonly code: 'INVALID_ENTRY' | 'INFEASIBLE' | 'BAD_SHAPE';
  constructor(code: LsapError['code'], message: string) {
    super(message);
    this.name = 'LsapError';
    this.code = code;
  }
}
