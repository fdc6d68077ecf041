// onnxruntime-node sessions with the settings dia uses (SPEC hazard H19: CPU only, fixed threads).
import { existsSync, readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { InferenceError } from './errors';

export interface SessionOptions {
  /**
   * Threads inside one operator. Default 1 (SPEC H19: results must not depend on the machine).
   * 2 threads segment 1.85× faster on this 2-core machine (480 vs 889 ms for 60 s) with identical
   * binarized output on the fixtures.
   */
  intraOpNumThreads?: number;
  interOpNumThreads?: number;
  /**
   * ORT graph optimisation level. Default 'disabled' (SPEC H19: the graph as exported, as the Rust
   * port that reached parity runs it); measured on segmentation-3.0 it costs nothing (889 vs 898 ms
   * for 60 s, bench/rtf.bench.mjs) and every level gives the same binarized output.
   */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
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
    intraOpNumThreads: options.intraOpNumThreads ?? 1,
    interOpNumThreads: options.interOpNumThreads ?? 1,
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'disabled',
  });
}

/** Resolves the name of a model input/output: the expected name if present, else the only one there is. */
export function bindName(names: readonly string[], expected: string, kind: string, what: string): string {
  if (names.includes(expected)) return expected;
  if (names.length === 1) return names[0];
  throw new InferenceError('MODEL_SIGNATURE', `${what} model has no ${kind} '${expected}' (found: ${names.join(', ')})`);
}

export { ort };
