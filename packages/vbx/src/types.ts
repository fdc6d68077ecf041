/** Row-major float64 matrix. */
export interface Matrix64 {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Row-major float32 matrix. */
export interface Matrix32 {
  data: Float32Array;
  rows: number;
  cols: number;
}
