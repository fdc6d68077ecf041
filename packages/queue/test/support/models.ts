// Models of the queue tests: the real segmentation-3.0 (pnpm models:test), the project's stand-in
// embedding (real WeSpeaker cannot be downloaded here) and the community-1 PLDA from ../shared.
import { fileURLToPath } from 'node:url';
import { pldaDir, realModelPath } from '@dia/fixtures';

export const EMBEDDING_STANDIN = fileURLToPath(new URL('../../../pipeline/test/data/models/embedding-standin.onnx', import.meta.url));

export interface TestModels {
  segmentationModel: string;
  embeddingModel: string;
  plda: string;
}

/** The models, or why they are absent (under CI a missing segmentation model throws instead). */
export function testModels(): TestModels | string {
  const segmentationModel = realModelPath('segmentation');
  if (!segmentationModel) return 'real segmentation-3.0 absent (pnpm models:test)';
  return { segmentationModel, embeddingModel: EMBEDDING_STANDIN, plda: pldaDir() };
}

/** The same models as `dia worker` options. */
export function workerModelArgs(models: TestModels): string[] {
  return ['--segmentation-model', models.segmentationModel, '--embedding-model', models.embeddingModel, '--plda', models.plda];
}
