#!/usr/bin/env node
// Runs the test suites whose results depend on @dia/ops (ops, lsap, ahc, vbx, fbank, parity) once per
// backend this machine has: the TypeScript kernels and every SIMD level of the native addon
// (forced with DIA_OPS_BACKEND / DIA_OPS_SIMD). Each run writes .vitest-report.<tag>.json, which
// scripts/test-summary.mjs adds up.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const packages = ['ops', 'lsap', 'ahc', 'vbx', 'fbank', 'parity'];

function nativeLevels() {
  const triple = (() => {
    const { platform, arch } = process;
    if (platform === 'linux') return `linux-${arch}-${process.report?.getReport()?.header?.glibcVersionRuntime ? 'gnu' : 'musl'}`;
    if (platform === 'win32') return `win32-${arch}-msvc`;
    return `${platform}-${arch}`;
  })();
  const file = join(root, 'packages', 'ops', 'native', `dia-ops.${triple}.node`);
  if (!existsSync(file)) return [];
  return createRequire(import.meta.url)(file).availableLevels();
}

const runs = [{ tag: 'ts', env: { DIA_OPS_BACKEND: 'ts' } }, ...nativeLevels().map((l) => ({ tag: l, env: { DIA_OPS_SIMD: l } }))];
let failed = 0;
for (const run of runs) {
  for (const pkg of packages) {
    const cwd = join(root, 'packages', pkg);
    const r = spawnSync('npx', ['vitest', 'run', '--reporter=dot', '--reporter=json', `--outputFile.json=.vitest-report.${run.tag}.json`], { cwd, env: { ...process.env, ...run.env }, encoding: 'utf8' });
    const summary = (r.stdout.match(/Tests\s+.*$/m) ?? ['(no summary)'])[0].trim();
    console.log(`[${run.tag}] @dia/${pkg}: ${summary}`);
    if (r.status !== 0) {
      failed++;
      console.log(r.stdout.slice(-3000), r.stderr.slice(-2000));
    }
  }
}
console.log(`backends tested: ${runs.map((r) => r.tag).join(', ')}${failed ? ` — ${failed} suite run(s) failed` : ''}`);
process.exit(failed ? 1 : 0);
