// A real redis-server for the tests: Debian's, on a free loopback port, with append-only-file
// persistence in a temporary directory; killed and restarted on demand.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Why redis-server cannot run here, or undefined when it can. Under CI its absence is an error. */
export function redisUnavailable(): string | undefined {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.status === 0) return undefined;
  const why = 'redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)';
  if (process.env.CI) throw new Error(`${why}: CI must run the Redis-backed tests`);
  return why;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once the server answers PING with +PONG (rejects after `timeoutMs`). */
async function waitForPong(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      let reply = '';
      socket.on('connect', () => socket.write('PING\r\n'));
      socket.on('data', (d) => {
        reply += d.toString();
        if (reply.includes('\r\n')) {
          socket.destroy();
          resolve(reply.startsWith('+PONG'));
        }
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class RedisServer {
  private process: ChildProcess | undefined;
  private log = '';

  private constructor(readonly port: number, readonly dir: string) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Starts redis-server with AOF on (fsync every second) and RDB snapshots off: only the AOF persists. */
  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), mkdtempSync(join(tmpdir(), 'dia-queue-redis-')));
    await server.launch();
    return server;
  }

  private async launch(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--dir', this.dir, '--appendonly', 'yes', '--save', '', '--logfile', ''], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (this.log += d.toString()));
    child.stderr?.on('data', (d) => (this.log += d.toString()));
    this.process = child;
    try {
      await waitForPong(this.port);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${this.log.slice(-2000)}`);
    }
  }

  /** The server's own log (for a failing test's message). */
  get output(): string {
    return this.log;
  }

  /** Kills the server (SIGKILL: no shutdown save) and waits for it to be gone. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Starts the server again on the same port and directory: it reloads its append-only file. */
  async restart(): Promise<void> {
    await this.kill();
    await this.launch();
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
