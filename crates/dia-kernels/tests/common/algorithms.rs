//! Checks of the algorithm kernels (LSAP, linkage, VBx products) on every available level against
//! literal ports of the upstream loops written here, in the upstream order.
use dia_kernels::*;

use super::Rng;

/// Whether a level has fused multiply-add (the compensated products' two forms).
fn fma_level(l: Level) -> bool {
    matches!(l, Level::Avx2 | Level::Avx512 | Level::Neon)
}

/// Σ a·b in double-double (TwoProduct by Dekker, TwoSum), rounded once: a reference far more
/// accurate than 1 ulp for these well-scaled vectors.
fn dd_dot(a: &[f64], b: &[f64]) -> f64 {
    let split = |x: f64| {
        let c = 134_217_729.0 * x;
        let h = c - (c - x);
        (h, x - h)
    };
    let (mut hi, mut lo) = (0.0f64, 0.0f64);
    for (&x, &y) in a.iter().zip(b) {
        let p = x * y;
        let ((xh, xl), (yh, yl)) = (split(x), split(y));
        let e = ((xh * yh - p) + xh * yl + xl * yh) + xl * yl;
        let s = hi + p;
        let bp = s - hi;
        lo += ((hi - (s - bp)) + (p - bp)) + e;
        hi = s;
    }
    hi + lo
}

fn same(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
}

/// scipy `rectangular_lsap.cpp` transcribed literally (sequential `remaining` list), with the
/// transpose / negation / validation of `linear_sum_assignment`. Returns (rows, cols) or an outcome.
pub fn scipy_lsap(
    cost: &[f64],
    nr: usize,
    nc: usize,
    maximize: bool,
) -> Result<(Vec<i32>, Vec<i32>), LsapOutcome> {
    if nr == 0 || nc == 0 {
        return Ok((vec![], vec![]));
    }
    let transpose = nc < nr;
    let (wr, wc) = if transpose { (nc, nr) } else { (nr, nc) };
    let sign = if maximize { -1.0 } else { 1.0 };
    let mut c = vec![0.0; nr * nc];
    for i in 0..nr {
        for j in 0..nc {
            let x = sign * cost[i * nc + j];
            if transpose {
                c[j * nr + i] = x
            } else {
                c[i * nc + j] = x
            }
        }
    }
    if c.iter().any(|x| x.is_nan() || *x == f64::NEG_INFINITY) {
        return Err(LsapOutcome::InvalidEntry);
    }
    let (mut u, mut v) = (vec![0.0; wr], vec![0.0; wc]);
    let mut spc = vec![f64::INFINITY; wc];
    let mut path = vec![-1i64; wc];
    let mut col4row = vec![-1i64; wr];
    let mut row4col = vec![-1i64; wc];
    let (mut sr, mut sc) = (vec![false; wr], vec![false; wc]);
    for cur in 0..wr {
        let mut min_val = 0.0;
        let mut remaining: Vec<usize> = (0..wc).map(|it| wc - it - 1).collect();
        sr.fill(false);
        sc.fill(false);
        spc.fill(f64::INFINITY);
        let mut i = cur;
        let sink;
        loop {
            let mut index = usize::MAX;
            let mut lowest = f64::INFINITY;
            sr[i] = true;
            for (it, &j) in remaining.iter().enumerate() {
                let r = min_val + c[i * wc + j] - u[i] - v[j];
                if r < spc[j] {
                    path[j] = i as i64;
                    spc[j] = r;
                }
                if spc[j] < lowest || (spc[j] == lowest && row4col[j] == -1) {
                    lowest = spc[j];
                    index = it;
                }
            }
            min_val = lowest;
            if min_val == f64::INFINITY {
                return Err(LsapOutcome::Infeasible);
            }
            let j = remaining[index];
            sc[j] = true;
            remaining.swap_remove(index);
            if row4col[j] == -1 {
                sink = j;
                break;
            }
            i = row4col[j] as usize;
        }
        u[cur] += min_val;
        for i in 0..wr {
            if sr[i] && i != cur {
                u[i] += min_val - spc[col4row[i] as usize];
            }
        }
        for j in 0..wc {
            if sc[j] {
                v[j] -= min_val - spc[j];
            }
        }
        let mut j = sink as i64;
        loop {
            let i = path[j as usize];
            row4col[j as usize] = i;
            std::mem::swap(&mut col4row[i as usize], &mut j);
            if i as usize == cur {
                break;
            }
        }
    }
    if transpose {
        let mut pairs: Vec<(i32, i32)> = (0..wr).map(|w| (col4row[w] as i32, w as i32)).collect();
        pairs.sort();
        Ok(pairs.into_iter().unzip())
    } else {
        Ok((
            (0..wr as i32).collect(),
            col4row.iter().map(|&c| c as i32).collect(),
        ))
    }
}

/// scipy's `Heap` (`_structures.pxi`), transcribed for the literal linkage below.
struct ScipyHeap {
    index_by_key: Vec<usize>,
    key_by_index: Vec<usize>,
    values: Vec<f64>,
    size: usize,
}

impl ScipyHeap {
    fn new(values: &[f64]) -> Self {
        let n = values.len();
        let mut h = ScipyHeap { index_by_key: (0..n).collect(), key_by_index: (0..n).collect(), values: values.to_vec(), size: n };
        for i in (0..n / 2).rev() {
            h.sift_down(i);
        }
        h
    }
    fn swap(&mut self, i: usize, j: usize) {
        self.values.swap(i, j);
        self.key_by_index.swap(i, j);
        self.index_by_key[self.key_by_index[i]] = i;
        self.index_by_key[self.key_by_index[j]] = j;
    }
    fn sift_down(&mut self, mut i: usize) {
        let mut c = 2 * i + 1;
        while c < self.size {
            if c + 1 < self.size && self.values[c + 1] < self.values[c] {
                c += 1;
            }
            if self.values[i] > self.values[c] {
                self.swap(i, c);
                i = c;
                c = 2 * i + 1;
            } else {
                break;
            }
        }
    }
    fn sift_up(&mut self, mut i: usize) {
        while i > 0 && self.values[(i - 1) / 2] > self.values[i] {
            self.swap(i, (i - 1) / 2);
            i = (i - 1) / 2;
        }
    }
    fn change(&mut self, key: usize, v: f64) {
        let i = self.index_by_key[key];
        let old = self.values[i];
        self.values[i] = v;
        if v < old { self.sift_up(i) } else { self.sift_down(i) }
    }
    fn remove_min(&mut self) {
        self.swap(0, self.size - 1);
        self.size -= 1;
        self.sift_down(0);
    }
}

/// scipy `fast_linkage` (centroid) transcribed literally: every z of 0..n with its size check.
pub fn scipy_fast_linkage(dists: &[f64], n: usize) -> Vec<f64> {
    let mut d = dists.to_vec();
    let idx = |i: usize, j: usize| if i < j { n * i - i * (i + 1) / 2 + (j - i - 1) } else { n * j - j * (j + 1) / 2 + (i - j - 1) };
    let find_min = |d: &[f64], size: &[usize], x: usize| {
        let (mut cur, mut y) = (f64::INFINITY, usize::MAX);
        for i in x + 1..n {
            if size[i] > 0 && d[idx(x, i)] < cur {
                cur = d[idx(x, i)];
                y = i;
            }
        }
        (y, cur)
    };
    let mut z_out = vec![0.0; 4 * (n - 1)];
    let mut size = vec![1usize; n];
    let mut id: Vec<usize> = (0..n).collect();
    let mut nbr = vec![0usize; n - 1];
    let mut md = vec![0.0; n - 1];
    for x in 0..n - 1 {
        (nbr[x], md[x]) = find_min(&d, &size, x);
    }
    let mut heap = ScipyHeap::new(&md);
    for k in 0..n - 1 {
        let (mut x, mut y, mut dist) = (0, 0, 0.0);
        for _ in 0..n - k {
            (x, dist) = (heap.key_by_index[0], heap.values[0]);
            y = nbr[x];
            if dist == d[idx(x, y)] {
                break;
            }
            (y, dist) = find_min(&d, &size, x);
            nbr[x] = y;
            md[x] = dist;
            heap.change(x, dist);
        }
        heap.remove_min();
        let (nx, ny) = (size[x], size[y]);
        let (a, b) = if id[x] < id[y] { (id[x], id[y]) } else { (id[y], id[x]) };
        z_out[4 * k..4 * k + 4].copy_from_slice(&[a as f64, b as f64, dist, (nx + ny) as f64]);
        size[x] = 0;
        size[y] = nx + ny;
        id[y] = n + k;
        let (fx, fy) = (nx as f64, ny as f64);
        for z in 0..n {
            if size[z] == 0 || z == y {
                continue;
            }
            let (dx, dy) = (d[idx(z, x)], d[idx(z, y)]);
            d[idx(z, y)] = ((fx * dx * dx + fy * dy * dy - fx * fy * dist * dist / (fx + fy)) / (fx + fy)).sqrt();
        }
        for z in 0..x {
            if size[z] > 0 && nbr[z] == x {
                nbr[z] = y;
            }
        }
        for z in 0..y {
            if size[z] > 0 && d[idx(z, y)] < md[z] {
                nbr[z] = y;
                md[z] = d[idx(z, y)];
                heap.change(z, md[z]);
            }
        }
        if y < n - 1 {
            let (z, v) = find_min(&d, &size, y);
            if z != usize::MAX {
                nbr[y] = z;
                md[y] = v;
                heap.change(y, v);
            }
        }
    }
    z_out
}

fn lsap_case(
    level: Level,
    cost: &[f64],
    nr: usize,
    nc: usize,
    maximize: bool,
) -> Result<(Vec<i32>, Vec<i32>), LsapOutcome> {
    let k = nr.min(nc);
    let (mut r, mut c) = (vec![0i32; k], vec![0i32; k]);
    match solve_lsap(level, cost, nr, nc, maximize, &mut r, &mut c).unwrap() {
        LsapOutcome::Solved => Ok((r, c)),
        other => Err(other),
    }
}

/// Runs every check, reporting each through `check(name, ok)`.
pub fn run_all(check: &mut dyn FnMut(String, bool)) {
    let mut rng = Rng::new(2024);
    for level in Level::all_available() {
        let tag = level.name();
        // LSAP: random, integer (tie-heavy), constant, with +∞ entries; both shapes, both senses
        let mut mismatches = 0;
        let mut cases = 0;
        for case in 0..1500 {
            let nr = 1 + (case * 7) % 13;
            let nc = 1 + (case * 5) % 17;
            let kind = case % 5;
            let cost: Vec<f64> = (0..nr * nc)
                .map(|_| {
                    let x = rng.next();
                    match kind {
                        0 => x,
                        1 => ((x + 0.5) * 4.0).floor(),
                        2 => 1.0,
                        3 => {
                            if x > 0.35 {
                                f64::INFINITY
                            } else {
                                ((x + 0.5) * 3.0).floor()
                            }
                        }
                        _ => {
                            if x < -0.2 {
                                -0.0
                            } else if x < 0.2 {
                                0.0
                            } else {
                                0.5
                            }
                        } // signed zeros tie
                    }
                })
                .collect();
            for maximize in [false, true] {
                cases += 1;
                if lsap_case(level, &cost, nr, nc, maximize) != scipy_lsap(&cost, nr, nc, maximize)
                {
                    mismatches += 1;
                }
            }
        }
        check(
            format!(
                "{tag} lsap {cases} tie-heavy cases = literal scipy loop ({mismatches} differ)"
            ),
            mismatches == 0,
        );
        for (nr, nc) in [(100, 100), (64, 200), (300, 90), (257, 257)] {
            let cost: Vec<f64> = (0..nr * nc)
                .map(|_| ((rng.next() + 0.5) * 50.0).floor())
                .collect();
            for maximize in [false, true] {
                check(
                    format!("{tag} lsap {nr}x{nc} max={maximize}"),
                    lsap_case(level, &cost, nr, nc, maximize)
                        == scipy_lsap(&cost, nr, nc, maximize),
                );
            }
        }
        // compensated products: correctly rounded (±1 ulp) against an exact integer sum, the same
        // bits on every level (FMA or Dekker), whatever the tiling or thread split
        {
            // values m·2^−30 (|m| < 2^30): every product is an integer multiple of 2^−60, so i128 sums are exact
            let fixed = |rng: &mut Rng, big: bool| (rng.next() * if big { (1u64 << 31) as f64 } else { (1u64 << 25) as f64 }).round() / (1u64 << 30) as f64;
            let (m, n, k) = (13, 11, 300);
            let mut a: Vec<f64> = (0..m * k).map(|q| fixed(&mut rng, q % 3 == 0)).collect();
            let b: Vec<f64> = (0..n * k).map(|q| fixed(&mut rng, q % 5 == 0)).collect();
            // cancellation: row 0 of a is row 1 minus a tiny perturbation
            for l in 0..k {
                a[l] = a[k + l] + if l == 7 { 1.0 / (1u64 << 30) as f64 } else { 0.0 };
            }
            let exact = |i: usize, j: usize| -> f64 {
                let mut s: i128 = 0;
                for l in 0..k {
                    s += (a[i * k + l] * (1u64 << 30) as f64) as i128 * (b[j * k + l] * (1u64 << 30) as f64) as i128;
                }
                s as f64 / (1u128 << 60) as f64
            };
            let mut out = vec![0.0; m * n];
            compensated_matmul_nt(level, &a, &b, m, n, k, &mut out).unwrap();
            let mut worst_ulps = 0.0f64;
            for i in 0..m {
                for j in 0..n {
                    let e = exact(i, j);
                    let ulp = if e == 0.0 { f64::MIN_POSITIVE } else { f64::EPSILON * e.abs() };
                    worst_ulps = worst_ulps.max((out[i * n + j] - e).abs() / ulp);
                }
            }
            check(format!("{tag} compensated NT within 1 ulp of the exact sum (worst {worst_ulps:.2} ulp)"), worst_ulps <= 1.0);
            // aᵀ·b over the k rows: the same sums
            let at: Vec<f64> = (0..k * m).map(|q| a[(q % m) * k + q / m]).collect();
            let bt: Vec<f64> = (0..k * n).map(|q| b[(q % n) * k + q / n]).collect();
            let mut out_tn = vec![0.0; m * n];
            compensated_matmul_tn(level, &at, &bt, k, m, n, &mut out_tn).unwrap();
            check(format!("{tag} compensated TN = NT on the transposes"), out_tn.iter().zip(&out).all(|(x, y)| x.to_bits() == y.to_bits()));
            // wide-range values and shapes off the tiles: the levels with FMA agree bit for bit, and
            // so do those without (Dekker); every one within 1 ulp of the double-double reference
            for (m, n, k) in [(1, 1, 1), (5, 7, 3), (9, 17, 130), (41, 41, 37)] {
                let a: Vec<f64> = (0..m * k).map(|q| rng.next() * 10f64.powi((q % 7) as i32 - 3)).collect();
                let b: Vec<f64> = (0..n * k).map(|q| rng.next() * 10f64.powi((q % 5) as i32 - 2)).collect();
                let reference = Level::all_available().into_iter().find(|l| fma_level(*l) == fma_level(level)).unwrap();
                let (mut o0, mut o1) = (vec![0.0; m * n], vec![0.0; m * n]);
                compensated_matmul_nt(reference, &a, &b, m, n, k, &mut o0).unwrap();
                compensated_matmul_nt(level, &a, &b, m, n, k, &mut o1).unwrap();
                check(format!("{tag} compensated NT {m}x{n}x{k} bit-identical to {}", reference.name()), same(&o0, &o1));
                let within = (0..m).all(|i| (0..n).all(|j| {
                    let e = dd_dot(&a[i * k..(i + 1) * k], &b[j * k..(j + 1) * k]);
                    (o1[i * n + j] - e).abs() <= f64::EPSILON * e.abs()
                }));
                check(format!("{tag} compensated NT {m}x{n}x{k} within 1 ulp of double-double"), within);
                // aᵀ·a over the m rows (k × k outputs)
                let (mut o0, mut o1) = (vec![0.0; k * k], vec![0.0; k * k]);
                compensated_matmul_tn(reference, &a, &a, m, k, k, &mut o0).unwrap();
                compensated_matmul_tn(level, &a, &a, m, k, k, &mut o1).unwrap();
                check(format!("{tag} compensated TN {m}x{k}x{k} bit-identical to {}", reference.name()), same(&o0, &o1));
            }
            // a product large enough to run on several threads = the same rows computed one by one
            let (m, n, k) = (300, 64, 128);
            let a: Vec<f64> = (0..m * k).map(|_| rng.next()).collect();
            let b: Vec<f64> = (0..n * k).map(|_| rng.next()).collect();
            let mut whole = vec![0.0; m * n];
            compensated_matmul_nt(level, &a, &b, m, n, k, &mut whole).unwrap();
            let mut by_row = vec![0.0; m * n];
            for i in 0..m {
                compensated_matmul_nt(level, &a[i * k..(i + 1) * k], &b, 1, n, k, &mut by_row[i * n..(i + 1) * n]).unwrap();
            }
            check(format!("{tag} compensated NT threaded ({} threads) = row by row", kernel_threads()), same(&whole, &by_row));
            // NaN and ±∞ propagate as in a plain sum
            let mut o = [0.0; 2];
            compensated_matmul_nt(level, &[1.0, f64::NAN, 2.0, f64::INFINITY], &[1.0, 1.0], 2, 1, 2, &mut o).unwrap();
            check(format!("{tag} compensated NaN / Inf propagate"), o[0].is_nan() && o[1] == f64::INFINITY);
        }
        // vector exp: within 1 ulp of libm over the whole range, libm's results outside it
        {
            let x: Vec<f64> = (0..20_000).map(|q| match q % 4 { 0 => rng.next() * 1500.0, 1 => rng.next() * 4.0, 2 => -(rng.next() + 0.5) * 60.0, _ => rng.next() * 1e-9 }).chain([f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -745.2, -745.0, -720.0, -708.4, 709.43, 709.7, 710.0, 0.0, -0.0]).collect();
            let mut y = vec![0.0; x.len()];
            exp_slice(level, &x, &mut y).unwrap();
            let mut worst = 0.0f64;
            let mut special_ok = true;
            for (&v, &got) in x.iter().zip(&y) {
                let want = v.exp();
                if !want.is_normal() {
                    special_ok &= got.to_bits() == want.to_bits() || (got.is_nan() && want.is_nan());
                    continue;
                }
                let ulp = f64::from_bits(want.abs().to_bits() + 1) - want.abs();
                worst = worst.max((got - want).abs() / ulp);
            }
            check(format!("{tag} exp within 1 ulp of libm (worst {worst:.2}), subnormal/∞/NaN results equal libm's"), worst <= 1.0 && special_ok);
        }
        // pdist (blocked, panels in cache groups) = scipy's loop, pair by pair, bit for bit
        for (n, d) in [(1, 3), (9, 1), (37, 7), (300, 256), (257, 130), (600, 40)] {
            let x: Vec<f32> = (0..n * d).map(|_| rng.next() as f32).collect();
            let mut out = vec![0.0; n * (n - 1) / 2];
            pdist_f32(level, &x, n, d, false, &mut out).unwrap();
            let mut same = true;
            let mut p = 0;
            for i in 0..n {
                for j in i + 1..n {
                    let mut acc = 0.0f64;
                    for k in 0..d {
                        let diff = x[i * d + k] as f64 - x[j * d + k] as f64;
                        acc += diff * diff;
                    }
                    same &= out[p].to_bits() == acc.sqrt().to_bits();
                    p += 1;
                }
            }
            check(format!("{tag} pdist {n}x{d} = scipy's loop"), same);
        }
        // linkage: the kernel (live-cluster list, fallible native allocation) = the literal loop
        for (n, d, grid) in [(2, 3, false), (3, 2, true), (40, 5, false), (150, 16, false), (120, 3, true), (300, 2, true)] {
            let x: Vec<f32> = (0..n * d).map(|_| if grid { ((rng.next() + 0.5) * 4.0).floor() as f32 } else { rng.next() as f32 }).collect();
            let mut dists = vec![0.0; n * (n - 1) / 2];
            pdist_f32(Level::Scalar, &x, n, d, false, &mut dists).unwrap();
            let expected = scipy_fast_linkage(&dists, n);
            let mut z = vec![0.0; 4 * (n - 1)];
            linkage_f32(level, &x, n, d, LinkageMethod::Centroid, &mut z).unwrap();
            let same = z.iter().zip(&expected).all(|(a, b)| a.to_bits() == b.to_bits());
            check(format!("{tag} linkage {n}x{d}{} bit-identical to the literal scipy loop", if grid { " (integer grid, ties)" } else { "" }), same);
        }
        let huge = linkage_f32(level, &[], 1 << 33, 0, LinkageMethod::Centroid, &mut []);
        check(format!("{tag} linkage beyond memory is OutOfMemory with the bytes needed"), huge == Err(LinkageError::OutOfMemory { bytes: condensed_bytes(1 << 33) }));
        check(format!("{tag} linkage NaN distances are an error"), fast_linkage(&mut [f64::NAN, f64::NAN, f64::NAN], 3, LinkageMethod::Centroid, &mut [0.0; 8]).is_err());
        check(
            format!("{tag} lsap NaN is invalid"),
            lsap_case(level, &[1.0, f64::NAN, 0.0, 0.0], 2, 2, false)
                == Err(LsapOutcome::InvalidEntry),
        );
        check(
            format!("{tag} lsap +inf maximised is invalid"),
            lsap_case(level, &[1.0, f64::INFINITY, 0.0, 0.0], 2, 2, true)
                == Err(LsapOutcome::InvalidEntry),
        );
        check(
            format!("{tag} lsap infeasible"),
            lsap_case(
                level,
                &[f64::INFINITY, f64::INFINITY, 0.0, 0.0],
                2,
                2,
                false,
            ) == Err(LsapOutcome::Infeasible),
        );
        check(
            format!("{tag} lsap bad length"),
            solve_lsap(level, &[1.0; 5], 2, 3, false, &mut [0; 2], &mut [0; 2]).is_err(),
        );
    }
}
