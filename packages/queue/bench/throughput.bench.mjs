// Throughput of diarization workers on this machine: jobs per minute and hours of audio per hour,
// with the CPU cores split three ways between workers and onnxruntime threads — one worker process
// with all threads, one process per core, one process running one job per core — and the peak
// memory (VmHWM) of each worker process. A real redis-server is started on a free loopback port.
// Models: the real segmentation-3.0 (`pnpm models:test`); embedding: the small stand-in, then the
// ResNet34-LM timing model (real architecture and cost, random weights; made by
// packages/pipeline/scripts/gen_resnet34_timing_model.py into .cache/models) when present, or the
// real WeSpeaker model when $DIA_EMBED_MODEL_PATH is set.
// Run: pnpm --filter @dia/queue bench   [ROUNDS=n: each of the 5 clips n times per setting, default 2]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { fixture, pldaDir, realModelPath, testModelsDir } from '@dia/fixtures';
import { createDiarizationQueue, enqueueDiarization, waitForDiarizations } from '../dist/index.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const STANDIN = fileURLToPath(new URL('../../pipeline/test/data/models/embedding-standin.onnx', import.meta.url));
const TIMING = join(testModelsDir(), 'wespeaker-resnet34-timing.onnx');
const CLIPS = ['02', '03', '04', '05', '07'];
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const cores = availableParallelism();

const segmentation = realModelPath('segmentation');
if (!segmentation) throw new Error('the real segmentation-3.0 is needed: pnpm models:test');
const embeddings = [['stand-in (small)', STANDIN]];
if (process.env.DIA_EMBED_MODEL_PATH) embeddings.push(['WeSpeaker ResNet34-LM (real)', process.env.DIA_EMBED_MODEL_PATH]);
else if (existsSync(TIMING)) embeddings.push(['ResNet34-LM timing model (real cost)', TIMING]);
else console.log('(ResNet34-LM timing model absent: python3 packages/pipeline/scripts/gen_resnet34_timing_model.py for real-cost numbers)');

const SETTINGS = [
  { label: `1 worker × ${cores} threads`, workers: 1, concurrency: 1, threads: cores },
  { label: `${cores} workers × 1 thread`, workers: cores, concurrency: 1, threads: 1 },
  { label: `1 worker, concurrency ${cores} × 1 thread`, workers: 1, concurrency: cores, threads: 1 },
];

async function startRedis() {
  const dir = mkdtempSync(join(tmpdir(), 'dia-queue-bench-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], { stdio: 'ignore' });
  const url = `redis://127.0.0.1:${port}`;
  for (let tries = 0; ; tries++) {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      break;
    } catch (err) {
      if (tries > 200) throw new Error(`redis-server did not start on ${url}: ${err.message}`);
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      probe.disconnect();
    }
  }
  return { url, stop: () => { child.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); } };
}

function startWorker(url, queueName, setting, embeddingModel) {
  const args = [CLI, 'worker', '--redis', url, '--queue', queueName, '--log', 'json', '--concurrency', String(setting.concurrency), '--threads', String(setting.threads),
    '--segmentation-model', segmentation, '--embedding-model', embeddingModel, '--plda', pldaDir()];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (d) => {
      buffered += d.toString();
      if (buffered.includes('"type":"ready"')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return { child, ready };
}

/** Peak resident memory of a process so far (Linux VmHWM), in MB. */
function peakRssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
}

const redis = await startRedis();
console.log(`${cores} CPUs; ${ROUNDS} × 5 clips (02, 03, 04, 05, 07: ${ROUNDS * 215.3} s of audio) per setting; segmentation-3.0 real`);
const rows = [];
try {
  for (const [embeddingLabel, embeddingModel] of embeddings) {
    for (const setting of SETTINGS) {
      const queueName = `bench-${rows.length}`;
      const workers = Array.from({ length: setting.workers }, () => startWorker(redis.url, queueName, setting, embeddingModel));
      const loadStart = performance.now();
      await Promise.all(workers.map((w) => w.ready));
      const loadMs = performance.now() - loadStart;
      const queue = createDiarizationQueue({ connection: redis.url, queue: queueName });
      const start = performance.now();
      const ids = [];
      for (let r = 0; r < ROUNDS; r++) for (const clip of CLIPS) ids.push((await enqueueDiarization(queue, fixture(clip).path('clip_16k.wav'), { jobId: 'auto' })).id);
      const final = await waitForDiarizations(queue, ids, { pollMs: 100 });
      const seconds = (performance.now() - start) / 1000;
      const failed = final.filter((j) => j.state !== 'completed');
      if (failed.length) throw new Error(`jobs failed: ${JSON.stringify(failed)}`);
      const audio = final.reduce((sum, j) => sum + j.result.audioSeconds, 0);
      const peaks = workers.map((w) => peakRssMb(w.child.pid));
      await queue.close();
      await Promise.all(workers.map((w) => new Promise((resolve) => { w.child.on('exit', resolve); w.child.kill('SIGTERM'); })));
      const row = {
        embedding: embeddingLabel, setting: setting.label, jobs: ids.length, wall: seconds, jobsPerMinute: (ids.length / seconds) * 60,
        audioHoursPerHour: audio / seconds, peakRss: peaks, loadMs,
      };
      rows.push(row);
      console.log(`${row.embedding.padEnd(38)} ${row.setting.padEnd(34)} ${row.jobs} jobs in ${row.wall.toFixed(1)} s: ${row.jobsPerMinute.toFixed(1)} jobs/min, ${row.audioHoursPerHour.toFixed(1)} h of audio per hour; peak RSS per worker ${peaks.map((p) => `${p.toFixed(0)} MB`).join(', ')}; models loaded in ${(loadMs / 1000).toFixed(1)} s`);
    }
  }
} finally {
  redis.stop();
}
