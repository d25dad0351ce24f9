//! A store that dies, restarts, pauses (SIGSTOP) or answers slowly never
//! makes a call exceed its bound by more than a small margin; the breaker
//! opens, probes and closes; memcached losing one of three servers loses
//! only that server's keys; a full write queue drops without blocking.

mod common;

use std::time::Duration;

use common::{eventually, timed, Kind, Server, SlowProxy};
use sessl_fleet::store::{open, FleetStore, Store, StoreError, StoreOptions};

const BOUND: Duration = Duration::from_millis(40);
/// Scheduling noise on a shared 2-core machine.
const MARGIN: Duration = Duration::from_millis(30);
/// What "at once" means for a call that does not touch the network (a
/// refusal by the breaker, a queued write), with the same noise.
const AT_ONCE: Duration = Duration::from_millis(10);

fn opts() -> StoreOptions {
    StoreOptions {
        timeout: BOUND,
        queue_capacity: 64,
        breaker_failures: 3,
        breaker_probe_interval: Duration::from_millis(200),
    }
}

/// The longest a call may take: the bound (each wait is a ppoll on what
/// is left of it; memcached's take included, its two round trips share the
/// deadline), plus noise.
fn limit(_kind: Kind) -> Duration {
    BOUND + MARGIN
}

/// Runs `n` gets of `key`, each within the limit; returns the results.
fn bounded_gets(
    store: &FleetStore,
    kind: Kind,
    key: &[u8],
    n: usize,
) -> Vec<Result<Option<Vec<u8>>, StoreError>> {
    (0..n)
        .map(|_| {
            let (r, took) = timed(|| store.get(key));
            assert!(took <= limit(kind), "{kind:?} get took {took:?}: {r:?}");
            if r == Err(StoreError::Unavailable) {
                assert!(took < AT_ONCE, "a refused call waited {took:?}");
            }
            r
        })
        .collect()
}

fn killed_then_restarted(kind: Kind) {
    let mut server = Server::start(kind);
    let store = open(&server.url(), opts()).unwrap();
    store.set(b"k", b"v", Duration::from_secs(60)).unwrap();
    assert!(store.get(b"k").unwrap().is_some());

    server.kill();
    let results = bounded_gets(&store, kind, b"k", 8);
    assert!(
        results[..3]
            .iter()
            .all(|r| matches!(r, Err(StoreError::Io(_) | StoreError::Timeout))),
        "{results:?}"
    );
    assert!(
        results[3..]
            .iter()
            .all(|r| *r == Err(StoreError::Unavailable)),
        "{results:?}"
    );
    let s = store.stats();
    assert!(
        s.breaker_open() && s.breaker_trips == 1 && s.unavailable == 5,
        "{s:?}"
    );
    // Queued writes to a dead store fail in the writer, never in the caller.
    let (_, took) = timed(|| store.set_later(b"w", b"v", Duration::from_secs(60)));
    assert!(took < AT_ONCE, "{took:?}");

    server.restart();
    // The breaker lets a probe through within an interval; it succeeds and
    // closes the breaker: reconnection is automatic.
    assert!(eventually(Duration::from_secs(3), || {
        let (r, took) = timed(|| store.get(b"k"));
        assert!(took <= limit(kind), "{took:?}");
        r.is_ok()
    }));
    assert!(!store.stats().breaker_open());
    store.set(b"k2", b"v", Duration::from_secs(60)).unwrap();
    assert_eq!(store.get(b"k2").unwrap().as_deref(), Some(&b"v"[..]));
}

fn paused_then_resumed(kind: Kind) {
    let server = Server::start(kind);
    let store = open(&server.url(), opts()).unwrap();
    store.set(b"k", b"v", Duration::from_secs(60)).unwrap();
    server.stop();
    let results = bounded_gets(&store, kind, b"k", 6);
    assert!(
        results[..3].iter().all(|r| *r == Err(StoreError::Timeout)),
        "{results:?}"
    );
    assert!(
        results[3..]
            .iter()
            .all(|r| *r == Err(StoreError::Unavailable)),
        "{results:?}"
    );
    for op in 0..3 {
        let (r, took) = timed(|| match op {
            0 => store.take(b"k").map(|_| ()),
            1 => store.add(b"n", b"v", Duration::from_secs(9)).map(|_| ()),
            _ => store.delete(b"k"),
        });
        assert!(took <= limit(kind) && r.is_err(), "op {op}: {took:?} {r:?}");
    }
    assert!(store.stats().timeouts >= 3);
    server.cont();
    assert!(eventually(Duration::from_secs(3), || store
        .get(b"k")
        .is_ok()));
    assert_eq!(
        store.get(b"k").unwrap().as_deref(),
        Some(&b"v"[..]),
        "paused, not lost"
    );
}

fn slow(kind: Kind) {
    let server = Server::start(kind);
    let url = |port: u16| match kind {
        Kind::Redis => format!("redis://127.0.0.1:{port}"),
        Kind::Memcached => format!("memcached://127.0.0.1:{port}"),
    };
    // Replies held longer than the bound: every call times out in time.
    let too_slow = SlowProxy::start(server.port, BOUND * 3);
    let store = open(&url(too_slow.port), opts()).unwrap();
    let results = bounded_gets(&store, kind, b"k", 5);
    assert!(results.iter().all(|r| r.is_err()), "{results:?}");
    for op in 0..2 {
        let (r, took) = timed(|| match op {
            0 => store.take(b"k").map(|_| ()),
            _ => store.set(b"k", b"v", Duration::from_secs(9)),
        });
        assert!(took <= limit(kind) && r.is_err(), "op {op}: {took:?} {r:?}");
    }
    // Replies a little slow but within the bound: answers, and the
    // latency shows in the percentiles.
    let slowish = SlowProxy::start(server.port, Duration::from_millis(4));
    let store = open(&url(slowish.port), opts()).unwrap();
    store.set(b"k", b"v", Duration::from_secs(60)).unwrap();
    for _ in 0..5 {
        assert_eq!(store.get(b"k").unwrap().as_deref(), Some(&b"v"[..]));
    }
    assert_eq!(store.take(b"k").unwrap().as_deref(), Some(&b"v"[..]));
    assert!(store.stats().p50_us >= 4000, "{:?}", store.stats());
}

#[test]
fn redis_killed_then_restarted() {
    killed_then_restarted(Kind::Redis);
}

#[test]
fn memcached_killed_then_restarted() {
    killed_then_restarted(Kind::Memcached);
}

#[test]
fn redis_paused_then_resumed() {
    paused_then_resumed(Kind::Redis);
}

#[test]
fn memcached_paused_then_resumed() {
    paused_then_resumed(Kind::Memcached);
}

#[test]
fn redis_slow() {
    slow(Kind::Redis);
}

#[test]
fn memcached_slow() {
    slow(Kind::Memcached);
}

#[test]
fn memcached_losing_one_of_three_servers_loses_only_its_share() {
    let servers: Vec<Server> = (0..3).map(|_| Server::start(Kind::Memcached)).collect();
    let list: Vec<String> = servers.iter().map(|s| s.addr()).collect();
    let url = format!("memcached://{}", list.join(","));
    // No probe during the test: the counts below are exact.
    let store = open(
        &url,
        StoreOptions {
            breaker_probe_interval: Duration::from_secs(60),
            ..opts()
        },
    )
    .unwrap();
    let keys: Vec<Vec<u8>> = (0..300)
        .map(|i| format!("session-{i}").into_bytes())
        .collect();
    for k in &keys {
        store.set(k, b"v", Duration::from_secs(60)).unwrap();
    }
    let mut servers = servers;
    servers[1].kill();
    let (mut hits, mut lost) = (0, 0);
    for k in &keys {
        let (r, took) = timed(|| store.get(k));
        assert!(took <= limit(Kind::Memcached), "{took:?}");
        match r {
            Ok(Some(_)) => hits += 1,
            Ok(None) => panic!("a key of a live server went missing"),
            Err(_) => lost += 1,
        }
    }
    // Rendezvous hashing: about a third each.
    assert!((60..=140).contains(&lost), "lost {lost} of 300");
    assert_eq!(hits + lost, 300);
    let s = store.stats();
    assert_eq!(
        (s.servers, s.breakers_open, s.breaker_trips),
        (3, 1, 1),
        "{s:?}"
    );
    assert!(
        s.unavailable >= lost - 3,
        "the dead server's breaker answers for it: {s:?}"
    );
    // The other servers still take writes.
    store.set(b"new", b"v", Duration::from_secs(60)).ok();
    assert_eq!(
        store.stats().errors + store.stats().timeouts,
        3,
        "only the trip's failures"
    );
}

#[test]
fn full_write_queue_drops_and_never_blocks() {
    let server = Server::start(Kind::Redis);
    let store = open(
        &server.url(),
        StoreOptions {
            queue_capacity: 8,
            breaker_failures: 1000,
            ..opts()
        },
    )
    .unwrap();
    store.get(b"warm").unwrap();
    // Paused: the writer waits the whole bound on every write.
    server.stop();
    let (_, took) = timed(|| {
        for i in 0..500 {
            store.set_later(format!("k{i}").as_bytes(), b"v", Duration::from_secs(60));
        }
    });
    // Blocking on a full queue would wait out the bound ~490 times.
    assert!(took < BOUND * 5, "500 queued writes took {took:?}");
    let s = store.stats();
    assert_eq!(s.queued + s.dropped, 500, "{s:?}");
    // The queue's 8, plus what the writer took off it meanwhile.
    assert!(s.queued <= 8 + 2 + 5 && s.dropped >= 485, "{s:?}");
    server.cont();
    assert!(store.flush(Duration::from_secs(5)));
    let s = store.stats();
    assert_eq!(s.written + s.writer_errors, s.queued, "{s:?}");
    assert_eq!(s.queue_len, 0);
}

/// The default 5 ms bound is kept to the millisecond when the store
/// hangs (the median call, so that scheduling noise on a loaded machine
/// does not decide); socket timeouts would make it 11 to 16 ms.
fn default_bound_is_precise(kind: Kind) {
    let server = Server::start(kind);
    let store = open(
        &server.url(),
        StoreOptions {
            breaker_failures: 1000,
            ..Default::default()
        },
    )
    .unwrap();
    store.set(b"k", b"v", Duration::from_secs(60)).unwrap();
    server.stop();
    let mut took: Vec<Duration> = (0..12)
        .map(|i| {
            let (r, took) = timed(|| match i % 3 {
                0 => store.get(b"k").map(|_| ()),
                1 => store.take(b"k").map(|_| ()),
                _ => store.set(b"k", b"v", Duration::from_secs(9)),
            });
            assert_eq!(r, Err(StoreError::Timeout));
            assert!(took <= Duration::from_millis(5) + MARGIN, "{took:?}");
            took
        })
        .collect();
    took.sort();
    let median = took[took.len() / 2];
    assert!(
        median >= Duration::from_millis(5) && median <= Duration::from_millis(7),
        "{kind:?}: median {median:?} for a 5 ms bound"
    );
}

#[test]
fn redis_default_bound_is_precise() {
    default_bound_is_precise(Kind::Redis);
}

#[test]
fn memcached_default_bound_is_precise() {
    default_bound_is_precise(Kind::Memcached);
}
