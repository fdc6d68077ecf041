import { diaTsupConfig } from '../../tsup.shared';

// The library, plus the `dia` executable (dist/cli.js).
export default diaTsupConfig({ entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts' }, dts: { entry: { index: 'src/index.ts' } } });
