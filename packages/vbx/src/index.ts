export { VbxError } from './errors';
export type { Matrix32, Matrix64 } from './types';
export { Plda } from './plda';
export type { PldaFiles } from './plda';
export { vbx, qinitFromLabels } from './vbx';
export type { VbxOptions, VbxResult } from './vbx';
