//! The certificate family's state of a context or connection: OpenSSL's `CERT`
//! (a certificate, key and chain per key type, and which one is current), the
//! password and certificate callbacks, the verification settings and the CA
//! name lists. It holds libcrypto objects, so it lives in the C shell; the core
//! keeps it opaque in `Ctx::certs_shell` / `Ssl::certs_shell`.

use super::certs_crypto::*;
use crate::core::config::ShellState;
use crate::core::{ctx::Ctx, ssl::Ssl};
use crate::sync::lock;
use std::any::Any;
use std::os::raw::{c_int, c_long};
use std::ptr::null_mut;
use std::sync::{Mutex, MutexGuard};

/// The key types OpenSSL keeps one certificate for, in its order (its
/// `SSL_PKEY_*` indexes): RSA, RSA-PSS, DSA, EC, three GOST, Ed25519, Ed448.
pub(crate) const KEY_TYPE_NIDS: [c_int; 9] = [6, 912, 116, 408, 811, 979, 980, 1087, 1088];
/// `SSL_PKEY_ECC`.
pub(crate) const SLOT_EC: usize = 3;

/// One key type's certificate, private key and extra chain certificates.
pub struct Slot {
    pub x509: *mut X509,
    pub key: *mut EVP_PKEY,
    pub chain: *mut stack_st_X509,
}

/// OpenSSL's `CERT`: the slots and the current one (`cert->key`), RSA's at first.
pub struct CertSet {
    pub slots: [Slot; 9],
    pub current: usize,
}

impl Default for CertSet {
    fn default() -> Self {
        CertSet {
            slots: std::array::from_fn(|_| Slot {
                x509: null_mut(),
                key: null_mut(),
                chain: null_mut(),
            }),
            current: 0,
        }
    }
}

impl CertSet {
    /// `ssl_cert_dup`: the same objects, one more reference each; chains copied.
    pub fn dup(&self) -> CertSet {
        let mut out = CertSet::default();
        out.current = self.current;
        for (to, from) in out.slots.iter_mut().zip(&self.slots) {
            // SAFETY: the slot's objects are live; each reference taken here is
            // released by the copy's Drop.
            unsafe {
                if !from.x509.is_null() {
                    X509_up_ref(from.x509);
                    to.x509 = from.x509;
                }
                if !from.key.is_null() {
                    EVP_PKEY_up_ref(from.key);
                    to.key = from.key;
                }
                if !from.chain.is_null() {
                    let chain = OPENSSL_sk_new_null();
                    for i in 0..OPENSSL_sk_num(from.chain as *const _) {
                        let x = OPENSSL_sk_value(from.chain as *const _, i) as *mut X509;
                        X509_up_ref(x);
                        OPENSSL_sk_push(chain, x as *const _);
                    }
                    to.chain = chain as *mut stack_st_X509;
                }
            }
        }
        out
    }

    /// `ssl_cert_clear_certs`: every slot emptied.
    pub fn clear(&mut self) {
        for slot in &mut self.slots {
            // SAFETY: each pointer is owned by this slot and set to NULL once freed.
            unsafe {
                X509_free(slot.x509);
                EVP_PKEY_free(slot.key);
                if !slot.chain.is_null() {
                    OPENSSL_sk_pop_free(slot.chain as *mut _, free_x509);
                }
            }
            slot.x509 = null_mut();
            slot.key = null_mut();
            slot.chain = null_mut();
        }
    }

    /// Takes `from`'s objects where they differ from this set's, leaving
    /// this set's old ones in `from` (which the caller frees, with the
    /// references of `from` it did not take). Unchanged objects and equal
    /// chains stay as they are, so pointers handed out to them stay valid.
    pub fn take_differing(&mut self, from: &mut CertSet) {
        self.current = from.current;
        for (to, new) in self.slots.iter_mut().zip(from.slots.iter_mut()) {
            if to.x509 != new.x509 {
                std::mem::swap(&mut to.x509, &mut new.x509);
            }
            if to.key != new.key {
                std::mem::swap(&mut to.key, &mut new.key);
            }
            // SAFETY: both chains are NULL or live stacks of certificates.
            if !unsafe { same_certs(to.chain, new.chain) } {
                std::mem::swap(&mut to.chain, &mut new.chain);
            }
        }
    }

    pub fn current(&self) -> &Slot {
        &self.slots[self.current]
    }

    /// `SSL_CTRL_SET_CURRENT_CERT` with `SSL_CERT_SET_FIRST` (1) or
    /// `SSL_CERT_SET_NEXT` (2): the first slot holding a certificate and a
    /// key, from the first or from the one after the current, becomes
    /// current (1); none, or another operation, changes nothing (0).
    pub fn set_current(&mut self, op: c_long) -> c_long {
        let from = match op {
            1 => 0,
            2 => self.current + 1,
            _ => return 0,
        };
        self.make_current(|i, s| i >= from && s.ready())
    }

    /// `SSL_CTRL_SELECT_CURRENT_CERT`: the slot holding `x` (that very
    /// certificate first, else an equal one) with a key becomes current (1);
    /// none, or NULL, changes nothing (0).
    pub unsafe fn select(&mut self, x: *mut X509) -> c_long {
        if x.is_null() {
            return 0;
        }
        if self.make_current(|_, s| s.ready() && s.x509 == x) == 1 {
            return 1;
        }
        // SAFETY (caller): `x` is a live certificate; a ready slot's is too.
        self.make_current(|_, s| s.ready() && unsafe { X509_cmp(s.x509, x) } == 0)
    }

    /// The first slot `pick` accepts (given its index) becomes current: 1,
    /// or 0 for none.
    fn make_current(&mut self, pick: impl Fn(usize, &Slot) -> bool) -> c_long {
        match (0..self.slots.len()).find(|&i| pick(i, &self.slots[i])) {
            Some(i) => {
                self.current = i;
                1
            }
            None => 0,
        }
    }
}

impl Slot {
    /// A certificate and its key: a slot that can be chosen as current.
    fn ready(&self) -> bool {
        !self.x509.is_null() && !self.key.is_null()
    }
}

/// Whether two chains (NULL or stacks) hold the same certificates.
unsafe fn same_certs(a: *mut stack_st_X509, b: *mut stack_st_X509) -> bool {
    if a.is_null() || b.is_null() {
        return a.is_null() && b.is_null();
    }
    let n = OPENSSL_sk_num(a as *const _);
    n == OPENSSL_sk_num(b as *const _)
        && (0..n).all(|i| OPENSSL_sk_value(a as *const _, i) == OPENSSL_sk_value(b as *const _, i))
}

impl Drop for CertSet {
    fn drop(&mut self) {
        self.clear();
    }
}

/// A callback and its argument, as the application gave them.
#[derive(Clone, Copy, Default)]
pub struct Hook {
    pub func: usize,
    pub arg: usize,
}

/// The settings of a context or connection (some fields are used by one only).
pub struct Certs {
    pub cert: CertSet,
    /// `SSL_CTX_set_cert_cb` / `SSL_set_cert_cb`: part of OpenSSL's `CERT`.
    pub cert_cb: Hook,
    /// `default_passwd_callback` and its userdata.
    pub passwd: Hook,
    pub verify_mode: c_int,
    pub verify_callback: usize,
    /// Created on first use (OpenSSL creates it with the object); a new one
    /// carries the defaults either way.
    pub param: *mut X509_VERIFY_PARAM,
    /// Context only: `None` until first used (OpenSSL's new context has an
    /// empty store); `Some(NULL)` after `SSL_CTX_set_cert_store(ctx, NULL)`.
    pub store: Option<*mut X509_STORE>,
    /// `client_ca_names` and `ca_names`: `None` until first used or set. A
    /// context's start empty (created on first use) and are NULL once set to
    /// NULL; a connection's are NULL until set, and it reads its context's.
    pub client_ca: Option<*mut stack_st_X509_NAME>,
    pub ca_names: Option<*mut stack_st_X509_NAME>,
    /// Context only: `SSL_CTX_set_cert_verify_callback`, `SSL_CTX_set_client_cert_cb`.
    pub cert_verify_cb: Hook,
    pub client_cert_cb: usize,
    /// Connection only: `SSL_get_verify_result`.
    pub verify_result: c_long,
    /// `SSL_CTX_set0_tmp_dh_pkey`: owned (part of OpenSSL's `CERT`).
    pub dh_tmp: *mut EVP_PKEY,
    /// `SSL_CTX_set_tmp_dh_callback` (part of `CERT`).
    pub dh_callback: usize,
    /// `SSL_CTX_set_ct_validation_callback` and its argument.
    pub ct_validation: Hook,
    /// Context only: the CT log store, created on first use; `Some(NULL)`
    /// after `SSL_CTX_set0_ctlog_store(ctx, NULL)`.
    pub ctlog_store: Option<*mut CTLOG_STORE>,
    /// Context only: the serverinfo of each slot (`SSL_CTX_use_serverinfo*`).
    pub serverinfo: [Vec<u8>; 9],
    /// DANE: a context's digests by matching type (`None` until enabled) with
    /// their preference; a connection's records (`None` until enabled); both
    /// have flags, which `SSL_new` copies.
    pub dane: super::certs_dane::Dane,
    /// Context only: `SSL_CTX_set_client_cert_engine`'s engine, initialised.
    pub client_cert_engine: *mut ENGINE,
}

// SAFETY: every field is reached through the Mutex of `CertsShell`; libcrypto's
// objects have no thread affinity.
unsafe impl Send for Certs {}

impl Default for Certs {
    fn default() -> Self {
        Certs {
            cert: CertSet::default(),
            cert_cb: Hook::default(),
            passwd: Hook::default(),
            verify_mode: 0,
            verify_callback: 0,
            param: null_mut(),
            store: None,
            client_ca: None,
            ca_names: None,
            cert_verify_cb: Hook::default(),
            client_cert_cb: 0,
            verify_result: 0,
            dh_tmp: null_mut(),
            dh_callback: 0,
            ct_validation: Hook::default(),
            ctlog_store: None,
            serverinfo: Default::default(),
            dane: Default::default(),
            client_cert_engine: null_mut(),
        }
    }
}

impl Certs {
    /// The verification parameters, created on first use.
    pub fn param(&mut self) -> *mut X509_VERIFY_PARAM {
        if self.param.is_null() {
            // SAFETY: plain constructor; owned by `self` from here on.
            self.param = unsafe { X509_VERIFY_PARAM_new() };
        }
        self.param
    }

    /// The context's store, created on first use.
    pub fn store(&mut self) -> *mut X509_STORE {
        // SAFETY: plain constructor; owned by `self` from here on.
        *self
            .store
            .get_or_insert_with(|| unsafe { X509_STORE_new() })
    }

    /// A context's CA list, created empty on first use.
    pub fn ctx_list(list: &mut Option<*mut stack_st_X509_NAME>) -> *mut stack_st_X509_NAME {
        // SAFETY: plain constructor; owned by the list's holder.
        *list.get_or_insert_with(|| unsafe { OPENSSL_sk_new_null() } as *mut stack_st_X509_NAME)
    }
}

/// `set0_CA_list`: the old list freed, the new one owned.
pub fn replace_list(list: &mut Option<*mut stack_st_X509_NAME>, new: *mut stack_st_X509_NAME) {
    if let Some(old) = list.replace(new) {
        if !old.is_null() {
            // SAFETY: the list and its names are owned by the holder.
            unsafe { OPENSSL_sk_pop_free(old as *mut _, free_name) };
        }
    }
}

impl Drop for Certs {
    fn drop(&mut self) {
        // SAFETY: each object is owned here; the free functions accept NULL.
        unsafe {
            X509_VERIFY_PARAM_free(self.param);
            if let Some(store) = self.store {
                X509_STORE_free(store);
            }
            EVP_PKEY_free(self.dh_tmp);
            if !self.client_cert_engine.is_null() {
                ENGINE_finish(self.client_cert_engine);
            }
            if let Some(logs) = self.ctlog_store {
                CTLOG_STORE_free(logs);
            }
        }
        replace_list(&mut self.client_ca, null_mut());
        replace_list(&mut self.ca_names, null_mut());
    }
}

/// The state object stored in the core's `certs_shell`.
pub struct CertsShell(Mutex<Certs>);

impl ShellState for CertsShell {
    /// What `SSL_new` copies: the `CERT` (references to the same certificates
    /// and keys, the temporary DH key and callback), the CT validation
    /// callback, the password callback, the verify mode and callback and the
    /// verification parameters (`X509_VERIFY_PARAM_inherit` into a new one).
    fn for_new_ssl(&self) -> Box<dyn ShellState> {
        let mut from = lock(&self.0);
        let mut to = Certs::default();
        to.cert = from.cert.dup();
        to.cert_cb = from.cert_cb;
        to.passwd = from.passwd;
        to.verify_mode = from.verify_mode;
        to.verify_callback = from.verify_callback;
        to.dh_callback = from.dh_callback;
        to.ct_validation = from.ct_validation;
        to.dane.flags = from.dane.flags;
        if !from.dh_tmp.is_null() {
            // SAFETY: a live key; the copy's reference is released by its Drop.
            unsafe { EVP_PKEY_up_ref(from.dh_tmp) };
            to.dh_tmp = from.dh_tmp;
        }
        let from_param = from.param();
        // SAFETY: both parameters are live; inherit copies values.
        unsafe { X509_VERIFY_PARAM_inherit(to.param(), from_param) };
        Box::new(CertsShell(Mutex::new(to)))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn shell_of(cell: &std::sync::OnceLock<Box<dyn ShellState>>) -> MutexGuard<'_, Certs> {
    let state = cell.get_or_init(|| Box::new(CertsShell(Mutex::new(Certs::default()))));
    match state.as_any().downcast_ref::<CertsShell>() {
        Some(shell) => lock(&shell.0),
        // Only this module stores into `certs_shell`.
        None => unreachable!("certs_shell holds another type"),
    }
}

/// The context's certificate state, locked.
pub fn ctx_certs(ctx: &Ctx) -> MutexGuard<'_, Certs> {
    shell_of(&ctx.certs_shell)
}

/// The connection's certificate state, locked. Never hold it while taking the
/// context's.
pub fn ssl_certs(ssl: &Ssl) -> MutexGuard<'_, Certs> {
    shell_of(&ssl.certs_shell)
}

/// `SSL_set_SSL_CTX`: the connection's certificate configuration becomes a
/// copy of its new context's, as OpenSSL gives the connection a copy of the
/// context's `CERT`: certificates, keys and chains, the certificate callback,
/// the temporary DH key and callback. The verify settings, CA lists and CT
/// callback are the connection's own and stay. `from` is released before
/// the connection's state is locked.
pub fn adopt_certs(from: MutexGuard<'_, Certs>, ssl: &Ssl) {
    if !from.dh_tmp.is_null() {
        // SAFETY: a live key; the connection's reference is released by its
        // Drop or the next replacement.
        unsafe { EVP_PKEY_up_ref(from.dh_tmp) };
    }
    let (cert, cert_cb, dh_tmp, dh_callback) =
        (from.cert.dup(), from.cert_cb, from.dh_tmp, from.dh_callback);
    drop(from);
    let old = {
        let mut to = ssl_certs(ssl);
        to.cert_cb = cert_cb;
        to.dh_callback = dh_callback;
        let old_dh = std::mem::replace(&mut to.dh_tmp, dh_tmp);
        (std::mem::replace(&mut to.cert, cert), old_dh)
    };
    // The previous certificates and key are released outside the lock.
    // SAFETY: the connection owned this reference; NULL is accepted.
    unsafe { EVP_PKEY_free(old.1) };
    drop(old.0);
}

/// The `CERT` part of `from`'s certificate state into `to`'s (see
/// `cert_share::copy_cert`): only what differs is replaced; what `to` no
/// longer holds goes to `out`. The two states are never locked together.
pub fn sync_certs(from: &Ssl, to: &Ssl, out: &mut super::cert_share::Released) {
    let f = ssl_certs(from);
    if !f.dh_tmp.is_null() {
        // SAFETY: a live key; this reference ends in `to` or in `out`.
        unsafe { EVP_PKEY_up_ref(f.dh_tmp) };
    }
    let (mut cert, cert_cb, mut dh_tmp, dh_callback) =
        (f.cert.dup(), f.cert_cb, f.dh_tmp, f.dh_callback);
    drop(f);
    {
        let mut t = ssl_certs(to);
        t.cert.take_differing(&mut cert);
        t.cert_cb = cert_cb;
        t.dh_callback = dh_callback;
        if t.dh_tmp != dh_tmp {
            std::mem::swap(&mut t.dh_tmp, &mut dh_tmp);
        }
    }
    out.certs.push(cert);
    if !dh_tmp.is_null() {
        out.keys.push(dh_tmp as usize);
    }
}
