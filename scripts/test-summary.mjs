#!/usr/bin/env node
// Adds up the vitest JSON reports of every package (written by `pnpm test`) into one closing line:
// "N passed, M failed, K skipped". Exits 1 when a package has no report or any test failed.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;
for (const dir of readdirSync(join(root, 'packages')).sort()) {
  if (!existsSync(join(root, 'packages', dir, 'package.json'))) continue;
  const file = join(root, 'packages', dir, '.vitest-report.json');
  // per-backend reruns (scripts/test-backends.mjs) count too
  for (const extra of readdirSync(join(root, 'packages', dir)).filter((f) => /^\.vitest-report\..+\.json$/.test(f)).sort()) {
    const r = JSON.parse(readFileSync(join(root, 'packages', dir, extra), 'utf8'));
    const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
    console.log(`${dir} [${extra.slice(15, -5)}]: ${r.numPassedTests ?? 0} passed, ${f} failed, ${(r.numPendingTests ?? 0) + (r.numTodoTests ?? 0)} skipped`);
    passed += r.numPassedTests ?? 0;
    failed += f;
    skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  if (!existsSync(file)) {
    const testDir = join(root, 'packages', dir, 'test');
    const hasTests = existsSync(testDir) && readdirSync(testDir).some((f) => f.endsWith('.test.ts'));
    console.log(`${dir}: ${hasTests ? 'no test report (tests did not run)' : 'no tests yet'}`);
    if (hasTests) missing++;
    continue;
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const p = r.numPassedTests ?? 0;
  const f = (r.numFailedTests ?? 0) + (r.numRuntimeErrorTestSuites ?? 0);
  const s = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  console.log(`${dir}: ${p} passed, ${f} failed, ${s} skipped`);
  passed += p;
  failed += f;
  skipped += s;
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing > 0 || passed === 0 ? 1 : 0);
