//! The shared store seen by the TLS side: keys and values are opaque bytes
//! (values are already sealed), every call is bounded in time, and an error
//! is only ever turned into a cache miss by the caller.
//!
//! [`open`] parses a store URL (`redis://HOST:PORT`,
//! `memcached://HOST:PORT[,HOST:PORT...]`) into a [`FleetStore`]: the
//! synchronous calls of [`Store`] bounded by [`StoreOptions::timeout`], a
//! circuit breaker per server, writes queued to a background thread
//! ([`Store::set_later`], [`Store::delete_later`]) and counters
//! ([`FleetStore::stats`]). Connections and the writer thread belong to
//! the process that made them and are made again after a fork.

mod breaker;
mod conn;
mod fleet;
mod histogram;
mod memcached;
mod options;
mod redis;

use std::time::Duration;

pub use fleet::{FleetStore, StoreStats};
pub(crate) use histogram::Histogram;
pub use options::{open, open_with_timeout, StoreOptions};

/// Why a store call did not give an answer. The TLS side treats every
/// variant the same way (a miss, or a dropped write) and only counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// The call did not finish within its time bound.
    Timeout,
    /// The circuit breaker is open: the store is not being asked for now.
    Unavailable,
    /// Connection refused, reset, protocol error...
    Io(String),
}

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StoreError::Timeout => f.write_str("store call timed out"),
            StoreError::Unavailable => f.write_str("store unavailable (circuit breaker open)"),
            StoreError::Io(why) => write!(f, "store error: {why}"),
        }
    }
}

impl std::error::Error for StoreError {}

/// One fleet store. Implementations are shared between threads.
pub trait Store: Send + Sync {
    /// The value under `key`, if any.
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Atomically read and delete `key` (single use across the fleet).
    fn take(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError>;
    /// Store `value` under `key`, expiring after `ttl`.
    fn set(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<(), StoreError>;
    /// Store `value` only if `key` is absent; true if it was stored.
    fn add(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<bool, StoreError>;
    /// Delete `key` (absent is not an error).
    fn delete(&self, key: &[u8]) -> Result<(), StoreError>;

    /// Queue `set` off the caller's path; never blocks. The default runs
    /// it at once (for stores without a queue); [`FleetStore`] queues it
    /// and drops it (counted) when its queue is full.
    fn set_later(&self, key: &[u8], value: &[u8], ttl: Duration) {
        let _ = self.set(key, value, ttl);
    }
    /// Queue `delete` off the caller's path, as [`Store::set_later`].
    fn delete_later(&self, key: &[u8]) {
        let _ = self.delete(key);
    }
}
