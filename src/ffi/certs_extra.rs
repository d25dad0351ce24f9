//! The temporary DH key and callback, and Certificate Transparency settings:
//! the validation callback (`SSL_CTX_enable_ct` installs one of two built-in
//! policies) and the context's CT log store. Handshakes use them; sessl keeps
//! them with OpenSSL's ownership rules and getters.

use super::certs_crypto::*;
use super::certs_keys::Owner;
use super::certs_state::{ctx_certs, ssl_certs, Certs, Hook};
use super::err::{raise, raise_from};
use super::{borrow, guard, SSL, SSL_CTX};
use crate::core::config::security::TMP_DH;
use std::os::raw::{c_int, c_void};
use std::ptr::null_mut;

const SSL_R_DH_KEY_TOO_SMALL: c_int = 394;
const SSL_R_INVALID_CT_VALIDATION_TYPE: c_int = 212;
/// `SSL_CT_VALIDATION_PERMISSIVE`.
pub const SSL_CT_VALIDATION_PERMISSIVE: c_int = 0;
/// `SSL_CT_VALIDATION_STRICT`.
pub const SSL_CT_VALIDATION_STRICT: c_int = 1;

/// `ssl_ct_validation_cb`.
pub type ssl_ct_validation_cb = Option<
    unsafe extern "C" fn(*const CT_POLICY_EVAL_CTX, *const stack_st_SCT, *mut c_void) -> c_int,
>;

/// Takes over `dhpkey` if the owner's security callback allows its bits; the
/// key it replaces is freed. The callback runs before the certificate state
/// is locked (it may call back into sessl).
unsafe fn set0_tmp_dh(o: Owner, dhpkey: *mut EVP_PKEY) -> c_int {
    let bits = EVP_PKEY_get_security_bits(dhpkey);
    if !super::security::owner_security(o, TMP_DH, bits, 0, dhpkey as *mut c_void) {
        raise_from!(
            SSL_R_DH_KEY_TOO_SMALL,
            o.func(c"SSL_CTX_set0_tmp_dh_pkey", c"SSL_set0_tmp_dh_pkey")
        );
        return 0;
    }
    let mut c = o.certs();
    EVP_PKEY_free(c.dh_tmp);
    c.dh_tmp = dhpkey;
    1
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set0_tmp_dh_pkey(
    ctx: *mut SSL_CTX,
    dhpkey: *mut EVP_PKEY,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| set0_tmp_dh(Owner::Ctx(x), dhpkey))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set0_tmp_dh_pkey(s: *mut SSL, dhpkey: *mut EVP_PKEY) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(s, || {
            borrow(s).map_or(0, |x| set0_tmp_dh(Owner::Ssl(x), dhpkey))
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_tmp_dh_callback(
    ctx: *mut SSL_CTX,
    dh: Option<unsafe extern "C" fn(*mut SSL, c_int, c_int) -> *mut DH>,
) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            ctx_certs(x).dh_callback = dh.map_or(0, |f| f as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_tmp_dh_callback(
    ssl: *mut SSL,
    dh: Option<unsafe extern "C" fn(*mut SSL, c_int, c_int) -> *mut DH>,
) {
    guard!((), {
        super::cert_share::then_changed(ssl, || {
            if let Some(x) = borrow(ssl) {
                ssl_certs(x).dh_callback = dh.map_or(0, |f| f as usize);
            }
        })
    })
}

// ------------------------------------------------------------------ CT

/// The permissive policy: any SCTs, or none, are enough.
unsafe extern "C" fn ct_permissive(
    _ctx: *const CT_POLICY_EVAL_CTX,
    _scts: *const stack_st_SCT,
    _arg: *mut c_void,
) -> c_int {
    1
}

/// The strict policy: at least one valid SCT. A handshake would call it;
/// sessl performs none, so it only marks CT as enabled.
unsafe extern "C" fn ct_strict(
    _ctx: *const CT_POLICY_EVAL_CTX,
    _scts: *const stack_st_SCT,
    _arg: *mut c_void,
) -> c_int {
    0
}

fn ct_hook(cb: ssl_ct_validation_cb, arg: *mut c_void) -> Hook {
    Hook {
        func: cb.map_or(0, |f| f as usize),
        arg: arg as usize,
    }
}

/// The validation callback of a mode; `func` (`SSL_CTX_enable_ct` or
/// `SSL_enable_ct`) reports an unknown one.
fn policy(mode: c_int, func: &'static std::ffi::CStr) -> Option<ssl_ct_validation_cb> {
    match mode {
        SSL_CT_VALIDATION_PERMISSIVE => Some(Some(ct_permissive)),
        SSL_CT_VALIDATION_STRICT => Some(Some(ct_strict)),
        _ => {
            raise_from!(SSL_R_INVALID_CT_VALIDATION_TYPE, func);
            None
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ct_validation_callback(
    ctx: *mut SSL_CTX,
    callback: ssl_ct_validation_cb,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            if callback.is_some() && has_sct_extension(x) {
                raise!(
                    SSL_R_CUSTOM_EXT_HANDLER_ALREADY_INSTALLED,
                    "SSL_CTX_set_ct_validation_callback"
                );
                return 0;
            }
            ctx_certs(x).ct_validation = ct_hook(callback, arg);
            1
        })
    })
}

/// `SSL_R_CUSTOM_EXT_HANDLER_ALREADY_INSTALLED`.
const SSL_R_CUSTOM_EXT_HANDLER_ALREADY_INSTALLED: c_int = 206;

/// Whether the context has a client custom extension for SCTs, which CT
/// validation cannot be combined with (OpenSSL).
fn has_sct_extension(ctx: &crate::core::ctx::Ctx) -> bool {
    ctx.callbacks
        .bytes_snapshot()
        .is_some_and(|b| b.custom_exts.has_client(18))
}

/// `TLSEXT_STATUSTYPE_ocsp`.
const TLSEXT_STATUSTYPE_OCSP: i32 = 1;

/// As OpenSSL, a callback set on a connection also asks for a stapled OCSP
/// response (the SCTs may come in it): the status type becomes
/// `TLSEXT_STATUSTYPE_ocsp` (`SSL_get_tlsext_status_type`), and stays so when
/// the callback is removed. The context's setter leaves the context's type
/// alone; `SSL_new` sets the callback of its context this way.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_ct_validation_callback(
    s: *mut SSL,
    callback: ssl_ct_validation_cb,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| {
            // SAFETY: the connection holds a reference to its current context.
            let ctx = unsafe { &*super::ctrl_shell::active_ctx(x) };
            if callback.is_some() && has_sct_extension(ctx) {
                raise!(
                    SSL_R_CUSTOM_EXT_HANDLER_ALREADY_INSTALLED,
                    "SSL_set_ct_validation_callback"
                );
                return 0;
            }
            ssl_certs(x).ct_validation = ct_hook(callback, arg);
            if callback.is_some() {
                x.ctrl
                    .status_type
                    .store(TLSEXT_STATUSTYPE_OCSP, std::sync::atomic::Ordering::Relaxed);
            }
            1
        })
    })
}

/// What `SSL_new` does last: sets its context's callback on the connection
/// through `SSL_set_ct_validation_callback` (so the OCSP status type, and
/// the refusal when the context also has a client extension for SCTs, which
/// a version-2 serverinfo entry can add after CT was enabled). `false` when
/// refused: `SSL_new` then fails.
pub(super) unsafe fn ssl_new_sets_ct(s: *mut SSL) -> bool {
    let Some(x) = borrow(s) else { return true };
    // SAFETY: the connection holds a reference to its current context.
    let ctx = unsafe { &*super::ctrl_shell::active_ctx(x) };
    // A context with no certificate state has no CT callback; looking would
    // make that state, which every later SSL_new then copies.
    if ctx.certs_shell.get().is_none() {
        return true;
    }
    let hook = ctx_certs(ctx).ct_validation;
    if hook.func == 0 {
        return true;
    }
    // SAFETY: func was stored from an `ssl_ct_validation_cb` (0 is None).
    let cb = unsafe { std::mem::transmute::<usize, ssl_ct_validation_cb>(hook.func) };
    SSL_set_ct_validation_callback(s, cb, hook.arg as *mut c_void) == 1
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_enable_ct(ctx: *mut SSL_CTX, validation_mode: c_int) -> c_int {
    guard!(0, {
        match policy(validation_mode, c"SSL_CTX_enable_ct") {
            Some(cb) => SSL_CTX_set_ct_validation_callback(ctx, cb, null_mut()),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_enable_ct(s: *mut SSL, validation_mode: c_int) -> c_int {
    guard!(0, {
        match policy(validation_mode, c"SSL_enable_ct") {
            Some(cb) => SSL_set_ct_validation_callback(s, cb, null_mut()),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_ct_is_enabled(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| (ctx_certs(x).ct_validation.func != 0) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_ct_is_enabled(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |x| (ssl_certs(x).ct_validation.func != 0) as c_int)
    })
}

/// The context's log store, created (empty) on first use.
fn ctlog_store(c: &mut Certs) -> *mut CTLOG_STORE {
    // SAFETY: plain constructor; owned by the context from here on.
    *c.ctlog_store
        .get_or_insert_with(|| unsafe { CTLOG_STORE_new() })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_ctlog_store(ctx: *const SSL_CTX) -> *const CTLOG_STORE {
    guard!(std::ptr::null(), {
        borrow(ctx).map_or(std::ptr::null(), |x| ctlog_store(&mut ctx_certs(x)))
    })
}

/// Takes over `logs`; frees the store it replaces.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set0_ctlog_store(ctx: *mut SSL_CTX, logs: *mut CTLOG_STORE) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            if let Some(old) = ctx_certs(x).ctlog_store.replace(logs) {
                CTLOG_STORE_free(old);
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_ctlog_list_file(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let logs = ctlog_store(&mut ctx_certs(x));
            CTLOG_STORE_load_default_file(logs)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ctlog_list_file(
    ctx: *mut SSL_CTX,
    path: *const std::os::raw::c_char,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let logs = ctlog_store(&mut ctx_certs(x));
            CTLOG_STORE_load_file(logs, path)
        })
    })
}

// ------------------------------------------------------------------ handshake-time checks

/// `SESSL_R_NO_TLS_HANDSHAKE`: what needs a handshake fails loudly.
const SESSL_R_NO_TLS_HANDSHAKE: c_int = 950;

/// The flags `SSL_check_chain` computes depend on the peer's signature
/// algorithms and groups, which only a handshake provides: sessl reports the
/// function as needing one (0, error 950).
#[no_mangle]
pub unsafe extern "C" fn SSL_check_chain(
    s: *mut SSL,
    x: *mut X509,
    pk: *mut EVP_PKEY,
    chain: *mut stack_st_X509,
) -> c_int {
    guard!(0, {
        let _ = (s, x, pk, chain);
        ERR_new();
        ERR_set_debug(c"ssl/t1_lib.c".as_ptr(), 0, c"SSL_check_chain".as_ptr());
        ERR_set_error(
            20,
            SESSL_R_NO_TLS_HANDSHAKE,
            c"%s".as_ptr(),
            c"sessl performs no TLS handshake: SSL_check_chain".as_ptr(),
        );
        0
    })
}
