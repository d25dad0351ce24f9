//! sessl: OpenSSL 3's libssl session layer in Rust, exported with libssl.so.3's ABI.
//!
//! - `core`: the safe implementation (sessions, connections, contexts).
//! - `sync`: the reference-counted handle every C-visible object lives in, and the
//!   lock-free session slot of a connection.
//! - `ffi`: the thin C shell; the exported symbols are listed in `src/exports.txt`,
//!   from which the build derives the version script.

pub mod core;
pub mod ffi;
pub mod sync;
