// Where models live: explicit paths from the environment, else the model cache.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InferenceError } from '../errors';
import type { ModelKind } from './registry';

/** `$DIA_MODELS_DIR`, else `$XDG_CACHE_HOME/dia/models`, else `~/.cache/dia/models`. */
export function modelsDir(): string {
  if (process.env.DIA_MODELS_DIR) return process.env.DIA_MODELS_DIR;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dia', 'models');
}

const ENV: Record<ModelKind, string> = { segmentation: 'DIA_SEGMENT_MODEL_PATH', embedding: 'DIA_EMBED_MODEL_PATH', plda: 'DIA_PLDA_DIR' };
const CACHED: Record<ModelKind, string> = { segmentation: 'segmentation-3.0.onnx', embedding: 'wespeaker_resnet34_lm.onnx', plda: 'plda' };

/**
 * Path of a model (a directory for the PLDA): the environment variable if set, else the cache.
 * A missing file is a MODEL_NOT_FOUND error naming it and the command that gets it.
 */
export function resolveModelPath(kind: ModelKind): string {
  const env = process.env[ENV[kind]];
  const path = env ?? join(modelsDir(), CACHED[kind]);
  if (!existsSync(path)) {
    throw new InferenceError('MODEL_NOT_FOUND', `${kind} model not found at ${path}${env ? ` (from ${ENV[kind]})` : ''}. Run \`dia models fetch\` or set ${ENV[kind]}.`);
  }
  return path;
}
