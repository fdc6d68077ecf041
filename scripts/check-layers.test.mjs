// node --test: the layering check must accept the real tree and reject wrong edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { checkLayers } from './check-layers.mjs';

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
  const dir = tree({ '@dia/fbank': { dependencies: { '@dia/lsap': 'workspace:*' } }, '@dia/lsap': {} });
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
