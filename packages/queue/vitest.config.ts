import { diaVitestConfig } from '../../vitest.shared';

export default diaVitestConfig();
