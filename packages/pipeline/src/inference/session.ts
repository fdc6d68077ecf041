// onnxruntime-node sessions with the settings dia uses (CPU only; threads and optimisation measured, SPEC H19).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { InferenceError } from '../errors';

export interface SessionOptions {
  /**
   * Threads inside one operator. Default: the CPUs available, at most 8. Measured here: 1, 2, 3 and
   * 8 threads give bit-identical segmentations and embeddings, run after run (SPEC H19's concern),
   * and 2 threads are 1.85× (segmentation) and 1.97× (ResNet34 embedding) faster on 2 cores. Set 1
   * when running several diarizations in parallel.
   */
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  /**
   * ORT graph optimisation level. Default 'all': 1.53× faster for the ResNet34 embedding, no change
   * for segmentation-3.0, whose binarized output is identical at every level. It moves embeddings by
   * 4.5e-7 (relative), less than onnxruntime differs from PyTorch at any level (1.6e-6), and no
   * closer or further from PyTorch — bench/rtf.bench.mjs.
   */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
}

/** onnxruntime intra-op threads by default: the CPUs available to this process, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** A model given as a file path or as the bytes of an .onnx file. */
export type ModelSource = string | Uint8Array;

/** Creates a CPU inference session; a missing file is a MODEL_NOT_FOUND error naming it. */
export async function createSession(source: ModelSource, what: string, hint: string, options: SessionOptions = {}): Promise<ort.InferenceSession> {
  let bytes: Uint8Array;
  if (typeof source === 'string') {
    if (!existsSync(source)) throw new InferenceError('MODEL_NOT_FOUND', `${what} model not found at ${source}. ${hint}`);
    bytes = readFileSync(source);
  } else {
    bytes = source;
  }
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: options.intraOpNumThreads ?? defaultThreads(),
    interOpNumThreads: options.interOpNumThreads ?? 1,
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
  });
}

/** Resolves the name of a model input/output: the expected name if present, else the only one there is. */
export function bindName(names: readonly string[], expected: string, kind: string, what: string): string {
  if (names.includes(expected)) return expected;
  if (names.length === 1) return names[0];
  throw new InferenceError('MODEL_SIGNATURE', `${what} model has no ${kind} '${expected}' (found: ${names.join(', ')})`);
}

export { ort };
