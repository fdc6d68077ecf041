/** Error raised while loading or running the ONNX models. */
export class InferenceError extends Error {
  readonly code: 'MODEL_NOT_FOUND' | 'MODEL_SIGNATURE' | 'NON_FINITE_OUTPUT' | 'ABORTED' | 'INVALID_INPUT';
  constructor(code: InferenceError['code'], message: string) {
    super(message);
    this.name = 'InferenceError';
    this.code = code;
  }
}
