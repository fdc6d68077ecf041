// A real `dia-queue worker` process (the built dist/cli.js) whose JSON log the tests read.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { WorkerEvent } from '../../src/worker';

/** The built executables: the tests run what users run. turbo builds them before `test`. */
export const QUEUE_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
export const DIA_CLI = fileURLToPath(new URL('../../../pipeline/dist/cli.js', import.meta.url));

export function assertBuilt(): void {
  for (const file of [QUEUE_CLI, DIA_CLI, fileURLToPath(new URL('../../dist/diarization-thread.js', import.meta.url))]) {
    if (!existsSync(file)) throw new Error(`${file} is missing: build first (pnpm turbo run build --filter @dia/queue)`);
  }
}

export type LoggedEvent = WorkerEvent & { time: string; worker: string };

export class WorkerProcess {
  readonly events: LoggedEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;
  private stderr = '';
  private listeners: (() => void)[] = [];

  constructor(args: string[]) {
    this.child = spawn(process.execPath, [QUEUE_CLI, 'worker', '--log', 'json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let pending = '';
    this.child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() as string;
      for (const line of lines) if (line.trim()) this.events.push(JSON.parse(line) as LoggedEvent);
      for (const l of this.listeners) l();
    });
    this.child.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(() => this.listeners.forEach((l) => l()));
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** `host:pid`, from the worker's ready event. */
  get name(): string {
    const ready = this.events.find((e) => e.type === 'ready');
    if (!ready) throw new Error('the worker has not reported ready yet');
    return ready.worker;
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The first logged event matching `match`, waiting for it (fails when the process exits first or after `timeoutMs`). */
  waitFor<E extends LoggedEvent>(match: (e: LoggedEvent) => e is E, timeoutMs?: number): Promise<E>;
  waitFor(match: (e: LoggedEvent) => boolean, timeoutMs?: number): Promise<LoggedEvent>;
  waitFor(match: (e: LoggedEvent) => boolean, timeoutMs = 240_000): Promise<LoggedEvent> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.events.find(match);
        if (found) return done(() => resolve(found));
        if (!this.alive) return done(() => reject(new Error(`worker ${this.pid} exited before the awaited event:\n${this.stderr.slice(-3000)}`)));
      };
      const timer = setTimeout(() => done(() => reject(new Error(`worker ${this.pid}: no awaited event within ${timeoutMs} ms; last events: ${JSON.stringify(this.events.slice(-5))}\n${this.stderr.slice(-2000)}`))), timeoutMs);
      const done = (then: () => void) => {
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== check);
        then();
      };
      this.listeners.push(check);
      check();
    });
  }

  /** Waits until the worker has loaded its models and listens. */
  async ready(): Promise<this> {
    await this.waitFor((e) => e.type === 'ready');
    return this;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ids of the jobs this worker completed, as often as it logged each. */
  completedJobs(): string[] {
    return this.events.flatMap((e) => (e.type === 'completed' ? [e.job] : []));
  }

  get errorOutput(): string {
    return this.stderr;
  }
}
