import { mergeConfig } from 'vitest/config';
import { diaVitestConfig } from '../../vitest.shared';

// The HTML report imports its stylesheet as text (`./report.css?raw`); vitest hands CSS over as an
// empty string unless told to process it.
export default mergeConfig(diaVitestConfig(), { test: { css: { include: [/src\/output\/report\/report\.css/] } } });
