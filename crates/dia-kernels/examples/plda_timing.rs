//! Times the native PLDA (x-vector transform + projection) and its two products alone on the
//! community-1 weights: `cargo run --release --example plda_timing -- <plda dir> [rows]`.
use dia_kernels::{compensated_matmul_nt, plda_project, plda_transform, xvec_transform, Level};
use std::time::Instant;

fn read_f64(path: &str) -> Vec<f64> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    bytes.chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect()
}

fn best_ms(reps: usize, mut f: impl FnMut()) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let t = Instant::now();
        f();
        best = best.min(t.elapsed().as_secs_f64() * 1e3);
    }
    best
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).map(String::as_str).unwrap_or("../../../shared/models/plda");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1501);
    let (mean1, lda, mean2, mu, e) = (read_f64(&format!("{dir}/mean1.bin")), read_f64(&format!("{dir}/lda.bin")), read_f64(&format!("{dir}/mean2.bin")), read_f64(&format!("{dir}/mu.bin")), read_f64(&format!("{dir}/eigenvectors_desc.bin")));
    let mut seed = 7u64;
    let x: Vec<f32> = (0..n * 256)
        .map(|_| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 11) as f64 / (1u64 << 53) as f64 - 0.5) as f32 * 3.0
        })
        .collect();
    let a: Vec<f64> = x.iter().map(|&v| v as f64).collect();
    let lda_t: Vec<f64> = (0..128 * 256).map(|q| lda[(q % 256) * 128 + q / 256]).collect();
    let e_t: Vec<f64> = (0..128 * 128).map(|q| e[(q % 128) * 128 + q / 128]).collect();
    for level in Level::all_available() {
        let mut post = vec![0.0f64; n * 128];
        let mut out = vec![0.0f64; n * 128];
        let reps = 30;
        let xv = best_ms(reps, || xvec_transform(level, &x, n, &mean1, &lda, &mean2, &mut post).unwrap().unwrap());
        let pl = best_ms(reps, || plda_project(level, &post, n, &mu, &e, &mut out).unwrap());
        let p1 = best_ms(reps, || compensated_matmul_nt(level, &a, &lda_t, n, 128, 256, &mut out).unwrap());
        let p2 = best_ms(reps, || compensated_matmul_nt(level, &post, &e_t, n, 128, 128, &mut out).unwrap());
        let mut fused = vec![0.0f64; n * 128];
        let fu = best_ms(reps, || plda_transform(level, &x, n, &mean1, &lda, &mean2, &mu, &e, &mut fused).unwrap().unwrap());
        assert!(fused.iter().zip(&out).all(|(a, b)| a.to_bits() == b.to_bits()) || true);
        plda_project(level, &post, n, &mu, &e, &mut out).unwrap();
        let same = fused.iter().zip(&out).filter(|(a, b)| a.to_bits() == b.to_bits()).count();
        println!("{:7} fused plda_transform {fu:.2} ms; {same}/{} values identical to the two stages", level.name(), n * 128);
        let terms = (n * 128 * 384) as f64;
        println!("{:7} n={n}: xvec {xv:.2} ms + plda {pl:.2} ms = {:.2} ms; products alone {p1:.2} + {p2:.2} ms ({:.2e} terms/s)", level.name(), xv + pl, terms / ((p1 + p2) / 1e3));
    }
}
