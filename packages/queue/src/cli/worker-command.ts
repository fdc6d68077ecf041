// `dia worker`: a long-running diarization worker process.
import { createWorker, type WorkerEvent } from '../worker';
import { defaultRedisUrl, redactRedisUrl } from '../connection';
import { DEFAULT_QUEUE_NAME } from '../queue';
import { HELP } from './help';
import { parseCommand, positiveInteger, UsageError, wantsHelp } from './args';
import type { Io } from './io';

function describe(event: WorkerEvent): string | undefined {
  switch (event.type) {
    case 'ready':
      return `ready: queue ${event.queue}, ${event.concurrency} job(s) at once, ${event.threads} onnxruntime thread(s) per model`;
    case 'active':
      return `active ${event.job} ${event.audio} (attempt ${event.attempt})`;
    case 'progress':
      return undefined; // only in --log json
    case 'completed':
      return `completed ${event.job} ${event.uri}: ${event.speakers} speaker(s), ${event.audioSeconds.toFixed(1)} s of audio in ${(event.processingMs / 1000).toFixed(1)} s`;
    case 'failed':
      return `failed ${event.job} after ${event.attemptsMade} attempt(s): ${event.code ? `${event.code}: ` : ''}${event.message}${event.willRetry ? ' (will retry)' : ''}`;
    case 'stalled':
      return `stalled ${event.job}: its worker stopped renewing the lock; back in the queue`;
    case 'error':
      return `error: ${event.message}`;
    case 'closing':
      return 'closing: finishing the current job(s), taking no new one';
    case 'closed':
      return 'closed';
  }
}

/** `dia worker`: runs until SIGTERM/SIGINT; returns the exit code. */
export async function workerCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(HELP.worker);
    return 0;
  }
  const { values, positionals } = parseCommand(argv, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    concurrency: { type: 'string' },
    threads: { type: 'string' },
    'segmentation-model': { type: 'string' },
    'embedding-model': { type: 'string' },
    plda: { type: 'string' },
    'lock-duration': { type: 'string' },
    'stalled-interval': { type: 'string' },
    'max-stalled': { type: 'string' },
    log: { type: 'string' },
  });
  if (positionals.length) throw new UsageError(`dia worker takes no arguments (got '${positionals[0]}')`);
  const format = values.log ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--log must be text or json (got ${format})`);
  const redis = values.redis ?? defaultRedisUrl();

  // a log reader that goes away (closed pipe) must not take the worker and its jobs down with it
  if (io.stdout === process.stdout) process.stdout.on('error', () => undefined);
  let name = '';
  let lastError = '';
  let lastErrorAt = 0;
  const log = (event: WorkerEvent) => {
    if (event.type === 'ready') name = event.worker;
    if (event.type === 'error') {
      // a Redis outage repeats the same error every reconnect attempt: once every 10 s is enough
      if (event.message === lastError && Date.now() - lastErrorAt < 10_000) return;
      lastError = event.message;
      lastErrorAt = Date.now();
    }
    if (format === 'json') {
      io.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), worker: name, ...event })}\n`);
      return;
    }
    const line = describe(event);
    if (line !== undefined) io.stdout.write(`${new Date().toISOString()} ${name} ${line}\n`);
  };

  const worker = await createWorker({
    connection: redis,
    queue: values.queue ?? DEFAULT_QUEUE_NAME,
    concurrency: positiveInteger('concurrency', values.concurrency),
    threads: positiveInteger('threads', values.threads),
    segmentationModel: values['segmentation-model'],
    embeddingModel: values['embedding-model'],
    plda: values.plda,
    lockDurationMs: positiveInteger('lock-duration', values['lock-duration']),
    stalledIntervalMs: positiveInteger('stalled-interval', values['stalled-interval']),
    maxStalledCount: positiveInteger('max-stalled', values['max-stalled']),
    onEvent: log,
  });
  if (format === 'text') io.stdout.write(`${new Date().toISOString()} ${name} listening on ${redactRedisUrl(redis)}\n`);

  await new Promise<void>((resolve) => {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      signals++;
      if (signals > 1) {
        io.stderr.write(`dia worker: second ${signal}: exiting now; the job in hand goes back to the queue when its lock expires\n`);
        process.exit(130);
      }
      worker.close().then(resolve, (err: Error) => {
        log({ type: 'error', message: err.message });
        resolve();
      });
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return 0;
}
