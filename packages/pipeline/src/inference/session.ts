// onnxruntime-node sessions with the settings dia uses (CPU by default; threads and optimisation measured, SPEC H19).
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { InferenceError } from '../errors';

/**
 * Execution providers onnxruntime-node offers, depending on the platform: `cpu` everywhere, `cuda`
 * on Linux x64 (with onnxruntime-node's CUDA binaries), `dml` (DirectML) on Windows, `coreml` on
 * macOS, `webgpu`. Results on a GPU match the CPU's only to float tolerance (as pyannote's do).
 */
export type ExecutionProvider = 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';
export const EXECUTION_PROVIDERS: readonly ExecutionProvider[] = ['cpu', 'cuda', 'dml', 'coreml', 'webgpu'];

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
  /**
   * Where the networks run, in order of preference (default `['cpu']`). Nodes a provider cannot run
   * fall back to the CPU. A provider this platform's onnxruntime-node lacks is an
   * `EXECUTION_PROVIDER` error; CoreML is refused for the embedding model (it emits NaN/Inf for
   * this ResNet34, SPEC H19).
   */
  executionProviders?: readonly ExecutionProvider[];
  /**
   * onnxruntime's CPU memory arena (default false). The arena keeps every session's largest
   * activations allocated for the session's life, so the segmentation's and the embedding's peaks
   * add up; without it memory goes back after each run. Measured on this machine: peak RSS of the
   * embedding stage 459 → 380 MB and of segmentation at batch 32 564 → 456 MB, at the same speed.
   */
  memoryArena?: boolean;
}

/** onnxruntime intra-op threads by default: the CPUs available to this process, at most 8. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** A model given as a file path or as the bytes of an .onnx file. */
export type ModelSource = string | Uint8Array;

/** The bytes of a model given as a path or bytes; a missing file is a MODEL_NOT_FOUND error naming it. */
export function readModel(source: ModelSource, what: string, hint: string): Uint8Array {
  if (typeof source !== 'string') return source;
  if (!existsSync(source)) throw new InferenceError('MODEL_NOT_FOUND', `${what} model not found at ${source}. ${hint}`);
  return readFileSync(source);
}

/** The providers to ask onnxruntime for: the requested ones (checked against this platform's build), then the CPU. */
export function resolveProviders(requested: readonly ExecutionProvider[] | undefined, what: string): ExecutionProvider[] {
  const wanted = requested && requested.length > 0 ? [...requested] : ['cpu' as const];
  const offered = ort.listSupportedBackends().map((b) => b.name);
  for (const p of wanted) {
    if (!EXECUTION_PROVIDERS.includes(p)) {
      throw new InferenceError('EXECUTION_PROVIDER', `unknown execution provider '${String(p)}' (known: ${EXECUTION_PROVIDERS.join(', ')})`);
    }
    if (!offered.includes(p)) {
      throw new InferenceError('EXECUTION_PROVIDER', `the ${what} model cannot run on '${p}': onnxruntime-node on ${process.platform}/${process.arch} offers ${offered.join(', ')}`);
    }
  }
  if (!wanted.includes('cpu')) wanted.push('cpu'); // nodes a provider cannot run go to the CPU
  return wanted;
}

/** Creates an inference session with dia's settings; a provider that fails to initialise is an EXECUTION_PROVIDER error. */
export async function createSession(source: ModelSource, what: string, hint: string, options: SessionOptions = {}): Promise<ort.InferenceSession> {
  const bytes = readModel(source, what, hint);
  const executionProviders = resolveProviders(options.executionProviders, what);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders,
      intraOpNumThreads: options.intraOpNumThreads ?? defaultThreads(),
      interOpNumThreads: options.interOpNumThreads ?? 1,
      graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
      enableCpuMemArena: options.memoryArena ?? false,
    });
  } catch (err) {
    const gpu = executionProviders.filter((p) => p !== 'cpu');
    if (gpu.length === 0) throw err;
    const hint = gpu.includes('cuda') ? ' (CUDA needs onnxruntime-node\'s CUDA binaries: install it with ONNXRUNTIME_NODE_INSTALL=cuda12, plus CUDA 12 and cuDNN 9)' : '';
    throw new InferenceError('EXECUTION_PROVIDER', `the ${what} model could not be loaded on ${gpu.join(', ')}: ${(err as Error).message.split('\n')[0]}${hint}`);
  }
}

/** Resolves the name of a model input/output: the expected name if present, else the only one there is. */
export function bindName(names: readonly string[], expected: string, kind: string, what: string): string {
  if (names.includes(expected)) return expected;
  if (names.length === 1) return names[0];
  throw new InferenceError('MODEL_SIGNATURE', `${what} model has no ${kind} '${expected}' (found: ${names.join(', ')})`);
}

export { ort };
