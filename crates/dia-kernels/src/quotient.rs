//! `v / b` for a whole row of v and one divisor b, each quotient bit for bit the IEEE division's,
//! without the division instruction where there is fused multiply-add (a vector division costs
//! about 16 cycles per 8 doubles on AVX-512 cores; this costs five FMA-unit operations).
//!
//! With y = RN(1/b) (one division per row) and q₀ = RN(v·y), q₀ is within 1.5 ulp of v/b. One
//! correction q₁ = RN(q₀ + r₀·y), r₀ = RN(v − b·q₀), leaves q₁ within ½ ulp + 2⁻⁵²·1.5 ulp of
//! v/b, i.e. faithful. Markstein's theorem (y within ½ ulp of 1/b, q₁ within 1 ulp of v/b ⇒
//! r₁ = v − b·q₁ is exact and RN(q₁ + r₁·y) = RN(v/b)) then makes the second correction the
//! correctly rounded quotient. The theorem needs every intermediate normal and finite: `fits`
//! admits only rows where that holds (b in [2⁻⁵⁰⁰, 2⁵⁰⁰], every nonzero |v| in [2⁻⁴⁰⁰, 2⁵⁰⁰]: the
//! quotients lie in [2⁻⁹⁰⁰, 2¹⁰⁰⁰] and each r, a multiple of ≈ ulp(v)·2⁻⁵², is normal); other
//! rows, and the levels without FMA, divide.

/// Smallest and largest divisor (and largest |v|) the FMA quotients take.
const B_MIN: f64 = f64::from_bits((1023 - 500) << 52);
const B_MAX: f64 = f64::from_bits((1023 + 500) << 52);
/// Smallest nonzero |v| the FMA quotients take.
const V_MIN: f64 = f64::from_bits((1023 - 400) << 52);

/// Whether the FMA quotients of `row` by `b` keep every intermediate normal (see the module).
#[inline(always)]
fn fits(row: &[f64], b: f64) -> bool {
    if !(B_MIN..=B_MAX).contains(&b) {
        return false;
    }
    row.iter().fold(true, |ok, &v| {
        let m = v.abs();
        ok & (m == 0.0 || (V_MIN..=B_MAX).contains(&m))
    })
}

/// v / b as IEEE division rounds it, from y = RN(1/b), on a row `fits` admits (FMA only).
#[inline(always)]
fn quotient(v: f64, b: f64, y: f64) -> f64 {
    let q0 = v * y;
    let q1 = (-b).mul_add(q0, v).mul_add(y, q0);
    let q2 = (-b).mul_add(q1, v).mul_add(y, q1);
    // ±0 / b: q0 has the division's sign; any other q2 already has it
    f64::from_bits(q2.to_bits() | (q0.to_bits() & (1u64 << 63)))
}

/// `scale · (v / b)` for every v of `row` in place, each quotient as IEEE division rounds it.
/// `fma`: the level has fused multiply-add (`has_fma`); without it `mul_add` is a library call and
/// the row is divided. `inline(always)`: compiled with the caller's instruction set.
#[inline(always)]
pub(crate) fn scale_quotients(row: &mut [f64], b: f64, scale: f64, fma: bool) {
    if fma && fits(row, b) {
        let y = 1.0 / b;
        for v in row.iter_mut() {
            *v = scale * quotient(*v, b, y);
        }
    } else {
        for v in row.iter_mut() {
            *v = scale * (*v / b);
        }
    }
}
