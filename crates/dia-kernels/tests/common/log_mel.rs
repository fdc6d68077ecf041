//! log_mel_frames on every available level against the scalar level, bit for bit (the scalar level
//! is in turn bit-identical to @dia/ops' TypeScript kernel, tested there), and `ln` within 1 ulp.
use super::Rng;
use dia_kernels::*;

fn tables(w: usize, p: usize, b: usize, rng: &mut Rng) -> (Vec<f64>, Vec<f64>, Vec<i32>, Vec<f64>, Vec<f64>, Vec<u32>) {
    let nfft = p / 2 + 1;
    let window: Vec<f64> = (0..w).map(|_| 0.5 + rng.next()).collect();
    // triangle-like filters of growing width, one all-zero filter, one single-column filter
    let mut bank = vec![0.0f64; b * nfft];
    let mut bands = vec![0i32; 2 * b];
    for m in 0..b {
        if m == 1 {
            continue;
        }
        let lo = m * (nfft - 1) / (b + 1);
        let hi = (lo + if m == 2 { 1 } else { 1 + m * nfft / (4 * b) }).min(nfft - 1);
        for k in lo..hi {
            bank[m * nfft + k] = (0.5 + rng.next()) as f32 as f64;
        }
        bands[2 * m] = lo as i32;
        bands[2 * m + 1] = hi as i32;
    }
    let cos: Vec<f64> = (0..p).map(|k| (2.0 * std::f64::consts::PI * k as f64 / p as f64).cos()).collect();
    let sin: Vec<f64> = (0..p).map(|k| -(2.0 * std::f64::consts::PI * k as f64 / p as f64).sin()).collect();
    let h = p / 2;
    let bits = h.trailing_zeros();
    let bitrev: Vec<u32> = (0..h as u32).map(|i| if bits == 0 { 0 } else { i.reverse_bits() >> (32 - bits) }).collect();
    (window, bank, bands, cos, sin, bitrev)
}

/// Runs the log-mel checks for `level`, reporting through `check`.
pub fn run(level: Level, rng: &mut Rng, check: &mut dyn FnMut(String, bool)) {
    let tag = level.name();
    for (w, shift, p, b) in [(400, 160, 512, 80), (200, 80, 256, 23), (5, 3, 8, 3), (2, 1, 2, 1), (1000, 441, 1024, 41)] {
        let (window, bank, bands, cos, sin, bitrev) = tables(w, p, b, rng);
        let t = LogMelTables { window: &window, bank: &bank, bands: &bands, cos: &cos, sin: &sin, bitrev: &bitrev };
        for (dc, pre, power, log, raw, scale) in [(true, 0.97, true, true, true, 32768.0), (false, 0.0, false, false, false, 1.0), (true, 0.5, true, true, false, 0.25)] {
            let cfg = LogMelConfig { window_size: w, input_scale: scale, shift, fft_size: p, num_bins: b, remove_dc_offset: dc, preemphasis: pre, power, log, raw_energy: raw };
            for count in [0usize, 1, 3, 8, 9, 17] {
                let n = if count > 0 { (count - 1) * shift + w + 7 } else { 3 };
                let mut x: Vec<f32> = (0..n).map(|_| (rng.next() * 2.0) as f32).collect();
                if count == 9 {
                    x[7 + 8 * shift] = f32::NAN;
                }
                if count == 8 {
                    x[7] = f32::INFINITY;
                }
                let noise: Vec<f64> = if count == 3 { rng.vec(count * w, 1e-3) } else { Vec::new() };
                let noise = if noise.is_empty() { None } else { Some(&noise[..]) };
                let stride = b + 2;
                let mut o0 = vec![-7.0f32; count * stride];
                let mut o1 = o0.clone();
                let (mut e0, mut e1) = (vec![0.0f64; count], vec![-1.0f64; count]);
                let r0 = log_mel_frames(Level::Scalar, &x, 7, count, &cfg, &t, noise, &mut o0, stride, 1, Some(&mut e0));
                let r1 = log_mel_frames(level, &x, 7, count, &cfg, &t, noise, &mut o1, stride, 1, Some(&mut e1));
                let same = o0.iter().zip(&o1).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()))
                    && e0.iter().zip(&e1).all(|(a, b)| a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()));
                check(format!("{tag} log_mel {w}/{p}/{b} dc {dc} pre {pre} power {power} log {log} count {count}"), r0.is_ok() && r1.is_ok() && same);
                if count > 0 {
                    check(format!("{tag} log_mel untouched columns"), o1[0] == -7.0 && o1[stride - 1] == -7.0);
                }
            }
        }
        // bad shapes are errors, never out-of-bounds reads
        let cfg = LogMelConfig { window_size: w, input_scale: 1.0, shift, fft_size: p, num_bins: b, remove_dc_offset: true, preemphasis: 0.97, power: true, log: true, raw_energy: true };
        let x = vec![0.0f32; w + shift - 1];
        check(format!("{tag} log_mel too few samples"), log_mel_frames(level, &x, 0, 2, &cfg, &t, None, &mut vec![0.0; 2 * b], b, 0, None).is_err());
        check(format!("{tag} log_mel out length"), log_mel_frames(level, &x, 0, 1, &cfg, &t, None, &mut vec![0.0; b + 1], b, 0, None).is_err());
        check(format!("{tag} log_mel columns"), log_mel_frames(level, &x, 0, 1, &cfg, &t, None, &mut vec![0.0; b], b, 1, None).is_err());
    }
    if level == Level::Scalar {
        // ln: within 1 ulp of the platform's ln over 2^-1074 .. 2^1023, exact specials
        let mut worst = 0u64;
        for i in 0..200_000 {
            let x = 2f64.powf(rng.next() * 2090.0 + (if i % 2 == 0 { -30.0 } else { 0.0 }));
            let (a, b) = (ln(x), x.ln());
            if x > 0.0 && x.is_finite() {
                worst = worst.max((a.to_bits() as i64 - b.to_bits() as i64).unsigned_abs());
            }
        }
        check(format!("ln within 1 ulp of f64::ln (worst {worst})"), worst <= 1);
        check("ln specials".to_string(), ln(0.0) == f64::NEG_INFINITY && ln(-1.0).is_nan() && ln(f64::NAN).is_nan() && ln(f64::INFINITY) == f64::INFINITY && ln(1.0) == 0.0);
    }
}
