/**
 * Error thrown for unreadable transcripts, invalid diarizations and bad options. `file`, `line`
 * and `path` (a JSON path such as `$.segments[3].words[2].start`) say where, when known.
 */
export class TranscriptError extends Error {
  /** PARSE: malformed text; FORMAT: not a known transcript format; INVALID: bad values or options. */
  readonly code: 'PARSE' | 'FORMAT' | 'INVALID';
  readonly file?: string;
  /** 1-based line number. */
  readonly line?: number;
  /** JSON path of the offending value. */
  readonly path?: string;
  constructor(code: TranscriptError['code'], message: string, where: { file?: string; line?: number; path?: string } = {}) {
    const at = [where.file, where.line === undefined ? undefined : `line ${where.line}`, where.path].filter((x) => x !== undefined).join(': ');
    super(at ? `${at}: ${message}` : message);
    this.name = 'TranscriptError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.path = where.path;
  }
}
