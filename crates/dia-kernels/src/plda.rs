//! pyannote.audio's x-vector transform and PLDA projection (`utils/vbx.py` `vbx_setup`: `xvec_tf`,
//! `plda_tf`) natively: @dia/vbx's TypeScript `Plda.xvecTransform` / `pldaTransform` statement for
//! statement (numpy's pairwise sum in the row norms), with the compensated products of
//! `compensated.rs`. Rows are independent: they are split over the worker threads.
use crate::compensated::{kernel_threads, left_bounds_rows, product, LeftOperand, RightOperand};
use crate::vbx::pairwise_sum;
use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// numpy's `np.linalg.norm(v)`: √(pairwise Σ v²). `sq`: scratch of v's length.
fn row_norm(v: &[f64], sq: &mut [f64]) -> f64 {
    for (s, &x) in sq.iter_mut().zip(v) {
        *s = x * x;
    }
    pairwise_sum(&sq[..v.len()]).sqrt()
}

/// Row blocks per thread for the elementwise stages (at least 64 rows each).
fn row_chunks(n: usize) -> usize {
    kernel_threads().min(n.div_ceil(64)).max(1)
}

/// Runs `f(first_row, rows_of_out)` over `out` (n rows of `width`) split in contiguous row blocks
/// over the worker threads; each row is computed by one thread, so the split changes nothing.
fn over_rows<F: Fn(usize, &mut [f64]) + Sync>(out: &mut [f64], n: usize, width: usize, f: F) {
    let chunks = row_chunks(n);
    if chunks <= 1 {
        f(0, out);
        return;
    }
    let per = n.div_ceil(chunks);
    std::thread::scope(|scope| {
        for (c, block) in out.chunks_mut(per * width).enumerate() {
            let f = &f;
            scope.spawn(move || f(c * per, block));
        }
    });
}

/// Why `xvec_transform` could not transform its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XvecRejection {
    /// x[index] (flat, row-major) is NaN or ±∞.
    NonFinite(usize),
    /// x − mean1 is zero in this row: its direction is undefined.
    EqualsMean(usize),
}

/// pyannote `xvec_tf`: `√d_out · l2(ldaᵀ·(√d_in · l2(x − mean1)) − mean2)` per row. `x`: n × d_in
/// (float32 or float64), `lda`: d_in × d_out row-major, `out`: n × d_out. Rejects a non-finite
/// value or a row equal to mean1 (the first in row-major order), with `out` unspecified.
#[allow(clippy::too_many_arguments)]
pub fn xvec_transform<T: Copy + Into<f64> + Sync>(level: Level, x: &[T], n: usize, mean1: &[f64], lda: &[f64], mean2: &[f64], out: &mut [f64]) -> Result<Result<(), XvecRejection>, ShapeError> {
    let level = checked_level(level)?;
    let (d_in, d_out) = (mean1.len(), mean2.len());
    expect_len("x", x.len(), checked_mul(n, d_in, "x")?)?;
    expect_len("lda", lda.len(), checked_mul(d_in, d_out, "lda")?)?;
    expect_len("out", out.len(), checked_mul(n, d_out, "out")?)?;
    if let Some(bad) = x.iter().position(|&v| !v.into().is_finite()) {
        return Ok(Err(XvecRejection::NonFinite(bad)));
    }
    let (sqrt_in, sqrt_out) = ((d_in as f64).sqrt(), (d_out as f64).sqrt());
    // √d_in · l2(x − mean1)
    let mut a = vec![0.0f64; n * d_in];
    over_rows(&mut a, n, d_in, |first, block| {
        let mut sq = vec![0.0f64; d_in];
        for (q, row) in block.chunks_exact_mut(d_in).enumerate() {
            let src = &x[(first + q) * d_in..(first + q + 1) * d_in];
            for i in 0..d_in {
                row[i] = src[i].into() - mean1[i];
            }
            let na = row_norm(row, &mut sq);
            for v in row.iter_mut() {
                *v = sqrt_in * (*v / na);
            }
        }
    });
    if let Some(row) = a.chunks_exact(d_in).position(|r| r.iter().any(|v| v.is_nan())) {
        // 0/0: x − mean1 was zero (x is finite)
        return Ok(Err(XvecRejection::EqualsMean(row)));
    }
    // ldaᵀ · a for every row, then − mean2 and √d_out · l2(·)
    let bound = left_bounds_rows(&a, n, d_in);
    product(level, &LeftOperand { a: &a, ai: d_in, al: 1, m: n, bound: &bound }, &RightOperand::from_steps(lda, d_in, d_out), out);
    over_rows(out, n, d_out, |_, block| {
        let mut sq = vec![0.0f64; d_out];
        for row in block.chunks_exact_mut(d_out) {
            for j in 0..d_out {
                row[j] -= mean2[j];
            }
            let nb = row_norm(row, &mut sq);
            for v in row.iter_mut() {
                *v = sqrt_out * (*v / nb);
            }
        }
    });
    Ok(Ok(()))
}

/// pyannote `plda_tf`: `(x − mu) · E` with `e` the eigenvectors (d × d row-major, column j the
/// j-th) — `x`: n × d, `out`: n × d.
pub fn plda_project(level: Level, x: &[f64], n: usize, mu: &[f64], e: &[f64], out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    let d = mu.len();
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    expect_len("eigenvectors", e.len(), checked_mul(d, d, "eigenvectors")?)?;
    expect_len("out", out.len(), checked_mul(n, d, "out")?)?;
    let mut centred = vec![0.0f64; n * d];
    for (row, src) in centred.chunks_exact_mut(d.max(1)).zip(x.chunks_exact(d.max(1))) {
        for i in 0..d {
            row[i] = src[i] - mu[i];
        }
    }
    let bound = left_bounds_rows(&centred, n, d);
    product(level, &LeftOperand { a: &centred, ai: d, al: 1, m: n, bound: &bound }, &RightOperand::from_steps(e, d, d), out);
    Ok(())
}
