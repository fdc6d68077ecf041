/** What went wrong with a diarization job, as the `code` of a {@link QueueError}. */
export type QueueErrorCode =
  /** The job's data is not a diarization job (missing or mistyped fields). */
  | 'INVALID_JOB'
  /** `numSpeakers`, `minSpeakers`, `maxSpeakers`, `uri` or `batchSize` is out of range. */
  | 'INVALID_OPTIONS'
  /** The audio path does not name a readable file on this machine. */
  | 'AUDIO_NOT_FOUND'
  /** The audio's SHA-256 is not the one the job was enqueued with (the file changed since). */
  | 'AUDIO_CHANGED'
  /** An http(s) download was refused for good (4xx other than 408/429). */
  | 'DOWNLOAD_REFUSED'
  /** An http(s) download failed in a way that may pass (5xx, 408, 429, network error). */
  | 'DOWNLOAD_FAILED'
  /** The diarization thread died (out of memory, native crash); the job is retried. */
  | 'THREAD_EXITED'
  /** The Redis URL given to the CLI or `redisConnection()` cannot be used. */
  | 'INVALID_REDIS_URL'
  /** Redis did not answer in time (a CLI command gives up rather than wait forever). */
  | 'REDIS_UNREACHABLE';

const RETRYABLE: ReadonlySet<QueueErrorCode> = new Set(['DOWNLOAD_FAILED', 'THREAD_EXITED']);

/** Error of `@dia/queue`; `code` says what went wrong, `retryable` whether trying again can help. */
export class QueueError extends Error {
  readonly code: QueueErrorCode;
  constructor(code: QueueErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueError';
    this.code = code;
  }

  /** True for failures that may pass on another attempt (network, a crashed thread). */
  get retryable(): boolean {
    return RETRYABLE.has(this.code);
  }
}
