//! Matrix products whose every output is a nearly exact dot product (as accurate as computing in
//! twice the working precision, then rounding once), at four operations per term on CPUs with
//! fused multiply-add, blocked for cache and split over the cores. Used by VBx and the PLDA
//! transform, where BLAS-style plain sums drift (SPEC hazard H5).
//!
//! Each output Σ_l a_l·b_l is accumulated as in Rump's error-free extraction: a running total `t`
//! starts at σ, a power of two above 8·k·max|a_l|·max|b_l| ≥ 8·Σ|a_l·b_l|, so `t` stays within
//! [σ/2, 2σ] and every increment `d = t' − t` is exact (Sterbenz); what the increments miss is
//! rounded once into a second accumulator `r`, and the result is `(t − σ) + r`: one rounding plus
//! O(k²·ε²·σ). With FMA (AVX2, AVX-512F, NEON): `t' = fma(a, b, t)`, `r += fma(a, b, −d)`.
//! Without (SSE2, scalar, and @dia/ops' TypeScript kernel, which matches these bit for bit):
//! `p = a·b`, `t' = t + p`, and `r += (p − d) + e` with `e = a·b − p` from Dekker's exact product.
//! Both are within one rounding of the exact dot product; they may differ from each other in the
//! last bit of some outputs. The thread count and the tiling never change a result.
//!
//! An output whose σ is not finite (an input NaN or ±∞, or magnitudes near the overflow limit)
//! falls back to a Neumaier sum of the rounded products, which propagates NaN and ±∞.
use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};

/// Output rows per register tile.
const I: usize = 4;

/// Veltkamp's splitting constant 2^27 + 1.
const SPLITTER: f64 = 134_217_729.0;

/// (hi, lo) with hi + lo = x exactly and each half 26 bits: Dekker's product needs them.
#[inline(always)]
pub(crate) fn split(x: f64) -> (f64, f64) {
    let c = SPLITTER * x;
    let hi = c - (c - x);
    (hi, x - hi)
}

/// The biased exponent field of x ≥ 0: x < 2^(e − 1022) (0 for zero and subnormals, 0x7ff for
/// ∞ and NaN).
#[inline(always)]
fn exponent_field(x: f64) -> u32 {
    ((x.to_bits() >> 52) & 0x7ff) as u32
}

/// σ of an output from the exponent fields of its bounds k·max|a| < 2^(ea − 1022) and
/// max|b| < 2^(eb − 1022): the power of two 2^(ea + eb − 2041) ≥ 8·k·max|a|·max|b| (at least the
/// smallest normal); NaN when a bound is not finite or σ would overflow.
#[inline(always)]
fn sigma_of(ea: u32, eb: u32) -> f64 {
    let e = (ea + eb).saturating_sub(1018).max(1);
    if ea == 0x7ff || eb == 0x7ff || e >= 0x7ff {
        f64::NAN
    } else {
        f64::from_bits((e as u64) << 52)
    }
}

/// The exponent field given to padding rows and columns: any value with a finite σ.
const PAD_EXPONENT: u32 = 1023;

/// One term of an output: `t`, `r` as in the module comment (`ah, al, bh, bl`: the Dekker splits
/// of a and b, used only without FMA).
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn step<const FMA: bool>(a: f64, b: f64, ah: f64, al: f64, bh: f64, bl: f64, t: &mut f64, r: &mut f64) {
    if FMA {
        let tn = a.mul_add(b, *t);
        let d = tn - *t;
        *r += a.mul_add(b, -d);
        *t = tn;
    } else {
        let p = a * b;
        let tn = *t + p;
        let d = tn - *t;
        *r += (p - d) + (((ah * bh - p) + ah * bl + al * bh) + al * bl);
        *t = tn;
    }
}

/// Neumaier sum of rounded products (the fallback for an output with a non-finite σ).
fn neumaier_dot(a: impl Iterator<Item = f64>, b: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut c) = (0.0f64, 0.0f64);
    for (x, y) in a.zip(b) {
        let v = x * y;
        let t = s + v;
        let bp = t - s;
        c += (s - (t - bp)) + (v - bp);
        s = t;
    }
    if s.is_finite() { s + c } else { s }
}

/// The operands of a product: output (i, j) = Σ_l a[i·ai + l·al]·b[b_index(j, l)], the right
/// operand in column panels (`RightOperand`).
struct Operands<'a> {
    a: &'a [f64],
    a_split: &'a [f64],
    ai: usize,
    al: usize,
    b: &'a [f64],
    b_split: &'a [f64],
    steps: usize,
    /// exponent fields of the bounds k·max|a_l| (rows i) and max|b_l| (columns j; padded with
    /// `PAD_EXPONENT` to a whole tile past the last column)
    exp_a: &'a [u32],
    exp_b: &'a [u32],
    /// Every output's σ is finite (σ grows with both exponents: the largest pair decides), so no
    /// tile needs to check its own.
    all_finite: bool,
}

impl Operands<'_> {
    /// Where value (column j, step l) of the right operand is: panels of `MAX_W` columns, each
    /// `steps` rows of `MAX_W` contiguous values.
    #[inline(always)]
    fn b_index(&self, j: usize, l: usize) -> usize {
        panel_index(j, l, self.steps)
    }
}

/// Index of (column j, step l) in the panel layout of a right operand with `steps` steps.
#[inline(always)]
fn panel_index(j: usize, l: usize, steps: usize) -> usize {
    ((j / MAX_W) * steps + l) * MAX_W + j % MAX_W
}

/// Steps (terms of each sum) per pass over a block of rows: the packed right operand of one pass
/// (`STEP_CHUNK` rows of it) stays in cache while every block of rows i goes through it; each
/// output's running (t, r) is kept between passes, so its terms are still added in order.
const STEP_CHUNK: usize = 256;

/// Values of one register tile kept between passes: σ, t and r of each of its I × MAX_W outputs.
const S: usize = 3 * I * MAX_W;

/// The register tiles of rows `rows` × all n columns: blocks of I rows (the last one padded with
/// zero rows) × column tiles `widths` (first column, width `tile_width`; the packed right operand
/// is zero beyond n). Padding is computed, not written. Its methods are `inline(always)` so that
/// they are compiled for the level's instruction set with the function that dispatches to it.
struct TileGrid<'o, 'a> {
    op: &'o Operands<'a>,
    rows: std::ops::Range<usize>,
    n: usize,
    widths: Vec<(usize, usize)>,
}

impl<'o, 'a> TileGrid<'o, 'a> {
    #[inline(always)]
    fn new<const L: usize>(op: &'o Operands<'a>, rows: std::ops::Range<usize>, n: usize) -> Self {
        let mut widths = Vec::new();
        let mut j0 = 0;
        while j0 < n {
            let w = tile_width::<L>(n - j0);
            widths.push((j0, w));
            j0 += w;
        }
        TileGrid { op, rows, n, widths }
    }

    fn blocks(&self) -> usize {
        (self.rows.end - self.rows.start).div_ceil(I)
    }

    /// Output (i, j) on its own (the fallback for a tile with a non-finite σ).
    fn one<const FMA: bool>(&self, i: usize, j: usize) -> f64 {
        let op = self.op;
        let split_of = |v: &[f64], idx: usize| if FMA { (0.0, 0.0) } else { (v[2 * idx], v[2 * idx + 1]) };
        let sigma = sigma_of(op.exp_a[i], op.exp_b[j]);
        if !sigma.is_finite() {
            return neumaier_dot((0..op.steps).map(|l| op.a[i * op.ai + l * op.al]), (0..op.steps).map(|l| op.b[op.b_index(j, l)]));
        }
        let (mut t, mut r) = (sigma, 0.0f64);
        for l in 0..op.steps {
            let (ia, ib) = (i * op.ai + l * op.al, op.b_index(j, l));
            let ((ah, al), (bh, bl)) = (split_of(op.a_split, ia), split_of(op.b_split, ib));
            step::<FMA>(op.a[ia], op.b[ib], ah, al, bh, bl, &mut t, &mut r);
        }
        (t - sigma) + r
    }

    /// Starts tile (block `blk`, column tile q): σ, t = σ, r = 0. Returns whether every σ of its
    /// outputs is finite (padding rows and columns get a finite σ; their outputs are not written).
    #[inline(always)]
    fn init<const L: usize>(&self, blk: usize, q: usize, st: &mut [f64]) -> bool {
        let finite = self.sigmas::<L>(blk, q, st);
        let (sig, tr) = st.split_at_mut(I * MAX_W);
        let (t, r) = tr.split_at_mut(I * MAX_W);
        t.copy_from_slice(sig);
        r.fill(0.0);
        finite
    }

    /// The σ of tile (block `blk`, column tile q) into the first I·MAX_W values of `st`; whether
    /// every σ of its outputs is finite.
    #[inline(always)]
    fn sigmas<const L: usize>(&self, blk: usize, q: usize, st: &mut [f64]) -> bool {
        let (i0, (j0, w)) = (self.rows.start + blk * I, self.widths[q]);
        let sig: &mut [f64; I * MAX_W] = (&mut st[..I * MAX_W]).try_into().unwrap();
        let eb: &[u32; MAX_W] = self.op.exp_b[j0..j0 + MAX_W].try_into().unwrap();
        if self.op.all_finite && simd::finite_sigmas::<L>(std::array::from_fn(|a| if i0 + a < self.rows.end { self.op.exp_a[i0 + a] } else { PAD_EXPONENT }), eb, sig) {
            return true;
        }
        for a in 0..I {
            let ea = if i0 + a < self.rows.end { self.op.exp_a[i0 + a] } else { PAD_EXPONENT };
            for c in 0..MAX_W {
                sig[a * MAX_W + c] = sigma_of(ea, eb[c]);
            }
        }
        self.op.all_finite || (0..I).all(|a| sig[a * MAX_W..a * MAX_W + w].iter().all(|v| v.is_finite()))
    }

    /// The rows of block `blk` for steps l0..l0+steps as the tiles read them: in place (a whole
    /// block, with FMA), or packed I values per step into `a_pack` (a partial block with zero
    /// rows added; the Dekker tiles, with the splits in `a_pack_split`).
    #[inline(always)]
    fn rows_view<'v, const FMA: bool>(&'v self, blk: usize, l0: usize, steps: usize, a_pack: &'v mut [f64], a_pack_split: &mut [f64]) -> AView<'v> {
        let op = self.op;
        let i0 = self.rows.start + blk * I;
        if FMA && i0 + I <= self.rows.end {
            return AView { a: op.a, off: i0 * op.ai + l0 * op.al, ai: op.ai, al: op.al };
        }
        for l in 0..steps {
            for a in 0..I {
                let i = i0 + a;
                let ia = i * op.ai + (l0 + l) * op.al;
                let inside = i < self.rows.end;
                a_pack[l * I + a] = if inside { op.a[ia] } else { 0.0 };
                if !FMA {
                    let (h, lo) = if inside { (op.a_split[2 * ia], op.a_split[2 * ia + 1]) } else { (0.0, 0.0) };
                    a_pack_split[l * 2 * I + 2 * a] = h;
                    a_pack_split[l * 2 * I + 2 * a + 1] = lo;
                }
            }
        }
        AView { a: a_pack, off: 0, ai: 1, al: I }
    }

    /// Steps l0..l0+steps of tile (rows `view`, column tile q) on its (t, r).
    #[inline(always)]
    fn pass<const L: usize, const FMA: bool>(&self, view: &AView, a_pack_split: &[f64], l0: usize, steps: usize, q: usize, st: &mut [f64]) {
        let (j0, w) = self.widths[q];
        let (_, tr) = st.split_at_mut(I * MAX_W);
        let (t, r) = tr.split_at_mut(I * MAX_W);
        let (t, r): (&mut [f64; I * MAX_W], &mut [f64; I * MAX_W]) = (t.try_into().unwrap(), r.try_into().unwrap());
        tile_any::<L, FMA>(self.op, view, a_pack_split, l0, steps, j0, w, t, r, Sink::State);
    }

    /// Tile (block `blk`, column tile q) in one go with its outputs written straight into `out`
    /// (rows `rows`): a whole block, all `w` columns inside n, every σ finite, a vector level.
    /// Returns false (nothing done) otherwise.
    #[inline(always)]
    fn whole<const L: usize, const FMA: bool>(&self, view: &AView, blk: usize, q: usize, st: &mut [f64], out: &mut [f64]) -> bool {
        let (i0, (j0, w)) = (self.rows.start + blk * I, self.widths[q]);
        if !FMA || i0 + I > self.rows.end || j0 + w > self.n || !self.sigmas::<L>(blk, q, st) {
            return false;
        }
        let (sig, tr) = st.split_at_mut(I * MAX_W);
        let (sig, r): (&mut [f64; I * MAX_W], &mut [f64; I * MAX_W]) = (sig.try_into().unwrap(), (&mut tr[..I * MAX_W]).try_into().unwrap());
        let off = (i0 - self.rows.start) * self.n + j0;
        assert!(off + (I - 1) * self.n + w <= out.len());
        // the tile's I rows × w columns of `out` are inside it (assert above)
        let sink = Sink::Out { out: out[off..].as_mut_ptr(), stride: self.n };
        tile_any::<L, FMA>(self.op, view, &[], 0, self.op.steps, j0, w, sig, r, sink);
        true
    }

    /// Writes the outputs of tile (block `blk`, column tile q): (t − σ) + r, or each output on its
    /// own when a σ is not finite. `out` holds rows `rows`.
    #[inline(always)]
    fn finish<const FMA: bool>(&self, blk: usize, q: usize, st: &[f64], finite: bool, out: &mut [f64]) {
        let (i0, (j0, w), n) = (self.rows.start + blk * I, self.widths[q], self.n);
        let (sig, tr) = st.split_at(I * MAX_W);
        let (t, r) = tr.split_at(I * MAX_W);
        let cols = w.min(n - j0);
        for a in 0..I.min(self.rows.end - i0) {
            let o = &mut out[(i0 + a - self.rows.start) * n + j0..][..cols];
            if finite {
                let (sig, t, r) = (&sig[a * MAX_W..a * MAX_W + cols], &t[a * MAX_W..a * MAX_W + cols], &r[a * MAX_W..a * MAX_W + cols]);
                for c in 0..cols {
                    o[c] = (t[c] - sig[c]) + r[c];
                }
            } else {
                for (c, v) in o.iter_mut().enumerate() {
                    *v = self.one::<FMA>(i0 + a, j0 + c);
                }
            }
        }
    }
}

/// Outputs rows `rows` (all n columns) into `out` (row-major, `n` per row, starting at row
/// `rows.start`). `FMA` as in `step`.
///
/// Block by block of rows (each block read or packed once for all its column tiles). One pass
/// over the steps: tile by tile, each started, run and written at once (straight from the vector
/// registers when it can). Several passes (more than `STEP_CHUNK` steps): pass by pass, keeping
/// every tile's (t, r) between passes, so each output's terms are still added in order.
#[inline(always)]
fn product_rows<const L: usize, const FMA: bool>(op: &Operands, rows: std::ops::Range<usize>, n: usize, out: &mut [f64]) {
    let grid = TileGrid::new::<L>(op, rows, n);
    let (blocks, tiles) = (grid.blocks(), grid.widths.len());
    let mut a_pack = vec![0.0f64; STEP_CHUNK.min(op.steps) * I];
    let mut a_pack_split = vec![0.0f64; if FMA { 0 } else { STEP_CHUNK.min(op.steps) * 2 * I }];
    if op.steps <= STEP_CHUNK {
        let mut st = [0.0f64; S];
        for blk in 0..blocks {
            let view = grid.rows_view::<FMA>(blk, 0, op.steps, &mut a_pack, &mut a_pack_split);
            for q in 0..tiles {
                if grid.whole::<L, FMA>(&view, blk, q, &mut st, out) {
                    continue;
                }
                let finite = grid.init::<L>(blk, q, &mut st);
                if finite {
                    grid.pass::<L, FMA>(&view, &a_pack_split, 0, op.steps, q, &mut st);
                }
                grid.finish::<FMA>(blk, q, &st, finite, out);
            }
        }
        return;
    }
    let mut state = vec![0.0f64; blocks * tiles * S];
    let mut finite = vec![true; blocks * tiles];
    let slot = |blk: usize, q: usize| blk * tiles + q;
    for blk in 0..blocks {
        for q in 0..tiles {
            finite[slot(blk, q)] = grid.init::<L>(blk, q, &mut state[slot(blk, q) * S..(slot(blk, q) + 1) * S]);
        }
    }
    let mut l0 = 0;
    while l0 < op.steps {
        let steps = STEP_CHUNK.min(op.steps - l0);
        for blk in 0..blocks {
            let view = grid.rows_view::<FMA>(blk, l0, steps, &mut a_pack, &mut a_pack_split);
            for q in (0..tiles).filter(|&q| finite[slot(blk, q)]) {
                grid.pass::<L, FMA>(&view, &a_pack_split, l0, steps, q, &mut state[slot(blk, q) * S..(slot(blk, q) + 1) * S]);
            }
        }
        l0 += steps;
    }
    for blk in 0..blocks {
        for q in 0..tiles {
            grid.finish::<FMA>(blk, q, &state[slot(blk, q) * S..(slot(blk, q) + 1) * S], finite[slot(blk, q)], out);
        }
    }
}

/// Widest register tile (columns): 16 on AVX-512.
const MAX_W: usize = 16;

/// Columns of the next register tile at level L when `left` columns remain: two vectors on
/// AVX-512 (32 registers; one for a remainder of ≤ 8) and NEON, one on AVX2 (16 registers), L on
/// the levels without FMA.
const fn tile_width<const L: usize>(left: usize) -> usize {
    if cfg!(target_arch = "x86_64") && L == 8 {
        if left <= 8 { 8 } else { 16 }
    } else if cfg!(target_arch = "x86_64") && L == 4 {
        4
    } else if cfg!(target_arch = "aarch64") && L == 2 {
        4
    } else {
        L
    }
}

/// The I rows of a block as the tiles read them: value (row a, step l) at `a[off + a·ai + l·al]`.
struct AView<'a> {
    a: &'a [f64],
    off: usize,
    ai: usize,
    al: usize,
}

/// Where a vector register tile's accumulators start and end.
#[derive(Clone, Copy)]
enum Sink {
    /// (t, r) are read from and written back to the tile arrays (passes over parts of the steps).
    State,
    /// All the steps in one go: t starts at σ (the tile's t array, kept), r at 0, and the outputs
    /// (t − σ) + r of row a go to `out + a·stride` (I rows of the tile's width, all inside `out`).
    Out { out: *mut f64, stride: usize },
}

/// Runs steps l0..l0+steps of the register tile (rows `view`, columns j0..j0+w of the packed right
/// operand) on its running accumulators `t`, `r` (row a, column c at `a·MAX_W + c`): explicit
/// vector code where there is FMA, the lane-array code (Dekker, rows packed) otherwise.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn tile_any<const L: usize, const FMA: bool>(op: &Operands, view: &AView, a_pack_split: &[f64], l0: usize, steps: usize, j0: usize, w: usize, t: &mut [f64; I * MAX_W], r: &mut [f64; I * MAX_W], sink: Sink) {
    // a tile lies inside one panel (its width divides MAX_W and j0 is a multiple of it): step l
    // of its columns at b_off + l·MAX_W
    let b_off = op.b_index(j0, l0);
    assert!(j0 % MAX_W + w <= MAX_W);
    assert!(steps == 0 || b_off + (steps - 1) * MAX_W + w <= op.b.len());
    assert!(steps == 0 || view.off + (I - 1) * view.ai + (steps - 1) * view.al < view.a.len());
    assert!(w <= MAX_W);
    // SAFETY (each arm): the level's instruction set is available (`dispatch!` instantiates L = 8
    // only in its AVX-512F function, L = 4 in the AVX2+FMA one, L = 2 on aarch64 in the NEON one);
    // the asserts above bound every read of `op.b` and of the rows.
    match L {
        #[cfg(target_arch = "x86_64")]
        8 if w == 16 => unsafe { simd::tile_avx512::<2>(steps, view, op.b, b_off, MAX_W, t, r, sink) },
        #[cfg(target_arch = "x86_64")]
        8 => unsafe { simd::tile_avx512::<1>(steps, view, op.b, b_off, MAX_W, t, r, sink) },
        #[cfg(target_arch = "x86_64")]
        4 => unsafe { simd::tile_avx2(steps, view, op.b, b_off, MAX_W, t, r, sink) },
        #[cfg(target_arch = "aarch64")]
        2 => unsafe { simd::tile_neon(steps, view, op.b, b_off, MAX_W, t, r, sink) },
        _ => {
            assert!(matches!(sink, Sink::State), "the lane-array tiles keep their state in memory");
            let mut tt = [[0.0f64; L]; I];
            let mut rr = [[0.0f64; L]; I];
            for a in 0..I {
                tt[a].copy_from_slice(&t[a * MAX_W..a * MAX_W + L]);
                rr[a].copy_from_slice(&r[a * MAX_W..a * MAX_W + L]);
            }
            tile::<L, FMA>(op, view.a, a_pack_split, b_off, steps, &mut tt, &mut rr);
            for a in 0..I {
                t[a * MAX_W..a * MAX_W + L].copy_from_slice(&tt[a]);
                r[a * MAX_W..a * MAX_W + L].copy_from_slice(&rr[a]);
            }
        }
    }
}

/// The lane-array register tile (I × L outputs) of the levels without FMA, on its accumulators.
#[inline(always)]
fn tile<const L: usize, const FMA: bool>(op: &Operands, a_pack: &[f64], a_pack_split: &[f64], b_off: usize, steps: usize, t: &mut [[f64; L]; I], r: &mut [[f64; L]; I]) {
    let (mut bh, mut bl) = ([0.0f64; L], [0.0f64; L]);
    let (mut ah, mut al) = ([0.0f64; I], [0.0f64; I]);
    for l in 0..steps {
        let bb = b_off + l * MAX_W;
        let bv: &[f64; L] = op.b[bb..bb + L].try_into().unwrap();
        let av: &[f64; I] = a_pack[l * I..l * I + I].try_into().unwrap();
        if !FMA {
            let bs: &[f64] = &op.b_split[2 * bb..2 * bb + 2 * L];
            for q in 0..L {
                bh[q] = bs[2 * q];
                bl[q] = bs[2 * q + 1];
            }
            let aps: &[f64] = &a_pack_split[l * 2 * I..l * 2 * I + 2 * I];
            for a in 0..I {
                ah[a] = aps[2 * a];
                al[a] = aps[2 * a + 1];
            }
        }
        for a in 0..I {
            for q in 0..L {
                step::<FMA>(av[a], bv[q], ah[a], al[a], bh[q], bl[q], &mut t[a][q], &mut r[a][q]);
            }
        }
    }
}

/// Vector register tiles: per output the operation sequence of `step::<true>` (fused multiply-add,
/// subtract, fused multiply-subtract, add), so they match the generic FMA code bit for bit.
mod simd {
    use super::{AView, Sink, I, MAX_W};

    /// `sigma_of(ea[a], eb[c])` into `sig[a·MAX_W + c]` when every σ is known to be finite, as
    /// whole-vector stores on AVX-512 and AVX2 (the tile then loads σ straight from them: narrower
    /// stores would make each of those loads wait until they reach the cache). Returns false (nothing
    /// written) on the other levels.
    #[inline(always)]
    pub fn finite_sigmas<const L: usize>(ea: [u32; I], eb: &[u32; MAX_W], sig: &mut [f64; I * MAX_W]) -> bool {
        match L {
            // SAFETY: `dispatch!` instantiates L = 8 only in its AVX-512F function, L = 4 in the
            // AVX2 one; the loads and stores stay inside `eb` and `sig`.
            #[cfg(target_arch = "x86_64")]
            8 => unsafe { sigmas_avx512(ea, eb, sig) },
            #[cfg(target_arch = "x86_64")]
            4 => unsafe { sigmas_avx2(ea, eb, sig) },
            _ => return false,
        }
        true
    }

    /// σ = 2^(max(ea + eb − 2041, −1022)) as its bit pattern (max(ea + eb − 1018, 1)) << 52, the
    /// finite case of `sigma_of`, 8 columns per vector.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    unsafe fn sigmas_avx512(ea: [u32; I], eb: &[u32; MAX_W], sig: &mut [f64; I * MAX_W]) {
        use std::arch::x86_64::*;
        // SAFETY: 8-value loads and stores at offsets 0 and 8 of `eb` (16 values) and a·16 + 0/8
        // of `sig` (64 values).
        unsafe {
            let (bias, one) = (_mm256_set1_epi32(1018), _mm256_set1_epi32(1));
            let ebv = [_mm256_loadu_si256(eb.as_ptr() as *const __m256i), _mm256_loadu_si256(eb.as_ptr().add(8) as *const __m256i)];
            for (a, &e) in ea.iter().enumerate() {
                for (v, &b) in ebv.iter().enumerate() {
                    let sum = _mm256_max_epi32(_mm256_sub_epi32(_mm256_add_epi32(_mm256_set1_epi32(e as i32), b), bias), one);
                    let bits = _mm512_slli_epi64::<52>(_mm512_cvtepu32_epi64(sum));
                    _mm512_storeu_pd(sig.as_mut_ptr().add(a * MAX_W + 8 * v), _mm512_castsi512_pd(bits));
                }
            }
        }
    }

    /// `sigmas_avx512` with 4 columns per vector.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sigmas_avx2(ea: [u32; I], eb: &[u32; MAX_W], sig: &mut [f64; I * MAX_W]) {
        use std::arch::x86_64::*;
        // SAFETY: 4-value loads and stores inside `eb` (16 values) and `sig` (64 values).
        unsafe {
            let (bias, one) = (_mm_set1_epi32(1018), _mm_set1_epi32(1));
            for (a, &e) in ea.iter().enumerate() {
                for v in 0..MAX_W / 4 {
                    let b = _mm_loadu_si128(eb.as_ptr().add(4 * v) as *const __m128i);
                    let sum = _mm_max_epi32(_mm_sub_epi32(_mm_add_epi32(_mm_set1_epi32(e as i32), b), bias), one);
                    let bits = _mm256_slli_epi64::<52>(_mm256_cvtepu32_epi64(sum));
                    _mm256_storeu_pd(sig.as_mut_ptr().add(a * MAX_W + 4 * v), _mm256_castsi256_pd(bits));
                }
            }
        }
    }

    /// V vectors of 8 columns per row (V = 1 or 2).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f")]
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn tile_avx512<const V: usize>(steps: usize, view: &AView, b: &[f64], b_off: usize, b_stride: usize, t_io: &mut [f64; I * MAX_W], r_io: &mut [f64; I * MAX_W], sink: Sink) {
        use std::arch::x86_64::*;
        // SAFETY: every pointer below stays inside the rows of `view` and `b` (both checked by the
        // caller for `steps` steps, 8·V columns), the tile arrays and the output rows (checked by
        // `Sink::Out`'s maker).
        unsafe {
            let mut t = [[_mm512_setzero_pd(); V]; I];
            let mut r = [[_mm512_setzero_pd(); V]; I];
            for a in 0..I {
                for v in 0..V {
                    t[a][v] = _mm512_loadu_pd(t_io.as_ptr().add(a * MAX_W + 8 * v));
                    if let Sink::State = sink {
                        r[a][v] = _mm512_loadu_pd(r_io.as_ptr().add(a * MAX_W + 8 * v));
                    }
                }
            }
            let (ap, bp) = (view.a.as_ptr().add(view.off), b.as_ptr().add(b_off));
            for l in 0..steps {
                let row = bp.add(l * b_stride);
                let mut bv = [_mm512_setzero_pd(); V];
                for (v, x) in bv.iter_mut().enumerate() {
                    *x = _mm512_loadu_pd(row.add(8 * v));
                }
                for a in 0..I {
                    let av = _mm512_set1_pd(*ap.add(a * view.ai + l * view.al));
                    for v in 0..V {
                        let tn = _mm512_fmadd_pd(av, bv[v], t[a][v]);
                        let d = _mm512_sub_pd(tn, t[a][v]);
                        r[a][v] = _mm512_add_pd(r[a][v], _mm512_fmsub_pd(av, bv[v], d));
                        t[a][v] = tn;
                    }
                }
            }
            for a in 0..I {
                for v in 0..V {
                    match sink {
                        Sink::State => {
                            _mm512_storeu_pd(t_io.as_mut_ptr().add(a * MAX_W + 8 * v), t[a][v]);
                            _mm512_storeu_pd(r_io.as_mut_ptr().add(a * MAX_W + 8 * v), r[a][v]);
                        }
                        Sink::Out { out, stride } => {
                            let sigma = _mm512_loadu_pd(t_io.as_ptr().add(a * MAX_W + 8 * v));
                            _mm512_storeu_pd(out.add(a * stride + 8 * v), _mm512_add_pd(_mm512_sub_pd(t[a][v], sigma), r[a][v]));
                        }
                    }
                }
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn tile_avx2(steps: usize, view: &AView, b: &[f64], b_off: usize, b_stride: usize, t_io: &mut [f64; I * MAX_W], r_io: &mut [f64; I * MAX_W], sink: Sink) {
        use std::arch::x86_64::*;
        // SAFETY: as in tile_avx512, with 4 columns.
        unsafe {
            let mut t = [_mm256_setzero_pd(); I];
            let mut r = [_mm256_setzero_pd(); I];
            for a in 0..I {
                t[a] = _mm256_loadu_pd(t_io.as_ptr().add(a * MAX_W));
                if let Sink::State = sink {
                    r[a] = _mm256_loadu_pd(r_io.as_ptr().add(a * MAX_W));
                }
            }
            let (ap, bp) = (view.a.as_ptr().add(view.off), b.as_ptr().add(b_off));
            for l in 0..steps {
                let bv = _mm256_loadu_pd(bp.add(l * b_stride));
                for a in 0..I {
                    let av = _mm256_set1_pd(*ap.add(a * view.ai + l * view.al));
                    let tn = _mm256_fmadd_pd(av, bv, t[a]);
                    let d = _mm256_sub_pd(tn, t[a]);
                    r[a] = _mm256_add_pd(r[a], _mm256_fmsub_pd(av, bv, d));
                    t[a] = tn;
                }
            }
            for a in 0..I {
                match sink {
                    Sink::State => {
                        _mm256_storeu_pd(t_io.as_mut_ptr().add(a * MAX_W), t[a]);
                        _mm256_storeu_pd(r_io.as_mut_ptr().add(a * MAX_W), r[a]);
                    }
                    Sink::Out { out, stride } => {
                        let sigma = _mm256_loadu_pd(t_io.as_ptr().add(a * MAX_W));
                        _mm256_storeu_pd(out.add(a * stride), _mm256_add_pd(_mm256_sub_pd(t[a], sigma), r[a]));
                    }
                }
            }
        }
    }

    #[cfg(target_arch = "aarch64")]
    #[target_feature(enable = "neon")]
    #[allow(clippy::too_many_arguments)]
    pub unsafe fn tile_neon(steps: usize, view: &AView, b: &[f64], b_off: usize, b_stride: usize, t_io: &mut [f64; I * MAX_W], r_io: &mut [f64; I * MAX_W], sink: Sink) {
        use std::arch::aarch64::*;
        // SAFETY: as in tile_avx512, with 4 columns (two vectors).
        unsafe {
            let mut t = [[vdupq_n_f64(0.0); 2]; I];
            let mut r = [[vdupq_n_f64(0.0); 2]; I];
            for a in 0..I {
                for v in 0..2 {
                    t[a][v] = vld1q_f64(t_io.as_ptr().add(a * MAX_W + 2 * v));
                    if let Sink::State = sink {
                        r[a][v] = vld1q_f64(r_io.as_ptr().add(a * MAX_W + 2 * v));
                    }
                }
            }
            let (ap, bp) = (view.a.as_ptr().add(view.off), b.as_ptr().add(b_off));
            for l in 0..steps {
                let row = bp.add(l * b_stride);
                let bv = [vld1q_f64(row), vld1q_f64(row.add(2))];
                for a in 0..I {
                    let av = vdupq_n_f64(*ap.add(a * view.ai + l * view.al));
                    for v in 0..2 {
                        let tn = vfmaq_f64(t[a][v], av, bv[v]);
                        let d = vsubq_f64(tn, t[a][v]);
                        // fl(a·b − d): vfmsq computes d − a·b rounded once; negating is exact
                        r[a][v] = vaddq_f64(r[a][v], vnegq_f64(vfmsq_f64(d, av, bv[v])));
                        t[a][v] = tn;
                    }
                }
            }
            for a in 0..I {
                for v in 0..2 {
                    match sink {
                        Sink::State => {
                            vst1q_f64(t_io.as_mut_ptr().add(a * MAX_W + 2 * v), t[a][v]);
                            vst1q_f64(r_io.as_mut_ptr().add(a * MAX_W + 2 * v), r[a][v]);
                        }
                        Sink::Out { out, stride } => {
                            let sigma = vld1q_f64(t_io.as_ptr().add(a * MAX_W + 2 * v));
                            vst1q_f64(out.add(a * stride + 2 * v), vaddq_f64(vsubq_f64(t[a][v], sigma), r[a][v]));
                        }
                    }
                }
            }
        }
    }
}

/// Whether level `L` (as instantiated by `dispatch!`) has fused multiply-add: AVX2 (with FMA) and
/// AVX-512F on x86-64, NEON on aarch64. SSE2 and scalar use Dekker's product.
pub(crate) const fn has_fma<const L: usize>() -> bool {
    if cfg!(target_arch = "aarch64") {
        L == 2
    } else {
        L >= 4
    }
}

fn rows_kernel(level: Level, op: &Operands, rows: std::ops::Range<usize>, n: usize, out: &mut [f64]) {
    dispatch!(level, rows, (op: &Operands, rows: std::ops::Range<usize>, n: usize, out: &mut [f64]) -> (), {
        if has_fma::<L>() { product_rows::<L, true>(op, rows, n, out) } else { product_rows::<L, false>(op, rows, n, out) }
    });
}

/// Worker threads for the products: `DIA_OPS_THREADS` if set (≥ 1), else the available cores, at
/// most 8. Each output is computed by one thread, in the same order: the thread count never
/// changes a result.
pub fn kernel_threads() -> usize {
    static THREADS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *THREADS.get_or_init(|| {
        std::env::var("DIA_OPS_THREADS").ok().and_then(|v| v.parse::<usize>().ok()).filter(|&t| t >= 1).unwrap_or_else(|| std::thread::available_parallelism().map(|p| p.get()).unwrap_or(1).min(8))
    })
}

/// Below this many multiply-adds a product runs on the calling thread.
const PARALLEL_MIN_TERMS: usize = 1 << 20;

/// Runs `rows_kernel` over all m output rows, split in blocks of I rows over the worker threads.
fn run(level: Level, op: &Operands, m: usize, n: usize, out: &mut [f64]) {
    let threads = if m * n * op.steps >= PARALLEL_MIN_TERMS { kernel_threads().min(m.div_ceil(I)) } else { 1 };
    if threads <= 1 {
        rows_kernel(level, op, 0..m, n, out);
        return;
    }
    let per = m.div_ceil(I).div_ceil(threads) * I;
    std::thread::scope(|scope| {
        for (c, chunk) in out.chunks_mut(per * n).enumerate() {
            let start = c * per;
            let end = (start + per).min(m);
            scope.spawn(move || rows_kernel(level, op, start..end, n, chunk));
        }
    });
}

/// max_l |x[i·cols + l]| · scale per row i of a row-major matrix (NaN if the row holds a NaN).
/// Maxima, not 2-norms: squares of tiny values would underflow and understate the bound. Eight
/// running maxima per row (a maximum does not depend on the order).
fn max_abs_rows(x: &[f64], rows: usize, cols: usize, scale: f64) -> Vec<f64> {
    (0..rows).map(|i| row_bound(&x[i * cols..(i + 1) * cols], scale)).collect()
}

/// max_l |row[l]| · scale (NaN if the row holds a NaN), with eight running maxima; also the bound
/// of one left-operand row for callers that compute it where they write the row
/// (`row_bound(row, steps)` = `left_bounds_rows` of that row).
#[inline(always)]
pub(crate) fn row_bound(row: &[f64], scale: f64) -> f64 {
    let mut m = [0.0f64; 8];
    let mut nan = false;
    let mut chunks = row.chunks_exact(8);
    for c in &mut chunks {
        for q in 0..8 {
            let v = c[q].abs();
            nan |= v.is_nan();
            m[q] = if v > m[q] { v } else { m[q] };
        }
    }
    for &v in chunks.remainder() {
        let v = v.abs();
        nan |= v.is_nan();
        m[0] = if v > m[0] { v } else { m[0] };
    }
    let top = m.iter().fold(0.0f64, |a, &b| if b > a { b } else { a });
    if nan { f64::NAN } else { top * scale }
}

/// max_r |x[r][c]| · scale per column c of a row-major rows × cols matrix (NaN if the column
/// holds a NaN), swept row by row; the same values as `max_abs_rows` on the transpose.
#[inline(always)]
fn max_abs_cols(x: &[f64], rows: usize, cols: usize, scale: f64) -> Vec<f64> {
    let mut m = vec![0.0f64; cols];
    let mut nan = vec![false; cols];
    for row in x.chunks_exact(cols.max(1)).take(rows) {
        for ((mc, nc), &v) in m.iter_mut().zip(nan.iter_mut()).zip(row) {
            let v = v.abs();
            *nc |= v.is_nan();
            *mc = if v > *mc { v } else { *mc };
        }
    }
    m.iter().zip(&nan).map(|(&v, &bad)| if bad { f64::NAN } else { v * scale }).collect()
}

/// Whether `level` computes Dekker's product (no FMA).
fn needs_splits(level: Level) -> bool {
    match level {
        Level::Sse2 | Level::Scalar => true,
        Level::Neon | Level::Avx2 | Level::Avx512 => false,
    }
}

/// Dekker splits (hi, lo interleaved) of every value, for the levels without FMA.
fn splits(level: Level, x: &[f64]) -> Vec<f64> {
    if !needs_splits(level) {
        return Vec::new();
    }
    let mut s = vec![0.0f64; 2 * x.len()];
    for (k, &v) in x.iter().enumerate() {
        let (h, l) = split(v);
        s[2 * k] = h;
        s[2 * k + 1] = l;
    }
    s
}

/// n rounded up to whole register tiles.
fn padded(n: usize) -> usize {
    n.div_ceil(MAX_W) * MAX_W
}

/// A right operand laid out for the tiles: column panels of `MAX_W` columns (the last one padded
/// with zeros), each `steps` rows of `MAX_W` contiguous values, so that a register tile streams
/// through contiguous memory (a row-major operand read column tile by column tile strides by its
/// row length, and with 128 or 1,024 columns every step falls in the same few L1 sets). Also the
/// exponent fields of max_l |b| per column, and the Dekker splits for the levels without FMA
/// (made on first use).
pub(crate) struct RightOperand {
    data: Vec<f64>,
    n: usize,
    steps: usize,
    exp: Vec<u32>,
    split: std::sync::OnceLock<Vec<f64>>,
}

impl RightOperand {
    /// `get(j, l)` for every column j < n and step l, packed into panels, with the column bounds.
    fn packed(n: usize, steps: usize, bound: Vec<f64>, get: impl Fn(usize, usize) -> f64) -> RightOperand {
        let mut data = vec![0.0f64; padded(n) * steps];
        for l in 0..steps {
            for j in 0..n {
                data[panel_index(j, l, steps)] = get(j, l);
            }
        }
        // exponent fields of the bounds, padded so that a tile may read MAX_W of them at any column
        let mut exp = vec![PAD_EXPONENT; padded(n) + MAX_W];
        for (e, &v) in exp.iter_mut().zip(&bound) {
            *e = exponent_field(v);
        }
        RightOperand { data, n, steps, exp, split: std::sync::OnceLock::new() }
    }

    /// From b with one row per output column (n × steps, row-major): the right operand of a·bᵀ.
    pub(crate) fn from_rows(b: &[f64], n: usize, steps: usize) -> RightOperand {
        Self::packed(n, steps, max_abs_rows(b, n, steps, 1.0), |j, l| b[j * steps + l])
    }

    /// From b with one row per step (steps × n, row-major): the right operand of aᵀ·b.
    pub(crate) fn from_steps(b: &[f64], steps: usize, n: usize) -> RightOperand {
        Self::packed(n, steps, max_abs_cols(b, steps, n, 1.0), |j, l| b[l * n + j])
    }

    /// The Dekker splits of `data` at `level` (empty where it has FMA).
    fn splits_for(&self, level: Level) -> &[f64] {
        if !needs_splits(level) {
            return &[];
        }
        self.split.get_or_init(|| splits(level, &self.data))
    }
}

/// The left operand: value (i, l) at `a[i·ai + l·al]`, m rows, and `bound[i]` = steps·max_l |a|.
pub(crate) struct LeftOperand<'a> {
    pub(crate) a: &'a [f64],
    pub(crate) ai: usize,
    pub(crate) al: usize,
    pub(crate) m: usize,
    pub(crate) bound: &'a [f64],
}

/// Bounds of a left operand given by rows (m × steps): steps·max|row|.
pub(crate) fn left_bounds_rows(a: &[f64], m: usize, steps: usize) -> Vec<f64> {
    max_abs_rows(a, m, steps, steps as f64)
}

/// Bounds of a left operand given by columns (steps × m, output row i = column i): steps·max|col|.
#[inline(always)]
pub(crate) fn left_bounds_cols(a: &[f64], steps: usize, m: usize) -> Vec<f64> {
    max_abs_cols(a, steps, m, steps as f64)
}

/// The operands of `left` × `right` at `level`, handed to `f`.
fn with_operands<R>(level: Level, left: &LeftOperand, right: &RightOperand, f: impl FnOnce(&Operands) -> R) -> R {
    let a_split = splits(level, left.a);
    let exp_a: Vec<u32> = left.bound.iter().map(|&v| exponent_field(v)).collect();
    let top = |e: &[u32]| e.iter().copied().max().unwrap_or(PAD_EXPONENT).max(PAD_EXPONENT);
    let all_finite = sigma_of(top(&exp_a), top(&right.exp)).is_finite();
    let op = Operands { a: left.a, a_split: &a_split, ai: left.ai, al: left.al, b: &right.data, b_split: right.splits_for(level), steps: right.steps, exp_a: &exp_a, exp_b: &right.exp, all_finite };
    f(&op)
}

/// out (m × right.n, row-major) = the products of `left` and `right`, split over the worker
/// threads when large.
pub(crate) fn product(level: Level, left: &LeftOperand, right: &RightOperand, out: &mut [f64]) {
    with_operands(level, left, right, |op| run(level, op, left.m, right.n, out));
}

/// `product` on the calling thread (for callers that split rows over threads themselves).
pub(crate) fn product_serial(level: Level, left: &LeftOperand, right: &RightOperand, out: &mut [f64]) {
    with_operands(level, left, right, |op| rows_kernel(level, op, 0..left.m, right.n, out));
}

/// out[i][j] = Σ_l a[i][l]·b[j][l] (a: m × k, b: n × k, row-major), every output a nearly exact dot
/// product (module comment).
pub fn compensated_matmul_nt(level: Level, a: &[f64], b: &[f64], m: usize, n: usize, k: usize, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(m, k, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, k, "b")?)?;
    expect_len("out", out.len(), checked_mul(m, n, "out")?)?;
    let bound = left_bounds_rows(a, m, k);
    product(level, &LeftOperand { a, ai: k, al: 1, m, bound: &bound }, &RightOperand::from_rows(b, n, k), out);
    Ok(())
}

/// out[i][j] = Σ_r a[r][i]·b[r][j] (aᵀ·b; a: n × p, b: n × q, row-major), every output a nearly
/// exact dot product over r (module comment).
pub fn compensated_matmul_tn(level: Level, a: &[f64], b: &[f64], n: usize, p: usize, q: usize, out: &mut [f64]) -> Result<(), ShapeError> {
    let level = checked_level(level)?;
    expect_len("a", a.len(), checked_mul(n, p, "a")?)?;
    expect_len("b", b.len(), checked_mul(n, q, "b")?)?;
    expect_len("out", out.len(), checked_mul(p, q, "out")?)?;
    let bound = left_bounds_cols(a, n, p);
    product(level, &LeftOperand { a, ai: 1, al: p, m: p, bound: &bound }, &RightOperand::from_steps(b, n, q), out);
    Ok(())
}
