//! dia's numeric kernels with runtime CPU dispatch: scalar everywhere, SSE2 / AVX2 / AVX-512F on
//! x86-64, NEON on aarch64. Kernels that produce one value per output (pdist, the batched
//! products, axpy) run the same operation sequence per output on every level, so their results
//! are bit-identical across levels; the single-sum kernels (`dot*`, `neumaier_*`) use lane partial
//! sums and may differ in the last bits (bounded in the tests).
#![deny(unsafe_op_in_unsafe_fn)]

mod lanes;
mod pdist;
mod rfft;

use std::fmt;

/// A SIMD level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Scalar,
    Sse2,
    Avx2,
    Avx512,
    Neon,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Scalar => "scalar",
            Level::Sse2 => "sse2",
            Level::Avx2 => "avx2",
            Level::Avx512 => "avx512",
            Level::Neon => "neon",
        }
    }

    pub fn parse(s: &str) -> Option<Level> {
        Some(match s {
            "scalar" => Level::Scalar,
            "sse2" => Level::Sse2,
            "avx2" => Level::Avx2,
            "avx512" => Level::Avx512,
            "neon" => Level::Neon,
            _ => return None,
        })
    }

    /// Whether this CPU can run the level.
    pub fn available(self) -> bool {
        match self {
            Level::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Level::Sse2 => std::arch::is_x86_feature_detected!("sse2"),
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma"),
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => std::arch::is_x86_feature_detected!("avx512f"),
            #[cfg(target_arch = "aarch64")]
            Level::Neon => std::arch::is_aarch64_feature_detected!("neon"),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// The best level this CPU supports.
    pub fn detect() -> Level {
        for l in [Level::Avx512, Level::Avx2, Level::Neon, Level::Sse2] {
            if l.available() {
                return l;
            }
        }
        Level::Scalar
    }

    /// Every level this CPU supports, best first.
    pub fn all_available() -> Vec<Level> {
        [Level::Avx512, Level::Avx2, Level::Neon, Level::Sse2, Level::Scalar].into_iter().filter(|l| l.available()).collect()
    }
}

/// A length or shape that does not match: returned, never an out-of-bounds access.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapeError(pub String);

impl fmt::Display for ShapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn expect_len(what: &str, len: usize, expected: usize) -> Result<(), ShapeError> {
    if len == expected {
        Ok(())
    } else {
        Err(ShapeError(format!("{what} has {len} elements, expected {expected}")))
    }
}

fn checked_mul(a: usize, b: usize, what: &str) -> Result<usize, ShapeError> {
    a.checked_mul(b).ok_or_else(|| ShapeError(format!("{what}: {a}×{b} overflows")))
}

/// Expands to a dispatch over the levels, each calling `$body::<LANES>` inside a
/// `#[target_feature]` function so the lane arrays compile to that instruction set.
macro_rules! dispatch {
    ($level:expr, $name:ident, ($($arg:ident : $ty:ty),*) -> $ret:ty, $body:expr) => {{
        #[inline(always)]
        fn generic<const L: usize>($($arg: $ty),*) -> $ret { $body }
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "sse2")]
        unsafe fn sse2($($arg: $ty),*) -> $ret { generic::<2>($($arg),*) }
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2($($arg: $ty),*) -> $ret { generic::<4>($($arg),*) }
        #[cfg(target_arch = "x86_64")]
        #[target_feature(enable = "avx512f")]
        unsafe fn avx512($($arg: $ty),*) -> $ret { generic::<8>($($arg),*) }
        #[cfg(target_arch = "aarch64")]
        #[target_feature(enable = "neon")]
        unsafe fn neon($($arg: $ty),*) -> $ret { generic::<2>($($arg),*) }
        match $level {
            // SAFETY (all arms): `Level::available` was checked by `checked_level`, so the CPU
            // supports the instruction set the function was compiled for.
            #[cfg(target_arch = "x86_64")]
            Level::Sse2 => unsafe { sse2($($arg),*) },
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { avx2($($arg),*) },
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { avx512($($arg),*) },
            #[cfg(target_arch = "aarch64")]
            Level::Neon => unsafe { neon($($arg),*) },
            _ => generic::<1>($($arg),*),
        }
    }};
}

fn checked_level(level: Level) -> Result<Level, ShapeError> {
    if level.available() {
        Ok(level)
    } else {
        Err(ShapeError(format!("SIMD level {} is not available on this CPU", level.name())))
    }
}

/// Condensed euclidean distances of the rows of `x` (n × d), scipy `pdist` order, f64 arithmetic.
pub fn pdist_f64(level: Level, x: &[f64], n: usize, d: usize, squared: bool, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    expect_len("out", out.len(), n * n.saturating_sub(1) / 2)?;
    dispatch!(level, pdist, (x: &[f64], n: usize, d: usize, squared: bool, out: &mut [f64]) -> (), pdist::pdist::<L, f64>(x, n, d, squared, out));
    Ok(())
}

/// `pdist_f64` on float32 input promoted to f64.
pub fn pdist_f32(level: Level, x: &[f32], n: usize, d: usize, squared: bool, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    expect_len("out", out.len(), n * n.saturating_sub(1) / 2)?;
    dispatch!(level, pdist, (x: &[f32], n: usize, d: usize, squared: bool, out: &mut [f64]) -> (), pdist::pdist::<L, f32>(x, n, d, squared, out));
    Ok(())
}

/// aᵀ·b (a: n × p, b: n × q) with compensated sums over n.
pub fn neumaier_matmul_tn(level: Level, a: &[f64], b: &[f64], n: usize, p: usize, q: usize, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(n, p, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, q, "b")?)?;
    expect_len("out", out.len(), checked_mul(p, q, "out")?)?;
    let mut comp = vec![0.0f64; p * q];
    let comp = comp.as_mut_slice();
    dispatch!(level, tn, (a: &[f64], b: &[f64], n: usize, p: usize, q: usize, out: &mut [f64], comp: &mut [f64]) -> (), lanes::neumaier_matmul_tn::<L>(a, b, n, p, q, out, comp));
    Ok(())
}

/// a·bᵀ (a: m × k, b: n × k) with compensated sums over k.
pub fn neumaier_matmul_nt(level: Level, a: &[f64], b: &[f64], m: usize, n: usize, k: usize, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(m, k, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, k, "b")?)?;
    expect_len("out", out.len(), checked_mul(m, n, "out")?)?;
    let mut bt = vec![0.0f64; n * k];
    for j in 0..n {
        for l in 0..k {
            bt[l * n + j] = b[j * k + l];
        }
    }
    let bt = bt.as_slice();
    let mut comp = vec![0.0f64; n];
    let comp = comp.as_mut_slice();
    dispatch!(level, nt, (a: &[f64], bt: &[f64], m: usize, n: usize, k: usize, out: &mut [f64], comp: &mut [f64]) -> (), lanes::neumaier_matmul_nt::<L>(a, bt, m, n, k, out, comp));
    Ok(())
}

/// out = f32(Σ f32(a·b)) in f64, a: m × k, b: n × k.
pub fn matmul_transposed_f32(level: Level, a: &[f32], b: &[f32], m: usize, n: usize, k: usize, out: &mut [f32]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(m, k, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, k, "b")?)?;
    expect_len("out", out.len(), checked_mul(m, n, "out")?)?;
    dispatch!(level, mt, (a: &[f32], b: &[f32], m: usize, n: usize, k: usize, out: &mut [f32]) -> (), lanes::matmul_transposed_f32::<L>(a, b, m, n, k, out));
    Ok(())
}

/// Banded `matmul_transposed_f32` (row j of b non-zero on [bands[2j], bands[2j+1])).
pub fn matmul_banded_f32(level: Level, a: &[f32], b: &[f32], bands: &[i32], m: usize, n: usize, k: usize, out: &mut [f32]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(m, k, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, k, "b")?)?;
    expect_len("bands", bands.len(), 2 * n)?;
    expect_len("out", out.len(), checked_mul(m, n, "out")?)?;
    for j in 0..n {
        let (lo, hi) = (bands[2 * j], bands[2 * j + 1]);
        if lo < 0 || lo > hi || hi as usize > k {
            return Err(ShapeError(format!("band {j} [{lo}, {hi}) is outside 0..{k}")));
        }
    }
    dispatch!(level, mb, (a: &[f32], b: &[f32], bands: &[i32], m: usize, n: usize, k: usize, out: &mut [f32]) -> (), lanes::matmul_banded_f32::<L>(a, b, bands, m, n, k, out));
    Ok(())
}

/// y += α·x.
pub fn axpy(level: Level, alpha: f64, x: &[f64], y: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("y", y.len(), x.len())?;
    dispatch!(level, ax, (alpha: f64, x: &[f64], y: &mut [f64]) -> (), lanes::axpy::<L>(alpha, x, y));
    Ok(())
}

/// Σ a·b of f64 vectors (lane partial sums).
pub fn dot_f64(level: Level, a: &[f64], b: &[f64]) -> Result<f64, ShapeError> {
    let level = checked_level(level)?;
    expect_len("b", b.len(), a.len())?;
    Ok(dispatch!(level, d64, (a: &[f64], b: &[f64]) -> f64, lanes::dot::<L, f64>(a, b, false)))
}

/// Σ a·b of f32 vectors in f64; `round_products` rounds each product to f32 first.
pub fn dot_f32(level: Level, a: &[f32], b: &[f32], round_products: bool) -> Result<f64, ShapeError> {
    let level = checked_level(level)?;
    expect_len("b", b.len(), a.len())?;
    Ok(dispatch!(level, d32, (a: &[f32], b: &[f32], round_products: bool) -> f64, lanes::dot::<L, f32>(a, b, round_products)))
}

/// Compensated Σ x.
pub fn neumaier_sum(level: Level, x: &[f64]) -> Result<f64, ShapeError> {
    let level = checked_level(level)?;
    Ok(dispatch!(level, ns, (x: &[f64]) -> f64, lanes::neumaier::<L>(x, None)))
}

/// Compensated Σ a·b.
pub fn neumaier_dot(level: Level, a: &[f64], b: &[f64]) -> Result<f64, ShapeError> {
    let level = checked_level(level)?;
    expect_len("b", b.len(), a.len())?;
    Ok(dispatch!(level, nd, (a: &[f64], b: &[f64]) -> f64, lanes::neumaier::<L>(a, Some(b))))
}

/// Batched real-FFT spectra of `m` frames of `size` samples (power of two), float32 rounding
/// points as @dia/fbank; `cos`/`sin` hold e^{−2πik/size} for k < size, `bitrev` the bit-reversal
/// permutation of size/2. The same scalar code runs on every level (bit-identical).
#[allow(clippy::too_many_arguments)]
pub fn rfft_spectrum(level: Level, frames: &[f64], m: usize, size: usize, cos: &[f64], sin: &[f64], bitrev: &[u32], power: bool, out: &mut [f32]) -> Result<(), ShapeError> {
    checked_level(level)?;
    if size < 2 || !size.is_power_of_two() {
        return Err(ShapeError(format!("FFT size {size} must be a power of two ≥ 2")));
    }
    expect_len("frames", frames.len(), checked_mul(m, size, "frames")?)?;
    expect_len("cos", cos.len(), size)?;
    expect_len("sin", sin.len(), size)?;
    expect_len("bitrev", bitrev.len(), size / 2)?;
    if bitrev.iter().any(|&r| r as usize >= size / 2) {
        return Err(ShapeError("bitrev holds an index ≥ size/2".to_string()));
    }
    expect_len("out", out.len(), checked_mul(m, size / 2 + 1, "out")?)?;
    let mut zr = vec![0.0f64; size / 2];
    let mut zi = vec![0.0f64; size / 2];
    rfft::rfft_spectrum(frames, m, size, cos, sin, bitrev, power, out, &mut zr, &mut zi);
    Ok(())
}

// Declared after `dispatch!` so the module can use the macro.
mod fbank;
pub use fbank::{ln, log_mel_frames, LogMelConfig, LogMelTables, LOG_FLOOR};
// Algorithms whose loops run natively (declared after `dispatch!`, which they use).
mod lsap;
pub use lsap::{solve_lsap, LsapOutcome};
mod ahc;
pub use ahc::{condensed_bytes, fast_linkage, linkage_f32, linkage_f64, LinkageError, LinkageMethod};
mod compensated;
pub use compensated::{compensated_matmul_nt, compensated_matmul_tn, kernel_threads};
mod exp;
pub use exp::exp_slice;
mod vbx;
pub use vbx::{vbx, VbxParams};
mod plda;
pub use plda::{plda_project, plda_transform, xvec_transform, PldaWeights, XvecRejection};
mod quotient;
mod pages;

/// `scale · (v / divisor)` for every v of `row` in place, each quotient bit for bit IEEE
/// division's (computed with FMA corrections where the level has FMA; see `quotient.rs`).
pub fn scaled_quotients(level: Level, row: &mut [f64], divisor: f64, scale: f64) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    dispatch!(level, scaled_quotients, (row: &mut [f64], divisor: f64, scale: f64) -> (), quotient::scale_quotients(row, divisor, scale, compensated::has_fma::<L>()));
    Ok(())
}
