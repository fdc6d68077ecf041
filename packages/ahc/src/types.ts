/** Row-major float32 matrix. */
export interface Matrix32 {
  data: Float32Array;
  rows: number;
  cols: number;
}

/** Row-major float64 matrix (a linkage matrix Z has 4 columns: idx1, idx2, distance, count). */
export interface Matrix64 {
  data: Float64Array;
  rows: number;
  cols: number;
}
