// The community-1 PLDA shipped inside the @dia/pipeline package (models/plda/, copied and
// SHA-256-checked at pack time by scripts/bundle-plda.mjs; CC-BY-4.0, see NOTICE.md).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODEL_FILES } from './registry';

/** The @dia/pipeline package directory: the nearest package.json above this module (src/ or dist/). */
export function pipelinePackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@dia/pipeline') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`@dia/pipeline: no package.json of @dia/pipeline above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Where the package keeps its bundled PLDA (the folder may be absent in a source checkout). */
export function bundledPldaDir(): string {
  return join(pipelinePackageDir(), 'models', 'plda');
}

/** The bundled PLDA directory when every PLDA file of the registry is in it, else undefined. */
export function bundledPlda(): string | undefined {
  const dir = bundledPldaDir();
  const files = MODEL_FILES.filter((f) => f.kind === 'plda').map((f) => join(dir, f.file.replace(/^plda\//, '')));
  return files.every((f) => existsSync(f)) ? dir : undefined;
}
