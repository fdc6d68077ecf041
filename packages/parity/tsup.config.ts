import { diaTsupConfig } from '../../tsup.shared';

// The report bundles the test-support fixture reader (a devDependency) into dist/report.js;
// @dia/pipeline stays external (a real dependency).
export default diaTsupConfig({ entry: ['src/index.ts', 'src/report.ts'], dts: { entry: ['src/index.ts'] } });
