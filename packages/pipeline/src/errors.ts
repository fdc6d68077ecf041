/** Error raised by the diarization back end on inconsistent or invalid inputs. */
export class PipelineError extends Error {
  readonly code: 'SHAPE_MISMATCH' | 'INVALID_INPUT' | 'INVALID_OPTION';
  constructor(code: PipelineError['code'], message: string) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
  }
}
