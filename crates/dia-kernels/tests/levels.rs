mod common;

#[test]
fn every_available_level_matches_scalar() {
    let (passed, failed) = common::run_all();
    println!("levels {:?}: {passed} passed, {failed} failed", dia_kernels::Level::all_available());
    assert_eq!(failed, 0);
    assert!(passed > 100);
}
