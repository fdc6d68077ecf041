//! napi-rs binding of dia-kernels for @dia/ops: zero-copy typed arrays, whole matrices per call,
//! a process-wide SIMD level (detected, or forced with `setLevel`). Length errors become JS errors.
use std::sync::atomic::{AtomicU8, Ordering};

use dia_kernels::{Level, ShapeError};
use napi::bindgen_prelude::*;
use napi_derive::napi;

static LEVEL: AtomicU8 = AtomicU8::new(255);

fn level_from_u8(v: u8) -> Level {
    match v {
        1 => Level::Sse2,
        2 => Level::Avx2,
        3 => Level::Avx512,
        4 => Level::Neon,
        _ => Level::Scalar,
    }
}

fn level_to_u8(l: Level) -> u8 {
    match l {
        Level::Scalar => 0,
        Level::Sse2 => 1,
        Level::Avx2 => 2,
        Level::Avx512 => 3,
        Level::Neon => 4,
    }
}

fn current() -> Level {
    let v = LEVEL.load(Ordering::Relaxed);
    if v == 255 {
        let l = Level::detect();
        LEVEL.store(level_to_u8(l), Ordering::Relaxed);
        l
    } else {
        level_from_u8(v)
    }
}

fn err(e: ShapeError) -> Error {
    Error::new(Status::InvalidArg, e.0)
}

fn dim(v: u32) -> usize {
    v as usize
}

/// Whether two slices share memory (JS may pass views of one buffer as input and output).
fn overlaps<T, U>(a: &[T], b: &[U]) -> bool {
    let (a0, a1) = (a.as_ptr() as usize, a.as_ptr() as usize + std::mem::size_of_val(a));
    let (b0, b1) = (b.as_ptr() as usize, b.as_ptr() as usize + std::mem::size_of_val(b));
    a0 < b1 && b0 < a1
}

/// Copies `input` when it shares memory with the output (so a `&` never aliases the `&mut`).
fn detach<T: Copy, U>(input: &[T], output: &[U]) -> Option<Vec<T>> {
    if overlaps(input, output) { Some(input.to_vec()) } else { None }
}

/// The SIMD level in use.
#[napi]
pub fn simd_level() -> String {
    current().name().to_string()
}

/// Levels this CPU supports, best first.
#[napi]
pub fn available_levels() -> Vec<String> {
    Level::all_available().into_iter().map(|l| l.name().to_string()).collect()
}

/// Forces a SIMD level; an unknown or unsupported level is an error (never a silent downgrade).
#[napi]
pub fn set_level(name: String) -> Result<()> {
    let l = Level::parse(&name).ok_or_else(|| Error::new(Status::InvalidArg, format!("unknown SIMD level '{name}' (scalar, sse2, avx2, avx512, neon)")))?;
    if !l.available() {
        return Err(Error::new(Status::InvalidArg, format!("SIMD level '{name}' is not available on this CPU (available: {})", available_levels().join(", "))));
    }
    LEVEL.store(level_to_u8(l), Ordering::Relaxed);
    Ok(())
}

// Each wrapper: inputs that alias the output are copied; then the output is borrowed mutably.
// SAFETY (every `as_mut` below): the call is synchronous on the JS thread, so no other code touches
// the buffers while the kernel runs, and no shared borrow of the output's memory is used after it.

#[napi]
pub fn pdist_f64(x: Float64Array, n: u32, d: u32, squared: bool, mut out: Float64Array) -> Result<()> {
    let xc = detach(&x, &out);
    let o = unsafe { out.as_mut() };
    dia_kernels::pdist_f64(current(), xc.as_deref().unwrap_or(&x), dim(n), dim(d), squared, o).map_err(err)
}

#[napi]
pub fn pdist_f32(x: Float32Array, n: u32, d: u32, squared: bool, mut out: Float64Array) -> Result<()> {
    let xc = detach(&x, &out);
    let o = unsafe { out.as_mut() };
    dia_kernels::pdist_f32(current(), xc.as_deref().unwrap_or(&x), dim(n), dim(d), squared, o).map_err(err)
}

#[napi]
pub fn neumaier_matmul_tn(a: Float64Array, b: Float64Array, n: u32, p: u32, q: u32, mut out: Float64Array) -> Result<()> {
    let (ac, bc) = (detach(&a, &out), detach(&b, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::neumaier_matmul_tn(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), dim(n), dim(p), dim(q), o).map_err(err)
}

#[napi]
pub fn neumaier_matmul_nt(a: Float64Array, b: Float64Array, m: u32, n: u32, k: u32, mut out: Float64Array) -> Result<()> {
    let (ac, bc) = (detach(&a, &out), detach(&b, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::neumaier_matmul_nt(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), dim(m), dim(n), dim(k), o).map_err(err)
}

#[napi]
pub fn matmul_transposed_f32(a: Float32Array, b: Float32Array, m: u32, n: u32, k: u32, mut out: Float32Array) -> Result<()> {
    let (ac, bc) = (detach(&a, &out), detach(&b, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::matmul_transposed_f32(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), dim(m), dim(n), dim(k), o).map_err(err)
}

#[napi]
pub fn matmul_banded_f32(a: Float32Array, b: Float32Array, bands: Int32Array, m: u32, n: u32, k: u32, mut out: Float32Array) -> Result<()> {
    let (ac, bc, bdc) = (detach(&a, &out), detach(&b, &out), detach(&bands, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::matmul_banded_f32(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), bdc.as_deref().unwrap_or(&bands), dim(m), dim(n), dim(k), o).map_err(err)
}

#[napi]
pub fn axpy(alpha: f64, x: Float64Array, mut y: Float64Array) -> Result<()> {
    let xc = detach(&x, &y);
    let o = unsafe { y.as_mut() };
    dia_kernels::axpy(current(), alpha, xc.as_deref().unwrap_or(&x), o).map_err(err)
}

#[napi]
pub fn dot_f64(a: Float64Array, b: Float64Array) -> Result<f64> {
    dia_kernels::dot_f64(current(), &a, &b).map_err(err)
}

#[napi]
pub fn dot_f32(a: Float32Array, b: Float32Array, round_products: bool) -> Result<f64> {
    dia_kernels::dot_f32(current(), &a, &b, round_products).map_err(err)
}

#[napi]
pub fn neumaier_sum(x: Float64Array) -> Result<f64> {
    dia_kernels::neumaier_sum(current(), &x).map_err(err)
}

#[napi]
pub fn neumaier_dot(a: Float64Array, b: Float64Array) -> Result<f64> {
    dia_kernels::neumaier_dot(current(), &a, &b).map_err(err)
}

#[napi]
#[allow(clippy::too_many_arguments)]
pub fn rfft_spectrum(frames: Float64Array, m: u32, size: u32, cos: Float64Array, sin: Float64Array, bitrev: Uint32Array, power: bool, mut out: Float32Array) -> Result<()> {
    let (fc, cc, sc, bc) = (detach(&frames, &out), detach(&cos, &out), detach(&sin, &out), detach(&bitrev, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::rfft_spectrum(
        current(),
        fc.as_deref().unwrap_or(&frames),
        dim(m),
        dim(size),
        cc.as_deref().unwrap_or(&cos),
        sc.as_deref().unwrap_or(&sin),
        bc.as_deref().unwrap_or(&bitrev),
        power,
        o,
    )
    .map_err(err)
}

/// Scalar settings of `logMelFrames` (@dia/ops `LogMelConfig`).
#[napi(object)]
pub struct LogMelSettings {
    pub window_size: u32,
    pub input_scale: f64,
    pub shift: u32,
    pub fft_size: u32,
    pub num_bins: u32,
    pub remove_dc_offset: bool,
    pub preemphasis: f64,
    pub power: bool,
    pub log: bool,
    pub raw_energy: bool,
}

/// Framed log-mel energies (dia_kernels::log_mel_frames) into rows of `stride` f32 values from
/// column `offset`; empty `noise` / `energies` mean none.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn log_mel_frames(
    samples: Float32Array,
    first: u32,
    count: u32,
    config: LogMelSettings,
    window: Float64Array,
    bank: Float64Array,
    bands: Int32Array,
    cos: Float64Array,
    sin: Float64Array,
    bitrev: Uint32Array,
    noise: Float64Array,
    mut out: Float32Array,
    stride: u32,
    offset: u32,
    mut energies: Float64Array,
) -> Result<()> {
    if !energies.is_empty() && overlaps(&out, &energies) {
        return Err(Error::new(Status::InvalidArg, "logMelFrames: out and energies overlap".to_string()));
    }
    // inputs that share memory with an output are copied first
    let copy_f64 = |a: &Float64Array| if overlaps(a, &out) || overlaps(a, &energies) { Some(a.to_vec()) } else { None };
    let (wc, bkc, cc, sc, nc) = (copy_f64(&window), copy_f64(&bank), copy_f64(&cos), copy_f64(&sin), copy_f64(&noise));
    let smc = if overlaps(&samples, &out) || overlaps(&samples, &energies) { Some(samples.to_vec()) } else { None };
    let bdc = if overlaps(&bands, &out) || overlaps(&bands, &energies) { Some(bands.to_vec()) } else { None };
    let brc = if overlaps(&bitrev, &out) || overlaps(&bitrev, &energies) { Some(bitrev.to_vec()) } else { None };
    let cfg = dia_kernels::LogMelConfig {
        window_size: dim(config.window_size),
        input_scale: config.input_scale,
        shift: dim(config.shift),
        fft_size: dim(config.fft_size),
        num_bins: dim(config.num_bins),
        remove_dc_offset: config.remove_dc_offset,
        preemphasis: config.preemphasis,
        power: config.power,
        log: config.log,
        raw_energy: config.raw_energy,
    };
    let tables = dia_kernels::LogMelTables {
        window: wc.as_deref().unwrap_or(&window),
        bank: bkc.as_deref().unwrap_or(&bank),
        bands: bdc.as_deref().unwrap_or(&bands),
        cos: cc.as_deref().unwrap_or(&cos),
        sin: sc.as_deref().unwrap_or(&sin),
        bitrev: brc.as_deref().unwrap_or(&bitrev),
    };
    let noise = nc.as_deref().unwrap_or(&noise);
    let noise = if noise.is_empty() { None } else { Some(noise) };
    let samples = smc.as_deref().unwrap_or(&samples);
    let o = unsafe { out.as_mut() };
    let e = unsafe { energies.as_mut() };
    let e = if e.is_empty() { None } else { Some(e) };
    dia_kernels::log_mel_frames(current(), samples, dim(first), dim(count), &cfg, &tables, noise, o, dim(stride), dim(offset), e).map_err(err)
}
/// scipy `linear_sum_assignment` into `row_ind` / `col_ind` (min(nr, nc) each): 0 = solved,
/// 1 = invalid entry (NaN, −∞ after the sign), 2 = infeasible. Borrowed slices (no napi
/// references): the pipeline calls this once per chunk.
#[napi]
pub fn linear_sum_assignment(cost: Float64ArraySlice, nr: u32, nc: u32, maximize: bool, mut row_ind: Int32ArraySlice, mut col_ind: Int32ArraySlice) -> Result<u32> {
    if overlaps(&row_ind, &col_ind) {
        return Err(Error::new(Status::InvalidArg, "rowInd and colInd must not share memory".to_string()));
    }
    let cc = detach(&cost, &row_ind).or_else(|| detach(&cost, &col_ind));
    let (r, c) = unsafe { (row_ind.as_mut(), col_ind.as_mut()) };
    let outcome = dia_kernels::solve_lsap(current(), cc.as_deref().unwrap_or(&cost), dim(nr), dim(nc), maximize, r, c).map_err(err)?;
    Ok(match outcome {
        dia_kernels::LsapOutcome::Solved => 0,
        dia_kernels::LsapOutcome::InvalidEntry => 1,
        dia_kernels::LsapOutcome::Infeasible => 2,
    })
}

fn linkage_method(median: bool) -> dia_kernels::LinkageMethod {
    if median { dia_kernels::LinkageMethod::Median } else { dia_kernels::LinkageMethod::Centroid }
}

fn linkage_status(r: std::result::Result<(), dia_kernels::LinkageError>) -> Result<u32> {
    match r {
        Ok(()) => Ok(0),
        Err(dia_kernels::LinkageError::OutOfMemory { .. }) => Ok(1),
        Err(dia_kernels::LinkageError::Shape(e)) => Err(err(e)),
    }
}

/// scipy `linkage(x, "centroid" | "median")` of float32 rows into `z` ((n−1)·4), the condensed
/// distance matrix allocated natively: 0 = done, 1 = that matrix could not be allocated.
#[napi]
pub fn linkage_f32(x: Float32ArraySlice, n: u32, d: u32, median: bool, mut z: Float64ArraySlice) -> Result<u32> {
    let xc = detach(&x, &z);
    let o = unsafe { z.as_mut() };
    linkage_status(dia_kernels::linkage_f32(current(), xc.as_deref().unwrap_or(&x), dim(n), dim(d), linkage_method(median), o))
}

/// `linkage_f32` for float64 rows.
#[napi]
pub fn linkage_f64(x: Float64ArraySlice, n: u32, d: u32, median: bool, mut z: Float64ArraySlice) -> Result<u32> {
    let xc = detach(&x, &z);
    let o = unsafe { z.as_mut() };
    linkage_status(dia_kernels::linkage_f64(current(), xc.as_deref().unwrap_or(&x), dim(n), dim(d), linkage_method(median), o))
}

/// out = a·bᵀ (a: m × k, b: n × k), every entry within one rounding of the exact dot product.
#[napi]
pub fn compensated_matmul_nt(a: Float64ArraySlice, b: Float64ArraySlice, m: u32, n: u32, k: u32, mut out: Float64ArraySlice) -> Result<()> {
    let (ac, bc) = (detach(&a, &out), detach(&b, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::compensated_matmul_nt(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), dim(m), dim(n), dim(k), o).map_err(err)
}

/// out = aᵀ·b (a: n × p, b: n × q), every entry within one rounding of the exact dot product.
#[napi]
pub fn compensated_matmul_tn(a: Float64ArraySlice, b: Float64ArraySlice, n: u32, p: u32, q: u32, mut out: Float64ArraySlice) -> Result<()> {
    let (ac, bc) = (detach(&a, &out), detach(&b, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::compensated_matmul_tn(current(), ac.as_deref().unwrap_or(&a), bc.as_deref().unwrap_or(&b), dim(n), dim(p), dim(q), o).map_err(err)
}

/// pyannote's VBx: `gamma` (N × K) holds qinit on entry and the responsibilities on return; `pi`
/// (K) and `elbo` (≥ maxIters) are written. Returns the number of iterations.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn vbx(x: Float64ArraySlice, phi: Float64ArraySlice, mut gamma: Float64ArraySlice, n: u32, d: u32, k: u32, fa: f64, fb: f64, max_iters: u32, epsilon: f64, mut pi: Float64ArraySlice, mut elbo: Float64ArraySlice) -> Result<u32> {
    if overlaps(&gamma, &pi) || overlaps(&gamma, &elbo) || overlaps(&pi, &elbo) {
        return Err(Error::new(Status::InvalidArg, "gamma, pi and elbo must not share memory".to_string()));
    }
    let (xc, pc) = (detach(&x, &gamma).or_else(|| detach(&x, &pi)).or_else(|| detach(&x, &elbo)), detach(&phi, &gamma).or_else(|| detach(&phi, &pi)).or_else(|| detach(&phi, &elbo)));
    let (g, p, e) = unsafe { (gamma.as_mut(), pi.as_mut(), elbo.as_mut()) };
    let params = dia_kernels::VbxParams { fa, fb, max_iters: max_iters as usize, epsilon };
    let iters = dia_kernels::vbx(current(), xc.as_deref().unwrap_or(&x), pc.as_deref().unwrap_or(&phi), dim(n), dim(d), dim(k), params, g, p, e).map_err(err)?;
    Ok(iters as u32)
}

/// −1: done; r ≥ 0: row r equals mean1; −2 − i: x[i] is not finite.
fn xvec_result(r: std::result::Result<std::result::Result<(), dia_kernels::XvecRejection>, ShapeError>) -> Result<i64> {
    match r {
        Ok(Ok(())) => Ok(-1),
        Ok(Err(dia_kernels::XvecRejection::EqualsMean(row))) => Ok(row as i64),
        Ok(Err(dia_kernels::XvecRejection::NonFinite(i))) => Ok(-2 - i as i64),
        Err(e) => Err(err(e)),
    }
}

/// pyannote `xvec_tf` of float32 rows into `out`; returns −1 when done, r ≥ 0 when row r equals
/// mean1, −2 − i when x[i] is not finite.
#[napi]
pub fn xvec_transform_f32(x: Float32ArraySlice, n: u32, mean1: Float64ArraySlice, lda: Float64ArraySlice, mean2: Float64ArraySlice, mut out: Float64ArraySlice) -> Result<i64> {
    let (m1, l, m2) = (detach(&mean1, &out), detach(&lda, &out), detach(&mean2, &out));
    let o = unsafe { out.as_mut() };
    xvec_result(dia_kernels::xvec_transform(current(), &x, dim(n), m1.as_deref().unwrap_or(&mean1), l.as_deref().unwrap_or(&lda), m2.as_deref().unwrap_or(&mean2), o))
}

/// `xvec_transform_f32` for float64 rows.
#[napi]
pub fn xvec_transform_f64(x: Float64ArraySlice, n: u32, mean1: Float64ArraySlice, lda: Float64ArraySlice, mean2: Float64ArraySlice, mut out: Float64ArraySlice) -> Result<i64> {
    let (xc, m1, l, m2) = (detach(&x, &out), detach(&mean1, &out), detach(&lda, &out), detach(&mean2, &out));
    let o = unsafe { out.as_mut() };
    xvec_result(dia_kernels::xvec_transform(current(), xc.as_deref().unwrap_or(&x), dim(n), m1.as_deref().unwrap_or(&mean1), l.as_deref().unwrap_or(&lda), m2.as_deref().unwrap_or(&mean2), o))
}

/// pyannote `PLDA.__call__` of float32 rows into `out` (x-vector transform and projection in one
/// pass); returns as `xvec_transform_f32`.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn plda_transform_f32(x: Float32ArraySlice, n: u32, mean1: Float64ArraySlice, lda: Float64ArraySlice, mean2: Float64ArraySlice, mu: Float64ArraySlice, eigenvectors: Float64ArraySlice, mut out: Float64ArraySlice) -> Result<i64> {
    let (m1, l, m2, m, e) = (detach(&mean1, &out), detach(&lda, &out), detach(&mean2, &out), detach(&mu, &out), detach(&eigenvectors, &out));
    let o = unsafe { out.as_mut() };
    xvec_result(dia_kernels::plda_transform(current(), &x, dim(n), m1.as_deref().unwrap_or(&mean1), l.as_deref().unwrap_or(&lda), m2.as_deref().unwrap_or(&mean2), m.as_deref().unwrap_or(&mu), e.as_deref().unwrap_or(&eigenvectors), o))
}

/// `plda_transform_f32` for float64 rows.
#[napi]
#[allow(clippy::too_many_arguments)]
pub fn plda_transform_f64(x: Float64ArraySlice, n: u32, mean1: Float64ArraySlice, lda: Float64ArraySlice, mean2: Float64ArraySlice, mu: Float64ArraySlice, eigenvectors: Float64ArraySlice, mut out: Float64ArraySlice) -> Result<i64> {
    let (xc, m1, l, m2) = (detach(&x, &out), detach(&mean1, &out), detach(&lda, &out), detach(&mean2, &out));
    let (m, e) = (detach(&mu, &out), detach(&eigenvectors, &out));
    let o = unsafe { out.as_mut() };
    xvec_result(dia_kernels::plda_transform(current(), xc.as_deref().unwrap_or(&x), dim(n), m1.as_deref().unwrap_or(&mean1), l.as_deref().unwrap_or(&lda), m2.as_deref().unwrap_or(&mean2), m.as_deref().unwrap_or(&mu), e.as_deref().unwrap_or(&eigenvectors), o))
}

/// pyannote `plda_tf`: (x − mu)·E into `out`.
#[napi]
pub fn plda_project(x: Float64ArraySlice, n: u32, mu: Float64ArraySlice, eigenvectors: Float64ArraySlice, mut out: Float64ArraySlice) -> Result<()> {
    let (xc, m, e) = (detach(&x, &out), detach(&mu, &out), detach(&eigenvectors, &out));
    let o = unsafe { out.as_mut() };
    dia_kernels::plda_project(current(), xc.as_deref().unwrap_or(&x), dim(n), m.as_deref().unwrap_or(&mu), e.as_deref().unwrap_or(&eigenvectors), o).map_err(err)
}


/// The weights of pyannote's `PLDA.__call__` laid out for the products once
/// (`dia_kernels::PldaWeights`), for repeated transforms.
#[napi]
pub struct PldaWeights {
    inner: dia_kernels::PldaWeights,
}

#[napi]
impl PldaWeights {
    /// From mean1 (d_in), lda (d_in × d_out), mean2 and mu (d_out), the eigenvectors (d_out²).
    #[napi(constructor)]
    pub fn new(mean1: Float64ArraySlice, lda: Float64ArraySlice, mean2: Float64ArraySlice, mu: Float64ArraySlice, eigenvectors: Float64ArraySlice) -> Result<Self> {
        Ok(PldaWeights { inner: dia_kernels::PldaWeights::new(&mean1, &lda, &mean2, &mu, &eigenvectors).map_err(err)? })
    }

    /// `plda_transform_f32` with these weights.
    #[napi]
    pub fn transform_f32(&self, x: Float32ArraySlice, n: u32, mut out: Float64ArraySlice) -> Result<i64> {
        let xc = detach(&x, &out);
        let o = unsafe { out.as_mut() };
        xvec_result(self.inner.transform(current(), xc.as_deref().unwrap_or(&x), dim(n), o))
    }

    /// `plda_transform_f64` with these weights.
    #[napi]
    pub fn transform_f64(&self, x: Float64ArraySlice, n: u32, mut out: Float64ArraySlice) -> Result<i64> {
        let xc = detach(&x, &out);
        let o = unsafe { out.as_mut() };
        xvec_result(self.inner.transform(current(), xc.as_deref().unwrap_or(&x), dim(n), o))
    }
}
