//! SRP settings (deprecated in 3.0), kept with no handshake to use them: the
//! username and password/info strings, strength and callbacks of a context
//! (the strings copied by `SSL_new`, the connection's getters falling back to
//! the context's), and a connection's server parameters as libcrypto
//! `BIGNUM` copies, freed with the connection.

use super::callbacks::store;
use super::err::raise;
use super::{borrow, c_str, guard, SSL, SSL_CTX};
use crate::core::config::callbacks::{CallbackConfig, Hook};
use crate::core::ssl::Ssl;
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_void};

/// libcrypto's `BIGNUM`.
#[repr(C)]
pub struct BIGNUM {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn BN_dup(a: *const BIGNUM) -> *mut BIGNUM;
    fn BN_copy(a: *mut BIGNUM, b: *const BIGNUM) -> *mut BIGNUM;
    fn BN_free(a: *mut BIGNUM);
    fn BN_clear_free(a: *mut BIGNUM);
    fn BN_bin2bn(s: *const u8, len: c_int, ret: *mut BIGNUM) -> *mut BIGNUM;
    fn RAND_priv_bytes_ex(libctx: *mut c_void, buf: *mut u8, num: usize, strength: u32) -> c_int;
    fn OPENSSL_cleanse(ptr: *mut c_void, len: usize);
    fn SRP_Calc_A(a: *const BIGNUM, n: *const BIGNUM, g: *const BIGNUM) -> *mut BIGNUM;
}

/// `SSL_R_INVALID_SRP_USERNAME`.
const SSL_R_INVALID_SRP_USERNAME: c_int = 357;
/// `ERR_R_INTERNAL_ERROR`.
const ERR_R_INTERNAL_ERROR: c_int = 259 | (0x3 << 18);

pub type SslSrpClientPwdCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> *mut c_char>;
pub type SslSrpVerifyParamCb = Option<unsafe extern "C" fn(*mut SSL, *mut c_void) -> c_int>;
pub type SslSrpUsernameCb =
    Option<unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int>;

/// `SSL_CTRL_SET_TLS_EXT_SRP_USERNAME` (what `SSL_CTX_set_srp_username`
/// does in OpenSSL, so errors come from `ssl3_ctx_ctrl`). The old value goes
/// first: a refused name leaves none.
pub(super) unsafe fn set_srp_username(c: &crate::core::ctx::Ctx, name: *const c_char) -> c_int {
    let mut b = c.callbacks.bytes();
    b.srp_login = None;
    let Some(name) = c_str(name) else { return 1 };
    if name.to_bytes().is_empty() || name.to_bytes().len() > 255 {
        raise!(SSL_R_INVALID_SRP_USERNAME, "ssl3_ctx_ctrl");
        return 0;
    }
    b.srp_login = Some(name.to_owned());
    1
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_username(ctx: *mut SSL_CTX, name: *mut c_char) -> c_int {
    guard!(0, {
        let Some(c) = borrow(ctx) else { return 0 };
        c.security
            .srp_offered
            .store(true, std::sync::atomic::Ordering::Relaxed);
        set_srp_username(c, name)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_password(
    ctx: *mut SSL_CTX,
    password: *mut c_char,
) -> c_int {
    guard!(0, {
        let Some(c) = borrow(ctx) else { return 0 };
        let mut b = c.callbacks.bytes();
        b.srp_info = c_str(password).map(|p| p.to_owned());
        if b.srp_info.is_none() {
            raise!(ERR_R_INTERNAL_ERROR, "ssl3_ctx_ctrl");
            return 0;
        }
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_strength(ctx: *mut SSL_CTX, strength: c_int) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.callbacks.hooks.set(Hook::SrpStrength, strength as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_cb_arg(ctx: *mut SSL_CTX, arg: *mut c_void) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.security
                .srp_offered
                .store(true, std::sync::atomic::Ordering::Relaxed);
            c.callbacks.hooks.set(Hook::SrpCbArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_client_pwd_callback(
    ctx: *mut SSL_CTX,
    cb: SslSrpClientPwdCb,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.security
                .srp_offered
                .store(true, std::sync::atomic::Ordering::Relaxed);
            store(&c.callbacks, Hook::SrpClientPwdCb, cb);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_verify_param_callback(
    ctx: *mut SSL_CTX,
    cb: SslSrpVerifyParamCb,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.security
                .srp_offered
                .store(true, std::sync::atomic::Ordering::Relaxed);
            store(&c.callbacks, Hook::SrpVerifyParamCb, cb);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_srp_username_callback(
    ctx: *mut SSL_CTX,
    cb: SslSrpUsernameCb,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.security
                .srp_offered
                .store(true, std::sync::atomic::Ordering::Relaxed);
            store(&c.callbacks, Hook::SrpUsernameCb, cb);
            1
        })
    })
}

/// The connection's string, else its context's.
fn srp_string(
    s: &Ssl,
    pick: fn(&crate::core::config::callbacks::ByteSettings) -> Option<*const c_char>,
) -> *mut c_char {
    let own = s
        .callbacks
        .bytes
        .get()
        .and_then(|m| pick(&crate::sync::lock(m)));
    own.or_else(|| {
        // SAFETY: the connection holds a reference to its current context.
        unsafe { &*super::ctrl_shell::active_ctx(s) }
            .callbacks
            .bytes
            .get()
            .and_then(|m| pick(&crate::sync::lock(m)))
    })
    .unwrap_or(std::ptr::null()) as *mut c_char
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_srp_username(s: *mut SSL) -> *mut c_char {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), |s| {
            srp_string(s, |b| b.srp_login.as_ref().map(|c| c.as_ptr()))
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_srp_userinfo(s: *mut SSL) -> *mut c_char {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), |s| {
            srp_string(s, |b| b.srp_info.as_ref().map(|c| c.as_ptr()))
        })
    })
}

/// A context never has SRP parameters of its own, so there is no fallback.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_srp_g(s: *mut SSL) -> *mut BIGNUM {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), |s| {
            s.callbacks.hooks.get(Hook::SrpG) as *mut BIGNUM
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_srp_N(s: *mut SSL) -> *mut BIGNUM {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), |s| {
            s.callbacks.hooks.get(Hook::SrpN) as *mut BIGNUM
        })
    })
}

/// Copies `from` into the connection's parameter (into the existing number
/// when there is one; a failed copy leaves none).
unsafe fn set_param(cfg: &CallbackConfig<Ssl>, hook: Hook, from: *const BIGNUM) {
    if from.is_null() {
        return;
    }
    let cur = cfg.hooks.get(hook) as *mut BIGNUM;
    let new = if cur.is_null() {
        BN_dup(from)
    } else if BN_copy(cur, from).is_null() {
        BN_free(cur);
        std::ptr::null_mut()
    } else {
        cur
    };
    cfg.hooks.set(hook, new as usize);
}

/// 1 once N, g, s and v are all set, else -1; `info` replaces the user info.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_srp_server_param(
    s: *mut SSL,
    n: *const BIGNUM,
    g: *const BIGNUM,
    sa: *mut BIGNUM,
    v: *mut BIGNUM,
    info: *mut c_char,
) -> c_int {
    guard!(-1, {
        let Some(s) = borrow(s) else { return -1 };
        let cfg = &s.callbacks;
        set_param(cfg, Hook::SrpN, n);
        set_param(cfg, Hook::SrpG, g);
        set_param(cfg, Hook::SrpS, sa);
        set_param(cfg, Hook::SrpV, v);
        if let Some(info) = c_str(info) {
            cfg.bytes().srp_info = Some(info.to_owned());
        }
        let all = [Hook::SrpN, Hook::SrpG, Hook::SrpS, Hook::SrpV]
            .iter()
            .all(|&h| cfg.hooks.get(h) != 0);
        if all {
            1
        } else {
            -1
        }
    })
}

/// The client's A = g^a mod N for a random a, computed by libcrypto as
/// OpenSSL does: 0 without N or g, or where the computation fails (a zero
/// N), else 1. Nothing reads a or A without a handshake, so neither is kept.
#[no_mangle]
pub unsafe extern "C" fn SRP_Calc_A_param(s: *mut SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            let hooks = &s.callbacks.hooks;
            let (n, g) = (hooks.get(Hook::SrpN), hooks.get(Hook::SrpG));
            // SSL_MAX_MASTER_KEY_LENGTH random bytes, as OpenSSL draws.
            let mut rnd = [0u8; 48];
            if RAND_priv_bytes_ex(std::ptr::null_mut(), rnd.as_mut_ptr(), rnd.len(), 0) <= 0 {
                return 0;
            }
            let a = BN_bin2bn(rnd.as_ptr(), rnd.len() as c_int, std::ptr::null_mut());
            OPENSSL_cleanse(rnd.as_mut_ptr() as *mut c_void, rnd.len());
            let big_a = SRP_Calc_A(a, n as *const BIGNUM, g as *const BIGNUM);
            BN_clear_free(a);
            if big_a.is_null() {
                return 0;
            }
            BN_free(big_a);
            1
        })
    })
}

/// Frees a connection's SRP numbers (at `SSL_SRP_CTX_free` and the last
/// `SSL_free`).
pub fn free_params(cfg: &CallbackConfig<Ssl>) {
    for h in [Hook::SrpN, Hook::SrpG, Hook::SrpS, Hook::SrpV] {
        let p = cfg.hooks.get(h);
        if p != 0 {
            cfg.hooks.set(h, 0);
            // SAFETY: owned here since set_param made it.
            unsafe { BN_clear_free(p as *mut BIGNUM) };
        }
    }
}

fn clear_strings<T>(cfg: &CallbackConfig<T>) {
    if let Some(m) = cfg.bytes.get() {
        let mut b = crate::sync::lock(m);
        b.srp_login = None;
        b.srp_info = None;
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SRP_CTX_free(s: *mut SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            free_params(&s.callbacks);
            clear_strings(&s.callbacks);
            s.security
                .srp_offered
                .store(false, std::sync::atomic::Ordering::Relaxed);
            1
        })
    })
}

/// OpenSSL makes a connection's method state anew when its method changes
/// version (`SSL_set_ssl_method`, `SSL_set_session`) or `SSL_clear` goes
/// back to the context's method, and that sets up SRP again from the
/// context, as `SSL_SRP_CTX_init` does.
pub(super) unsafe fn renew_with_method(s: *mut SSL) {
    SSL_SRP_CTX_init(s);
}

/// Starts again from the context's SRP settings.
#[no_mangle]
pub unsafe extern "C" fn SSL_SRP_CTX_init(s: *mut SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            free_params(&s.callbacks);
            let current = super::ctrl_shell::active_ctx(s);
            let offered = (*current)
                .security
                .srp_offered
                .load(std::sync::atomic::Ordering::Relaxed);
            s.security
                .srp_offered
                .store(offered, std::sync::atomic::Ordering::Relaxed);
            let (login, info): (Option<CString>, Option<CString>) = (*current)
                .callbacks
                .bytes_snapshot()
                .map_or((None, None), |b| (b.srp_login, b.srp_info));
            if login.is_some() || info.is_some() || s.callbacks.bytes.get().is_some() {
                let mut b = s.callbacks.bytes();
                b.srp_login = login;
                b.srp_info = info;
            }
            1
        })
    })
}

fn reset_ctx(c: &crate::core::ctx::Ctx) {
    c.security
        .srp_offered
        .store(false, std::sync::atomic::Ordering::Relaxed);
    let cfg = &c.callbacks;
    clear_strings(cfg);
    for h in [
        Hook::SrpCbArg,
        Hook::SrpUsernameCb,
        Hook::SrpClientPwdCb,
        Hook::SrpVerifyParamCb,
        Hook::SrpStrength,
    ] {
        cfg.hooks.set(h, 0);
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_SRP_CTX_free(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            reset_ctx(c);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_SRP_CTX_init(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            reset_ctx(c);
            1
        })
    })
}
