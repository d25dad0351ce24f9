//! The session cache of an `SSL_CTX`, with OpenSSL 3.0's observable behaviour and
//! without its quadratic insert or its callbacks under the lock.
//!
//! OpenSSL keeps a hash table plus a list sorted by expiry, both threaded through
//! the sessions; an insert whose expiry is not the latest walks the list. Here
//! the cache owns its entries in a slab (`Vec<Slot>`, addressed by `u32`), the
//! hash index holds only slot numbers, and the expiry order is kept in two
//! parts:
//! - the *run*: a list threaded through the slots whose positions strictly
//!   increase, to which an entry expiring no sooner than its tail is appended in
//!   O(1) (with uniform timeouts, every entry);
//! - a B-tree for entries inserted out of order (O(log n)).
//!
//! The soonest expiry is the smaller of the two heads. So every insert, removal
//! and eviction is O(log n) whatever the timeouts, O(1) when they are uniform, a
//! flush costs O(expired), and equal expiries still leave in insertion order.
//!
//! The cache never locks a session it removes, evicts or flushes: the key and
//! position live in the slot, and the session's membership (which cache, which
//! slot) is a pair of atomics that only the holding cache writes, under its lock.
//! Only the session being added is locked, to read its key and expiry.
//!
//! Lookups share a read lock; changes take the write lock. Remove callbacks run
//! after the lock is released (OpenSSL runs them inside it during eviction and
//! flush, so a callback that re-enters the cache deadlocks there), and the cache's
//! reference to a removed session is dropped only after its callback returned.
//!
//! Lock order: a cache's lock, then a session's lock.

use super::ctx::Ctx;
use super::session::{now, Session, SessionData, ShortBytes};
use crate::sync::Shared;
use hashbrown::HashTable;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// `SSL_SESSION_CACHE_MAX_SIZE_DEFAULT`.
pub(crate) const DEFAULT_CACHE_SIZE: u64 = 1024 * 20;
/// `SSL_SESS_CACHE_SERVER`: a new context's mode.
pub(crate) const MODE_SERVER: u32 = 0x0002;
/// `SSL_SESS_CACHE_UPDATE_TIME`: every add sets the session's time to now.
pub(crate) const MODE_UPDATE_TIME: u32 = 0x0400;

/// What identifies a session in a cache: protocol version and session id.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SessionKey {
    version: i32,
    id: ShortBytes,
}

/// The cache's hash of a key: keyed with per-process random seeds (so session
/// ids chosen by a peer cannot be aimed at one bucket; OpenSSL hashes four id
/// bytes, unkeyed) and cheap: folded 64x64->128-bit multiplies, the
/// construction of foldhash/hashbrown's default hasher, two words per multiply
/// in two independent lanes (three multiplies deep for a 32-byte id). SipHash,
/// std's default, cost a third of the cache's instructions.
#[derive(Clone, Copy)]
pub(crate) struct KeyHasher {
    seeds: [u64; 7],
}

impl Default for KeyHasher {
    fn default() -> Self {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new();
        KeyHasher {
            seeds: std::array::from_fn(|i| random.hash_one(0x5e55_0000u32 + i as u32)),
        }
    }
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = (a as u128) * (b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

/// A key's hash as the cache stores it in each slot (32 bits, so that it fits
/// the slot's padding), and its expansion for the hash index, whose bucket
/// comes from the low bits and whose tag from the top seven: multiplying by an
/// odd constant keeps the low bits uniform and spreads all 32 into the top.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct KeyHash(u32);

impl KeyHash {
    fn for_index(self) -> u64 {
        (self.0 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

impl KeyHasher {
    fn hash64(&self, key: &SessionKey) -> u64 {
        let s = &self.seeds;
        let id = key.id.padded();
        let word = |k: usize| {
            let b = &id[8 * k..8 * k + 8];
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        };
        // The buffer past the id's length is zero, so the length word tells
        // apart ids that differ only in trailing zeros.
        let head = (key.version as u32 as u64) | ((key.id.len() as u64) << 32);
        let a = folded_multiply(head ^ s[0], word(0) ^ s[1]);
        let b = folded_multiply(word(1) ^ s[2], word(2) ^ s[3]);
        let c = folded_multiply(word(3) ^ s[4], a ^ s[5]);
        folded_multiply(b ^ c, s[6])
    }

    fn hash(&self, key: &SessionKey) -> KeyHash {
        let h = self.hash64(key);
        KeyHash((h ^ (h >> 32)) as u32)
    }
}

impl SessionKey {
    pub fn new(version: i32, id: ShortBytes) -> Self {
        SessionKey { version, id }
    }
    fn of(d: &SessionData) -> Self {
        SessionKey {
            version: d.protocol_version,
            id: d.id,
        }
    }
}

/// When a session expires, computed and ordered exactly as OpenSSL 3.0 does.
///
/// OpenSSL checks `timeout > LONG_MAX - time` with wrapping arithmetic: when it
/// holds, the session "overflowed", never times out, sorts after every other
/// session, and among overflowed ones by `timeout - (LONG_MAX - time)`. Because
/// `LONG_MAX - time` wraps negative for any negative time, a session with a
/// negative time always counts as overflowed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Expiry {
    never: bool,
    at: i64,
}

impl Expiry {
    fn of(d: &SessionData) -> Self {
        let timeout = d.timeout.max(0);
        let headroom = i64::MAX.wrapping_sub(d.time);
        if timeout > headroom {
            Expiry {
                never: true,
                at: timeout.wrapping_sub(headroom),
            }
        } else {
            Expiry {
                never: false,
                at: d.time + timeout,
            }
        }
    }

    /// Whether a flush at `t` removes the session (`t > time + timeout`).
    fn passed_by(self, t: i64) -> bool {
        !self.never && t > self.at
    }
}

/// A session's place in the expiry order; the sequence number keeps equal
/// expiries in the order they were (re)inserted.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Position {
    expiry: Expiry,
    seq: u64,
}

/// What a remove callback runs: `(context, session)`.
pub type RemoveFn = dyn Fn(&Ctx, &Session) + Send + Sync;

/// The application's remove callback; `token` identifies it to whoever set it
/// (the C function pointer).
#[derive(Clone)]
pub struct RemoveHook {
    pub token: usize,
    pub call: Arc<RemoveFn>,
}

/// "No slot": the end of a list.
const NIL: u32 = u32::MAX;

/// A cache with more slots than this gives memory back when no more than one
/// slot in `COMPACT_SPARSENESS` is used (`Table::compact_if_sparse`). Both are
/// small in unit tests, so that the model-based test compacts often.
const COMPACT_ABOVE_SLOTS: usize = if cfg!(test) { 8 } else { 4096 };
/// Compacting touches every remaining session (each learns its new slot), a
/// cold cache line apiece: at one in 4, draining a cache by random removals
/// spent about 40 ns per removal on it (a third of the remaining sessions
/// moved at each quarter); at one in 16 it costs about a fifth of that, and a
/// drained cache keeps at most 16 slots per session until the next compaction.
const COMPACT_SPARSENESS: usize = if cfg!(test) { 4 } else { 16 };

/// One cached session, with everything the cache needs to find, order and drop
/// it without touching the session itself.
struct Slot {
    /// The key it was added under (it stays there if the session's id changes),
    /// and its hash.
    key: SessionKey,
    hash: KeyHash,
    /// Neighbours in the run (when `in_run`); for a free slot, `next` links the
    /// free list.
    prev: u32,
    next: u32,
    in_run: bool,
    position: Position,
    /// `None` for a free slot.
    session: Option<Shared<Session>>,
}

/// `repr(C, align(64))`: the fields that every add or remove writes come first
/// and share one cache line, and the lock word in front of the table keeps a
/// line of its own (see `Cache`).
#[repr(C, align(64))]
struct Table {
    /// Slot numbers, hashed by their slot's key.
    index: HashTable<u32>,
    /// Occupied slots.
    len: u32,
    /// Head of the free-slot list.
    free: u32,
    /// The run: head (soonest) and tail (latest) of the list of slots whose
    /// positions strictly increase.
    run_tail: u32,
    run_head: u32,
    next_seq: u64,
    slots: Vec<Slot>,
    /// Slots whose position was not after the run's tail when they were placed.
    out_of_order: BTreeMap<Position, u32>,
    hasher: KeyHasher,
    remove_hook: Option<RemoveHook>,
    /// Sessions evicted because the cache was full (`SSL_CTX_sess_cache_full`).
    cache_full: u64,
}

/// Process-wide numbering of caches, so that a session can name the one that
/// holds it without holding a reference to it (0: none).
static NEXT_CACHE_ID: AtomicU64 = AtomicU64::new(1);

/// Two threads changing one cache pass its lines back and forth, one transfer
/// per line per change (50 to 100 ns each here). So the layout (checked by a
/// test) keeps what changes together and apart from what does not: the lock
/// word on a line of its own (threads waiting for the lock read it while the
/// holder works), every table field an add or a remove writes on the next
/// line, and below them only fields that are read (this cache's number, size
/// and mode) or written rarely. Nothing outside the lock is written per change:
/// the entry count is read under the shared lock.
#[repr(C)]
pub struct Cache {
    table: RwLock<Table>,
    /// This cache's number, stored in the sessions it holds.
    id: u64,
    /// Maximum number of sessions; 0 means unlimited.
    size: AtomicU64,
    mode: AtomicU32,
}

/// Sessions taken out of the table under the lock, whose callbacks and release
/// happen after it is released. The first is kept inline: an add evicts one
/// session, and must not allocate to do so.
#[derive(Default)]
struct Removed {
    first: Option<Shared<Session>>,
    rest: Vec<Shared<Session>>,
}

impl Removed {
    fn push(&mut self, session: Shared<Session>) {
        if self.first.is_none() {
            self.first = Some(session);
        } else {
            self.rest.push(session);
        }
    }

    fn is_empty(&self) -> bool {
        self.first.is_none()
    }

    /// Calls the remove callback for each session, in removal order, then drops
    /// the cache's reference to it.
    fn finish(self, hook: Option<RemoveHook>, ctx: &Ctx) {
        for session in self.first.into_iter().chain(self.rest) {
            if let Some(h) = &hook {
                (h.call)(ctx, &session);
            }
            drop(session);
        }
    }
}

impl Default for Cache {
    fn default() -> Self {
        Cache {
            id: NEXT_CACHE_ID.fetch_add(1, Ordering::Relaxed),
            table: RwLock::new(Table::new()),
            size: AtomicU64::new(DEFAULT_CACHE_SIZE),
            mode: AtomicU32::new(MODE_SERVER),
        }
    }
}

impl Table {
    fn new() -> Self {
        Table {
            index: HashTable::new(),
            slots: Vec::new(),
            free: NIL,
            len: 0,
            run_head: NIL,
            run_tail: NIL,
            out_of_order: BTreeMap::new(),
            next_seq: 0,
            hasher: KeyHasher::default(),
            remove_hook: None,
            cache_full: 0,
        }
    }

    fn slot(&self, i: u32) -> &Slot {
        &self.slots[i as usize]
    }

    fn slot_mut(&mut self, i: u32) -> &mut Slot {
        &mut self.slots[i as usize]
    }

    fn next_position(&mut self, expiry: Expiry) -> Position {
        self.next_seq += 1;
        Position {
            expiry,
            seq: self.next_seq,
        }
    }

    /// The slot holding `key`, if any, and the key's hash.
    fn find(&self, key: &SessionKey) -> (KeyHash, Option<u32>) {
        let hash = self.hasher.hash(key);
        let slots = &self.slots;
        let found = self
            .index
            .find(hash.for_index(), |&i| slots[i as usize].key == *key)
            .copied();
        (hash, found)
    }

    /// Puts `session` in a free slot under `key` (whose hash is `hash`), at
    /// `expiry` as the newest of its equals; the key must not be in the table.
    fn insert(
        &mut self,
        key: SessionKey,
        hash: KeyHash,
        session: Shared<Session>,
        expiry: Expiry,
    ) -> u32 {
        let position = self.next_position(expiry);
        let slot = Slot {
            key,
            hash,
            prev: NIL,
            next: NIL,
            in_run: false,
            position,
            session: Some(session),
        };
        let i = if self.free != NIL {
            let i = self.free;
            self.free = self.slot(i).next;
            *self.slot_mut(i) = slot;
            i
        } else {
            // A cache of 2^32 - 1 sessions is far beyond any memory here; NIL
            // stays free as a marker.
            assert!(
                self.slots.len() < NIL as usize,
                "session cache slots exhausted"
            );
            self.slots.push(slot);
            (self.slots.len() - 1) as u32
        };
        let slots = &self.slots;
        self.index
            .insert_unique(hash.for_index(), i, |&j| slots[j as usize].hash.for_index());
        self.len += 1;
        self.link_order(i);
        i
    }

    /// Takes slot `i` out of the table and tells its session it is no longer
    /// cached; returns the cache's reference to it.
    fn take(&mut self, i: u32) -> Shared<Session> {
        self.unlink_order(i);
        let hash = self.slot(i).hash.for_index();
        if let Ok(entry) = self.index.find_entry(hash, |&j| j == i) {
            entry.remove();
        }
        let free = self.free;
        let slot = self.slot_mut(i);
        let session = slot.session.take().expect("an occupied slot");
        slot.next = free;
        self.free = i;
        self.len -= 1;
        session.leave_cache();
        session
    }

    /// Gives memory back after removals: when a cache of more than
    /// `COMPACT_ABOVE_SLOTS` slots uses one in `COMPACT_SPARSENESS` or less, its
    /// sessions move to a slab and an index of their own size (a small cache
    /// keeps its memory, so that one going between empty and one entry does not
    /// allocate on every add). The slots are renumbered in expiry order, which
    /// also puts every entry in the run, and each session learns its new slot
    /// (`cache_id` is this cache's). O(n), after at least 15n removals.
    fn compact_if_sparse(&mut self, cache_id: u64) {
        if self.slots.len() <= COMPACT_ABOVE_SLOTS
            || self.len as usize > self.slots.len() / COMPACT_SPARSENESS
        {
            return;
        }
        let order = self.in_expiry_order();
        let mut old = std::mem::replace(&mut self.slots, Vec::with_capacity(order.len()));
        self.index = HashTable::with_capacity(order.len());
        self.out_of_order.clear();
        self.run_head = NIL;
        self.run_tail = NIL;
        self.free = NIL;
        for i in order {
            let from = &mut old[i as usize];
            let session = from.session.take().expect("an occupied slot");
            let j = self.slots.len() as u32;
            session.enter_cache(cache_id, j);
            self.slots.push(Slot {
                key: from.key,
                hash: from.hash,
                prev: NIL,
                next: NIL,
                in_run: false,
                position: from.position,
                session: Some(session),
            });
            let slots = &self.slots;
            self.index.insert_unique(from.hash.for_index(), j, |&k| {
                slots[k as usize].hash.for_index()
            });
            self.link_order(j);
        }
        debug_assert!(self.out_of_order.is_empty() && self.slots.len() == self.len as usize);
    }

    /// Moves slot `i` to `expiry`, as the newest of its equals.
    fn reposition(&mut self, i: u32, expiry: Expiry) {
        self.unlink_order(i);
        let position = self.next_position(expiry);
        self.slot_mut(i).position = position;
        self.link_order(i);
    }

    /// Places slot `i` in the expiry order: at the run's tail if it comes after
    /// it (always, when timeouts are uniform), otherwise in the B-tree.
    fn link_order(&mut self, i: u32) {
        let position = self.slot(i).position;
        let tail = self.run_tail;
        if tail == NIL || position > self.slot(tail).position {
            let slot = self.slot_mut(i);
            slot.in_run = true;
            slot.prev = tail;
            slot.next = NIL;
            if tail == NIL {
                self.run_head = i;
            } else {
                self.slot_mut(tail).next = i;
            }
            self.run_tail = i;
        } else {
            self.slot_mut(i).in_run = false;
            self.out_of_order.insert(position, i);
        }
    }

    fn unlink_order(&mut self, i: u32) {
        let slot = self.slot(i);
        if !slot.in_run {
            let position = slot.position;
            self.out_of_order.remove(&position);
            return;
        }
        let (prev, next) = (slot.prev, slot.next);
        if prev == NIL {
            self.run_head = next;
        } else {
            self.slot_mut(prev).next = next;
        }
        if next == NIL {
            self.run_tail = prev;
        } else {
            self.slot_mut(next).prev = prev;
        }
        let slot = self.slot_mut(i);
        slot.in_run = false;
        slot.prev = NIL;
        slot.next = NIL;
    }

    /// The slot that expires soonest, other than `skip`.
    fn soonest_except(&self, skip: u32) -> Option<u32> {
        let mut run = self.run_head;
        if run == skip && run != NIL {
            run = self.slot(run).next;
        }
        self.sooner(
            run,
            self.out_of_order.values().copied().find(|&i| i != skip),
        )
    }

    /// Whichever of a run slot and a tree slot (either may be absent) expires
    /// first.
    fn sooner(&self, run: u32, tree: Option<u32>) -> Option<u32> {
        match (run, tree) {
            (NIL, tree) => tree,
            (run, None) => Some(run),
            (run, Some(t)) => Some(if self.slot(run).position < self.slot(t).position {
                run
            } else {
                t
            }),
        }
    }

    fn soonest(&self) -> Option<u32> {
        self.soonest_except(NIL)
    }

    /// Every occupied slot, soonest expiry first (a merge of the run and the tree).
    fn in_expiry_order(&self) -> Vec<u32> {
        let mut out = Vec::with_capacity(self.len as usize);
        let mut run = self.run_head;
        let mut tree = self.out_of_order.values().copied().peekable();
        while let Some(i) = self.sooner(run, tree.peek().copied()) {
            out.push(i);
            if i == run {
                run = self.slot(run).next;
            } else {
                tree.next();
            }
        }
        out
    }

    fn session(&self, i: u32) -> &Shared<Session> {
        self.slot(i).session.as_ref().expect("an occupied slot")
    }
}

fn read(t: &RwLock<Table>) -> RwLockReadGuard<'_, Table> {
    t.read().unwrap_or_else(|p| p.into_inner())
}

fn write(t: &RwLock<Table>) -> RwLockWriteGuard<'_, Table> {
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
        read(&self.table).cache_full
    }

    pub fn remove_hook(&self) -> Option<RemoveHook> {
        read(&self.table).remove_hook.clone()
    }

    pub fn set_remove_hook(&self, hook: Option<RemoveHook>) {
        let old = std::mem::replace(&mut write(&self.table).remove_hook, hook);
        drop(old); // outside the lock: it may own application state
    }

    /// Whether a session with this key is cached (`SSL_has_matching_session_id`).
    pub fn contains(&self, key: &SessionKey) -> bool {
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
    pub fn add(self: &Arc<Self>, ctx: &Ctx, session: &Shared<Session>) -> Added {
        let update_time = self.mode() & MODE_UPDATE_TIME != 0;
        let mut table = write(&self.table);
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
        if !st
            .holder
            .as_ref()
            .is_some_and(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(self)))
        {
            st.holder = Some(Arc::downgrade(self));
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
        // A new entry, replacing or not, makes room as OpenSSL's does.
        let evicted = self.evict_for(&mut table, newest);
        table.compact_if_sparse(self.id);
        let hook = if evicted.is_empty() {
            None
        } else {
            table.remove_hook.clone()
        };
        drop(table);
        drop(replaced);
        evicted.finish(hook, ctx);
        Added::New
    }

    /// Makes room after inserting slot `newest`: while the cache is at or above
    /// its size, the session expiring soonest (never `newest` itself) leaves. A
    /// cache of size N therefore holds N-1 sessions, and size 1 holds one.
    fn evict_for(&self, table: &mut Table, newest: u32) -> Removed {
        let size = self.size();
        let mut evicted = Removed::default();
        while size > 0 && u64::from(table.len) >= size {
            let Some(victim) = table.soonest_except(newest) else {
                break;
            };
            let session = table.take(victim);
            session.mark_not_resumable();
            // A plain add under the lock, not a locked one (which would wait
            // for the store to the victim's cold line).
            table.cache_full += 1;
            evicted.push(session);
        }
        evicted
    }

    /// `SSL_CTX_remove_session`: removes whatever is cached under the session's
    /// key, marks the argument not resumable and calls the remove callback with
    /// it, found or not. Sessions with an empty id are never looked up.
    pub fn remove(&self, ctx: &Ctx, session: &Session) -> bool {
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
            if key.id.is_empty() {
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
            (h.call)(ctx, session);
        }
        found.is_some()
    }

    /// `SSL_CTX_flush_sessions`: removes, soonest first, every session with
    /// `t == 0 || t > time + timeout`; each is marked not resumable and passed to
    /// the remove callback.
    pub fn flush(&self, ctx: &Ctx, t: i64) {
        let mut flushed = Removed::default();
        let hook = {
            let mut table = write(&self.table);
            while let Some(i) = table.soonest() {
                if t != 0 && !table.slot(i).position.expiry.passed_by(t) {
                    break;
                }
                let session = table.take(i);
                session.mark_not_resumable();
                flushed.push(session);
            }
            table.compact_if_sparse(self.id);
            table.remove_hook.clone()
        };
        flushed.finish(hook, ctx);
    }
}

/// Applies `change` to a session's fields; if a cache holds the session, it is
/// moved to its new place in the expiry order, as the newest of its equals.
pub(crate) fn update_cached(session: &Session, change: impl FnOnce(&mut SessionData)) {
    let mut change = Some(change);
    loop {
        let holder = {
            let mut st = session.locked();
            let (id, _) = session.cache_place();
            let cache = (id != 0)
                .then(|| st.holder.as_ref().and_then(|w| w.upgrade()))
                .flatten()
                .filter(|c| c.id == id);
            match cache {
                Some(cache) => cache,
                None => {
                    // Not cached: the session's lock keeps a concurrent add from
                    // reading the fields half-way (an add sets the membership
                    // under it).
                    (change.take().unwrap())(&mut st.fields);
                    return;
                }
            }
        };
        let mut table = write(&holder.table);
        let mut st = session.locked();
        let (id, slot) = session.cache_place();
        if id != holder.id {
            continue; // removed or moved meanwhile: look again
        }
        (change.take().unwrap())(&mut st.fields);
        table.reposition(slot, Expiry::of(&st.fields));
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::method::TLS_METHOD;
    use std::sync::Mutex;

    /// The layout `Cache` documents: the table's data starts one line in (so
    /// the lock's own words, in front of it, have line 0 to themselves), and
    /// the fields an add or a remove writes all sit on that next line.
    #[test]
    fn changing_fields_share_one_line_apart_from_the_lock() {
        let cache = Cache::default();
        let base = &cache as *const Cache as usize;
        assert_eq!(base % 64, 0);
        let table = read(&cache.table);
        let line = |start: *const u8, len: usize| {
            let (first, last) = (start as usize - base, start as usize - base + len - 1);
            assert_eq!(
                first / 64,
                last / 64,
                "field at {first}..={last} straddles two lines"
            );
            first / 64
        };
        fn bytes<T>(field: &T) -> (*const u8, usize) {
            (field as *const T as *const u8, std::mem::size_of::<T>())
        }
        assert_eq!(
            &*table as *const Table as usize - base,
            64,
            "table data right after the lock's line"
        );
        for (start, len) in [
            bytes(&table.index),
            bytes(&table.len),
            bytes(&table.free),
            bytes(&table.run_tail),
            bytes(&table.run_head),
            bytes(&table.next_seq),
        ] {
            assert_eq!(line(start, len), 1);
        }
    }

    fn session(id: u8, time: i64, timeout: i64) -> Shared<Session> {
        let s = Session::new();
        s.set_id(&[id]).unwrap();
        s.update(|d| {
            d.time = time;
            d.timeout = timeout;
        });
        s
    }

    fn recorder(ctx: &Ctx) -> Arc<Mutex<Vec<u8>>> {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        ctx.cache().set_remove_hook(Some(RemoveHook {
            token: 1,
            call: Arc::new(move |_, s| log.lock().unwrap().push(s.read(|d| d.id.as_slice()[0]))),
        }));
        seen
    }

    #[test]
    fn add_replace_and_eviction_order() {
        let ctx = Ctx::new(&TLS_METHOD);
        let removed = recorder(&ctx);
        ctx.cache().set_size(3);
        let a = session(1, 1000, 50);
        let b = session(2, 1000, 10);
        assert_eq!(ctx.add_session(&a), Added::New);
        assert_eq!(ctx.add_session(&a), Added::AlreadyCached);
        assert_eq!(ctx.add_session(&b), Added::New);
        assert_eq!(ctx.cache().count(), 2);
        // third insert: count 3 >= size 3, evict the soonest (b)
        let c = session(3, 1000, 5);
        assert_eq!(ctx.add_session(&c), Added::New);
        assert_eq!(*removed.lock().unwrap(), vec![2]);
        assert!(!b.is_resumable());
        // c expires soonest but is never evicted by its own insert... a goes next
        let d = session(4, 1000, 1);
        ctx.add_session(&d);
        assert_eq!(*removed.lock().unwrap(), vec![2, 3]);
        assert_eq!(ctx.cache().cache_full(), 2);
        // replacement under the same key: no callback
        let d2 = session(4, 1000, 1);
        assert_eq!(ctx.add_session(&d2), Added::New);
        assert_eq!(removed.lock().unwrap().len(), 2);
        assert!(d.is_resumable());
    }

    #[test]
    fn flush_boundary_and_overflow() {
        let ctx = Ctx::new(&TLS_METHOD);
        let removed = recorder(&ctx);
        ctx.add_session(&session(1, 1000, 100));
        ctx.add_session(&session(2, i64::MAX - 1, 10));
        ctx.add_session(&session(3, -500, 100));
        ctx.flush_sessions(1100);
        assert_eq!(ctx.cache().count(), 3);
        ctx.flush_sessions(-1);
        assert_eq!(ctx.cache().count(), 3, "a negative t removes nothing");
        ctx.flush_sessions(1101);
        assert_eq!(*removed.lock().unwrap(), vec![1]);
        ctx.flush_sessions(i64::MAX);
        assert_eq!(
            ctx.cache().count(),
            2,
            "overflowed expiries and negative times never time out"
        );
        ctx.flush_sessions(0);
        assert_eq!(ctx.cache().count(), 0);
    }

    #[test]
    fn set_time_reorders() {
        let ctx = Ctx::new(&TLS_METHOD);
        let removed = recorder(&ctx);
        let a = session(1, 1000, 10);
        let b = session(2, 1000, 20);
        ctx.add_session(&a);
        ctx.add_session(&b);
        a.set_time(5000);
        ctx.flush_sessions(2000);
        assert_eq!(*removed.lock().unwrap(), vec![2]);
    }

    #[test]
    fn key_hash_spreads_similar_ids() {
        let b = KeyHasher::default();
        let mut seen = std::collections::HashSet::new();
        let mut low_bits = std::collections::HashSet::new();
        for i in 0..100_000u32 {
            // ids that differ in one 4-byte word, at the start or at the end
            let mut id = [0u8; 32];
            let at = if i % 2 == 0 { 0 } else { 28 };
            id[at..at + 4].copy_from_slice(&i.to_le_bytes());
            let key = SessionKey::new(0x304, ShortBytes::new(&id).unwrap());
            seen.insert(b.hash64(&key));
            low_bits.insert(b.hash(&key).for_index() & 0xffff);
        }
        assert_eq!(seen.len(), 100_000, "no collisions among similar ids");
        // a uniform hash gives 65536 * (1 - e^(-100000/65536)) = 51290 distinct
        // 16-bit values here, with a standard deviation near 100
        assert!(
            low_bits.len() > 50_500,
            "low bits spread: {}",
            low_bits.len()
        );
        // the protocol version and the id length are part of the hash
        let id = ShortBytes::new(&[1, 2, 3]).unwrap();
        assert_ne!(
            b.hash(&SessionKey::new(0x303, id)),
            b.hash(&SessionKey::new(0x304, id))
        );
        let short = ShortBytes::new(&[1, 2, 3, 0]).unwrap();
        assert_ne!(
            b.hash(&SessionKey::new(0x304, id)),
            b.hash(&SessionKey::new(0x304, short))
        );
    }

    #[test]
    fn one_cache_at_a_time() {
        let one = Ctx::new(&TLS_METHOD);
        let two = Ctx::new(&TLS_METHOD);
        let s = session(1, 1000, 10);
        assert_eq!(one.add_session(&s), Added::New);
        assert_eq!(two.add_session(&s), Added::CachedElsewhere);
        assert!(one.remove_session(&s));
        assert_eq!(two.add_session(&s), Added::New);
    }

    #[test]
    fn empty_ids_do_not_grow_the_cache() {
        let ctx = Ctx::new(&TLS_METHOD);
        ctx.cache().set_size(3);
        for v in 0..10 {
            let s = Session::new();
            s.update(|d| d.protocol_version = v);
            ctx.add_session(&s);
            let t = session(v as u8 + 1, 1000 + v as i64, 10);
            ctx.add_session(&t);
            assert!(ctx.cache().count() <= 2);
        }
    }

    /// Random adds, removes, time changes, size changes and flushes, with
    /// uniform and random timeouts, checked against a naive model (a list
    /// searched in full): remove callbacks in order, and the final expiry order.
    #[test]
    fn matches_a_naive_model() {
        #[derive(Clone, Copy)]
        struct ModelEntry {
            key: u8,
            obj: usize,
            expiry: Expiry,
            seq: u64,
        }
        let mut rng = 0x5e55_u64;
        let mut next = move |n: u64| {
            rng = rng.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = rng;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            (z ^ (z >> 31)) % n
        };
        for round in 0..40 {
            let uniform = round % 2 == 0;
            let ctx = Ctx::new(&TLS_METHOD);
            let removed = recorder(&ctx);
            let objs: Vec<Shared<Session>> = (0..40)
                .map(|o| session(1 + (o % 16) as u8, 1000, 100))
                .collect();
            let obj_of = |s: &Session| objs.iter().position(|o| std::ptr::eq(&**o, s)).unwrap();
            let mut model: Vec<ModelEntry> = Vec::new();
            let mut expected: Vec<u8> = Vec::new();
            let mut seq = 0u64;
            let mut size = 0u64;
            let mut clock = 1000i64;
            for _ in 0..600 {
                let o = next(objs.len() as u64) as usize;
                let s = &objs[o];
                match next(10) {
                    0..=4 => {
                        clock += next(3) as i64;
                        let timeout = if uniform { 100 } else { next(300) as i64 };
                        s.update(|d| {
                            d.time = clock;
                            d.timeout = timeout;
                        });
                        let expiry = s.read(Expiry::of);
                        let key = s.read(|d| d.id.as_slice()[0]);
                        seq += 1;
                        if let Some(e) = model.iter_mut().find(|e| e.obj == o) {
                            e.expiry = expiry;
                            e.seq = seq;
                            assert_eq!(ctx.add_session(s), Added::AlreadyCached);
                            continue;
                        }
                        model.retain(|e| e.key != key);
                        model.push(ModelEntry {
                            key,
                            obj: o,
                            expiry,
                            seq,
                        });
                        while size > 0 && model.len() as u64 >= size {
                            let victim = (0..model.len())
                                .filter(|&v| model[v].obj != o)
                                .min_by_key(|&v| (model[v].expiry, model[v].seq));
                            let Some(v) = victim else { break };
                            expected.push(model.remove(v).key);
                        }
                        assert_eq!(ctx.add_session(s), Added::New);
                    }
                    5 => {
                        let key = s.read(|d| d.id.as_slice()[0]);
                        let found = model.iter().position(|e| e.key == key);
                        if let Some(v) = found {
                            model.remove(v);
                        }
                        expected.push(key);
                        assert_eq!(ctx.remove_session(s), found.is_some());
                    }
                    6 | 7 => {
                        let time = clock - 50 + next(100) as i64;
                        s.set_time(time);
                        if let Some(e) = model.iter_mut().find(|e| e.obj == o) {
                            seq += 1;
                            e.expiry = s.read(Expiry::of);
                            e.seq = seq;
                        }
                    }
                    8 => {
                        size = [0, 1, 2, 5, 12][next(5) as usize];
                        ctx.cache().set_size(size);
                    }
                    _ => {
                        let t = clock - 20 + next(200) as i64;
                        let mut order: Vec<ModelEntry> = model.clone();
                        order.sort_by_key(|e| (e.expiry, e.seq));
                        for e in order.iter().filter(|e| e.expiry.passed_by(t)) {
                            expected.push(e.key);
                        }
                        model.retain(|e| !e.expiry.passed_by(t));
                        ctx.flush_sessions(t);
                    }
                }
                assert_eq!(*removed.lock().unwrap(), expected, "round {round}");
                assert_eq!(ctx.cache().count(), model.len());
            }
            model.sort_by_key(|e| (e.expiry, e.seq));
            let cached: Vec<usize> = ctx.cache().sessions().iter().map(|s| obj_of(s)).collect();
            assert_eq!(
                cached,
                model.iter().map(|e| e.obj).collect::<Vec<_>>(),
                "round {round}"
            );
        }
    }

    /// A large cache that drains gives its memory back and works afterwards; a
    /// small one keeps its slots.
    #[test]
    fn drained_caches_refill() {
        let ctx = Ctx::new(&TLS_METHOD);
        ctx.cache().set_size(0);
        for round in 0..2u16 {
            let sessions: Vec<_> = (0..5000u16)
                .map(|i| {
                    let s = Session::new();
                    s.set_id(&[(i >> 8) as u8, i as u8, round as u8]).unwrap();
                    s.update(|d| {
                        d.time = 1000;
                        d.timeout = 10 + (i % 7) as i64;
                    });
                    s
                })
                .collect();
            for s in &sessions {
                assert_eq!(ctx.add_session(s), Added::New);
            }
            assert_eq!(ctx.cache().count(), 5000);
            let order = ctx.cache().sessions();
            assert!(order.windows(2).all(|w| w[0].timeout() <= w[1].timeout()));
            ctx.flush_sessions(0);
            assert_eq!(ctx.cache().count(), 0);
            assert!(sessions.iter().all(|s| !s.is_resumable()));
        }
        // small: one entry at a time, over and over
        let s = session(1, 1000, 10);
        for _ in 0..100 {
            assert_eq!(ctx.add_session(&s), Added::New);
            assert!(ctx.remove_session(&s));
        }
        assert_eq!(ctx.cache().count(), 0);
    }

    #[test]
    fn sparse_caches_compact() {
        let ctx = Ctx::new(&TLS_METHOD);
        ctx.cache().set_size(0);
        // Timeouts out of insertion order, so that the B-tree holds entries too.
        let sessions: Vec<_> = (0..2000u16)
            .map(|i| {
                let s = Session::new();
                s.set_id(&[(i >> 8) as u8, i as u8]).unwrap();
                s.update(|d| {
                    d.time = 1000;
                    d.timeout = 10 + ((i as i64 * 7919) % 13);
                });
                s
            })
            .collect();
        for s in &sessions {
            assert_eq!(ctx.add_session(s), Added::New);
        }
        let expected: Vec<*const Session> = ctx
            .cache()
            .sessions()
            .iter()
            .map(|s| &**s as *const Session)
            .collect();
        // Remove 1900 of them (by their own slot, then by key after a change).
        for (n, s) in sessions.iter().enumerate().filter(|(n, _)| n % 20 != 0) {
            if n % 2 == 0 {
                s.set_time(1000); // a field change: the remove looks the key up
            }
            assert!(ctx.remove_session(s));
        }
        let table_slots = read(&ctx.cache().table).slots.len();
        assert!(table_slots < 2000 / 4, "compacted: {table_slots} slots");
        assert_eq!(ctx.cache().count(), 100);
        // Same sessions, same order, each found under its key and by its own slot.
        let kept: Vec<*const Session> = ctx
            .cache()
            .sessions()
            .iter()
            .map(|s| &**s as *const Session)
            .collect();
        let want: Vec<*const Session> = expected
            .iter()
            .copied()
            .filter(|&p| sessions.iter().position(|s| std::ptr::eq(&**s, p)).unwrap() % 20 == 0)
            .collect();
        assert_eq!(kept, want);
        for s in sessions.iter().step_by(20) {
            assert!(ctx
                .cache()
                .contains(&SessionKey::of(&s.read(|d| d.clone()))));
        }
        // A cached session moved by set_time is found through its new slot.
        sessions[20].set_time(1);
        assert!(std::ptr::eq(&*ctx.cache().sessions()[0], &*sessions[20]));
        for s in sessions.iter().step_by(20) {
            assert!(ctx.remove_session(s));
        }
        assert_eq!(ctx.cache().count(), 0);
        assert!(read(&ctx.cache().table).slots.len() <= COMPACT_ABOVE_SLOTS);
    }
}
