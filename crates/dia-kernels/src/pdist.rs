//! Condensed euclidean distances in scipy `pdist` order, blocked for cache.
//!
//! Tiles of I rows i × L rows j keep I·L accumulators in registers. The rows j are packed into
//! panels (d × L: the L values of one coordinate contiguous); a group of panels of about 256 KB
//! stays in cache while every block of rows i streams past it. Every pair still sums its squared
//! differences in ascending k with one rounding per operation (subtract, multiply, add: no fused
//! multiply-add), exactly as scipy's loop does, so every level gives scipy's bits.

/// Rows i per tile.
const I: usize = 4;
/// Bytes of packed panels kept in cache at a time.
const GROUP_BYTES: usize = 256 * 1024;

/// Condensed index of (i, j), i < j: `n·i − i(i+1)/2 + (j − i − 1)`.
#[inline(always)]
fn condensed(n: usize, i: usize, j: usize) -> usize {
    n * i - i * (i + 1) / 2 + (j - i - 1)
}

#[inline(always)]
pub fn pdist<const L: usize, T: Copy + Into<f64>>(x: &[T], n: usize, d: usize, squared: bool, out: &mut [f64]) {
    let finish = |s: f64| if squared { s } else { s.sqrt() };
    // float32 input promoted once (exact), as scipy converts to double
    let x: Vec<f64> = x.iter().map(|&v| v.into()).collect();
    let pair = |i: usize, j: usize| {
        let (xi, xj) = (&x[i * d..(i + 1) * d], &x[j * d..(j + 1) * d]);
        let mut s = 0.0f64;
        for k in 0..d {
            let diff = xi[k] - xj[k];
            s += diff * diff;
        }
        finish(s)
    };
    // the rows j in whole panels of L; the last n mod L rows pair by pair
    let full = n / L * L;
    for j in full..n {
        for i in 0..j {
            out[condensed(n, i, j)] = pair(i, j);
        }
    }
    let panels_per_group = (GROUP_BYTES / (8 * L * d.max(1))).max(1);
    let mut panels = vec![0.0f64; panels_per_group * d * L];
    let mut g0 = 0;
    while g0 < full {
        let g1 = full.min(g0 + panels_per_group * L);
        for (p, j0) in (g0..g1).step_by(L).enumerate() {
            let panel = &mut panels[p * d * L..(p + 1) * d * L];
            for k in 0..d {
                for l in 0..L {
                    panel[k * L + l] = x[(j0 + l) * d + k];
                }
            }
        }
        // every row i below the group's last row meets some panel of it
        let mut i0 = 0;
        while i0 + 1 < g1 {
            let ib = I.min(g1 - 1 - i0);
            for (p, j0) in (g0..g1).step_by(L).enumerate() {
                if j0 + L <= i0 + 1 {
                    continue; // every j of this panel is ≤ every i of the block
                }
                if ib < I {
                    for i in i0..i0 + ib {
                        for j in (i + 1).max(j0)..j0 + L {
                            out[condensed(n, i, j)] = pair(i, j);
                        }
                    }
                    continue;
                }
                let panel = &panels[p * d * L..(p + 1) * d * L];
                let rows = &x[i0 * d..(i0 + I) * d];
                let (r0, rest) = rows.split_at(d);
                let (r1, rest) = rest.split_at(d);
                let (r2, r3) = rest.split_at(d);
                let mut acc = [[0.0f64; L]; I];
                for ((((xj, &a0), &a1), &a2), &a3) in panel.chunks_exact(L).zip(r0).zip(r1).zip(r2).zip(r3) {
                    let xj: &[f64; L] = xj.try_into().unwrap();
                    for (a, xi) in [a0, a1, a2, a3].into_iter().enumerate() {
                        for l in 0..L {
                            let diff = xi - xj[l];
                            acc[a][l] += diff * diff;
                        }
                    }
                }
                for a in 0..I {
                    let i = i0 + a;
                    for l in 0..L {
                        let j = j0 + l;
                        if j > i {
                            out[condensed(n, i, j)] = finish(acc[a][l]);
                        }
                    }
                }
            }
            i0 += I;
        }
        g0 = g1;
    }
}
