// The diarization queue: creating it, adding jobs (content-derived ids: the same work is one job),
// and following jobs until they finish.
import { resolve } from 'node:path';
import { Queue, type ConnectionOptions, type Job, type JobState } from 'bullmq';
import { isAudioUrl, openAudio, sha256File } from './audio-source';
import { redisConnection } from './connection';
import { parseFailureReason } from './failure';
import { contentJobId } from './job-id';
import { validateJobOptions } from './job-options';
import type { DiarizationJobData, DiarizationJobOptions, DiarizationJobProgress, DiarizationJobResult } from './job-types';

/** Name of the queue when none is given (`dia worker --queue`, `createWorker({ queue })`). */
export const DEFAULT_QUEUE_NAME = 'dia';
/** BullMQ job name of diarization jobs. */
export const DIARIZE_JOB_NAME = 'diarize';

/** A BullMQ queue of diarization jobs. */
export type DiarizationQueue = Queue<DiarizationJobData, DiarizationJobResult, typeof DIARIZE_JOB_NAME>;
/** A BullMQ job of a diarization queue. */
export type DiarizationJob = Job<DiarizationJobData, DiarizationJobResult, typeof DIARIZE_JOB_NAME>;

/** Where the queue lives: a redis:// URL or BullMQ connection options, and the queue's name. */
export interface QueueLocation {
  connection: string | ConnectionOptions;
  /** Queue name (default `dia`). */
  queue?: string;
  /** Redis key prefix (BullMQ's default `bull`). */
  prefix?: string;
}

/** The BullMQ `connection` for a URL or options. */
export function toConnection(connection: string | ConnectionOptions): ConnectionOptions {
  return typeof connection === 'string' ? redisConnection(connection) : connection;
}

/** Opens the diarization queue (close it with `queue.close()`). */
export function createDiarizationQueue(location: QueueLocation): DiarizationQueue {
  return new Queue<DiarizationJobData, DiarizationJobResult, typeof DIARIZE_JOB_NAME>(location.queue ?? DEFAULT_QUEUE_NAME, {
    connection: toConnection(location.connection),
    ...(location.prefix ? { prefix: location.prefix } : {}),
  });
}

/** Options of {@link enqueueDiarization}: the `diarize()` options plus how the job is stored and retried. */
export interface EnqueueDiarizationOptions extends DiarizationJobOptions {
  /** A directory every worker can write: `<uri>.rttm` and `<uri>.json` are written there atomically. */
  out?: string;
  /**
   * How the job id is chosen. `'content'` (default): SHA-256 of the audio bytes and the canonical
   * options, so the same work enqueued twice is one job (a URL is downloaded once to hash it).
   * `'auto'`: BullMQ's own counter. Any other string: that id.
   */
  jobId?: 'content' | 'auto' | (string & {});
  /** Attempts for failures that may pass (input errors are never retried). Default 3. */
  attempts?: number;
  /** First back-off delay before a retry in ms, doubled at each attempt. Default 10 000. */
  backoffMs?: number;
  /** BullMQ priority (1 = highest; default none: first in, first out). */
  priority?: number;
}

/** What {@link enqueueDiarization} did. */
export interface EnqueuedDiarization {
  id: string;
  /** True when a job with this id already existed: nothing was added. */
  duplicate: boolean;
  /** The job's state right after enqueueing. */
  state: JobState | 'unknown';
  /** The existing job's result, when it has already completed. */
  result?: DiarizationJobResult;
  job: DiarizationJob;
}

async function audioSha256(audio: string): Promise<string> {
  if (!isAudioUrl(audio)) return sha256File(audio);
  const local = await openAudio(audio);
  try {
    return await sha256File(local.path);
  } finally {
    await local.release();
  }
}

/**
 * Adds a diarization of `input` (a path — made absolute here, and it must be the same path on every
 * worker — or an http(s) URL) to the queue. With content-derived ids (the default) the same audio
 * with the same options is one job: enqueueing it again adds nothing and returns the existing job,
 * with its result when it has completed. Options are validated here (`QueueError`
 * `INVALID_OPTIONS`), so a bad option never reaches a worker.
 */
export async function enqueueDiarization(queue: DiarizationQueue, input: string, options: EnqueueDiarizationOptions = {}): Promise<EnqueuedDiarization> {
  const { out, jobId = 'content', attempts = 3, backoffMs = 10_000, priority, ...diarizeOptions } = options;
  const jobOptions = validateJobOptions(diarizeOptions);
  const audio = isAudioUrl(input) ? input : resolve(input);
  const data: DiarizationJobData = { audio, options: jobOptions, ...(out !== undefined ? { out: resolve(out) } : {}) };
  let id: string | undefined;
  if (jobId === 'content') {
    data.audioSha256 = await audioSha256(audio);
    id = contentJobId(data.audioSha256, jobOptions);
  } else if (jobId !== 'auto') {
    id = jobId;
  }
  if (id !== undefined) {
    // the state first, then the job: a job read before it completed would carry no return value
    const state = await queue.getJobState(id);
    const existing = state === 'unknown' ? undefined : await queue.getJob(id);
    if (existing) return { id, duplicate: true, state, job: existing, ...(state === 'completed' ? { result: existing.returnvalue } : {}) };
  }
  const job = await queue.add(DIARIZE_JOB_NAME, data, {
    ...(id !== undefined ? { jobId: id } : {}),
    attempts,
    backoff: { type: 'exponential', delay: backoffMs },
    ...(priority !== undefined ? { priority } : {}),
    removeOnComplete: false,
    removeOnFail: false,
  });
  return { id: job.id as string, duplicate: false, state: await job.getState(), job };
}

/** Where a followed job stands. */
export type FollowedJob =
  | { id: string; state: 'completed'; result: DiarizationJobResult }
  | { id: string; state: 'failed'; code: string | undefined; message: string; attemptsMade: number }
  | { id: string; state: 'pending'; jobState: JobState | 'unknown'; progress: DiarizationJobProgress | undefined; attemptsMade: number };

/** Options of {@link waitForDiarizations}. */
export interface WaitOptions {
  /** Called with each job's standing whenever it changes. */
  onUpdate?: (job: FollowedJob) => void;
  /** Polling period in ms (default 500). */
  pollMs?: number;
  signal?: AbortSignal;
}

async function standing(queue: DiarizationQueue, id: string): Promise<FollowedJob> {
  // the state first, then the job: a job read before it completed would carry no return value
  const state = await queue.getJobState(id);
  const job = state === 'unknown' ? undefined : await queue.getJob(id);
  if (!job) return { id, state: 'failed', code: 'JOB_MISSING', message: `job ${id} is not in the queue (removed?)`, attemptsMade: 0 };
  if (state === 'completed') return { id, state: 'completed', result: job.returnvalue };
  if (state === 'failed') return { id, state: 'failed', ...parseFailureReason(job.failedReason ?? ''), attemptsMade: job.attemptsMade };
  const progress = typeof job.progress === 'object' && job.progress !== null ? (job.progress as unknown as DiarizationJobProgress) : undefined;
  return { id, state: 'pending', jobState: state, progress, attemptsMade: job.attemptsMade };
}

/**
 * Follows jobs until each has completed or failed for good (retries exhausted or not retryable),
 * polling Redis; a Redis outage only delays it. Resolves with every job's final standing, in the
 * order of `ids`.
 */
export async function waitForDiarizations(queue: DiarizationQueue, ids: readonly string[], options: WaitOptions = {}): Promise<FollowedJob[]> {
  const final = new Map<string, FollowedJob>();
  const last = new Map<string, string>();
  const pollMs = options.pollMs ?? 500;
  while (final.size < ids.length) {
    options.signal?.throwIfAborted();
    for (const id of ids) {
      if (final.has(id)) continue;
      let now: FollowedJob;
      try {
        now = await standing(queue, id);
      } catch {
        continue; // Redis unreachable for now: ask again next round
      }
      const key = JSON.stringify(now.state === 'pending' ? [now.jobState, now.progress, now.attemptsMade] : now.state);
      if (last.get(id) !== key) {
        last.set(id, key);
        options.onUpdate?.(now);
      }
      if (now.state !== 'pending') final.set(id, now);
    }
    if (final.size < ids.length) await new Promise((r) => setTimeout(r, pollMs));
  }
  return ids.map((id) => final.get(id) as FollowedJob);
}

type ResultSummary = Pick<DiarizationJobResult, 'uri' | 'speakers' | 'segments'>;

/**
 * Results as `dia diarize` prints them: RTTM of each in turn, or JSON `{ uri, speakers, segments }`
 * (an array for several results).
 */
export function formatJobResults(results: readonly (ResultSummary & Pick<DiarizationJobResult, 'rttm'>)[], format: 'rttm' | 'json'): string {
  if (format === 'rttm') return results.map((r) => r.rttm).join('');
  const json = results.map((r) => ({ uri: r.uri, speakers: r.speakers, segments: r.segments }));
  return `${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`;
}
