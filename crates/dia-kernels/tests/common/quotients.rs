//! `scaled_quotients` (the PLDA's row normalisation): every level's quotients are IEEE division's,
//! bit for bit.
use super::Rng;
use dia_kernels::{scaled_quotients, Level};

fn bits(rng: &mut Rng) -> u64 {
    (rng.next() + 0.5).to_bits() ^ ((rng.next() + 0.5).to_bits() << 11)
}

/// Rows whose quotients lie within t·2⁻¹⁰⁷ (relative, odd t < 1000) of a midpoint between two
/// doubles, the hardest to round: for odd B, M = t·B⁻¹ mod 2⁵⁴ (odd, 54 bits) and
/// V = ⌊M·B / 2⁵⁴⌋, so V/B = M/2⁵⁴ − t/(2⁵⁴·B).
fn near_midpoints(rng: &mut Rng, count: usize) -> Vec<(Vec<f64>, f64)> {
    const MASK: u64 = (1 << 54) - 1;
    let mut rows = Vec::new();
    while rows.len() < count {
        let b_int = (bits(rng) >> 11) | (1 << 52) | 1;
        let mut inv = b_int; // Newton's iteration for B⁻¹ mod 2⁶⁴ (each step doubles the bits)
        for _ in 0..6 {
            inv = inv.wrapping_mul(2u64.wrapping_sub(b_int.wrapping_mul(inv)));
        }
        let scale = f64::from_bits(((1023 - 50 + (bits(rng) % 100) as i64) as u64) << 52);
        let row: Vec<f64> = (1..1000u64)
            .step_by(2)
            .filter_map(|t| {
                let m = t.wrapping_mul(inv) & MASK;
                let v_int = ((m as u128 * b_int as u128) >> 54) as u64;
                (m >> 53 == 1 && v_int >> 52 == 1).then(|| v_int as f64 * scale * if t % 4 == 1 { 1.0 } else { -1.0 })
            })
            .collect();
        if !row.is_empty() {
            rows.push((row, b_int as f64 * scale));
        }
    }
    rows
}

/// Random significands over the admitted range, with the significands next to powers of two
/// (where v·RN(1/b) is furthest off), zeros of both signs, and rows outside the admitted range.
fn random_rows(rng: &mut Rng, count: usize) -> Vec<(Vec<f64>, f64)> {
    let mut rows = Vec::new();
    for r in 0..count {
        let b_exp = (bits(rng) % 200) as i64 - 100;
        let b_sig = match r % 4 {
            0 => bits(rng) >> 12,
            1 => (1u64 << 52) - 1 - bits(rng) % 64,
            2 => bits(rng) % 64,
            _ => (1u64 << 52) - 1 - (bits(rng) >> 40),
        };
        let b = f64::from_bits((((1023 + b_exp) as u64) << 52) | b_sig);
        let row = (0..67)
            .map(|c| {
                let x = bits(rng);
                let sig = match (x >> 60) % 4 {
                    0 => x >> 12,
                    1 => (1u64 << 52) - 1 - x % 256,
                    2 => x % 256,
                    _ => b_sig ^ (x % 8),
                } & ((1u64 << 52) - 1);
                let exp = (b_exp - ((x >> 52) & 0x3f) as i64).max(-390);
                let v = f64::from_bits((((1023 + exp) as u64) << 52) | sig);
                match c % 11 {
                    0 => 0.0,
                    1 => -0.0,
                    _ if x & 1 == 1 => -v,
                    _ => v,
                }
            })
            .collect();
        rows.push((row, b));
    }
    rows.push((vec![1e-300, -2e-310, 0.5, -0.0], 1.0));
    rows.push((vec![1.0, -3.0, 1e300], 1e-200));
    rows.push((vec![0.0, -0.0, 1.0], 0.0));
    rows.push((vec![1.0, f64::INFINITY, f64::NAN], 3.0));
    rows
}

pub fn run(level: Level, rng: &mut Rng, check: &mut dyn FnMut(String, bool)) {
    let tag = level.name();
    for (what, rows) in [("random", random_rows(rng, 600)), ("near a midpoint", near_midpoints(rng, 60))] {
        let mut wrong = Vec::new();
        for (row, b) in &rows {
            for scale in [1.0, 16.0] {
                let mut got = row.clone();
                scaled_quotients(level, &mut got, *b, scale).unwrap();
                for (&g, &v) in got.iter().zip(row) {
                    let want = scale * (v / b);
                    if g.to_bits() != want.to_bits() && !(g.is_nan() && want.is_nan()) {
                        wrong.push(format!("{v:e} / {b:e} gave {g:e}, division {want:e}"));
                    }
                }
            }
        }
        let values: usize = rows.iter().map(|(r, _)| 2 * r.len()).sum();
        check(format!("{tag} scaled_quotients {what} ({values} values) equal division{}", wrong.first().map(|w| format!(": {w}")).unwrap_or_default()), wrong.is_empty());
    }
}
