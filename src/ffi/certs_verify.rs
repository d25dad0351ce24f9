//! Verification settings: password callbacks, verify mode, depth and callback,
//! the result, the context's `X509_STORE`, `X509_VERIFY_PARAM` and what sets
//! it, the certificate callbacks, and the peer getters (which, without a
//! handshake, read only what a session set with `SSL_set_session` carries).

use super::certs_crypto::*;
use super::certs_state::{ctx_certs, ssl_certs};
use super::{borrow, guard, SSL, SSL_CTX, SSL_SESSION};
use std::os::raw::{c_char, c_int, c_long, c_uint, c_void};
use std::ptr::null_mut;

/// `SSL_VERIFY_NONE`.
pub const SSL_VERIFY_NONE: c_int = 0x00;
/// `SSL_VERIFY_PEER`.
pub const SSL_VERIFY_PEER: c_int = 0x01;
/// `SSL_VERIFY_FAIL_IF_NO_PEER_CERT`.
pub const SSL_VERIFY_FAIL_IF_NO_PEER_CERT: c_int = 0x02;
/// `SSL_VERIFY_CLIENT_ONCE`.
pub const SSL_VERIFY_CLIENT_ONCE: c_int = 0x04;
/// `SSL_VERIFY_POST_HANDSHAKE`.
pub const SSL_VERIFY_POST_HANDSHAKE: c_int = 0x08;

/// `SSL_verify_cb`.
pub type SSL_verify_cb = Option<unsafe extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_passwd_cb(
    ctx: *mut SSL_CTX,
    cb: *mut pem_password_cb,
) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            let c = &mut *ctx_certs(x);
            c.passwd.func = cb as usize;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_default_passwd_cb(s: *mut SSL, cb: *mut pem_password_cb) {
    guard!((), {
        if let Some(x) = borrow(s) {
            let c = &mut *ssl_certs(x);
            c.passwd.func = cb as usize;
        }
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_passwd_cb_userdata(ctx: *mut SSL_CTX, u: *mut c_void) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            let c = &mut *ctx_certs(x);
            c.passwd.arg = u as usize;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_default_passwd_cb_userdata(s: *mut SSL, u: *mut c_void) {
    guard!((), {
        if let Some(x) = borrow(s) {
            let c = &mut *ssl_certs(x);
            c.passwd.arg = u as usize;
        }
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_default_passwd_cb(ctx: *mut SSL_CTX) -> *mut pem_password_cb {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |x| {
            let c = &mut *ctx_certs(x);
            c.passwd.func as *mut pem_password_cb
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_default_passwd_cb(s: *mut SSL) -> *mut pem_password_cb {
    guard!(null_mut(), {
        borrow(s).map_or(null_mut(), |x| {
            let c = &mut *ssl_certs(x);
            c.passwd.func as *mut pem_password_cb
        })
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_default_passwd_cb_userdata(ctx: *mut SSL_CTX) -> *mut c_void {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |x| {
            let c = &mut *ctx_certs(x);
            c.passwd.arg as *mut c_void
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_default_passwd_cb_userdata(s: *mut SSL) -> *mut c_void {
    guard!(null_mut(), {
        borrow(s).map_or(null_mut(), |x| {
            let c = &mut *ssl_certs(x);
            c.passwd.arg as *mut c_void
        })
    })
}

fn verify_cb(v: usize) -> SSL_verify_cb {
    // SAFETY: the value was stored from an `SSL_verify_cb` (0 is NULL, None).
    unsafe { std::mem::transmute::<usize, SSL_verify_cb>(v) }
}

fn cb_value(cb: SSL_verify_cb) -> usize {
    cb.map_or(0, |f| f as usize)
}

/// `SSL_CTX_set_verify` sets the callback, NULL included.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_verify(ctx: *mut SSL_CTX, mode: c_int, cb: SSL_verify_cb) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            let mut c = ctx_certs(x);
            c.verify_mode = mode;
            c.verify_callback = cb_value(cb);
        }
    })
}

/// `SSL_set_verify` keeps the current callback when given NULL.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_verify(s: *mut SSL, mode: c_int, cb: SSL_verify_cb) {
    guard!((), {
        if let Some(x) = borrow(s) {
            let mut c = ssl_certs(x);
            c.verify_mode = mode;
            if cb.is_some() {
                c.verify_callback = cb_value(cb);
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_verify_mode(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let c = &mut *ctx_certs(x);
            c.verify_mode
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_verify_mode(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let c = &mut *ssl_certs(x);
            c.verify_mode
        })
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_verify_callback(ctx: *const SSL_CTX) -> SSL_verify_cb {
    guard!(None, {
        borrow(ctx).and_then(|x| verify_cb(ctx_certs(x).verify_callback))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_verify_callback(s: *const SSL) -> SSL_verify_cb {
    guard!(None, {
        borrow(s).and_then(|x| verify_cb(ssl_certs(x).verify_callback))
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_verify_depth(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let c = &mut *ctx_certs(x);
            X509_VERIFY_PARAM_get_depth(c.param())
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_verify_depth(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let c = &mut *ssl_certs(x);
            X509_VERIFY_PARAM_get_depth(c.param())
        })
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_verify_depth(ctx: *mut SSL_CTX, depth: c_int) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            let c = &mut *ctx_certs(x);
            X509_VERIFY_PARAM_set_depth(c.param(), depth);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_verify_depth(s: *mut SSL, depth: c_int) {
    guard!((), {
        if let Some(x) = borrow(s) {
            let c = &mut *ssl_certs(x);
            X509_VERIFY_PARAM_set_depth(c.param(), depth);
        }
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_param(ctx: *mut SSL_CTX) -> *mut X509_VERIFY_PARAM {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |x| {
            let c = &mut *ctx_certs(x);
            c.param()
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_param(s: *mut SSL) -> *mut X509_VERIFY_PARAM {
    guard!(null_mut(), {
        borrow(s).map_or(null_mut(), |x| {
            let c = &mut *ssl_certs(x);
            c.param()
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_param(
    ctx: *mut SSL_CTX,
    vpm: *mut X509_VERIFY_PARAM,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let c = &mut *ctx_certs(x);
            X509_VERIFY_PARAM_set1(c.param(), vpm)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set1_param(s: *mut SSL, vpm: *mut X509_VERIFY_PARAM) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let c = &mut *ssl_certs(x);
            X509_VERIFY_PARAM_set1(c.param(), vpm)
        })
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_purpose(ctx: *mut SSL_CTX, p: c_int) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let c = &mut *ctx_certs(x);
            X509_VERIFY_PARAM_set_purpose(c.param(), p)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_purpose(s: *mut SSL, p: c_int) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let c = &mut *ssl_certs(x);
            X509_VERIFY_PARAM_set_purpose(c.param(), p)
        })
    })
}
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_trust(ctx: *mut SSL_CTX, t: c_int) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let c = &mut *ctx_certs(x);
            X509_VERIFY_PARAM_set_trust(c.param(), t)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_trust(s: *mut SSL, t: c_int) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let c = &mut *ssl_certs(x);
            X509_VERIFY_PARAM_set_trust(c.param(), t)
        })
    })
}

/// `SSL_set1_host`: a name that parses as an IP address sets the address to
/// check (the host names stay); any other replaces the host names.
#[no_mangle]
pub unsafe extern "C" fn SSL_set1_host(s: *mut SSL, hostname: *const c_char) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let p = ssl_certs(x).param();
            if !hostname.is_null() && X509_VERIFY_PARAM_set1_ip_asc(p, hostname) == 1 {
                return 1;
            }
            X509_VERIFY_PARAM_set1_host(p, hostname, 0)
        })
    })
}

/// `SSL_add1_host`: an IP address sets the one address to check, and fails
/// if there already is one; any other name is added to the host names.
#[no_mangle]
pub unsafe extern "C" fn SSL_add1_host(s: *mut SSL, hostname: *const c_char) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            let p = ssl_certs(x).param();
            if !hostname.is_null() {
                let ip = a2i_IPADDRESS(hostname);
                if !ip.is_null() {
                    ASN1_OCTET_STRING_free(ip);
                    let old = X509_VERIFY_PARAM_get1_ip_asc(p);
                    if !old.is_null() {
                        CRYPTO_free(old as *mut c_void, c"ssl/ssl_lib.c".as_ptr(), 0);
                        return 0;
                    }
                    return X509_VERIFY_PARAM_set1_ip_asc(p, hostname);
                }
            }
            X509_VERIFY_PARAM_add1_host(p, hostname, 0)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_hostflags(s: *mut SSL, flags: c_uint) {
    guard!((), {
        if let Some(x) = borrow(s) {
            X509_VERIFY_PARAM_set_hostflags(ssl_certs(x).param(), flags);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_peername(s: *mut SSL) -> *const c_char {
    guard!(std::ptr::null(), {
        borrow(s).map_or(std::ptr::null(), |x| {
            X509_VERIFY_PARAM_get0_peername(ssl_certs(x).param())
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_verify_result(s: *mut SSL, v: c_long) {
    guard!((), {
        if let Some(x) = borrow(s) {
            ssl_certs(x).verify_result = v;
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_verify_result(s: *const SSL) -> c_long {
    guard!(0, { borrow(s).map_or(0, |x| ssl_certs(x).verify_result) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_ex_data_X509_STORE_CTX_idx() -> c_int {
    guard!(-1, {
        static IDX: std::sync::OnceLock<c_int> = std::sync::OnceLock::new();
        *IDX.get_or_init(|| {
            // X509_STORE_CTX_get_ex_new_index, a macro in C.
            CRYPTO_get_ex_new_index(
                5,
                0,
                c"SSL for verify callback".as_ptr() as *mut c_void,
                std::ptr::null(),
                std::ptr::null(),
                std::ptr::null(),
            )
        })
    })
}

// ------------------------------------------------------------------ callbacks

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cert_verify_callback(
    ctx: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut X509_STORE_CTX, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            ctx_certs(x).cert_verify_cb = super::certs_state::Hook {
                func: cb.map_or(0, |f| f as usize),
                arg: arg as usize,
            };
        }
    })
}

type CertCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>;

fn hook(cb: CertCb, arg: *mut c_void) -> super::certs_state::Hook {
    super::certs_state::Hook {
        func: cb.map_or(0, |f| f as usize),
        arg: arg as usize,
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cert_cb(
    c: *mut SSL_CTX,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(x) = borrow(c) {
            ctx_certs(x).cert_cb = hook(cb, arg);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_cert_cb(
    s: *mut SSL,
    cb: Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>,
    arg: *mut c_void,
) {
    guard!((), {
        super::cert_share::then_changed(s, || {
            if let Some(x) = borrow(s) {
                ssl_certs(x).cert_cb = hook(cb, arg);
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_client_cert_cb(
    ctx: *mut SSL_CTX,
    client_cert_cb: Option<
        unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int,
    >,
) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            ctx_certs(x).client_cert_cb = client_cert_cb.map_or(0, |f| f as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_client_cert_cb(
    ctx: *mut SSL_CTX,
) -> Option<unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int> {
    guard!(None, {
        borrow(ctx).and_then(|x| {
            let v = ctx_certs(x).client_cert_cb;
            // SAFETY: stored from a function pointer of this type (0 is None).
            std::mem::transmute::<
                usize,
                Option<unsafe extern "C" fn(*mut SSL, *mut *mut X509, *mut *mut EVP_PKEY) -> c_int>,
            >(v)
        })
    })
}

// ------------------------------------------------------------------ the peer

/// The peer certificate of the connection's session, if it has one (a session
/// set with `SSL_set_session`; sessl makes none itself).
pub(super) unsafe fn peer(s: *const SSL) -> *mut X509 {
    match borrow(s) {
        Some(x) => super::shell::SSL_SESSION_get0_peer(x.peek_session() as *mut SSL_SESSION),
        None => null_mut(),
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_peer_certificate(s: *const SSL) -> *mut X509 {
    guard!(null_mut(), { peer(s) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get1_peer_certificate(s: *const SSL) -> *mut X509 {
    guard!(null_mut(), {
        let x = peer(s);
        if !x.is_null() {
            X509_up_ref(x);
        }
        x
    })
}

/// The chain the peer sent is kept by handshakes only (a session decoded from
/// bytes has none in OpenSSL either).
#[no_mangle]
pub unsafe extern "C" fn SSL_get_peer_cert_chain(s: *const SSL) -> *mut stack_st_X509 {
    guard!(null_mut(), {
        let _ = s;
        null_mut()
    })
}

/// Set by a handshake's verification only.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_verified_chain(s: *const SSL) -> *mut stack_st_X509 {
    guard!(null_mut(), {
        let _ = s;
        null_mut()
    })
}
