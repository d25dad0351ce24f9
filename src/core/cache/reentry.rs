//! Which caches the current thread is running remove callbacks for in the
//! places where OpenSSL holds the cache's lock around them: eviction, flush
//! and the final free.
//!
//! There a cache call on the same context from the callback's own thread
//! fails in OpenSSL (glibc's rwlock refuses the nested lock with EDEADLK, and
//! the function returns its failure value having done nothing). sessl runs
//! those callbacks outside its lock, so that other threads are not blocked,
//! and gives the callback's thread OpenSSL's answers through this record: a
//! remove callback that removes the session it is passed then ends, as in
//! OpenSSL, instead of recursing.
//!
//! A cache counts the threads inside such callbacks (`LockedCallbacks`); only
//! when that count is not 0 does a cache call look at this thread's record.

use crate::core::session::Session;
use std::cell::RefCell;
use std::sync::atomic::{AtomicU32, Ordering};

/// One callback this thread is running.
#[derive(Clone, Copy)]
pub(super) struct Running {
    cache: u64,
    /// During an eviction: the address of the session being added. OpenSSL
    /// links it into its expiry list (and so its owning cache) only after the
    /// evictions, so its time can still be changed from their callbacks.
    pub(super) spared: usize,
    /// An eviction, which OpenSSL counts (`SSL_CTX_sess_cache_full`) after
    /// its callback returned.
    pub(super) evicting: bool,
}

thread_local! {
    /// Innermost last; callbacks of other contexts may nest.
    static RUNNING: RefCell<Vec<Running>> = const { RefCell::new(Vec::new()) };
}

/// A cache's count of threads running its callbacks where OpenSSL holds its
/// lock. Written only around such callbacks; read by every cache call.
#[derive(Default)]
pub(super) struct LockedCallbacks(AtomicU32);

impl LockedCallbacks {
    /// Marks this thread as running a callback of cache `cache` until the
    /// returned scope is dropped (also when the callback unwinds).
    pub(super) fn enter(&self, cache: u64, spared: Option<&Session>, evicting: bool) -> Scope<'_> {
        self.0.fetch_add(1, Ordering::Relaxed);
        let spared = spared.map_or(0, |s| s as *const Session as usize);
        // `try_with`: a context freed by a thread-local destructor after this
        // one's runs its callbacks unrecorded, nested calls then completing.
        let _ = RUNNING.try_with(|r| {
            r.borrow_mut().push(Running {
                cache,
                spared,
                evicting,
            })
        });
        Scope { count: self }
    }

    /// The innermost such callback of cache `cache` this thread is running.
    /// One relaxed load when no thread runs one.
    #[inline]
    pub(super) fn running_here(&self, cache: u64) -> Option<Running> {
        if self.0.load(Ordering::Relaxed) == 0 {
            return None;
        }
        RUNNING
            .try_with(|r| r.borrow().iter().rev().find(|e| e.cache == cache).copied())
            .ok()
            .flatten()
    }
}

/// This thread runs a callback of a cache for as long as it lives.
pub(super) struct Scope<'a> {
    count: &'a LockedCallbacks,
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        let _ = RUNNING.try_with(|r| r.borrow_mut().pop());
        self.count.0.fetch_sub(1, Ordering::Relaxed);
    }
}
