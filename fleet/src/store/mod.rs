//! The shared store seen by the TLS side: keys and values are opaque bytes
//! (values are already sealed), every call is bounded in time, and an error
//! is only ever turned into a cache miss by the caller.

use std::time::Duration;

/// Why a store call did not give an answer. The TLS side treats every
/// variant the same way (a miss, or a dropped write) and only counts it.
#[derive(Debug)]
pub enum StoreError {
    /// The call did not finish within its time bound.
    Timeout,
    /// The circuit breaker is open: the store is not being asked for now.
    Unavailable,
    /// Connection refused, reset, protocol error...
    Io(String),
}

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
}
