// Content-derived job ids: the same audio bytes with the same options is the same job.
import { createHash } from 'node:crypto';
import { canonicalJobOptions } from './job-options';
import type { DiarizationJobOptions } from './job-types';

/** Prefix of content-derived job ids (BullMQ ids may not contain ':'). */
export const CONTENT_ID_PREFIX = 'dia-';

/**
 * The job id of diarizing audio whose bytes have SHA-256 `audioSha256` with `options`:
 * `dia-` + SHA-256 of the audio hash, a newline and the canonical options JSON. Enqueueing the same
 * work twice gives the same id, so the second enqueue finds the first job.
 */
export function contentJobId(audioSha256: string, options: DiarizationJobOptions): string {
  const digest = createHash('sha256').update(`${audioSha256}\n${canonicalJobOptions(options)}`).digest('hex');
  return `${CONTENT_ID_PREFIX}${digest}`;
}
