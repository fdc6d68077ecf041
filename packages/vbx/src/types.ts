// Row-major matrices are shared across the dia packages (defined in @dia/ops).
export type { Matrix32, Matrix64 } from '@dia/ops';
