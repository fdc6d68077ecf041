export { linearSumAssignment, linearSumAssignmentNative, NATIVE_MIN_ENTRIES } from './native-solver';
export { linearSumAssignment as linearSumAssignmentTs } from './linear-sum-assignment';
export type { Assignment, CostMatrix, LsapOptions } from './cost-matrix';
export { LsapError } from './errors';
