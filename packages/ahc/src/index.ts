export { AhcError } from './errors';
export type { Matrix32, Matrix64 } from './types';
export { l2NormalizeRowsF32, pairwiseSumF32 } from './normalize';
export { linkage, fastLinkage } from './linkage';
export { linkageMemoryBytes, availableMemoryBytes } from './memory';
export type { LinkageMethod } from './linkage';
export { fcluster } from './fcluster';
export { ahcInit } from './ahc-init';
