//! The ctrl family's C objects: the context's extra chain certificates and
//! ticket keys, the connection's host name and OCSP response and the verify
//! and chain certificate stores (each certificate's chain is in its slot,
//! `certs_state`). Held as addresses
//! (raw pointers are not `Send`), freed when the context or connection dies.

use std::any::Any;
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_void};
use std::sync::{Mutex, OnceLock};

use super::certs_crypto::{EVP_PKEY_free, X509_free, EVP_PKEY};
pub use super::certs_crypto::{
    OPENSSL_sk_free, OPENSSL_sk_new_null, OPENSSL_sk_push, X509_chain_up_ref,
};
use crate::sync::lock;

/// libcrypto's generic stack, as the `OPENSSL_sk_*` declarations of
/// `certs_crypto` take it.
pub type OPENSSL_STACK = c_void;
#[repr(C)]
pub struct X509_STORE {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn X509_STORE_free(s: *mut X509_STORE);
    pub fn X509_STORE_up_ref(s: *mut X509_STORE) -> c_int;
    pub fn X509_up_ref(x: *mut super::shell::X509) -> c_int;
    fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn RAND_bytes(buf: *mut u8, num: c_int) -> c_int;
}

unsafe extern "C" fn free_x509(x: *mut c_void) {
    X509_free(x as *mut super::shell::X509)
}

/// Frees a stack of certificates and the certificates (NULL is nothing).
pub unsafe fn free_x509_stack(st: usize) {
    if st != 0 {
        super::certs_crypto::OPENSSL_sk_pop_free(st as *mut OPENSSL_STACK, free_x509);
    }
}

#[derive(Default)]
pub struct CtrlShell {
    /// `SSL_CTX_add_extra_chain_cert`'s stack (context only).
    pub extra_certs: Mutex<usize>,
    pub verify_store: Mutex<usize>,
    pub chain_store: Mutex<usize>,
    /// Session ticket keys: name, HMAC key, AES key (context only); random
    /// until set, as OpenSSL draws them at `SSL_CTX_new`.
    pub ticket_keys: Mutex<Option<[u8; 80]>>,
    /// `SSL_set_tlsext_host_name` (connection only).
    pub hostname: Mutex<Option<CString>>,
    /// The OCSP response a server staples, owned (`OPENSSL_free`d) with its
    /// length (connection only).
    pub ocsp_resp: Mutex<(usize, i64)>,
    /// The context `SSL_set_SSL_CTX` switched the connection to; the one it
    /// was made with stays its session context (the cache it uses).
    pub active_ctx: Mutex<Option<crate::sync::Shared<crate::core::ctx::Ctx>>>,
    /// `SSL_CTX_set_tmp_dh`'s key, as an `EVP_PKEY` (owned).
    pub tmp_dh: Mutex<usize>,
    /// A stack of pointers to static SRTP profiles (the stack alone is owned).
    pub srtp_profiles: Mutex<usize>,
    /// The peer's SCTs once `SSL_get0_peer_scts` gathered them (an owned
    /// `STACK_OF(SCT)`, or 0 when there was no source); connection only.
    pub peer_scts: Mutex<Option<usize>>,
}

impl Drop for CtrlShell {
    fn drop(&mut self) {
        // SAFETY: each address is an object this shell owns a reference to.
        unsafe {
            free_x509_stack(*lock(&self.extra_certs));
            for store in [*lock(&self.verify_store), *lock(&self.chain_store)] {
                if store != 0 {
                    X509_STORE_free(store as *mut X509_STORE);
                }
            }
            let dh = *lock(&self.tmp_dh);
            if dh != 0 {
                EVP_PKEY_free(dh as *mut EVP_PKEY);
            }
            let srtp = *lock(&self.srtp_profiles);
            if srtp != 0 {
                OPENSSL_sk_free(srtp as *mut OPENSSL_STACK);
            }
            super::certs_scts::free_list(lock(&self.peer_scts).unwrap_or(0));
            let resp = lock(&self.ocsp_resp).0;
            if resp != 0 {
                CRYPTO_free(resp as *mut c_void, c"ssl/ctrl".as_ptr(), 0);
            }
        }
    }
}

/// Releases a reference to a store (0 is nothing).
pub unsafe fn free_store(store: usize) {
    if store != 0 {
        X509_STORE_free(store as *mut X509_STORE);
    }
}

/// A connection's stores become those of `from`, another connection
/// sharing its `CERT` (`cert_share::copy_cert`): only what differs is
/// replaced, and what `to` drops goes to `out`.
pub unsafe fn sync(from: &CtrlShell, to: &CtrlShell, out: &mut super::cert_share::Released) {
    for (f, t) in [
        (&from.verify_store, &to.verify_store),
        (&from.chain_store, &to.chain_store),
    ] {
        let store = *lock(f);
        let mut t = lock(t);
        if *t != store {
            if store != 0 {
                X509_STORE_up_ref(store as *mut X509_STORE);
            }
            out.stores.push(std::mem::replace(&mut *t, store));
        }
    }
}

/// The shell in `slot`, created on first use.
pub fn shell(slot: &OnceLock<Box<dyn Any + Send + Sync>>) -> &CtrlShell {
    slot.get_or_init(|| Box::new(CtrlShell::default()))
        .downcast_ref()
        .expect("ctrl_shell holds a CtrlShell")
}

/// A connection's current context: the one `SSL_set_SSL_CTX` gave it, else
/// the one it was made with. Valid while the connection lives and keeps it.
pub fn active_ctx(ssl: &crate::core::ssl::Ssl) -> *const crate::core::ctx::Ctx {
    existing(&ssl.ctrl_shell)
        .filter(|_| switched(ssl))
        .and_then(|sh| {
            lock(&sh.active_ctx)
                .as_ref()
                .map(crate::sync::Shared::as_ptr)
        })
        .unwrap_or(&**ssl.ctx() as *const _)
}

/// Whether `SSL_set_SSL_CTX` moved the connection to another context.
#[inline]
pub fn switched(ssl: &crate::core::ssl::Ssl) -> bool {
    ssl.ctx_switched.load(std::sync::atomic::Ordering::Acquire)
}

/// The shell in `slot` if it was ever created.
pub fn existing(slot: &OnceLock<Box<dyn Any + Send + Sync>>) -> Option<&CtrlShell> {
    slot.get().and_then(|b| b.downcast_ref())
}

/// What `SSL_new` copies from the context's certificate settings here: both
/// stores (up-referenced).
pub fn inherit_into(ssl: &crate::core::ssl::Ssl) {
    let Some(ctx) = existing(&ssl.ctx().ctrl_shell) else {
        return;
    };
    inherit_from(ctx, ssl);
}

/// The certificate settings of `ctx` into `ssl` (`SSL_new`, `SSL_set_SSL_CTX`).
pub fn inherit_from(ctx: &CtrlShell, ssl: &crate::core::ssl::Ssl) {
    let nothing = *lock(&ctx.verify_store) == 0 && *lock(&ctx.chain_store) == 0;
    if !nothing {
        inherit(ctx, shell(&ssl.ctrl_shell));
    }
}

pub fn inherit(ctx: &CtrlShell, ssl: &CtrlShell) {
    // SAFETY: the context's objects are live while it holds them; the
    // connection's previous ones are its own references.
    unsafe {
        ssl.set_store(false, std::ptr::null_mut(), false);
        ssl.set_store(true, std::ptr::null_mut(), false);
        for (from, to) in [
            (&ctx.verify_store, &ssl.verify_store),
            (&ctx.chain_store, &ssl.chain_store),
        ] {
            let store = *lock(from);
            if store != 0 {
                X509_STORE_up_ref(store as *mut X509_STORE);
                *lock(to) = store;
            }
        }
    }
}

impl CtrlShell {
    /// Replaces a store: OpenSSL frees the old one; `up_ref` says whether the
    /// caller keeps its reference (the set1 forms).
    pub unsafe fn set_store(&self, chain: bool, store: *mut X509_STORE, up_ref: bool) {
        let slot = if chain {
            &self.chain_store
        } else {
            &self.verify_store
        };
        let mut s = lock(slot);
        if *s != 0 {
            X509_STORE_free(*s as *mut X509_STORE);
        }
        *s = store as usize;
        if up_ref && !store.is_null() {
            X509_STORE_up_ref(store);
        }
    }

    pub fn store(&self, chain: bool) -> usize {
        *lock(if chain {
            &self.chain_store
        } else {
            &self.verify_store
        })
    }

    /// Replaces the owned OCSP response.
    pub unsafe fn set_ocsp_resp(&self, resp: usize, len: i64) {
        let mut r = lock(&self.ocsp_resp);
        if r.0 != 0 {
            CRYPTO_free(r.0 as *mut c_void, c"ssl/ctrl".as_ptr(), 0);
        }
        *r = (resp, len);
    }

    pub unsafe fn set_srtp_profiles(&self, st: usize) {
        let mut s = lock(&self.srtp_profiles);
        if *s != 0 {
            OPENSSL_sk_free(*s as *mut OPENSSL_STACK);
        }
        *s = st;
    }

    /// The ticket keys, drawn at random the first time they are read.
    pub fn ticket_keys(&self) -> [u8; 80] {
        *lock(&self.ticket_keys).get_or_insert_with(|| {
            let mut k = [0u8; 80];
            // SAFETY: 80 writable bytes.
            unsafe { RAND_bytes(k.as_mut_ptr(), 80) };
            k
        })
    }
}
