// Where models live: explicit paths from the environment, the PLDA bundled in the package, else
// the model cache.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { InferenceError } from '../errors';
import { bundledPlda } from './bundled';
import { MODEL_FILES, type ModelFile, type ModelKind } from './registry';

/** `$DIA_MODELS_DIR`, else `$XDG_CACHE_HOME/dia/models`, else `~/.cache/dia/models`. */
export function modelsDir(): string {
  if (process.env.DIA_MODELS_DIR) return process.env.DIA_MODELS_DIR;
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'dia', 'models');
}

/** The environment variable that points at each model. */
export const MODEL_ENV: Readonly<Record<ModelKind, string>> = { segmentation: 'DIA_SEGMENT_MODEL_PATH', embedding: 'DIA_EMBED_MODEL_PATH', plda: 'DIA_PLDA_DIR' };

/**
 * Where `kind` sits in the cache `dir`: its file, or for a kind of several files (the PLDA) the
 * folder they share.
 */
export function cachedModelPath(kind: ModelKind, files: readonly ModelFile[] = MODEL_FILES, dir = modelsDir()): string {
  const mine = files.filter((f) => f.kind === kind);
  if (mine.length === 0) throw new InferenceError('MODEL_NOT_FOUND', `no ${kind} model in the model registry`);
  return join(dir, mine.length === 1 ? mine[0].file : dirname(mine[0].file));
}

/** Where a model is looked for, in order: its environment variable, the package (PLDA), the cache. */
export interface ModelLocation {
  kind: ModelKind;
  path: string;
  from: 'env' | 'bundled' | 'cache';
  exists: boolean;
}

/** Where `kind` is taken from: `$DIA_…` if set, else the PLDA bundled in the package, else the cache. */
export function locateModel(kind: ModelKind, files: readonly ModelFile[] = MODEL_FILES): ModelLocation {
  const env = process.env[MODEL_ENV[kind]];
  if (env) return { kind, path: env, from: 'env', exists: existsSync(env) };
  const bundled = kind === 'plda' ? bundledPlda() : undefined;
  if (bundled) return { kind, path: bundled, from: 'bundled', exists: true };
  const path = cachedModelPath(kind, files);
  return { kind, path, from: 'cache', exists: existsSync(path) };
}

/** The MODEL_NOT_FOUND error for a model that is not where it was looked for. */
export function modelNotFound(at: ModelLocation, why = ''): InferenceError {
  const name = MODEL_ENV[at.kind];
  return new InferenceError('MODEL_NOT_FOUND', `${at.kind} model not found at ${at.path}${at.from === 'env' ? ` (from ${name})` : ''}${why}. Run \`dia models fetch\` or set ${name}.`);
}

/**
 * Path of a model (a directory for the PLDA): the environment variable if set, else the PLDA
 * bundled in the package, else the cache. A missing file is a MODEL_NOT_FOUND error naming it and
 * the command that gets it. (`diarize()` fetches a missing cached model instead: `ensureModel`.)
 */
export function resolveModelPath(kind: ModelKind): string {
  const at = locateModel(kind);
  if (!at.exists) throw modelNotFound(at);
  return at.path;
}
