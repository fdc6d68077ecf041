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
/// `noise[f·W ..]` when given); `out` gets count × B values, `energies` (when given) the floored log
/// energy of each frame. Same bits as the TypeScript kernel on every level.
#[allow(clippy::too_many_arguments)]
pub fn log_mel_frames(level: Level, samples: &[f32], first: usize, count: usize, cfg: &LogMelConfig, t: &LogMelTables, noise: Option<&[f64]>, out: &mut [f64], energies: Option<&mut [f64]>) -> Result<(), ShapeError> {
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
    expect_len("out", out.len(), checked_mul(count, b, "out")?)?;
    if let Some(n) = noise {
        expect_len("noise", n.len(), checked_mul(count, w, "noise")?)?;
    }
    if let Some(e) = energies.as_deref() {
        expect_len("energies", e.len(), count)?;
    }
    let cfg = *cfg;
    let t = *t;
    dispatch!(level, lm, (samples: &[f32], first: usize, count: usize, cfg: LogMelConfig, t: LogMelTables, noise: Option<&[f64]>, out: &mut [f64], energies: Option<&mut [f64]>) -> (), frames::<L>(samples, first, count, &cfg, &t, noise, out, energies));
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
fn frames<const L: usize>(samples: &[f32], first: usize, count: usize, cfg: &LogMelConfig, t: &LogMelTables, noise: Option<&[f64]>, out: &mut [f64], mut energies: Option<&mut [f64]>) {
    let (w, p, b) = (cfg.window_size, cfg.fft_size, cfg.num_bins);
    let h = p / 2;
    let nfft = h + 1;
    let c = cfg.preemphasis;
    let mut frame = vec![[0.0f64; L]; p]; // the zero padding past W stays zero
    let mut zr = vec![[0.0f64; L]; h];
    let mut zi = vec![[0.0f64; L]; h];
    let mut spec = vec![[0.0f64; L]; nfft];
    let ranges = mel_ranges(t.bands, nfft);
    let mut f0 = 0;
    while f0 < count {
        let lanes = L.min(count - f0);
        // a partial last group repeats its last frame in the spare lanes (their results are dropped)
        let mut src = [&samples[..0]; L];
        for (l, s) in src.iter_mut().enumerate() {
            *s = &samples[first + (f0 + l.min(lanes - 1)) * cfg.shift..][..w];
        }
        // x = sample·scale, four samples of every lane at a time (a transpose the compiler vectorises)
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
            let mut quads = frame[..w].chunks_exact(4);
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
        // y = x − mean, z[j] = y[j] − c·y[j−1] (y[−1] = y[0]), v = z·window (in place), and the
        // energy of y (raw) or v, summed in j order; then the FFT's bit-reversed even/odd packing
        let want_energy = energies.is_some();
        let mut energy = match (c != 0.0, want_energy, cfg.raw_energy) {
            (true, true, true) => condition::<L, true, 1>(&mut frame[..w], &mean, c, t.window),
            (true, true, false) => condition::<L, true, 2>(&mut frame[..w], &mean, c, t.window),
            (true, false, _) => condition::<L, true, 0>(&mut frame[..w], &mean, c, t.window),
            (false, true, true) => condition::<L, false, 1>(&mut frame[..w], &mean, c, t.window),
            (false, true, false) => condition::<L, false, 2>(&mut frame[..w], &mean, c, t.window),
            (false, false, _) => condition::<L, false, 0>(&mut frame[..w], &mean, c, t.window),
        };
        for (i, &r) in t.bitrev.iter().enumerate() {
            zr[r as usize] = frame[2 * i];
            zi[r as usize] = frame[2 * i + 1];
        }
        let total = fft::<L>(p, t, &mut zr, &mut zi, &mut spec);
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
        for (g, r) in ranges.iter().enumerate() {
            let m0 = g * MEL_GROUP;
            let mut acc = [[0.0f64; L]; MEL_GROUP];
            // every filter of the group sums over a common-length range holding its non-zero band;
            // the extra terms are exact zeros (+0 added to a sum ≥ +0 changes nothing)
            let rows: [&[f64]; MEL_GROUP] = std::array::from_fn(|q| &t.bank[r.row[q] * nfft + r.start[q]..][..r.len]);
            let specs: [&[[f64; L]]; MEL_GROUP] = std::array::from_fn(|q| &spec[r.start[q]..][..r.len]);
            for i in 0..r.len {
                for q in 0..MEL_GROUP {
                    let wk = rows[q][i];
                    for l in 0..L {
                        acc[q][l] += specs[q][i][l] * wk;
                    }
                }
            }
            for (q, acc) in acc.iter_mut().enumerate() {
                let m = m0 + q;
                if m >= b {
                    break;
                }
                for l in 0..L {
                    if !finite[l] {
                        // a non-finite value propagates through the filter's zeros as in a dense product
                        let row = &t.bank[m * nfft..(m + 1) * nfft];
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
                for l in 0..lanes {
                    out[(f0 + l) * b + m] = acc[l];
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

/// DC removal, preemphasis (PRE) and window of W lane samples in place; returns Σy² (ENERGY = 1,
/// before preemphasis), Σv² (ENERGY = 2, after the window) or zeros (ENERGY = 0).
#[inline(always)]
fn condition<const L: usize, const PRE: bool, const ENERGY: u8>(frame: &mut [[f64; L]], mean: &[f64; L], c: f64, window: &[f64]) -> [f64; L] {
    let mut energy = [0.0f64; L];
    let mut prev = [0.0f64; L];
    for l in 0..L {
        prev[l] = frame[0][l] - mean[l];
    }
    for (x, &wj) in frame.iter_mut().zip(window) {
        for l in 0..L {
            let y = x[l] - mean[l];
            let z = if PRE { y - c * prev[l] } else { y };
            prev[l] = y;
            let v = z * wj;
            if ENERGY == 1 {
                energy[l] += y * y;
            } else if ENERGY == 2 {
                energy[l] += v * v;
            }
            x[l] = v;
        }
    }
    energy
}

/// A group of MEL_GROUP filters: each sums `len` columns from its `start` (a range holding its band).
struct MelRange {
    /// Bank row of each slot (a spare slot past the last filter repeats it; its sums are dropped).
    row: [usize; MEL_GROUP],
    start: [usize; MEL_GROUP],
    len: usize,
}

fn mel_ranges(bands: &[i32], nfft: usize) -> Vec<MelRange> {
    let b = bands.len() / 2;
    (0..b.div_ceil(MEL_GROUP))
        .map(|g| {
            let ms: Vec<usize> = (g * MEL_GROUP..((g + 1) * MEL_GROUP).min(b)).collect();
            let len = ms.iter().map(|&m| (bands[2 * m + 1] - bands[2 * m]) as usize).max().unwrap_or(0);
            let row: [usize; MEL_GROUP] = std::array::from_fn(|q| ms[q.min(ms.len() - 1)]);
            let start = row.map(|m| (bands[2 * m] as usize).min(nfft - len));
            MelRange { row, start, len }
        })
        .collect()
}

/// Real FFT of the lane frames, already packed (even samples in `zr`, odd in `zi`, bit-reversed):
/// spec[k] = re² + im² for k ≤ P/2 (@dia/ops `RealFft`: radix-2 butterflies on the complex sequence
/// of P/2, then the split); returns Σ_k spec[k] per lane (non-finite iff some value is).
/// Pairs of radix-2 stages run fused (each group of four values goes through both stages while in
/// registers): the same operations on the same values as stage after stage, so the same bits.
#[inline(always)]
fn fft<const L: usize>(p: usize, t: &LogMelTables, zr: &mut [[f64; L]], zi: &mut [[f64; L]], spec: &mut [[f64; L]]) -> [f64; L] {
    let h = p / 2;
    assert!(zr.len() >= h && zi.len() >= h && spec.len() > h && t.cos.len() >= p && t.sin.len() >= p);
    let (zr, zi) = (zr.as_mut_ptr(), zi.as_mut_ptr());
    let (cos, sin) = (t.cos.as_ptr(), t.sin.as_ptr());
    // SAFETY (every pointer access below): indices stay below h (butterfly partners a + half < h
    // because blocks of 2·half (or 4·half) tile [0, h)) and twiddle indices below p, and the
    // lengths were asserted above.
    let mut len = 2;
    if h.trailing_zeros() % 2 == 1 {
        // an odd number of stages: one plain radix-2 stage first
        let half = len / 2;
        let stride = p / len;
        for j in 0..half {
            let w = unsafe { (*cos.add(j * stride), *sin.add(j * stride)) };
            let mut a = j;
            while a < h {
                unsafe { butterfly(&mut *zr.add(a), &mut *zi.add(a), &mut *zr.add(a + half), &mut *zi.add(a + half), w) };
                a += len;
            }
        }
        len <<= 1;
    }
    while len * 2 <= h {
        // stages len and 2·len: values e, e + len/2, e + len, e + 3len/2 of each 2·len block
        let half = len / 2;
        let (stride1, stride2) = (p / len, p / (2 * len));
        for j in 0..half {
            let (w1, w2, w3) = unsafe { ((*cos.add(j * stride1), *sin.add(j * stride1)), (*cos.add(j * stride2), *sin.add(j * stride2)), (*cos.add((j + half) * stride2), *sin.add((j + half) * stride2))) };
            let mut e = j;
            while e < h {
                unsafe {
                    let (mut r0, mut i0, mut r1, mut i1) = (*zr.add(e), *zi.add(e), *zr.add(e + half), *zi.add(e + half));
                    let (mut r2, mut i2, mut r3, mut i3) = (*zr.add(e + len), *zi.add(e + len), *zr.add(e + len + half), *zi.add(e + len + half));
                    butterfly(&mut r0, &mut i0, &mut r1, &mut i1, w1);
                    butterfly(&mut r2, &mut i2, &mut r3, &mut i3, w1);
                    butterfly(&mut r0, &mut i0, &mut r2, &mut i2, w2);
                    butterfly(&mut r1, &mut i1, &mut r3, &mut i3, w3);
                    (*zr.add(e), *zi.add(e), *zr.add(e + half), *zi.add(e + half)) = (r0, i0, r1, i1);
                    (*zr.add(e + len), *zi.add(e + len), *zr.add(e + len + half), *zi.add(e + len + half)) = (r2, i2, r3, i3);
                }
                e += 2 * len;
            }
        }
        len <<= 2;
    }
    // split: X[k] = E[k] + e^{−2πik/P}·O[k], with E, O from Z[k] and conj(Z[h−k])
    let mut total = [0.0f64; L];
    for k in 0..=h {
        let k1 = if k == h { 0 } else { k };
        let k2 = if k == 0 { 0 } else { h - k };
        let (wr, wi) = unsafe { (*cos.add(k), *sin.add(k)) };
        let (a_r, a_i, b_r, b_i) = unsafe { (*zr.add(k1), *zi.add(k1), *zr.add(k2), *zi.add(k2)) };
        let out = &mut spec[k];
        for l in 0..L {
            let (ar, ai) = (a_r[l], a_i[l]);
            let (br, bi) = (b_r[l], -b_i[l]);
            let er = 0.5 * (ar + br);
            let ei = 0.5 * (ai + bi);
            let or = 0.5 * (ai - bi);
            let oi = -0.5 * (ar - br);
            let re = er + (or * wr - oi * wi);
            let im = ei + (or * wi + oi * wr);
            out[l] = re * re + im * im;
            total[l] += out[l];
        }
    }
    total
}

/// One radix-2 butterfly on L lanes: t = b·w, then (a, b) ← (a + t, a − t).
#[inline(always)]
fn butterfly<const L: usize>(ar: &mut [f64; L], ai: &mut [f64; L], br: &mut [f64; L], bi: &mut [f64; L], (wr, wi): (f64, f64)) {
    for l in 0..L {
        let tr = br[l] * wr - bi[l] * wi;
        let ti = br[l] * wi + bi[l] * wr;
        br[l] = ar[l] - tr;
        bi[l] = ai[l] - ti;
        ar[l] += tr;
        ai[l] += ti;
    }
}
