//! When a cached session expires, and the order of a cache's slots by expiry.
//!
//! OpenSSL keeps one list sorted by expiry, so an insert whose expiry is not the
//! latest walks it. Here the order is kept in two parts:
//! - the *run*: a list threaded through the slots whose positions strictly
//!   increase, to which an entry expiring no sooner than its tail is appended in
//!   O(1) (with uniform timeouts, every entry);
//! - a B-tree for entries inserted out of order (O(log n)).
//!
//! The soonest expiry is the smaller of the two heads. So every insert, removal
//! and eviction is O(log n) whatever the timeouts, O(1) when they are uniform, a
//! flush costs O(expired), and equal expiries still leave in insertion order.

use crate::core::session::SessionData;
use std::collections::BTreeMap;

/// When a session expires, computed and ordered exactly as OpenSSL 3.0 does.
///
/// OpenSSL checks `timeout > LONG_MAX - time` with wrapping arithmetic: when it
/// holds, the session "overflowed", never times out, sorts after every other
/// session, and among overflowed ones by `timeout - (LONG_MAX - time)`. Because
/// `LONG_MAX - time` wraps negative for any negative time, a session with a
/// negative time always counts as overflowed.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) struct Expiry {
    never: bool,
    at: i64,
}

impl Expiry {
    /// A negative timeout counts as it is (a session of time 1000 and timeout
    /// -50 expires at 950), and `time + timeout` wraps, as in OpenSSL 3.0.
    pub(super) fn of(d: &SessionData) -> Self {
        let headroom = i64::MAX.wrapping_sub(d.time);
        if d.timeout > headroom {
            Expiry {
                never: true,
                at: d.timeout.wrapping_sub(headroom),
            }
        } else {
            Expiry {
                never: false,
                at: d.time.wrapping_add(d.timeout),
            }
        }
    }

    /// Whether a flush at `t` removes the session (`t > time + timeout`).
    pub(super) fn passed_by(self, t: i64) -> bool {
        !self.never && t > self.at
    }
}

/// A session's place in the expiry order; the sequence number keeps equal
/// expiries in the order they were (re)inserted.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub(super) struct Position {
    pub(super) expiry: Expiry,
    seq: u64,
}

/// "No slot": the end of a list.
pub(super) const NIL: u32 = u32::MAX;
/// In `Links::prev`: the slot is not in the run (it is in the B-tree, or in no
/// order at all). A marker rather than a flag keeps a slot at 88 bytes.
const OUT_OF_RUN: u32 = u32::MAX - 1;
/// Slot numbers stay below both markers.
pub(super) const MAX_SLOTS: usize = OUT_OF_RUN as usize;

/// A slot's part of the order: its position, and its neighbours in the run.
#[derive(Clone, Copy)]
pub(super) struct Links {
    pub(super) position: Position,
    prev: u32,
    next: u32,
}

impl Links {
    /// The links of a slot at `position` that is in no order yet.
    pub(super) fn at(position: Position) -> Self {
        Links {
            position,
            prev: OUT_OF_RUN,
            next: NIL,
        }
    }

    /// Makes these the links of a free slot, which is in no order: `next`
    /// links the table's free list instead.
    pub(super) fn set_next_free(&mut self, next_free: u32) {
        self.prev = OUT_OF_RUN;
        self.next = next_free;
    }

    pub(super) fn next_free(&self) -> u32 {
        self.next
    }

    fn in_run(&self) -> bool {
        self.prev != OUT_OF_RUN
    }
}

/// The slots the order is threaded through, by number.
pub(super) trait Slots {
    fn links(&self, i: u32) -> &Links;
    fn links_mut(&mut self, i: u32) -> &mut Links;
}

/// The expiry order's own state. `repr(C)`: the fields every add or remove
/// writes come first, in `ExpiryOrder::CHANGING_BYTES`.
#[repr(C)]
pub(super) struct ExpiryOrder {
    /// The run: tail (latest) and head (soonest) of the list of slots whose
    /// positions strictly increase.
    run_tail: u32,
    run_head: u32,
    next_seq: u64,
    /// Slots whose position was not after the run's tail when they were placed.
    out_of_order: BTreeMap<Position, u32>,
}

impl ExpiryOrder {
    /// How many leading bytes hold the fields that every add or remove writes.
    pub(super) const CHANGING_BYTES: usize = std::mem::offset_of!(ExpiryOrder, out_of_order);

    pub(super) fn new() -> Self {
        ExpiryOrder {
            run_tail: NIL,
            run_head: NIL,
            next_seq: 0,
            out_of_order: BTreeMap::new(),
        }
    }

    /// Forgets every slot (the sequence goes on, so that positions stay
    /// unique).
    pub(super) fn clear(&mut self) {
        self.out_of_order.clear();
        self.run_head = NIL;
        self.run_tail = NIL;
    }

    pub(super) fn is_run_only(&self) -> bool {
        self.out_of_order.is_empty()
    }

    /// The next position at `expiry`: after every equal one placed before.
    pub(super) fn next_position(&mut self, expiry: Expiry) -> Position {
        self.next_seq += 1;
        Position {
            expiry,
            seq: self.next_seq,
        }
    }

    /// Moves slot `i` to `expiry`, as the newest of its equals.
    pub(super) fn reposition(&mut self, slots: &mut impl Slots, i: u32, expiry: Expiry) {
        self.unlink(slots, i);
        slots.links_mut(i).position = self.next_position(expiry);
        self.link(slots, i);
    }

    /// Places slot `i` (in no order yet) at its position: at the run's tail if
    /// it comes after it (always, when timeouts are uniform), otherwise in the
    /// B-tree.
    pub(super) fn link(&mut self, slots: &mut impl Slots, i: u32) {
        let position = slots.links(i).position;
        let tail = self.run_tail;
        if tail == NIL || position > slots.links(tail).position {
            let links = slots.links_mut(i);
            links.prev = tail;
            links.next = NIL;
            if tail == NIL {
                self.run_head = i;
            } else {
                slots.links_mut(tail).next = i;
            }
            self.run_tail = i;
        } else {
            slots.links_mut(i).prev = OUT_OF_RUN;
            self.out_of_order.insert(position, i);
        }
    }

    /// Takes slot `i` out of the order.
    pub(super) fn unlink(&mut self, slots: &mut impl Slots, i: u32) {
        let links = *slots.links(i);
        if !links.in_run() {
            self.out_of_order.remove(&links.position);
            return;
        }
        if links.prev == NIL {
            self.run_head = links.next;
        } else {
            slots.links_mut(links.prev).next = links.next;
        }
        if links.next == NIL {
            self.run_tail = links.prev;
        } else {
            slots.links_mut(links.next).prev = links.prev;
        }
        *slots.links_mut(i) = Links::at(links.position);
    }

    /// The slot that expires soonest, other than `skip`.
    pub(super) fn soonest_except(&self, slots: &impl Slots, skip: u32) -> Option<u32> {
        let mut run = self.run_head;
        if run == skip && run != NIL {
            run = slots.links(run).next;
        }
        let tree = self.out_of_order.values().copied().find(|&i| i != skip);
        sooner(slots, run, tree)
    }

    /// The sequence number of the latest position given out: every slot placed
    /// since has a greater one.
    pub(super) fn last_seq(&self) -> u64 {
        self.next_seq
    }

    /// The soonest slot that a flush at `t` removes (any, for `t == 0`) among
    /// those placed at or before sequence number `placed_by`; slots placed
    /// later are passed over.
    pub(super) fn soonest_flushable(
        &self,
        slots: &impl Slots,
        t: i64,
        placed_by: u64,
    ) -> Option<u32> {
        let mut run = self.run_head;
        let mut tree = self.out_of_order.values().copied().peekable();
        while let Some(i) = sooner(slots, run, tree.peek().copied()) {
            let position = slots.links(i).position;
            if t != 0 && !position.expiry.passed_by(t) {
                return None; // every later slot expires no sooner
            }
            if position.seq <= placed_by {
                return Some(i);
            }
            if i == run {
                run = slots.links(run).next;
            } else {
                tree.next();
            }
        }
        None
    }

    /// Every slot in the order (`count` of them), soonest expiry first (a
    /// merge of the run and the tree).
    pub(super) fn in_order(&self, slots: &impl Slots, count: usize) -> Vec<u32> {
        let mut out = Vec::with_capacity(count);
        let mut run = self.run_head;
        let mut tree = self.out_of_order.values().copied().peekable();
        while let Some(i) = sooner(slots, run, tree.peek().copied()) {
            out.push(i);
            if i == run {
                run = slots.links(run).next;
            } else {
                tree.next();
            }
        }
        out
    }
}

/// Whichever of a run slot and a tree slot (either may be absent) expires
/// first.
fn sooner(slots: &impl Slots, run: u32, tree: Option<u32>) -> Option<u32> {
    match (run, tree) {
        (NIL, tree) => tree,
        (run, None) => Some(run),
        (run, Some(t)) => Some(if slots.links(run).position < slots.links(t).position {
            run
        } else {
            t
        }),
    }
}
