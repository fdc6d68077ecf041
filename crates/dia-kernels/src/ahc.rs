//! Centroid / median linkage as scipy computes it: condensed euclidean distances (`pdist`, the
//! per-pair kernel of `lanes::pdist`, bit-identical on every level), then scipy's generic algorithm
//! `_hierarchy.fast_linkage` (Müllner's fastcluster) loop for loop: the same heap, the same
//! nearest-neighbour bookkeeping, the same Lance–Williams formula evaluated in the same order, so
//! the merge order and every distance are bit-identical to scipy's.
//!
//! The condensed matrix (n(n−1)/2 doubles) is allocated here, natively, with a fallible
//! allocation: there is no size limit but memory.
use crate::{checked_level, checked_mul, expect_len, Level, ShapeError};
use crate::pages::advise_huge_pages;

/// Lance–Williams update of scipy's `_hierarchy_distance_update.pxi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkageMethod {
    Centroid,
    Median,
}

/// Why a linkage could not run.
#[derive(Debug, Clone, PartialEq)]
pub enum LinkageError {
    Shape(ShapeError),
    /// The condensed distance matrix could not be allocated: it needs `bytes` bytes.
    OutOfMemory { bytes: u128 },
}

impl From<ShapeError> for LinkageError {
    fn from(e: ShapeError) -> Self {
        LinkageError::Shape(e)
    }
}

/// Bytes of the condensed distance matrix of n observations: 8·n(n−1)/2.
pub fn condensed_bytes(n: usize) -> u128 {
    let n = n as u128;
    4 * n * n.saturating_sub(1)
}

/// scipy `_centroid`: `√(((nx·dxi·dxi) + (ny·dyi·dyi)) − (nx·ny·dxy·dxy)/(nx + ny)) / (nx + ny))`.
/// The size product is exact here (scipy multiplies C ints, exact below n ≈ 92,681).
#[inline(always)]
fn centroid(d_xi: f64, d_yi: f64, d_xy: f64, nx: f64, ny: f64) -> f64 {
    ((((nx * d_xi) * d_xi + (ny * d_yi) * d_yi) - (((nx * ny) * d_xy) * d_xy) / (nx + ny)) / (nx + ny)).sqrt()
}

/// scipy `_median` (WPGMC): `√(0.5·(dxi² + dyi²) − 0.25·dxy²)`.
#[inline(always)]
fn median(d_xi: f64, d_yi: f64, d_xy: f64) -> f64 {
    (0.5 * (d_xi * d_xi + d_yi * d_yi) - 0.25 * d_xy * d_xy).sqrt()
}

/// scipy's `Heap` (`_structures.pxi`): a binary min-heap over keys 0..n−1 with mutable values and
/// the same sift rules (so equal values pop in the same order).
struct Heap {
    index_by_key: Vec<u32>,
    key_by_index: Vec<u32>,
    values: Vec<f64>,
    size: usize,
}

impl Heap {
    fn new(values: &[f64]) -> Heap {
        let size = values.len();
        let mut h = Heap { index_by_key: (0..size as u32).collect(), key_by_index: (0..size as u32).collect(), values: values.to_vec(), size };
        for i in (0..size / 2).rev() {
            h.sift_down(i);
        }
        h
    }

    fn min(&self) -> (usize, f64) {
        (self.key_by_index[0] as usize, self.values[0])
    }

    fn remove_min(&mut self) {
        self.swap(0, self.size - 1);
        self.size -= 1;
        self.sift_down(0);
    }

    fn change_value(&mut self, key: usize, value: f64) {
        let index = self.index_by_key[key] as usize;
        let old = self.values[index];
        self.values[index] = value;
        if value < old {
            self.sift_up(index);
        } else {
            self.sift_down(index);
        }
    }

    fn sift_up(&mut self, mut index: usize) {
        while index > 0 {
            let parent = (index - 1) >> 1;
            if self.values[parent] > self.values[index] {
                self.swap(index, parent);
                index = parent;
            } else {
                break;
            }
        }
    }

    fn sift_down(&mut self, mut index: usize) {
        let mut child = (index << 1) + 1;
        while child < self.size {
            if child + 1 < self.size && self.values[child + 1] < self.values[child] {
                child += 1;
            }
            if self.values[index] > self.values[child] {
                self.swap(index, child);
                index = child;
                child = (index << 1) + 1;
            } else {
                break;
            }
        }
    }

    fn swap(&mut self, i: usize, j: usize) {
        self.values.swap(i, j);
        self.key_by_index.swap(i, j);
        self.index_by_key[self.key_by_index[i] as usize] = i as u32;
        self.index_by_key[self.key_by_index[j] as usize] = j as u32;
    }
}

/// The condensed matrix with scipy's index `n·i − i(i+1)/2 + (j − i − 1)` for i < j.
struct Condensed<'a> {
    d: &'a mut [f64],
    /// row_base[i] + j = index of (i, j), i < j
    row_base: Vec<usize>,
}

impl Condensed<'_> {
    #[inline(always)]
    fn at(&self, i: usize, j: usize) -> usize {
        // row_base[0] is −1 (wrapped): the sum wraps back to the index
        if i < j {
            self.row_base[i].wrapping_add(j)
        } else {
            self.row_base[j].wrapping_add(i)
        }
    }
}

/// scipy `find_min_dist`: the nearest live cluster above `x` (strict `<`, so the lowest index on
/// ties); (−1 as usize, +∞) when there is none.
#[inline(always)]
fn find_min_dist(d: &Condensed, live: &[u32], x: usize) -> (usize, f64) {
    let mut current = f64::INFINITY;
    let mut y = usize::MAX;
    let base = d.row_base[x];
    // live is ascending: the clusters above x are a suffix
    let start = live.partition_point(|&z| (z as usize) <= x);
    for &z in &live[start..] {
        let v = d.d[base.wrapping_add(z as usize)];
        if v < current {
            current = v;
            y = z as usize;
        }
    }
    (y, current)
}

/// scipy `fast_linkage(dists, n, method)` on a condensed matrix (modified in place); writes Z
/// ((n−1) × 4: id1 < id2, distance, size) in merge order, not re-sorted.
pub fn fast_linkage(dists: &mut [f64], n: usize, method: LinkageMethod, z_out: &mut [f64]) -> Result<(), ShapeError> {
    expect_len("dists", dists.len(), n * n.saturating_sub(1) / 2)?;
    expect_len("Z", z_out.len(), 4 * n.saturating_sub(1))?;
    if n < 2 {
        return Ok(());
    }
    let d = Condensed { row_base: (0..n).map(|i| (n * i).wrapping_sub(i * (i + 1) / 2).wrapping_sub(i + 1)).collect(), d: dists };
    let mut size = vec![1usize; n];
    let mut cluster_id: Vec<usize> = (0..n).collect();
    // the live clusters in ascending order: scipy visits all n and skips size 0; visiting only the
    // live ones does the same operations (each is independent of the others) in the same order
    let mut live: Vec<u32> = (0..n as u32).collect();
    let mut neighbor = vec![0usize; n - 1];
    let mut min_dist = vec![0.0f64; n - 1];
    for x in 0..n - 1 {
        let (y, v) = find_min_dist(&d, &live, x);
        neighbor[x] = y;
        min_dist[x] = v;
    }
    let mut heap = Heap::new(&min_dist);
    for k in 0..n - 1 {
        // at most n − k distance updates find the two closest clusters (scipy's bounded loop)
        let (mut x, mut dist) = (0usize, 0.0f64);
        let mut y = 0usize;
        for _ in 0..n - k {
            (x, dist) = heap.min();
            y = neighbor[x];
            if y != usize::MAX && dist == d.d[d.at(x, y)] {
                break;
            }
            (y, dist) = find_min_dist(&d, &live, x);
            neighbor[x] = y;
            min_dist[x] = dist;
            heap.change_value(x, dist);
        }
        if y == usize::MAX {
            // only NaN distances are left (scipy would read outside its matrix here)
            return Err(ShapeError(format!("merge {k}: no finite distance left (NaN distances)")));
        }
        heap.remove_min();
        let (mut id_x, mut id_y) = (cluster_id[x], cluster_id[y]);
        let (nx, ny) = (size[x], size[y]);
        if id_x > id_y {
            std::mem::swap(&mut id_x, &mut id_y);
        }
        z_out[4 * k] = id_x as f64;
        z_out[4 * k + 1] = id_y as f64;
        z_out[4 * k + 2] = dist;
        z_out[4 * k + 3] = (nx + ny) as f64;
        size[x] = 0; // cluster x is dropped
        size[y] = nx + ny; // cluster y becomes the new cluster
        cluster_id[y] = n + k;
        let at_x = live.partition_point(|&z| (z as usize) < x);
        live.remove(at_x);
        // update the distance matrix
        let (fx, fy) = (nx as f64, ny as f64);
        for &z in &live {
            let z = z as usize;
            if z == y {
                continue;
            }
            let (zx, zy) = (d.at(z, x), d.at(z, y));
            d.d[zy] = match method {
                LinkageMethod::Centroid => centroid(d.d[zx], d.d[zy], dist, fx, fy),
                LinkageMethod::Median => median(d.d[zx], d.d[zy], dist),
            };
        }
        // reassign neighbour candidates from x to y (a logical guess, as scipy)
        for &z in &live {
            let z = z as usize;
            if z >= x {
                break;
            }
            if neighbor[z] == x {
                neighbor[z] = y;
            }
        }
        // update lower bounds of distance
        for &z in &live {
            let z = z as usize;
            if z >= y {
                break;
            }
            let v = d.d[d.at(z, y)];
            if v < min_dist[z] {
                neighbor[z] = y;
                min_dist[z] = v;
                heap.change_value(z, v);
            }
        }
        // nearest neighbour of y
        if y < n - 1 {
            let (z, v) = find_min_dist(&d, &live, y);
            if z != usize::MAX {
                neighbor[y] = z;
                min_dist[y] = v;
                heap.change_value(y, v);
            }
        }
    }
    Ok(())
}

/// The condensed matrix of n observations, allocated fallibly (no abort when memory is short).
fn allocate_condensed(n: usize) -> Result<Vec<f64>, LinkageError> {
    let oom = LinkageError::OutOfMemory { bytes: condensed_bytes(n) };
    let Some(len) = n.checked_mul(n.saturating_sub(1)).map(|m| m / 2) else { return Err(oom) };
    let mut v: Vec<f64> = Vec::new();
    v.try_reserve_exact(len).map_err(|_| oom)?;
    // the linkage walks columns of the condensed matrix, one page apart per step: with 4 KiB pages
    // nearly every step misses the TLB
    advise_huge_pages(v.as_mut_ptr() as usize, len * 8);
    v.resize(len, 0.0);
    Ok(v)
}

/// `scipy.cluster.hierarchy.linkage(x, method, metric="euclidean")` for float32 rows (promoted to
/// double, as scipy does): Z ((n−1) × 4) into `z_out`.
pub fn linkage_f32(level: Level, x: &[f32], n: usize, d: usize, method: LinkageMethod, z_out: &mut [f64]) -> Result<(), LinkageError> {
    checked_level(level)?;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    let mut dists = allocate_condensed(n)?;
    crate::pdist_f32(level, x, n, d, false, &mut dists)?;
    Ok(fast_linkage(&mut dists, n, method, z_out)?)
}

/// `linkage_f32` for float64 rows.
pub fn linkage_f64(level: Level, x: &[f64], n: usize, d: usize, method: LinkageMethod, z_out: &mut [f64]) -> Result<(), LinkageError> {
    checked_level(level)?;
    expect_len("x", x.len(), checked_mul(n, d, "x")?)?;
    let mut dists = allocate_condensed(n)?;
    crate::pdist_f64(level, x, n, d, false, &mut dists)?;
    Ok(fast_linkage(&mut dists, n, method, z_out)?)
}
