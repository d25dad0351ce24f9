//! What `SSL_CTX_new_ex`'s library context and property query change: the
//! suites a context can use. OpenSSL fetches every algorithm a suite may need
//! from them when the context is made (`ssl_load_ciphers`) and leaves out the
//! suites whose algorithms it cannot fetch; with none left the context is not
//! made. The rest of the session layer fetches nothing.

use super::OSSL_LIB_CTX;
use crate::core::cipher::config::{Algorithm, Unavailable};
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_void};

#[allow(unused_doc_comments)]
/// cbindgen:ignore
#[link(name = "crypto")]
extern "C" {
    fn EVP_CIPHER_fetch(
        ctx: *mut OSSL_LIB_CTX,
        name: *const c_char,
        propq: *const c_char,
    ) -> *mut c_void;
    fn EVP_CIPHER_free(c: *mut c_void);
    fn EVP_MD_fetch(
        ctx: *mut OSSL_LIB_CTX,
        name: *const c_char,
        propq: *const c_char,
    ) -> *mut c_void;
    fn EVP_MD_free(md: *mut c_void);
    fn EVP_KEYEXCH_fetch(
        ctx: *mut OSSL_LIB_CTX,
        name: *const c_char,
        propq: *const c_char,
    ) -> *mut c_void;
    fn EVP_KEYEXCH_free(k: *mut c_void);
    fn EVP_SIGNATURE_fetch(
        ctx: *mut OSSL_LIB_CTX,
        name: *const c_char,
        propq: *const c_char,
    ) -> *mut c_void;
    fn EVP_SIGNATURE_free(s: *mut c_void);
    fn ERR_set_mark() -> c_int;
    fn ERR_pop_to_mark() -> c_int;
}

/// What the library context and property query cannot provide. Only asked
/// when either is given: the default context provides everything sessl's
/// suite table has (it was made from it).
pub unsafe fn unavailable(libctx: *mut OSSL_LIB_CTX, propq: *const c_char) -> Unavailable {
    if libctx.is_null() && propq.is_null() {
        return Unavailable::default();
    }
    // A failed fetch queues errors; OpenSSL leaves none behind.
    ERR_set_mark();
    let u = Unavailable::probe(|alg| {
        let (name, fetch, free): (
            &str,
            unsafe extern "C" fn(_, _, _) -> _,
            unsafe extern "C" fn(_),
        ) = match alg {
            Algorithm::Cipher(n) => (n, EVP_CIPHER_fetch, EVP_CIPHER_free),
            Algorithm::Digest(n) => (n, EVP_MD_fetch, EVP_MD_free),
            Algorithm::KeyExchange(n) => (n, EVP_KEYEXCH_fetch, EVP_KEYEXCH_free),
            Algorithm::Signature(n) => (n, EVP_SIGNATURE_fetch, EVP_SIGNATURE_free),
        };
        let Ok(name) = CString::new(name) else {
            return false;
        };
        // SAFETY: libctx and propq are the caller's (NULL allowed), the name
        // is a C string; a fetched object is released at once.
        let found = unsafe { fetch(libctx, name.as_ptr(), propq) };
        if found.is_null() {
            return false;
        }
        unsafe { free(found) };
        true
    });
    ERR_pop_to_mark();
    u
}
