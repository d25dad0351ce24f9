//! Round trips against real redis-server and memcached: get, take, add,
//! set, delete, the queued writes and TTLs; take's single use under racing
//! threads; bad URLs.

mod common;

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::Duration;

use common::{eventually, Kind, Server};
use sessl_fleet::store::{open, FleetStore, Store, StoreOptions};

fn opts() -> StoreOptions {
    // Generous on a shared 2-core machine; the fault tests check the bound.
    StoreOptions {
        timeout: Duration::from_millis(200),
        ..Default::default()
    }
}

fn round_trips(kind: Kind) {
    let server = Server::start(kind);
    let store = open(&server.url(), opts()).unwrap();
    let ttl = Duration::from_secs(60);

    assert_eq!(store.get(b"absent").unwrap(), None);
    assert_eq!(store.take(b"absent").unwrap(), None);
    store.delete(b"absent").unwrap();

    // Binary keys and values (memcached gets them base64-encoded).
    let key: &[u8] = b"k\x00\xff \r\n";
    let value: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    store.set(key, &value, ttl).unwrap();
    assert_eq!(store.get(key).unwrap().as_deref(), Some(&value[..]));
    assert_eq!(store.take(key).unwrap().as_deref(), Some(&value[..]));
    assert_eq!(store.take(key).unwrap(), None, "take deletes");
    assert_eq!(store.get(key).unwrap(), None);

    assert!(store.add(b"a", b"1", ttl).unwrap());
    assert!(
        !store.add(b"a", b"2", ttl).unwrap(),
        "add keeps what is there"
    );
    assert_eq!(store.get(b"a").unwrap().as_deref(), Some(&b"1"[..]));
    store.set(b"a", b"3", ttl).unwrap();
    assert_eq!(store.get(b"a").unwrap().as_deref(), Some(&b"3"[..]));
    store.delete(b"a").unwrap();
    assert_eq!(store.get(b"a").unwrap(), None);

    // Queued writes.
    store.set_later(b"later", b"v", ttl);
    assert!(store.flush(Duration::from_secs(5)));
    assert_eq!(store.get(b"later").unwrap().as_deref(), Some(&b"v"[..]));
    store.delete_later(b"later");
    assert!(store.flush(Duration::from_secs(5)));
    assert_eq!(store.get(b"later").unwrap(), None);

    // A clone shares everything.
    let clone = store.clone();
    clone.set(b"c", b"v", ttl).unwrap();
    assert_eq!(store.get(b"c").unwrap().as_deref(), Some(&b"v"[..]));

    let s = store.stats();
    assert_eq!(
        (s.queued, s.written, s.dropped, s.writer_errors),
        (2, 2, 0, 0)
    );
    assert_eq!(
        (s.errors, s.timeouts, s.unavailable, s.breaker_trips),
        (0, 0, 0, 0)
    );
    assert!(s.calls >= 18 && s.hits >= 6 && s.misses >= 6, "{s:?}");
    assert!(
        s.p50_us > 0 && s.p50_us <= s.p90_us && s.p90_us <= s.p99_us,
        "{s:?}"
    );
    assert!(!s.breaker_open());
}

fn expiry(kind: Kind) {
    let server = Server::start(kind);
    let store = open(&server.url(), opts()).unwrap();
    let short = Duration::from_millis(900);
    store.set(b"s", b"v", short).unwrap();
    assert!(store.add(b"a", b"v", short).unwrap());
    store.set_later(b"l", b"v", short);
    assert!(store.flush(Duration::from_secs(5)));
    for k in [&b"s"[..], b"a", b"l"] {
        assert!(store.get(k).unwrap().is_some());
    }
    // memcached counts whole seconds (0.9 s rounds up to 1 s, and its clock
    // ticks once a second): allow up to 3 s.
    assert!(eventually(Duration::from_secs(4), || [
        &b"s"[..],
        b"a",
        b"l"
    ]
    .iter()
    .all(|k| store.get(k).unwrap().is_none())));
    // Expired: add succeeds again.
    assert!(store.add(b"a", b"w", short).unwrap());
}

fn take_is_single_use(kind: Kind) {
    let server = Server::start(kind);
    let store = open(&server.url(), opts()).unwrap();
    let rounds = 200;
    for i in 0..rounds {
        store
            .set(
                format!("t{i}").as_bytes(),
                b"ticket",
                Duration::from_secs(60),
            )
            .unwrap();
    }
    let barrier = Arc::new(Barrier::new(2));
    let racer = |store: FleetStore, barrier: Arc<Barrier>| {
        thread::spawn(move || {
            let mut won = Vec::new();
            for i in 0..rounds {
                barrier.wait();
                won.push(store.take(format!("t{i}").as_bytes()).unwrap().is_some());
            }
            won
        })
    };
    // Two stores: two sets of connections, as two servers of a fleet.
    let other = open(&server.url(), opts()).unwrap();
    let a = racer(store.clone(), barrier.clone());
    let b = racer(other, barrier);
    let (a, b) = (a.join().unwrap(), b.join().unwrap());
    for i in 0..rounds {
        assert!(a[i] ^ b[i], "round {i}: a took {} b took {}", a[i], b[i]);
    }
}

#[test]
fn redis_round_trips() {
    round_trips(Kind::Redis);
}

#[test]
fn memcached_round_trips() {
    round_trips(Kind::Memcached);
}

#[test]
fn redis_expiry() {
    expiry(Kind::Redis);
}

#[test]
fn memcached_expiry() {
    expiry(Kind::Memcached);
}

#[test]
fn redis_take_is_single_use_under_races() {
    take_is_single_use(Kind::Redis);
}

#[test]
fn memcached_take_is_single_use_under_races() {
    take_is_single_use(Kind::Memcached);
}

#[test]
fn bad_urls_are_refused_with_a_reason() {
    for url in [
        "http://x:1",
        "redis//x",
        "memcached://x:y",
        "memcached://",
        "foo",
    ] {
        let e = open(url, StoreOptions::default()).err().unwrap();
        assert!(e.contains("store URL"), "{url}: {e}");
    }
}
