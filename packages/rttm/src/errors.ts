/** Error thrown for malformed RTTM text or invalid annotations/options. */
export class RttmError extends Error {
  readonly code: 'PARSE' | 'INVALID';
  /** 1-based line number for parse errors. */
  readonly line?: number;
  constructor(code: RttmError['code'], message: string, line?: number) {
    super(message);
    this.name = 'RttmError';
    this.code = code;
    this.line = line;
  }
}
