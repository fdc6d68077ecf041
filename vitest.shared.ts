// Shared vitest settings: every @dia/* import resolves to the package's TypeScript
// source, so tests never depend on a previous build.
import { fileURLToPath } from 'node:url';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

const packagesDir = fileURLToPath(new URL('./packages', import.meta.url));

function workspaceAliases(): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const dir of readdirSync(packagesDir)) {
    const entry = join(packagesDir, dir, 'src', 'index.ts');
    if (existsSync(entry)) aliases[`@dia/${dir}`] = entry;
  }
  return aliases;
}

export function diaVitestConfig(options: { testTimeout?: number } = {}) {
  return defineConfig({
    resolve: { alias: workspaceAliases() },
    test: {
      include: ['test/**/*.test.ts'],
      // generous: tests that run the real segmentation take seconds idle but minutes on a loaded 2-core machine
      testTimeout: options.testTimeout ?? 240_000,
      hookTimeout: 240_000,
      passWithNoTests: true,
      // the JSON report feeds scripts/test-summary.mjs (one closing line for the whole repository)
      reporters: ['default', 'json'],
      outputFile: { json: '.vitest-report.json' },
    },
  });
}
