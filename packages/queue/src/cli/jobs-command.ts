// `dia jobs`: the queue's state, results of completed jobs, retrying failed ones.
import { writeFileSync } from 'node:fs';
import { defaultRedisUrl, redactRedisUrl } from '../connection';
import { parseFailureReason } from '../failure';
import type { DiarizationJobProgress } from '../job-types';
import { DEFAULT_QUEUE_NAME, formatJobResults, type DiarizationJob, type DiarizationQueue } from '../queue';
import { HELP } from './help';
import { parseCommand, UsageError, wantsHelp } from './args';
import { openQueue } from './redis';
import type { Io } from './io';

async function status(queue: DiarizationQueue, redis: string, io: Io): Promise<number> {
  const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed');
  io.stdout.write(`queue ${queue.name} at ${redactRedisUrl(redis)}: ${Object.entries(counts).map(([state, n]) => `${n} ${state}`).join(', ')}\n`);
  const active = await queue.getActive();
  if (active.length) io.stdout.write('active:\n');
  for (const job of active) {
    const p = job.progress as unknown as DiarizationJobProgress | number;
    const progress = typeof p === 'object' && p !== null ? `${p.stage} ${Math.round(p.fraction * 100)}%` : '';
    io.stdout.write(`  ${job.id}  ${job.processedBy ?? '?'}  ${progress}  ${job.data.audio}\n`);
  }
  const failed = await queue.getFailed(0, 19);
  if (failed.length) io.stdout.write(`failed${counts.failed > failed.length ? ` (latest ${failed.length})` : ''}:\n`);
  for (const job of failed) io.stdout.write(`  ${job.id}  ${job.failedReason}  (${job.attemptsMade} attempt(s))  ${job.data.audio}\n`);
  return 0;
}

async function results(queue: DiarizationQueue, ids: string[], format: 'rttm' | 'json', output: string | undefined, io: Io): Promise<number> {
  let jobs: DiarizationJob[];
  let missing = 0;
  if (ids.length === 0) {
    jobs = (await queue.getCompleted(0, -1)).sort((a, b) => (a.finishedOn ?? 0) - (b.finishedOn ?? 0));
  } else {
    jobs = [];
    for (const id of ids) {
      const state = await queue.getJobState(id); // before the job: see standing() in queue.ts
      const job = state === 'unknown' ? undefined : await queue.getJob(id);
      if (job && state === 'completed') {
        jobs.push(job);
        continue;
      }
      missing++;
      const reason = job?.failedReason ? ` (${parseFailureReason(job.failedReason).code ?? 'failed'}: ${parseFailureReason(job.failedReason).message})` : '';
      io.stderr.write(`dia jobs: ${id} is ${state === 'unknown' ? 'not in the queue' : state}${reason}, no result\n`);
    }
  }
  const text = formatJobResults(jobs.map((j) => j.returnvalue), format);
  if (output) writeFileSync(output, text);
  else io.stdout.write(text);
  return missing ? 1 : 0;
}

async function retryFailed(queue: DiarizationQueue, io: Io): Promise<number> {
  const failed = await queue.getFailedCount();
  await queue.retryJobs({ state: 'failed', count: 1000 });
  io.stdout.write(`moved ${failed} failed job(s) back to the queue\n`);
  return 0;
}

/** `dia jobs [status|results|retry-failed]`; returns the exit code. */
export async function jobsCommand(argv: string[], io: Io): Promise<number> {
  if (wantsHelp(argv)) {
    io.stdout.write(HELP.jobs);
    return 0;
  }
  const { values, positionals } = parseCommand(argv, {
    redis: { type: 'string' },
    queue: { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
  });
  const [sub = 'status', ...rest] = positionals;
  const format = values.format ?? 'rttm';
  if (format !== 'rttm' && format !== 'json') throw new UsageError(`--format must be rttm or json (got ${format})`);
  if (sub !== 'status' && sub !== 'results' && sub !== 'retry-failed') throw new UsageError(`unknown jobs command '${sub}' (status, results, retry-failed)`);
  if (sub !== 'results' && rest.length) throw new UsageError(`dia jobs ${sub} takes no arguments (got '${rest[0]}')`);
  const redis = values.redis ?? defaultRedisUrl();
  const queue = await openQueue(redis, values.queue ?? DEFAULT_QUEUE_NAME);
  try {
    if (sub === 'status') return await status(queue, redis, io);
    if (sub === 'results') return await results(queue, rest, format, values.output, io);
    return await retryFailed(queue, io);
  } finally {
    await queue.close();
  }
}
