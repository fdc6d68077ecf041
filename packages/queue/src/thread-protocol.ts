// Messages between a worker process's main thread and its diarization threads.
import type { DiarizationJobOptions } from './job-types';
import type { DiarizeStage } from '@dia/pipeline';

/** Which models a diarization thread loads (paths; undefined = $DIA_* variables or the cache). */
export interface ThreadModels {
  segmentationModel?: string;
  embeddingModel?: string;
  plda?: string;
}

/** `workerData` of a diarization thread. */
export interface ThreadConfig {
  models: ThreadModels;
  /** onnxruntime intra-op threads per model. */
  threads: number;
}

/** An error as it crosses the thread boundary (class instances do not). */
export interface SerializedError {
  name: string;
  code?: string;
  message: string;
  stack?: string;
}

export interface DiarizeRequest {
  type: 'diarize';
  id: number;
  path: string;
  options: DiarizationJobOptions & { uri: string };
}

export type ThreadRequest = DiarizeRequest;

/** The part of a job result that the thread computes. */
export interface ThreadDiarization {
  uri: string;
  speakers: string[];
  segments: { start: number; end: number; speaker: string }[];
  rttm: string;
  audioSeconds: number;
}

export type ThreadReply =
  | { type: 'ready' }
  | { type: 'load-failed'; error: SerializedError }
  | { type: 'progress'; id: number; stage: DiarizeStage; done: number; total: number }
  | { type: 'result'; id: number; result: ThreadDiarization }
  | { type: 'failed'; id: number; error: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return { name: err.name, message: err.message, stack: err.stack, ...(typeof code === 'string' ? { code } : {}) };
  }
  return { name: 'Error', message: String(err) };
}
