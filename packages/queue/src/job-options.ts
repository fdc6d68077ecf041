// Validation of a job's diarize() options and of its data, and the canonical form that goes into
// content-derived job ids.
import { speakerBounds, PipelineError } from '@dia/pipeline';
import { QueueError } from './errors';
import type { DiarizationJobData, DiarizationJobOptions } from './job-types';

const OPTION_KEYS: readonly (keyof DiarizationJobOptions)[] = ['batchSize', 'maxSpeakers', 'minSpeakers', 'numSpeakers', 'uri'];

function positiveInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new QueueError('INVALID_OPTIONS', `${name} must be a positive integer (got ${JSON.stringify(value)})`);
  }
  return value;
}

/**
 * The job options checked as `diarize()` would check them (pyannote's `set_num_speakers` rules:
 * positive integers, min ≤ max), with unknown keys rejected, so that a bad option fails at enqueue
 * time rather than on a worker. Throws `QueueError` `INVALID_OPTIONS`.
 */
export function validateJobOptions(raw: unknown): DiarizationJobOptions {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new QueueError('INVALID_OPTIONS', `options must be an object (got ${JSON.stringify(raw)})`);
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !(OPTION_KEYS as readonly string[]).includes(k));
  if (unknown.length) throw new QueueError('INVALID_OPTIONS', `unknown option ${unknown.map((k) => `'${k}'`).join(', ')} (known: ${OPTION_KEYS.join(', ')})`);
  const options: DiarizationJobOptions = {};
  const numSpeakers = positiveInteger('numSpeakers', record.numSpeakers);
  const minSpeakers = positiveInteger('minSpeakers', record.minSpeakers);
  const maxSpeakers = positiveInteger('maxSpeakers', record.maxSpeakers);
  const batchSize = positiveInteger('batchSize', record.batchSize);
  if (numSpeakers !== undefined) options.numSpeakers = numSpeakers;
  if (minSpeakers !== undefined) options.minSpeakers = minSpeakers;
  if (maxSpeakers !== undefined) options.maxSpeakers = maxSpeakers;
  if (batchSize !== undefined) options.batchSize = batchSize;
  if (record.uri !== undefined && record.uri !== null) {
    if (typeof record.uri !== 'string' || record.uri === '' || /\s/.test(record.uri)) {
      throw new QueueError('INVALID_OPTIONS', `uri must be a non-empty string without spaces (RTTM fields are space-separated; got ${JSON.stringify(record.uri)})`);
    }
    options.uri = record.uri;
  }
  try {
    speakerBounds(options);
  } catch (err) {
    if (err instanceof PipelineError) throw new QueueError('INVALID_OPTIONS', err.message);
    throw err;
  }
  return options;
}

/**
 * The options as canonical JSON: keys sorted, absent options left out. Two option objects that ask
 * for the same diarization give the same string (`{ uri: undefined, numSpeakers: 2 }` and
 * `{ numSpeakers: 2 }`).
 */
export function canonicalJobOptions(options: DiarizationJobOptions): string {
  const sorted: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) if (options[key] !== undefined) sorted[key] = options[key];
  return JSON.stringify(sorted);
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** A job's data checked field by field (it may come from any producer). Throws `QueueError` `INVALID_JOB` or `INVALID_OPTIONS`. */
export function validateJobData(raw: unknown): DiarizationJobData {
  if (typeof raw !== 'object' || raw === null) throw new QueueError('INVALID_JOB', 'the job has no data object');
  const record = raw as Record<string, unknown>;
  if (typeof record.audio !== 'string' || record.audio === '') throw new QueueError('INVALID_JOB', "the job's 'audio' must be a path or an http(s) URL");
  const data: DiarizationJobData = { audio: record.audio, options: validateJobOptions(record.options) };
  if (record.out !== undefined) {
    if (typeof record.out !== 'string' || record.out === '') throw new QueueError('INVALID_JOB', "the job's 'out' must be a directory path");
    data.out = record.out;
  }
  if (record.audioSha256 !== undefined) {
    if (typeof record.audioSha256 !== 'string' || !SHA256_HEX.test(record.audioSha256)) throw new QueueError('INVALID_JOB', "the job's 'audioSha256' must be 64 lowercase hex digits");
    data.audioSha256 = record.audioSha256;
  }
  return data;
}
