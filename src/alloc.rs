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

/// Every block mimalloc hands out is aligned to a pointer's size: its size
/// classes are multiples of 8 bytes and its pages start on 16.
const MALLOC_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator, asking for an aligned block only when
/// a type needs more than [`MALLOC_ALIGN`]. The `mimalloc` crate's own
/// `MiMalloc` takes the aligned path for every allocation, and a build
/// makes millions (5.3 million for 1,000 guides): the aligned path cost
/// 4.7 % of a build's instructions.
pub struct Allocator;

// SAFETY: each method hands the layout to the matching mimalloc call;
// plain `mi_malloc` / `mi_realloc` only where `MALLOC_ALIGN` already
// satisfies the layout's alignment.
unsafe impl std::alloc::GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_malloc, mi_malloc_aligned};
        // SAFETY: mimalloc allocates any size; the result is null or a
        // block of `layout.size()` bytes at the required alignment.
        unsafe {
            if layout.align() <= MALLOC_ALIGN {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        use libmimalloc_sys::{mi_zalloc, mi_zalloc_aligned};
        // SAFETY: as `alloc`, zeroed.
        unsafe {
            if layout.align() <= MALLOC_ALIGN {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _: std::alloc::Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        use libmimalloc_sys::{mi_realloc, mi_realloc_aligned};
        // SAFETY: `ptr` came from this allocator with `layout`; the new
        // block keeps the alignment `alloc` gave the old one.
        unsafe {
            if layout.align() <= MALLOC_ALIGN {
                mi_realloc(ptr.cast(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}
