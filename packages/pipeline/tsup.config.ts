import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Options } from 'tsup';
import { diaTsupConfig } from '../../tsup.shared';

/**
 * `import text from './file?raw'` bundles the file's text (as vite does in the tests): the HTML
 * report's template, stylesheet and page script live as real files in src/output/report and end
 * up inside dist/, so the report works from a build and from an installed package alike.
 */
const rawText: NonNullable<Options['esbuildPlugins']>[number] = {
  name: 'raw-text',
  setup(build) {
    // the path keeps its `?raw` so that tsup's own .css handling does not claim the stylesheet
    build.onResolve({ filter: /\?raw$/ }, (args) => ({ path: resolve(args.resolveDir, args.path), namespace: 'raw-text' }));
    build.onLoad({ filter: /\?raw$/, namespace: 'raw-text' }, (args) => ({
      contents: readFileSync(args.path.slice(0, -'?raw'.length), 'utf8'),
      loader: 'text',
      watchFiles: [args.path.slice(0, -'?raw'.length)],
    }));
  },
};

// The library, plus the `dia` executable (dist/cli.js). onnx-buf (the ONNX schema compiled for
// protobuf-es) is ESM-only: it is bundled so that the CommonJS build loads on every Node 20.
export default diaTsupConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts' },
  dts: { entry: { index: 'src/index.ts' } },
  esbuildPlugins: [rawText],
  noExternal: ['onnx-buf'],
});
