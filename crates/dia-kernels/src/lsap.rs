//! scipy.optimize.linear_sum_assignment: Crouse's shortest augmenting path, mirroring scipy's
//! `rectangular_lsap.cpp` (`solve`, `augmenting_path`) so that ties resolve identically.
//!
//! One change of form, not of result: scipy scans its `remaining` list in list order and keeps the
//! first column of lowest reduced cost, replaced by a later equal one only when that one is
//! unassigned. That choice is the minimum of the pairs (cost, key) with key = `nc − 1 − pos` for an
//! unassigned column and `nc + pos` for an assigned one (`pos` = place in `remaining`): the last
//! unassigned column of lowest cost if there is one, else the first. A minimum of distinct pairs
//! does not depend on the order it is taken in, so the scan here runs over all columns in index
//! order, `L` lanes at a time (visited columns carry cost +∞ and never win or update), and returns
//! scipy's column on every SIMD level. The reduced costs are computed with scipy's operation order,
//! `((minVal + c) − u) − v`, with no fused multiply-add.
use std::cell::RefCell;

use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// What became of a solve.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LsapOutcome {
    /// `row_ind` / `col_ind` hold the assignment.
    Solved,
    /// NaN, or −∞ in the working matrix (−∞ minimising, +∞ maximising), as scipy rejects.
    InvalidEntry,
    /// No complete assignment of finite cost.
    Infeasible,
}

/// Reused buffers (one set per thread): the pipeline solves thousands of 3 × K problems.
#[derive(Default)]
struct Scratch {
    work: Vec<f64>,
    u: Vec<f64>,
    v: Vec<f64>,
    /// shortest path cost per column, +∞ once the column is visited (it then stops competing)
    spc: Vec<f64>,
    /// the final shortest path cost of each visited column (scipy's `shortestPathCosts[j]`)
    spc_visited: Vec<f64>,
    /// v, or −∞ for a visited column (its reduced cost is then +∞ and never an improvement)
    v_scan: Vec<f64>,
    pos: Vec<usize>,
    remaining: Vec<usize>,
    path: Vec<i64>,
    col4row: Vec<i64>,
    row4col: Vec<i64>,
    visited_rows: Vec<usize>,
    visited_cols: Vec<usize>,
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

fn resize<T: Copy>(v: &mut Vec<T>, n: usize, fill: T) {
    v.clear();
    v.resize(n, fill);
}

/// scipy's inner loop over `remaining` for row `i`, over all columns in two passes: (1) update the
/// shortest path costs and the path, and take their minimum `m` (a minimum of values: any order
/// gives the same `m`); (2) among the columns whose cost equals `m`, pick scipy's by `key`.
/// Returns (the chosen column's cost, the column), or cost +∞ when no column is reachable.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
pub(crate) fn scan_row<const L: usize>(
    row: &[f64],
    min_val: f64,
    ui: f64,
    v_scan: &[f64],
    spc: &mut [f64],
    path: &mut [i64],
    key: impl Fn(usize) -> usize,
    i: i64,
) -> (f64, usize) {
    let nc = row.len();
    let spc = &mut spc[..nc];
    let m = update_costs::<L>(row, min_val, ui, v_scan, spc, path, i);
    if m == f64::INFINITY {
        return (m, usize::MAX);
    }
    // pass 2: scipy's choice among the columns of cost m (usually one)
    let (mut best, mut best_key) = (usize::MAX, usize::MAX);
    let mut j0 = 0;
    while j0 < nc {
        // blocks of 4 vectors: one branch per block, taken only where a tie candidate lies
        let end = (j0 + 4 * L).min(nc);
        let mut hit = false;
        for j in j0..end {
            hit |= spc[j] == m;
        }
        if hit {
            for j in j0..end {
                if spc[j] == m && key(j) < best_key {
                    best_key = key(j);
                    best = j;
                }
            }
        }
        j0 = end;
    }
    (spc[best], best)
}

/// Pass 1 of `scan_row`: for every column, `r = ((minVal + c) − u_i) − v_j` (scipy's order, no
/// fused multiply-add); where `r < spc[j]`, `spc[j] = r` and `path[j] = i`. Returns min spc.
#[inline(always)]
fn update_costs<const L: usize>(
    row: &[f64],
    min_val: f64,
    ui: f64,
    v_scan: &[f64],
    spc: &mut [f64],
    path: &mut [i64],
    i: i64,
) -> f64 {
    let nc = row.len();
    let (v_scan, spc, path) = (&v_scan[..nc], &mut spc[..nc], &mut path[..nc]);
    // SAFETY (each arm): `dispatch!` instantiates L = 8 only inside its AVX-512F function, L = 4
    // inside the AVX2 one and L = 2 inside the SSE2 (x86-64) or NEON (aarch64) one, after
    // `checked_level` confirmed the CPU has that instruction set; the slices all have length nc.
    let (start, mut m) = match L {
        #[cfg(target_arch = "x86_64")]
        8 => unsafe { simd::update_costs_avx512(row, min_val, ui, v_scan, spc, path, i) },
        #[cfg(target_arch = "x86_64")]
        4 => unsafe { simd::update_costs_avx2(row, min_val, ui, v_scan, spc, path, i) },
        #[cfg(target_arch = "x86_64")]
        2 => unsafe { simd::update_costs_sse2(row, min_val, ui, v_scan, spc, path, i) },
        #[cfg(target_arch = "aarch64")]
        2 => unsafe { simd::update_costs_neon(row, min_val, ui, v_scan, spc, path, i) },
        _ => (0, f64::INFINITY),
    };
    for j in start..nc {
        let r = ((min_val + row[j]) - ui) - v_scan[j];
        if r < spc[j] {
            spc[j] = r;
            path[j] = i;
        }
        if spc[j] < m {
            m = spc[j];
        }
    }
    m
}

/// Runs `step(j, running)` over whole vectors of `width` columns with four running minima (four
/// independent dependency chains), then one vector at a time; returns (columns done, the minima
/// combined with `min`). A minimum does not depend on how the columns are shared out.
#[inline(always)]
fn four_chains<V: Copy>(len: usize, width: usize, inf: V, mut step: impl FnMut(usize, V) -> V, min: impl Fn(V, V) -> V) -> (usize, V) {
    let (mut l0, mut l1, mut l2, mut l3) = (inf, inf, inf, inf);
    let whole = len / (4 * width) * (4 * width);
    let mut j = 0;
    while j < whole {
        l0 = step(j, l0);
        l1 = step(j + width, l1);
        l2 = step(j + 2 * width, l2);
        l3 = step(j + 3 * width, l3);
        j += 4 * width;
    }
    let n = len / width * width;
    while j < n {
        l0 = step(j, l0);
        j += width;
    }
    (n, min(min(l0, l1), min(l2, l3)))
}

/// The vector bodies of `update_costs`: each lane does the scalar operations of one column; the
/// lane minima are combined with `min` (order-free for a minimum). Return (columns done, minimum).
mod simd {
    use super::four_chains;
    #[cfg(target_arch = "x86_64")]
    use std::arch::x86_64::*;

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    pub unsafe fn update_costs_avx512(row: &[f64], min_val: f64, ui: f64, v_scan: &[f64], spc: &mut [f64], path: &mut [i64], i: i64) -> (usize, f64) {
        let (mv, u, iv) = (_mm512_set1_pd(min_val), _mm512_set1_pd(ui), _mm512_set1_epi64(i));
        let (sp, pp) = (spc.as_mut_ptr(), path.as_mut_ptr());
        // SAFETY (four_chains calls): j + 8 ≤ the length of every slice
        let step = |j: usize, lowest: __m512d| unsafe {
            let r = _mm512_sub_pd(_mm512_sub_pd(_mm512_add_pd(mv, _mm512_loadu_pd(row.as_ptr().add(j))), u), _mm512_loadu_pd(v_scan.as_ptr().add(j)));
            let old = _mm512_loadu_pd(sp.add(j));
            let lt = _mm512_cmp_pd_mask::<_CMP_LT_OQ>(r, old);
            _mm512_mask_storeu_pd(sp.add(j), lt, r);
            _mm512_mask_storeu_epi64(pp.add(j), lt, iv);
            _mm512_min_pd(lowest, _mm512_mask_blend_pd(lt, old, r))
        };
        let (n, lowest) = four_chains(row.len(), 8, _mm512_set1_pd(f64::INFINITY), step, |a, b| _mm512_min_pd(a, b));
        (n, _mm512_reduce_min_pd(lowest))
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    pub unsafe fn update_costs_avx2(row: &[f64], min_val: f64, ui: f64, v_scan: &[f64], spc: &mut [f64], path: &mut [i64], i: i64) -> (usize, f64) {
        let (mv, u, iv) = (_mm256_set1_pd(min_val), _mm256_set1_pd(ui), _mm256_castsi256_pd(_mm256_set1_epi64x(i)));
        let (sp, pp) = (spc.as_mut_ptr(), path.as_mut_ptr());
        // SAFETY (four_chains calls): j + 4 ≤ the length of every slice
        let step = |j: usize, lowest: __m256d| unsafe {
            let r = _mm256_sub_pd(_mm256_sub_pd(_mm256_add_pd(mv, _mm256_loadu_pd(row.as_ptr().add(j))), u), _mm256_loadu_pd(v_scan.as_ptr().add(j)));
            let old = _mm256_loadu_pd(sp.add(j));
            let lt = _mm256_cmp_pd::<_CMP_LT_OQ>(r, old);
            let s = _mm256_blendv_pd(old, r, lt);
            _mm256_storeu_pd(sp.add(j), s);
            let q = pp.add(j) as *mut __m256i;
            _mm256_storeu_si256(q, _mm256_castpd_si256(_mm256_blendv_pd(_mm256_castsi256_pd(_mm256_loadu_si256(q)), iv, lt)));
            _mm256_min_pd(lowest, s)
        };
        let (n, lowest) = four_chains(row.len(), 4, _mm256_set1_pd(f64::INFINITY), step, |a, b| _mm256_min_pd(a, b));
        let mut lanes = [0.0f64; 4];
        // SAFETY: lanes holds 4 doubles
        unsafe { _mm256_storeu_pd(lanes.as_mut_ptr(), lowest) };
        (n, lanes.into_iter().fold(f64::INFINITY, |a, b| if b < a { b } else { a }))
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "sse2")]
    pub unsafe fn update_costs_sse2(row: &[f64], min_val: f64, ui: f64, v_scan: &[f64], spc: &mut [f64], path: &mut [i64], i: i64) -> (usize, f64) {
        let (mv, u, iv) = (_mm_set1_pd(min_val), _mm_set1_pd(ui), _mm_castsi128_pd(_mm_set1_epi64x(i)));
        let select = |mask: __m128d, a: __m128d, b: __m128d| _mm_or_pd(_mm_and_pd(mask, a), _mm_andnot_pd(mask, b));
        let (sp, pp) = (spc.as_mut_ptr(), path.as_mut_ptr());
        // SAFETY (four_chains calls): j + 2 ≤ the length of every slice
        let step = |j: usize, lowest: __m128d| unsafe {
            let r = _mm_sub_pd(_mm_sub_pd(_mm_add_pd(mv, _mm_loadu_pd(row.as_ptr().add(j))), u), _mm_loadu_pd(v_scan.as_ptr().add(j)));
            let old = _mm_loadu_pd(sp.add(j));
            let lt = _mm_cmplt_pd(r, old);
            let s = select(lt, r, old);
            _mm_storeu_pd(sp.add(j), s);
            let q = pp.add(j) as *mut __m128i;
            _mm_storeu_si128(q, _mm_castpd_si128(select(lt, iv, _mm_castsi128_pd(_mm_loadu_si128(q)))));
            _mm_min_pd(lowest, s)
        };
        let (n, lowest) = four_chains(row.len(), 2, _mm_set1_pd(f64::INFINITY), step, |a, b| _mm_min_pd(a, b));
        let mut lanes = [0.0f64; 2];
        // SAFETY: lanes holds 2 doubles
        unsafe { _mm_storeu_pd(lanes.as_mut_ptr(), lowest) };
        (n, if lanes[1] < lanes[0] { lanes[1] } else { lanes[0] })
    }

    #[cfg(target_arch = "aarch64")]
    #[target_feature(enable = "neon")]
    pub unsafe fn update_costs_neon(row: &[f64], min_val: f64, ui: f64, v_scan: &[f64], spc: &mut [f64], path: &mut [i64], i: i64) -> (usize, f64) {
        use std::arch::aarch64::*;
        let (mv, u, iv) = (vdupq_n_f64(min_val), vdupq_n_f64(ui), vdupq_n_s64(i));
        let (sp, pp) = (spc.as_mut_ptr(), path.as_mut_ptr());
        // SAFETY (four_chains calls): j + 2 ≤ the length of every slice
        let step = |j: usize, lowest: float64x2_t| unsafe {
            let r = vsubq_f64(vsubq_f64(vaddq_f64(mv, vld1q_f64(row.as_ptr().add(j))), u), vld1q_f64(v_scan.as_ptr().add(j)));
            let old = vld1q_f64(sp.add(j));
            let lt = vcltq_f64(r, old);
            let s = vbslq_f64(lt, r, old);
            vst1q_f64(sp.add(j), s);
            vst1q_s64(pp.add(j), vbslq_s64(lt, iv, vld1q_s64(pp.add(j))));
            vminq_f64(lowest, s)
        };
        let (n, lowest) = four_chains(row.len(), 2, vdupq_n_f64(f64::INFINITY), step, |a, b| vminq_f64(a, b));
        (n, vminvq_f64(lowest))
    }
}

/// scipy `augmenting_path`: the sink column of the shortest augmenting path from row `cur` and its
/// `minVal`, or None when the matrix is infeasible.
#[inline(always)]
fn augmenting_path<const L: usize>(s: &mut Scratch, cost: &[f64], nc: usize, cur: usize) -> Option<(usize, f64)> {
    // scipy fills `remaining` in reverse order (constant matrices give the identity, scipy #11602)
    for it in 0..nc {
        s.remaining[it] = nc - it - 1;
    }
    for j in 0..nc {
        s.pos[j] = nc - 1 - j;
        s.spc[j] = f64::INFINITY;
        s.v_scan[j] = s.v[j];
    }
    s.visited_rows.clear();
    s.visited_cols.clear();
    let mut num_remaining = nc;
    let mut min_val = 0.0f64;
    let mut i = cur;
    loop {
        s.visited_rows.push(i);
        let (pos, row4col) = (&s.pos, &s.row4col);
        let key = |j: usize| if row4col[j] == -1 { nc - 1 - pos[j] } else { nc + pos[j] };
        let (lowest, j) = scan_row::<L>(&cost[i * nc..(i + 1) * nc], min_val, s.u[i], &s.v_scan, &mut s.spc, &mut s.path, key, i as i64);
        min_val = lowest;
        if min_val == f64::INFINITY {
            return None; // infeasible cost matrix
        }
        let index = s.pos[j];
        s.visited_cols.push(j);
        // a visited column keeps its cost for the dual update and leaves the scan
        s.spc_visited[j] = s.spc[j];
        s.spc[j] = f64::INFINITY;
        s.v_scan[j] = f64::NEG_INFINITY;
        // scipy: remaining[index] = remaining[--num_remaining]
        num_remaining -= 1;
        let last = s.remaining[num_remaining];
        s.remaining[index] = last;
        s.pos[last] = index;
        if s.row4col[j] == -1 {
            return Some((j, min_val));
        }
        i = s.row4col[j] as usize;
    }
}

/// scipy `solve` on a working matrix with rows ≤ columns; fills `col4row`. False when infeasible.
#[inline(always)]
fn solve<const L: usize>(s: &mut Scratch, cost: &[f64], nr: usize, nc: usize) -> bool {
    resize(&mut s.u, nr, 0.0);
    resize(&mut s.v, nc, 0.0);
    resize(&mut s.spc, nc, f64::INFINITY);
    resize(&mut s.spc_visited, nc, f64::INFINITY);
    resize(&mut s.v_scan, nc, 0.0);
    resize(&mut s.pos, nc, 0);
    resize(&mut s.remaining, nc, 0);
    resize(&mut s.path, nc, -1);
    resize(&mut s.col4row, nr, -1);
    resize(&mut s.row4col, nc, -1);
    for cur in 0..nr {
        let Some((sink, min_val)) = augmenting_path::<L>(s, cost, nc, cur) else { return false };
        // update dual variables (each visited row / column once; the order does not matter)
        s.u[cur] += min_val;
        for &i in &s.visited_rows {
            if i != cur {
                s.u[i] += min_val - s.spc_visited[s.col4row[i] as usize];
            }
        }
        for &j in &s.visited_cols {
            s.v[j] -= min_val - s.spc_visited[j];
        }
        // augment the previous solution
        let mut j = sink as i64;
        loop {
            let i = s.path[j as usize];
            s.row4col[j as usize] = i;
            std::mem::swap(&mut s.col4row[i as usize], &mut j);
            if i as usize == cur {
                break;
            }
        }
    }
    true
}

/// scipy `linear_sum_assignment` (Python side and `solve`): transpose when rows > columns, negate
/// when maximising, reject NaN / −∞, solve, and write the pairs sorted by row.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn linear_sum_assignment<const L: usize>(s: &mut Scratch, cost: &[f64], nr: usize, nc: usize, maximize: bool, row_ind: &mut [i32], col_ind: &mut [i32]) -> LsapOutcome {
    let transpose = nc < nr;
    let (wr, wc) = if transpose { (nc, nr) } else { (nr, nc) };
    let mut work = std::mem::take(&mut s.work);
    let working: &[f64] = if transpose || maximize {
        work.clear();
        work.resize(nr * nc, 0.0);
        let sign = if maximize { -1.0 } else { 1.0 };
        if transpose {
            for i in 0..nr {
                for j in 0..nc {
                    work[j * nr + i] = sign * cost[i * nc + j];
                }
            }
        } else {
            for (w, c) in work.iter_mut().zip(cost) {
                *w = sign * c;
            }
        }
        &work
    } else {
        cost
    };
    let outcome = if working.iter().any(|&x| x.is_nan() || x == f64::NEG_INFINITY) {
        LsapOutcome::InvalidEntry
    } else if !solve::<L>(s, working, wr, wc) {
        LsapOutcome::Infeasible
    } else {
        if transpose {
            // pairs (original row = working column j, original column = its working row), by row
            let mut k = 0;
            for j in 0..wc {
                let w = s.row4col[j];
                if w != -1 {
                    row_ind[k] = j as i32;
                    col_ind[k] = w as i32;
                    k += 1;
                }
            }
        } else {
            for i in 0..wr {
                row_ind[i] = i as i32;
                col_ind[i] = s.col4row[i] as i32;
            }
        }
        LsapOutcome::Solved
    };
    s.work = work;
    outcome
}

/// `scipy.optimize.linear_sum_assignment(cost, maximize)` on a row-major nr × nc matrix: writes
/// min(nr, nc) pairs to `row_ind` (ascending) and `col_ind`. The same assignment on every level.
#[allow(clippy::too_many_arguments)]
pub fn solve_lsap(level: Level, cost: &[f64], nr: usize, nc: usize, maximize: bool, row_ind: &mut [i32], col_ind: &mut [i32]) -> Result<LsapOutcome, ShapeError> {
    let level = checked_level(level)?;
    expect_len("cost", cost.len(), checked_mul(nr, nc, "cost")?)?;
    expect_len("row_ind", row_ind.len(), nr.min(nc))?;
    expect_len("col_ind", col_ind.len(), nr.min(nc))?;
    if nr.max(nc) > i32::MAX as usize {
        return Err(ShapeError(format!("{nr}×{nc}: indices do not fit in 32 bits")));
    }
    if nr == 0 || nc == 0 {
        return Ok(LsapOutcome::Solved);
    }
    Ok(SCRATCH.with(|cell| {
        let s = &mut *cell.borrow_mut();
        dispatch!(level, lsap, (s: &mut Scratch, cost: &[f64], nr: usize, nc: usize, maximize: bool, row_ind: &mut [i32], col_ind: &mut [i32]) -> LsapOutcome, linear_sum_assignment::<L>(s, cost, nr, nc, maximize, row_ind, col_ind))
    }))
}
