//! Hints to the processor that change when memory is read, never what.

/// Asks the processor to start loading the cache line at `p` into its
/// caches, so that a later read of it need not wait for memory (no effect
/// on targets other than x86-64).
#[inline(always)]
pub(crate) fn prefetch<T: ?Sized>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: a prefetch is only a hint: it reads nothing the program
    // sees and does not fault, whatever the address.
    #[allow(unused_unsafe)]
    unsafe {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// [`prefetch`] of every cache line of a slice's elements.
#[inline]
pub(crate) fn prefetch_slice<T>(items: &[T]) {
    let start = items.as_ptr().cast::<u8>();
    for offset in (0..std::mem::size_of_val(items)).step_by(64) {
        prefetch(start.wrapping_add(offset));
    }
}
