//! Checks shared by the libtest suite and the `harness = false` binary (qemu lanes): every
//! available SIMD level against the scalar level, on random and adversarial inputs.
use dia_kernels::*;

mod log_mel;
mod quotients;
mod algorithms;

/// Deterministic xorshift generator.
pub struct Rng(u64);
impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1)
    }
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    }
    pub fn vec(&mut self, n: usize, scale: f64) -> Vec<f64> {
        (0..n).map(|_| self.next() * scale).collect()
    }
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

/// Runs every check; returns (passed, failed) and prints failures.
pub fn run_all() -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    let mut check = |name: String, ok: bool| {
        if ok {
            passed += 1;
        } else {
            failed += 1;
            println!("FAILED: {name}");
        }
    };
    let levels = Level::all_available();
    let mut rng = Rng::new(42);
    for level in &levels {
        let l = *level;
        let tag = l.name();
        // lengths around every lane width, plus adversarial values
        for len in 0..=67usize {
            let mut a = rng.vec(len, 1e3);
            let b = rng.vec(len, 1e-3);
            if len > 5 {
                a[3] = 1e300;
                a[4] = -1e300; // cancellation
                a[5] = 5e-324; // denormal
            }
            let s0 = neumaier_sum(Level::Scalar, &a).unwrap();
            let s1 = neumaier_sum(l, &a).unwrap();
            // compensated-sum error bound: 2ε|s| + 2nε²Σ|x| for each of the two orders
            let abs_sum: f64 = a.iter().map(|v| v.abs()).sum();
            let bound = 4.0 * f64::EPSILON * s0.abs() + 4.0 * (len as f64) * f64::EPSILON * f64::EPSILON * abs_sum;
            check(format!("{tag} neumaier_sum len {len}"), s0 == s1 || (s0 - s1).abs() <= bound);
            let d0 = dot_f64(Level::Scalar, &a[..len.min(a.len())], &b).unwrap();
            let d1 = dot_f64(l, &a, &b).unwrap();
            let mag: f64 = a.iter().zip(&b).map(|(x, y)| (x * y).abs()).sum();
            check(format!("{tag} dot_f64 len {len}"), (d0 - d1).abs() <= (len as f64) * f64::EPSILON * mag || (d0.is_nan() && d1.is_nan()));
            let mut y0 = b.clone();
            let mut y1 = b.clone();
            axpy(Level::Scalar, 0.75, &a, &mut y0).unwrap();
            axpy(l, 0.75, &a, &mut y1).unwrap();
            check(format!("{tag} axpy len {len}"), same(&y0, &y1));
        }
        // NaN / Inf propagation
        let nan = [1.0, f64::NAN, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        check(format!("{tag} neumaier NaN"), neumaier_sum(l, &nan).unwrap().is_nan());
        let inf = [1.0, f64::INFINITY, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        check(format!("{tag} neumaier Inf"), neumaier_sum(l, &inf).unwrap() == f64::INFINITY);
        // pdist: bit-identical to scalar (and to scipy's sequential loop)
        for (n, d) in [(0, 3), (1, 4), (2, 5), (9, 7), (17, 33), (40, 256)] {
            let x = rng.vec(n * d, 2.0);
            let mut o0 = vec![0.0; n * n.saturating_sub(1) / 2];
            let mut o1 = o0.clone();
            pdist_f64(Level::Scalar, &x, n, d, false, &mut o0).unwrap();
            pdist_f64(l, &x, n, d, false, &mut o1).unwrap();
            check(format!("{tag} pdist {n}x{d}"), same(&o0, &o1));
            let x32: Vec<f32> = x.iter().map(|v| *v as f32).collect();
            pdist_f32(l, &x32, n, d, true, &mut o1).unwrap();
            pdist_f32(Level::Scalar, &x32, n, d, true, &mut o0).unwrap();
            check(format!("{tag} pdist f32 {n}x{d}"), same(&o0, &o1));
        }
        // batched compensated products: bit-identical
        for (n, p, q) in [(1, 1, 1), (7, 3, 5), (33, 9, 17), (100, 41, 128)] {
            let mut a = rng.vec(n * p, 1.0);
            for v in a.iter_mut().step_by(3) {
                *v = 0.0;
            }
            let b = rng.vec(n * q, 10.0);
            let mut o0 = vec![0.0; p * q];
            let mut o1 = o0.clone();
            neumaier_matmul_tn(Level::Scalar, &a, &b, n, p, q, &mut o0).unwrap();
            neumaier_matmul_tn(l, &a, &b, n, p, q, &mut o1).unwrap();
            check(format!("{tag} matmul_tn {n}x{p}x{q}"), same(&o0, &o1));
            let bt = rng.vec(q * p, 10.0);
            let mut o0 = vec![0.0; n * q];
            let mut o1 = o0.clone();
            neumaier_matmul_nt(Level::Scalar, &a, &bt, n, q, p, &mut o0).unwrap();
            neumaier_matmul_nt(l, &a, &bt, n, q, p, &mut o1).unwrap();
            check(format!("{tag} matmul_nt {n}x{q}x{p}"), same(&o0, &o1));
        }
        // float32 products accumulated in f64: bit-identical
        for (m, n, k) in [(1, 1, 1), (5, 7, 9), (64, 80, 257)] {
            let a: Vec<f32> = rng.vec(m * k, 1e4).iter().map(|v| v.abs() as f32).collect();
            let b: Vec<f32> = rng.vec(n * k, 1.0).iter().map(|v| v.abs() as f32).collect();
            let mut o0 = vec![0.0f32; m * n];
            let mut o1 = o0.clone();
            matmul_transposed_f32(Level::Scalar, &a, &b, m, n, k, &mut o0).unwrap();
            matmul_transposed_f32(l, &a, &b, m, n, k, &mut o1).unwrap();
            check(format!("{tag} matmul_f32 {m}x{n}x{k}"), o0.iter().zip(&o1).all(|(x, y)| x.to_bits() == y.to_bits()));
            let bands: Vec<i32> = (0..n).flat_map(|j| [(j % k) as i32, (((j % k) + 3).min(k)) as i32]).collect();
            let mut o0 = vec![0.0f32; m * n];
            let mut o1 = o0.clone();
            matmul_banded_f32(Level::Scalar, &a, &b, &bands, m, n, k, &mut o0).unwrap();
            matmul_banded_f32(l, &a, &b, &bands, m, n, k, &mut o1).unwrap();
            check(format!("{tag} matmul_banded {m}x{n}x{k}"), o0.iter().zip(&o1).all(|(x, y)| x.to_bits() == y.to_bits()));
        }
        // bad lengths are errors, never out-of-bounds reads
        check(format!("{tag} dot length"), dot_f64(l, &[1.0, 2.0], &[1.0]).is_err());
        check(format!("{tag} pdist length"), pdist_f64(l, &[1.0; 5], 2, 3, false, &mut [0.0; 1]).is_err());
        check(format!("{tag} tn length"), neumaier_matmul_tn(l, &[1.0; 4], &[1.0; 4], 2, 2, 3, &mut [0.0; 6]).is_err());
        check(format!("{tag} banded band"), matmul_banded_f32(l, &[1.0; 4], &[1.0; 4], &[0, 5], 2, 1, 4, &mut [0.0; 2]).is_err());
        log_mel::run(l, &mut rng, &mut check);
        quotients::run(l, &mut rng, &mut check);
    }
    // an unavailable level is an error
    let missing = [Level::Neon, Level::Avx512, Level::Avx2, Level::Sse2].into_iter().find(|l| !l.available());
    if let Some(m) = missing {
        check(format!("unavailable {} is an error", m.name()), neumaier_sum(m, &[1.0]).is_err());
    }
    algorithms::run_all(&mut check);
    (passed, failed)
}
