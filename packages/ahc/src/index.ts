export { AhcError } from './errors';
export type { Matrix32, Matrix64 } from './types';
export { l2NormalizeRowsF32, pairwiseSumF32 } from './normalize';
export { linkage, fastLinkage, MAX_OBSERVATIONS } from './linkage';
export type { LinkageMethod } from './linkage';
export { fcluster } from './fcluster';
export { ahcInit } from './ahc-init';
