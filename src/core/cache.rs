//! The session cache of an `SSL_CTX`, with OpenSSL 3.0's observable behaviour and
//! without its quadratic insert or its callbacks under the lock.
//!
//! OpenSSL keeps a hash table plus a list sorted by expiry; an insert whose expiry
//! is not the latest walks the list. Here the expiry order is a B-tree keyed by
//! (expiry, insertion sequence), so every insert, removal and eviction is
//! O(log n) whatever the timeouts, a flush costs O(expired log n), and equal
//! expiries still leave in insertion order.
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
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, RwLock, RwLockReadGuard, RwLockWriteGuard, Weak};

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

impl std::hash::Hash for SessionKey {
    /// One write of the bytes that matter: version, length, id.
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let id = self.id.as_slice();
        let mut bytes = [0u8; 40];
        bytes[..4].copy_from_slice(&self.version.to_le_bytes());
        bytes[4] = id.len() as u8;
        bytes[8..8 + id.len()].copy_from_slice(id);
        state.write(&bytes[..8 + id.len().div_ceil(8) * 8]);
    }
}

/// The cache's hash: keyed with per-process random seeds (so session ids chosen
/// by a peer cannot be aimed at one bucket; OpenSSL hashes four id bytes,
/// unkeyed) and cheap: a folded 64x64->128-bit multiply per 8 bytes, the
/// construction of hashbrown's default hasher. SipHash, std's default, cost a
/// third of the cache's instructions.
#[derive(Clone, Copy)]
pub(crate) struct KeyHasherBuilder {
    seeds: [u64; 2],
}

impl Default for KeyHasherBuilder {
    fn default() -> Self {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new();
        KeyHasherBuilder { seeds: [random.hash_one(0x5e55_1u32), random.hash_one(0x5e55_2u32) | 1] }
    }
}

pub(crate) struct KeyHasher {
    state: u64,
    seed: u64,
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = (a as u128) * (b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

impl std::hash::BuildHasher for KeyHasherBuilder {
    type Hasher = KeyHasher;
    fn build_hasher(&self) -> KeyHasher {
        KeyHasher { state: self.seeds[0], seed: self.seeds[1] }
    }
}

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.state = folded_multiply(self.state ^ w, self.seed);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.state = folded_multiply(self.state ^ u64::from_le_bytes(last), self.seed);
        }
        self.state = self.state.rotate_left(bytes.len() as u32 & 63);
    }

    fn finish(&self) -> u64 {
        folded_multiply(self.state, self.seed ^ 0x9e37_79b9_7f4a_7c15)
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

/// Where a cached session sits; kept in the session so that changing its time or
/// timeout can find and move it.
pub(crate) struct CacheLink {
    cache: Weak<Cache>,
    key: SessionKey,
    position: Position,
}

/// The application's remove callback, called as `(context, session)`; `token`
/// identifies it to whoever set it (the C function pointer).
#[derive(Clone)]
pub struct RemoveHook {
    pub token: usize,
    pub call: Arc<dyn Fn(&Ctx, &Session) + Send + Sync>,
}

#[derive(Default)]
struct Table {
    entries: HashMap<SessionKey, Entry, KeyHasherBuilder>,
    order: BTreeMap<Position, SessionKey>,
    next_seq: u64,
}

struct Entry {
    session: Shared<Session>,
    position: Position,
}

pub struct Cache {
    table: RwLock<Table>,
    /// Entries in the table, readable without the lock (`SSL_CTX_sess_number`).
    count: AtomicUsize,
    /// Maximum number of sessions; 0 means unlimited.
    size: AtomicU64,
    mode: AtomicU32,
    /// Sessions evicted because the cache was full (`SSL_CTX_sess_cache_full`).
    cache_full: AtomicU64,
    remove_hook: RwLock<Option<RemoveHook>>,
}

/// Sessions taken out of the table under the lock, whose callbacks and release
/// happen after it is released.
struct Removed(Vec<Shared<Session>>);

impl Removed {
    fn finish(self, cache: &Cache, ctx: &Ctx) {
        if self.0.is_empty() {
            return;
        }
        let hook = cache.remove_hook();
        for session in self.0 {
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
            table: RwLock::new(Table::default()),
            count: AtomicUsize::new(0),
            size: AtomicU64::new(DEFAULT_CACHE_SIZE),
            mode: AtomicU32::new(MODE_SERVER),
            cache_full: AtomicU64::new(0),
            remove_hook: RwLock::new(None),
        }
    }
}

impl Table {
    fn next_position(&mut self, expiry: Expiry) -> Position {
        self.next_seq += 1;
        Position {
            expiry,
            seq: self.next_seq,
        }
    }

    /// Takes the entry under `key` out of the table and unlinks its session.
    fn take(&mut self, key: &SessionKey) -> Option<Shared<Session>> {
        let entry = self.entries.remove(key)?;
        self.order.remove(&entry.position);
        entry.session.locked().link = None;
        Some(entry.session)
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
        self.count.load(Ordering::Relaxed)
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
        self.cache_full.load(Ordering::Relaxed)
    }

    pub fn remove_hook(&self) -> Option<RemoveHook> {
        self.remove_hook
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    pub fn set_remove_hook(&self, hook: Option<RemoveHook>) {
        *self.remove_hook.write().unwrap_or_else(|p| p.into_inner()) = hook;
    }

    /// Whether a session with this key is cached (`SSL_has_matching_session_id`).
    pub fn contains(&self, key: &SessionKey) -> bool {
        read(&self.table).entries.contains_key(key)
    }

    /// The cached sessions, soonest expiry first.
    pub fn sessions(&self) -> Vec<Shared<Session>> {
        let table = read(&self.table);
        table
            .order
            .values()
            .filter_map(|k| table.entries.get(k))
            .map(|e| e.session.clone())
            .collect()
    }

    /// `SSL_CTX_add_session`.
    pub fn add(self: &Arc<Self>, ctx: &Ctx, session: &Shared<Session>) -> Added {
        let update_time = self.mode() & MODE_UPDATE_TIME != 0;
        let mut table = write(&self.table);
        let mut st = session.locked();
        if let Some(l) = st.link.as_ref() {
            if !std::ptr::eq(l.cache.as_ptr(), Arc::as_ptr(self)) && l.cache.strong_count() > 0 {
                return Added::CachedElsewhere;
            }
        }
        if update_time {
            st.fields.time = now();
        }
        let (key, expiry) = (SessionKey::of(&st.fields), Expiry::of(&st.fields));
        let position = table.next_position(expiry);

        if let Some(l) = st
            .link
            .as_mut()
            .filter(|l| std::ptr::eq(l.cache.as_ptr(), Arc::as_ptr(self)))
        {
            // This object again: it moves to its (possibly new) expiry, as the
            // newest of its equals.
            table.order.remove(&l.position);
            table.order.insert(position, l.key);
            if let Some(e) = table.entries.get_mut(&l.key) {
                e.position = position;
            }
            l.position = position;
            return Added::AlreadyCached;
        }

        st.link = Some(CacheLink {
            cache: Arc::downgrade(self),
            key,
            position,
        });
        drop(st);
        let new_entry = Entry {
            session: session.clone(),
            position,
        };
        table.order.insert(position, key);
        let replaced = table.entries.insert(key, new_entry);
        match &replaced {
            // Another object under the same key gives way silently: no remove
            // callback, no not-resumable mark, as in OpenSSL.
            Some(old) => {
                table.order.remove(&old.position);
                old.session.locked().link = None;
            }
            None => {
                self.count.fetch_add(1, Ordering::Relaxed);
            }
        }
        // A new entry, replacing or not, makes room as OpenSSL's does.
        let evicted = self.evict_for(&mut table, &key);
        drop(table);
        drop(replaced);
        evicted.finish(self, ctx);
        Added::New
    }

    /// Makes room after inserting `newest`: while the cache is at or above its
    /// size, the session expiring soonest (never `newest` itself) leaves. A cache
    /// of size N therefore holds N-1 sessions, and size 1 holds one.
    fn evict_for(&self, table: &mut Table, newest: &SessionKey) -> Removed {
        let size = self.size();
        let mut evicted = Vec::new();
        while size > 0 && table.entries.len() as u64 >= size {
            let victim = table.order.values().take(2).find(|k| *k != newest).copied();
            let Some(session) = victim.and_then(|k| table.take(&k)) else {
                break;
            };
            session.mark_not_resumable();
            self.cache_full.fetch_add(1, Ordering::Relaxed);
            self.count.fetch_sub(1, Ordering::Relaxed);
            evicted.push(session);
        }
        Removed(evicted)
    }

    /// `SSL_CTX_remove_session`: removes whatever is cached under the session's
    /// key, marks the argument not resumable and calls the remove callback with
    /// it, found or not. Sessions with an empty id are never looked up.
    pub fn remove(&self, ctx: &Ctx, session: &Session) -> bool {
        let key = session.read(SessionKey::of);
        if key.id.is_empty() {
            return false;
        }
        let found = {
            let mut table = write(&self.table);
            let found = table.take(&key);
            if found.is_some() {
                self.count.fetch_sub(1, Ordering::Relaxed);
            }
            session.mark_not_resumable();
            found
        };
        if let Some(h) = self.remove_hook() {
            (h.call)(ctx, session);
        }
        found.is_some()
    }

    /// `SSL_CTX_flush_sessions`: removes, soonest first, every session with
    /// `t == 0 || t > time + timeout`; each is marked not resumable and passed to
    /// the remove callback.
    pub fn flush(&self, ctx: &Ctx, t: i64) {
        let mut flushed = Vec::new();
        {
            let mut table = write(&self.table);
            while let Some((position, key)) = table.order.first_key_value() {
                if t != 0 && !position.expiry.passed_by(t) {
                    break;
                }
                let key = *key;
                if let Some(session) = table.take(&key) {
                    session.mark_not_resumable();
                    flushed.push(session);
                }
            }
            self.count.store(table.entries.len(), Ordering::Relaxed);
        }
        Removed(flushed).finish(self, ctx);
    }
}

/// Applies `change` to a session's fields; if a cache holds the session, it is
/// moved to its new place in the expiry order, as the newest of its equals.
pub(crate) fn update_cached(session: &Session, change: impl FnOnce(&mut SessionData)) {
    let mut change = Some(change);
    loop {
        let owner = {
            let mut st = session.locked();
            match st.link.as_ref().and_then(|l| l.cache.upgrade()) {
                Some(cache) => cache,
                None => {
                    // Not cached: the session's lock keeps a concurrent add from
                    // reading the fields half-way.
                    (change.take().unwrap())(&mut st.fields);
                    return;
                }
            }
        };
        let mut table = write(&owner.table);
        let mut st = session.locked();
        let st = &mut *st;
        let Some(l) = st
            .link
            .as_mut()
            .filter(|l| std::ptr::eq(l.cache.as_ptr(), Arc::as_ptr(&owner)))
        else {
            continue; // removed or moved meanwhile: look again
        };
        (change.take().unwrap())(&mut st.fields);
        let position = table.next_position(Expiry::of(&st.fields));
        table.order.remove(&l.position);
        table.order.insert(position, l.key);
        if let Some(e) = table.entries.get_mut(&l.key) {
            e.position = position;
        }
        l.position = position;
        return;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::method::TLS_METHOD;
    use std::sync::Mutex;

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
        use std::hash::BuildHasher;
        let b = KeyHasherBuilder::default();
        let mut seen = std::collections::HashSet::new();
        let mut low_bits = std::collections::HashSet::new();
        for i in 0..100_000u32 {
            // ids that differ in one 4-byte word, at the start or at the end
            let mut id = [0u8; 32];
            let at = if i % 2 == 0 { 0 } else { 28 };
            id[at..at + 4].copy_from_slice(&i.to_le_bytes());
            let h = b.hash_one(SessionKey::new(0x304, ShortBytes::new(&id).unwrap()));
            seen.insert(h);
            low_bits.insert(h & 0xffff);
        }
        assert_eq!(seen.len(), 100_000, "no collisions among similar ids");
        // a uniform hash gives 65536 * (1 - e^(-100000/65536)) = 51290 distinct
        // 16-bit values here, with a standard deviation near 100
        assert!(low_bits.len() > 50_500, "low bits spread: {}", low_bits.len());
        // the protocol version and the id length are part of the hash
        let id = ShortBytes::new(&[1, 2, 3]).unwrap();
        assert_ne!(b.hash_one(SessionKey::new(0x303, id)), b.hash_one(SessionKey::new(0x304, id)));
        let short = ShortBytes::new(&[1, 2, 3, 0]).unwrap();
        assert_ne!(b.hash_one(SessionKey::new(0x304, id)), b.hash_one(SessionKey::new(0x304, short)));
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
}
