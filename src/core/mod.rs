//! The safe core: sessions, connections and contexts as Rust objects. Nothing here
//! knows about C; the `ffi` module maps it onto OpenSSL's ABI.
#![forbid(unsafe_code)]

mod asn1_read;
pub mod cache;
pub mod cert_group;
pub mod cipher;
#[rustfmt::skip]
mod cipher_table;
pub mod codec;
pub mod config;
pub mod ctx;
pub mod der;
pub mod io;
pub mod method;
pub mod session;
pub mod ssl;
pub mod text;
pub mod trace;
