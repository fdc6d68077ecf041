export { MODEL_FILES } from './registry';
export type { ModelFile, ModelKind, PinnedSource } from './registry';
export { modelsDir, resolveModelPath } from './cache';
export { downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError } from './fetch';
export type { DownloadOptions, FetchOptions, VerifyResult } from './fetch';
export { extractTarGzMember, ArchiveError } from './tar';
