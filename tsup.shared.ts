// Shared tsup settings: ESM + CJS + .d.ts for Node 20, one entry per package unless given.
import { fileURLToPath } from 'node:url';
import { defineConfig, type Options } from 'tsup';

const cjsShim = fileURLToPath(new URL('./tsup.cjs-shim.js', import.meta.url));

export function diaTsupConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    // `import.meta.url` is empty in CommonJS: the CJS build gets it from __filename instead, so a
    // package finds files beside its dist (the native addon, bundled data) under require() too
    esbuildOptions(options, { format }) {
      if (format !== 'cjs') return;
      options.define = { ...options.define, 'import.meta.url': 'importMetaUrl' };
      options.inject = [...(options.inject ?? []), cjsShim];
    },
    ...overrides,
  });
}
