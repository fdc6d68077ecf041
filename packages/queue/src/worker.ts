// createWorker(): a BullMQ worker that diarizes jobs of the diarization queue on its own threads.
import { availableParallelism, hostname } from 'node:os';
import { join } from 'node:path';
import { UnrecoverableError, Worker } from 'bullmq';
import { defaultThreads } from '@dia/pipeline';
import { audioStem, openAudio, sha256File } from './audio-source';
import { writeFileAtomic } from './atomic-write';
import { QueueError } from './errors';
import { classifyFailure, formatFailureReason, parseFailureReason } from './failure';
import { validateJobData } from './job-options';
import type { DiarizationJobData, DiarizationJobProgress, DiarizationJobResult } from './job-types';
import { DEFAULT_QUEUE_NAME, DIARIZE_JOB_NAME, formatJobResults, toConnection, type DiarizationJob, type QueueLocation } from './queue';
import { DiarizationThreadPool } from './thread-pool';
import type { ThreadModels } from './thread-protocol';

/** Options of {@link createWorker}. */
export interface CreateWorkerOptions extends QueueLocation, ThreadModels {
  /** Jobs diarized at once by this process, each on its own thread with its own models (default 1). */
  concurrency?: number;
  /** onnxruntime intra-op threads per model and job (default: the CPUs divided by `concurrency`, at least 1, at most 8). */
  threads?: number;
  /** How long a job's lock lasts without renewal; a worker silent for longer is presumed dead (ms, default 30 000). */
  lockDurationMs?: number;
  /** How often this worker looks for jobs whose worker died (ms, default 30 000). */
  stalledIntervalMs?: number;
  /** How many times a job may be recovered from a dead worker before it fails (default 1, BullMQ's). */
  maxStalledCount?: number;
  /** This worker's name in `processedBy` and results (default `host:pid`). */
  name?: string;
  /** Directory for downloaded audio (default the system's temporary directory). */
  tmpDir?: string;
  /** Everything the worker does, as it happens (the CLI prints these). */
  onEvent?: (event: WorkerEvent) => void;
}

/** What a diarization worker reports through `onEvent`. */
export type WorkerEvent =
  | { type: 'ready'; worker: string; queue: string; concurrency: number; threads: number }
  | { type: 'active'; job: string; audio: string; attempt: number }
  | { type: 'progress'; job: string; progress: DiarizationJobProgress }
  | { type: 'completed'; job: string; uri: string; speakers: number; audioSeconds: number; processingMs: number }
  | { type: 'failed'; job: string; code: string | undefined; message: string; willRetry: boolean; attemptsMade: number }
  | { type: 'stalled'; job: string }
  | { type: 'error'; message: string }
  | { type: 'closing' }
  | { type: 'closed' };

/** A running diarization worker. */
export interface DiarizationWorker {
  /** `host:pid` unless named. */
  readonly name: string;
  /** The underlying BullMQ worker (events, pause/resume, …). */
  readonly worker: Worker<DiarizationJobData, DiarizationJobResult, typeof DIARIZE_JOB_NAME>;
  /** Takes no new job, lets the current ones finish, then releases the threads and connections. */
  close(): Promise<void>;
}

// share of the job each stage stands for in DiarizationJobProgress.fraction (embeddings dominate; README)
const STAGE_SPAN = { download: [0, 0], decoding: [0, 0.02], segmentation: [0.02, 0.1], embeddings: [0.1, 0.95], clustering: [0.95, 1] } as const;

function progressOf(stage: DiarizationJobProgress['stage'], done: number, total: number): DiarizationJobProgress {
  const [from, to] = STAGE_SPAN[stage];
  const part = total > 0 ? Math.min(1, done / total) : 0;
  return { stage, done, total, fraction: from + (to - from) * part };
}

/**
 * Starts a diarization worker: loads the models once per job slot (`concurrency` threads), then
 * takes jobs from the queue — on any number of processes and machines sharing one Redis. Each job's
 * audio is read from its path or downloaded, diarized exactly as `diarize()` would, its RTTM/JSON
 * written atomically to the job's `out` directory, and the result returned to BullMQ. Input errors
 * fail the job at once with their code (BullMQ `UnrecoverableError`); other failures are retried
 * with the job's back-off. A job whose worker dies is handed to another worker by BullMQ's
 * stalled-job check after `lockDurationMs`. Resolves once the models are loaded and the worker runs.
 */
export async function createWorker(options: CreateWorkerOptions): Promise<DiarizationWorker> {
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new QueueError('INVALID_OPTIONS', `concurrency must be a positive integer (got ${concurrency})`);
  const threads = options.threads ?? Math.max(1, Math.min(defaultThreads(), Math.floor(availableParallelism() / concurrency)));
  if (!Number.isInteger(threads) || threads < 1) throw new QueueError('INVALID_OPTIONS', `threads must be a positive integer (got ${threads})`);
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const queueName = options.queue ?? DEFAULT_QUEUE_NAME;
  const emit = (event: WorkerEvent) => options.onEvent?.(event);
  const connection = toConnection(options.connection);

  const pool = await DiarizationThreadPool.start(
    { models: { segmentationModel: options.segmentationModel, embeddingModel: options.embeddingModel, plda: options.plda }, threads },
    concurrency,
  );

  async function diarizeJob(job: DiarizationJob): Promise<DiarizationJobResult> {
    const started = Date.now();
    const id = job.id as string;
    const data = validateJobData(job.data);
    let lastReport = 0;
    let lastStage = '';
    const report = (progress: DiarizationJobProgress) => {
      const now = Date.now();
      if (progress.stage === lastStage && now - lastReport < 500 && progress.done < progress.total) return;
      lastReport = now;
      lastStage = progress.stage;
      emit({ type: 'progress', job: id, progress });
      // best effort: a Redis hiccup must not fail a diarization that is going well
      job.updateProgress(progress).catch(() => undefined);
    };
    const audio = await openAudio(data.audio, { tmpDir: options.tmpDir, onDownloadProgress: (done, total) => report(progressOf('download', done, total ?? done)) });
    try {
      if (data.audioSha256 !== undefined) {
        const actual = await sha256File(audio.path);
        if (actual !== data.audioSha256) {
          throw new QueueError('AUDIO_CHANGED', `the audio ${data.audio} has changed since the job was enqueued (SHA-256 ${actual}, expected ${data.audioSha256}): enqueue it again`);
        }
      }
      const uri = data.options.uri ?? audioStem(data.audio);
      const diarized = await pool.diarize(audio.path, { ...data.options, uri }, (stage, done, total) => report(progressOf(stage, done, total)));
      if (data.out !== undefined) {
        const stem = diarized.uri.replace(/[\\/]/g, '_');
        await writeFileAtomic(join(data.out, `${stem}.rttm`), diarized.rttm);
        await writeFileAtomic(join(data.out, `${stem}.json`), formatJobResults([diarized], 'json'));
      }
      return { ...diarized, processingMs: Date.now() - started, worker: name };
    } finally {
      await audio.release();
    }
  }

  const worker = new Worker<DiarizationJobData, DiarizationJobResult, typeof DIARIZE_JOB_NAME>(
    queueName,
    async (job) => {
      try {
        return await diarizeJob(job);
      } catch (err) {
        const failure = classifyFailure(err);
        const reason = formatFailureReason(failure);
        throw failure.retryable ? new Error(reason, { cause: err }) : new UnrecoverableError(reason);
      }
    },
    {
      connection,
      ...(options.prefix ? { prefix: options.prefix } : {}),
      name,
      concurrency,
      autorun: false,
      lockDuration: options.lockDurationMs ?? 30_000,
      stalledInterval: options.stalledIntervalMs ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 1,
    },
  );
  worker.on('active', (job) => emit({ type: 'active', job: job.id as string, audio: String(job.data?.audio), attempt: job.attemptsMade + 1 }));
  worker.on('completed', (job, result) =>
    emit({ type: 'completed', job: job.id as string, uri: result.uri, speakers: result.speakers.length, audioSeconds: result.audioSeconds, processingMs: result.processingMs }),
  );
  worker.on('failed', (job, err) => {
    if (!job) return;
    const { code, message } = parseFailureReason(err.message);
    const willRetry = !(err instanceof UnrecoverableError) && job.attemptsMade < (job.opts.attempts ?? 1);
    emit({ type: 'failed', job: job.id as string, code, message, willRetry, attemptsMade: job.attemptsMade });
  });
  worker.on('stalled', (jobId) => emit({ type: 'stalled', job: jobId }));
  worker.on('error', (err) => emit({ type: 'error', message: err.message }));

  // run() resolves only when the worker closes; its failures arrive as 'error' events
  const running = worker.run().catch((err: Error) => emit({ type: 'error', message: err.message }));
  await worker.waitUntilReady();
  emit({ type: 'ready', worker: name, queue: queueName, concurrency, threads });

  let closing: Promise<void> | undefined;
  return {
    name,
    worker,
    close() {
      closing ??= (async () => {
        emit({ type: 'closing' });
        await worker.close();
        await running;
        await pool.close();
        emit({ type: 'closed' });
      })();
      return closing;
    },
  };
}
