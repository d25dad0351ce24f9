//! The ClientHello getters (`SSL_client_hello_*`). OpenSSL answers them only
//! inside the client-hello callback, which runs during a server's handshake;
//! sessl performs no handshake, so there is never a ClientHello to read: each
//! returns 0 and leaves its outputs alone, as OpenSSL does outside the callback.

use super::{guard, SSL};
use std::os::raw::{c_int, c_uint};

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_isv2(_s: *mut SSL) -> c_int {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_legacy_version(_s: *mut SSL) -> c_uint {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_random(_s: *mut SSL, _out: *mut *const u8) -> usize {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_session_id(
    _s: *mut SSL,
    _out: *mut *const u8,
) -> usize {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_ciphers(
    _s: *mut SSL,
    _out: *mut *const u8,
) -> usize {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_compression_methods(
    _s: *mut SSL,
    _out: *mut *const u8,
) -> usize {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get1_extensions_present(
    _s: *mut SSL,
    _out: *mut *mut c_int,
    _outlen: *mut usize,
) -> c_int {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_client_hello_get0_ext(
    _s: *mut SSL,
    _type: c_uint,
    _out: *mut *const u8,
    _outlen: *mut usize,
) -> c_int {
    guard!(0, { 0 })
}
