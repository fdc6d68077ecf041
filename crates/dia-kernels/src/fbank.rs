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

/// ln over the lanes: the polynomial on every lane, then the rare non-normal lanes fixed up.
#[inline(always)]
fn ln_lanes<const L: usize>(x: &mut [f64; L]) {
    let mut r = [0.0f64; L];
    let mut special = false;
    for l in 0..L {
        r[l] = ln_normal(x[l]);
        special |= !(x[l] >= f64::MIN_POSITIVE && x[l] < f64::INFINITY);
    }
    if special {
        for l in 0..L {
            if !(x[l] >= f64::MIN_POSITIVE && x[l] < f64::INFINITY) {
                r[l] = ln(x[l]);
            }
        }
    }
    *x = r;
}

/// Floor at 2⁻²³; NaN passes through (like torch.max).
#[inline(always)]
fn floor(v: f64) -> f64 {
    if v < LOG_FLOOR {
        LOG_FLOOR
    } else {
        v
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn frames<const L: usize>(samples: &[f32], first: usize, count: usize, cfg: &LogMelConfig, t: &LogMelTables, noise: Option<&[f64]>, out: &mut [f64], mut energies: Option<&mut [f64]>) {
    let (w, p, b) = (cfg.window_size, cfg.fft_size, cfg.num_bins);
    let h = p / 2;
    let nfft = h + 1;
    let c = cfg.preemphasis;
    let mut frame = vec![[0.0f64; L]; p]; // the zero padding beyond W stays zero
    let mut zr = vec![[0.0f64; L]; h];
    let mut zi = vec![[0.0f64; L]; h];
    let mut spec = vec![[0.0f64; L]; nfft];
    let mut f0 = 0;
    while f0 < count {
        let lanes = L.min(count - f0);
        // a partial last group repeats its last frame in the spare lanes (their results are dropped)
        let frame_of = |l: usize| f0 + l.min(lanes - 1);
        for l in 0..L {
            let src = &samples[first + frame_of(l) * cfg.shift..][..w];
            for j in 0..w {
                frame[j][l] = src[j] as f64 * cfg.input_scale;
            }
            if let Some(n) = noise {
                let n = &n[frame_of(l) * w..][..w];
                for j in 0..w {
                    frame[j][l] += n[j];
                }
            }
        }
        let frame = &mut frame[..];
        if cfg.remove_dc_offset {
            let mut sum = [0.0f64; L];
            for x in frame[..w].iter() {
                for l in 0..L {
                    sum[l] += x[l];
                }
            }
            let mut mean = [0.0f64; L];
            for l in 0..L {
                mean[l] = sum[l] / w as f64;
            }
            for x in frame[..w].iter_mut() {
                for l in 0..L {
                    x[l] -= mean[l];
                }
            }
        }
        let mut energy = [0.0f64; L];
        let want_energy = energies.is_some();
        if want_energy && cfg.raw_energy {
            for x in frame[..w].iter() {
                for l in 0..L {
                    energy[l] += x[l] * x[l];
                }
            }
        }
        if c != 0.0 {
            // right to left, so that each step sees the unmodified previous sample; y[−1] = y[0]
            for j in (1..w).rev() {
                let prev = frame[j - 1];
                for l in 0..L {
                    frame[j][l] -= c * prev[l];
                }
            }
            for l in 0..L {
                frame[0][l] -= c * frame[0][l];
            }
        }
        for (x, &wj) in frame[..w].iter_mut().zip(t.window) {
            for l in 0..L {
                x[l] *= wj;
            }
        }
        if want_energy && !cfg.raw_energy {
            for x in frame[..w].iter() {
                for l in 0..L {
                    energy[l] += x[l] * x[l];
                }
            }
        }
        fft::<L>(frame, p, t, &mut zr, &mut zi, &mut spec);
        let mut finite = [true; L];
        for s in spec.iter_mut() {
            for l in 0..L {
                let v = s[l];
                let v = if cfg.power { v } else { v.sqrt() };
                s[l] = v;
                finite[l] &= v < f64::INFINITY; // false for NaN and +Infinity
            }
        }
        for m in 0..b {
            let (lo, hi) = (t.bands[2 * m] as usize, t.bands[2 * m + 1] as usize);
            let row = &t.bank[m * nfft..(m + 1) * nfft];
            let mut acc = [0.0f64; L];
            for k in lo..hi {
                let wk = row[k];
                for l in 0..L {
                    acc[l] += spec[k][l] * wk;
                }
            }
            for l in 0..L {
                if !finite[l] {
                    // a non-finite value propagates through the filter's zeros as in a dense product
                    let mut s = 0.0f64;
                    for k in 0..nfft {
                        s += spec[k][l] * row[k];
                    }
                    acc[l] = s;
                }
                if cfg.log {
                    acc[l] = floor(acc[l]);
                }
            }
            if cfg.log {
                ln_lanes(&mut acc);
            }
            for l in 0..lanes {
                out[(f0 + l) * b + m] = acc[l];
            }
        }
        if let Some(e) = energies.as_deref_mut() {
            for l in 0..L {
                energy[l] = floor(energy[l]);
            }
            ln_lanes(&mut energy);
            e[f0..f0 + lanes].copy_from_slice(&energy[..lanes]);
        }
        f0 += L;
    }
}

/// Real FFT of the P-sample lane frames: spec[k] = re² + im² for k ≤ P/2 (@dia/ops `RealFft`:
/// even/odd samples packed into a bit-reversed complex sequence of P/2, radix-2 butterflies, split).
#[inline(always)]
fn fft<const L: usize>(frame: &[[f64; L]], p: usize, t: &LogMelTables, zr: &mut [[f64; L]], zi: &mut [[f64; L]], spec: &mut [[f64; L]]) {
    let h = p / 2;
    for i in 0..h {
        let r = t.bitrev[i] as usize;
        zr[r] = frame[2 * i];
        zi[r] = frame[2 * i + 1];
    }
    let mut len = 2;
    while len <= h {
        let half = len >> 1;
        let stride = p / len;
        for j in 0..half {
            let (wr, wi) = (t.cos[j * stride], t.sin[j * stride]);
            let mut a = j;
            while a < h {
                let bi = a + half;
                let (xr, xi) = (zr[bi], zi[bi]);
                let (yr, yi) = (zr[a], zi[a]);
                let (mut ar, mut ai, mut br, mut bim) = ([0.0f64; L], [0.0f64; L], [0.0f64; L], [0.0f64; L]);
                for l in 0..L {
                    let tr = xr[l] * wr - xi[l] * wi;
                    let ti = xr[l] * wi + xi[l] * wr;
                    br[l] = yr[l] - tr;
                    bim[l] = yi[l] - ti;
                    ar[l] = yr[l] + tr;
                    ai[l] = yi[l] + ti;
                }
                zr[bi] = br;
                zi[bi] = bim;
                zr[a] = ar;
                zi[a] = ai;
                a += len;
            }
        }
        len <<= 1;
    }
    // split: X[k] = E[k] + e^{−2πik/P}·O[k], with E, O from Z[k] and conj(Z[h−k])
    for k in 0..=h {
        let k1 = if k == h { 0 } else { k };
        let k2 = if k == 0 { 0 } else { h - k };
        let (wr, wi) = (t.cos[k], t.sin[k]);
        for l in 0..L {
            let (ar, ai) = (zr[k1][l], zi[k1][l]);
            let (br, bi) = (zr[k2][l], -zi[k2][l]);
            let er = 0.5 * (ar + br);
            let ei = 0.5 * (ai + bi);
            let or = 0.5 * (ai - bi);
            let oi = -0.5 * (ar - br);
            let re = er + (or * wr - oi * wi);
            let im = ei + (or * wi + oi * wr);
            spec[k][l] = re * re + im * im;
        }
    }
}
