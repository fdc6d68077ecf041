//! Framed log-mel filterbank energies in f64 (@dia/ops `logMelFrames`, the stages of torchaudio
//! `compliance.kaldi.fbank` on float64 input): framing, DC removal, energy, preemphasis, window,
//! zero-padded real FFT (radix-2 complex FFT of half size + split, the tables of @dia/ops
//! `RealFft`), power or magnitude, banded mel projection, floored natural log.
//!
//! `L` frames run side by side, one per SIMD lane: every lane performs exactly the operation
//! sequence of the TypeScript kernel (packages/ops/src/log-mel.ts) for its frame, with one rounding
//! per operation and no fused multiply-add, so every level gives the same bits as TypeScript.

use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// torch.finfo(torch.float).eps = 2⁻²³: the floor under every logarithm.
pub const LOG_FLOOR: f64 = 1.0 / 8_388_608.0;

/// The scalar settings of a log-mel computation.
#[derive(Clone, Copy, Debug)]
pub struct LogMelConfig {
    /// Samples per frame (W).
    pub window_size: usize,
    /// Every sample is multiplied by this first.
    pub input_scale: f64,
    /// Samples between the starts of consecutive frames.
    pub shift: usize,
    /// FFT size (a power of two ≥ W): frames are zero-padded to it.
    pub fft_size: usize,
    /// Mel filters (B).
    pub num_bins: usize,
    pub remove_dc_offset: bool,
    /// y[j] −= c·y[j−1] (y[−1] = y[0]); 0 disables it.
    pub preemphasis: f64,
    /// |X|² (true) or |X|.
    pub power: bool,
    /// ln(max(e, 2⁻²³)) (true) or the energies themselves.
    pub log: bool,
    /// Frame energy before preemphasis and window (true) or after the window.
    pub raw_energy: bool,
}

/// The fixed tables: window (W), mel bank (B × (P/2+1), row-major), each filter's non-zero column
/// range, and the FFT twiddles e^{−2πik/P} (k < P) and bit-reversal permutation of P/2.
#[derive(Clone, Copy, Debug)]
pub struct LogMelTables<'a> {
    pub window: &'a [f64],
    pub bank: &'a [f64],
    pub bands: &'a [i32],
    pub cos: &'a [f64],
    pub sin: &'a [f64],
    pub bitrev: &'a [u32],
}

/// Log-mel energies of `count` frames, frame f read from `samples[first + f·shift ..]` (plus
/// `noise[f·W ..]` when given), rounded once to f32 into `out[f·stride + offset + m]` (count rows of
/// `stride` values; other columns untouched); `energies` (when given) gets the floored log energy
/// of each frame. Same bits as the TypeScript kernel on every level.
#[allow(clippy::too_many_arguments)]
pub fn log_mel_frames(level: Level, samples: &[f32], first: usize, count: usize, cfg: &LogMelConfig, t: &LogMelTables, noise: Option<&[f64]>, out: &mut [f32], stride: usize, offset: usize, energies: Option<&mut [f64]>) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    let (w, p, b) = (cfg.window_size, cfg.fft_size, cfg.num_bins);
    if w == 0 || cfg.shift == 0 || b == 0 {
        return Err(ShapeError(format!("window size {w}, shift {} and bins {b} must be ≥ 1", cfg.shift)));
    }
    if p < 2 || !p.is_power_of_two() || p < w {
        return Err(ShapeError(format!("FFT size {p} must be a power of two ≥ 2 and ≥ the window size {w}")));
    }
    let nfft = p / 2 + 1;
    if count > 0 {
        let need = checked_mul(count - 1, cfg.shift, "frames")?.checked_add(first + w).ok_or_else(|| ShapeError("frame range overflows".to_string()))?;
        if samples.len() < need {
            return Err(ShapeError(format!("{count} frames from sample {first} need {need} samples, got {}", samples.len())));
        }
    }
    expect_len("window", t.window.len(), w)?;
    expect_len("bank", t.bank.len(), checked_mul(b, nfft, "bank")?)?;
    expect_len("bands", t.bands.len(), 2 * b)?;
    for m in 0..b {
        let (lo, hi) = (t.bands[2 * m], t.bands[2 * m + 1]);
        if lo < 0 || lo > hi || hi as usize > nfft {
            return Err(ShapeError(format!("band {m} [{lo}, {hi}) is outside 0..{nfft}")));
        }
    }
    expect_len("cos", t.cos.len(), p)?;
    expect_len("sin", t.sin.len(), p)?;
    expect_len("bitrev", t.bitrev.len(), p / 2)?;
    if t.bitrev.iter().any(|&r| r as usize >= p / 2) {
        return Err(ShapeError("bitrev holds an index ≥ size/2".to_string()));
    }
    if offset.checked_add(b).map_or(true, |end| end > stride) {
        return Err(ShapeError(format!("columns {offset}..{offset}+{b} do not fit rows of {stride}")));
    }
    expect_len("out", out.len(), checked_mul(count, stride, "out")?)?;
    if let Some(n) = noise {
        expect_len("noise", n.len(), checked_mul(count, w, "noise")?)?;
    }
    if let Some(e) = energies.as_deref() {
        expect_len("energies", e.len(), count)?;
    }
    let cfg = *cfg;
    let t = *t;
    let layout = (stride, offset);
    // AVX-512 CPUs run the AVX2 instantiation (four frames per register): eight f64 lanes double
    // the FFT's working set beyond L1, and it measured slower (README of @dia/fbank)
    let level = if level == Level::Avx512 && Level::Avx2.available() { Level::Avx2 } else { level };
    dispatch!(level, lm, (samples: &[f32], first: usize, count: usize, cfg: LogMelConfig, t: LogMelTables, noise: Option<&[f64]>, out: &mut [f32], layout: (usize, usize), energies: Option<&mut [f64]>) -> (), frames::<L>(samples, first, count, &cfg, &t, noise, out, layout, energies));
    Ok(())
}

const LN2_HI: f64 = 6.93147180369123816490e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/// ln(x) with the operation sequence of @dia/ops `lnInPlace` (fdlibm reduction and polynomial,
/// branch-free for normal x; < 1 ulp).
#[inline(always)]
fn ln_normal(x: f64) -> f64 {
    // move the mantissa into [√2/2, √2): offset the high word so that the exponent carries at √2
    // (64-bit integer steps only, so that the lanes vectorise)
    let bits = x.to_bits().wrapping_add((0x3ff0_0000u64 - 0x3fe6_a09e) << 32);
    // k = (bits >> 52) − 1023, exactly, through the 2^52 + n trick
    let k = f64::from_bits(0x4330_0000_0000_0000 | (bits >> 52)) - (4_503_599_627_370_496.0 + 1023.0);
    let f = f64::from_bits((bits & 0x000f_ffff_ffff_ffff) + (0x3fe6_a09e_u64 << 32)) - 1.0;
    let hfsq = 0.5 * f * f;
    let s = f / (2.0 + f);
    let z = s * s;
    let w = z * z;
    let t1 = w * (LG2 + w * (LG4 + w * LG6));
    let t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
    let r = t2 + t1;
    s * (hfsq + r) + k * LN2_LO - hfsq + f + k * LN2_HI
}

/// ln(x) for any x: the same bits as @dia/ops `ln`.
pub fn ln(x: f64) -> f64 {
    if x >= f64::MIN_POSITIVE && x < f64::INFINITY {
        ln_normal(x)
    } else if x > 0.0 && x < f64::MIN_POSITIVE {
        ln_normal(x * 18_014_398_509_481_984.0) - 54.0 * LN2_HI - 54.0 * LN2_LO
    } else if x == 0.0 {
        f64::NEG_INFINITY
    } else if x == f64::INFINITY {
        x
    } else {
        f64::NAN
    }
}

/// x ← ln(max(x, 2⁻²³)) over the lanes, NaN passing through: the floored values are normal or
/// +Infinity or NaN, so the branch-free polynomial serves every lane but those two, which are kept.
#[inline(always)]
fn ln_floored<const L: usize>(x: &mut [f64; L]) {
    for v in x.iter_mut() {
        let f = if *v < LOG_FLOOR { LOG_FLOOR } else { *v };
        let r = ln_normal(f);
        *v = if f < f64::INFINITY { r } else { f };
    }
}

/// Filters processed side by side in the mel product (independent sums hide the add latency).
const MEL_GROUP: usize = 4;

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn frames<const L: usize>(samples: &[f32], first: usize, count: usize, cfg: &LogMelConfig, t: &LogMelTables, noise: Option<&[f64]>, out: &mut [f32], (stride, offset): (usize, usize), mut energies: Option<&mut [f64]>) {
    let (w, p, b) = (cfg.window_size, cfg.fft_size, cfg.num_bins);
    let h = p / 2;
    let nfft = h + 1;
    let c = cfg.preemphasis;
    // one buffer holds the frames' samples, later their spectra (less memory traffic)
    let mut buf = vec![[0.0f64; L]; w.max(nfft)];
    let mut zr = vec![[0.0f64; L]; h];
    let mut zi = vec![[0.0f64; L]; h];
    let mel = MelWeights::new(t.bank, t.bands, nfft);
    let mut f0 = 0;
    while f0 < count {
        let lanes = L.min(count - f0);
        let frame = &mut buf[..w];
        // a partial last group repeats its last frame in the spare lanes (their results are dropped)
        let mut src = [&samples[..0]; L];
        for (l, s) in src.iter_mut().enumerate() {
            *s = &samples[first + (f0 + l.min(lanes - 1)) * cfg.shift..][..w];
        }
        // x = sample·scale, four samples of every lane at a time
        let mut j = 0;
        while j + 4 <= w {
            for q in 0..4 {
                for l in 0..L {
                    frame[j + q][l] = src[l][j + q] as f64 * cfg.input_scale;
                }
            }
            j += 4;
        }
        for j in j..w {
            for l in 0..L {
                frame[j][l] = src[l][j] as f64 * cfg.input_scale;
            }
        }
        if let Some(n) = noise {
            for l in 0..L {
                let n = &n[(f0 + l.min(lanes - 1)) * w..][..w];
                for j in 0..w {
                    frame[j][l] += n[j];
                }
            }
        }
        // frame mean: four interleaved partial sums, (s0 + s1) + (s2 + s3), / W
        let mut mean = [0.0f64; L];
        if cfg.remove_dc_offset {
            let (mut s0, mut s1, mut s2, mut s3) = ([0.0f64; L], [0.0f64; L], [0.0f64; L], [0.0f64; L]);
            let mut quads = frame.chunks_exact(4);
            for x in &mut quads {
                for l in 0..L {
                    s0[l] += x[0][l];
                    s1[l] += x[1][l];
                    s2[l] += x[2][l];
                    s3[l] += x[3][l];
                }
            }
            for (q, x) in quads.remainder().iter().enumerate() {
                let s = match q {
                    0 => &mut s0,
                    1 => &mut s1,
                    _ => &mut s2,
                };
                for l in 0..L {
                    s[l] += x[l];
                }
            }
            for l in 0..L {
                mean[l] = ((s0[l] + s1[l]) + (s2[l] + s3[l])) / w as f64;
            }
        }
        // DC removal, preemphasis, window and energy, written in the FFT's packed order
        let want_energy = energies.is_some();
        let mut energy = match (c != 0.0, want_energy, cfg.raw_energy) {
            (true, true, true) => condition_pack::<L, true, 1>(frame, &mean, c, t, &mut zr, &mut zi),
            (true, true, false) => condition_pack::<L, true, 2>(frame, &mean, c, t, &mut zr, &mut zi),
            (true, false, _) => condition_pack::<L, true, 0>(frame, &mean, c, t, &mut zr, &mut zi),
            (false, true, true) => condition_pack::<L, false, 1>(frame, &mean, c, t, &mut zr, &mut zi),
            (false, true, false) => condition_pack::<L, false, 2>(frame, &mean, c, t, &mut zr, &mut zi),
            (false, false, _) => condition_pack::<L, false, 0>(frame, &mean, c, t, &mut zr, &mut zi),
        };
        let spec = &mut buf[..nfft];
        let total = fft::<L>(p, t, &mut zr, &mut zi, spec);
        // a non-finite spectrum value (NaN, +Infinity) makes its frame's sum non-finite
        let mut finite = [true; L];
        for l in 0..L {
            finite[l] = total[l] < f64::INFINITY;
        }
        if !cfg.power {
            for s in spec.iter_mut() {
                for l in 0..L {
                    s[l] = s[l].sqrt();
                }
            }
        }
        for (g, r) in mel.groups.iter().enumerate() {
            let m0 = g * MEL_GROUP;
            let mut acc = [[0.0f64; L]; MEL_GROUP];
            // every filter of the group sums over a common-length range holding its non-zero band;
            // the extra terms are exact zeros (+0 added to a sum ≥ +0 changes nothing)
            let weights = &mel.weights[r.weights..][..r.len * MEL_GROUP];
            let specs: [*const [f64; L]; MEL_GROUP] = std::array::from_fn(|q| spec[r.start[q]..][..r.len].as_ptr());
            for (i, wi) in weights.chunks_exact(MEL_GROUP).enumerate() {
                for q in 0..MEL_GROUP {
                    // SAFETY: i < r.len (weights holds r.len rows), the length of each sliced range
                    let x = unsafe { &*specs[q].add(i) };
                    for l in 0..L {
                        acc[q][l] += x[l] * wi[q];
                    }
                }
            }
            let filters = MEL_GROUP.min(b - m0);
            for (q, acc) in acc[..filters].iter_mut().enumerate() {
                for l in 0..L {
                    if !finite[l] {
                        // a non-finite value propagates through the filter's zeros as in a dense product
                        let row = &t.bank[(m0 + q) * nfft..(m0 + q + 1) * nfft];
                        let mut s = 0.0f64;
                        for k in 0..nfft {
                            s += spec[k][l] * row[k];
                        }
                        acc[l] = s;
                    }
                }
                if cfg.log {
                    ln_floored(acc);
                }
            }
            // the group's values of each frame are contiguous in its output row
            for l in 0..lanes {
                let row = &mut out[(f0 + l) * stride + offset + m0..][..filters];
                for (q, o) in row.iter_mut().enumerate() {
                    *o = acc[q][l] as f32;
                }
            }
        }
        if let Some(e) = energies.as_deref_mut() {
            ln_floored(&mut energy);
            e[f0..f0 + lanes].copy_from_slice(&energy[..lanes]);
        }
        f0 += L;
    }
}

/// y = x − mean, z[j] = y[j] − c·y[j−1] (y[−1] = y[0]; PRE), v = z·window, in j order, written into
/// the FFT's packed input (even j into `zr`, odd into `zi`, at the bit-reversed index; zeros past
/// W). Returns Σy² (ENERGY = 1, before preemphasis), Σv² (ENERGY = 2, after the window) or zeros.
#[inline(always)]
fn condition_pack<const L: usize, const PRE: bool, const ENERGY: u8>(frame: &[[f64; L]], mean: &[f64; L], c: f64, t: &LogMelTables, zr: &mut [[f64; L]], zi: &mut [[f64; L]]) -> [f64; L] {
    let w = frame.len();
    let mut energy = [0.0f64; L];
    let mut prev = [0.0f64; L];
    for l in 0..L {
        prev[l] = frame[0][l] - mean[l];
    }
    // one sample of every lane, j < W
    let mut step = |j: usize| -> [f64; L] {
        let (x, wj) = (&frame[j], t.window[j]);
        let mut v = [0.0f64; L];
        for l in 0..L {
            let y = x[l] - mean[l];
            let z = if PRE { y - c * prev[l] } else { y };
            prev[l] = y;
            v[l] = z * wj;
            if ENERGY == 1 {
                energy[l] += y * y;
            } else if ENERGY == 2 {
                energy[l] += v[l] * v[l];
            }
        }
        v
    };
    // pairs of samples inside the frame, an odd last sample, then the padding (zeros)
    let pairs = w / 2;
    for (i, &r) in t.bitrev[..pairs].iter().enumerate() {
        zr[r as usize] = step(2 * i);
        zi[r as usize] = step(2 * i + 1);
    }
    for (i, &r) in t.bitrev.iter().enumerate().skip(pairs) {
        zr[r as usize] = if 2 * i < w { step(2 * i) } else { [0.0; L] };
        zi[r as usize] = [0.0; L];
    }
    energy
}

/// The mel bank reduced to what the finite path reads: per group of MEL_GROUP filters a common
/// column-range length and each filter's start column, with the weights stored i-major
/// (weights[i·G + q] = bank[m0 + q][start[q] + i]) and contiguous.
struct MelWeights {
    groups: Vec<MelRange>,
    weights: Vec<f64>,
}

struct MelRange {
    start: [usize; MEL_GROUP],
    len: usize,
    /// Offset of the group's weights.
    weights: usize,
}

impl MelWeights {
    fn new(bank: &[f64], bands: &[i32], nfft: usize) -> MelWeights {
        let b = bands.len() / 2;
        let mut groups = Vec::with_capacity(b.div_ceil(MEL_GROUP));
        let mut weights = Vec::new();
        for m0 in (0..b).step_by(MEL_GROUP) {
            let ms: Vec<usize> = (m0..(m0 + MEL_GROUP).min(b)).collect();
            let len = ms.iter().map(|&m| (bands[2 * m + 1] - bands[2 * m]) as usize).max().unwrap_or(0);
            // a spare slot past the last filter repeats it; its sums are dropped
            let row: [usize; MEL_GROUP] = std::array::from_fn(|q| ms[q.min(ms.len() - 1)]);
            let start = row.map(|m| (bands[2 * m] as usize).min(nfft - len));
            let at = weights.len();
            for i in 0..len {
                for q in 0..MEL_GROUP {
                    weights.push(bank[row[q] * nfft + start[q] + i]);
                }
            }
            groups.push(MelRange { start, len, weights: at });
        }
        MelWeights { groups, weights }
    }
}

/// Real FFT of the lane frames, already packed (even samples in `zr`, odd in `zi`, at bit-reversed
/// indices): a complex DIT FFT of P/2 points (a radix-2 pass when log2(P/2) is odd, then radix-4
/// passes; twiddles from the `cos`/`sin` tables, multiplications by exactly 1 skipped), then the
/// real-input split; spec[k] = |X[k]|² for k ≤ P/2. Returns Σ_k spec[k] per lane (non-finite iff
/// some value is). @dia/ops `log-mel.ts` (`packedRealFft`) performs the same operations.
#[inline(always)]
fn fft<const L: usize>(p: usize, t: &LogMelTables, zr: &mut [[f64; L]], zi: &mut [[f64; L]], spec: &mut [[f64; L]]) -> [f64; L] {
    let h = p / 2;
    assert!(zr.len() >= h && zi.len() >= h && spec.len() > h && t.cos.len() >= p && t.sin.len() >= p);
    let (zr, zi) = (zr.as_mut_ptr(), zi.as_mut_ptr());
    let (cos, sin) = (t.cos.as_ptr(), t.sin.as_ptr());
    // SAFETY (every pointer access below): the four quarter offsets e + s·q (s < 4) of a block of
    // 4q values stay below h as blocks tile [0, h), pair offsets likewise, twiddle indices
    // m·p/n < p for m < n; the lengths were asserted above.
    let mut n = 1; // length of the sub-transforms done so far
    if h.trailing_zeros() % 2 == 1 {
        let mut a = 0;
        while a < h {
            unsafe {
                let (r0, i0, r1, i1) = (*zr.add(a), *zi.add(a), *zr.add(a + 1), *zi.add(a + 1));
                for l in 0..L {
                    (*zr.add(a))[l] = r0[l] + r1[l];
                    (*zi.add(a))[l] = i0[l] + i1[l];
                    (*zr.add(a + 1))[l] = r0[l] - r1[l];
                    (*zi.add(a + 1))[l] = i0[l] - i1[l];
                }
            }
            a += 2;
        }
        n = 2;
    }
    while n < h {
        // combine four transforms of n points into one of 4n: the quarters at e, e + n, e + 2n,
        // e + 3n hold the sub-transforms of the residues 0, 2, 1, 3 (bit-reversed order)
        let q = n;
        let stride = p / (4 * q); // table index of W_{4q}^m is m·stride
        for j in 0..q {
            let tw = |m: usize| unsafe { (*cos.add(m * stride), *sin.add(m * stride)) };
            let (w1, w2, w3) = (tw(j), tw(2 * j), tw(3 * j));
            let mut e = j;
            while e < h {
                unsafe {
                    let (mut br, mut bi) = (*zr.add(e + q), *zi.add(e + q));
                    let (mut cr, mut ci) = (*zr.add(e + 2 * q), *zi.add(e + 2 * q));
                    let (mut dr, mut di) = (*zr.add(e + 3 * q), *zi.add(e + 3 * q));
                    if j != 0 {
                        twiddle(&mut br, &mut bi, w2);
                        twiddle(&mut cr, &mut ci, w1);
                        twiddle(&mut dr, &mut di, w3);
                    }
                    let (ar, ai) = (&mut *zr.add(e), &mut *zi.add(e));
                    let mut o = [[0.0f64; L]; 6];
                    for l in 0..L {
                        let (t0r, t0i) = (ar[l] + br[l], ai[l] + bi[l]);
                        let (t1r, t1i) = (ar[l] - br[l], ai[l] - bi[l]);
                        let (t2r, t2i) = (cr[l] + dr[l], ci[l] + di[l]);
                        let (t3r, t3i) = (cr[l] - dr[l], ci[l] - di[l]);
                        ar[l] = t0r + t2r;
                        ai[l] = t0i + t2i;
                        // out1 = t1 − i·t3, out2 = t0 − t2, out3 = t1 + i·t3
                        o[0][l] = t1r + t3i;
                        o[1][l] = t1i - t3r;
                        o[2][l] = t0r - t2r;
                        o[3][l] = t0i - t2i;
                        o[4][l] = t1r - t3i;
                        o[5][l] = t1i + t3r;
                    }
                    *zr.add(e + q) = o[0];
                    *zi.add(e + q) = o[1];
                    *zr.add(e + 2 * q) = o[2];
                    *zi.add(e + 2 * q) = o[3];
                    *zr.add(e + 3 * q) = o[4];
                    *zi.add(e + 3 * q) = o[5];
                }
                e += 4 * q;
            }
        }
        n *= 4;
    }
    // split: X[k] = E[k] + W_P^k·O[k] with E, O from Z[k] and conj(Z[h−k]); the halves are
    // factored out exactly: 2X = (s + W·d'), |X|² = ¼·|2X|²
    let mut total = [0.0f64; L];
    for k in 0..=h {
        // Z[k] and Z[h−k], with Z[h] read as Z[0]
        let (k1, k2) = if k == 0 || k == h { (0, 0) } else { (k, h - k) };
        let (wr, wi) = unsafe { (*cos.add(k), *sin.add(k)) };
        let (a_r, a_i, b_r, b_i) = unsafe { (&*zr.add(k1), &*zi.add(k1), &*zr.add(k2), &*zi.add(k2)) };
        let out = &mut spec[k];
        for l in 0..L {
            let (sr, si) = (a_r[l] + b_r[l], a_i[l] - b_i[l]);
            let (dr, di) = (a_r[l] - b_r[l], a_i[l] + b_i[l]);
            let re2 = sr + (di * wr + dr * wi);
            let im2 = si + (di * wi - dr * wr);
            out[l] = 0.25 * (re2 * re2 + im2 * im2);
            total[l] += out[l];
        }
    }
    total
}

/// (xr, xi) ← (xr, xi)·(wr, wi) on L lanes.
#[inline(always)]
fn twiddle<const L: usize>(xr: &mut [f64; L], xi: &mut [f64; L], (wr, wi): (f64, f64)) {
    for l in 0..L {
        let r = xr[l] * wr - xi[l] * wi;
        xi[l] = xr[l] * wi + xi[l] * wr;
        xr[l] = r;
    }
}
