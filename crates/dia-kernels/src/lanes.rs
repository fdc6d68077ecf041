//! Kernel bodies written over `L` independent lanes. Every lane performs exactly the scalar
//! operation sequence of one output (no fused multiply-add, no re-association), so the SIMD
//! instantiations are bit-identical to the scalar one; the compiler maps the lane arrays onto
//! SSE2 / AVX2 / AVX-512 / NEON registers in the `#[target_feature]` wrappers.

/// out[k][e] = Σ_r a[r][k]·b[r][e] with TwoSum compensation per output. The loop over e has no
/// dependency between iterations, so the compiler vectorises it for the enabled instruction set;
/// `L` is unused (the same body serves every level).
#[inline(always)]
pub fn neumaier_matmul_tn<const L: usize>(a: &[f64], b: &[f64], n: usize, p: usize, q: usize, out: &mut [f64], comp: &mut [f64]) {
    out.fill(0.0);
    comp.fill(0.0);
    for r in 0..n {
        let br = &b[r * q..(r + 1) * q];
        let finite_row = br.iter().all(|v| v.is_finite());
        for k in 0..p {
            let g = a[r * p + k];
            if g == 0.0 && finite_row {
                continue;
            }
            let o = &mut out[k * q..(k + 1) * q];
            let c = &mut comp[k * q..(k + 1) * q];
            for e in 0..q {
                let v = g * br[e];
                let s = o[e];
                let t = s + v;
                let bp = t - s;
                c[e] += (s - (t - bp)) + (v - bp);
                o[e] = t;
            }
        }
    }
    for i in 0..p * q {
        if out[i].is_finite() {
            out[i] += comp[i];
        }
    }
}

/// out[i][j] = Σ_l a[i][l]·b[j][l] with TwoSum compensation per output: `bt` is b transposed
/// (k × n) so the inner loop runs over contiguous j (vectorised); each output still sums over l in
/// ascending order.
#[inline(always)]
pub fn neumaier_matmul_nt<const L: usize>(a: &[f64], bt: &[f64], m: usize, n: usize, k: usize, out: &mut [f64], comp: &mut [f64]) {
    for i in 0..m {
        let ai = &a[i * k..(i + 1) * k];
        let s = &mut out[i * n..(i + 1) * n];
        s.fill(0.0);
        comp.fill(0.0);
        for l in 0..k {
            let x = ai[l];
            let row = &bt[l * n..(l + 1) * n];
            for j in 0..n {
                let v = x * row[j];
                let u = s[j] + v;
                let bp = u - s[j];
                comp[j] += (s[j] - (u - bp)) + (v - bp);
                s[j] = u;
            }
        }
        for j in 0..n {
            if s[j].is_finite() {
                s[j] += comp[j];
            }
        }
    }
}

/// out[i][j] = f32(Σ_l f32(a[i][l]·b[j][l])) accumulated in f64 (lanes over j).
#[inline(always)]
pub fn matmul_transposed_f32<const L: usize>(a: &[f32], b: &[f32], m: usize, n: usize, k: usize, out: &mut [f32]) {
    for i in 0..m {
        let ai = &a[i * k..(i + 1) * k];
        let mut j = 0;
        while j + L <= n {
            let mut s = [0.0f64; L];
            for l in 0..k {
                let x = ai[l];
                for t in 0..L {
                    s[t] += (x * b[(j + t) * k + l]) as f64;
                }
            }
            for t in 0..L {
                out[i * n + j + t] = s[t] as f32;
            }
            j += L;
        }
        while j < n {
            let mut s = 0.0f64;
            for l in 0..k {
                s += (ai[l] * b[j * k + l]) as f64;
            }
            out[i * n + j] = s as f32;
            j += 1;
        }
    }
}

/// Banded version: row j of b is used on columns [bands[2j], bands[2j+1]) (lanes over rows of a).
#[inline(always)]
pub fn matmul_banded_f32<const L: usize>(a: &[f32], b: &[f32], bands: &[i32], m: usize, n: usize, k: usize, out: &mut [f32]) {
    for j in 0..n {
        let (lo, hi) = (bands[2 * j] as usize, bands[2 * j + 1] as usize);
        let bj = &b[j * k..(j + 1) * k];
        let mut i = 0;
        while i + L <= m {
            let mut s = [0.0f64; L];
            for l in lo..hi {
                let w = bj[l];
                for t in 0..L {
                    s[t] += (a[(i + t) * k + l] * w) as f64;
                }
            }
            for t in 0..L {
                out[(i + t) * n + j] = s[t] as f32;
            }
            i += L;
        }
        while i < m {
            let mut s = 0.0f64;
            for l in lo..hi {
                s += (a[i * k + l] * bj[l]) as f64;
            }
            out[i * n + j] = s as f32;
            i += 1;
        }
    }
}

/// y += α·x (no FMA).
#[inline(always)]
pub fn axpy<const L: usize>(alpha: f64, x: &[f64], y: &mut [f64]) {
    let n = x.len();
    let mut i = 0;
    while i + L <= n {
        for l in 0..L {
            y[i + l] += alpha * x[i + l];
        }
        i += L;
    }
    while i < n {
        y[i] += alpha * x[i];
        i += 1;
    }
}

/// Σ a·b with L partial sums (re-associates: differs from the sequential sum in the last bits).
#[inline(always)]
pub fn dot<const L: usize, T: Copy + Into<f64>>(a: &[T], b: &[T], round_f32: bool) -> f64 {
    let n = a.len();
    let mut s = [0.0f64; L];
    let mut i = 0;
    let prod = |x: T, y: T| -> f64 {
        let p = x.into() * y.into();
        if round_f32 { p as f32 as f64 } else { p }
    };
    while i + L <= n {
        for l in 0..L {
            s[l] += prod(a[i + l], b[i + l]);
        }
        i += L;
    }
    let mut total = 0.0;
    for l in 0..L {
        total += s[l];
    }
    while i < n {
        total += prod(a[i], b[i]);
        i += 1;
    }
    total
}

/// Compensated Σ x (or Σ a·b) with L compensated partial sums combined by TwoSum at the end.
#[inline(always)]
pub fn neumaier<const L: usize>(a: &[f64], b: Option<&[f64]>) -> f64 {
    let n = a.len();
    let value = |i: usize| match b {
        Some(b) => a[i] * b[i],
        None => a[i],
    };
    let mut s = [0.0f64; L];
    let mut c = [0.0f64; L];
    let mut i = 0;
    while i + L <= n {
        for l in 0..L {
            let v = value(i + l);
            let t = s[l] + v;
            let bp = t - s[l];
            c[l] += (s[l] - (t - bp)) + (v - bp);
            s[l] = t;
        }
        i += L;
    }
    let (mut total, mut comp) = (0.0f64, 0.0f64);
    let mut add = |v: f64| {
        let t = total + v;
        let bp = t - total;
        comp += (total - (t - bp)) + (v - bp);
        total = t;
    };
    for l in 0..L {
        add(s[l]);
    }
    while i < n {
        add(value(i));
        i += 1;
    }
    let mut lane_comp = 0.0;
    for l in 0..L {
        lane_comp += c[l];
    }
    if total.is_finite() { total + (comp + lane_comp) } else { total }
}
