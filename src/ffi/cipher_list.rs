//! Cipher lists (`SSL_CTX_set_cipher_list`, `SSL_get_ciphers`, ...), security
//! levels, and the `SSL_CIPHER` accessors of the handshake's algorithms.
//!
//! A `STACK_OF(SSL_CIPHER)` is libcrypto's stack of pointers to sessl's static
//! cipher table. The stack `SSL_CTX_get_ciphers` / `SSL_get_ciphers` return
//! belongs to the object, as in OpenSSL: it is built on first use for the
//! current list and replaced once the list has changed.

use super::cipher::{c_cipher, c_strings};
use super::consts::*;
use super::ctrl_shell::{OPENSSL_sk_free, OPENSSL_sk_new_null, OPENSSL_sk_push, OPENSSL_STACK};
use super::err::raise;
use super::{borrow, bytes, c_str, guard, SSL, SSL_CIPHER, SSL_CTX};
use crate::core::cipher::config::{
    is_scsv, CipherList, CipherSettings, ListError, DEFAULT_CIPHERSUITES,
};
use crate::core::cipher::rules::{SuiteB, DEFAULT_RULES};
use crate::core::cipher::{self, CipherInfo};
use crate::core::ctx::Ctx;
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::any::Any;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::{null, null_mut};
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// `STACK_OF(SSL_CIPHER)`.
#[repr(C)]
pub struct stack_st_SSL_CIPHER {
    _opaque: [u8; 0],
}

/// libcrypto's `EVP_MD`.
#[repr(C)]
pub struct EVP_MD {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn EVP_get_digestbyname(name: *const c_char) -> *const EVP_MD;
    fn OBJ_nid2sn(nid: c_int) -> *const c_char;
}

/// A new libcrypto stack holding `list`, or NULL if libcrypto is out of memory.
fn new_stack(list: &[&'static CipherInfo]) -> *mut stack_st_SSL_CIPHER {
    // SAFETY: plain libcrypto calls; the pushed pointers are static.
    unsafe {
        let sk = OPENSSL_sk_new_null() as *mut c_void;
        if sk.is_null() {
            return null_mut();
        }
        for &c in list {
            if OPENSSL_sk_push(sk as *mut OPENSSL_STACK, c_cipher(c) as *const c_void) <= 0 {
                OPENSSL_sk_free(sk as *mut OPENSSL_STACK);
                return null_mut();
            }
        }
        sk as *mut stack_st_SSL_CIPHER
    }
}

/// The stack an object hands out for its current list.
struct CachedStack {
    list: CipherList,
    sk: *mut stack_st_SSL_CIPHER,
}

// SAFETY: the stack is only replaced under the object's mutex; libcrypto stacks
// have no thread affinity.
unsafe impl Send for CachedStack {}
unsafe impl Sync for CachedStack {}

impl Drop for CachedStack {
    fn drop(&mut self) {
        // SAFETY: made by new_stack, freed only here.
        unsafe { OPENSSL_sk_free(self.sk as *mut OPENSSL_STACK) }
    }
}

type Slot = Mutex<Option<Box<dyn Any + Send + Sync>>>;

/// The object's stack for `list`: the cached one if the list is unchanged.
fn stack_for(slot: &Slot, list: CipherList) -> *mut stack_st_SSL_CIPHER {
    let mut slot = lock(slot);
    if let Some(cached) = slot.as_ref().and_then(|b| b.downcast_ref::<CachedStack>()) {
        if Arc::ptr_eq(&cached.list, &list) {
            return cached.sk;
        }
    }
    let sk = new_stack(&list);
    if sk.is_null() {
        return null_mut();
    }
    *slot = Some(Box::new(CachedStack { list, sk }));
    sk
}

fn raise_list_error(e: ListError, ssl: bool) -> c_int {
    match e {
        ListError::Invalid(errors) => {
            for _ in errors {
                raise!(SSL_R_INVALID_COMMAND, "ssl_cipher_process_rulestr");
            }
        }
        ListError::NoMatch if ssl => raise!(SSL_R_NO_CIPHER_MATCH, "SSL_set_cipher_list"),
        ListError::NoMatch => raise!(SSL_R_NO_CIPHER_MATCH, "SSL_CTX_set_cipher_list"),
        ListError::SuiteBNeedsTls12 => raise_suite_b_error(),
    }
    0
}

fn suites_result(r: Result<(), ListError>) -> c_int {
    match r {
        Ok(()) => 1,
        Err(_) => {
            raise!(SSL_R_NO_CIPHER_MATCH, "set_ciphersuites");
            0
        }
    }
}

/// Runs `f`, a rule string's list, in the Suite B mode of the certificate
/// flags `flags`, and keeps the mode it leaves there: OpenSSL has one setting
/// for both (`SSL_CTX_set_cert_flags` can set the mode, `SUITEB128` shows in
/// the flags).
fn with_cert_flags<R>(
    flags: &AtomicU32,
    settings: &mut CipherSettings,
    f: impl FnOnce(&mut CipherSettings) -> R,
) -> R {
    settings.set_suite_b(SuiteB::from_cert_flags(flags.load(Ordering::Relaxed)));
    let r = f(settings);
    let mode = settings.suite_b();
    let _ = flags.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |old| {
        Some(mode.into_cert_flags(old))
    });
    r
}

/// Runs `f` on the context's settings and retires the C copy of its list.
fn update_ctx<R>(ctx: &Ctx, f: impl FnOnce(&mut CipherSettings) -> R) -> R {
    ctx.update_ciphers(|settings| {
        let r = f(settings);
        ctx.cipher_shell_current.store(0, Ordering::Release);
        r
    })
}

fn raise_suite_b_error() {
    raise!(
        SSL_R_AT_LEAST_TLS_1_2_NEEDED_IN_SUITEB_MODE,
        "check_suiteb_cipher_list"
    );
}

/// `SSL_CTX_set_ssl_version`'s rebuild of the context's lists from the
/// defaults; false (with OpenSSL's error) if they came out empty.
pub(super) fn reset_ctx_lists(ctx: &Ctx) -> bool {
    let reset = |c: &mut CipherSettings| {
        with_cert_flags(&ctx.ctrl.cert_flags, c, |c| {
            c.reset_to_defaults(ctx.method().has_tls12_ciphers())
        })
    };
    match update_ctx(ctx, reset) {
        Ok(()) => return true,
        Err(ListError::SuiteBNeedsTls12) => raise_suite_b_error(),
        Err(_) => {}
    }
    raise!(SSL_R_SSL_LIBRARY_HAS_NO_CIPHERS, "SSL_CTX_set_ssl_version");
    false
}

/// Runs `f` on the connection's settings and retires the C copy of its list.
fn update_ssl<R>(ssl: &Ssl, f: impl FnOnce(&mut CipherSettings) -> R) -> R {
    let mut settings = lock(&ssl.ciphers);
    let r = f(&mut settings);
    if settings.has_own_list() {
        ssl.has_own_cipher_list.store(true, Ordering::Release);
    }
    ssl.cipher_shell_current.store(0, Ordering::Release);
    r
}

/// The C copy of a list: the current one if there is one (inline: this is all
/// `SSL_get_ciphers` does on its common path), else made out of line.
#[inline]
fn current_stack(
    current: &AtomicUsize,
    slot: &Slot,
    settings: &Mutex<CipherSettings>,
) -> *mut stack_st_SSL_CIPHER {
    let p = current.load(Ordering::Acquire);
    if p != 0 {
        return p as *mut stack_st_SSL_CIPHER;
    }
    make_current_stack(current, slot, settings)
}

/// Makes the C copy under the settings' lock, so that a concurrent change
/// cannot leave a stale copy current.
#[cold]
#[inline(never)]
fn make_current_stack(
    current: &AtomicUsize,
    slot: &Slot,
    settings: &Mutex<CipherSettings>,
) -> *mut stack_st_SSL_CIPHER {
    let settings = lock(settings);
    let sk = stack_for(slot, settings.list(None));
    current.store(sk as usize, Ordering::Release);
    sk
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cipher_list(ctx: *mut SSL_CTX, s: *const c_char) -> c_int {
    guard!(0, {
        let (Some(ctx), Some(s)) = (borrow(ctx), c_str(s)) else {
            return 0;
        };
        let r = update_ctx(ctx, |c| {
            let tls12 = ctx.method().has_tls12_ciphers();
            with_cert_flags(&ctx.ctrl.cert_flags, c, |c| {
                c.set_cipher_list(s.to_bytes(), tls12)
            })
        });
        r.map_or_else(|e| raise_list_error(e, false), |()| 1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_cipher_list(ssl: *mut SSL, s: *const c_char) -> c_int {
    guard!(0, {
        let (Some(ssl), Some(s)) = (borrow(ssl), c_str(s)) else {
            return 0;
        };
        let level = lock(&ssl.ciphers).security_level();
        let r = update_ssl(ssl, |c| {
            // OpenSSL asks the method of the connection's (current) context.
            let tls12 = super::ssl::current_method(ssl).has_tls12_ciphers();
            with_cert_flags(&ssl.ctrl.cert_flags, c, |c| {
                c.set_cipher_list(s.to_bytes(), tls12)
            })
        });
        // "@SECLEVEL=n" sets the level kept in OpenSSL's CERT, also when the
        // list fails: the connections sharing it take it.
        if lock(&ssl.ciphers).security_level() != level {
            super::cert_share::changed(ssl);
        }
        r.map_or_else(|e| raise_list_error(e, true), |()| 1)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ciphersuites(ctx: *mut SSL_CTX, s: *const c_char) -> c_int {
    guard!(0, {
        let (Some(ctx), Some(s)) = (borrow(ctx), c_str(s)) else {
            return 0;
        };
        let names = String::from_utf8_lossy(s.to_bytes());
        suites_result(update_ctx(ctx, |c| c.set_ciphersuites(&names, None)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_ciphersuites(ssl: *mut SSL, s: *const c_char) -> c_int {
    guard!(0, {
        let (Some(ssl), Some(s)) = (borrow(ssl), c_str(s)) else {
            return 0;
        };
        let names = String::from_utf8_lossy(s.to_bytes());
        // Lock order: the connection's settings, then its context's.
        suites_result(update_ssl(ssl, |own| {
            let parent = lock(&current_ctx(ssl).ciphers).clone();
            own.set_ciphersuites(&names, Some(&parent))
        }))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_ciphers(ctx: *const SSL_CTX) -> *mut stack_st_SSL_CIPHER {
    guard!(null_mut(), {
        let Some(ctx) = borrow(ctx) else {
            return null_mut();
        };
        current_stack(&ctx.cipher_shell_current, &ctx.cipher_shell, &ctx.ciphers)
    })
}

/// The context a connection reads what it has not set itself from: its
/// current one (`SSL_set_SSL_CTX`), which it holds, as OpenSSL's `s->ctx`.
fn current_ctx(ssl: &crate::core::ssl::Ssl) -> &crate::core::ctx::Ctx {
    // SAFETY: the connection holds a reference to its current context.
    unsafe { &*super::ctrl_shell::active_ctx(ssl) }
}

/// The connection's list, or its current context's (the same stack as
/// `SSL_CTX_get_ciphers`) while it has none of its own.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_ciphers(ssl: *const SSL) -> *mut stack_st_SSL_CIPHER {
    // The common path, outside the panic boundary (loads only, nothing that
    // can panic): the current C copy of the list in use.
    if !super::checked::on() {
        if let Some(s) = (ssl as *const Ssl).as_ref() {
            let current = if s.has_own_cipher_list.load(Ordering::Acquire) {
                Some(&s.cipher_shell_current)
            } else if super::ctrl_shell::switched(s) {
                None
            } else {
                Some(&s.ctx().cipher_shell_current)
            };
            if let Some(p) = current.map(|c| c.load(Ordering::Acquire)) {
                if p != 0 {
                    return p as *mut stack_st_SSL_CIPHER;
                }
            }
        }
    }
    get_ciphers_guarded(ssl)
}

/// `SSL_get_ciphers` past its common path (checked mode, a switched context,
/// the list's first C copy), behind the panic boundary; out of line so that
/// the common path needs no stack frame.
#[cold]
#[inline(never)]
unsafe fn get_ciphers_guarded(ssl: *const SSL) -> *mut stack_st_SSL_CIPHER {
    guard!(null_mut(), {
        let Some(ssl) = borrow(ssl) else {
            return null_mut();
        };
        if ssl.has_own_cipher_list.load(Ordering::Acquire) {
            current_stack(&ssl.cipher_shell_current, &ssl.cipher_shell, &ssl.ciphers)
        } else {
            let ctx = current_ctx(ssl);
            current_stack(&ctx.cipher_shell_current, &ctx.cipher_shell, &ctx.ciphers)
        }
    })
}

fn ssl_list(ssl: &crate::core::ssl::Ssl) -> (CipherList, CipherSettings) {
    let own = lock(&ssl.ciphers).clone();
    let parent = lock(&current_ctx(ssl).ciphers).clone();
    (own.list(Some(&parent)), own)
}

/// A new stack (the caller frees it) of the suites the connection could offer;
/// NULL when there are none, as in OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_get1_supported_ciphers(ssl: *mut SSL) -> *mut stack_st_SSL_CIPHER {
    guard!(null_mut(), {
        let Some(ssl) = borrow(ssl) else {
            return null_mut();
        };
        let (list, _) = ssl_list(ssl);
        let suite_b = SuiteB::from_cert_flags(ssl.ctrl.cert_flags.load(Ordering::Relaxed));
        match super::security::supported_ciphers(ssl, &list, suite_b) {
            Some(supported) => new_stack(&supported),
            None => null_mut(),
        }
    })
}

/// The client's suites, known only after a handshake: NULL in sessl.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_client_ciphers(ssl: *const SSL) -> *mut stack_st_SSL_CIPHER {
    let _ = ssl;
    guard!(null_mut(), { null_mut() })
}

/// The suites both sides have, known only after a handshake: NULL in sessl,
/// with `buf` untouched.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_shared_ciphers(
    ssl: *const SSL,
    buf: *mut c_char,
    size: c_int,
) -> *mut c_char {
    let _ = (ssl, buf, size);
    guard!(null_mut(), { null_mut() })
}

/// The name of the `n`th suite of `SSL_get_ciphers`, NULL past the end.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_cipher_list(ssl: *const SSL, n: c_int) -> *const c_char {
    guard!(null(), {
        let Some(ssl) = borrow(ssl) else {
            return null();
        };
        let (list, _) = ssl_list(ssl);
        usize::try_from(n)
            .ok()
            .and_then(|n| list.get(n))
            .map_or(null(), |c| c_strings(c).name.as_ptr())
    })
}

/// The cipher of the connection's session, if any (OpenSSL reads it from the
/// session, so a session set with `SSL_set_session` shows here).
#[no_mangle]
pub unsafe extern "C" fn SSL_get_current_cipher(ssl: *const SSL) -> *const SSL_CIPHER {
    guard!(null(), {
        borrow(ssl)
            .and_then(|s| s.session())
            .and_then(|s| s.read(|d| d.cipher))
            .map_or(null(), c_cipher)
    })
}

/// The cipher a handshake in progress negotiated: NULL in sessl.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_pending_cipher(ssl: *const SSL) -> *const SSL_CIPHER {
    let _ = ssl;
    guard!(null(), { null() })
}

/// OpenSSL's name for a standard (IANA) name, "(NONE)" for an unknown one.
#[no_mangle]
pub unsafe extern "C" fn OPENSSL_cipher_name(stdname: *const c_char) -> *const c_char {
    const NONE: &CStr = c"(NONE)";
    guard!(NONE.as_ptr(), {
        let Some(name) = c_str(stdname) else {
            return NONE.as_ptr();
        };
        let name = name.to_str().ok();
        cipher::table()
            .iter()
            .find(|c| c.standard_name.is_some() && c.standard_name == name)
            .map_or(NONE.as_ptr(), |c| c_strings(c).name.as_ptr())
    })
}

/// Parses a ClientHello's cipher suites (2 bytes each, or 3 in SSLv2 format,
/// where suites not starting with 0 are skipped) into the known suites and the
/// signalling suites; unknown codes are skipped.
#[no_mangle]
pub unsafe extern "C" fn SSL_bytes_to_cipher_list(
    ssl: *mut SSL,
    data: *const u8,
    len: usize,
    isv2format: c_int,
    sk: *mut *mut stack_st_SSL_CIPHER,
    scsvs: *mut *mut stack_st_SSL_CIPHER,
) -> c_int {
    guard!(0, {
        if borrow(ssl).is_none() || len > isize::MAX as usize {
            return 0;
        }
        let Some(data) = bytes(data, len) else {
            return 0;
        };
        let width = if isv2format != 0 { 3 } else { 2 };
        if data.is_empty() {
            raise!(SSL_R_NO_CIPHERS_SPECIFIED, "bytes_to_cipher_list");
            return 0;
        }
        if data.len() % width != 0 {
            raise!(SSL_R_ERROR_IN_RECEIVED_CIPHER_LIST, "bytes_to_cipher_list");
            return 0;
        }
        let (mut known, mut signalling) = (Vec::new(), Vec::new());
        for code in data.chunks_exact(width) {
            if width == 3 && code[0] != 0 {
                continue;
            }
            let code = &code[width - 2..];
            if let Some(c) = cipher::find([code[0], code[1]]) {
                if is_scsv(c) {
                    signalling.push(c);
                } else {
                    known.push(c);
                }
            }
        }
        let (a, b) = (new_stack(&known), new_stack(&signalling));
        if a.is_null() || b.is_null() {
            OPENSSL_sk_free(a as *mut OPENSSL_STACK);
            OPENSSL_sk_free(b as *mut OPENSSL_STACK);
            return 0;
        }
        for (out, stack) in [(sk, a), (scsvs, b)] {
            if out.is_null() {
                OPENSSL_sk_free(stack as *mut OPENSSL_STACK);
            } else {
                *out = stack;
            }
        }
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn OSSL_default_cipher_list() -> *const c_char {
    static RULES: &CStr = c"ALL:!COMPLEMENTOFDEFAULT:!eNULL";
    debug_assert_eq!(RULES.to_bytes(), DEFAULT_RULES.as_bytes());
    guard!(RULES.as_ptr(), { RULES.as_ptr() })
}

#[no_mangle]
pub unsafe extern "C" fn OSSL_default_ciphersuites() -> *const c_char {
    static SUITES: &CStr =
        c"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";
    debug_assert_eq!(SUITES.to_bytes(), DEFAULT_CIPHERSUITES.as_bytes());
    guard!(SUITES.as_ptr(), { SUITES.as_ptr() })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_security_level(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| lock(&c.ciphers).security_level())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_security_level(ctx: *mut SSL_CTX, level: c_int) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.update_ciphers(|s| s.set_security_level(level));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_security_level(ssl: *const SSL) -> c_int {
    guard!(0, {
        borrow(ssl).map_or(0, |s| lock(&s.ciphers).security_level())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_security_level(ssl: *mut SSL, level: c_int) {
    guard!((), {
        super::cert_share::then_changed(ssl, || {
            if let Some(s) = borrow(ssl) {
                lock(&s.ciphers).set_security_level(level);
            }
        })
    })
}

/// `NID_undef` for NULL (OpenSSL crashes).
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_kx_nid(c: *const SSL_CIPHER) -> c_int {
    guard!(0, { borrow(c).map_or(0, |c| c.kx_nid) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_auth_nid(c: *const SSL_CIPHER) -> c_int {
    guard!(0, { borrow(c).map_or(0, |c| c.auth_nid) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_cipher_nid(c: *const SSL_CIPHER) -> c_int {
    guard!(0, { borrow(c).map_or(0, |c| c.cipher_nid) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_digest_nid(c: *const SSL_CIPHER) -> c_int {
    guard!(0, { borrow(c).map_or(0, |c| c.digest_nid) })
}

/// libcrypto's digest for the suite's handshake hash, as OpenSSL returns it
/// (`EVP_get_digestbynid`, a macro over these two calls); NULL where OpenSSL has
/// none (GOST without its engine).
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_handshake_digest(c: *const SSL_CIPHER) -> *const EVP_MD {
    guard!(null(), {
        match borrow(c) {
            Some(c) if c.handshake_digest_nid != 0 => {
                EVP_get_digestbyname(OBJ_nid2sn(c.handshake_digest_nid))
            }
            _ => null(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_is_aead(c: *const SSL_CIPHER) -> c_int {
    guard!(0, { borrow(c).map_or(0, |c| c.is_aead as c_int) })
}
