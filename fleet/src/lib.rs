//! libsessl_fleet.so: fleet session sharing for any program that speaks
//! OpenSSL's libssl ABI (sessl or the system OpenSSL).
//!
//! Layout:
//! - `store`: the shared stores (Redis, memcached) behind one trait, with
//!   time bounds, a circuit breaker and a bounded write queue;
//! - `seal`: AES-256-GCM sealing of every stored value under the fleet key;
//! - `config`: settings from the attach string and the environment;
//! - `fleet`: one fleet per process and settings (keys, store, counters);
//! - `sessions`: the session callbacks (TLS 1.2 ids, TLS 1.3 stateful tickets);
//! - `tickets`: ticket keys shared through the store, rotated, refreshed in
//!   the background;
//! - `attach`: per-context state and the C API (`sessl_fleet_attach`...);
//! - `preload`: the LD_PRELOAD interposition of libssl functions;
//! - `summary`: the one-line summary at exit (SESSL_FLEET_STATS=1);
//! - `pid`: this process's id without a system call (fork checks);
//! - `ffi`: the libssl/libcrypto declarations.

#![allow(clippy::missing_safety_doc)]

pub mod attach;
pub mod config;
pub mod ffi;
pub mod fleet;
pub mod pid;
pub mod preload;
pub mod seal;
pub mod sessions;
pub mod store;
pub mod summary;
pub mod tickets;

/// Tells an operator something once per process (stderr), for at most a few
/// distinct messages.
pub fn log_once(msg: &str) {
    use std::collections::HashSet;
    use std::sync::Mutex;
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    // try_lock: a fork may have caught the lock held by another thread.
    let Ok(mut seen) = SEEN.try_lock() else {
        return;
    };
    let set = seen.get_or_insert_with(HashSet::new);
    if set.len() < 32 && set.insert(msg.to_string()) {
        eprintln!("sessl-fleet: {msg}");
    }
}
