//! The allocator. A build makes each page's data as a tree of small JSON
//! values and drops it once the page is written: tens of millions of
//! short-lived allocations. mimalloc (the binary's global allocator) serves
//! them in about a fifth fewer instructions than glibc's malloc.

/// mimalloc's `mi_option_purge_delay`: the same place in the option enum
/// of its v2 and v3 headers; the crate names no constant for it.
const PURGE_DELAY: std::ffi::c_int = 15;

/// Memory freed by one page (or one dev-server rebuild) is kept for the
/// next instead of handed back to the OS and faulted in again. With the
/// default 10 ms delay, the kernel's page zeroing ate most of the gain in
/// a build, and an edit under `serve` took 15 ms longer to reload
/// (see BENCHMARKS.md). The dev server's memory stays at the peak of its
/// largest rebuild, which it would reach again on the next one anyway.
pub fn keep_freed_memory() {
    // SAFETY: sets one integer option; mimalloc allows it at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}
