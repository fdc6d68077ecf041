import { defineConfig } from 'tsup';

// The report bundles the test-support fixture reader (a devDependency) into dist/report.js;
// @dia/pipeline stays external (a real dependency).
export default defineConfig({
  entry: ['src/index.ts', 'src/report.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: ['src/index.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  shims: true,
});
