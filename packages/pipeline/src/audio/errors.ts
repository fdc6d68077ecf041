// The one error type of the audio stage: every way a recording can fail to become samples.

/**
 * Why audio could not be read:
 * - `NOT_WAV`: bytes given to the WAV decoder are not RIFF/WAVE;
 * - `CORRUPT`: a WAV header is inconsistent (no fmt or data chunk, impossible sizes);
 * - `UNSUPPORTED`: a WAV encoding the built-in reader does not decode (and FFmpeg is absent);
 * - `NON_FINITE`: a decoded sample is NaN or ±Infinity;
 * - `FFMPEG_NOT_FOUND`: the input is not WAV and no `ffmpeg` could be found;
 * - `FFMPEG_FAILED`: ffmpeg ran but could not decode the input;
 * - `NO_AUDIO_STREAM`: the file decodes but holds no audio (e.g. a video without sound).
 */
export type AudioErrorCode = 'NOT_WAV' | 'CORRUPT' | 'UNSUPPORTED' | 'NON_FINITE' | 'FFMPEG_NOT_FOUND' | 'FFMPEG_FAILED' | 'NO_AUDIO_STREAM';

/** Raised when a recording cannot be decoded; `code` says why, the message says what to do. */
export class AudioError extends Error {
  readonly code: AudioErrorCode;
  constructor(code: AudioErrorCode, message: string) {
    super(message);
    this.name = 'AudioError';
    this.code = code;
  }
}
