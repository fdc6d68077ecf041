import { diaTsupConfig } from '../../tsup.shared';

// two entries: the default (native kernels when available) and `@dia/lsap/pure` (TypeScript only)
export default diaTsupConfig({ entry: ['src/index.ts', 'src/pure.ts'] });
