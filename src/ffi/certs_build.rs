//! `SSL_CTX_build_cert_chain` / `SSL_build_cert_chain`
//! (`SSL_CTRL_BUILD_CERT_CHAIN`): the current certificate's chain is
//! replaced by the one libcrypto's verification builds for it, from the
//! chain store (else the context's certificate store), or with
//! `SSL_BUILD_CHAIN_FLAG_CHECK` from the chain itself, as OpenSSL 3.0 does.

use super::certs_crypto::*;
use super::certs_keys::{security_cert, Owner};
use super::err::{raise, raise_lib_error};
use std::ffi::CString;
use std::os::raw::{c_int, c_long, c_ulong, c_void};
use std::ptr::null_mut;

use super::ctrl_consts::{
    SSL_BUILD_CHAIN_FLAG_CHECK, SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR,
    SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR, SSL_BUILD_CHAIN_FLAG_NO_ROOT,
    SSL_BUILD_CHAIN_FLAG_UNTRUSTED,
};
const SSL_R_NO_CERTIFICATE_SET: c_int = 179;
const SSL_R_CERTIFICATE_VERIFY_FAILED: c_int = 134;
/// `ERR_R_X509_LIB`: the library number with `ERR_RFLAG_COMMON`.
const ERR_R_X509_LIB: c_int = 11 | (2 << 18);
/// `EXFLAG_SS`: the certificate is apparently self-signed.
const EXFLAG_SS: u32 = 0x2000;
const ERR_LIB_SSL: c_int = 20;

#[allow(unused_doc_comments)]
/// cbindgen:ignore
#[link(name = "crypto")]
extern "C" {
    fn X509_STORE_add_cert(s: *mut X509_STORE, x: *mut X509) -> c_int;
    fn X509_STORE_CTX_new() -> *mut X509_STORE_CTX;
    fn X509_STORE_CTX_free(c: *mut X509_STORE_CTX);
    fn X509_STORE_CTX_init(
        c: *mut X509_STORE_CTX,
        s: *mut X509_STORE,
        x: *mut X509,
        untrusted: *mut stack_st_X509,
    ) -> c_int;
    fn X509_STORE_CTX_set_flags(c: *mut X509_STORE_CTX, flags: c_ulong);
    fn X509_STORE_CTX_get1_chain(c: *const X509_STORE_CTX) -> *mut stack_st_X509;
    fn X509_STORE_CTX_get_error(c: *const X509_STORE_CTX) -> c_int;
    fn X509_verify_cert(c: *mut X509_STORE_CTX) -> c_int;
    fn OPENSSL_sk_shift(sk: *mut c_void) -> *mut c_void;
    fn OPENSSL_sk_pop(sk: *mut c_void) -> *mut c_void;
}

/// The store chains are built from: the owner's chain store, else its
/// (current) context's certificate store, created on first use.
unsafe fn chain_store(o: Owner, shell: usize) -> *mut X509_STORE {
    if shell != 0 {
        return shell as *mut X509_STORE;
    }
    let ctx = match o {
        Owner::Ctx(c) => c as *const crate::core::ctx::Ctx,
        Owner::Ssl(s) => super::ctrl_shell::active_ctx(s),
    };
    super::certs_state::ctx_certs(&*ctx).store()
}

/// 1 (built), 2 (an error ignored), or 0 with the error queued.
pub(super) unsafe fn build_cert_chain(
    o: Owner,
    chain_store_addr: usize,
    cert_flags: u32,
    flags: c_long,
) -> c_long {
    // The certificate and chain, referenced while the verification runs
    // (its callbacks may reach this object).
    let (x, own_chain) = {
        let c = o.certs();
        let slot = c.cert.current();
        if slot.x509.is_null() {
            drop(c);
            raise!(SSL_R_NO_CERTIFICATE_SET, "ssl_build_cert_chain");
            return 0;
        }
        X509_up_ref(slot.x509);
        let chain = if slot.chain.is_null() {
            null_mut()
        } else {
            X509_chain_up_ref(slot.chain)
        };
        (slot.x509, chain)
    };
    let check = flags & SSL_BUILD_CHAIN_FLAG_CHECK as c_long != 0;
    let (store, untrusted) = if check {
        // The chain's certificates and the end entity as the trusted ones.
        let store = X509_STORE_new();
        for i in 0..OPENSSL_sk_num(own_chain as *const c_void) {
            X509_STORE_add_cert(
                store,
                OPENSSL_sk_value(own_chain as *const c_void, i) as *mut X509,
            );
        }
        X509_STORE_add_cert(store, x);
        (store, null_mut())
    } else {
        let untrusted = if flags & SSL_BUILD_CHAIN_FLAG_UNTRUSTED as c_long != 0 {
            own_chain
        } else {
            null_mut()
        };
        (chain_store(o, chain_store_addr), untrusted)
    };
    let xs = X509_STORE_CTX_new();
    let rv = verify_into(o, xs, store, x, untrusted, cert_flags, flags);
    X509_STORE_CTX_free(xs);
    if check {
        X509_STORE_free(store);
    }
    X509_free(x);
    if !own_chain.is_null() {
        OPENSSL_sk_pop_free(own_chain as *mut c_void, free_x509);
    }
    rv
}

unsafe fn verify_into(
    o: Owner,
    xs: *mut X509_STORE_CTX,
    store: *mut X509_STORE,
    x: *mut X509,
    untrusted: *mut stack_st_X509,
    cert_flags: u32,
    flags: c_long,
) -> c_long {
    if xs.is_null() || X509_STORE_CTX_init(xs, store, x, untrusted) == 0 {
        raise!(ERR_R_X509_LIB, "ssl_build_cert_chain");
        return 0;
    }
    // Suite B's flags are verification flags too.
    let suiteb = cert_flags & super::ctrl_consts::SSL_CERT_FLAG_SUITEB_128_LOS;
    X509_STORE_CTX_set_flags(xs, suiteb as c_ulong);
    let mut rv: c_long = 0;
    let mut ok = X509_verify_cert(xs) > 0;
    if !ok && flags & SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR as c_long != 0 {
        if flags & SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR as c_long != 0 {
            ERR_clear_error();
        }
        ok = true;
        rv = 2;
    }
    if !ok {
        let e = X509_STORE_CTX_get_error(xs);
        let why = super::print::verify_error_string(e as c_long);
        let data = CString::new(format!("Verify error:{why}")).unwrap_or_default();
        raise_lib_error(
            ERR_LIB_SSL,
            SSL_R_CERTIFICATE_VERIFY_FAILED,
            c"ssl_build_cert_chain",
            Some(&data),
        );
        return 0;
    }
    let chain = X509_STORE_CTX_get1_chain(xs);
    // Without the end entity; with NO_ROOT, without a self-signed last one.
    X509_free(OPENSSL_sk_shift(chain as *mut c_void) as *mut X509);
    let n = OPENSSL_sk_num(chain as *const c_void);
    if flags & SSL_BUILD_CHAIN_FLAG_NO_ROOT as c_long != 0 && n > 0 {
        let last = OPENSSL_sk_value(chain as *const c_void, n - 1) as *mut X509;
        if X509_get_extension_flags(last) & EXFLAG_SS != 0 {
            X509_free(OPENSSL_sk_pop(chain as *mut c_void) as *mut X509);
        }
    }
    // The CA certificates must meet the security level (the end entity was
    // checked when set); OpenSSL's result is the last check's.
    for i in 0..OPENSSL_sk_num(chain as *const c_void) {
        let ca = OPENSSL_sk_value(chain as *const c_void, i) as *mut X509;
        let r = security_cert(o, ca, false);
        if r != 1 {
            raise!(r, "ssl_build_cert_chain");
            OPENSSL_sk_pop_free(chain as *mut c_void, free_x509);
            return 0;
        }
        rv = 1;
    }
    let old = {
        let mut c = o.certs();
        let current = c.cert.current;
        std::mem::replace(&mut c.cert.slots[current].chain, chain)
    };
    if !old.is_null() {
        OPENSSL_sk_pop_free(old as *mut c_void, free_x509);
    }
    if rv == 0 {
        1
    } else {
        rv
    }
}
