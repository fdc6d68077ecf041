//! Times the compensated product alone: `cargo run --release --example product_timing -- m n k`.
use dia_kernels::{compensated_matmul_nt, Level};
use std::time::Instant;

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|s| s.parse().ok()).collect();
    let (m, n, k) = (*args.first().unwrap_or(&1501), *args.get(1).unwrap_or(&128), *args.get(2).unwrap_or(&256));
    let mut seed = 11u64;
    let mut rnd = || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    };
    let a: Vec<f64> = (0..m * k).map(|_| rnd()).collect();
    let b: Vec<f64> = (0..n * k).map(|_| rnd()).collect();
    let mut out = vec![0.0f64; m * n];
    for level in Level::all_available().into_iter().filter(|l| matches!(l, Level::Avx512 | Level::Avx2 | Level::Neon)) {
        let mut best = f64::INFINITY;
        for _ in 0..60 {
            let t = Instant::now();
            compensated_matmul_nt(level, &a, &b, m, n, k, &mut out).unwrap();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{:7} {m}×{n}×{k}: {:.3} ms, {:.2e} terms/s", level.name(), best * 1e3, (m * n * k) as f64 / best);
    }
}
