// Diarization workers against a real Redis (Debian's redis-server on a free loopback port, AOF on)
// and real worker processes (the built `dia-queue worker`, real segmentation-3.0, the stand-in
// embedding), faults included. The tests run in order and share the server and the workers.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '@dia/fixtures';
import { diarize, loadDiarizationModels, type DiarizationModels, type DiarizationResult } from '@dia/pipeline';
import {
  createDiarizationQueue, enqueueDiarization, QueueError, waitForDiarizations,
  type DiarizationJobResult, type DiarizationQueue, type EnqueuedDiarization, type FollowedJob,
} from '../src/index';
import { countByJob, readQueueEvents } from './support/events-stream';
import { testModels, workerModelArgs, type TestModels } from './support/models';
import { RedisServer, redisUnavailable } from './support/redis-server';
import { runCli } from './support/run-cli';
import { assertBuilt, DIA_CLI, WorkerProcess, type LoggedEvent } from './support/worker-process';

const CLIPS = ['02', '03', '04', '05', '07'] as const;
const models = testModels();
const skipReason = redisUnavailable() ?? (typeof models === 'string' ? models : undefined);
if (skipReason) console.log(`@dia/queue worker tests skipped: ${skipReason}`);

const clipPath = (clip: string) => fixture(clip).path('clip_16k.wav');

// The 20 jobs: every clip four times, with options that make four different diarizations, so that
// content-derived ids (audio + options) are 20 distinct jobs.
const SPEAKER_SETTINGS = [{}, { numSpeakers: 2 }] as const;
const VARIANTS = [
  { speakers: 0, uri: undefined },
  { speakers: 0, uri: 'renamed' },
  { speakers: 1, uri: undefined },
  { speakers: 1, uri: 'renamed-two' },
] as const;

function isEvent<T extends LoggedEvent['type']>(type: T, job?: string) {
  return (e: LoggedEvent): e is Extract<LoggedEvent, { type: T }> => e.type === type && (job === undefined || (e as { job?: string }).job === job);
}

function completedResult(job: FollowedJob): DiarizationJobResult {
  if (job.state !== 'completed') throw new Error(`job ${job.id} did not complete: ${JSON.stringify(job)}`);
  return job.result;
}

describe.skipIf(skipReason !== undefined)('diarization workers on a real Redis', () => {
  const m = models as TestModels;
  let redis: RedisServer;
  let queue: DiarizationQueue;
  let raw: Redis;
  const workers: WorkerProcess[] = [];
  let direct: DiarizationModels | undefined;
  const references = new Map<string, DiarizationResult>();
  const firstRun: { id: string; clip: string; speakers: number; uri: string | undefined }[] = [];

  const startWorker = () => {
    const worker = new WorkerProcess(['--redis', redis.url, '--threads', '1', '--lock-duration', '5000', '--stalled-interval', '1000', '--max-stalled', '2', ...workerModelArgs(m)]);
    workers.push(worker);
    return worker;
  };

  /** `diarize()` of the clip in this process, with the same models: what every job must reproduce. */
  async function reference(clip: string, speakers: number): Promise<DiarizationResult> {
    const key = `${clip}|${speakers}`;
    let result = references.get(key);
    if (!result) {
      direct ??= await loadDiarizationModels({ ...m, session: { intraOpNumThreads: 1 } });
      result = await diarize(clipPath(clip), { ...direct, ...SPEAKER_SETTINGS[speakers] });
      references.set(key, result);
    }
    return result;
  }

  beforeAll(async () => {
    assertBuilt();
    redis = await RedisServer.start();
    await Promise.all([startWorker().ready(), startWorker().ready()]);
    queue = createDiarizationQueue({ connection: redis.url });
    raw = new Redis(redis.url, { maxRetriesPerRequest: null });
    raw.on('error', () => undefined); // refused connections while Redis restarts; it reconnects
  }, 180_000);

  afterAll(async () => {
    for (const w of workers) if (w.alive) w.kill('SIGKILL');
    await Promise.all(workers.map((w) => w.exited));
    await queue?.close();
    raw?.disconnect();
    await redis?.stop();
  });

  it('20 jobs over two workers, one SIGKILLed mid-job: every job completes exactly once, RTTM byte-identical to diarize()', async () => {
    const [a, b] = workers;
    const enqueued: EnqueuedDiarization[] = [];
    for (const variant of VARIANTS) {
      for (const clip of CLIPS) {
        const job = await enqueueDiarization(queue, clipPath(clip), { ...SPEAKER_SETTINGS[variant.speakers], uri: variant.uri });
        expect(job.duplicate).toBe(false);
        enqueued.push(job);
        firstRun.push({ id: job.id, clip, speakers: variant.speakers, uri: variant.uri });
      }
    }
    const ids = enqueued.map((j) => j.id);
    expect(new Set(ids).size).toBe(20);

    // the same work again while it is still pending: no new job
    const again = await enqueueDiarization(queue, clipPath(CLIPS[4]), { ...SPEAKER_SETTINGS[1], uri: 'renamed-two' });
    expect(again).toMatchObject({ id: ids[19], duplicate: true });

    // kill worker A (SIGKILL: no goodbye) while it diarizes its second job
    const actives = () => a.events.filter(isEvent('active'));
    await a.waitFor(() => actives().length >= 2);
    await a.waitFor((e) => e.type === 'progress' && e.job === actives()[1].job);
    a.kill('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    // the job in A's hands when it died: its last active one without a completion
    const killedJob = actives().map((e) => e.job).filter((id) => !a.completedJobs().includes(id)).pop() as string;
    expect(killedJob, 'A was killed mid-job').toBeDefined();

    const final = await waitForDiarizations(queue, ids);
    for (const [i, job] of final.entries()) {
      const { clip, speakers, uri } = firstRun[i];
      const ref = await reference(clip, speakers);
      const result = completedResult(job);
      expect(result.rttm, `job ${i}: clip ${clip}, ${JSON.stringify(SPEAKER_SETTINGS[speakers])}, uri ${uri}`).toBe(ref.rttm(uri ?? 'clip_16k'));
      expect(result.uri).toBe(uri ?? 'clip_16k');
      expect(result.speakers).toEqual(ref.speakers);
    }

    // exactly once: in BullMQ's event log (kept in Redis) and in the workers' own logs
    const events = await readQueueEvents(raw);
    const completions = countByJob(events, 'completed');
    for (const id of ids) expect(completions.get(id), id).toBe(1);
    const byWorkers = [...a.completedJobs(), ...b.completedJobs()].sort();
    expect(byWorkers).toEqual([...ids].sort());
    // the killed job went back to the queue through the stalled-job check, and B finished it
    expect(countByJob(events, 'stalled').get(killedJob)).toBe(1);
    expect(completedResult(final[ids.indexOf(killedJob)]).worker).toBe(b.name);
    expect(b.events.some(isEvent('active', killedJob))).toBe(true);
  }, 600_000);

  it('enqueueing the same work again adds nothing and returns the existing result', async () => {
    const before = await queue.getJobCounts('completed', 'waiting', 'active', 'failed');
    const original = await queue.getJob(firstRun[0].id);
    const again = await enqueueDiarization(queue, clipPath(firstRun[0].clip));
    expect(again.id).toBe(firstRun[0].id);
    expect(again.duplicate).toBe(true);
    expect(again.state).toBe('completed');
    expect(again.result?.rttm).toBe((await reference(firstRun[0].clip, 0)).rttm());
    expect(again.job.timestamp).toBe(original?.timestamp);
    expect(await queue.getJobCounts('completed', 'waiting', 'active', 'failed')).toEqual(before);
    // the CLI says so too, and prints the same id
    const cli = await runCli(DIA_CLI, ['enqueue', '--redis', redis.url, clipPath(firstRun[0].clip)]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toBe(`${firstRun[0].id}\n`);
    expect(cli.stderr).toMatch(/is already job dia-[0-9a-f]{64} \(completed\): nothing added/);
  }, 120_000);

  it('input errors fail at once with their code, without retries; bad options never reach the queue', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-queue-input-'));
    const corrupt = join(dir, 'corrupt.wav');
    writeFileSync(corrupt, 'this is not a recording');
    const jobs = [
      { expect: /^FFMPEG_FAILED: ffmpeg could not decode .*corrupt\.wav \(exit 1\): .*Invalid data found/, job: await enqueueDiarization(queue, corrupt, { attempts: 3, backoffMs: 100 }) },
      { expect: /^AUDIO_NOT_FOUND: cannot read audio \/nonexistent\/dia-queue\.wav: ENOENT/, job: await enqueueDiarization(queue, '/nonexistent/dia-queue.wav', { jobId: 'auto', attempts: 3, backoffMs: 100 }) },
      // jobs written by another producer, bypassing enqueueDiarization's checks
      { expect: 'INVALID_OPTIONS: numSpeakers must be a positive integer (got 0)', job: { id: (await queue.add('diarize', { audio: clipPath('02'), options: { numSpeakers: 0 } }, { attempts: 3, backoff: 100 })).id as string } },
      { expect: /^AUDIO_CHANGED: the audio .* has changed since the job was enqueued/, job: { id: (await queue.add('diarize', { audio: clipPath('02'), options: {}, audioSha256: '0'.repeat(64) }, { attempts: 3, backoff: 100 })).id as string } },
    ];
    const final = await waitForDiarizations(queue, jobs.map((j) => j.job.id));
    for (const [i, job] of final.entries()) {
      expect(job.state, JSON.stringify(job)).toBe('failed');
      const stored = await queue.getJob(job.id);
      const reason = stored?.failedReason as string;
      if (typeof jobs[i].expect === 'string') expect(reason).toBe(jobs[i].expect);
      else expect(reason).toMatch(jobs[i].expect);
      expect(stored?.attemptsStarted, `${job.id} was started once, not retried`).toBe(1);
    }
    const failedEvents = countByJob(await readQueueEvents(raw), 'failed');
    for (const { job } of jobs) expect(failedEvents.get(job.id)).toBe(1);

    // bad options are refused before anything is added
    const counts = await queue.getJobCounts();
    await expect(enqueueDiarization(queue, clipPath('02'), { minSpeakers: 3, maxSpeakers: 2 })).rejects.toThrow(QueueError);
    await expect(enqueueDiarization(queue, clipPath('02'), { numSpeakers: 1.5 })).rejects.toMatchObject({ code: 'INVALID_OPTIONS' });
    expect(await queue.getJobCounts()).toEqual(counts);
  }, 120_000);

  it('transient failures are retried with back-off (HTTP 503 twice, then the file); a 404 fails at once', async () => {
    const bytes = readFileSync(clipPath('02'));
    const requests = new Map<string, number>();
    const server: Server = createServer((req, res) => {
      const n = (requests.get(req.url as string) ?? 0) + 1;
      requests.set(req.url as string, n);
      if (req.url === '/flaky/clip_16k.wav' && n > 2) {
        res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': bytes.length });
        res.end(bytes);
      } else if (req.url === '/flaky/clip_16k.wav') {
        res.writeHead(503).end('busy');
      } else {
        res.writeHead(404).end('no such file');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const flaky = await enqueueDiarization(queue, `${base}/flaky/clip_16k.wav`, { jobId: 'flaky-download', attempts: 4, backoffMs: 200 });
      const gone = await enqueueDiarization(queue, `${base}/gone.wav`, { jobId: 'gone-download', attempts: 4, backoffMs: 200 });
      const [flakyFinal, goneFinal] = await waitForDiarizations(queue, [flaky.id, gone.id]);
      expect(completedResult(flakyFinal).rttm).toBe((await reference('02', 0)).rttm());
      expect(requests.get('/flaky/clip_16k.wav')).toBe(3);
      const retries = workers.flatMap((w) => w.events.filter(isEvent('failed', 'flaky-download')));
      expect(retries.map((e) => [e.code, e.willRetry])).toEqual([['DOWNLOAD_FAILED', true], ['DOWNLOAD_FAILED', true]]);
      expect(goneFinal).toMatchObject({ state: 'failed', code: 'DOWNLOAD_REFUSED' });
      expect(requests.get('/gone.wav')).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }, 180_000);

  it('Redis killed and restarted from its append-only file mid-run loses nothing', async () => {
    workers.push(await startWorker().ready()); // a worker joins at any time; two are alive again
    const jobs: { id: string; clip: string; uri: string }[] = [];
    for (const clip of ['02', '04', '07']) {
      for (const uri of [`restart-a-${clip}`, `restart-b-${clip}`]) jobs.push({ id: (await enqueueDiarization(queue, clipPath(clip), { uri })).id, clip, uri });
    }
    const ids = jobs.map((j) => j.id);
    const alive = workers.filter((w) => w.alive);
    await Promise.race(alive.map((w) => w.waitFor((e) => e.type === 'progress' && ids.includes(e.job))));
    await redis.kill();
    await new Promise((r) => setTimeout(r, 500));
    await redis.restart();

    const final = await waitForDiarizations(queue, ids);
    for (const [i, job] of final.entries()) expect(completedResult(job).rttm).toBe((await reference(jobs[i].clip, 0)).rttm(jobs[i].uri));
    const completions = countByJob(await readQueueEvents(raw), 'completed');
    for (const id of ids) expect(completions.get(id), id).toBe(1);
    // the 20 results from before the restart are all still there
    for (const { id, clip, speakers, uri } of firstRun) {
      const job = await queue.getJob(id);
      expect(await job?.getState()).toBe('completed');
      expect(job?.returnvalue.rttm).toBe((await reference(clip, speakers)).rttm(uri ?? 'clip_16k'));
    }
    expect(alive.every((w) => w.alive)).toBe(true);
  }, 300_000);

  it('dia enqueue --wait (through the dia executable) gives the same RTTM as diarize(); --out writes <uri>.rttm/.json atomically', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dia-queue-cli-'));
    const all = join(dir, 'all.rttm');
    const run = await runCli(DIA_CLI, ['enqueue', '--redis', redis.url, '--id', 'auto', '--wait', '-q', '-o', all, clipPath('02'), clipPath('04')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\d+\n\d+\n$/);
    expect(readFileSync(all, 'utf8')).toBe((await reference('02', 0)).rttm() + (await reference('04', 0)).rttm());

    const out = join(dir, 'out');
    const named = await runCli(DIA_CLI, ['enqueue', '--redis', redis.url, '--wait', '-q', '--uri', 'yuhewei', '--out', out, clipPath('07')]);
    expect(named.code).toBe(0);
    const ref = await reference('07', 0);
    expect(readdirSync(out).sort()).toEqual(['yuhewei.json', 'yuhewei.rttm']);
    expect(readFileSync(join(out, 'yuhewei.rttm'), 'utf8')).toBe(ref.rttm('yuhewei'));
    expect(JSON.parse(readFileSync(join(out, 'yuhewei.json'), 'utf8'))).toEqual({ uri: 'yuhewei', speakers: ref.speakers, segments: JSON.parse(JSON.stringify(ref.segments)) });

    const results = await runCli(DIA_CLI, ['jobs', 'results', '--redis', redis.url, named.stdout.trim()]);
    expect(results).toMatchObject({ code: 0, stdout: ref.rttm('yuhewei') });
    const status = await runCli(DIA_CLI, ['jobs', 'status', '--redis', redis.url]);
    const counts = await queue.getJobCounts('completed', 'failed');
    expect(status.stdout).toContain(`: 0 waiting, 0 active, 0 delayed, 0 prioritized, ${counts.completed} completed, ${counts.failed} failed\n`);
  }, 180_000);

  it('SIGTERM lets the worker finish the job in hand, then it exits 0', async () => {
    const job = await enqueueDiarization(queue, clipPath('05'), { uri: 'sigterm' });
    const alive = workers.filter((w) => w.alive);
    const holder = await Promise.race(alive.map(async (w) => (await w.waitFor((e) => e.type === 'progress' && e.job === job.id), w)));
    holder.kill('SIGTERM');
    expect(await holder.exited).toEqual({ code: 0, signal: null });
    const order = holder.events.filter((e) => e.type === 'closing' || e.type === 'closed' || (e.type === 'completed' && e.job === job.id)).map((e) => e.type);
    expect(order).toEqual(['closing', 'completed', 'closed']);
    const [final] = await waitForDiarizations(queue, [job.id]);
    expect(completedResult(final).worker).toBe(holder.name);
    expect(completedResult(final).rttm).toBe((await reference('05', 0)).rttm('sigterm'));
    expect(countByJob(await readQueueEvents(raw), 'stalled').get(job.id)).toBeUndefined();
  }, 180_000);
});
