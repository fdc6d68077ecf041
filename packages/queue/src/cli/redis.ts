// Opening the queue for a command, failing fast when Redis cannot be reached.
import { redactRedisUrl } from '../connection';
import { createDiarizationQueue, type DiarizationQueue } from '../queue';
import { QueueError } from '../errors';

/** Opens the queue and waits (up to `timeoutMs`) until Redis answers. */
export async function openQueue(url: string, name: string, timeoutMs = 10_000): Promise<DiarizationQueue> {
  const queue = createDiarizationQueue({ connection: url, queue: name });
  queue.on('error', () => undefined); // connection errors surface through the timeout below
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      queue.waitUntilReady(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new QueueError('REDIS_UNREACHABLE', `cannot reach Redis at ${redactRedisUrl(url)} within ${timeoutMs / 1000} s (is redis-server running? --redis redis://host:6379)`)), timeoutMs);
      }),
    ]);
  } catch (err) {
    await queue.close().catch(() => undefined);
    throw err;
  } finally {
    clearTimeout(timer);
  }
  return queue;
}
