import { diaTsupConfig } from '../../tsup.shared';

// The library; the `dia-queue` executable (dist/cli.js); and the diarization thread's entry, which
// worker_threads loads by file name beside the library (dist/diarization-thread.js, ESM: the CJS
// build of the library loads the same file). The CJS builds of the two entries are not published.
export default diaTsupConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts', 'diarization-thread': 'src/diarization-thread.ts' },
  dts: { entry: { index: 'src/index.ts' } },
});
