// The input and output shapes of the solvers, and the conversion of `number[][]` input.
import { LsapError } from './errors';

/** A row-major cost matrix. */
export interface CostMatrix {
  data: Float64Array | Float32Array | ArrayLike<number>;
  rows: number;
  cols: number;
}

export interface LsapOptions {
  /** Maximise the total instead of minimising it (scipy `maximize=True`). */
  maximize?: boolean;
}

export interface Assignment {
  /** Row indices, ascending. */
  rowInd: Int32Array;
  /** The column assigned to each row of `rowInd`. */
  colInd: Int32Array;
}

/** Validates the shape of `cost` and converts `number[][]` to a row-major Float64Array. */
export function toMatrix(cost: number[][] | CostMatrix): CostMatrix {
  if (!Array.isArray(cost)) {
    const { rows, cols } = cost;
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) throw new LsapError('BAD_SHAPE', `invalid shape ${rows}×${cols}`);
    if (cost.data.length !== rows * cols) throw new LsapError('BAD_SHAPE', `cost matrix data has ${cost.data.length} entries, expected ${rows}×${cols} = ${rows * cols}`);
    return cost;
  }
  const rows = cost.length;
  const cols = rows === 0 ? 0 : cost[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const row = cost[i];
    if (!Array.isArray(row) || row.length !== cols) throw new LsapError('BAD_SHAPE', `cost matrix is jagged: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, row 0 has ${cols}`);
    for (let j = 0; j < cols; j++) data[i * cols + j] = row[j];
  }
  return { data, rows, cols };
}
