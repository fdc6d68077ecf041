//! exp(x) of many values at vector speed, within about 1 ulp (measured against libm in the
//! tests): Cody–Waite reduction x = n·ln 2 + r, |r| ≤ ln2/2, a degree-13 Taylor polynomial in
//! Horner form (fused multiply-adds where the level has them), scaled by 2^n through the exponent
//! bits. The loop is branch-free so the compiler vectorises it at every SIMD level. Arguments whose
//! result would be subnormal or overflow (x < −708.39 or x > 709.43), and NaN, are recomputed by
//! the scalar libm `exp` afterwards.

use crate::{checked_level, expect_len, Level, ShapeError};

const LOG2E: f64 = std::f64::consts::LOG2_E;
/// ln 2 = LN2_HI + LN2_LO (LN2_HI the double nearest ln 2).
const LN2_HI: f64 = std::f64::consts::LN_2;
const LN2_LO: f64 = 2.319_046_813_846_299_6e-17;
/// fdlibm's ln 2 = LN2_HI_SHORT + LN2_LO_SHORT, the high part with 32 significant bits.
const LN2_HI_SHORT: f64 = 6.931_471_803_691_238_164_9e-1;
const LN2_LO_SHORT: f64 = 1.908_214_929_270_587_700_02e-10;
/// 1.5·2^52: adding and subtracting it rounds to the nearest integer (|y| < 2^51).
const ROUNDER: f64 = 6_755_399_441_055_744.0;
/// 1/k! for k = 13 down to 2.
const INV_FACT: [f64; 12] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];
/// Where the vector path's result is a normal double.
const LOW: f64 = -708.39;
const HIGH: f64 = 709.43; // n ≤ 1023

/// The vector path for one value already in [LOW, HIGH].
#[inline(always)]
fn exp_normal<const FMA: bool>(x: f64) -> f64 {
    let fma = |a: f64, b: f64, c: f64| if FMA { a.mul_add(b, c) } else { a * b + c };
    let shifted = x * LOG2E + ROUNDER;
    let n = shifted - ROUNDER;
    // with FMA, x − n·ln2 is formed with one rounding per part; without, fdlibm's split of ln 2
    // (32 significant bits in the high part) makes n·hi and x − n·hi exact
    let r = if FMA { fma(-n, LN2_LO, fma(-n, LN2_HI, x)) } else { (x - n * LN2_HI_SHORT) - n * LN2_LO_SHORT };
    let mut p = INV_FACT[0];
    for &c in &INV_FACT[1..] {
        p = fma(p, r, c);
    }
    p = fma(p, r, 1.0);
    p = fma(p, r, 1.0);
    // the low bits of `shifted` hold n (two's complement): 2^n = exponent field n + 1023
    let k = (shifted.to_bits() as i64).wrapping_sub(ROUNDER.to_bits() as i64);
    p * f64::from_bits((k.wrapping_add(1023) as u64) << 52)
}

/// `out[i] = exp(x[i])` for every i (`out` at least as long as `x`), inside a level's function.
#[inline(always)]
pub(crate) fn exp_into<const FMA: bool>(x: &[f64], out: &mut [f64]) {
    let out = &mut out[..x.len()];
    let mut outside = false;
    for (o, &v) in out.iter_mut().zip(x) {
        outside |= !(v >= LOW && v <= HIGH);
        *o = exp_normal::<FMA>(v.clamp(LOW, HIGH));
    }
    if outside {
        // rare: subnormal or infinite results, NaN
        for (o, &v) in out.iter_mut().zip(x) {
            if !(v >= LOW && v <= HIGH) {
                *o = v.exp();
            }
        }
    }
}

/// `out[i] = exp(x[i])` at a SIMD level.
pub fn exp_slice(level: Level, x: &[f64], out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("out", out.len(), x.len())?;
    dispatch!(level, exp, (x: &[f64], out: &mut [f64]) -> (), if crate::compensated::has_fma::<L>() { exp_into::<true>(x, out) } else { exp_into::<false>(x, out) });
    Ok(())
}
