//! `Shared<T>`: the one reference-counted handle behind every object that C sees
//! (`SSL_SESSION`, `SSL`, `SSL_CTX`).
//!
//! It is `Arc` reduced to what OpenSSL's ABI needs, plus two things `Arc` cannot do:
//! - add or drop *many* references in one atomic operation, which the lock-free
//!   session slot of an `SSL` relies on (see `slot.rs`);
//! - run a hook ([`Object::last_release`]) while the object is still whole and only
//!   shared references exist, so teardown code that calls back into C (remove
//!   callbacks on the last `SSL_CTX_free`, ex_data free callbacks) sees a live object.
//!
//! The pointer handed to C is the address of the `T` inside the allocation, as with
//! `Arc::into_raw`, so a `&T` and the C pointer are the same address.
//!
//! Provenance: the functions taking a C pointer back step from the `value` field
//! to the counter before it and may free the whole allocation, so the pointer
//! must carry the allocation's provenance, not just the field's. Every pointer
//! made here is therefore derived from the allocation pointer (`&raw const` on
//! `(*inner).value`, as `Arc::as_ptr` does), never from a `&T` or `&Inner<T>`,
//! and stepping back uses pointer arithmetic that keeps it. Miri checks this
//! (`make test-miri`, Stacked and Tree Borrows).

use std::marker::PhantomData;
use std::mem::offset_of;
use std::ptr::NonNull;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::OnceLock;

/// Behaviour common to every object handed out through [`Shared`].
pub trait Object: Send + Sync + Sized {
    /// Runs once, when the last reference goes, before the object is dropped.
    fn last_release(&self) {}
}

#[repr(C)]
struct Inner<T> {
    refs: AtomicUsize,
    value: T,
}

/// Refcounts above this are treated as corruption (as `Arc` does), never wrapped.
const MAX_REFS: usize = isize::MAX as usize;

/// Debugging support (sessl's checked mode): called with an object's C
/// address when its last reference goes.
static DEATH_OBSERVER: OnceLock<fn(usize)> = OnceLock::new();
/// Checked mode again: called with an object's C address when a reference is
/// added to it after its last one went (a free callback that stores its dying
/// object somewhere), which would destroy it twice. Expected not to return.
static REVIVAL_OBSERVER: OnceLock<fn(usize)> = OnceLock::new();
/// When set, dead objects are dropped but their memory is never released, so
/// their addresses are never reused and a later use of one can be recognized.
static QUARANTINE: AtomicBool = AtomicBool::new(false);

/// Turns on the checked mode's lifecycle tracking; call before any object
/// exists. `died` sees each object's last release, `revived` a reference
/// added after it (and should not return).
pub fn track_deaths(died: fn(usize), revived: fn(usize)) {
    let _ = DEATH_OBSERVER.set(died);
    let _ = REVIVAL_OBSERVER.set(revived);
    QUARANTINE.store(true, Ordering::Release);
}

pub struct Shared<T: Object> {
    inner: NonNull<Inner<T>>,
    _owns: PhantomData<Inner<T>>,
}

// SAFETY: like Arc<T>, sharing or sending a Shared<T> shares &T across threads,
// which `Object: Send + Sync` allows.
unsafe impl<T: Object> Send for Shared<T> {}
unsafe impl<T: Object> Sync for Shared<T> {}

impl<T: Object> Shared<T> {
    pub fn new(value: T) -> Self {
        let boxed = Box::new(Inner {
            refs: AtomicUsize::new(1),
            value,
        });
        Shared {
            inner: NonNull::from(Box::leak(boxed)),
            _owns: PhantomData,
        }
    }

    /// The counter of the allocation at `inner`, through a reference to that
    /// field alone (never to the whole `Inner<T>`, whose `value` may be being
    /// dropped or freed by another thread).
    ///
    /// # Safety
    /// `inner` must be a live allocation of this module.
    unsafe fn refs<'a>(inner: NonNull<Inner<T>>) -> &'a AtomicUsize {
        &(*inner.as_ptr()).refs
    }

    /// Whether two handles are the same object.
    pub fn ptr_eq(a: &Self, b: &Self) -> bool {
        a.inner == b.inner
    }

    /// The address C knows this object by, with the provenance of the whole
    /// allocation (see the module's comment).
    pub fn as_ptr(this: &Self) -> *const T {
        // SAFETY: a live Shared owns one reference, so the allocation is alive;
        // no reference is made on the way.
        unsafe { &raw const (*this.inner.as_ptr()).value }
    }

    /// Gives up this handle without dropping its reference; C now owns it.
    pub fn into_raw(this: Self) -> *const T {
        let p = Self::as_ptr(&this);
        std::mem::forget(this);
        p
    }

    /// The allocation whose `value` is at `value`: the same provenance, stepped
    /// back to the start.
    fn inner_from_value(value: *const T) -> NonNull<Inner<T>> {
        let base = value
            .cast::<u8>()
            .wrapping_sub(offset_of!(Inner<T>, value))
            .cast::<Inner<T>>()
            .cast_mut();
        // SAFETY (of the NonNull): callers pass a non-null value pointer obtained
        // from `as_ptr`/`into_raw`, so the base address is non-null too.
        unsafe { NonNull::new_unchecked(base) }
    }

    /// Takes back one reference that [`Shared::into_raw`] (or [`Shared::add_refs`])
    /// gave out.
    ///
    /// # Safety
    /// `value` must come from this module for a `T` that is still alive, and the
    /// caller must own one of its references.
    pub unsafe fn from_raw(value: *const T) -> Self {
        Shared {
            inner: Self::inner_from_value(value),
            _owns: PhantomData,
        }
    }

    /// A new handle (one more reference) to an object known by its C address.
    ///
    /// # Safety
    /// `value` must be the address of a live `T` from this module.
    pub unsafe fn clone_from_raw(value: *const T) -> Self {
        Self::add_refs(value, 1);
        Self::from_raw(value)
    }

    /// Adds `n` references in one atomic operation.
    ///
    /// # Safety
    /// `value` must be the address of a live `T` from this module and the caller
    /// must hold a reference to it for the duration of the call.
    pub unsafe fn add_refs(value: *const T, n: usize) {
        let inner = Self::inner_from_value(value);
        // Relaxed is enough, as in Arc::clone: the caller already holds a reference.
        let old = Self::refs(inner).fetch_add(n, Ordering::Relaxed);
        // One comparison for both bad counts: 0 wraps to usize::MAX.
        if old.wrapping_sub(1) >= MAX_REFS - n {
            Self::bad_count(value, old);
        }
    }

    /// A count that cannot be: overflowing (abort, as `Arc` does), or 0, the
    /// object already being destroyed (reported in checked mode).
    #[cold]
    #[inline(never)]
    fn bad_count(value: *const T, old: usize) {
        if old != 0 {
            std::process::abort();
        }
        if let Some(revived) = REVIVAL_OBSERVER.get() {
            revived(value as usize);
        }
    }

    /// Drops `n` references in one atomic operation; the object is destroyed if they
    /// were the last.
    ///
    /// # Safety
    /// The caller must own `n` references to the live `T` at `value`.
    #[inline]
    pub unsafe fn release_refs(value: *const T, n: usize) {
        if n == 0 {
            return;
        }
        let inner = Self::inner_from_value(value);
        if Self::refs(inner).fetch_sub(n, Ordering::Release) != n {
            return;
        }
        Self::destroy(value)
    }

    /// Destroys the object whose last reference was just released (the rare
    /// path, kept out of the callers' code).
    ///
    /// # Safety
    /// The caller has just released the last reference to the live `T` at
    /// `value`.
    #[cold]
    #[inline(never)]
    unsafe fn destroy(value: *const T) {
        let inner = Self::inner_from_value(value);
        // Pairs with the Release above on every other release: all their uses of
        // the object happen before its destruction. An acquire load of the
        // counter rather than a fence, which ThreadSanitizer cannot see (std's Arc
        // does the same under TSan); the line is already ours, so it costs nothing.
        Self::refs(inner).load(Ordering::Acquire);
        (*value).last_release();
        if QUARANTINE.load(Ordering::Relaxed) {
            if let Some(observe) = DEATH_OBSERVER.get() {
                observe(value as usize);
            }
            // Checked mode: destroy the object, keep its memory (never reused).
            std::ptr::drop_in_place(&raw mut (*inner.as_ptr()).value);
            return;
        }
        drop(Box::from_raw(inner.as_ptr()));
    }
}

/// A [`Shared`] that does not own its reference: for handing a callee that keeps
/// a reference of its own (the session cache) the C caller's handle, without
/// taking and dropping a reference around the call.
pub struct Borrowed<'a, T: Object> {
    handle: std::mem::ManuallyDrop<Shared<T>>,
    _lifetime: PhantomData<&'a T>,
}

impl<T: Object> Borrowed<'_, T> {
    /// # Safety
    /// `value` must be the address of a live `T` from this module, on which the
    /// caller holds a reference for the lifetime of the result.
    pub unsafe fn from_raw(value: *const T) -> Self {
        Borrowed {
            handle: std::mem::ManuallyDrop::new(Shared::from_raw(value)),
            _lifetime: PhantomData,
        }
    }
}

impl<T: Object> std::ops::Deref for Borrowed<'_, T> {
    type Target = Shared<T>;
    fn deref(&self) -> &Shared<T> {
        &self.handle
    }
}

impl<T: Object> Clone for Shared<T> {
    fn clone(&self) -> Self {
        // SAFETY: self holds a reference, so the object is alive.
        unsafe { Self::clone_from_raw(Self::as_ptr(self)) }
    }
}

impl<T: Object> Drop for Shared<T> {
    fn drop(&mut self) {
        // SAFETY: this handle owns exactly one reference.
        unsafe { Self::release_refs(Self::as_ptr(self), 1) }
    }
}

impl<T: Object> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        // SAFETY: a live Shared owns one reference, so the value is alive.
        unsafe { &*Self::as_ptr(self) }
    }
}

impl<T: Object + std::fmt::Debug> std::fmt::Debug for Shared<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    struct Probe {
        drops: Arc<AtomicUsize>,
        last: Arc<AtomicUsize>,
    }
    impl Object for Probe {
        fn last_release(&self) {
            // the object is still whole here
            assert_eq!(self.drops.load(Ordering::SeqCst), 0);
            self.last.fetch_add(1, Ordering::SeqCst);
        }
    }
    impl Drop for Probe {
        fn drop(&mut self) {
            self.drops.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn probe() -> (Shared<Probe>, Arc<AtomicUsize>, Arc<AtomicUsize>) {
        let drops = Arc::new(AtomicUsize::new(0));
        let last = Arc::new(AtomicUsize::new(0));
        (
            Shared::new(Probe {
                drops: drops.clone(),
                last: last.clone(),
            }),
            drops,
            last,
        )
    }

    #[test]
    fn freed_exactly_at_last_release() {
        let (a, drops, last) = probe();
        let b = a.clone();
        let raw = Shared::into_raw(b);
        drop(a);
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        unsafe {
            Shared::add_refs(raw, 10);
            Shared::release_refs(raw, 10);
            assert_eq!(drops.load(Ordering::SeqCst), 0);
            drop(Shared::from_raw(raw));
        }
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(last.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn c_address_is_the_value_address() {
        let (a, _, _) = probe();
        let p = Shared::as_ptr(&a);
        assert_eq!(p, &*a as *const Probe);
        let b = unsafe { Shared::clone_from_raw(p) };
        assert!(Shared::ptr_eq(&a, &b));
    }

    #[test]
    fn threads_release_once() {
        let (a, drops, last) = probe();
        let handles: Vec<_> = (0..4)
            .map(|_| {
                let mine = a.clone();
                std::thread::spawn(move || {
                    for _ in 0..if cfg!(miri) { 200 } else { 10_000 } {
                        drop(mine.clone());
                    }
                })
            })
            .collect();
        drop(a);
        for h in handles {
            h.join().unwrap();
        }
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(last.load(Ordering::SeqCst), 1);
    }
}
