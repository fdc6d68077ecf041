// Beside the stages — models: takes nothing but the environment; gives paths of the pinned ONNX
// models and PLDA (cache, environment variables) and checksum-verified downloads into the cache.
export { MODEL_FILES } from './registry';
export type { ModelFile, ModelKind, PinnedSource } from './registry';
export { modelsDir, resolveModelPath } from './cache';
export { downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError } from './fetch';
export type { DownloadOptions, FetchOptions, VerifyResult } from './fetch';
export { extractTarGzMember, ArchiveError } from './tar';
