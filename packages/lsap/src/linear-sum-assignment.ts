// scipy.optimize.linear_sum_assignment in TypeScript, the zero-dependency solver (`@dia/lsap/pure`):
// shortest augmenting path (Crouse 2016), mirroring scipy's rectangular_lsap.cpp (`solve`,
// `augmenting_path`) loop by loop so that ties resolve identically.
import { LsapError } from './errors';
import { toMatrix, type Assignment, type CostMatrix, type LsapOptions } from './cost-matrix';

/** Reusable scratch so the per-chunk calls of the pipeline (3 × K) allocate only their result. */
class Scratch {
  cap = 0;
  u = new Float64Array(0);
  v = new Float64Array(0);
  shortest = new Float64Array(0);
  path = new Int32Array(0);
  col4row = new Int32Array(0);
  row4col = new Int32Array(0);
  remaining = new Int32Array(0);
  sr = new Uint8Array(0);
  sc = new Uint8Array(0);
  work = new Float64Array(0);
  ensure(nr: number, nc: number): void {
    const n = Math.max(nr, nc);
    if (this.cap < n) {
      this.cap = n;
      this.u = new Float64Array(n);
      this.v = new Float64Array(n);
      this.shortest = new Float64Array(n);
      this.path = new Int32Array(n);
      this.col4row = new Int32Array(n);
      this.row4col = new Int32Array(n);
      this.remaining = new Int32Array(n);
      this.sr = new Uint8Array(n);
      this.sc = new Uint8Array(n);
    }
    if (this.work.length < nr * nc) this.work = new Float64Array(nr * nc);
  }
}
const scratch = new Scratch();

/** The `minVal` of the last `augmentingPath` call (a second return value, without an allocation). */
let lastMinVal = 0;

/** scipy `augmenting_path`: Dijkstra-like search from row `i` for the cheapest unassigned column. Returns the sink or −1. */
function augmentingPath(nc: number, cost: Float64Array, s: Scratch, i0: number): number {
  const { u, v, shortest, path, row4col, remaining, sr, sc } = s;
  let minVal = 0;
  let i = i0;
  // Crouse's pseudocode uses set complements to keep track of remaining nodes; scipy uses a list
  // filled in reverse order, which decides which of several equal candidates is found first.
  let numRemaining = nc;
  // plain loops, not fill(): the pipeline's matrices are 3 × K, where the builtin's call costs more
  for (let it = 0; it < nc; it++) {
    remaining[it] = nc - it - 1;
    sr[it] = 0; // rows visited (row indices < nr ≤ nc); bounded by this call, not the scratch capacity
    sc[it] = 0;
    shortest[it] = Infinity;
  }
  let sink = -1;
  while (sink === -1) {
    let index = -1;
    let lowest = Infinity;
    sr[i] = 1;
    const base = i * nc;
    const ui = u[i];
    for (let it = 0; it < numRemaining; it++) {
      const j = remaining[it];
      const r = minVal + cost[base + j] - ui - v[j];
      let sj = shortest[j];
      if (r < sj) {
        path[j] = i;
        shortest[j] = sj = r;
      }
      // when multiple nodes have the minimum cost, prefer one that leads to a new sink
      if (sj <= lowest && (sj < lowest || row4col[j] === -1)) {
        lowest = sj;
        index = it;
      }
    }
    minVal = lowest;
    if (minVal === Infinity) { // infeasible cost matrix
      lastMinVal = minVal;
      return -1;
    }
    const j = remaining[index];
    if (row4col[j] === -1) sink = j;
    else i = row4col[j];
    sc[j] = 1;
    remaining[index] = remaining[--numRemaining];
  }
  lastMinVal = minVal;
  return sink;
}

/**
 * Solves the rectangular linear sum assignment problem exactly as
 * `scipy.optimize.linear_sum_assignment(cost, maximize)` does, including which of several optimal
 * assignments is returned. Rows are returned ascending; when rows > cols only `cols` rows are
 * assigned. Throws `LsapError` for NaN, for −∞ (minimising) / +∞ (maximising) entries, for
 * infeasible matrices and for malformed input.
 */
export function linearSumAssignment(cost: number[][] | CostMatrix, options: LsapOptions = {}): Assignment {
  const m = toMatrix(cost);
  let nr = m.rows;
  let nc = m.cols;
  if (nr === 0 || nc === 0) return { rowInd: new Int32Array(0), colInd: new Int32Array(0) };
  const transpose = nc < nr;
  const s = scratch;
  s.ensure(nr, nc);
  const work = s.work;
  // copy (transposed so that rows ≤ columns) and negate when maximising, as scipy does
  const sign = options.maximize ? -1 : 1;
  if (transpose) {
    for (let i = 0; i < nr; i++) for (let j = 0; j < nc; j++) work[j * nr + i] = sign * m.data[i * nc + j];
    [nr, nc] = [nc, nr];
  } else {
    for (let i = 0; i < nr * nc; i++) work[i] = sign * m.data[i];
  }
  for (let i = 0; i < nr * nc; i++) {
    const x = work[i];
    if (Number.isNaN(x) || x === -Infinity) throw new LsapError('INVALID_ENTRY', 'matrix contains invalid numeric entries (NaN, or −inf when minimising / +inf when maximising)');
  }
  const { u, v, col4row, row4col, path, shortest, sr, sc } = s;
  for (let i = 0; i < nr; i++) {
    u[i] = 0;
    col4row[i] = -1;
  }
  for (let j = 0; j < nc; j++) {
    v[j] = 0;
    row4col[j] = -1;
    path[j] = -1;
  }
  for (let curRow = 0; curRow < nr; curRow++) {
    const sink = augmentingPath(nc, work, s, curRow);
    const minVal = lastMinVal;
    if (sink < 0) throw new LsapError('INFEASIBLE', 'cost matrix is infeasible');
    // update dual variables
    u[curRow] += minVal;
    for (let i = 0; i < nr; i++) if (sr[i] && i !== curRow) u[i] += minVal - shortest[col4row[i]];
    for (let j = 0; j < nc; j++) if (sc[j]) v[j] -= minVal - shortest[j];
    // augment previous solution
    let j = sink;
    for (;;) {
      const i = path[j];
      row4col[j] = i;
      const tmp = col4row[i];
      col4row[i] = j;
      j = tmp;
      if (i === curRow) break;
    }
  }
  const rowInd = new Int32Array(nr);
  const colInd = new Int32Array(nr);
  if (transpose) {
    // pairs (original row col4row[w], original column w), sorted by original row: the assigned
    // working columns in ascending order, each with its working row
    let k = 0;
    for (let j = 0; j < nc; j++) {
      if (row4col[j] === -1) continue;
      rowInd[k] = j;
      colInd[k++] = row4col[j];
    }
  } else {
    for (let i = 0; i < nr; i++) {
      rowInd[i] = i;
      colInd[i] = col4row[i];
    }
  }
  return { rowInd, colInd };
}
