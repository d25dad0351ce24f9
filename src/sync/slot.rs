//! `SharedSlot<T>`: an atomic `Option<Shared<T>>` whose `load` (SSL_get1_session)
//! is safe against a concurrent `store` (SSL_set_session) without a lock.
//!
//! OpenSSL 3.0 read-locks the SSL in `SSL_get1_session` but `SSL_set_session` takes
//! no lock, so the reader can increment the refcount of a session the writer has
//! just freed. The classic fixes cost more than the lock they replace (hazard
//! pointers need a fenced store, a reader count needs two more atomic operations).
//!
//! This slot uses split reference counting with a *reserve*: when an object is
//! stored, the slot charges `RESERVE` references to it at once. The slot word packs
//! the object's address (low 48 bits) with the number of those references already
//! handed out (high 16 bits). `load` is a single `fetch_add` on the slot word: it
//! reads the address and takes one reserved reference in the same atomic step, so
//! there is no window in which the object could be freed under it. The reader then
//! owns an ordinary reference, which `SSL_SESSION_free` drops as usual.
//!
//! When half the reserve is used, the reader that notices charges another half to
//! the object and takes it off the count (one extra pair of atomic operations every
//! `RESERVE / 2` loads). `store` swaps the word and returns the unused part of the
//! old object's reserve; references handed out stay owned by their readers.
//!
//! Bound: the readers may take at most the `RESERVE` references charged to the
//! object; a reader whose `fetch_add` returns a count of `RESERVE` or more would
//! take one that nobody charged (its later `SSL_SESSION_free` would free the
//! object under other holders). Every reader that reads a count `>= REFILL`
//! refills, and the first refill to finish while the count is still `>= REFILL`
//! lowers it by `REFILL`; so the count climbs from `REFILL` to `RESERVE` only
//! if all the `RESERVE - REFILL = REFILL` (2,048) readers that took it there
//! are still suspended between their `fetch_add` and the end of their refill.
//! One more reader on the same slot then takes an uncharged reference:
//! `REFILL + 1` = 2,049 stalled readers, far below what the 16-bit count could
//! hold (the earlier estimate, `2^16 - RESERVE`, was that overflow, not this). (A `replace` at exactly `RESERVE`
//! handed out would have no reference left to return, the same condition.)
//! Both are checked on the cold paths and abort, in release builds too: a
//! refcount that went wrong silently would be a use-after-free.

use super::shared::{Object, Shared};
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

const COUNT_SHIFT: u32 = 48;
const ONE_HANDED_OUT: u64 = 1 << COUNT_SHIFT;
const ADDR_MASK: u64 = ONE_HANDED_OUT - 1;
/// References charged to an object while it sits in a slot. Smaller under Miri,
/// so that its short test runs still cross many refills.
const RESERVE: usize = if cfg!(miri) { 1 << 5 } else { 1 << 12 };
/// Handed-out count at which a reader tops the reserve up, and by how much.
const REFILL: usize = RESERVE / 2;

/// The address does not fit in the slot's 48 address bits (never seen on Linux
/// x86-64 or AArch64, whose user addresses are below 2^48 unless mmap is asked
/// for more).
#[derive(Debug, PartialEq, Eq)]
pub struct AddressTooWide;

pub struct SharedSlot<T: Object> {
    word: AtomicU64,
    _holds: PhantomData<Shared<T>>,
}

/// The object's pointer in a slot word. The address went through an integer, so
/// the pointer gets the provenance `swap_in` exposed for it: the whole
/// allocation's (from `Shared::as_ptr`), which `Shared` needs to step back to the
/// counter.
fn addr_of<T>(word: u64) -> *const T {
    std::ptr::with_exposed_provenance((word & ADDR_MASK) as usize)
}

fn handed_out(word: u64) -> usize {
    (word >> COUNT_SHIFT) as usize
}

impl<T: Object> SharedSlot<T> {
    pub const fn empty() -> Self {
        SharedSlot {
            word: AtomicU64::new(0),
            _holds: PhantomData,
        }
    }

    /// The object's address, with no reference taken (SSL_get0_session): valid only
    /// while the caller knows the slot keeps it.
    pub fn peek(&self) -> *const T {
        addr_of(self.word.load(Ordering::Acquire))
    }

    /// A new reference to the object in the slot, if any.
    #[inline]
    pub fn load(&self) -> Option<Shared<T>> {
        if addr_of::<T>(self.word.load(Ordering::Relaxed)).is_null() {
            return None;
        }
        // Acquire pairs with the AcqRel swap of `store`: the object and the reserve
        // charged to it are visible before we use them.
        let word = self.word.fetch_add(ONE_HANDED_OUT, Ordering::Acquire);
        let addr = addr_of::<T>(word);
        if addr.is_null() {
            // Emptied in between; the count of an empty slot is never read.
            return None;
        }
        if handed_out(word) >= REFILL {
            self.refill(addr, handed_out(word));
        }
        // SAFETY: the fetch_add took one of the references the slot charged to
        // this live object; that reference is now ours.
        Some(unsafe { Shared::from_raw(addr) })
    }

    /// Charges `REFILL` more references to the object and takes as many off the
    /// handed-out count, unless another reader did it first or the slot moved on.
    /// `seen` is the count this reader's `fetch_add` returned.
    #[cold]
    #[inline(never)]
    fn refill(&self, addr: *const T, seen: usize) {
        if seen >= RESERVE {
            // The reference just taken was never charged (see the module's
            // comment: 2,049 readers stalled in here at once).
            reserve_exhausted();
        }
        // SAFETY: we own a reference to `addr` (taken in `load`).
        unsafe { Shared::add_refs(addr, REFILL) };
        let mut word = self.word.load(Ordering::Relaxed);
        loop {
            if addr_of::<T>(word) != addr || handed_out(word) < REFILL {
                // SAFETY: we added these REFILL references above and still hold our
                // own, so this never destroys the object.
                unsafe { Shared::release_refs(addr, REFILL) };
                return;
            }
            let topped_up = word - ((REFILL as u64) << COUNT_SHIFT);
            // Release: the added references happen before any `store` that reads
            // the lowered count and settles the reserve from it.
            match self.word.compare_exchange_weak(
                word,
                topped_up,
                Ordering::AcqRel,
                Ordering::Relaxed,
            ) {
                Ok(_) => return,
                Err(now) => word = now,
            }
        }
    }

    /// Swaps in `new`, returning the previous word (address and handed-out count).
    fn swap_in(&self, new: Option<Shared<T>>) -> Result<u64, (AddressTooWide, Option<Shared<T>>)> {
        let packed = match new {
            None => 0,
            Some(obj) => {
                let addr = Shared::as_ptr(&obj).expose_provenance() as u64;
                if addr & !ADDR_MASK != 0 {
                    return Err((AddressTooWide, Some(obj)));
                }
                let raw = Shared::into_raw(obj);
                // SAFETY: `raw` holds the reference `obj` had; grow it to a reserve.
                unsafe { Shared::add_refs(raw, RESERVE - 1) };
                addr
            }
        };
        Ok(self.word.swap(packed, Ordering::AcqRel))
    }

    /// Puts `new` in the slot and lets go of the previous object.
    pub fn store(&self, new: Option<Shared<T>>) -> Result<(), AddressTooWide> {
        let old = self.swap_in(new).map_err(|(e, _)| e)?;
        Self::settle(old, 0);
        Ok(())
    }

    /// Puts `new` in the slot and returns the previous object.
    pub fn replace(&self, new: Option<Shared<T>>) -> Result<Option<Shared<T>>, AddressTooWide> {
        let old = self.swap_in(new).map_err(|(e, _)| e)?;
        Ok(Self::settle(old, 1))
    }

    /// Returns the unused reserve of a swapped-out word, keeping `keep` (0 or 1)
    /// references as a handle.
    fn settle(word: u64, keep: usize) -> Option<Shared<T>> {
        let addr = addr_of::<T>(word);
        if addr.is_null() {
            return None;
        }
        let handed = handed_out(word);
        if handed + keep > RESERVE {
            // No reference left to keep, or readers hold uncharged ones.
            reserve_exhausted();
        }
        let unused = RESERVE - handed;
        // SAFETY: the slot owned `unused` references to the object; handed-out ones
        // belong to their readers.
        unsafe {
            Shared::release_refs(addr, unused - keep);
            (keep == 1).then(|| Shared::from_raw(addr))
        }
    }
}

/// More references were taken from a slot than it charged (see the module's
/// comment): the object's count can no longer be trusted.
#[cold]
#[inline(never)]
fn reserve_exhausted() -> ! {
    eprintln!("sessl: session slot reserve exhausted (over 2048 readers stalled in SSL_get1_session); aborting");
    std::process::abort()
}

impl<T: Object> Default for SharedSlot<T> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<T: Object> Drop for SharedSlot<T> {
    fn drop(&mut self) {
        Self::settle(*self.word.get_mut(), 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::Arc;

    struct Counted(Arc<AtomicUsize>);
    impl Object for Counted {}
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counted(drops: &Arc<AtomicUsize>) -> Shared<Counted> {
        Shared::new(Counted(drops.clone()))
    }

    #[test]
    fn load_store_replace() {
        let drops = Arc::new(AtomicUsize::new(0));
        let slot: SharedSlot<Counted> = SharedSlot::empty();
        assert!(slot.load().is_none());
        assert!(slot.peek().is_null());
        let a = counted(&drops);
        slot.store(Some(a.clone())).unwrap();
        assert_eq!(slot.peek(), Shared::as_ptr(&a));
        let got = slot.load().unwrap();
        assert!(Shared::ptr_eq(&got, &a));
        drop(a);
        let old = slot.replace(None).unwrap().unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(old);
        assert_eq!(drops.load(Ordering::SeqCst), 0, "reader still holds one");
        drop(got);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn many_loads_cross_refills() {
        let drops = Arc::new(AtomicUsize::new(0));
        let slot = SharedSlot::empty();
        slot.store(Some(counted(&drops))).unwrap();
        let held: Vec<_> = (0..RESERVE * 5).map(|_| slot.load().unwrap()).collect();
        slot.store(None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(held);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn same_object_stored_twice_is_net_zero() {
        let drops = Arc::new(AtomicUsize::new(0));
        let slot = SharedSlot::empty();
        let a = counted(&drops);
        slot.store(Some(a.clone())).unwrap();
        slot.store(Some(a.clone())).unwrap();
        drop(a);
        assert_eq!(drops.load(Ordering::SeqCst), 0);
        drop(slot);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    }

    /// The slot as 2,048 readers stalled in their refill leave it: every
    /// reserved reference handed out. Runs in a child process (it must abort).
    fn exhaust_in_child(case: &str) {
        let slot = SharedSlot::empty();
        slot.store(Some(counted(&Arc::new(AtomicUsize::new(0)))))
            .unwrap();
        slot.word
            .fetch_add((RESERVE as u64) << COUNT_SHIFT, Ordering::Relaxed);
        match case {
            "load" => std::mem::forget(slot.load()),
            _ => std::mem::forget(slot.replace(None)),
        }
        std::process::exit(0);
    }

    #[test]
    #[cfg(not(miri))]
    fn exhausted_reserve_aborts() {
        use std::os::unix::process::ExitStatusExt;
        if let Some(case) = std::env::var_os("SESSL_TEST_EXHAUST_SLOT") {
            exhaust_in_child(case.to_str().unwrap_or(""));
        }
        for case in ["load", "replace"] {
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "sync::slot::tests::exhausted_reserve_aborts"])
                .args(["--nocapture", "--test-threads=1"])
                .env("SESSL_TEST_EXHAUST_SLOT", case)
                .output()
                .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.signal(), Some(libc::SIGABRT), "{case}: {stderr}");
            assert!(stderr.contains("reserve exhausted"), "{case}: {stderr}");
        }
    }

    #[test]
    fn concurrent_load_and_store() {
        let drops = Arc::new(AtomicUsize::new(0));
        let slot = Arc::new(SharedSlot::empty());
        // Miri interprets every step: fewer rounds there, the same interleavings.
        const OBJECTS: usize = if cfg!(miri) { 20 } else { 2_000 };
        const LOADS: usize = if cfg!(miri) { 500 } else { 200_000 };
        let readers: Vec<_> = (0..3)
            .map(|_| {
                let slot = slot.clone();
                std::thread::spawn(move || {
                    let mut seen = 0usize;
                    for _ in 0..LOADS {
                        if let Some(obj) = slot.load() {
                            seen += 1;
                            drop(obj);
                        }
                    }
                    seen
                })
            })
            .collect();
        for _ in 0..OBJECTS {
            slot.store(Some(counted(&drops))).unwrap();
        }
        for r in readers {
            r.join().unwrap();
        }
        slot.store(None).unwrap();
        assert_eq!(drops.load(Ordering::SeqCst), OBJECTS);
    }
}
