export { MODEL_FILES } from './registry';
export type { ModelFile, ModelKind } from './registry';
export { modelsDir, resolveModelPath } from './cache';
export { downloadFile, fetchModels, verifyModels, sha256File, ModelDownloadError } from './fetch';
export type { DownloadOptions, VerifyResult } from './fetch';
