// A lock file beside a model being downloaded, so that two processes filling the same cache at once
// download it once: the first creates `<file>.lock` exclusively and keeps it fresh while it works,
// the others wait until it is gone and then reuse the result. A lock whose process died (same host,
// pid gone) or that has not been refreshed for `staleMs` is taken over.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, utimesSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface FileLockOptions {
  /** A lock not refreshed for this long is abandoned (default 30 s; the holder refreshes every 2 s). */
  staleMs?: number;
  /** How often a waiting process looks again (default 100 ms). */
  pollMs?: number;
  /** Called once when this process has to wait for another one. */
  onWait?: (holder: string) => void;
  signal?: AbortSignal;
}

interface Holder {
  pid: number;
  host: string;
}

function readHolder(path: string): Holder | undefined {
  try {
    const [pid, host] = readFileSync(path, 'utf8').split('\n');
    return { pid: Number(pid), host: host ?? '' };
  } catch {
    return undefined; // gone, or being written
  }
}

function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** The lock's inode when it is abandoned (its process died, or it went stale), else undefined. */
function abandonedInode(path: string, staleMs: number): number | undefined {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return undefined; // released meanwhile: the next attempt will get it
  }
  const holder = readHolder(path);
  const dead = holder !== undefined && holder.host === hostname() && Number.isInteger(holder.pid) && holder.pid > 0 && processIsGone(holder.pid);
  return dead || Date.now() - stat.mtimeMs > staleMs ? stat.ino : undefined;
}

function tryCreate(path: string): boolean {
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, `${process.pid}\n${hostname()}\n`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

/**
 * Runs `fn` holding the lock file `path` (created exclusively, removed afterwards), waiting while
 * another live process holds it. `fn` must check whether the other process already did the work.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const staleMs = options.staleMs ?? 30_000;
  const pollMs = options.pollMs ?? 100;
  let told = false;
  while (!tryCreate(path)) {
    const abandoned = abandonedInode(path, staleMs);
    if (abandoned !== undefined) {
      // remove the lock that was judged abandoned, not one another process created meanwhile
      try {
        if (statSync(path).ino === abandoned) unlinkSync(path);
      } catch {
        // already gone
      }
      continue;
    }
    if (!told) {
      const holder = readHolder(path);
      options.onWait?.(holder ? `process ${holder.pid} on ${holder.host}` : 'another process');
      told = true;
    }
    if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
    await new Promise((r) => setTimeout(r, pollMs));
  }
  const refresh = setInterval(() => {
    try {
      const now = new Date();
      utimesSync(path, now, now);
    } catch {
      // the lock was taken from us as stale; finishing still renames a verified file atomically
    }
  }, Math.max(10, Math.min(2_000, staleMs / 4)));
  refresh.unref();
  try {
    return await fn();
  } finally {
    clearInterval(refresh);
    const holder = readHolder(path);
    if (holder?.pid === process.pid && holder.host === hostname()) {
      try {
        unlinkSync(path);
      } catch {
        // already gone
      }
    }
  }
}
