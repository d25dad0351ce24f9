//! OpenSSL's `CERT` shared between connections (`core::cert_group`):
//! `SSL_copy_session_id(t, f)` puts `t` in `f`'s group with a copy of `f`'s
//! certificate state, and every change of that state through a member is
//! copied to the others ([`changed`], called by the setters), so each reads
//! what OpenSSL's shared `CERT` holds. `SSL_set_SSL_CTX` takes a connection
//! out of its group. A copy replaces only what differs, so pointers the
//! application got from a member (a chain, a store) stay valid until the
//! state they belong to changes, as with OpenSSL's single `CERT`.

use super::certs_state::CertSet;
use super::ctrl_shell::{existing, shell};
use super::SSL;
use crate::core::ssl::Ssl;
use crate::sync::lock;

/// What a copy replaced (or the copy's references it did not need), freed
/// once no lock is held: a last reference's free may call back into C.
#[derive(Default)]
pub struct Released {
    pub certs: Vec<CertSet>,
    /// `EVP_PKEY` addresses.
    pub keys: Vec<usize>,
    /// `X509_STORE` addresses.
    pub stores: Vec<usize>,
}

impl Drop for Released {
    fn drop(&mut self) {
        self.certs.clear();
        // SAFETY: each address is a reference this value owns.
        unsafe {
            for k in self.keys.drain(..) {
                super::certs_crypto::EVP_PKEY_free(k as *mut super::certs_crypto::EVP_PKEY);
            }
            for s in self.stores.drain(..) {
                super::ctrl_shell::free_store(s);
            }
        }
    }
}

/// `to`'s certificate state becomes `from`'s (what OpenSSL keeps in its
/// `CERT`): certificates, keys and chains, the certificate callback, the
/// temporary DH key and callbacks, DH auto, the certificate flags (Suite B),
/// the chain and verify stores, the security level, callback and `ex`, the
/// signature algorithms, the PSK identity hint and the custom extensions.
/// Used by `SSL_copy_session_id`, `SSL_dup` and [`changed`].
pub(crate) fn copy_cert(from: &Ssl, to: &Ssl) -> Released {
    let mut out = Released::default();
    super::certs_state::sync_certs(from, to, &mut out);
    to.ctrl.copy_cert_settings(&from.ctrl);
    if existing(&from.ctrl_shell).is_some() || existing(&to.ctrl_shell).is_some() {
        // SAFETY: both shells hold live objects; what `to` drops goes to `out`.
        unsafe {
            super::ctrl_shell::sync(shell(&from.ctrl_shell), shell(&to.ctrl_shell), &mut out)
        };
    }
    let level = lock(&from.ciphers).security_level();
    lock(&to.ciphers).set_security_level(level);
    to.security.copy_cert_part_from(&from.security);
    let bytes = from.callbacks.bytes_snapshot().unwrap_or_default();
    let mut t = to.callbacks.bytes();
    t.psk_identity_hint = bytes.psk_identity_hint;
    t.custom_exts = bytes.custom_exts;
    out
}

/// `SSL_copy_session_id(to, from)`'s `CERT`: `to` leaves its group, joins
/// `from`'s and takes its state.
pub(crate) fn share(from: &Ssl, to: &Ssl) {
    to.cert_group.join(addr(to), &from.cert_group, addr(from));
    drop(copy_cert(from, to));
}

/// `SSL_set_SSL_CTX`: the connection gets a `CERT` of its own.
pub(crate) fn unshare(ssl: &Ssl) {
    ssl.cert_group.leave(addr(ssl));
}

fn addr(ssl: &Ssl) -> usize {
    ssl as *const Ssl as usize
}

/// After a change of `ssl`'s certificate state: the other connections of
/// its group take it. Call with no lock of `ssl` held.
pub(crate) fn changed(ssl: &Ssl) {
    let Some(group) = ssl.cert_group.group() else {
        return;
    };
    let mut released = Vec::new();
    {
        let members = group.members();
        for &m in members.iter().filter(|&&m| m != addr(ssl)) {
            // SAFETY: a member leaves its group (under this lock) before
            // any of its fields is dropped, so it is whole while listed.
            let peer = unsafe { &*(m as *const Ssl) };
            released.push(copy_cert(ssl, peer));
        }
    }
    drop(released);
}

/// [`changed`] for a C pointer (NULL is nothing).
pub(crate) unsafe fn changed_ptr(s: *const SSL) {
    if let Some(ssl) = super::borrow(s) {
        changed(ssl);
    }
}

/// Runs an export's body, then [`changed`] for its connection: the body's
/// locks are released by then (a closure's temporaries end with it).
pub(crate) unsafe fn then_changed<R>(s: *const SSL, body: impl FnOnce() -> R) -> R {
    let r = body();
    changed_ptr(s);
    r
}
