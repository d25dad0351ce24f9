//! A connection's BIOs and file descriptors, and the state the I/O functions
//! report on a connection that never handshakes (`SSL_want`, `SSL_get_error`,
//! `SSL_pending`, the state and alert strings, quiet shutdown, read-ahead).
//!
//! The BIOs are libcrypto objects, so the C shell keeps their pointers (in the
//! connection's `io_shell`), with OpenSSL's ownership rules: the connection owns
//! one reference per slot (`SSL_set0_rbio`, `SSL_set0_wbio`), `SSL_set_bio`
//! takes the references described in SSL_set_bio(3), and the last `SSL_free`
//! frees the write BIO chain, then the read one.

use super::consts::{SSL_NOTHING, SSL_RETRY_VERIFY};
use super::{borrow, guard, SSL, SSL_CTX};
use crate::core::io::version_name;
use crate::core::io::Wait;
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::sync::atomic::Ordering;
use std::sync::Mutex;

/// libcrypto's `BIO`.
#[repr(C)]
pub struct BIO {
    _opaque: [u8; 0],
}

/// libcrypto's `BIO_METHOD`.
#[repr(C)]
pub struct BioMethod {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn BIO_free_all(b: *mut BIO);
    fn BIO_up_ref(b: *mut BIO) -> c_int;
    fn BIO_new(m: *const BioMethod) -> *mut BIO;
    fn BIO_s_socket() -> *const BioMethod;
    fn BIO_int_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, iarg: c_int) -> c_long;
    fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    fn BIO_method_type(b: *const BIO) -> c_int;
    fn BIO_find_type(b: *mut BIO, bio_type: c_int) -> *mut BIO;
    fn ERR_peek_error() -> std::os::raw::c_ulong;
}

const BIO_C_SET_FD: c_int = 104;
const BIO_C_GET_FD: c_int = 105;
const BIO_CTRL_GET_KTLS_SEND: c_int = 73;
const BIO_NOCLOSE: c_long = 0;
const BIO_TYPE_DESCRIPTOR: c_int = 0x0100;
const BIO_TYPE_SOCKET: c_int = 5 | 0x0400 | BIO_TYPE_DESCRIPTOR;
/// `ERR_R_BUF_LIB`, raised when a socket BIO cannot be made.
const ERR_R_BUF_LIB: c_int = 7 | (0x2 << 18);

#[derive(Clone, Copy)]
struct Bios {
    rbio: *mut BIO,
    wbio: *mut BIO,
}

/// The BIOs a connection owns; freed with it.
struct BioSlots(Mutex<Bios>);

// SAFETY: BIOs have no thread affinity; the slots only hold the pointers, and a
// connection is used from one thread at a time, as in OpenSSL.
unsafe impl Send for BioSlots {}
unsafe impl Sync for BioSlots {}

impl Drop for BioSlots {
    fn drop(&mut self) {
        let b = *lock(&self.0);
        // SAFETY: the connection owns one reference in each slot; OpenSSL's
        // SSL_free frees the write chain, then the read one.
        unsafe {
            BIO_free_all(b.wbio);
            BIO_free_all(b.rbio);
        }
    }
}

fn slots(ssl: &Ssl) -> &Mutex<Bios> {
    let any = ssl.io_shell.get_or_init(|| {
        Box::new(BioSlots(Mutex::new(Bios {
            rbio: std::ptr::null_mut(),
            wbio: std::ptr::null_mut(),
        })))
    });
    match any.downcast_ref::<BioSlots>() {
        Some(s) => &s.0,
        None => unreachable!("Ssl::io_shell holds the BIO slots"),
    }
}

pub(crate) fn rbio(ssl: &Ssl) -> *mut BIO {
    ssl.io_shell
        .get()
        .and_then(|a| a.downcast_ref::<BioSlots>())
        .map_or(std::ptr::null_mut(), |s| lock(&s.0).rbio)
}

pub(crate) fn wbio(ssl: &Ssl) -> *mut BIO {
    ssl.io_shell
        .get()
        .and_then(|a| a.downcast_ref::<BioSlots>())
        .map_or(std::ptr::null_mut(), |s| lock(&s.0).wbio)
}

/// Whether the write BIO sends with kernel TLS (`BIO_get_ktls_send`).
pub(crate) fn wbio_ktls_send(ssl: &Ssl) -> bool {
    let w = wbio(ssl);
    // SAFETY: a BIO the connection owns.
    !w.is_null() && unsafe { BIO_ctrl(w, BIO_CTRL_GET_KTLS_SEND, 0, std::ptr::null_mut()) } > 0
}

/// Puts `bio` in a slot, taking over the caller's reference; the previous
/// BIO chain loses the connection's reference (freed outside the lock, since
/// its callbacks may call back into this connection).
fn set0(ssl: &Ssl, bio: *mut BIO, read: bool) {
    let old = {
        let mut b = lock(slots(ssl));
        let slot = if read { &mut b.rbio } else { &mut b.wbio };
        std::mem::replace(slot, bio)
    };
    // SAFETY: the connection owned this reference; NULL is allowed.
    unsafe { BIO_free_all(old) }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set0_rbio(s: *mut SSL, rbio: *mut BIO) {
    guard!((), {
        if let Some(ssl) = borrow(s) {
            set0(ssl, rbio, true)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set0_wbio(s: *mut SSL, wbio: *mut BIO) {
    guard!((), {
        if let Some(ssl) = borrow(s) {
            set0(ssl, wbio, false)
        }
    })
}

/// SSL_set_bio(3): nothing changes, nothing is taken; the same BIO for both
/// takes one reference for each slot (the caller gave one); a call that
/// changes only one of them takes only that one's reference, with OpenSSL's
/// historical asymmetry when only the read BIO changes and both were the same.
/// Like OpenSSL's, the change from two BIOs (A, B) to (B, B) keeps the extra
/// reference it takes for B, one too many (io_bios.c leaves that case out).
#[no_mangle]
pub unsafe extern "C" fn SSL_set_bio(s: *mut SSL, rbio: *mut BIO, wbio: *mut BIO) {
    guard!((), {
        let Some(ssl) = borrow(s) else { return };
        let (cur_r, cur_w) = (self::rbio(ssl), self::wbio(ssl));
        if rbio == cur_r && wbio == cur_w {
            return;
        }
        if !rbio.is_null() && rbio == wbio {
            BIO_up_ref(rbio);
        }
        if rbio == cur_r {
            set0(ssl, wbio, false);
            return;
        }
        if wbio == cur_w && cur_r != cur_w {
            set0(ssl, rbio, true);
            return;
        }
        set0(ssl, rbio, true);
        set0(ssl, wbio, false);
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_rbio(s: *const SSL) -> *mut BIO {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), rbio)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_wbio(s: *const SSL) -> *mut BIO {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), wbio)
    })
}

/// A socket BIO for `fd` that does not close it, or NULL with `ERR_R_BUF_LIB`
/// raised from `func`.
unsafe fn socket_bio(fd: c_int, func: &'static std::ffi::CStr) -> *mut BIO {
    let bio = BIO_new(BIO_s_socket());
    if bio.is_null() {
        super::err::raise_from!(ERR_R_BUF_LIB, func);
        return bio;
    }
    BIO_int_ctrl(bio, BIO_C_SET_FD, BIO_NOCLOSE, fd);
    bio
}

/// The descriptor of a socket BIO, if `bio` is one.
unsafe fn socket_fd(bio: *mut BIO) -> Option<c_int> {
    if bio.is_null() || BIO_method_type(bio) != BIO_TYPE_SOCKET {
        return None;
    }
    Some(BIO_ctrl(bio, BIO_C_GET_FD, 0, std::ptr::null_mut()) as c_int)
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_fd(s: *mut SSL, fd: c_int) -> c_int {
    guard!(0, {
        if borrow(s).is_none() {
            return 0;
        }
        let bio = socket_bio(fd, c"SSL_set_fd");
        if bio.is_null() {
            return 0;
        }
        SSL_set_bio(s, bio, bio);
        1
    })
}

/// Shares the read BIO when it is a socket BIO on the same descriptor.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_wfd(s: *mut SSL, fd: c_int) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        let r = rbio(ssl);
        if socket_fd(r) == Some(fd) {
            BIO_up_ref(r);
            set0(ssl, r, false);
            return 1;
        }
        let bio = socket_bio(fd, c"SSL_set_wfd");
        if bio.is_null() {
            return 0;
        }
        set0(ssl, bio, false);
        1
    })
}

/// Shares the write BIO when it is a socket BIO on the same descriptor.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_rfd(s: *mut SSL, fd: c_int) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        let w = wbio(ssl);
        if socket_fd(w) == Some(fd) {
            BIO_up_ref(w);
            set0(ssl, w, true);
            return 1;
        }
        let bio = socket_bio(fd, c"SSL_set_rfd");
        if bio.is_null() {
            return 0;
        }
        set0(ssl, bio, true);
        1
    })
}

/// The descriptor of the first descriptor BIO in the chain, or -1. libcrypto's
/// `BIO_find_type` raises `ERR_R_PASSED_NULL_PARAMETER` when there is no BIO,
/// as it does under OpenSSL.
unsafe fn chain_fd(bio: *mut BIO) -> c_int {
    let found = BIO_find_type(bio, BIO_TYPE_DESCRIPTOR);
    if found.is_null() {
        return -1;
    }
    let mut fd: c_int = -1;
    BIO_ctrl(found, BIO_C_GET_FD, 0, &mut fd as *mut c_int as *mut c_void);
    fd
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_rfd(s: *const SSL) -> c_int {
    guard!(-1, {
        match borrow(s) {
            Some(ssl) => chain_fd(rbio(ssl)),
            None => -1,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_wfd(s: *const SSL) -> c_int {
    guard!(-1, {
        match borrow(s) {
            Some(ssl) => chain_fd(wbio(ssl)),
            None => -1,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_fd(s: *const SSL) -> c_int {
    SSL_get_rfd(s)
}

/// No record is ever read, so nothing is pending.
#[no_mangle]
pub unsafe extern "C" fn SSL_pending(_s: *const SSL) -> c_int {
    guard!(0, { 0 })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_has_pending(_s: *const SSL) -> c_int {
    guard!(0, { 0 })
}

/// `SSL_NOTHING`: no call ever waits for I/O; `SSL_RETRY_VERIFY` after
/// `SSL_set_retry_verify`, until a call that ends it.
#[no_mangle]
pub unsafe extern "C" fn SSL_want(s: *const SSL) -> c_int {
    guard!(SSL_NOTHING, {
        match borrow(s).map(|ssl| lock(&ssl.io).wait) {
            Some(Wait::RetryVerify) => SSL_RETRY_VERIFY,
            _ => SSL_NOTHING,
        }
    })
}

/// OpenSSL's decision from the return code, the error queue and the waiting
/// I/O (never any here). NULL: `SSL_ERROR_SSL`.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_error(s: *const SSL, ret_code: c_int) -> c_int {
    guard!(1, {
        let Some(ssl) = borrow(s) else { return 1 };
        if ret_code > 0 {
            return 0;
        }
        let e = ERR_peek_error();
        // ERR_GET_LIB: system errors carry the top bit and are ERR_LIB_SYS.
        let lib = match e {
            0 => None,
            e if e & 0x8000_0000 != 0 => Some(2),
            e => Some(((e >> 23) & 0xff) as i32),
        };
        let wait = lock(&ssl.io).wait;
        crate::core::io::get_error(ret_code, lib, wait, ssl.shutdown())
    })
}

/// `TLS_ST_BEFORE`: no handshake ever starts.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_state(_ssl: *const SSL) -> OSSL_HANDSHAKE_STATE {
    guard!(0, { 0 })
}

/// OpenSSL's `OSSL_HANDSHAKE_STATE` enumeration (declared in the header).
pub type OSSL_HANDSHAKE_STATE = c_int;

#[no_mangle]
pub unsafe extern "C" fn SSL_state_string(_s: *const SSL) -> *const c_char {
    guard!(c"PINIT".as_ptr(), { c"PINIT".as_ptr() })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_state_string_long(_s: *const SSL) -> *const c_char {
    guard!(c"before SSL initialization".as_ptr(), {
        c"before SSL initialization".as_ptr()
    })
}

/// The record layer always waits for a record header.
#[no_mangle]
pub unsafe extern "C" fn SSL_rstate_string(_s: *const SSL) -> *const c_char {
    guard!(c"RH".as_ptr(), { c"RH".as_ptr() })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_rstate_string_long(_s: *const SSL) -> *const c_char {
    guard!(c"read header".as_ptr(), { c"read header".as_ptr() })
}

/// The protocol version's name; for a connection that never handshook, the
/// method's highest version. NULL: "unknown".
#[no_mangle]
pub unsafe extern "C" fn SSL_get_version(s: *const SSL) -> *const c_char {
    guard!(c"unknown".as_ptr(), {
        borrow(s)
            .map_or(c"unknown", |s| version_name(s.version()))
            .as_ptr()
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_quiet_shutdown(s: *mut SSL, mode: c_int) {
    guard!((), {
        if let Some(ssl) = borrow(s) {
            lock(&ssl.io).quiet_shutdown = mode;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_quiet_shutdown(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |ssl| lock(&ssl.io).quiet_shutdown)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_quiet_shutdown(ctx: *mut SSL_CTX, mode: c_int) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.io_defaults.quiet_shutdown.store(mode, Ordering::Relaxed);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_quiet_shutdown(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| c.io_defaults.quiet_shutdown.load(Ordering::Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_read_ahead(s: *mut SSL, yes: c_int) {
    guard!((), {
        if let Some(ssl) = borrow(s) {
            ssl.ctrl.read_ahead.store(yes, Ordering::Relaxed);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_read_ahead(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |ssl| ssl.ctrl.read_ahead.load(Ordering::Relaxed))
    })
}
