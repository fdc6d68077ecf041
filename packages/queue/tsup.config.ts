import { diaTsupConfig } from '../../tsup.shared';

// The library; `cli-main` (the `@dia/queue/cli` export that `dia worker|enqueue|jobs` loads); the
// `dia-queue` executable (dist/cli.js); and the diarization thread's entry, which worker_threads
// loads by file name beside the library (dist/diarization-thread.js).
export default diaTsupConfig({
  entry: { index: 'src/index.ts', 'cli-main': 'src/cli/index.ts', cli: 'src/cli/bin.ts', 'diarization-thread': 'src/diarization-thread.ts' },
  dts: { entry: { index: 'src/index.ts', 'cli-main': 'src/cli/index.ts' } },
  shims: true,
});
