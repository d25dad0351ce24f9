//! The SRP server parameters computed from a password or by the username
//! callback (deprecated in 3.0): `SSL_set_srp_server_param_pw` and
//! `SSL_srp_server_param_with_username`, through libcrypto's SRP functions,
//! into the connection's SRP numbers kept by src/ffi/srp.rs.

use super::srp::BIGNUM;
use super::{borrow, c_ptr, guard, write_out, SSL};
use crate::core::config::callbacks::Hook;
use std::os::raw::{c_char, c_int, c_void};

/// libcrypto's `SRP_gN`: a known group.
#[repr(C)]
struct SRP_gN {
    id: *mut c_char,
    g: *const BIGNUM,
    n: *const BIGNUM,
}

#[link(name = "crypto")]
extern "C" {
    fn SRP_get_default_gN(id: *const c_char) -> *mut SRP_gN;
    fn SRP_create_verifier_BN_ex(
        user: *const c_char,
        pass: *const c_char,
        salt: *mut *mut BIGNUM,
        verifier: *mut *mut BIGNUM,
        n: *const BIGNUM,
        g: *const BIGNUM,
        libctx: *mut c_void,
        propq: *const c_char,
    ) -> c_int;
    fn SRP_Calc_B_ex(
        b: *const BIGNUM,
        n: *const BIGNUM,
        g: *const BIGNUM,
        v: *const BIGNUM,
        libctx: *mut c_void,
        propq: *const c_char,
    ) -> *mut BIGNUM;
    fn RAND_priv_bytes_ex(libctx: *mut c_void, buf: *mut u8, num: usize, strength: u32) -> c_int;
    fn BN_bin2bn(s: *const u8, len: c_int, ret: *mut BIGNUM) -> *mut BIGNUM;
    fn BN_dup(a: *const BIGNUM) -> *mut BIGNUM;
    fn BN_free(a: *mut BIGNUM);
    fn BN_clear_free(a: *mut BIGNUM);
    fn OPENSSL_cleanse(ptr: *mut c_void, len: usize);
}

/// Alert levels (<openssl/ssl3.h>): `SSL_srp_server_param_with_username`
/// returns the fatal one.
pub const SSL3_AL_WARNING: c_int = 1;
pub const SSL3_AL_FATAL: c_int = 2;
/// `SSL_AD_UNKNOWN_PSK_IDENTITY`.
const SSL_AD_UNKNOWN_PSK_IDENTITY: c_int = 115;
/// `SSL_AD_INTERNAL_ERROR`.
const SSL_AD_INTERNAL_ERROR: c_int = 80;
/// `SSL_MAX_MASTER_KEY_LENGTH`: the bytes of the server's private value.
const PRIVATE_VALUE_BYTES: usize = 48;

type UsernameCb = unsafe extern "C" fn(*mut SSL, *mut c_int, *mut c_void) -> c_int;

/// Replaces an owned number of the connection (the old one is freed; OpenSSL
/// leaks the old N and g here).
unsafe fn replace(s: &crate::core::ssl::Ssl, hook: Hook, new: *mut BIGNUM) {
    let old = s.callbacks.hooks.get(hook) as *mut BIGNUM;
    s.callbacks.hooks.set(hook, new as usize);
    if !old.is_null() {
        BN_clear_free(old);
    }
}

/// The group named `grp` (the default group for NULL) becomes N and g, and
/// a new salt and verifier for `user` and `pass` become s and v: 1, or -1
/// for an unknown group or a failed verifier (then s and v are gone). The
/// user name is not stored.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_srp_server_param_pw(
    s: *mut SSL,
    user: *const c_char,
    pass: *const c_char,
    grp: *const c_char,
) -> c_int {
    guard!(-1, {
        let Some(s) = borrow(s) else { return -1 };
        let gn = SRP_get_default_gN(grp);
        if gn.is_null() {
            return -1;
        }
        replace(s, Hook::SrpN, BN_dup((*gn).n));
        replace(s, Hook::SrpG, BN_dup((*gn).g));
        replace(s, Hook::SrpV, std::ptr::null_mut());
        replace(s, Hook::SrpS, std::ptr::null_mut());
        let (mut salt, mut verifier) = (std::ptr::null_mut(), std::ptr::null_mut());
        let n = s.callbacks.hooks.get(Hook::SrpN) as *const BIGNUM;
        let g = s.callbacks.hooks.get(Hook::SrpG) as *const BIGNUM;
        let ok = SRP_create_verifier_BN_ex(
            user,
            pass,
            &mut salt,
            &mut verifier,
            n,
            g,
            std::ptr::null_mut(),
            std::ptr::null(),
        );
        replace(s, Hook::SrpS, salt);
        replace(s, Hook::SrpV, verifier);
        if ok == 0 {
            return -1;
        }
        1
    })
}

/// The server's side of an SRP exchange before the key exchange: the
/// context's username callback first (its non-zero result is returned, with
/// `*ad` as it set it), then N, g, s and v must be there, and B is computed
/// from a fresh private value. 0 (`SSL_ERROR_NONE`), or `SSL3_AL_FATAL` with
/// `*ad` = internal error. sessl keeps neither b nor B: no handshake reads
/// them.
#[no_mangle]
pub unsafe extern "C" fn SSL_srp_server_param_with_username(s: *mut SSL, ad: *mut c_int) -> c_int {
    guard!(SSL3_AL_FATAL, {
        write_out(ad, SSL_AD_UNKNOWN_PSK_IDENTITY);
        let Some(ssl) = borrow(s) else {
            return SSL3_AL_FATAL;
        };
        let ctx = ssl.ctx();
        let cb = ctx.callbacks.hooks.get(Hook::SrpUsernameCb);
        if cb != 0 {
            // SAFETY: stored from a callback of this type.
            let cb = std::mem::transmute::<usize, UsernameCb>(cb);
            let arg = ctx.callbacks.hooks.get(Hook::SrpCbArg) as *mut c_void;
            let al = cb(c_ptr::<SSL>(ssl), ad, arg);
            if al != 0 {
                return al;
            }
        }
        write_out(ad, SSL_AD_INTERNAL_ERROR);
        let h = &ssl.callbacks.hooks;
        let (n, g, v) = (h.get(Hook::SrpN), h.get(Hook::SrpG), h.get(Hook::SrpV));
        if n == 0 || g == 0 || h.get(Hook::SrpS) == 0 || v == 0 {
            return SSL3_AL_FATAL;
        }
        let mut b = [0u8; PRIVATE_VALUE_BYTES];
        if RAND_priv_bytes_ex(std::ptr::null_mut(), b.as_mut_ptr(), b.len(), 0) <= 0 {
            return SSL3_AL_FATAL;
        }
        let private = BN_bin2bn(b.as_ptr(), b.len() as c_int, std::ptr::null_mut());
        OPENSSL_cleanse(b.as_mut_ptr() as *mut c_void, b.len());
        let public = SRP_Calc_B_ex(
            private,
            n as *const BIGNUM,
            g as *const BIGNUM,
            v as *const BIGNUM,
            std::ptr::null_mut(),
            std::ptr::null(),
        );
        BN_clear_free(private);
        let ok = !public.is_null();
        BN_free(public);
        if ok {
            0
        } else {
            SSL3_AL_FATAL
        }
    })
}
