import { diaTsupConfig } from '../../tsup.shared';

export default diaTsupConfig();
