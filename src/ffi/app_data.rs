//! Library initialisation (`OPENSSL_init_ssl`, `ERR_load_SSL_strings`) and the
//! application data of `SSL` and `SSL_CTX` (ex_data), kept by libcrypto in the
//! two words each object lends it (see `core::config::callbacks::AppData`), so
//! that the new and free callbacks registered with `SSL_get_ex_new_index` and
//! `SSL_CTX_get_ex_new_index` run when OpenSSL runs them.

use super::shell::{
    CRYPTO_free_ex_data, CRYPTO_get_ex_data, CRYPTO_new_ex_data, CRYPTO_set_ex_data, CryptoExData,
};
use super::{borrow, c_ptr, guard, SSL, SSL_CTX};
use crate::core::config::callbacks::AppData;
use crate::core::{ctx::Ctx, ssl::Ssl};
use std::os::raw::{c_int, c_void};
use std::sync::OnceLock;

/// `CRYPTO_EX_INDEX_SSL`.
const EX_INDEX_SSL: c_int = 0;
/// `CRYPTO_EX_INDEX_SSL_CTX`.
const EX_INDEX_SSL_CTX: c_int = 1;

/// libcrypto's `OPENSSL_INIT_SETTINGS`.
#[repr(C)]
pub struct OPENSSL_INIT_SETTINGS {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn OPENSSL_init_crypto(opts: u64, settings: *const OPENSSL_INIT_SETTINGS) -> c_int;
}

pub const OPENSSL_INIT_NO_LOAD_SSL_STRINGS: u64 = 0x0010_0000;
pub const OPENSSL_INIT_LOAD_SSL_STRINGS: u64 = 0x0020_0000;
const OPENSSL_INIT_ADD_ALL_CIPHERS: u64 = 0x4;
const OPENSSL_INIT_ADD_ALL_DIGESTS: u64 = 0x8;
const OPENSSL_INIT_LOAD_CONFIG: u64 = 0x40;
const OPENSSL_INIT_NO_LOAD_CONFIG: u64 = 0x80;

/// The storage libcrypto keeps an object's ex_data in.
fn words<T>(a: &AppData<T>) -> *mut CryptoExData {
    a.words.as_ptr() as *mut CryptoExData
}

/// Runs the ex_data new callbacks of a new context (`SSL_CTX_new`), and
/// arranges the free callbacks for its last free.
pub fn ctx_born(ctx: &Ctx) {
    let a = &ctx.callbacks.app_data;
    let _ = a.release.set(|ctx: &Ctx| {
        // SAFETY: the storage was set up by CRYPTO_new_ex_data below.
        unsafe {
            CRYPTO_free_ex_data(
                EX_INDEX_SSL_CTX,
                c_ptr::<SSL_CTX>(ctx) as *mut c_void,
                words(&ctx.callbacks.app_data),
            )
        }
        super::callbacks_more::release_engine(&ctx.callbacks);
    });
    // SAFETY: the words live in the context, whose address is final.
    unsafe {
        CRYPTO_new_ex_data(
            EX_INDEX_SSL_CTX,
            c_ptr::<SSL_CTX>(ctx) as *mut c_void,
            words(a),
        )
    };
}

/// The free callbacks of a context that `SSL_CTX_new_ex` does not finish
/// making: OpenSSL runs them (with no data) though no new callback ran.
pub fn ctx_stillborn(ctx: *mut SSL_CTX) {
    let mut words = [0usize; 2];
    // SAFETY: empty ex_data storage, freed at once; the object pointer is
    // only passed to the callbacks.
    unsafe {
        CRYPTO_free_ex_data(
            EX_INDEX_SSL_CTX,
            ctx as *mut c_void,
            words.as_mut_ptr() as *mut CryptoExData,
        )
    };
}

/// As [`ctx_born`], for a new connection (`SSL_new`).
pub fn ssl_born(ssl: &Ssl) {
    let a = &ssl.callbacks.app_data;
    let _ = a.release.set(|ssl: &Ssl| {
        // SAFETY: the storage was set up by CRYPTO_new_ex_data below.
        unsafe {
            CRYPTO_free_ex_data(
                EX_INDEX_SSL,
                c_ptr::<SSL>(ssl) as *mut c_void,
                words(&ssl.callbacks.app_data),
            )
        }
        super::srp::free_params(&ssl.callbacks);
    });
    // SAFETY: the words live in the connection, whose address is final.
    unsafe { CRYPTO_new_ex_data(EX_INDEX_SSL, c_ptr::<SSL>(ssl) as *mut c_void, words(a)) };
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_ex_data(ssl: *mut SSL, idx: c_int, data: *mut c_void) -> c_int {
    guard!(0, {
        borrow(ssl).map_or(0, |s| {
            CRYPTO_set_ex_data(words(&s.callbacks.app_data), idx, data)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_ex_data(ssl: *const SSL, idx: c_int) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(ssl).map_or(std::ptr::null_mut(), |s| {
            CRYPTO_get_ex_data(words(&s.callbacks.app_data), idx)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ex_data(
    ctx: *mut SSL_CTX,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            CRYPTO_set_ex_data(words(&c.callbacks.app_data), idx, data)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), |c| {
            CRYPTO_get_ex_data(words(&c.callbacks.app_data), idx)
        })
    })
}

/// Whether libssl's reason strings were loaded (`true`) or declined with
/// `OPENSSL_INIT_NO_LOAD_SSL_STRINGS` (`false`): OpenSSL decides once, and a
/// later request does not change it.
static SSL_STRINGS: OnceLock<bool> = OnceLock::new();

/// `OPENSSL_init_ssl`: libcrypto's initialisation with the options OpenSSL
/// adds (all ciphers and digests, the configuration file unless declined),
/// then libssl's error strings as asked.
pub fn init_ssl(opts: u64, settings: *const OPENSSL_INIT_SETTINGS) -> c_int {
    let mut crypto_opts = opts | OPENSSL_INIT_ADD_ALL_CIPHERS | OPENSSL_INIT_ADD_ALL_DIGESTS;
    if opts & OPENSSL_INIT_NO_LOAD_CONFIG == 0 {
        crypto_opts |= OPENSSL_INIT_LOAD_CONFIG;
    }
    // SAFETY: `settings` is the caller's (NULL or libcrypto's settings object).
    if unsafe { OPENSSL_init_crypto(crypto_opts, settings) } == 0 {
        return 0;
    }
    if opts & OPENSSL_INIT_NO_LOAD_SSL_STRINGS != 0 {
        SSL_STRINGS.get_or_init(|| false);
    }
    if opts & OPENSSL_INIT_LOAD_SSL_STRINGS != 0 {
        SSL_STRINGS.get_or_init(|| {
            super::err::register_ssl_strings();
            true
        });
    }
    1
}

#[no_mangle]
pub unsafe extern "C" fn OPENSSL_init_ssl(
    opts: u64,
    settings: *const OPENSSL_INIT_SETTINGS,
) -> c_int {
    guard!(0, { init_ssl(opts, settings) })
}

/// Registers libssl's reason strings whatever `OPENSSL_init_ssl` decided.
#[no_mangle]
pub unsafe extern "C" fn ERR_load_SSL_strings() -> c_int {
    guard!(0, {
        super::err::register_ssl_strings();
        1
    })
}
