#!/usr/bin/env node
// Layering check (../shared/DESIGN.md "Layers"): fails when a workspace package depends on a
// package of the same or a higher layer, on an edge the design does not draw, or on a
// test-support package outside devDependencies.
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join, dirname, relative, sep } from 'node:path';
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

const IMPORT_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]*)['"]/g;

function sourceFiles(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sourceFiles(p) : /\.(ts|mts|cts)$/.test(f) ? [p] : [];
  });
}

/** The stage a path under src/ belongs to: its top folder, or the file name for a top-level file. */
function stageOf(srcDir, file) {
  const [first, ...rest] = relative(srcDir, file).split(sep);
  return rest.length > 0 ? first : first.replace(/\.(ts|mts|cts)$/, '') + '.ts';
}

/**
 * Stage check inside a package: returns violations for relative imports that go against the flow
 * of `order` (an array of ranks, each a list of folders or top-level `.ts` files of src/): a file
 * may import from its own folder or from a lower rank, never from the same rank or a later one.
 */
export function checkStages(packageDir, order) {
  const srcDir = join(packageDir, 'src');
  const rank = new Map();
  order.forEach((names, r) => names.forEach((n) => rank.set(n, r)));
  const violations = [];
  for (const file of sourceFiles(srcDir)) {
    const from = stageOf(srcDir, file);
    const where = relative(packageDir, file).split(sep).join('/');
    if (!rank.has(from)) {
      violations.push(`${where}: '${from}' is not a stage of scripts/layers.json`);
      continue;
    }
    for (const m of readFileSync(file, 'utf8').matchAll(IMPORT_SPECIFIER)) {
      const target = join(dirname(file), m[1]);
      if (!target.startsWith(srcDir + sep)) continue;
      const to = stageOf(srcDir, existsSync(target) && statSync(target).isDirectory() ? join(target, 'index.ts') : `${target}.ts`);
      if (to === from) continue;
      if (!rank.has(to)) violations.push(`${where}: imports '${m[1]}' from '${to}', which is not a stage of scripts/layers.json`);
      else if (rank.get(to) >= rank.get(from)) {
        violations.push(`${where}: imports '${m[1]}' — stage '${from}' (rank ${rank.get(from)}) may not import from '${to}' (rank ${rank.get(to)}): imports run one way, down the flow`);
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
  for (const [pkg, order] of Object.entries(rules.stages ?? {})) {
    if (pkg.startsWith('$')) continue;
    violations.push(...checkStages(join(root, 'packages', pkg.replace('@dia/', '')), order));
  }
  if (violations.length > 0) {
    for (const v of violations) console.error(`layering: ${v}`);
    process.exit(1);
  }
  const staged = Object.keys(rules.stages ?? {}).filter((k) => !k.startsWith('$'));
  console.log(`layering: ok (${Object.keys(rules.layers).length} packages checked; stages inside ${staged.join(', ')})`);
}
