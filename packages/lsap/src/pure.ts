// `@dia/lsap/pure`: the TypeScript solver alone, with no dependency and no native code.
export { linearSumAssignment } from './linear-sum-assignment';
export type { Assignment, CostMatrix, LsapOptions } from './cost-matrix';
export { LsapError } from './errors';
