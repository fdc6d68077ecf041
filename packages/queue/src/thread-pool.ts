// The diarization threads of a worker process: one per job it runs at a time, each with its own
// loaded models. A thread that dies fails its job with a retryable THREAD_EXITED and is replaced.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QueueError } from './errors';
import type { DiarizeStage } from '@dia/pipeline';
import type { DiarizationJobOptions } from './job-types';
import type { SerializedError, ThreadConfig, ThreadDiarization, ThreadReply, DiarizeRequest } from './thread-protocol';

/** The built thread entry beside this module; from the TypeScript source (tests), the one in dist/. */
function threadEntry(): URL {
  const beside = new URL('./diarization-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const built = new URL('../dist/diarization-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(built))) return built;
  throw new Error(`@dia/queue: diarization-thread.js not found beside ${fileURLToPath(import.meta.url)} (build the package: pnpm --filter @dia/queue build)`);
}

/** An error from a diarization thread, with the original class name and code (AudioError NOT_WAV, …). */
export class ThreadFailure extends Error {
  readonly code: string | undefined;
  constructor(error: SerializedError) {
    super(error.message);
    this.name = error.name;
    this.code = error.code;
    if (error.stack) this.stack = error.stack;
  }
}

export type ThreadProgress = (stage: DiarizeStage, done: number, total: number) => void;

interface Pending {
  id: number;
  resolve(result: ThreadDiarization): void;
  reject(err: Error): void;
  onProgress: ThreadProgress;
}

class DiarizationThread {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private pending: Pending | undefined;
  dead = false;
  /** Taken by a request of the pool (set before the request is posted). */
  inUse = false;

  constructor(config: ThreadConfig) {
    this.worker = new Worker(threadEntry(), { workerData: config });
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.on('message', (reply: ThreadReply) => {
        if (reply.type === 'ready') resolve();
        else if (reply.type === 'load-failed') reject(new ThreadFailure(reply.error));
        else this.deliver(reply);
      });
      const died = (why: string) => {
        this.dead = true;
        const err = new QueueError('THREAD_EXITED', `the diarization thread ${why}`);
        reject(err);
        this.pending?.reject(err);
        this.pending = undefined;
      };
      this.worker.on('error', (err) => died(`failed: ${err.message}`));
      this.worker.on('exit', (code) => died(`exited with code ${code}`));
    });
    // a load failure is reported through `ready`; keep an unobserved rejection from crashing the process
    this.ready.catch(() => undefined);
  }

  private deliver(reply: Exclude<ThreadReply, { type: 'ready' | 'load-failed' }>): void {
    const pending = this.pending;
    if (!pending || pending.id !== reply.id) return;
    if (reply.type === 'progress') {
      pending.onProgress(reply.stage, reply.done, reply.total);
      return;
    }
    this.pending = undefined;
    if (reply.type === 'result') pending.resolve(reply.result);
    else pending.reject(new ThreadFailure(reply.error));
  }

  run(request: DiarizeRequest, onProgress: ThreadProgress): Promise<ThreadDiarization> {
    return new Promise<ThreadDiarization>((resolve, reject) => {
      if (this.dead) {
        reject(new QueueError('THREAD_EXITED', 'the diarization thread is gone'));
        return;
      }
      this.pending = { id: request.id, resolve, reject, onProgress };
      this.worker.postMessage(request);
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

/**
 * `size` diarization threads, each loading the models once (`threads` onnxruntime intra-op threads
 * per model). `diarize()` runs a file on a free thread; there are never more requests than threads
 * when the pool backs a BullMQ worker of the same concurrency, but extra requests wait their turn.
 */
export class DiarizationThreadPool {
  private readonly threads: DiarizationThread[];
  private readonly waiting: (() => void)[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(private readonly config: ThreadConfig, size: number) {
    this.threads = Array.from({ length: size }, () => new DiarizationThread(config));
  }

  /** Starts the threads and resolves when every one has loaded its models (rejects with the load error otherwise). */
  static async start(config: ThreadConfig, size: number): Promise<DiarizationThreadPool> {
    const pool = new DiarizationThreadPool(config, size);
    try {
      await Promise.all(pool.threads.map((t) => t.ready));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private async acquire(): Promise<DiarizationThread> {
    for (;;) {
      if (this.closed) throw new QueueError('THREAD_EXITED', 'the diarization threads are closed');
      const index = this.threads.findIndex((t) => !t.inUse);
      if (index >= 0) {
        if (this.threads[index].dead) this.threads[index] = new DiarizationThread(this.config);
        const thread = this.threads[index];
        thread.inUse = true;
        try {
          await thread.ready;
        } catch (err) {
          thread.inUse = false;
          throw err;
        }
        return thread;
      } else {
        await new Promise<void>((resolve) => this.waiting.push(resolve));
      }
    }
  }

  /** Diarizes a local file on a free thread. Errors keep their class name and code ({@link ThreadFailure}). */
  async diarize(path: string, options: DiarizationJobOptions & { uri: string }, onProgress: ThreadProgress): Promise<ThreadDiarization> {
    const thread = await this.acquire();
    try {
      return await thread.run({ type: 'diarize', id: this.nextId++, path, options }, onProgress);
    } finally {
      thread.inUse = false;
      this.waiting.shift()?.();
    }
  }

  /** Stops every thread (a running diarization is abandoned). */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiting.splice(0)) wake();
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
