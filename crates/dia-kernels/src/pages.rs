//! Transparent huge pages for large arrays, as numpy asks for them (`numpy/_core/src/multiarray/
//! alloc.c`: `madvise(MADV_HUGEPAGE)` on every array of at least 4 MiB).

/// Asks Linux to back the 2 MiB-aligned interior of [addr, addr + len) with 2 MiB pages (memory
/// sharing the first or last huge page is not touched). Advice only: contents and validity do not
/// change, and nothing happens where it is refused or on other systems. Best given before the
/// pages are first written: a fresh array then costs one page fault per 2 MiB instead of per 4 KiB,
/// and walks through it miss the TLB far less.
#[cfg(target_os = "linux")]
pub(crate) fn advise_huge_pages(addr: usize, len: usize) {
    extern "C" {
        fn madvise(addr: *mut core::ffi::c_void, length: usize, advice: core::ffi::c_int) -> core::ffi::c_int;
    }
    const MADV_HUGEPAGE: core::ffi::c_int = 14;
    const HUGE: usize = 2 << 20;
    let (start, end) = ((addr + HUGE - 1) & !(HUGE - 1), (addr + len) & !(HUGE - 1));
    if end > start {
        // SAFETY: [start, end) lies inside the caller's allocation; MADV_HUGEPAGE only changes how
        // the kernel backs the pages, not their contents or validity.
        unsafe { madvise(start as *mut core::ffi::c_void, end - start, MADV_HUGEPAGE) };
    }
}

/// Not Linux: nothing to ask.
#[cfg(not(target_os = "linux"))]
pub(crate) fn advise_huge_pages(_addr: usize, _len: usize) {}

/// Arrays from this size on get the advice (numpy's threshold).
pub(crate) const HUGE_PAGE_MIN_BYTES: usize = 4 << 20;
