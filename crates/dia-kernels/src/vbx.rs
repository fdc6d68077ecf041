//! pyannote.audio's VBx (`utils/vbx.py`, `VBx`) natively: @dia/vbx's TypeScript loop statement for
//! statement — the same reductions in the same order (numpy's pairwise sums where numpy sums a
//! contiguous axis, Neumaier sums for Γ and (invL + α²)·Φ, scipy ≥ 1.15's logsumexp) — with the
//! compensated products of `compensated.rs` for γᵀρ and ρ·αᵀ (SPEC hazard H5) and the vector exp of
//! `exp.rs`. Only exp/log differ from the TypeScript loop (libm and the vector exp here, V8's
//! there): results agree to the last bits, not bit for bit.
use crate::compensated::{has_fma, kernel_threads, left_bounds_cols, left_bounds_rows, product, LeftOperand, RightOperand};
use crate::exp::exp_into;
use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// numpy's pairwise summation of doubles (`DOUBLE_pairwise_sum`): < 8 values in order; ≤ 128 in
/// 8 interleaved partial sums combined as ((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7)) plus the rest in
/// order; longer runs split at a multiple of 8.
pub(crate) fn pairwise_sum(a: &[f64]) -> f64 {
    pairwise_sum_of(a, |x| x)
}

/// `pairwise_sum` of f(v) for the values v of `a` (f applied as the sum reads each value, so that
/// `f = x ↦ x·x` gives numpy's `add.reduce(x * x)` without an array of squares).
fn pairwise_sum_of(a: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    if a.len() <= 128 {
        return pairwise_block_of(a, f);
    }
    let mut n2 = a.len() / 2;
    n2 -= n2 % 8;
    pairwise_sum_of(&a[..n2], f) + pairwise_sum_of(&a[n2..], f)
}

/// `pairwise_sum_of` with its first split inline (no recursion up to 256 values), for callers
/// compiled per SIMD level.
#[inline(always)]
pub(crate) fn pairwise_sum_short_of(a: &[f64], f: impl Fn(f64) -> f64 + Copy) -> f64 {
    if a.len() <= 128 {
        return pairwise_block_of(a, f);
    }
    let mut n2 = a.len() / 2;
    n2 -= n2 % 8;
    let rest = &a[n2..];
    pairwise_block_of(&a[..n2], f) + if rest.len() <= 128 { pairwise_block_of(rest, f) } else { pairwise_sum_of(rest, f) }
}

/// One block (≤ 128 values) of numpy's pairwise sum of f(v): the 8 partial sums are the lanes of
/// one vector add per 8 values.
#[inline(always)]
fn pairwise_block_of(a: &[f64], f: impl Fn(f64) -> f64) -> f64 {
    let n = a.len();
    if n < 8 {
        let mut res = 0.0;
        for &v in a {
            res += f(v);
        }
        return res;
    }
    let body = n - n % 8;
    let mut r = [0.0f64; 8];
    for (q, &v) in a[..8].iter().enumerate() {
        r[q] = f(v);
    }
    for c in a[8..body].chunks_exact(8) {
        for q in 0..8 {
            r[q] += f(c[q]);
        }
    }
    let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for &v in &a[body..] {
        res += f(v);
    }
    res
}

/// @dia/ops' TypeScript Neumaier sum (`neumaierSum` / `neumaierDot`, compare-and-branch form) of
/// the values `value(i)`, i < count.
fn neumaier(count: usize, value: impl Fn(usize) -> f64) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for i in 0..count {
        let v = value(i);
        let t = s + v;
        if s.abs() >= v.abs() {
            c += (s - t) + v;
        } else {
            c += (v - t) + s;
        }
        s = t;
    }
    if s.is_finite() { s + c } else { s }
}

/// Options of `vbx` (pyannote's names).
#[derive(Clone, Copy, Debug)]
pub struct VbxParams {
    pub fa: f64,
    pub fb: f64,
    pub max_iters: usize,
    pub epsilon: f64,
}

/// scipy.special.logsumexp (≥ 1.15) of a row: with a* the maximum and m its multiplicity,
/// `log1p(Σ_{a≠a*} exp(a − a*) / m) + log(m) + a*` (numpy pairwise sum). `args`, `exps`: scratch.
#[inline(always)]
fn logsumexp_row<const FMA: bool>(a: &[f64], args: &mut [f64], exps: &mut [f64]) -> f64 {
    let mut max = f64::NEG_INFINITY;
    for &v in a {
        if v > max {
            max = v;
        }
    }
    let m = a.iter().filter(|&&v| v == max).count() as f64;
    let shift = if max.is_finite() { max } else { 0.0 };
    for (g, &v) in args.iter_mut().zip(a) {
        *g = v - shift;
    }
    exp_into::<FMA>(args, exps);
    for (e, &v) in exps.iter_mut().zip(a) {
        if v == max {
            *e = 0.0;
        }
    }
    let mut s = pairwise_sum(exps);
    if s != 0.0 {
        s /= m;
    }
    s.ln_1p() + m.ln() + max
}

/// What the responsibilities of an iteration are made from: ρ·αᵀ (N × K), (invL + α²)·Φ per
/// cluster, G per frame, log(π + 1e-8) per cluster, Fa, K.
struct Responsibilities<'a> {
    rho_alpha: &'a [f64],
    quad: &'a [f64],
    g: &'a [f64],
    lpi: &'a [f64],
    fa: f64,
    k: usize,
}

/// Rows `first..first + lpx.len()`: `lpx[r]` = logsumexp_c(log p + log π) and `gamma` row r =
/// exp(log p + log π − lpx[r]), with log p = Fa·((ρα − ½·quad) + G) — pyannote's `VBx` statement
/// for statement, a row at a time.
#[inline(always)]
fn responsibility_rows<const FMA: bool>(it: &Responsibilities, first: usize, lpx: &mut [f64], gamma: &mut [f64]) {
    let k = it.k;
    let (mut row, mut row_args, mut row_exps, mut args) = (vec![0.0f64; k], vec![0.0f64; k], vec![0.0f64; k], vec![0.0f64; k]);
    for (q, (lp, gam)) in lpx.iter_mut().zip(gamma.chunks_exact_mut(k.max(1))).enumerate() {
        let r = first + q;
        for c in 0..k {
            let logp = it.fa * ((it.rho_alpha[r * k + c] - 0.5 * it.quad[c]) + it.g[r]);
            row[c] = logp + it.lpi[c];
        }
        *lp = logsumexp_row::<FMA>(&row, &mut row_args, &mut row_exps);
        for c in 0..k {
            args[c] = row[c] - *lp;
        }
        exp_into::<FMA>(&args, gam);
    }
}

/// `responsibility_rows` of all N rows, compiled for `level`, split over the worker threads when
/// there are enough (the first range on the calling thread).
fn responsibilities(level: Level, it: &Responsibilities, lpx: &mut [f64], gamma: &mut [f64]) {
    let rows_on = |first: usize, lpx: &mut [f64], gamma: &mut [f64]| {
        dispatch!(level, responsibility_rows, (it: &Responsibilities, first: usize, lpx: &mut [f64], gamma: &mut [f64]) -> (), {
            if has_fma::<L>() { responsibility_rows::<true>(it, first, lpx, gamma) } else { responsibility_rows::<false>(it, first, lpx, gamma) }
        })
    };
    let n = lpx.len();
    let threads = if n * it.k >= 1 << 15 { kernel_threads().min(n.div_ceil(256)).max(1) } else { 1 };
    if threads <= 1 {
        rows_on(0, lpx, gamma);
        return;
    }
    let per = n.div_ceil(threads);
    let (lpx_head, lpx_tail) = lpx.split_at_mut(per);
    let (gamma_head, gamma_tail) = gamma.split_at_mut(per * it.k);
    std::thread::scope(|scope| {
        for (c, (l, g)) in lpx_tail.chunks_mut(per).zip(gamma_tail.chunks_mut(per * it.k)).enumerate() {
            let rows_on = &rows_on;
            scope.spawn(move || rows_on((c + 1) * per, l, g));
        }
        rows_on(0, lpx_head, gamma_head);
    });
}

/// The VBx loop; `gamma` holds qinit on entry and the final responsibilities on return.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run<const L: usize>(level: Level, x: &[f64], phi: &[f64], n: usize, d: usize, k: usize, p: VbxParams, gamma: &mut [f64], pi_out: &mut [f64], elbo: &mut [f64]) -> Result<usize, ShapeError> {
    if has_fma::<L>() {
        run_with::<true>(level, x, phi, n, d, k, p, gamma, pi_out, elbo)
    } else {
        run_with::<false>(level, x, phi, n, d, k, p, gamma, pi_out, elbo)
    }
}

#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run_with<const FMA: bool>(level: Level, x: &[f64], phi: &[f64], n: usize, d: usize, k: usize, p: VbxParams, gamma: &mut [f64], pi_out: &mut [f64], elbo: &mut [f64]) -> Result<usize, ShapeError> {
    let VbxParams { fa, fb, max_iters, epsilon } = p;
    let mut pi = vec![1.0 / k as f64; k];
    let ratio = fa / fb;
    // G = −0.5·(Σ_d X² + D·log 2π), the per-frame constant of eq. 23
    let log2pi = d as f64 * (2.0 * std::f64::consts::PI).ln();
    let mut sq = vec![0.0f64; d];
    let g: Vec<f64> = (0..n)
        .map(|row| {
            for (s, &v) in sq.iter_mut().zip(&x[row * d..(row + 1) * d]) {
                *s = v * v;
            }
            -0.5 * (pairwise_sum(&sq) + log2pi)
        })
        .collect();
    let v: Vec<f64> = phi.iter().map(|f| f.sqrt()).collect();
    let mut rho = vec![0.0f64; n * d];
    for row in 0..n {
        for c in 0..d {
            rho[row * d + c] = x[row * d + c] * v[c];
        }
    }
    // ρ is the same in every iteration: its operand layouts and bounds are prepared once
    let rho_right = RightOperand::from_steps(&rho, n, d);
    let rho_bounds = left_bounds_rows(&rho, n, d);
    let mut inv_l = vec![0.0f64; k * d];
    let mut alpha = vec![0.0f64; k * d];
    let mut gamma_rho = vec![0.0f64; k * d];
    let mut rho_alpha = vec![0.0f64; n * k];
    let mut quad = vec![0.0f64; k];
    let (mut gsum, mut gcomp) = (vec![0.0f64; k], vec![0.0f64; k]);
    let mut term = vec![0.0f64; d];
    let mut elbo_terms = vec![0.0f64; k * d];
    let mut lpx = vec![0.0f64; n];
    let mut lpi = vec![0.0f64; k];
    let mut iters = 0;
    for ii in 0..max_iters {
        let gamma_bounds = left_bounds_cols(gamma, n, k);
        product(level, &LeftOperand { a: gamma, ai: 1, al: k, m: k, bound: &gamma_bounds }, &rho_right, &mut gamma_rho); // γᵀρ (K × D)
        // Γ[k] = Σ_n γ[n][k]: per column the Neumaier sum of `neumaier`, all columns in one sweep
        gsum.fill(0.0);
        gcomp.fill(0.0);
        for row in gamma.chunks_exact(k) {
            for c in 0..k {
                let (sum, v) = (gsum[c], row[c]);
                let t = sum + v;
                gcomp[c] += if sum.abs() >= v.abs() { (sum - t) + v } else { (v - t) + sum };
                gsum[c] = t;
            }
        }
        for c in 0..k {
            let big_g = if gsum[c].is_finite() { gsum[c] + gcomp[c] } else { gsum[c] };
            for e in 0..d {
                let il = 1.0 / (1.0 + ratio * big_g * phi[e]);
                inv_l[c * d + e] = il;
                alpha[c * d + e] = ratio * il * gamma_rho[c * d + e];
            }
        }
        // (invL + α²)·Φ per cluster
        for c in 0..k {
            for e in 0..d {
                term[e] = inv_l[c * d + e] + alpha[c * d + e] * alpha[c * d + e];
            }
            quad[c] = neumaier(d, |e| term[e] * phi[e]);
        }
        product(level, &LeftOperand { a: &rho, ai: d, al: 1, m: n, bound: &rho_bounds }, &RightOperand::from_rows(&alpha, k, d), &mut rho_alpha); // ρ·αᵀ (N × K)
        for c in 0..k {
            lpi[c] = (pi[c] + 1e-8).ln();
        }
        // per row: log p(x|k) + log π, its logsumexp, and the new responsibilities (rows split over
        // the worker threads; each row's operations are the same wherever it runs)
        responsibilities(level, &Responsibilities { rho_alpha: &rho_alpha, quad: &quad, g: &g, lpi: &lpi, fa, k }, &mut lpx, gamma);
        let log_px = pairwise_sum(&lpx);
        // np.sum(axis=0): row by row
        pi.fill(0.0);
        for r in 0..n {
            for c in 0..k {
                pi[c] += gamma[r * k + c];
            }
        }
        let total = pairwise_sum(&pi);
        for v in pi.iter_mut() {
            *v /= total;
        }
        for i in 0..k * d {
            elbo_terms[i] = ((inv_l[i].ln() - inv_l[i]) - alpha[i] * alpha[i]) + 1.0;
        }
        let value = log_px + fb * 0.5 * pairwise_sum(&elbo_terms);
        elbo[ii] = value;
        iters = ii + 1;
        if ii > 0 && value - elbo[ii - 1] < epsilon {
            break; // a decrease also stops (pyannote only warns)
        }
    }
    pi_out.copy_from_slice(&pi);
    Ok(iters)
}

/// pyannote `VBx(X, Phi, Fa, Fb, pi=K, gamma=qinit, maxIters, epsilon)`: `x` N × D, `phi` D,
/// `gamma` N × K (qinit in, the final responsibilities out), `pi` K (out), `elbo` ≥ max_iters
/// (the ELBO after each iteration). Returns the number of iterations run.
#[allow(clippy::too_many_arguments)]
pub fn vbx(level: Level, x: &[f64], phi: &[f64], n: usize, d: usize, k: usize, params: VbxParams, gamma: &mut [f64], pi: &mut [f64], elbo: &mut [f64]) -> Result<usize, ShapeError> {
    let level = checked_level(level)?;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    expect_len("phi", phi.len(), d)?;
    expect_len("gamma", gamma.len(), checked_mul(n, k, "gamma")?)?;
    expect_len("pi", pi.len(), k)?;
    if elbo.len() < params.max_iters {
        return Err(ShapeError(format!("elbo has {} elements, expected at least maxIters = {}", elbo.len(), params.max_iters)));
    }
    if n == 0 || k == 0 {
        return Err(ShapeError(format!("VBx needs at least one embedding and one cluster (got {n} × {k})")));
    }
    dispatch!(level, vbx, (level: Level, x: &[f64], phi: &[f64], n: usize, d: usize, k: usize, params: VbxParams, gamma: &mut [f64], pi: &mut [f64], elbo: &mut [f64]) -> Result<usize, ShapeError>, run::<L>(level, x, phi, n, d, k, params, gamma, pi, elbo))
}
