//! The handshake and record-layer calls: `SSL_connect`, `SSL_accept`,
//! `SSL_do_handshake`, `SSL_read`, `SSL_write`, `SSL_peek` (and their `_ex`
//! forms), `SSL_shutdown`, renegotiation, key update, early data,
//! `SSL_stateless`, `DTLSv1_listen`, `SSL_sendfile`, post-handshake
//! authentication and tickets.
//!
//! sessl performs no TLS handshake. Each call makes OpenSSL's checks first and
//! fails exactly as OpenSSL does where OpenSSL fails before its handshake or
//! record layer runs (`core::io`). A call that gets past them fails loudly: its
//! failure value, `SSL_get_error` = `SSL_ERROR_SSL`, and one error on the queue,
//! `ERR_LIB_SSL` / `SESSL_R_NO_TLS_HANDSHAKE` with the data "sessl performs no
//! TLS handshake: SSL_connect" (the function's name). Nothing is ever written
//! to a BIO.

use super::err::{raise, raise_from};
use super::io::{rbio, wbio, wbio_ktls_send, BIO};
use super::{borrow, guard, SSL};
use crate::core::io::{self, Conn, EarlyData, Step, ERR_R_INTERNAL_ERROR, SSL_R_BAD_LENGTH};
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::ffi::CStr;
use std::os::raw::{c_int, c_void};

#[link(name = "crypto")]
extern "C" {
    fn ERR_clear_error();
}

/// libcrypto's `BIO_ADDR` (`DTLSv1_listen`'s out-argument).
#[repr(C)]
pub struct BIO_ADDR {
    _opaque: [u8; 0],
}

/// `ossl_ssize_t` and `off_t` (`SSL_sendfile`), declared by the system headers.
pub type ossl_ssize_t = isize;
pub type off_t = libc::off_t;

/// Runs one of `core::io`'s checks on a snapshot of the connection, then
/// keeps the wait state it leaves.
pub(crate) fn check<R>(ssl: &Ssl, f: impl FnOnce(Conn) -> R) -> R {
    let io = lock(&ssl.io).clone();
    let wait = std::cell::Cell::new(io.wait);
    let async_wait_ctx = std::cell::Cell::new(io.async_wait_ctx);
    let record_read = std::cell::Cell::new(false);
    let r = f(Conn {
        io: &io,
        wait: &wait,
        async_mode: ssl.ctrl.mode.load(std::sync::atomic::Ordering::Relaxed) & SSL_MODE_ASYNC != 0,
        async_wait_ctx: &async_wait_ctx,
        shutdown: ssl.shutdown(),
        server: ssl.is_server(),
        dtls: ssl.method().dtls,
        record_read: Some(&record_read),
    });
    if wait.get() != io.wait || async_wait_ctx.get() != io.async_wait_ctx {
        let mut now = lock(&ssl.io);
        now.wait = wait.get();
        now.async_wait_ctx |= async_wait_ctx.get();
    }
    if record_read.get() {
        // SAFETY: no lock of ours is held; the connection is the caller's.
        unsafe { super::options::set_up_read_buffer(ssl) };
    }
    r
}

/// `SSL_MODE_ASYNC`.
const SSL_MODE_ASYNC: u32 = 0x100;

/// Whether the connection has OpenSSL's `ASYNC_WAIT_CTX` (see
/// `IoState::async_wait_ctx`).
fn has_async_wait_ctx(s: *mut SSL) -> bool {
    // SAFETY: the caller's pointer, as for every export.
    unsafe { borrow(s) }.is_some_and(|ssl| lock(&ssl.io).async_wait_ctx)
}

/// Carries a step out for the exported function `name`: OpenSSL's error, or
/// sessl's loud failure returning `loud`.
pub(crate) fn finish(step: Step, name: &'static CStr, loud: i64) -> i64 {
    match step {
        Step::Return(v) => v,
        Step::Refuse {
            reason,
            func,
            ret,
            then,
        } => {
            raise_from!(reason, func);
            if let Some((reason, func)) = then {
                raise_from!(reason, func);
            }
            ret
        }
        Step::NeedsHandshake => {
            super::err::raise_no_handshake(name, super::err::here_file!(), line!());
            loud
        }
    }
}

/// `SSL_connect` / `SSL_accept`: the role is set by the first of them (or by
/// `SSL_set_connect_state` / `SSL_set_accept_state`), then the handshake runs.
fn start(ssl: &Ssl, server: bool) -> Step {
    if lock(&ssl.io).handshake.is_none() {
        ssl.set_role(server);
    }
    check(ssl, io::do_handshake)
}

/// `SSL_clear`'s refusal: a renegotiation was asked for, and only a handshake
/// ends one. Like OpenSSL, the shutdown flags are reset first. Returns whether
/// the connection may be cleared.
pub(crate) fn may_clear(ssl: &Ssl) -> bool {
    if !lock(&ssl.io).renegotiate {
        return true;
    }
    ssl.set_shutdown(0);
    raise_from!(ERR_R_INTERNAL_ERROR, c"SSL_clear");
    false
}

#[no_mangle]
pub unsafe extern "C" fn SSL_do_handshake(s: *mut SSL) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        finish(check(ssl, io::do_handshake), c"SSL_do_handshake", -1) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_connect(s: *mut SSL) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        finish(start(ssl, false), c"SSL_connect", -1) as c_int
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_accept(s: *mut SSL) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        finish(start(ssl, true), c"SSL_accept", -1) as c_int
    })
}

/// `SSL_read` / `SSL_peek` / `SSL_write`: a negative length is refused first.
fn sized(s: *const SSL, num: c_int, name: &'static CStr, step: fn(Conn) -> Step) -> c_int {
    if num < 0 {
        match name.to_bytes() {
            b"SSL_read" => raise!(SSL_R_BAD_LENGTH, "SSL_read"),
            b"SSL_peek" => raise!(SSL_R_BAD_LENGTH, "SSL_peek"),
            _ => raise!(SSL_R_BAD_LENGTH, "SSL_write"),
        }
        return -1;
    }
    // SAFETY: the caller's pointer, as for every export.
    let Some(ssl) = (unsafe { borrow(s) }) else {
        return -1;
    };
    finish(check(ssl, step), name, -1) as c_int
}

/// The `_ex` forms: a negative result is 0; the count is left untouched.
fn ex(s: *const SSL, name: &'static CStr, step: fn(Conn) -> Step) -> c_int {
    // SAFETY: the caller's pointer, as for every export.
    let Some(ssl) = (unsafe { borrow(s) }) else {
        return 0;
    };
    finish(check(ssl, step), name, 0).max(0) as c_int
}

#[no_mangle]
pub unsafe extern "C" fn SSL_read(s: *mut SSL, _buf: *mut c_void, num: c_int) -> c_int {
    guard!(-1, { sized(s, num, c"SSL_read", io::read) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_read_ex(
    s: *mut SSL,
    _buf: *mut c_void,
    _num: usize,
    _readbytes: *mut usize,
) -> c_int {
    guard!(0, { ex(s, c"SSL_read_ex", io::read) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_peek(s: *mut SSL, _buf: *mut c_void, num: c_int) -> c_int {
    guard!(-1, { sized(s, num, c"SSL_peek", io::peek) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_peek_ex(
    s: *mut SSL,
    _buf: *mut c_void,
    _num: usize,
    _readbytes: *mut usize,
) -> c_int {
    guard!(0, { ex(s, c"SSL_peek_ex", io::peek) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_write(s: *mut SSL, _buf: *const c_void, num: c_int) -> c_int {
    guard!(-1, { sized(s, num, c"SSL_write", io::write) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_write_ex(
    s: *mut SSL,
    _buf: *const c_void,
    _num: usize,
    _written: *mut usize,
) -> c_int {
    guard!(0, { ex(s, c"SSL_write_ex", io::write) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_sendfile(
    s: *mut SSL,
    _fd: c_int,
    _offset: off_t,
    _size: usize,
    _flags: c_int,
) -> ossl_ssize_t {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        let ktls = wbio_ktls_send(ssl);
        finish(check(ssl, |c| io::sendfile(c, ktls)), c"SSL_sendfile", -1) as ossl_ssize_t
    })
}

/// Always refused: a connection that never handshook is in init.
#[no_mangle]
pub unsafe extern "C" fn SSL_shutdown(s: *mut SSL) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        finish(check(ssl, io::shutdown), c"SSL_shutdown", -1) as c_int
    })
}

/// `SSL_OP_NO_RENEGOTIATION`.
const SSL_OP_NO_RENEGOTIATION: u64 = 1 << 30;
/// `SSL_R_NO_RENEGOTIATION`.
const SSL_R_NO_RENEGOTIATION: c_int = 339;

/// Marks a renegotiation as wanted, for the next handshake (1, as OpenSSL),
/// unless `SSL_OP_NO_RENEGOTIATION` forbids it (OpenSSL's `can_renegotiate`).
#[no_mangle]
pub unsafe extern "C" fn SSL_renegotiate(s: *mut SSL) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        if ssl.ctrl.options.load(std::sync::atomic::Ordering::Relaxed) & SSL_OP_NO_RENEGOTIATION
            != 0
        {
            raise!(SSL_R_NO_RENEGOTIATION, "can_renegotiate");
            return 0;
        }
        lock(&ssl.io).renegotiate = true;
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_renegotiate_abbreviated(s: *mut SSL) -> c_int {
    SSL_renegotiate(s)
}

#[no_mangle]
pub unsafe extern "C" fn SSL_renegotiate_pending(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |ssl| lock(&ssl.io).renegotiate as c_int)
    })
}

/// TLS 1.3 only: refused, as OpenSSL refuses it before a version is chosen.
#[no_mangle]
pub unsafe extern "C" fn SSL_key_update(s: *mut SSL, _updatetype: c_int) -> c_int {
    guard!(0, {
        if borrow(s).is_none() {
            return 0;
        }
        finish(io::tls13_only(c"SSL_key_update"), c"SSL_key_update", 0) as c_int
    })
}

/// `SSL_KEY_UPDATE_NONE`.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_key_update_type(_s: *const SSL) -> c_int {
    guard!(-1, { -1 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_verify_client_post_handshake(s: *mut SSL) -> c_int {
    guard!(0, {
        if borrow(s).is_none() {
            return 0;
        }
        let step = io::tls13_only(c"SSL_verify_client_post_handshake");
        finish(step, c"SSL_verify_client_post_handshake", 0) as c_int
    })
}

/// 0, as OpenSSL returns for a server that has not finished a TLS 1.3
/// handshake.
#[no_mangle]
pub unsafe extern "C" fn SSL_new_session_ticket(_s: *mut SSL) -> c_int {
    guard!(0, { 0 })
}

/// `SSL_EARLY_DATA_NOT_SENT`.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_early_data_status(_s: *const SSL) -> c_int {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_write_early_data(
    s: *mut SSL,
    _buf: *const c_void,
    _num: usize,
    _written: *mut usize,
) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        let session = ssl.session();
        let psk_use = ssl
            .callbacks
            .hooks
            .get(crate::core::config::callbacks::Hook::PskUseSessionCb)
            != 0;
        if let Err(step) = check(ssl, |c| {
            io::write_early_data(c, session.as_deref(), psk_use)
        }) {
            return finish(step, c"SSL_write_early_data", 0) as c_int;
        }
        // It connects; the failure leaves it waiting for a retry.
        finish(start(ssl, false), c"SSL_write_early_data", 0);
        lock(&ssl.io).early_data = EarlyData::ConnectRetry;
        0
    })
}

/// `SSL_READ_EARLY_DATA_ERROR` (0) every time.
#[no_mangle]
pub unsafe extern "C" fn SSL_read_early_data(
    s: *mut SSL,
    _buf: *mut c_void,
    _num: usize,
    _readbytes: *mut usize,
) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        if let Err(step) = check(ssl, io::read_early_data) {
            return finish(step, c"SSL_read_early_data", 0) as c_int;
        }
        finish(start(ssl, true), c"SSL_read_early_data", 0);
        lock(&ssl.io).early_data = EarlyData::AcceptRetry;
        0
    })
}

/// What `SSL_clear` does once allowed: back to the context's method, and SRP
/// set up again from the context when that is another method (OpenSSL makes
/// the method state anew).
unsafe fn clear(s: *mut SSL, ssl: &crate::core::ssl::Ssl) {
    let (before, ctx_method) = (ssl.method(), super::ssl::current_method(ssl));
    ssl.clear_to(ctx_method);
    if !std::ptr::eq(before, ctx_method) {
        super::srp::renew_with_method(s);
    }
}

/// `SSL_clear`, a clean error queue, then `SSL_accept`: -1 (0 when the
/// connection cannot be cleared).
#[no_mangle]
pub unsafe extern "C" fn SSL_stateless(s: *mut SSL) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        if !may_clear(ssl) {
            return 0;
        }
        clear(s, ssl);
        ERR_clear_error();
        finish(start(ssl, true), c"SSL_stateless", -1);
        -1
    })
}

/// Every sessl connection is TLS, not DTLS: after OpenSSL's preparations
/// (server role, `SSL_clear`, a clean error queue) it is refused, for a
/// missing BIO or for the version.
#[no_mangle]
pub unsafe extern "C" fn DTLSv1_listen(s: *mut SSL, _client: *mut BIO_ADDR) -> c_int {
    guard!(-1, {
        let Some(ssl) = borrow(s) else { return -1 };
        if lock(&ssl.io).handshake.is_none() {
            ssl.set_role(true);
        }
        if !may_clear(ssl) {
            return -1;
        }
        clear(s, ssl);
        ERR_clear_error();
        let (r, w): (*mut BIO, *mut BIO) = (rbio(ssl), wbio(ssl));
        finish(
            io::dtls_listen(!r.is_null(), !w.is_null()),
            c"DTLSv1_listen",
            -1,
        ) as c_int
    })
}

/// No Finished message is ever sent or received: nothing to copy.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_finished(
    _s: *const SSL,
    _buf: *mut c_void,
    _count: usize,
) -> usize {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_peer_finished(
    _s: *const SSL,
    _buf: *mut c_void,
    _count: usize,
) -> usize {
    guard!(0, { 0 })
}

/// The labels TLS reserves, which `tls1_export_keying_material` refuses as
/// prefixes of its PRF input (the label, both randoms, the context).
const RESERVED_LABELS: [&[u8]; 5] = [
    b"client finished",
    b"server finished",
    b"master secret",
    b"extended master secret",
    b"key expansion",
];
/// `SSL_R_TLS_ILLEGAL_EXPORTER_LABEL`.
const SSL_R_TLS_ILLEGAL_EXPORTER_LABEL: c_int = 367;

/// Without a session, -1; with one, a reserved label is refused (0,
/// `SSL_R_TLS_ILLEGAL_EXPORTER_LABEL`), otherwise OpenSSL's PRF finds no
/// negotiated cipher's digest and fails (0, `ERR_R_INTERNAL_ERROR` from
/// `tls1_PRF`): either way nothing is written to `out`.
#[no_mangle]
pub unsafe extern "C" fn SSL_export_keying_material(
    s: *mut SSL,
    _out: *mut u8,
    _olen: usize,
    label: *const std::os::raw::c_char,
    llen: usize,
    context: *const u8,
    contextlen: usize,
    use_context: c_int,
) -> c_int {
    guard!(-1, {
        match borrow(s) {
            Some(ssl) if ssl.session().is_some() => {
                // The PRF input: label, the two randoms (zero before a
                // handshake), then the context with its length.
                let mut val = Vec::with_capacity(llen + 66 + contextlen);
                if !label.is_null() {
                    val.extend_from_slice(std::slice::from_raw_parts(label as *const u8, llen));
                }
                val.resize(val.len() + 64, 0);
                if use_context != 0 {
                    val.extend_from_slice(&[(contextlen >> 8) as u8, contextlen as u8]);
                    if !context.is_null() {
                        val.extend_from_slice(std::slice::from_raw_parts(context, contextlen));
                    }
                }
                if RESERVED_LABELS.iter().any(|r| val.starts_with(r)) {
                    raise_from!(
                        SSL_R_TLS_ILLEGAL_EXPORTER_LABEL,
                        c"tls1_export_keying_material"
                    );
                } else {
                    raise_from!(ERR_R_INTERNAL_ERROR, c"tls1_PRF");
                }
                0
            }
            _ => -1,
        }
    })
}

/// 0: early data was never accepted or sent.
#[no_mangle]
pub unsafe extern "C" fn SSL_export_keying_material_early(
    _s: *mut SSL,
    _out: *mut u8,
    _olen: usize,
    _label: *const std::os::raw::c_char,
    _llen: usize,
    _context: *const u8,
    _contextlen: usize,
) -> c_int {
    guard!(0, { 0 })
}

/// libcrypto's `OSSL_ASYNC_FD` on Unix.
pub type OSSL_ASYNC_FD = c_int;

/// sessl's jobs never pause (`SSL_MODE_ASYNC` has nothing to wait for), but
/// a call in async mode that reaches the handshake function leaves OpenSSL's
/// wait context, with no fds and status 0 (`ASYNC_STATUS_UNSUPPORTED`): the
/// queries then return 1. Without one they return 0 and leave their outputs
/// alone.
#[no_mangle]
pub unsafe extern "C" fn SSL_waiting_for_async(_s: *mut SSL) -> c_int {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_async_status(s: *mut SSL, status: *mut c_int) -> c_int {
    guard!(0, {
        if !has_async_wait_ctx(s) {
            return 0;
        }
        if !status.is_null() {
            *status = 0;
        }
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_all_async_fds(
    s: *mut SSL,
    _fds: *mut OSSL_ASYNC_FD,
    numfds: *mut usize,
) -> c_int {
    guard!(0, {
        if !has_async_wait_ctx(s) {
            return 0;
        }
        if !numfds.is_null() {
            *numfds = 0;
        }
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_changed_async_fds(
    s: *mut SSL,
    _addfd: *mut OSSL_ASYNC_FD,
    numaddfds: *mut usize,
    _delfd: *mut OSSL_ASYNC_FD,
    numdelfds: *mut usize,
) -> c_int {
    guard!(0, {
        if !has_async_wait_ctx(s) {
            return 0;
        }
        for n in [numaddfds, numdelfds] {
            if !n.is_null() {
                *n = 0;
            }
        }
        1
    })
}
