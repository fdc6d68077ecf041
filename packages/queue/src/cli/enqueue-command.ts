// `dia enqueue`: add diarization jobs, print their ids, optionally follow them to the end.
import { writeFileSync } from 'node:fs';
import { isAudioUrl, sha256File } from '../audio-source';
import { defaultRedisUrl } from '../connection';
import { DEFAULT_QUEUE_NAME, enqueueDiarization, formatJobResults, waitForDiarizations, type FollowedJob } from '../queue';
import { HELP } from './help';
import { parseCommand, positiveInteger, UsageError, wantsHelp } from './args';
import { openQueue } from './redis';
import type { Io } from './io';

function describe(job: FollowedJob): string {
  if (job.state === 'completed') return `completed ${job.id} ${job.result.uri}: ${job.result.speakers.length} speaker(s) (${job.result.worker})`;
  if (job.state === 'failed') return `failed ${job.id}: ${job.code ? `${job.code}: ` : ''}${job.message}`;
  const progress = job.progress ? ` ${job.progress.stage} ${Math.round(job.progress.fraction * 100)}%` : '';
  return `${job.jobState} ${job.id}${progress}${job.attemptsMade ? ` (after ${job.attemptsMade} failed attempt(s))` : ''}`;
}

/** `dia enqueue`; returns the exit code (with --wait: 1 when a job failed). */
export async function enqueueCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(HELP.enqueue);
    return 0;
  }
  const { values, positionals } = parseCommand(argv, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    'num-speakers': { type: 'string' },
    'min-speakers': { type: 'string' },
    'max-speakers': { type: 'string' },
    uri: { type: 'string' },
    'batch-size': { type: 'string' },
    out: { type: 'string' },
    id: { type: 'string' },
    attempts: { type: 'string' },
    backoff: { type: 'string' },
    wait: { type: 'boolean' },
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  });
  if (positionals.length === 0) throw new UsageError('no audio given (dia enqueue <audio...>)');
  if (values.uri !== undefined && positionals.length > 1) throw new UsageError('--uri names one file: give a single audio with it');
  const format = values.format ?? 'rttm';
  if (format !== 'rttm' && format !== 'json') throw new UsageError(`--format must be rttm or json (got ${format})`);
  if ((values.output !== undefined || values.format !== undefined) && !values.wait) throw new UsageError('-o/--output and --format write the results: they need --wait');
  const id = values.id ?? 'content';
  if (id !== 'content' && id !== 'auto') throw new UsageError(`--id must be content or auto (got ${id})`);
  const backoff = values.backoff === undefined ? undefined : Number(values.backoff);
  if (backoff !== undefined && !(Number.isInteger(backoff) && backoff >= 0)) throw new UsageError(`--backoff must be a whole number of ms ≥ 0 (got ${values.backoff})`);
  const options = {
    numSpeakers: positiveInteger('num-speakers', values['num-speakers']),
    minSpeakers: positiveInteger('min-speakers', values['min-speakers']),
    maxSpeakers: positiveInteger('max-speakers', values['max-speakers']),
    batchSize: positiveInteger('batch-size', values['batch-size']),
    uri: values.uri,
    out: values.out,
    jobId: id,
    attempts: positiveInteger('attempts', values.attempts),
    backoffMs: backoff,
  } as const;
  // every file before anything is enqueued, so that a typo does not leave half of the files enqueued
  for (const audio of positionals) if (!isAudioUrl(audio)) await sha256File(audio);

  const queue = await openQueue(values.redis ?? defaultRedisUrl(), values.queue ?? DEFAULT_QUEUE_NAME);
  try {
    const ids: string[] = [];
    for (const audio of positionals) {
      const job = await enqueueDiarization(queue, audio, options);
      ids.push(job.id);
      io.stdout.write(`${job.id}\n`);
      if (job.duplicate && !values.quiet) io.stderr.write(`dia enqueue: ${audio} is already job ${job.id} (${job.state}): nothing added\n`);
    }
    if (!values.wait) return 0;
    const final = await waitForDiarizations(queue, ids, {
      onUpdate: (job) => {
        if (!values.quiet || job.state === 'failed') io.stderr.write(`${describe(job)}\n`);
      },
    });
    const failed = final.filter((j) => j.state === 'failed').length;
    if (!values.quiet) io.stderr.write(`dia enqueue: ${final.length - failed} completed, ${failed} failed\n`);
    const completed = final.flatMap((j) => (j.state === 'completed' ? [j.result] : []));
    if (values.output !== undefined) writeFileSync(values.output, formatJobResults(completed, format));
    return failed ? 1 : 0;
  } finally {
    await queue.close();
  }
}
