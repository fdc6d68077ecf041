// A model missing from the cache is fetched the first time `diarize()` or `dia diarize` needs it:
// pinned sources, SHA-256 checked, a lock against a second process doing the same, a progress bar
// on a terminal and one line saying where it went. DIA_OFFLINE=1 / `offline: true` turns this off.
import { basename } from 'node:path';
import { progressBar, type ProgressStream } from '../progress';
import { locateModel, MODEL_ENV, modelNotFound, modelsDir } from './cache';
import { fetchModels, ModelDownloadError } from './fetch';
import { MODEL_FILES, type ModelFile, type ModelKind } from './registry';

/** What happens while a model is fetched on first use. */
export type ModelFetchEvent =
  | { type: 'progress'; kind: ModelKind; file: string; received: number; total: number | undefined }
  | { type: 'wait'; kind: ModelKind; file: string; holder: string }
  | { type: 'done'; kind: ModelKind; path: string; fetched: readonly string[] }
  | { type: 'failed'; kind: ModelKind; error: Error };

export interface EnsureModelOptions {
  /** Never download: a model missing from the cache is a MODEL_NOT_FOUND error. Default: `DIA_OFFLINE=1`. */
  offline?: boolean;
  /** Progress of a first-use download. Default: a bar on stderr when it is a terminal, and one line when done. */
  onModelFetch?: (event: ModelFetchEvent) => void;
  /** The pinned files to fetch from. Default: MODEL_FILES (a mirror with the same SHA-256s can be given). */
  modelFiles?: readonly ModelFile[];
  signal?: AbortSignal;
}

/** True when `offline` says so, or, when it is not given, `DIA_OFFLINE` is `1` or `true`. */
export function isOffline(offline?: boolean): boolean {
  return offline ?? /^(1|true|yes)$/i.test(process.env.DIA_OFFLINE ?? '');
}

/** The default first-use report: a progress bar on `stream` when it is a terminal, then where the model went. */
export function modelFetchReporter(stream: ProgressStream): (event: ModelFetchEvent) => void {
  let bar: ReturnType<typeof progressBar> | undefined;
  return (event) => {
    switch (event.type) {
      case 'progress':
        bar ??= progressBar(stream, `dia: fetching the ${event.kind} model`);
        bar.update(basename(event.file), event.received, event.total ?? event.received);
        break;
      case 'wait':
        stream.write(`dia: another process (${event.holder}) is fetching ${event.file}; waiting for it\n`);
        break;
      case 'done': {
        bar?.end();
        const licence = MODEL_FILES.find((f) => f.kind === event.kind)?.licence;
        stream.write(event.fetched.length
          ? `dia: fetched the ${event.kind} model into ${event.path} (SHA-256 checked; licence ${licence}; see NOTICE.md)\n`
          : `dia: using the ${event.kind} model another process fetched into ${event.path}\n`);
        break;
      }
      case 'failed':
        bar?.end();
    }
  };
}

/**
 * Path of a model like `resolveModelPath`, but a model missing from the cache is downloaded into it
 * first (every file of that kind from its pinned sources, SHA-256 checked, safe when several
 * processes start at once). A path given through `$DIA_…` is used as it is, never downloaded over.
 */
export async function ensureModel(kind: ModelKind, options: EnsureModelOptions = {}): Promise<string> {
  const at = locateModel(kind, options.modelFiles);
  if (at.exists) return at.path;
  if (at.from !== 'cache') throw modelNotFound(at);
  if (isOffline(options.offline)) throw modelNotFound(at, ' and nothing is downloaded offline (DIA_OFFLINE=1 or offline: true)');
  const report = options.onModelFetch ?? modelFetchReporter(process.stderr);
  let fetched: string[];
  try {
    fetched = await fetchModels({
      dir: modelsDir(),
      files: options.modelFiles,
      kinds: [kind],
      signal: options.signal,
      onProgress: (file, received, total) => report({ type: 'progress', kind, file, received, total }),
      onWait: (file, holder) => report({ type: 'wait', kind, file, holder }),
    });
  } catch (err) {
    report({ type: 'failed', kind, error: err as Error });
    if (!(err instanceof ModelDownloadError)) throw err;
    throw new ModelDownloadError(err.code, `the ${kind} model is not in ${modelsDir()} and fetching it on first use failed: ${err.message}\nSet ${MODEL_ENV[kind]} to a copy you have, or run \`dia models fetch\` where the sources are reachable.`);
  }
  report({ type: 'done', kind, path: at.path, fetched });
  return at.path;
}
