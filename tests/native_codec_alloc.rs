//! A 0xFFFFFFFF length allocates nothing near 4 GiB. Its own test binary, so the counting
//! allocator sees only this test.
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{self, Read};
use std::sync::atomic::{AtomicUsize, Ordering};

use msglint::native::codec::{FrameError, FrameReader, TO_HOST_CAP};

struct Peak;
static LARGEST: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Peak {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LARGEST.fetch_max(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LARGEST.fetch_max(new_size, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Peak = Peak;

/// 0xFFFFFFFF, then a body that never ends.
struct Hostile {
    header_left: usize,
}
impl Read for Hostile {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.header_left > 0 {
            let n = buf.len().min(self.header_left);
            buf[..n].fill(0xff);
            self.header_left -= n;
            return Ok(n);
        }
        buf.fill(b'a');
        Ok(buf.len())
    }
}

#[test]
fn max_length_is_refused_without_allocating_it() {
    let before = LARGEST.load(Ordering::Relaxed);
    let mut r = FrameReader::new(Hostile { header_left: 4 }, TO_HOST_CAP);
    match r.read_frame() {
        Err(FrameError::TooLarge { len, cap }) => {
            assert_eq!((len, cap), (0xFFFF_FFFF, TO_HOST_CAP))
        }
        other => panic!("{other:?}"),
    }
    let largest = LARGEST.load(Ordering::Relaxed);
    assert!(
        largest < 1024 * 1024,
        "largest allocation {largest} bytes (before the read: {before})"
    );
}
