// Which failures of a job are worth another attempt. Input errors (a missing or undecodable file,
// bad options) fail the same way every time and are not retried; anything else (a download or
// Redis hiccup, an onnxruntime failure, a crashed thread) may pass and is retried with back-off.
import { QueueError } from './errors';

/** A job failure: `code` (the typed error's code, else the error's name), message, and whether to retry. */
export interface JobFailure {
  code: string;
  message: string;
  retryable: boolean;
}

// @dia/pipeline's typed errors whose codes depend only on the input (same audio, same options, same failure)
const INPUT_ERRORS: Record<string, ((code: string | undefined) => boolean) | undefined> = {
  // NOT_WAV, CORRUPT, UNSUPPORTED, NON_FINITE, FFMPEG_FAILED, NO_AUDIO_STREAM; a worker without
  // ffmpeg (FFMPEG_NOT_FOUND) is this machine's problem, and another worker may have it
  AudioError: (code) => code !== 'FFMPEG_NOT_FOUND',
  PipelineError: () => true, // INVALID_OPTION, INVALID_INPUT, SHAPE_MISMATCH
  InferenceError: (code) => code === 'INVALID_INPUT' || code === 'NON_FINITE_OUTPUT',
};

/** Classifies an error thrown while processing a job (see the file comment). */
export function classifyFailure(err: unknown): JobFailure {
  if (!(err instanceof Error)) return { code: 'ERROR', message: String(err), retryable: true };
  const raw = (err as Error & { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : err.name;
  if (err instanceof QueueError) return { code, message: err.message, retryable: err.retryable };
  const isInput = INPUT_ERRORS[err.name];
  return { code, message: err.message, retryable: !(isInput && isInput(typeof raw === 'string' ? raw : undefined)) };
}

/** The `failedReason` a failed job carries: `CODE: message`. */
export function formatFailureReason(failure: Pick<JobFailure, 'code' | 'message'>): string {
  return `${failure.code}: ${failure.message}`;
}

/** Splits a `failedReason` back into code and message (code undefined for reasons not written by dia). */
export function parseFailureReason(reason: string): { code: string | undefined; message: string } {
  const match = /^([A-Z][A-Z0-9_]*): ([\s\S]*)$/.exec(reason);
  return match ? { code: match[1], message: match[2] } : { code: undefined, message: reason };
}
