//! The global allocator of the `msglint` binary and its benchmarks: mimalloc, entered
//! through its plain functions whenever the alignment allows.
//!
//! The `mimalloc` crate sends every allocation through `mi_malloc_aligned`, whose checks
//! cost about 20 instructions per call before reaching the same free list; swc allocates
//! a node per token or two, so that showed as 2.6% of a check (3.8% on a finding-dense
//! one) in callgrind.
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// Every mimalloc block is at least word-aligned (its smallest size class is one word),
/// so `mi_malloc` serves any layout aligned to this or less.
const WORD: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator.
pub struct MiMalloc;

// SAFETY: every path hands out memory from mimalloc with at least the layout's alignment
// (plain functions only for alignments a word or less, which every block meets; the
// aligned functions otherwise), and every block is freed with `mi_free`, which accepts
// blocks from all of them.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_malloc(layout.size()) as *mut u8
        } else {
            mi::mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_zalloc(layout.size()) as *mut u8
        } else {
            mi::mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        mi::mi_free(ptr as *mut c_void);
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() <= WORD {
            mi::mi_realloc(ptr as *mut c_void, new_size) as *mut u8
        } else {
            mi::mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_meet_their_layouts_alignment() {
        // Both paths, small and large sizes, and a realloc that moves the block.
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 8, 24, 100, 4096, 1 << 20] {
                let layout = Layout::from_size_align(size, align).expect("layout");
                unsafe {
                    let p = MiMalloc.alloc(layout);
                    assert!(!p.is_null());
                    assert_eq!(p as usize % align, 0, "size {size} align {align}");
                    p.write_bytes(0xab, size);
                    let q = MiMalloc.realloc(p, layout, size * 3);
                    assert_eq!(q as usize % align, 0, "realloc size {size} align {align}");
                    assert_eq!(*q.add(size - 1), 0xab, "realloc keeps the contents");
                    MiMalloc.dealloc(q, Layout::from_size_align(size * 3, align).expect("layout"));
                    let z = MiMalloc.alloc_zeroed(layout);
                    assert_eq!(z as usize % align, 0);
                    assert!((0..size).all(|i| *z.add(i) == 0));
                    MiMalloc.dealloc(z, layout);
                }
            }
        }
    }
}
