//! Pre-forking servers (nginx: the master opens the store, workers use it):
//! a forked child makes its own connections and writer thread and never
//! uses the parent's. Its own test binary, so that few threads run at the
//! fork.

mod common;

use std::time::{Duration, Instant};

use common::{Kind, Server};
use sessl_fleet::store::{open, FleetStore, Store, StoreOptions};

fn connections_received(url: &str) -> u64 {
    let mut admin = redis::Client::open(url).unwrap().get_connection().unwrap();
    let info: String = redis::cmd("INFO").arg("stats").query(&mut admin).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("total_connections_received:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// In the child: the store must answer, and queued writes must reach it
/// (the parent's writer thread does not exist here).
fn child(store: &FleetStore) -> bool {
    let ttl = Duration::from_secs(60);
    store.set(b"child-sync", b"c", ttl).is_ok()
        && store.get(b"child-sync").ok().flatten().as_deref() == Some(&b"c"[..])
        && store.take(b"parent").ok().flatten().as_deref() == Some(&b"p"[..])
        && {
            store.set_later(b"child-later", b"c", ttl);
            store.flush(Duration::from_secs(5))
        }
        && store.stats().written >= 1
}

fn fork_and_wait(store: &FleetStore) -> i32 {
    // SAFETY: the child only runs `child` and then _exit, never returning
    // into the test harness.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| child(store)))
            .unwrap_or(false);
        unsafe { libc::_exit(if ok { 0 } else { 1 }) };
    }
    let until = Instant::now() + Duration::from_secs(20);
    loop {
        let mut status = 0;
        let r = unsafe { libc::waitpid(pid, &mut status, libc::WNOHANG) };
        if r == pid {
            return if libc::WIFEXITED(status) {
                libc::WEXITSTATUS(status)
            } else {
                -1
            };
        }
        if Instant::now() > until {
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("the child hung");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn forked_child_gets_its_own_connection_and_writer() {
    let server = Server::start(Kind::Redis);
    let store = open(
        &server.url(),
        StoreOptions {
            timeout: Duration::from_millis(500),
            ..Default::default()
        },
    )
    .unwrap();
    let ttl = Duration::from_secs(60);
    // The parent uses the store first: its pool holds a connection and its
    // writer thread runs.
    store.set(b"parent", b"p", ttl).unwrap();
    store.set_later(b"parent-later", b"p", ttl);
    assert!(store.flush(Duration::from_secs(5)));
    let before = connections_received(&server.url());

    assert_eq!(
        fork_and_wait(&store),
        0,
        "the child could not use the store"
    );

    // The child dialed its own connection(s) (the admin connection of the
    // count itself is one more).
    assert!(
        connections_received(&server.url()) >= before + 2,
        "the child used the parent's connection"
    );
    assert_eq!(
        store.get(b"child-sync").unwrap().as_deref(),
        Some(&b"c"[..])
    );
    assert_eq!(
        store.get(b"child-later").unwrap().as_deref(),
        Some(&b"c"[..])
    );
    assert_eq!(store.get(b"parent").unwrap(), None, "the child took it");
    // The parent's own connection and writer are intact.
    store.set_later(b"parent-again", b"p", ttl);
    assert!(store.flush(Duration::from_secs(5)));
    assert_eq!(
        store.get(b"parent-again").unwrap().as_deref(),
        Some(&b"p"[..])
    );
    assert_eq!(store.stats().errors, 0);
}
