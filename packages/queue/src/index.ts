// @dia/queue — speaker diarization on many machines through BullMQ/Redis: workers that load the
// models once and take jobs, content-derived job ids, faults that lose nothing.
export { createWorker } from './worker';
export type { CreateWorkerOptions, DiarizationWorker, WorkerEvent } from './worker';

export {
  enqueueDiarization, createDiarizationQueue, waitForDiarizations, DEFAULT_QUEUE_NAME, DIARIZE_JOB_NAME,
} from './queue';
export type {
  DiarizationQueue, DiarizationJob, QueueLocation, EnqueueDiarizationOptions, EnqueuedDiarization, FollowedJob, WaitOptions,
} from './queue';

export type { DiarizationJobData, DiarizationJobOptions, DiarizationJobResult, DiarizationJobProgress, DiarizationJobTurn } from './job-types';
export { validateJobOptions, validateJobData, canonicalJobOptions } from './job-options';
export { contentJobId, CONTENT_ID_PREFIX } from './job-id';
export { classifyFailure, formatFailureReason, parseFailureReason } from './failure';
export type { JobFailure } from './failure';
export { QueueError } from './errors';
export type { QueueErrorCode } from './errors';
export { redisConnection, defaultRedisUrl } from './connection';
export { isAudioUrl, audioStem, openAudio, sha256File } from './audio-source';
export type { LocalAudio, OpenAudioOptions } from './audio-source';
export { writeFileAtomic } from './atomic-write';

// `dia worker|enqueue|jobs` (the @dia/pipeline executable) finds this package at run time and calls
// this: argv[0] is the command; resolves to the exit code.
export { main as runDiaCommand } from './cli/main';
export type { Io as CommandIo } from './cli/io';
