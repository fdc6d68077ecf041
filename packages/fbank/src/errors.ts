/** Error thrown for invalid fbank options or input. */
export class FbankError extends Error {
  readonly code: 'INVALID_OPTION' | 'INVALID_INPUT';
  constructor(code: FbankError['code'], message: string) {
    super(message);
    this.name = 'FbankError';
    this.code = code;
  }
}
