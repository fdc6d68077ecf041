/** Error thrown by @dia/ahc for invalid input or problems too large to cluster in memory. */
export class AhcError extends Error {
  readonly code: 'INVALID_INPUT' | 'TOO_LARGE' | 'INVALID_OPTION';
  constructor(code: AhcError['code'], message: string) {
    super(message);
    this.name = 'AhcError';
    this.code = code;
  }
}
