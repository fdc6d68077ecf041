//! pyannote.audio's x-vector transform and PLDA projection (`utils/vbx.py` `vbx_setup`: `xvec_tf`,
//! `plda_tf`) natively: @dia/vbx's TypeScript `Plda.xvecTransform` / `pldaTransform` statement for
//! statement (numpy's pairwise sum in the row norms), with the compensated products of
//! `compensated.rs`.
//!
//! Rows are independent, so every stage runs block by block of `BLOCK` rows: a block is centred and
//! normalised, multiplied, normalised again (and, for the whole transform, centred and projected)
//! while it is in cache, and the worker threads take ranges of blocks in turn (`over_blocks`). Per
//! row the operations are those of the stage-by-stage definition, so neither the block size nor
//! the thread count nor which thread takes a row changes a result.
use std::sync::Mutex;

use crate::compensated::{has_fma, kernel_threads, product_serial, row_bound, LeftOperand, RightOperand};
use crate::pages::{advise_huge_pages, HUGE_PAGE_MIN_BYTES};
use crate::quotient::scale_quotients;
use crate::vbx::pairwise_sum_short_of;
use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// Rows per block (a multiple of the register tile's rows, so that only the last block of a call
/// has a partial tile).
const BLOCK: usize = 32;


/// Below this many multiply-adds per call the rows stay on the calling thread.
const PARALLEL_MIN_TERMS: usize = 1 << 20;

/// numpy's `np.linalg.norm(v)`: √(pairwise Σ v²), each square rounded before it is added.
#[inline(always)]
fn row_norm(v: &[f64]) -> f64 {
    pairwise_sum_short_of(v, |x| x * x).sqrt()
}

mod sealed {
    use crate::Level;

    /// What `centre_rows` found in a block: the first non-finite value (flat index in the block),
    /// or the first row equal to mean1 (0/0 in its normalisation; the rows after it are still done).
    pub enum BlockCheck {
        Done(Option<usize>),
        NonFinite(usize),
    }

    /// The per-row work of the x-vector transform for one input element type.
    pub trait Rows: Sized {
        /// Each row of `x` (rows of d_in = mean1.len()) into `a`: `scale · l2(x − mean1)`, and
        /// `bound[q]` = d_in · max|a row| (the product's bound).
        fn centre_rows(level: Level, x: &[Self], mean1: &[f64], scale: f64, a: &mut [f64], bound: &mut [f64]) -> BlockCheck;
    }
}
use sealed::BlockCheck;

/// Input element types of the x-vector transform (f32 embeddings, or f64), with the per-row work
/// compiled per SIMD level (elementwise IEEE operations and fixed-order sums: the same values on
/// every level).
pub trait Embedding: sealed::Rows + Copy + Into<f64> + Sync {}
impl Embedding for f32 {}
impl Embedding for f64 {}

/// `Embedding::centre_rows` for any element type; `inline(always)` so that each level's dispatch
/// function compiles it for its instruction set.
#[inline(always)]
fn centre_rows_any<T: Copy + Into<f64>>(x: &[T], mean1: &[f64], scale: f64, a: &mut [f64], bound: &mut [f64], fma: bool) -> BlockCheck {
    let d = mean1.len();
    let mut equals_mean = None;
    for (q, (row, src)) in a.chunks_exact_mut(d).zip(x.chunks_exact(d)).enumerate() {
        for ((o, &v), &m) in row.iter_mut().zip(src).zip(mean1) {
            *o = v.into() - m;
        }
        // x − mean1 is finite when x is (unless it overflows: then x itself is checked and passes)
        if !row.iter().fold(true, |ok, v| ok & v.is_finite()) {
            if let Some(bad) = src.iter().position(|&v| !v.into().is_finite()) {
                return BlockCheck::NonFinite(q * d + bad);
            }
        }
        let na = row_norm(row);
        let (b, nan) = scale_with_bound(row, na, scale, d as f64, fma);
        bound[q] = b;
        if equals_mean.is_none() && nan {
            equals_mean = Some(q); // 0/0: x − mean1 was zero (x is finite)
        }
    }
    BlockCheck::Done(equals_mean)
}

/// `v = scale · (v / norm)` over `row` (`scale_quotients`), then `row_bound(row, bound_scale)` of
/// the result and whether it holds a NaN (eight running maxima, as `row_bound`).
#[inline(always)]
fn scale_with_bound(row: &mut [f64], norm: f64, scale: f64, bound_scale: f64, fma: bool) -> (f64, bool) {
    scale_quotients(row, norm, scale, fma);
    let mut m = [0.0f64; 8];
    let mut nan = false;
    let mut chunks = row.chunks_exact_mut(8);
    for c in &mut chunks {
        for q in 0..8 {
            let v = c[q].abs();
            nan |= v.is_nan();
            m[q] = if v > m[q] { v } else { m[q] };
        }
    }
    for c in chunks.into_remainder() {
        let v = c.abs();
        nan |= v.is_nan();
        m[0] = if v > m[0] { v } else { m[0] };
    }
    let top = m.iter().fold(0.0f64, |a, &b| if b > a { b } else { a });
    (if nan { f64::NAN } else { top * bound_scale }, nan)
}

macro_rules! embedding_for {
    ($t:ty) => {
        impl sealed::Rows for $t {
            fn centre_rows(level: Level, x: &[$t], mean1: &[f64], scale: f64, a: &mut [f64], bound: &mut [f64]) -> BlockCheck {
                dispatch!(level, centre_rows, (x: &[$t], mean1: &[f64], scale: f64, a: &mut [f64], bound: &mut [f64]) -> BlockCheck, centre_rows_any(x, mean1, scale, a, bound, has_fma::<L>()))
            }
        }
    };
}
embedding_for!(f32);
embedding_for!(f64);

/// Each row of `rows` (rows of mean2.len()): `scale · l2(row − mean2)`, per SIMD level.
fn normalise_rows(level: Level, rows: &mut [f64], mean2: &[f64], scale: f64) {
    dispatch!(level, normalise_rows, (rows: &mut [f64], mean2: &[f64], scale: f64) -> (), {
        for row in rows.chunks_exact_mut(mean2.len()) {
            for (v, &m) in row.iter_mut().zip(mean2) {
                *v -= m;
            }
            let nb = row_norm(row);
            scale_quotients(row, nb, scale, has_fma::<L>());
        }
    })
}

/// `centred` = each row of `src` − mu, and `bound[q]` = d · max|centred row|, per SIMD level.
fn centre_plain(level: Level, src: &[f64], mu: &[f64], centred: &mut [f64], bound: &mut [f64]) {
    dispatch!(level, centre_plain, (src: &[f64], mu: &[f64], centred: &mut [f64], bound: &mut [f64]) -> (), {
        let d = mu.len();
        for ((row, from), b) in centred.chunks_exact_mut(d).zip(src.chunks_exact(d)).zip(bound.iter_mut()) {
            for ((o, &v), &m) in row.iter_mut().zip(from).zip(mu) {
                *o = v - m;
            }
            *b = row_bound(row, d as f64);
        }
    })
}

/// Why `xvec_transform` could not transform its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XvecRejection {
    /// x[index] (flat, row-major) is NaN or ±∞.
    NonFinite(usize),
    /// x − mean1 is zero in this row: its direction is undefined.
    EqualsMean(usize),
}

/// The first rejection in row-major order among those found by the threads (each the first of its
/// own contiguous rows): a non-finite value anywhere comes before a row equal to mean1.
fn first_rejection(found: impl Iterator<Item = (Option<usize>, Option<usize>)>) -> Option<XvecRejection> {
    let (mut non_finite, mut equals_mean) = (None::<usize>, None::<usize>);
    for (nf, em) in found {
        non_finite = match (non_finite, nf) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        equals_mean = match (equals_mean, em) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    non_finite.map(XvecRejection::NonFinite).or(equals_mean.map(XvecRejection::EqualsMean))
}

/// What a range of rows found: the first non-finite value's flat index, the first row equal to
/// mean1.
type Findings = (Option<usize>, Option<usize>);

/// The rows not yet taken by a worker thread: the first one's index and their output.
struct Remaining<'o> {
    first: usize,
    out: &'o mut [f64],
    /// a range found a non-finite value: the rows after it are not needed
    stopped: bool,
}

/// Runs `f(first_row, out_rows)` over `out` (n rows of `width`), shared out among the worker
/// threads (one of them the calling thread) when the work (`terms_per_row` multiply-adds a row) is
/// large; returns what each range found (any order). The threads take ranges in row order as they
/// finish the previous one, each a share of what is left (whole blocks), so a core slowed by other
/// load (common on shared VMs) takes fewer rows and the last ranges are short. A range that finds
/// a non-finite value ends the sharing out: the ranges already taken come before it.
fn over_blocks<F: Fn(usize, &mut [f64]) -> Findings + Sync>(out: &mut [f64], n: usize, width: usize, terms_per_row: usize, f: F) -> Vec<Findings> {
    let threads = if n.saturating_mul(terms_per_row) >= PARALLEL_MIN_TERMS { kernel_threads().min(n.div_ceil(BLOCK)).max(1) } else { 1 };
    if threads <= 1 {
        return vec![f(0, out)];
    }
    let remaining = Mutex::new(Remaining { first: 0, out, stopped: false });
    let work = || {
        let mut found = Vec::new();
        loop {
            let (first, rows) = {
                let mut left = remaining.lock().expect("a PLDA worker thread panicked");
                let rows_left = left.out.len() / width;
                if rows_left == 0 || left.stopped {
                    return found;
                }
                let take = (rows_left / (2 * threads)).max(1).next_multiple_of(BLOCK).min(rows_left);
                let (rows, rest) = std::mem::take(&mut left.out).split_at_mut(take * width);
                left.out = rest;
                let first = left.first;
                left.first += take;
                (first, rows)
            };
            let result = f(first, rows);
            if result.0.is_some() {
                remaining.lock().expect("a PLDA worker thread panicked").stopped = true;
            }
            found.push(result);
        }
    };
    std::thread::scope(|scope| {
        let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut found = work();
        for h in handles {
            found.extend(h.join().expect("a PLDA worker thread panicked"));
        }
        found
    })
}

/// The x-vector transform's constants, with `lda` laid out for the products.
struct XvecStage {
    mean1: Vec<f64>,
    mean2: Vec<f64>,
    lda: RightOperand,
    d_in: usize,
    d_out: usize,
}

/// The PLDA projection's constants, with the eigenvectors laid out for the products.
struct ProjectStage {
    mu: Vec<f64>,
    e: RightOperand,
    d: usize,
}

/// Scratch of one thread: a block of centred rows and their bounds.
struct Scratch {
    rows: Vec<f64>,
    bound: Vec<f64>,
}

impl Scratch {
    fn new(width: usize) -> Scratch {
        Scratch { rows: vec![0.0; BLOCK * width], bound: vec![0.0; BLOCK] }
    }
}

impl XvecStage {
    /// Rows `first..first + out.len() / d_out` of x into `out` (rows of d_out): `√d_in ·
    /// l2(x − mean1)`, `ldaᵀ·`, `− mean2`, `√d_out · l2(·)`. Stops at a non-finite value; carries
    /// on past a row equal to mean1 (its output is NaN).
    fn rows<T: Embedding>(&self, level: Level, x: &[T], first: usize, out: &mut [f64], s: &mut Scratch) -> Findings {
        let (d_in, d_out) = (self.d_in, self.d_out);
        let (sqrt_in, sqrt_out) = ((d_in as f64).sqrt(), (d_out as f64).sqrt());
        let mut equals_mean = None;
        for (b, out_block) in out.chunks_mut(BLOCK * d_out).enumerate() {
            let r0 = first + b * BLOCK;
            let m = out_block.len() / d_out;
            let (a, bound) = (&mut s.rows[..m * d_in], &mut s.bound[..m]);
            match <T as sealed::Rows>::centre_rows(level, &x[r0 * d_in..(r0 + m) * d_in], &self.mean1, sqrt_in, a, bound) {
                BlockCheck::NonFinite(i) => return (Some(r0 * d_in + i), equals_mean),
                BlockCheck::Done(em) => equals_mean = equals_mean.or(em.map(|q| r0 + q)),
            }
            product_serial(level, &LeftOperand { a, ai: d_in, al: 1, m, bound }, &self.lda, out_block);
            normalise_rows(level, out_block, &self.mean2, sqrt_out);
        }
        (None, equals_mean)
    }
}

impl ProjectStage {
    /// `(x − mu)·E` of the rows of `x` (rows of d) into `out`, block by block (`x = None`:
    /// project the rows of `out` in place).
    fn rows(&self, level: Level, x: Option<&[f64]>, out: &mut [f64], s: &mut Scratch) {
        let d = self.d;
        for (b, out_block) in out.chunks_mut(BLOCK * d).enumerate() {
            let m = out_block.len() / d;
            let (centred, bound) = (&mut s.rows[..m * d], &mut s.bound[..m]);
            let src: &[f64] = match x {
                Some(x) => &x[b * BLOCK * d..b * BLOCK * d + m * d],
                None => out_block,
            };
            centre_plain(level, src, &self.mu, centred, bound);
            product_serial(level, &LeftOperand { a: centred, ai: d, al: 1, m, bound }, &self.e, out_block);
        }
    }
}

/// Checks the shapes of the x-vector transform's weights and lays `lda` out.
fn xvec_stage(mean1: &[f64], lda: &[f64], mean2: &[f64]) -> Result<XvecStage, ShapeError> {
    let (d_in, d_out) = (mean1.len(), mean2.len());
    expect_len("lda", lda.len(), checked_mul(d_in, d_out, "lda")?)?;
    Ok(XvecStage { mean1: mean1.to_vec(), mean2: mean2.to_vec(), lda: RightOperand::from_steps(lda, d_in, d_out), d_in, d_out })
}

/// Checks the shapes of the PLDA projection and lays the eigenvectors out.
fn project_stage(mu: &[f64], e: &[f64]) -> Result<ProjectStage, ShapeError> {
    let d = mu.len();
    expect_len("eigenvectors", e.len(), checked_mul(d, d, "eigenvectors")?)?;
    Ok(ProjectStage { mu: mu.to_vec(), e: RightOperand::from_steps(e, d, d), d })
}

/// pyannote `xvec_tf`: `√d_out · l2(ldaᵀ·(√d_in · l2(x − mean1)) − mean2)` per row. `x`: n × d_in
/// (float32 or float64), `lda`: d_in × d_out row-major, `out`: n × d_out. Rejects a non-finite
/// value or a row equal to mean1 (a non-finite value first, then the first such row in row-major
/// order), with `out` unspecified.
#[allow(clippy::too_many_arguments)]
pub fn xvec_transform<T: Embedding>(level: Level, x: &[T], n: usize, mean1: &[f64], lda: &[f64], mean2: &[f64], out: &mut [f64]) -> Result<Result<(), XvecRejection>, ShapeError> {
    let level = checked_level(level)?;
    let stage = xvec_stage(mean1, lda, mean2)?;
    expect_len("x", x.len(), checked_mul(n, stage.d_in, "x")?)?;
    expect_len("out", out.len(), checked_mul(n, stage.d_out, "out")?)?;
    let found = over_blocks(out, n, stage.d_out, stage.d_in * stage.d_out, |first, rows| stage.rows(level, x, first, rows, &mut Scratch::new(stage.d_in)));
    Ok(first_rejection(found.into_iter()).map_or(Ok(()), Err))
}

/// pyannote `plda_tf`: `(x − mu) · E` with `e` the eigenvectors (d × d row-major, column j the
/// j-th) — `x`: n × d, `out`: n × d.
pub fn plda_project(level: Level, x: &[f64], n: usize, mu: &[f64], e: &[f64], out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    let stage = project_stage(mu, e)?;
    let d = stage.d;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    expect_len("out", out.len(), checked_mul(n, d, "out")?)?;
    over_blocks(out, n, d, d * d, |first, rows| {
        stage.rows(level, Some(&x[first * d..first * d + rows.len()]), rows, &mut Scratch::new(d));
        (None, None)
    });
    Ok(())
}

/// The weights of pyannote's `PLDA.__call__` (x-vector transform and projection) laid out for the
/// products once, for any number of `transform` calls: laying them out costs about as much as
/// transforming 40 rows.
pub struct PldaWeights {
    xvec: XvecStage,
    project: ProjectStage,
}

impl PldaWeights {
    /// `mean1` (d_in), `lda` (d_in × d_out row-major), `mean2` (d_out), `mu` (d_out), `e` the
    /// eigenvectors (d_out × d_out row-major, column j the j-th).
    pub fn new(mean1: &[f64], lda: &[f64], mean2: &[f64], mu: &[f64], e: &[f64]) -> Result<PldaWeights, ShapeError> {
        let xvec = xvec_stage(mean1, lda, mean2)?;
        let project = project_stage(mu, e)?;
        if project.d != xvec.d_out {
            return Err(ShapeError(format!("mu has {} values, expected mean2's {}", project.d, xvec.d_out)));
        }
        Ok(PldaWeights { xvec, project })
    }

    /// `plda_project(xvec_transform(x))` in one pass over the rows (each block of rows goes
    /// through both stages while it is in cache), with the same values. `x`: n × d_in, `out`:
    /// n × d_out; the rejections are those of `xvec_transform`.
    pub fn transform<T: Embedding>(&self, level: Level, x: &[T], n: usize, out: &mut [f64]) -> Result<Result<(), XvecRejection>, ShapeError> {
        let level = checked_level(level)?;
        let (xvec, project) = (&self.xvec, &self.project);
        expect_len("x", x.len(), checked_mul(n, xvec.d_in, "x")?)?;
        expect_len("out", out.len(), checked_mul(n, xvec.d_out, "out")?)?;
        let terms = xvec.d_in * xvec.d_out + project.d * project.d;
        if std::mem::size_of_val(out) >= HUGE_PAGE_MIN_BYTES {
            advise_huge_pages(out.as_ptr() as usize, std::mem::size_of_val(out)); // a fresh output is written once, block by block
        }
        let found = over_blocks(out, n, xvec.d_out, terms, |first, rows| {
            let mut s = Scratch::new(xvec.d_in);
            let mut equals_mean = None;
            for (b, block) in rows.chunks_mut(BLOCK * xvec.d_out).enumerate() {
                let (non_finite, em) = xvec.rows(level, x, first + b * BLOCK, block, &mut s);
                equals_mean = equals_mean.or(em);
                if non_finite.is_some() {
                    return (non_finite, equals_mean);
                }
                project.rows(level, None, block, &mut s);
            }
            (None, equals_mean)
        });
        Ok(first_rejection(found.into_iter()).map_or(Ok(()), Err))
    }
}

/// pyannote `PLDA.__call__`: `PldaWeights::new(…)` then `transform` (for one call; keep the
/// weights for several).
#[allow(clippy::too_many_arguments)]
pub fn plda_transform<T: Embedding>(level: Level, x: &[T], n: usize, mean1: &[f64], lda: &[f64], mean2: &[f64], mu: &[f64], e: &[f64], out: &mut [f64]) -> Result<Result<(), XvecRejection>, ShapeError> {
    checked_level(level)?;
    PldaWeights::new(mean1, lda, mean2, mu, e)?.transform(level, x, n, out)
}
