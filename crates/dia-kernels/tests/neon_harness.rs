//! `harness = false` runner (libtest hangs under qemu-user): prints "N passed, M failed" and the
//! detected level, and fails when the best level is scalar on aarch64 (NEON must be dispatched).
mod common;

fn main() {
    let best = dia_kernels::Level::detect();
    let (passed, failed) = common::run_all();
    println!("detected level: {}", best.name());
    if cfg!(target_arch = "aarch64") && best != dia_kernels::Level::Neon {
        println!("FAILED: aarch64 without NEON dispatch");
        println!("{passed} passed, {} failed", failed + 1);
        std::process::exit(1);
    }
    println!("{passed} passed, {failed} failed");
    std::process::exit(if failed == 0 { 0 } else { 1 });
}
