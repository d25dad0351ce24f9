//! Ownership and synchronization primitives shared by the core and the FFI shell.
//! This module and `ffi` are the only places with `unsafe` code.

mod shared;
mod slot;

pub use shared::{track_deaths, Borrowed, Object, Shared};
pub use slot::{AddressTooWide, SharedSlot};

use std::sync::{Mutex, MutexGuard};

/// Locks a mutex, ignoring poisoning: every critical section in sessl leaves its
/// data consistent before anything that could panic, and a panic is already
/// reported at the FFI boundary.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
