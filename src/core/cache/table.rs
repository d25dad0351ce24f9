//! The slab a cache keeps its sessions in, and the hash index over it.
//!
//! The cache owns its entries in a slab (`Vec<Slot>`, addressed by `u32`); the
//! hash index holds only slot numbers, and the expiry order (`expiry.rs`) is
//! threaded through the slots. A slot keeps the key and position of its
//! session, so the table never locks a session it takes out: the session's
//! membership (which cache, which slot) is a pair of atomics that only the
//! holding cache writes, under its lock.

use super::expiry::{Expiry, ExpiryOrder, Links, Slots, MAX_SLOTS, NIL};
use super::hook::RemoveHook;
use super::key::{KeyHash, KeyHasher, SessionKey};
use crate::core::session::Session;
use crate::sync::Shared;
use hashbrown::HashTable;

/// A cache with more slots than this gives memory back when no more than one
/// slot in `COMPACT_SPARSENESS` is used (`Table::compact_if_sparse`). Both are
/// small in unit tests, so that the model-based test compacts often.
pub(super) const COMPACT_ABOVE_SLOTS: usize = if cfg!(test) { 8 } else { 4096 };
/// Compacting touches every remaining session (each learns its new slot), a
/// cold cache line apiece: at one in 4, draining a cache by random removals
/// spent about 40 ns per removal on it (a third of the remaining sessions
/// moved at each quarter); at one in 16 it costs about a fifth of that, and a
/// drained cache keeps at most 16 slots per session until the next compaction.
const COMPACT_SPARSENESS: usize = if cfg!(test) { 4 } else { 16 };

/// One cached session, with everything the cache needs to find, order and drop
/// it without touching the session itself.
pub(super) struct Slot {
    /// The key it was added under (it stays there if the session's id changes),
    /// and its hash.
    pub(super) key: SessionKey,
    pub(super) hash: KeyHash,
    /// Its place in the expiry order; for a free slot, the free list.
    pub(super) links: Links,
    /// `None` for a free slot.
    pub(super) session: Option<Shared<Session>>,
}

/// `repr(C)`: the fields that every add or remove writes come first and share
/// the table's first cache line (asserted below); the cache keeps the table on
/// lines of its own, apart from its lock (see `Cache`).
#[repr(C)]
pub(super) struct Table {
    /// Slot numbers, hashed by their slot's key.
    pub(super) index: HashTable<u32>,
    /// Occupied slots.
    pub(super) len: u32,
    /// Head of the free-slot list.
    pub(super) free: u32,
    /// Set when the context is being freed: the table takes no more sessions.
    pub(super) closing: bool,
    /// The expiry order, whose first fields change with every add or remove.
    pub(super) order: ExpiryOrder,
    pub(super) slots: Vec<Slot>,
    pub(super) hasher: KeyHasher,
    pub(super) remove_hook: Option<RemoveHook>,
    /// Sessions evicted because the cache was full (`SSL_CTX_sess_cache_full`).
    pub(super) cache_full: u64,
}

// Every field an add or a remove writes (the index header, the length, the free
// list and the expiry order's run and sequence) is on the table's first line.
const _: () = assert!(std::mem::offset_of!(Table, order) + ExpiryOrder::CHANGING_BYTES <= 64);

impl Table {
    pub(super) fn new() -> Self {
        Table {
            index: HashTable::new(),
            slots: Vec::new(),
            free: NIL,
            len: 0,
            closing: false,
            order: ExpiryOrder::new(),
            hasher: KeyHasher::default(),
            remove_hook: None,
            cache_full: 0,
        }
    }

    pub(super) fn slot(&self, i: u32) -> &Slot {
        &self.slots[i as usize]
    }

    pub(super) fn slot_mut(&mut self, i: u32) -> &mut Slot {
        &mut self.slots[i as usize]
    }

    /// The slot holding `key`, if any, and the key's hash.
    pub(super) fn find(&self, key: &SessionKey) -> (KeyHash, Option<u32>) {
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
    pub(super) fn insert(
        &mut self,
        key: SessionKey,
        hash: KeyHash,
        session: Shared<Session>,
        expiry: Expiry,
    ) -> u32 {
        let position = self.order.next_position(expiry);
        let slot = Slot {
            key,
            hash,
            links: Links::at(position),
            session: Some(session),
        };
        let i = if self.free != NIL {
            let i = self.free;
            self.free = self.slot(i).links.next_free();
            *self.slot_mut(i) = slot;
            i
        } else {
            // A cache of 2^32 - 2 sessions is far beyond any memory here; the
            // numbers above stay free as markers.
            assert!(
                self.slots.len() < MAX_SLOTS,
                "session cache slots exhausted"
            );
            self.slots.push(slot);
            (self.slots.len() - 1) as u32
        };
        let slots = &self.slots;
        self.index
            .insert_unique(hash.for_index(), i, |&j| slots[j as usize].hash.for_index());
        self.len += 1;
        self.order.link(&mut self.slots, i);
        i
    }

    /// Takes slot `i` out of the table and tells its session it is no longer
    /// cached; returns the cache's reference to it.
    pub(super) fn take(&mut self, i: u32) -> Shared<Session> {
        self.order.unlink(&mut self.slots, i);
        let hash = self.slot(i).hash.for_index();
        if let Ok(entry) = self.index.find_entry(hash, |&j| j == i) {
            entry.remove();
        }
        let free = self.free;
        let slot = self.slot_mut(i);
        let session = slot.session.take().expect("an occupied slot");
        slot.links.set_next_free(free);
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
    pub(super) fn compact_if_sparse(&mut self, cache_id: u64) {
        if self.slots.len() <= COMPACT_ABOVE_SLOTS
            || self.len as usize > self.slots.len() / COMPACT_SPARSENESS
        {
            return;
        }
        let order = self.in_expiry_order();
        let mut old = std::mem::replace(&mut self.slots, Vec::with_capacity(order.len()));
        self.index = HashTable::with_capacity(order.len());
        self.order.clear();
        self.free = NIL;
        for i in order {
            let from = &mut old[i as usize];
            let session = from.session.take().expect("an occupied slot");
            let j = self.slots.len() as u32;
            session.enter_cache(cache_id, j);
            self.slots.push(Slot {
                key: from.key,
                hash: from.hash,
                links: Links::at(from.links.position),
                session: Some(session),
            });
            let slots = &self.slots;
            self.index.insert_unique(from.hash.for_index(), j, |&k| {
                slots[k as usize].hash.for_index()
            });
            self.order.link(&mut self.slots, j);
        }
        debug_assert!(self.order.is_run_only() && self.slots.len() == self.len as usize);
    }

    pub(super) fn session(&self, i: u32) -> &Shared<Session> {
        self.slot(i).session.as_ref().expect("an occupied slot")
    }

    /// Moves slot `i` to `expiry`, as the newest of its equals.
    pub(super) fn reposition(&mut self, i: u32, expiry: Expiry) {
        self.order.reposition(&mut self.slots, i, expiry);
    }

    /// The slot that expires soonest, other than `skip`.
    pub(super) fn soonest_except(&self, skip: u32) -> Option<u32> {
        self.order.soonest_except(&self.slots, skip)
    }

    /// See `ExpiryOrder::soonest_flushable`.
    pub(super) fn soonest_flushable(&self, t: i64, placed_by: u64) -> Option<u32> {
        self.order.soonest_flushable(&self.slots, t, placed_by)
    }

    /// Every occupied slot, soonest expiry first.
    pub(super) fn in_expiry_order(&self) -> Vec<u32> {
        self.order.in_order(&self.slots, self.len as usize)
    }
}

impl Slots for Vec<Slot> {
    fn links(&self, i: u32) -> &Links {
        &self[i as usize].links
    }

    fn links_mut(&mut self, i: u32) -> &mut Links {
        &mut self[i as usize].links
    }
}
