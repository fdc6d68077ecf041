// Shared tsup settings: ESM + CJS + .d.ts for Node 20, one entry per package unless given.
import { defineConfig, type Options } from 'tsup';

export function diaTsupConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    ...overrides,
  });
}
