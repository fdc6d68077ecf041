//! `harness = false` runner (libtest hangs under qemu-user): prints "N passed, M failed" and the
//! detected level, and fails when the best level is scalar on aarch64 (NEON must be dispatched).
mod common;

fn main() {
    // qemu-user 7.2 hangs when a process spawns threads (as libtest does): the kernels stay on
    // this thread (the thread split itself is tested natively by tests/levels.rs)
    std::env::set_var("DIA_OPS_THREADS", "1");
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
