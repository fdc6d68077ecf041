// Beside the stages — models: takes nothing but the environment; gives paths of the pinned ONNX
// models and PLDA (environment variables, the PLDA bundled in the package, the cache) and
// checksum-verified downloads into the cache, on `dia models fetch` or on first use.
export { MODEL_FILES } from './registry';
export type { ModelFile, ModelKind, PinnedSource } from './registry';
export { modelsDir, resolveModelPath, locateModel, MODEL_ENV } from './cache';
export type { ModelLocation } from './cache';
export { bundledPlda, bundledPldaDir } from './bundled';
export { ensureModel, isOffline, modelFetchReporter } from './first-use';
export type { EnsureModelOptions, ModelFetchEvent } from './first-use';
export { withFileLock } from './lock';
export type { FileLockOptions } from './lock';
export { downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError } from './fetch';
export type { DownloadOptions, FetchOptions, VerifyResult } from './fetch';
export { extractTarGzMember, ArchiveError } from './tar';
