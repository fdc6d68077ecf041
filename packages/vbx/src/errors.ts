/** Error thrown by @dia/vbx for invalid inputs, options or model files. */
export class VbxError extends Error {
  readonly code: 'INVALID_INPUT' | 'INVALID_OPTION' | 'MODEL_FILE';
  constructor(code: VbxError['code'], message: string) {
    super(message);
    this.name = 'VbxError';
    this.code = code;
  }
}
