#!/usr/bin/env node
// Puts the community-1 PLDA (CC-BY-4.0, BUT Speech@FIT; see NOTICE.md) into models/plda/ of this
// package before it is packed (`prepack`), so that `npm install @dia/pipeline` ships it and
// diarize() needs no download for it. The files are never committed: they are copied from
// $DIA_PLDA_DIR or ../shared/models/plda beside the repository, and every one must match the
// SHA-256 pinned in the model registry (src/models/registry.ts, read from the build), or the pack fails.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..');
const fail = (message) => {
  console.error(`bundle-plda: ${message}`);
  process.exit(1);
};

const built = join(pkg, 'dist', 'index.js');
if (!existsSync(built)) fail(`${built} is missing: build the package first (pnpm build)`);
const { MODEL_FILES } = await import(pathToFileURL(built).href);
const plda = MODEL_FILES.filter((f) => f.kind === 'plda');
if (plda.length === 0) fail('the model registry lists no PLDA file');

const source = process.env.DIA_PLDA_DIR ?? join(pkg, '..', '..', '..', 'shared', 'models', 'plda');
const target = join(pkg, 'models', 'plda');
// every file is checked before anything is replaced
const verified = plda.map((f) => {
  const name = f.file.replace(/^plda\//, '');
  const from = join(source, name);
  if (!existsSync(from)) fail(`${from} is missing: the package cannot be packed without the PLDA (set DIA_PLDA_DIR to the community-1 plda/ folder)`);
  const bytes = readFileSync(from);
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (!f.sources.some((s) => s.sha256 === digest)) fail(`${from}: SHA-256 ${digest} is not the pinned ${f.sources.map((s) => s.sha256).join(' or ')}`);
  return { name, bytes };
});
rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
for (const { name, bytes } of verified) writeFileSync(join(target, name), bytes);
console.log(`bundle-plda: ${verified.length} PLDA files from ${source}, SHA-256 checked, in ${target}`);
