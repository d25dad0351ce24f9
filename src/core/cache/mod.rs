//! The session cache of an `SSL_CTX`, with OpenSSL 3.0's observable behaviour and
//! without its quadratic insert or its callbacks under the lock.
//!
//! Read top-down: this file is the cache's API (add, remove, flush, the moves of
//! a cached session whose time changes); `table.rs` is the slab of slots and
//! the hash index over it, `key.rs` what a session is found by, `expiry.rs` the
//! order in which sessions expire, threaded through the slots, and `hook.rs`
//! the remove callback. Each file uses only those after it in that list (and
//! the session); the session knows its cache only as a `SessionHolder`.
//!
//! The cache never locks a session it removes, evicts or flushes: the key and
//! position live in the slot, and the session's membership (which cache, which
//! slot) is a pair of atomics that only the holding cache writes, under its lock.
//! Only the session being added is locked, to read its key and expiry.
//!
//! Lookups share a read lock; changes take the write lock. Remove callbacks run
//! after the lock is released, so that they never run under a lock of ours and
//! other threads are not blocked by them; the cache's reference to a removed
//! session is dropped only after its callback returned. Otherwise callbacks
//! observe what OpenSSL's do: sessions leave one at a time, each callback right
//! after its session left. OpenSSL runs the callbacks of eviction, flush and
//! the final free under the cache's lock, so that a cache call on the same
//! context from the callback's thread fails to take it there: such calls fail
//! here as well, in OpenSSL's way (`reentry.rs`).
//!
//! Lock order: a cache's lock, then a session's lock.
//!
//! The cache knows sessions, not contexts: the remove callback is handed the
//! session only, and whoever sets it binds the context it belongs to.

mod expiry;
mod hook;
mod key;
mod reentry;
mod table;
#[cfg(test)]
mod tests;

pub use hook::RemoveHook;
pub use key::SessionKey;

use super::session::{now, HeldChange, Session, SessionData, SessionHolder};
use crate::sync::Shared;
use crossbeam_utils::CachePadded;
use expiry::{Expiry, NIL};
use reentry::LockedCallbacks;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};
use table::Table;

/// `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`.
pub(crate) const DEFAULT_CACHE_SIZE: u64 = 1024 * 20;
/// `SSL_SESS_CACHE_SERVER`: a new context's mode.
pub(crate) const MODE_SERVER: u32 = 0x0002;
/// `SSL_SESS_CACHE_UPDATE_TIME`: every add sets the session's time to now.
pub(crate) const MODE_UPDATE_TIME: u32 = 0x0400;

/// Process-wide numbering of caches, so that a session can name the one that
/// holds it without holding a reference to it (0: none).
static NEXT_CACHE_ID: AtomicU64 = AtomicU64::new(1);

/// Two threads changing one cache pass its lines back and forth, one transfer
/// per line per change (50 to 100 ns each here). So the layout keeps what
/// changes together and apart from what does not: the lock's words on lines of
/// their own (threads waiting for the lock read them while the holder works),
/// every table field an add or a remove writes on the table's first line (see
/// `Table`), and after the table only fields that are read (this cache's
/// number, size and mode, and the count of threads in callbacks, written only
/// around callbacks). Nothing outside the lock is written per change: the
/// entry count is read under the shared lock.
#[repr(C)]
pub struct Cache {
    /// `CachePadded` gives the table the alignment and size of whole cache
    /// lines (a pair of them on x86-64, whose prefetcher fetches lines in
    /// pairs), so the lock's own words, wherever `RwLock` puts them, never
    /// share a line (or a pair) with the table.
    table: RwLock<CachePadded<Table>>,
    /// This cache's number, stored in the sessions it holds.
    id: u64,
    /// Maximum number of sessions; 0 means unlimited.
    size: AtomicU64,
    mode: AtomicU32,
    /// Threads running this cache's callbacks where OpenSSL holds its lock;
    /// every call checks it, so it shares a line with what every call reads.
    locked_callbacks: LockedCallbacks,
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            id: NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed),
            table: RwLock::new(CachePadded::new(Table::new())),
            size: AtomicU64::new(DEFAULT_CACHE_SIZE),
            mode: AtomicU32::new(MODE_SERVER),
            locked_callbacks: LockedCallbacks::default(),
        }
    }
}

fn read(t: &RwLock<CachePadded<Table>>) -> RwLockReadGuard<'_, CachePadded<Table>> {
    t.read().unwrap_or_else(|p| p.into_inner())
}

fn write(t: &RwLock<CachePadded<Table>>) -> RwLockWriteGuard<'_, CachePadded<Table>> {
    t.write().unwrap_or_else(|p| p.into_inner())
}

/// What `SSL_CTX_add_session` reports.
#[derive(Debug, PartialEq, Eq)]
pub enum Added {
    /// A new entry (possibly replacing another object under the same key).
    New,
    /// This very object was already cached; it was moved to its new expiry.
    AlreadyCached,
    /// The session is cached by another context; sessl does not let one session
    /// sit in two caches (OpenSSL corrupts both lists).
    CachedElsewhere,
    /// The context is being freed (`Cache::close`); nothing was added. From
    /// the freeing thread's callbacks, `InLockedCallback` answers first; this
    /// is for other threads, whose add OpenSSL would make into a cache being
    /// freed.
    Closing,
    /// The calling thread runs a callback of this cache where OpenSSL holds
    /// its lock (eviction, flush, final free): nothing was added.
    InLockedCallback,
}

impl Cache {
    pub fn count(&self) -> usize {
        read(&self.table).len as usize
    }

    pub fn size(&self) -> u64 {
        self.size.load(Ordering::Relaxed)
    }

    /// Sets the size limit, returning the previous one; takes effect at the next
    /// add of a new entry.
    pub fn set_size(&self, size: u64) -> u64 {
        self.size.swap(size, Ordering::Relaxed)
    }

    pub fn mode(&self) -> u32 {
        self.mode.load(Ordering::Relaxed)
    }

    /// Stores any value, returning the previous one.
    pub fn set_mode(&self, mode: u32) -> u32 {
        self.mode.swap(mode, Ordering::Relaxed)
    }

    pub fn cache_full(&self) -> u64 {
        let counted = read(&self.table).cache_full;
        // An eviction is counted under the lock, before its callback; OpenSSL
        // counts it after, so the callback's thread does not see it yet.
        let in_eviction = self.in_locked_callback().is_some_and(|r| r.evicting);
        counted.saturating_sub(u64::from(in_eviction))
    }

    /// Whether this thread is in a callback where OpenSSL would hold the
    /// context's lock (eviction, flush, final free): a call that takes that
    /// lock in OpenSSL (e.g. `SSL_CTX_set_generate_session_id`) fails there.
    pub fn lock_refused_here(&self) -> bool {
        self.in_locked_callback().is_some()
    }

    /// What this thread runs for this cache where OpenSSL would hold its lock.
    fn in_locked_callback(&self) -> Option<reentry::Running> {
        self.locked_callbacks.running_here(self.id)
    }

    pub fn remove_hook(&self) -> Option<RemoveHook> {
        read(&self.table).remove_hook.clone()
    }

    pub fn set_remove_hook(&self, hook: Option<RemoveHook>) {
        let old = std::mem::replace(&mut write(&self.table).remove_hook, hook);
        drop(old); // outside the lock: it may own application state
    }

    /// Whether a session with this key is cached (`SSL_has_matching_session_id`);
    /// false from a callback where OpenSSL holds the lock (its read lock fails).
    pub fn contains(&self, key: &SessionKey) -> bool {
        if self.in_locked_callback().is_some() {
            return false;
        }
        read(&self.table).find(key).1.is_some()
    }

    /// The cached sessions, soonest expiry first.
    pub fn sessions(&self) -> Vec<Shared<Session>> {
        let table = read(&self.table);
        table
            .in_expiry_order()
            .into_iter()
            .map(|i| table.session(i).clone())
            .collect()
    }

    /// `SSL_CTX_add_session`.
    pub fn add(self: &Arc<Self>, session: &Shared<Session>) -> Added {
        if self.in_locked_callback().is_some() {
            return Added::InLockedCallback;
        }
        let update_time = self.mode() & MODE_UPDATE_TIME != 0;
        let mut table = write(&self.table);
        if table.closing {
            return Added::Closing;
        }
        let mut st = session.locked();
        // Written only under the holding cache's lock: exact for this cache.
        let (holder, slot) = session.cache_place();
        if holder != 0 && holder != self.id {
            return Added::CachedElsewhere;
        }
        if update_time {
            st.fields.time = now();
        }
        let expiry = Expiry::of(&st.fields);
        if holder == self.id {
            // This object again: it moves to its (possibly new) expiry, as the
            // newest of its equals, under the key it was added with.
            table.reposition(slot, expiry);
            return Added::AlreadyCached;
        }
        let key = SessionKey::of(&st.fields);
        // Addresses only (a `dyn` pointer's metadata is no part of identity).
        if !st
            .holder
            .as_ref()
            .is_some_and(|w| std::ptr::eq(w.as_ptr() as *const (), Arc::as_ptr(self) as *const ()))
        {
            st.holder = Some(Arc::downgrade(self) as std::sync::Weak<dyn SessionHolder>);
        }
        // Another object under the same key gives way silently: no remove
        // callback, no not-resumable mark, as in OpenSSL.
        let (hash, existing) = table.find(&key);
        let replaced = existing.map(|i| table.take(i));
        let newest = table.insert(key, hash, session.clone(), expiry);
        session.enter_cache(self.id, newest);
        // Under the session's lock, which every change of its fields takes.
        session.clear_fields_changed();
        drop(st);
        // A new entry, replacing or not, makes room as OpenSSL's does: one
        // session at a time, each released right after its callback, so that
        // a callback sees the count without the sessions evicted so far.
        let mut evicted = self.evict_one(&mut table, newest);
        let mut left = table.len;
        table.compact_if_sparse(self.id);
        let mut hook = evicted.as_ref().and_then(|_| table.remove_hook.clone());
        drop(table);
        drop(replaced);
        while let Some(victim) = evicted.take() {
            if let Some(h) = &hook {
                // OpenSSL runs the callback and then releases the victim
                // (its ex_data free callbacks) under the lock.
                let _scope = self.locked_callbacks.enter(self.id, Some(session), true);
                (h.call)(&victim);
                drop(victim);
            } else {
                // Without a remove callback, only ex_data free callbacks
                // calling into this cache could tell: not worth a scope on
                // every evicting add.
                drop(victim);
            }
            // Still full (the size was lowered, maybe by the callback, which
            // OpenSSL's loop sees): more to evict, under the lock again. The
            // new session is still spared if it is still here.
            if !self.is_full_at(left) {
                break;
            }
            let mut table = write(&self.table);
            let (holder, slot) = session.cache_place();
            let newest = if holder == self.id { slot } else { NIL };
            evicted = self.evict_one(&mut table, newest);
            left = table.len;
            table.compact_if_sparse(self.id);
            hook = evicted.as_ref().and_then(|_| table.remove_hook.clone());
        }
        Added::New
    }

    /// Whether the cache is at or above its size (0: unlimited). A cache of
    /// size N therefore holds N-1 sessions after an add, and size 1 holds one.
    fn is_full(&self, table: &Table) -> bool {
        self.is_full_at(table.len)
    }

    fn is_full_at(&self, len: u32) -> bool {
        let size = self.size();
        size > 0 && u64::from(len) >= size
    }

    /// Makes room for slot `newest`, if the cache is full: the session expiring
    /// soonest (never `newest` itself) leaves, marked not resumable.
    fn evict_one(&self, table: &mut Table, newest: u32) -> Option<Shared<Session>> {
        if !self.is_full(table) {
            return None;
        }
        let session = table.take(table.soonest_except(newest)?);
        session.mark_not_resumable();
        // A plain add under the lock, not a locked one (which would wait for
        // the store to the victim's cold line).
        table.cache_full += 1;
        Some(session)
    }

    /// `SSL_CTX_remove_session`: removes whatever is cached under the session's
    /// key, marks the argument not resumable and calls the remove callback with
    /// it, found or not. Sessions with an empty id are never looked up. From a
    /// callback where OpenSSL holds the lock, nothing of this happens (false).
    pub fn remove(&self, session: &Session) -> bool {
        if self.in_locked_callback().is_some() {
            return false;
        }
        let (found, hook) = {
            let mut table = write(&self.table);
            // When the session sits here and none of its fields (so not its
            // key) changed since it was added, its own slot is the entry under
            // its key: no lock of the session, no read of its fields, no probe.
            let (holder, slot) = session.cache_place();
            let own_slot =
                (holder == self.id && !session.fields_changed_since_cached()).then_some(slot);
            let key = match own_slot {
                Some(i) => table.slot(i).key,
                None => session.read(SessionKey::of),
            };
            if key.has_empty_id() {
                return false;
            }
            let found = own_slot
                .or_else(|| table.find(&key).1)
                .map(|i| table.take(i));
            table.compact_if_sparse(self.id);
            session.mark_not_resumable();
            (found, table.remove_hook.clone())
        };
        if let Some(h) = hook {
            (h.call)(session);
        }
        found.is_some()
    }

    /// `SSL_CTX_flush_sessions`: removes, soonest first, every session with
    /// `t == 0 || t > time + timeout`; each is marked not resumable and passed to
    /// the remove callback. What the callbacks observe is what OpenSSL's
    /// observe (whose callbacks run inside the flush, under the lock): the
    /// sessions leave one at a time, so a callback sees the count without its
    /// session and those before it, and every callback runs before any removed
    /// session is released (their ex_data free callbacks come after all the
    /// remove callbacks, in the same order). Here each callback runs with the
    /// lock released.
    ///
    /// Callbacks on other threads may add (or re-time) sessions during the
    /// flush; those are left to the next one. From a callback where OpenSSL
    /// holds the lock, a flush does nothing.
    pub fn flush(&self, t: i64) {
        if self.in_locked_callback().is_none() {
            self.flush_unchecked(t);
        }
    }

    fn flush_unchecked(&self, t: i64) {
        let mut flushed = Vec::new();
        let mut table = write(&self.table);
        let placed_by = table.order.last_seq();
        while let Some(i) = table.soonest_flushable(t, placed_by) {
            let session = table.take(i);
            session.mark_not_resumable();
            if let Some(hook) = table.remove_hook.clone() {
                drop(table);
                {
                    let _scope = self.locked_callbacks.enter(self.id, None, false);
                    (hook.call)(&session);
                }
                table = write(&self.table);
            }
            flushed.push(session);
        }
        table.compact_if_sparse(self.id);
        drop(table);
        drop(flushed);
    }

    /// The start of the context's final release: from now on the cache refuses
    /// adds (`Added::Closing`) from every thread, so that emptying it ends
    /// whatever callbacks on other threads do; then it is emptied, with a
    /// remove callback for each session.
    pub fn close(&self) {
        write(&self.table).closing = true;
        // A session re-timed (by another thread) during a flush is left to
        // the next one; nothing can be added, so each round takes at least one.
        while self.count() > 0 {
            self.flush_unchecked(0);
        }
    }
}

impl SessionHolder for Cache {
    fn holder_id(&self) -> u64 {
        self.id
    }

    /// Under this cache's lock, then the session's: if the session is still
    /// here, applies `change` and moves the session to its new place in the
    /// expiry order, as the newest of its equals.
    ///
    /// From a callback where OpenSSL holds the lock, the session is left as it
    /// is (OpenSSL fails to take its owner's lock), unless it is the one an
    /// eviction makes room for: OpenSSL makes it the cache's only after.
    fn change_held(
        &self,
        session: &Session,
        change: &mut dyn FnMut(&mut SessionData),
    ) -> HeldChange {
        if let Some(running) = self.in_locked_callback() {
            if running.spared != session as *const Session as usize {
                return HeldChange::Refused;
            }
        }
        let mut table = write(&self.table);
        let mut st = session.locked();
        let (id, slot) = session.cache_place();
        if id != self.id {
            return HeldChange::NotHeld; // removed or moved meanwhile
        }
        change(&mut st.fields);
        table.reposition(slot, Expiry::of(&st.fields));
        HeldChange::Applied
    }
}
