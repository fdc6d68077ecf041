// node --test: the layering check must accept the real tree and reject wrong edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, cpSync, appendFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkLayers, checkStages } from './check-layers.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const rules = JSON.parse(readFileSync(join(root, 'scripts', 'layers.json'), 'utf8'));

function tree(pkgs) {
  const dir = mkdtempSync(join(tmpdir(), 'dia-layers-'));
  for (const [name, fields] of Object.entries(pkgs)) {
    const d = join(dir, name.replace('@dia/', ''));
    mkdirSync(d);
    writeFileSync(join(d, 'package.json'), JSON.stringify({ name, ...fields }));
  }
  return dir;
}

test('the repository itself passes the layering check', () => {
  assert.deepEqual(checkLayers(join(root, 'packages'), rules), []);
});

test('a lower layer depending on a higher one fails', () => {
  const dir = tree({ '@dia/ops': { dependencies: { '@dia/vbx': 'workspace:*' } }, '@dia/vbx': {} });
  const v = checkLayers(dir, rules);
  assert.equal(v.length, 1);
  assert.match(v[0], /@dia\/ops \(layer 0\) depends on @dia\/vbx \(layer 1\)/);
});

test('a same-layer dependency fails', () => {
  const dir = tree({ '@dia/vbx': { dependencies: { '@dia/ahc': 'workspace:*' } }, '@dia/ahc': {} });
  assert.match(checkLayers(dir, rules)[0], /same|only lower layers/);
});

test('an edge that DESIGN.md does not draw fails even if lower', () => {
  const dir = tree({ '@dia/rttm': { dependencies: { '@dia/ops': 'workspace:*' } }, '@dia/ops': {} });
  assert.match(checkLayers(dir, rules)[0], /not an edge/);
});

test('test-support packages only as devDependencies', () => {
  const dir = tree({ '@dia/ahc': { dependencies: { '@dia/fixtures': 'workspace:*' } }, '@dia/fixtures': {} });
  assert.match(checkLayers(dir, rules)[0], /only be a devDependency/);
  const ok = tree({ '@dia/ahc': { devDependencies: { '@dia/fixtures': 'workspace:*', '@dia/ops': 'workspace:*' } }, '@dia/fixtures': {} });
  assert.deepEqual(checkLayers(ok, rules), []);
});

test('a package with no layer fails', () => {
  const dir = tree({ '@dia/mystery': {} });
  assert.match(checkLayers(dir, rules)[0], /no layer/);
});

// Stages inside @dia/pipeline (DESIGN.md: imports run one way down audio → inference → clustering →
// reconstruction → output, models beside, cli on top).
const pipelineStages = rules.stages['@dia/pipeline'];

/** A copy of the real pipeline sources, to add a deliberate edge to. */
function pipelineCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'dia-stages-'));
  cpSync(join(root, 'packages', 'pipeline', 'src'), join(dir, 'src'), { recursive: true });
  return dir;
}

test('the pipeline sources pass the stage check', () => {
  assert.deepEqual(checkStages(join(root, 'packages', 'pipeline'), pipelineStages), []);
});

test('a back edge (an earlier stage importing a later one) fails the stage check', () => {
  const dir = pipelineCopy();
  appendFileSync(join(dir, 'src', 'audio', 'wav.ts'), "\nimport { reconstruct } from '../reconstruction/reconstruct';\nexport const backEdge = reconstruct;\n");
  const v = checkStages(dir, pipelineStages);
  assert.equal(v.length, 1);
  assert.match(v[0], /src\/audio\/wav\.ts: imports '..\/reconstruction\/reconstruct' — stage 'audio' .* may not import from 'reconstruction'/);
});

test('a type-only back edge and a dynamic import fail too', () => {
  const dir = pipelineCopy();
  appendFileSync(join(dir, 'src', 'inference', 'masks.ts'), "\nimport type { DiarizeOptions } from '../diarize';\nexport type Back = DiarizeOptions;\n");
  appendFileSync(join(dir, 'src', 'clustering', 'kmeans.ts'), "\nexport const later = () => import('../output/index');\n");
  const v = checkStages(dir, pipelineStages);
  assert.equal(v.length, 2);
});

test('stages of the same rank may not import each other, and unknown folders fail', () => {
  const dir = pipelineCopy();
  appendFileSync(join(dir, 'src', 'audio', 'load.ts'), "\nimport { modelsDir } from '../models/cache';\nexport const sibling = modelsDir;\n");
  mkdirSync(join(dir, 'src', 'misc'));
  writeFileSync(join(dir, 'src', 'misc', 'x.ts'), 'export const x = 1;\n');
  const v = checkStages(dir, pipelineStages);
  assert.equal(v.length, 2);
  assert.ok(v.some((m) => /stage 'audio' \(rank 2\) may not import from 'models' \(rank 2\)/.test(m)));
  assert.ok(v.some((m) => /'misc' is not a stage/.test(m)));
});

test('imports down the flow are allowed', () => {
  const dir = pipelineCopy();
  appendFileSync(join(dir, 'src', 'output', 'format.ts'), "\nimport { SAMPLE_RATE } from '../geometry/index';\nexport const rate = SAMPLE_RATE;\n");
  assert.deepEqual(checkStages(dir, pipelineStages), []);
});
