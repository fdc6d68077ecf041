/** Error raised by the diarization back end on inconsistent or invalid inputs. */
export class PipelineError extends Error {
  readonly code: 'SHAPE_MISMATCH' | 'INVALID_INPUT' | 'INVALID_OPTION';
  constructor(code: PipelineError['code'], message: string) {
    super(message);
    this.name = 'PipelineError';
    this.code = code;
  }
}

/** Error raised while loading or running the ONNX models (or finding them in the model cache). */
export class InferenceError extends Error {
  readonly code: 'MODEL_NOT_FOUND' | 'MODEL_SIGNATURE' | 'NON_FINITE_OUTPUT' | 'ABORTED' | 'INVALID_INPUT' | 'EXECUTION_PROVIDER';
  constructor(code: InferenceError['code'], message: string) {
    super(message);
    this.name = 'InferenceError';
    this.code = code;
  }
}
