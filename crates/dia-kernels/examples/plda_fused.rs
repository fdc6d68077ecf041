use dia_kernels::{plda_transform, Level};
use std::time::Instant;
fn read_f64(path: &str) -> Vec<f64> { std::fs::read(path).unwrap().chunks_exact(8).map(|c| f64::from_le_bytes(c.try_into().unwrap())).collect() }
fn main() {
    let dir = "/work/shared/models/plda";
    let n: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1501);
    let reps: usize = std::env::args().nth(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let (mean1, lda, mean2, mu, e) = (read_f64(&format!("{dir}/mean1.bin")), read_f64(&format!("{dir}/lda.bin")), read_f64(&format!("{dir}/mean2.bin")), read_f64(&format!("{dir}/mu.bin")), read_f64(&format!("{dir}/eigenvectors_desc.bin")));
    let x: Vec<f32> = (0..n * 256).map(|i| ((i * 7919) % 1000) as f32 / 300.0 - 1.5).collect();
    let mut out = vec![0.0f64; n * 128];
    let mut times: Vec<f64> = (0..reps).map(|_| { let t = Instant::now(); plda_transform(Level::detect(), &x, n, &mean1, &lda, &mean2, &mu, &e, &mut out).unwrap().unwrap(); t.elapsed().as_secs_f64() * 1e3 }).collect();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let terms = (n * 128 * 384) as f64;
    println!("n={n}: min {:.2} ms ({:.2e} terms/s), median {:.2} ms", times[0], terms / times[0] * 1e3, times[reps / 2]);
}
