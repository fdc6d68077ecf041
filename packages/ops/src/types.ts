/** A row-major float64 matrix (DESIGN.md convention). */
export interface Matrix64 {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A row-major float32 matrix. */
export interface Matrix32 {
  data: Float32Array;
  rows: number;
  cols: number;
}
