// BullMQ's event log of a queue: the Redis stream `<prefix>:<queue>:events`, kept in Redis (and so
// in its append-only file). The tests count completions in it: each job must complete exactly once.
import type { Redis } from 'ioredis';

export interface QueueEvent {
  event: string;
  jobId?: string;
  [field: string]: string | undefined;
}

export async function readQueueEvents(redis: Redis, queue = 'dia', prefix = 'bull'): Promise<QueueEvent[]> {
  const entries = (await redis.xrange(`${prefix}:${queue}:events`, '-', '+')) as [string, string[]][];
  return entries.map(([, fields]) => {
    const event: Record<string, string> = {};
    for (let i = 0; i + 1 < fields.length; i += 2) event[fields[i]] = fields[i + 1];
    return event as QueueEvent;
  });
}

/** How many events of `type` each job has in the stream. */
export function countByJob(events: readonly QueueEvent[], type: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of events) if (e.event === type && e.jobId !== undefined) counts.set(e.jobId, (counts.get(e.jobId) ?? 0) + 1);
  return counts;
}
