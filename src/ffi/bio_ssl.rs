//! `BIO_f_ssl`: the BIO that puts a connection in a BIO chain, and the helpers
//! built on it (`BIO_new_ssl`, `BIO_new_ssl_connect`,
//! `BIO_new_buffer_ssl_connect`, `BIO_ssl_copy_session_id`,
//! `BIO_ssl_shutdown`).
//!
//! The method is made once with libcrypto's `BIO_meth_new`, with OpenSSL's type
//! (`BIO_TYPE_SSL`) and name ("ssl"). Its functions do what OpenSSL's do, through
//! sessl's own exports: reads and writes make `ssl_read_internal`'s and
//! `ssl_write_internal`'s checks, and a call that gets past them fails loudly
//! (sessl performs no handshake), leaving the retry flags OpenSSL's BIO leaves
//! for `SSL_ERROR_SSL`: none.

use super::handshake::{check, finish, SSL_do_handshake, SSL_shutdown};
use super::io::{SSL_get_error, SSL_get_rbio, SSL_get_wbio, SSL_pending, SSL_set_bio, BIO};
use super::ssl::{SSL_clear, SSL_copy_session_id, SSL_free, SSL_in_init, SSL_new};
use super::ssl::{SSL_set_accept_state, SSL_set_connect_state};
use super::ssl_dup::SSL_dup;
use super::{borrow, guard, SSL, SSL_CTX};
use crate::core::io::{self, HandshakeFn};
use crate::sync::lock;
use std::os::raw::{c_char, c_int, c_long, c_ulong, c_void};
use std::sync::OnceLock;

/// libcrypto's `BIO_METHOD`.
#[repr(C)]
pub struct BIO_METHOD {
    _opaque: [u8; 0],
}

/// `BIO_info_cb`, the callback `BIO_callback_ctrl` passes on.
pub type BIO_info_cb = unsafe extern "C" fn(*mut BIO, c_int, c_int) -> c_int;

type WriteEx = unsafe extern "C" fn(*mut BIO, *const c_char, usize, *mut usize) -> c_int;
type ReadEx = unsafe extern "C" fn(*mut BIO, *mut c_char, usize, *mut usize) -> c_int;
type Puts = unsafe extern "C" fn(*mut BIO, *const c_char) -> c_int;
type Ctrl = unsafe extern "C" fn(*mut BIO, c_int, c_long, *mut c_void) -> c_long;
type Create = unsafe extern "C" fn(*mut BIO) -> c_int;
type CallbackCtrl = unsafe extern "C" fn(*mut BIO, c_int, Option<BIO_info_cb>) -> c_long;

#[allow(unused_doc_comments)]
/// cbindgen:ignore
#[link(name = "crypto")]
extern "C" {
    fn BIO_meth_new(kind: c_int, name: *const c_char) -> *mut BIO_METHOD;
    fn BIO_meth_set_write_ex(m: *mut BIO_METHOD, f: WriteEx) -> c_int;
    fn BIO_meth_set_read_ex(m: *mut BIO_METHOD, f: ReadEx) -> c_int;
    fn BIO_meth_set_puts(m: *mut BIO_METHOD, f: Puts) -> c_int;
    fn BIO_meth_set_ctrl(m: *mut BIO_METHOD, f: Ctrl) -> c_int;
    fn BIO_meth_set_create(m: *mut BIO_METHOD, f: Create) -> c_int;
    fn BIO_meth_set_destroy(m: *mut BIO_METHOD, f: Create) -> c_int;
    fn BIO_meth_set_callback_ctrl(m: *mut BIO_METHOD, f: CallbackCtrl) -> c_int;
    fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    fn BIO_free(b: *mut BIO) -> c_int;
    fn BIO_up_ref(b: *mut BIO) -> c_int;
    fn BIO_push(b: *mut BIO, append: *mut BIO) -> *mut BIO;
    fn BIO_next(b: *mut BIO) -> *mut BIO;
    fn BIO_set_next(b: *mut BIO, next: *mut BIO);
    fn BIO_find_type(b: *mut BIO, kind: c_int) -> *mut BIO;
    fn BIO_method_type(b: *const BIO) -> c_int;
    fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    fn BIO_callback_ctrl(b: *mut BIO, cmd: c_int, fp: Option<BIO_info_cb>) -> c_long;
    fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    fn BIO_get_data(b: *mut BIO) -> *mut c_void;
    fn BIO_set_data(b: *mut BIO, data: *mut c_void);
    fn BIO_set_init(b: *mut BIO, init: c_int);
    fn BIO_get_init(b: *mut BIO) -> c_int;
    fn BIO_set_shutdown(b: *mut BIO, shut: c_int);
    fn BIO_get_shutdown(b: *mut BIO) -> c_int;
    fn BIO_set_flags(b: *mut BIO, flags: c_int);
    fn BIO_clear_flags(b: *mut BIO, flags: c_int);
    fn BIO_set_retry_reason(b: *mut BIO, reason: c_int);
    fn BIO_get_retry_reason(b: *mut BIO) -> c_int;
    fn BIO_copy_next_retry(b: *mut BIO);
    fn BIO_s_connect() -> *const BIO_METHOD;
    fn BIO_f_buffer() -> *const BIO_METHOD;
    fn time(t: *mut i64) -> i64;
}

/// `BIO_TYPE_SSL`: `7 | BIO_TYPE_FILTER`.
const BIO_TYPE_SSL: c_int = 7 | 0x0200;
const BIO_CLOSE: c_long = 1;

const BIO_FLAGS_READ: c_int = 0x01;
const BIO_FLAGS_WRITE: c_int = 0x02;
const BIO_FLAGS_IO_SPECIAL: c_int = 0x04;
const BIO_FLAGS_SHOULD_RETRY: c_int = 0x08;
const BIO_RETRY_FLAGS: c_int = BIO_FLAGS_READ | BIO_FLAGS_WRITE | BIO_FLAGS_IO_SPECIAL | 0x08;
const BIO_RR_SSL_X509_LOOKUP: c_int = 0x01;
const BIO_RR_CONNECT: c_int = 0x02;
const BIO_RR_ACCEPT: c_int = 0x03;

const BIO_CTRL_RESET: c_int = 1;
const BIO_CTRL_INFO: c_int = 3;
const BIO_CTRL_PUSH: c_int = 6;
const BIO_CTRL_POP: c_int = 7;
const BIO_CTRL_GET_CLOSE: c_int = 8;
const BIO_CTRL_SET_CLOSE: c_int = 9;
const BIO_CTRL_PENDING: c_int = 10;
const BIO_CTRL_FLUSH: c_int = 11;
const BIO_CTRL_DUP: c_int = 12;
const BIO_CTRL_WPENDING: c_int = 13;
const BIO_CTRL_SET_CALLBACK: c_int = 14;
const BIO_C_DO_STATE_MACHINE: c_int = 101;
const BIO_C_SET_SSL: c_int = 109;
const BIO_C_GET_SSL: c_int = 110;
const BIO_C_SSL_MODE: c_int = 119;
const BIO_C_SET_SSL_RENEGOTIATE_BYTES: c_int = 125;
const BIO_C_GET_SSL_NUM_RENEGOTIATES: c_int = 126;
const BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT: c_int = 127;

const SSL_ERROR_NONE: c_int = 0;
const SSL_ERROR_WANT_READ: c_int = 2;
const SSL_ERROR_WANT_WRITE: c_int = 3;
const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
const SSL_ERROR_WANT_CONNECT: c_int = 7;
const SSL_ERROR_WANT_ACCEPT: c_int = 8;

/// What an ssl BIO keeps (OpenSSL's `BIO_SSL`): the connection, and the
/// renegotiation settings, which count bytes read and written (none, without
/// a handshake) and seconds.
#[derive(Clone, Copy)]
struct BioSsl {
    ssl: *mut SSL,
    num_renegotiates: c_int,
    renegotiate_count: c_ulong,
    byte_count: usize,
    renegotiate_timeout: c_ulong,
    last_time: c_ulong,
}

/// The method's address, made on first use and never freed (OpenSSL's is
/// static).
static METHOD: OnceLock<usize> = OnceLock::new();

fn method() -> *const BIO_METHOD {
    *METHOD.get_or_init(|| {
        // SAFETY: libcrypto copies the name; the functions live forever.
        unsafe {
            let m = BIO_meth_new(BIO_TYPE_SSL, c"ssl".as_ptr());
            if !m.is_null() {
                BIO_meth_set_write_ex(m, ssl_write);
                BIO_meth_set_read_ex(m, ssl_read);
                BIO_meth_set_puts(m, ssl_puts);
                BIO_meth_set_ctrl(m, ssl_ctrl);
                BIO_meth_set_create(m, ssl_new);
                BIO_meth_set_destroy(m, ssl_free);
                BIO_meth_set_callback_ctrl(m, ssl_callback_ctrl);
            }
            m as usize
        }
    }) as *const BIO_METHOD
}

/// The `BioSsl` of a BIO of this method (NULL once it was destroyed).
unsafe fn data<'a>(b: *mut BIO) -> Option<&'a mut BioSsl> {
    (BIO_get_data(b) as *mut BioSsl).as_mut()
}

unsafe fn clear_retry_flags(b: *mut BIO) {
    BIO_clear_flags(b, BIO_RETRY_FLAGS);
}

unsafe extern "C" fn ssl_new(b: *mut BIO) -> c_int {
    guard!(0, {
        let bs = Box::new(BioSsl {
            ssl: std::ptr::null_mut(),
            num_renegotiates: 0,
            renegotiate_count: 0,
            byte_count: 0,
            renegotiate_timeout: 0,
            last_time: 0,
        });
        BIO_set_init(b, 0);
        BIO_set_data(b, Box::into_raw(bs) as *mut c_void);
        BIO_clear_flags(b, !0);
        1
    })
}

/// With the close flag, the connection goes with the BIO (after a shutdown,
/// which only a connection past its handshake would send: never here).
unsafe extern "C" fn ssl_free(b: *mut BIO) -> c_int {
    guard!(0, {
        if b.is_null() {
            return 0;
        }
        let bs = BIO_get_data(b) as *mut BioSsl;
        if BIO_get_shutdown(b) != 0 {
            if let Some(d) = bs.as_ref() {
                if !d.ssl.is_null() && SSL_in_init(d.ssl) == 0 {
                    SSL_shutdown(d.ssl);
                }
                if BIO_get_init(b) != 0 {
                    SSL_free(d.ssl);
                }
            }
            BIO_clear_flags(b, !0);
            BIO_set_init(b, 0);
        }
        if !bs.is_null() {
            drop(Box::from_raw(bs));
        }
        BIO_set_data(b, std::ptr::null_mut());
        1
    })
}

/// What a read or write leaves in the BIO's retry flags for the connection's
/// `SSL_get_error`, and the renegotiation a successful one may ask for.
unsafe fn after_io(b: *mut BIO, bs: &mut BioSsl, ret: c_int, done: usize, read: bool) {
    let mut retry_reason = 0;
    match SSL_get_error(bs.ssl, ret) {
        SSL_ERROR_NONE => count_for_renegotiation(bs, done),
        SSL_ERROR_WANT_READ => BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY),
        SSL_ERROR_WANT_WRITE => BIO_set_flags(b, BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY),
        SSL_ERROR_WANT_X509_LOOKUP => {
            BIO_set_flags(b, BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY);
            retry_reason = BIO_RR_SSL_X509_LOOKUP;
        }
        // OpenSSL's write side has no case for WANT_ACCEPT.
        SSL_ERROR_WANT_ACCEPT if read => {
            BIO_set_flags(b, BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY);
            retry_reason = BIO_RR_ACCEPT;
        }
        SSL_ERROR_WANT_CONNECT => {
            BIO_set_flags(b, BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY);
            retry_reason = BIO_RR_CONNECT;
        }
        _ => {}
    }
    BIO_set_retry_reason(b, retry_reason);
}

/// `BIO_set_ssl_renegotiate_bytes` / `_timeout`: a renegotiation after that
/// many bytes or seconds.
unsafe fn count_for_renegotiation(bs: &mut BioSsl, done: usize) {
    let mut renegotiated = false;
    if bs.renegotiate_count > 0 {
        bs.byte_count = bs.byte_count.wrapping_add(done);
        if bs.byte_count as c_ulong > bs.renegotiate_count {
            bs.byte_count = 0;
            bs.num_renegotiates = bs.num_renegotiates.wrapping_add(1);
            super::handshake::SSL_renegotiate(bs.ssl);
            renegotiated = true;
        }
    }
    if bs.renegotiate_timeout > 0 && !renegotiated {
        let now = time(std::ptr::null_mut()) as c_ulong;
        if now > bs.last_time.wrapping_add(bs.renegotiate_timeout) {
            bs.last_time = now;
            bs.num_renegotiates = bs.num_renegotiates.wrapping_add(1);
            super::handshake::SSL_renegotiate(bs.ssl);
        }
    }
}

/// `ssl_read_internal`'s checks, then the loud failure (no record is read).
unsafe extern "C" fn ssl_read(b: *mut BIO, buf: *mut c_char, _n: usize, done: *mut usize) -> c_int {
    guard!(-1, {
        if buf.is_null() {
            return 0;
        }
        let Some(bs) = data(b) else { return 0 };
        clear_retry_flags(b);
        let ret = match borrow(bs.ssl) {
            Some(ssl) => finish(check(ssl, io::read), c"BIO_read", -1) as c_int,
            None => -1,
        };
        after_io(b, bs, ret, if ret > 0 { *done } else { 0 }, true);
        ret
    })
}

/// `ssl_write_internal`'s checks, then the loud failure (nothing is sent).
unsafe extern "C" fn ssl_write(
    b: *mut BIO,
    buf: *const c_char,
    _n: usize,
    done: *mut usize,
) -> c_int {
    guard!(-1, {
        if buf.is_null() {
            return 0;
        }
        let Some(bs) = data(b) else { return 0 };
        clear_retry_flags(b);
        let ret = match borrow(bs.ssl) {
            Some(ssl) => finish(check(ssl, io::write), c"BIO_write", -1) as c_int,
            None => -1,
        };
        after_io(b, bs, ret, if ret > 0 { *done } else { 0 }, false);
        ret
    })
}

unsafe extern "C" fn ssl_puts(b: *mut BIO, s: *const c_char) -> c_int {
    guard!(-1, {
        if s.is_null() {
            return -1;
        }
        let n = std::ffi::CStr::from_ptr(s).to_bytes().len();
        BIO_write(b, s as *const c_void, n as c_int)
    })
}

unsafe extern "C" fn ssl_callback_ctrl(b: *mut BIO, cmd: c_int, fp: Option<BIO_info_cb>) -> c_long {
    guard!(0, {
        let Some(bs) = data(b) else { return 0 };
        match cmd {
            BIO_CTRL_SET_CALLBACK => BIO_callback_ctrl(SSL_get_rbio(bs.ssl), cmd, fp),
            _ => 0,
        }
    })
}

unsafe extern "C" fn ssl_ctrl(b: *mut BIO, cmd: c_int, num: c_long, ptr: *mut c_void) -> c_long {
    guard!(0, {
        let Some(bs) = data(b) else { return 0 };
        let next = BIO_next(b);
        let ssl = bs.ssl;
        if ssl.is_null() && cmd != BIO_C_SET_SSL {
            return 0;
        }
        match cmd {
            BIO_CTRL_RESET => reset(ssl, next, num, ptr),
            BIO_CTRL_INFO => 0,
            BIO_C_SSL_MODE => {
                if num != 0 {
                    SSL_set_connect_state(ssl);
                } else {
                    SSL_set_accept_state(ssl);
                }
                1
            }
            BIO_C_SET_SSL_RENEGOTIATE_TIMEOUT => {
                let previous = bs.renegotiate_timeout as c_long;
                bs.renegotiate_timeout = if num < 60 { 5 } else { num as c_ulong };
                bs.last_time = time(std::ptr::null_mut()) as c_ulong;
                previous
            }
            BIO_C_SET_SSL_RENEGOTIATE_BYTES => {
                let previous = bs.renegotiate_count as c_long;
                if num >= 512 {
                    bs.renegotiate_count = num as c_ulong;
                }
                previous
            }
            BIO_C_GET_SSL_NUM_RENEGOTIATES => bs.num_renegotiates as c_long,
            BIO_C_SET_SSL => set_ssl(b, num, ptr as *mut SSL, next),
            BIO_C_GET_SSL => match (ptr as *mut *mut SSL).as_mut() {
                Some(out) => {
                    *out = ssl;
                    1
                }
                None => 0,
            },
            BIO_CTRL_GET_CLOSE => BIO_get_shutdown(b) as c_long,
            BIO_CTRL_SET_CLOSE => {
                BIO_set_shutdown(b, num as c_int);
                1
            }
            BIO_CTRL_WPENDING => BIO_ctrl(SSL_get_wbio(ssl), cmd, num, ptr),
            BIO_CTRL_PENDING => match SSL_pending(ssl) {
                0 => BIO_ctrl(SSL_get_rbio(ssl), BIO_CTRL_PENDING, 0, std::ptr::null_mut()),
                n => n as c_long,
            },
            BIO_CTRL_FLUSH => {
                clear_retry_flags(b);
                let ret = BIO_ctrl(SSL_get_wbio(ssl), cmd, num, ptr);
                BIO_copy_next_retry(b);
                ret
            }
            BIO_CTRL_PUSH => {
                // The connection takes a reference of its own to the BIO
                // pushed below this one, for both directions.
                if !next.is_null() && next != SSL_get_rbio(ssl) {
                    if BIO_up_ref(next) == 0 {
                        return 0;
                    }
                    SSL_set_bio(ssl, next, next);
                }
                1
            }
            BIO_CTRL_POP => {
                // Only when this BIO is the one popped: that reference goes.
                if b as *mut c_void == ptr {
                    SSL_set_bio(ssl, std::ptr::null_mut(), std::ptr::null_mut());
                }
                1
            }
            BIO_C_DO_STATE_MACHINE => do_handshake(b, ssl, next),
            BIO_CTRL_DUP => {
                if ptr.is_null() {
                    return 0;
                }
                let Some(to) = data(ptr as *mut BIO) else {
                    return 0;
                };
                SSL_free(to.ssl);
                *to = BioSsl {
                    ssl: SSL_dup(ssl),
                    ..*bs
                };
                (!to.ssl.is_null()) as c_long
            }
            BIO_CTRL_SET_CALLBACK => 0,
            _ => BIO_ctrl(SSL_get_rbio(ssl), cmd, num, ptr),
        }
    })
}

/// `BIO_reset`: the connection is shut down and cleared for a new handshake
/// in the same role; then the BIO below (or the read BIO) is reset.
unsafe fn reset(ssl: *mut SSL, next: *mut BIO, num: c_long, ptr: *mut c_void) -> c_long {
    SSL_shutdown(ssl);
    let handshake = borrow(ssl).and_then(|s| lock(&s.io).handshake);
    match handshake {
        Some(HandshakeFn::Connect) => SSL_set_connect_state(ssl),
        Some(HandshakeFn::Accept) => SSL_set_accept_state(ssl),
        _ => {}
    }
    if SSL_clear(ssl) == 0 {
        return 0;
    }
    let rbio = SSL_get_rbio(ssl);
    if !next.is_null() {
        BIO_ctrl(next, BIO_CTRL_RESET, num, ptr)
    } else if !rbio.is_null() {
        BIO_ctrl(rbio, BIO_CTRL_RESET, num, ptr)
    } else {
        1
    }
}

/// `BIO_set_ssl`: a BIO that had a connection starts over (letting it go if
/// it owned it); the connection's read BIO, with a reference of the BIO's own,
/// goes below this one, above what was below.
unsafe fn set_ssl(b: *mut BIO, close: c_long, ssl: *mut SSL, next: *mut BIO) -> c_long {
    if data(b).is_some_and(|bs| !bs.ssl.is_null()) {
        ssl_free(b);
        if ssl_new(b) == 0 {
            return 0;
        }
    }
    let Some(bs) = data(b) else { return 0 };
    BIO_set_shutdown(b, close as c_int);
    bs.ssl = ssl;
    let rbio = SSL_get_rbio(ssl);
    if !rbio.is_null() {
        if BIO_up_ref(rbio) == 0 {
            return 0;
        }
        if !next.is_null() {
            BIO_push(rbio, next);
        }
        BIO_set_next(b, rbio);
    }
    BIO_set_init(b, 1);
    1
}

/// `BIO_do_handshake`: the connection's handshake (which fails loudly, or
/// earlier as OpenSSL's does), and the retry flags it would leave.
unsafe fn do_handshake(b: *mut BIO, ssl: *mut SSL, next: *mut BIO) -> c_long {
    clear_retry_flags(b);
    BIO_set_retry_reason(b, 0);
    let ret = SSL_do_handshake(ssl);
    match SSL_get_error(ssl, ret) {
        SSL_ERROR_WANT_READ => BIO_set_flags(b, BIO_FLAGS_READ | BIO_FLAGS_SHOULD_RETRY),
        SSL_ERROR_WANT_WRITE => BIO_set_flags(b, BIO_FLAGS_WRITE | BIO_FLAGS_SHOULD_RETRY),
        SSL_ERROR_WANT_CONNECT => {
            BIO_set_flags(b, BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY);
            BIO_set_retry_reason(b, BIO_get_retry_reason(next));
        }
        SSL_ERROR_WANT_X509_LOOKUP => {
            BIO_set_flags(b, BIO_FLAGS_IO_SPECIAL | BIO_FLAGS_SHOULD_RETRY);
            BIO_set_retry_reason(b, BIO_RR_SSL_X509_LOOKUP);
        }
        _ => {}
    }
    ret as c_long
}

/// One method for every call, as OpenSSL's static one.
#[no_mangle]
pub unsafe extern "C" fn BIO_f_ssl() -> *const BIO_METHOD {
    guard!(std::ptr::null(), { method() })
}

/// An ssl BIO owning a new connection of `ctx`, in the client or server role.
#[no_mangle]
pub unsafe extern "C" fn BIO_new_ssl(ctx: *mut SSL_CTX, client: c_int) -> *mut BIO {
    guard!(std::ptr::null_mut(), {
        let ret = BIO_new(BIO_f_ssl());
        if ret.is_null() {
            return std::ptr::null_mut();
        }
        let ssl = SSL_new(ctx);
        if ssl.is_null() {
            BIO_free(ret);
            return std::ptr::null_mut();
        }
        if client != 0 {
            SSL_set_connect_state(ssl);
        } else {
            SSL_set_accept_state(ssl);
        }
        BIO_ctrl(ret, BIO_C_SET_SSL, BIO_CLOSE, ssl as *mut c_void);
        ret
    })
}

/// A client ssl BIO above a connect BIO (`BIO_s_connect`).
#[no_mangle]
pub unsafe extern "C" fn BIO_new_ssl_connect(ctx: *mut SSL_CTX) -> *mut BIO {
    guard!(std::ptr::null_mut(), {
        let con = BIO_new(BIO_s_connect());
        if con.is_null() {
            return std::ptr::null_mut();
        }
        let ssl = BIO_new_ssl(ctx, 1);
        if ssl.is_null() {
            BIO_free(con);
            return std::ptr::null_mut();
        }
        BIO_push(ssl, con)
    })
}

/// A buffer BIO above `BIO_new_ssl_connect`'s chain.
#[no_mangle]
pub unsafe extern "C" fn BIO_new_buffer_ssl_connect(ctx: *mut SSL_CTX) -> *mut BIO {
    guard!(std::ptr::null_mut(), {
        let buf = BIO_new(BIO_f_buffer());
        if buf.is_null() {
            return std::ptr::null_mut();
        }
        let ssl = BIO_new_ssl_connect(ctx);
        if ssl.is_null() {
            BIO_free(buf);
            return std::ptr::null_mut();
        }
        BIO_push(buf, ssl)
    })
}

/// `SSL_copy_session_id` between the first ssl BIOs of two chains.
#[no_mangle]
pub unsafe extern "C" fn BIO_ssl_copy_session_id(t: *mut BIO, f: *mut BIO) -> c_int {
    guard!(0, {
        let t = BIO_find_type(t, BIO_TYPE_SSL);
        let f = BIO_find_type(f, BIO_TYPE_SSL);
        if t.is_null() || f.is_null() {
            return 0;
        }
        match (data(t), data(f)) {
            (Some(td), Some(fd)) if !td.ssl.is_null() && !fd.ssl.is_null() => {
                (SSL_copy_session_id(td.ssl, fd.ssl) != 0) as c_int
            }
            _ => 0,
        }
    })
}

/// `SSL_shutdown` on the connection of every ssl BIO of the chain.
#[no_mangle]
pub unsafe extern "C" fn BIO_ssl_shutdown(b: *mut BIO) {
    guard!((), {
        let mut b = b;
        while !b.is_null() {
            if BIO_method_type(b) == BIO_TYPE_SSL {
                if let Some(d) = data(b).filter(|d| !d.ssl.is_null()) {
                    SSL_shutdown(d.ssl);
                }
            }
            b = BIO_next(b);
        }
    })
}
