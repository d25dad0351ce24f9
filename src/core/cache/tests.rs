//! The cache's unit tests.

use super::expiry::{Expiry, ExpiryOrder};
use super::key::SessionKey;
use super::table::{Table, COMPACT_ABOVE_SLOTS};
use super::*;
use std::sync::Mutex;

/// The layout `Cache` and `Table` document, in sessl's own types: the table
/// fills whole cache lines (so the lock's words are on others), and the fields
/// an add or a remove writes all sit on its first line.
#[test]
fn changing_fields_share_one_line_apart_from_the_lock() {
    use std::mem::{align_of, offset_of, size_of};
    let padded = align_of::<CachePadded<Table>>();
    assert!(padded >= 64 && padded % 64 == 0);
    assert_eq!(size_of::<CachePadded<Table>>() % padded, 0);
    for (offset, len) in [
        (
            offset_of!(Table, index),
            size_of::<hashbrown::HashTable<u32>>(),
        ),
        (offset_of!(Table, len), size_of::<u32>()),
        (offset_of!(Table, free), size_of::<u32>()),
        (offset_of!(Table, order), ExpiryOrder::CHANGING_BYTES),
    ] {
        assert!(offset + len <= 64, "field at {offset}, {len} bytes");
    }
    assert!(
        size_of::<super::table::Slot>() <= 88,
        "memory per cached session"
    );
}

fn new_cache() -> Arc<Cache> {
    Arc::new(Cache::default())
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

fn recorder(cache: &Cache) -> Arc<Mutex<Vec<u8>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    cache.set_remove_hook(Some(RemoveHook {
        token: 1,
        call: Arc::new(move |s| log.lock().unwrap().push(s.read(|d| d.id.as_slice()[0]))),
    }));
    seen
}

#[test]
fn add_replace_and_eviction_order() {
    let cache = new_cache();
    let removed = recorder(&cache);
    cache.set_size(3);
    let a = session(1, 1000, 50);
    let b = session(2, 1000, 10);
    assert_eq!(cache.add(&a), Added::New);
    assert_eq!(cache.add(&a), Added::AlreadyCached);
    assert_eq!(cache.add(&b), Added::New);
    assert_eq!(cache.count(), 2);
    // third insert: count 3 >= size 3, evict the soonest (b)
    let c = session(3, 1000, 5);
    assert_eq!(cache.add(&c), Added::New);
    assert_eq!(*removed.lock().unwrap(), vec![2]);
    assert!(!b.is_resumable());
    // c expires soonest but is never evicted by its own insert... a goes next
    let d = session(4, 1000, 1);
    cache.add(&d);
    assert_eq!(*removed.lock().unwrap(), vec![2, 3]);
    assert_eq!(cache.cache_full(), 2);
    // replacement under the same key: no callback
    let d2 = session(4, 1000, 1);
    assert_eq!(cache.add(&d2), Added::New);
    assert_eq!(removed.lock().unwrap().len(), 2);
    assert!(d.is_resumable());
}

#[test]
fn flush_boundary_and_overflow() {
    let cache = new_cache();
    let removed = recorder(&cache);
    cache.add(&session(1, 1000, 100));
    cache.add(&session(2, i64::MAX - 1, 10));
    cache.add(&session(3, -500, 100));
    cache.flush(1100);
    assert_eq!(cache.count(), 3);
    cache.flush(-1);
    assert_eq!(cache.count(), 3, "a negative t removes nothing");
    cache.flush(1101);
    assert_eq!(*removed.lock().unwrap(), vec![1]);
    cache.flush(i64::MAX);
    assert_eq!(
        cache.count(),
        2,
        "overflowed expiries and negative times never time out"
    );
    cache.flush(0);
    assert_eq!(cache.count(), 0);
}

#[test]
fn set_time_reorders() {
    let cache = new_cache();
    let removed = recorder(&cache);
    let a = session(1, 1000, 10);
    let b = session(2, 1000, 20);
    cache.add(&a);
    cache.add(&b);
    a.set_time(5000);
    cache.flush(2000);
    assert_eq!(*removed.lock().unwrap(), vec![2]);
}

#[test]
fn one_cache_at_a_time() {
    let one = new_cache();
    let two = new_cache();
    let s = session(1, 1000, 10);
    assert_eq!(one.add(&s), Added::New);
    assert_eq!(two.add(&s), Added::CachedElsewhere);
    assert!(one.remove(&s));
    assert_eq!(two.add(&s), Added::New);
}

#[test]
fn empty_ids_do_not_grow_the_cache() {
    let cache = new_cache();
    cache.set_size(3);
    for v in 0..10 {
        let s = Session::new();
        s.update(|d| d.protocol_version = v);
        cache.add(&s);
        let t = session(v as u8 + 1, 1000 + v as i64, 10);
        cache.add(&t);
        assert!(cache.count() <= 2);
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
    // Fewer rounds under Miri (minutes otherwise).
    let rounds = if cfg!(miri) { 2 } else { 40 };
    for round in 0..rounds {
        let uniform = round % 2 == 0;
        let cache = new_cache();
        let removed = recorder(&cache);
        let objs: Vec<Shared<Session>> = (0..40)
            .map(|o| session(1 + (o % 16) as u8, 1000, 100))
            .collect();
        let obj_of = |s: &Session| objs.iter().position(|o| std::ptr::eq(&**o, s)).unwrap();
        let mut model: Vec<ModelEntry> = Vec::new();
        let mut expected: Vec<u8> = Vec::new();
        let mut seq = 0u64;
        let mut size = 0u64;
        let mut clock = 1000i64;
        for _ in 0..if cfg!(miri) { 120 } else { 600 } {
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
                        assert_eq!(cache.add(s), Added::AlreadyCached);
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
                    assert_eq!(cache.add(s), Added::New);
                }
                5 => {
                    let key = s.read(|d| d.id.as_slice()[0]);
                    let found = model.iter().position(|e| e.key == key);
                    if let Some(v) = found {
                        model.remove(v);
                    }
                    expected.push(key);
                    assert_eq!(cache.remove(s), found.is_some());
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
                    cache.set_size(size);
                }
                _ => {
                    let t = clock - 20 + next(200) as i64;
                    let mut order: Vec<ModelEntry> = model.clone();
                    order.sort_by_key(|e| (e.expiry, e.seq));
                    for e in order.iter().filter(|e| e.expiry.passed_by(t)) {
                        expected.push(e.key);
                    }
                    model.retain(|e| !e.expiry.passed_by(t));
                    cache.flush(t);
                }
            }
            assert_eq!(*removed.lock().unwrap(), expected, "round {round}");
            assert_eq!(cache.count(), model.len());
        }
        model.sort_by_key(|e| (e.expiry, e.seq));
        let cached: Vec<usize> = cache.sessions().iter().map(|s| obj_of(s)).collect();
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
    // Smaller under Miri (minutes otherwise); still far above the test
    // build's compaction threshold.
    const N: u16 = if cfg!(miri) { 64 } else { 5000 };
    let cache = new_cache();
    cache.set_size(0);
    for round in 0..2u16 {
        let sessions: Vec<_> = (0..N)
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
            assert_eq!(cache.add(s), Added::New);
        }
        assert_eq!(cache.count(), N as usize);
        let order = cache.sessions();
        assert!(order.windows(2).all(|w| w[0].timeout() <= w[1].timeout()));
        cache.flush(0);
        assert_eq!(cache.count(), 0);
        assert!(sessions.iter().all(|s| !s.is_resumable()));
    }
    // small: one entry at a time, over and over
    let s = session(1, 1000, 10);
    for _ in 0..100 {
        assert_eq!(cache.add(&s), Added::New);
        assert!(cache.remove(&s));
    }
    assert_eq!(cache.count(), 0);
}

#[test]
fn sparse_caches_compact() {
    // Smaller under Miri (minutes otherwise); one session in 20 stays.
    const N: u16 = if cfg!(miri) { 160 } else { 2000 };
    let cache = new_cache();
    cache.set_size(0);
    // Timeouts out of insertion order, so that the B-tree holds entries too.
    let sessions: Vec<_> = (0..N)
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
        assert_eq!(cache.add(s), Added::New);
    }
    let expected: Vec<*const Session> = cache
        .sessions()
        .iter()
        .map(|s| &**s as *const Session)
        .collect();
    // Remove 19 in 20 of them (by their own slot, then by key after a change).
    for (n, s) in sessions.iter().enumerate().filter(|(n, _)| n % 20 != 0) {
        if n % 2 == 0 {
            s.set_time(1000); // a field change: the remove looks the key up
        }
        assert!(cache.remove(s));
    }
    let table_slots = read(&cache.table).slots.len();
    assert!(
        table_slots < N as usize / 4,
        "compacted: {table_slots} slots"
    );
    assert_eq!(cache.count(), N as usize / 20);
    // Same sessions, same order, each found under its key and by its own slot.
    let kept: Vec<*const Session> = cache
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
        assert!(cache.contains(&SessionKey::of(&s.read(|d| d.clone()))));
    }
    // A cached session moved by set_time is found through its new slot.
    sessions[20].set_time(1);
    assert!(std::ptr::eq(&*cache.sessions()[0], &*sessions[20]));
    for s in sessions.iter().step_by(20) {
        assert!(cache.remove(s));
    }
    assert_eq!(cache.count(), 0);
    assert!(read(&cache.table).slots.len() <= COMPACT_ABOVE_SLOTS);
}

#[test]
fn negative_timeouts_count_as_they_are() {
    let cache = new_cache();
    let removed = recorder(&cache);
    cache.add(&session(1, 1000, -50)); // expires at 950
    cache.add(&session(2, i64::MIN + 10, -50)); // wraps to i64::MAX - 39
    cache.flush(950);
    assert_eq!(cache.count(), 2);
    cache.flush(951);
    assert_eq!(*removed.lock().unwrap(), vec![1]);
    cache.flush(i64::MAX - 39);
    assert_eq!(cache.count(), 1);
    cache.flush(i64::MAX);
    assert_eq!(*removed.lock().unwrap(), vec![1, 2]);
}

/// Remove callbacks of a flush see the sessions leave one at a time. A
/// callback's own thread cannot add to the cache (OpenSSL holds its lock
/// there); another thread can, and the flush leaves what it adds to the next
/// one; a closing cache refuses both.
#[test]
fn flush_callbacks_see_each_removal_and_closing_refuses_adds() {
    let cache = new_cache();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, weak) = (seen.clone(), Arc::downgrade(&cache));
    cache.set_remove_hook(Some(RemoveHook {
        token: 1,
        call: Arc::new(move |s| {
            let cache = weak.upgrade().unwrap();
            let again = Session::from_data(s.read(|d| d.clone()), false);
            let here = cache.add(&again);
            let elsewhere = std::thread::scope(|t| t.spawn(|| cache.add(&again)).join().unwrap());
            log.lock().unwrap().push((
                s.read(|d| d.id.as_slice()[0]),
                cache.count(),
                here,
                elsewhere,
            ));
        }),
    }));
    for id in 1..=3 {
        cache.add(&session(id, 1000, 10));
    }
    cache.flush(2000);
    // Each callback sees the count without its session and those before it,
    // plus the copies added back so far, which this flush leaves.
    use Added::{Closing, InLockedCallback as Refused, New};
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (1, 3, Refused, New),
            (2, 3, Refused, New),
            (3, 3, Refused, New)
        ]
    );
    seen.lock().unwrap().clear();
    cache.close();
    assert_eq!(cache.count(), 0);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            (1, 2, Refused, Closing),
            (2, 1, Refused, Closing),
            (3, 0, Refused, Closing)
        ]
    );
    assert_eq!(cache.add(&session(4, 1000, 10)), Added::Closing);
}

/// From an eviction callback, the callback's thread gets OpenSSL's failures
/// on the same cache (the session being added excepted for its time), with
/// the eviction not counted yet; another thread is neither blocked nor failed.
#[test]
fn eviction_callback_thread_is_refused_others_are_not() {
    let cache = new_cache();
    cache.set_size(4); // holds 3: adding n evicts a
    let (a, b, c, n) = (
        session(1, 1000, 10),
        session(2, 1100, 10),
        session(3, 1200, 10),
        session(4, 1300, 10),
    );
    for s in [&a, &b, &c] {
        cache.add(s);
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (log, weak, b2, n2) = (seen.clone(), Arc::downgrade(&cache), b.clone(), n.clone());
    cache.set_remove_hook(Some(RemoveHook {
        token: 1,
        call: Arc::new(move |_| {
            let cache = weak.upgrade().unwrap();
            let key_b = SessionKey::of(&b2.read(|d| d.clone()));
            let here = (
                cache.contains(&key_b),
                b2.set_time(5000),
                n2.set_time(1300),
                cache.remove(&b2),
                cache.cache_full(),
            );
            let elsewhere = std::thread::scope(|t| {
                t.spawn(|| (cache.contains(&key_b), cache.cache_full()))
                    .join()
                    .unwrap()
            });
            log.lock().unwrap().push((here, elsewhere));
        }),
    }));
    assert_eq!(cache.add(&n), Added::New);
    assert_eq!(
        *seen.lock().unwrap(),
        vec![((false, false, true, false, 0), (true, 1))]
    );
    assert_eq!(cache.count(), 3);
    assert_eq!(cache.cache_full(), 1);
    assert_eq!(b.time(), 1100);
    cache.set_remove_hook(None); // a plain remove calls it after the unlock: it would recurse
    assert!(cache.remove(&b));
}
