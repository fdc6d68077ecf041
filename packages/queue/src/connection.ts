// Redis connection settings from a redis:// URL.
import type { ConnectionOptions } from 'bullmq';
import { QueueError } from './errors';

/** Default Redis URL of the CLI: `$DIA_REDIS_URL`, else the local default port. */
export function defaultRedisUrl(): string {
  return process.env.DIA_REDIS_URL ?? 'redis://127.0.0.1:6379';
}

/**
 * BullMQ connection options for `redis://[user:password@]host[:port][/db]` (or `rediss://` for
 * TLS). BullMQ opens its own ioredis clients from these, with the reconnect-forever settings its
 * workers need. Throws `QueueError` `INVALID_REDIS_URL` for anything else.
 */
export function redisConnection(url: string): ConnectionOptions {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError('INVALID_REDIS_URL', `not a Redis URL: '${url}' (expected redis://host:6379)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueError('INVALID_REDIS_URL', `not a Redis URL: '${url}' (expected redis:// or rediss://)`);
  }
  if (parsed.pathname.length > 1 && !/^\/\d+$/.test(parsed.pathname)) {
    throw new QueueError('INVALID_REDIS_URL', `the path of a Redis URL is a database number (got '${parsed.pathname}')`);
  }
  return { url };
}

/** The URL without its password, for logs. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
