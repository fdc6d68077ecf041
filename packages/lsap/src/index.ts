export { linearSumAssignment } from './linear-sum-assignment';
export type { Assignment, CostMatrix, LsapOptions } from './linear-sum-assignment';
export { LsapError } from './errors';
