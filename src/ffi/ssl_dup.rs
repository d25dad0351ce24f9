//! `SSL_dup`: a connection that has not started a handshake (every sessl
//! connection) is copied into a new connection of its current context, as
//! OpenSSL 3.0 copies it: the session (shared) or else the method,
//! certificate settings (OpenSSL's `CERT`, duplicated) and session id context;
//! version, options, mode, record limits, the message, verify, info,
//! session-id and password callbacks, the verify settings, ex_data (with the
//! dup callbacks), the role and shutdown state, the cipher list and
//! the CA name lists, the protocol bounds. What OpenSSL leaves out (quiet
//! shutdown, ALPN, host name, tickets, verify result, ...) comes from the
//! context, as for `SSL_new`.

use super::certs_crypto::stack_st_X509_NAME;
use super::certs_crypto::{
    X509_VERIFY_PARAM_get_depth, X509_VERIFY_PARAM_inherit, X509_VERIFY_PARAM_set_depth,
};
use super::certs_state::{replace_list, ssl_certs};
use super::shell::CryptoExData;
use super::ssl::{SSL_copy_session_id, SSL_free, SSL_new};
use super::{borrow, guard, SSL, SSL_CTX};
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::os::raw::c_int;
use std::sync::atomic::Ordering::{AcqRel, Acquire, Relaxed, Release};

#[allow(unused_doc_comments)]
/// cbindgen:ignore
#[link(name = "crypto")]
extern "C" {
    fn CRYPTO_dup_ex_data(index: c_int, to: *mut CryptoExData, from: *const CryptoExData) -> c_int;
}

/// `CRYPTO_EX_INDEX_SSL`.
const EX_INDEX_SSL: c_int = 0;

/// Copies `s`, or, for a connection past the start of a handshake (none in
/// sessl), returns it with one more reference, as OpenSSL does.
#[no_mangle]
pub unsafe extern "C" fn SSL_dup(s: *mut SSL) -> *mut SSL {
    guard!(std::ptr::null_mut(), {
        let Some(from) = borrow(s) else {
            return std::ptr::null_mut();
        };
        if !from.in_init() || !from.in_before() {
            super::up_ref(s);
            return s;
        }
        let ret = SSL_new(super::ctrl_shell::active_ctx(from) as *mut SSL_CTX);
        let Some(to) = borrow(ret) else {
            return std::ptr::null_mut();
        };
        if copy(s, from, ret, to) {
            ret
        } else {
            SSL_free(ret);
            std::ptr::null_mut()
        }
    })
}

/// OpenSSL's steps, in its order (ex_data dup callbacks may observe it);
/// false when one fails.
unsafe fn copy(s: *mut SSL, from: &Ssl, ret: *mut SSL, to: &Ssl) -> bool {
    if !from.peek_session().is_null() {
        // The session, method, certificate settings and session id context.
        if SSL_copy_session_id(ret, s) == 0 {
            return false;
        }
    } else {
        to.set_method(from.method());
        drop(super::cert_share::copy_cert(from, to));
        let _ = to.set_sid_ctx(from.sid_ctx().as_slice());
    }
    super::certs_dane::dup_records(from, to);
    to.copy_version(from);
    for (f, t) in [
        (&from.ctrl.options, &to.ctrl.options),
        (&from.ctrl.max_cert_list, &to.ctrl.max_cert_list),
    ] {
        t.store(f.load(Relaxed), Relaxed);
    }
    to.ctrl.mode.store(from.ctrl.mode.load(Relaxed), Relaxed);
    // Probed: 3.0's copy also takes the protocol bounds.
    for (f, t) in [
        (&from.ctrl.min_proto, &to.ctrl.min_proto),
        (&from.ctrl.max_proto, &to.ctrl.max_proto),
    ] {
        t.store(f.load(Relaxed), Relaxed);
    }
    to.ctrl
        .read_ahead
        .store(from.ctrl.read_ahead.load(Relaxed), Relaxed);
    copy_msg_callback(from, to);
    copy_verify(from, to);
    to.generate_session_id_hook
        .store(from.generate_session_id_hook.load(Relaxed), Relaxed);
    use crate::core::config::callbacks::Hook;
    to.callbacks
        .hooks
        .set(Hook::InfoCb, from.callbacks.hooks.get(Hook::InfoCb));
    let words = |a: &Ssl| a.callbacks.app_data.words.as_ptr() as *mut CryptoExData;
    if CRYPTO_dup_ex_data(EX_INDEX_SSL, words(to), words(from)) == 0 {
        return false;
    }
    // The BIOs are not copied (probed: 3.0.19 calls no ctrl on them; the
    // copy has none).
    to.copy_role_and_shutdown(from);
    {
        let mut f = ssl_certs(from);
        let passwd = f.passwd;
        let from_param = f.param();
        drop(f);
        let mut t = ssl_certs(to);
        t.passwd = passwd;
        X509_VERIFY_PARAM_inherit(t.param(), from_param);
    }
    copy_ciphers(from, to);
    copy_ca_lists(from, to);
    true
}

/// The message callback and its argument (stored by two families).
fn copy_msg_callback(from: &Ssl, to: &Ssl) {
    use crate::core::config::callbacks::Hook;
    for h in [Hook::MsgCb, Hook::MsgArg] {
        to.callbacks.hooks.set(h, from.callbacks.hooks.get(h));
    }
    let (f, t) = (&from.ctrl.hooks, &to.ctrl.hooks);
    t.msg_callback.store(f.msg_callback.load(Relaxed), Relaxed);
    t.msg_callback_arg
        .store(f.msg_callback_arg.load(Relaxed), Relaxed);
}

/// `SSL_set_verify(ret, mode, callback)` and `SSL_set_verify_depth`.
unsafe fn copy_verify(from: &Ssl, to: &Ssl) {
    let mut f = ssl_certs(from);
    let (mode, callback) = (f.verify_mode, f.verify_callback);
    let depth = X509_VERIFY_PARAM_get_depth(f.param());
    drop(f);
    let mut t = ssl_certs(to);
    t.verify_mode = mode;
    t.verify_callback = callback;
    X509_VERIFY_PARAM_set_depth(t.param(), depth);
}

/// The connection's own cipher list, when it has one (else it keeps using
/// its context's).
fn copy_ciphers(from: &Ssl, to: &Ssl) {
    if !from.has_own_cipher_list.load(Acquire) {
        return;
    }
    let settings = lock(&from.ciphers).clone();
    let mut t = lock(&to.ciphers);
    *t = settings;
    to.has_own_cipher_list.store(true, Release);
    to.cipher_shell_current.swap(0, AcqRel);
}

/// `ca_names` and `client_ca_names`: copies of the connection's own lists
/// (names duplicated); none when it has none (it reads its context's).
unsafe fn copy_ca_lists(from: &Ssl, to: &Ssl) {
    let dup = |l: Option<*mut stack_st_X509_NAME>| -> Option<*mut stack_st_X509_NAME> {
        l.map(|l| {
            if l.is_null() {
                l
            } else {
                super::certs_ca::SSL_dup_CA_list(l)
            }
        })
    };
    let (client_ca, ca_names) = {
        let f = ssl_certs(from);
        (dup(f.client_ca), dup(f.ca_names))
    };
    let t = &mut *ssl_certs(to);
    for (slot, list) in [(&mut t.client_ca, client_ca), (&mut t.ca_names, ca_names)] {
        match list {
            Some(l) => replace_list(slot, l),
            None => {
                replace_list(slot, std::ptr::null_mut());
                *slot = None;
            }
        }
    }
}
