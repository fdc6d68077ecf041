#!/usr/bin/env node
// Layering check (../shared/DESIGN.md "Layers"): fails when a workspace package depends on a
// package of the same or a higher layer, on an edge the design does not draw, or on a
// test-support package outside devDependencies.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const RUNTIME_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'];

/** Returns a list of human-readable violations for the packages under `packagesDir`. */
export function checkLayers(packagesDir, rules) {
  const violations = [];
  const { layers, allowed, testSupport } = rules;
  for (const dir of readdirSync(packagesDir)) {
    const file = join(packagesDir, dir, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    const name = pkg.name;
    const ours = (dep) => dep.startsWith('@dia/');
    if (!(name in layers) && !testSupport.includes(name)) {
      violations.push(`${name} (packages/${dir}) has no layer in scripts/layers.json`);
      continue;
    }
    for (const field of [...RUNTIME_FIELDS, 'devDependencies']) {
      for (const dep of Object.keys(pkg[field] ?? {}).filter(ours)) {
        if (testSupport.includes(dep)) {
          if (field !== 'devDependencies') violations.push(`${name}: test-support ${dep} may only be a devDependency (found in ${field})`);
          continue;
        }
        if (testSupport.includes(name)) {
          violations.push(`${name}: test-support package may not depend on ${dep}`);
          continue;
        }
        if (!(dep in layers)) {
          violations.push(`${name}: depends on unknown workspace package ${dep}`);
          continue;
        }
        if (layers[dep] >= layers[name]) {
          violations.push(`${name} (layer ${layers[name]}) depends on ${dep} (layer ${layers[dep]}) in ${field}: only lower layers are allowed`);
        } else if (!(allowed[name] ?? []).includes(dep)) {
          violations.push(`${name}: dependency on ${dep} is not an edge of DESIGN.md`);
        }
      }
    }
  }
  return violations;
}

const isMain = process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url;
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const rules = JSON.parse(readFileSync(join(root, 'scripts', 'layers.json'), 'utf8'));
  const violations = checkLayers(join(root, 'packages'), rules);
  if (violations.length > 0) {
    for (const v of violations) console.error(`layering: ${v}`);
    process.exit(1);
  }
  console.log(`layering: ok (${Object.keys(rules.layers).length} packages checked)`);
}
