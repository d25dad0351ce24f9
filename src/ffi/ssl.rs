//! `SSL` lifecycle, connection state, and the session a connection holds.

use super::consts::*;
use super::ctx::GEN_SESSION_CB;
use super::err::raise;
use super::{borrow, bytes, clone_shared, give, guard, set_id_context, take_shared, up_ref};
use super::{SSL, SSL_CTX, SSL_SESSION};
use crate::core::cache::SessionKey;
use crate::core::session::{Session, ShortBytes};
use crate::core::ssl::Ssl;
use crate::sync::Shared;
use std::os::raw::{c_int, c_long, c_uint};
use std::sync::atomic::Ordering;

#[no_mangle]
pub unsafe extern "C" fn SSL_new(ctx: *mut SSL_CTX) -> *mut SSL {
    guard!(std::ptr::null_mut(), {
        match clone_shared(ctx) {
            Some(ctx) => {
                let ssl = Ssl::new(ctx);
                super::ctrl_shell::inherit_into(&ssl);
                super::app_data::ssl_born(&ssl);
                let s = give(ssl);
                if !super::certs_extra::ssl_new_sets_ct(s) {
                    SSL_free(s);
                    raise!(super::consts::ERR_R_MALLOC_FAILURE, "SSL_new");
                    return std::ptr::null_mut();
                }
                s
            }
            None => {
                raise!(SSL_R_NULL_SSL_CTX, "SSL_new");
                std::ptr::null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_up_ref(s: *mut SSL) -> c_int {
    guard!(0, { up_ref(s) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_free(s: *mut SSL) {
    guard!((), { drop(take_shared(s)) })
}

/// The method of the connection's current context (`SSL_set_SSL_CTX`), which
/// `SSL_clear` and `SSL_set_session` go back to, as OpenSSL's `s->ctx->method`.
pub(super) fn current_method(ssl: &crate::core::ssl::Ssl) -> &'static crate::core::method::Method {
    // SAFETY: the connection holds a reference to its current context.
    unsafe { (*super::ctrl_shell::active_ctx(ssl)).method() }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_clear(s: *mut SSL) -> c_int {
    guard!(0, {
        match borrow(s) {
            Some(ssl) if super::handshake::may_clear(ssl) => {
                let (before, ctx_method) = (ssl.method(), current_method(ssl));
                ssl.clear_to(ctx_method);
                if !std::ptr::eq(before, ctx_method) {
                    super::srp::renew_with_method(s);
                }
                1
            }
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_SSL_CTX(ssl: *const SSL) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), {
        borrow(ssl).map_or(std::ptr::null_mut(), |s| {
            super::ctrl_shell::active_ctx(s) as *mut SSL_CTX
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_version(ssl: *const SSL) -> c_int {
    guard!(0, { borrow(ssl).map_or(0, |s| s.version()) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_is_server(s: *const SSL) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.is_server() as c_int) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_connect_state(s: *mut SSL) {
    guard!((), {
        if let Some(s) = borrow(s) {
            s.set_role(false)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_accept_state(s: *mut SSL) {
    guard!((), {
        if let Some(s) = borrow(s) {
            s.set_role(true)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_default_timeout(s: *const SSL) -> c_long {
    guard!(0, {
        borrow(s).map_or(0, |s| s.default_timeout() as c_long)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_id_context(
    ssl: *mut SSL,
    sid_ctx: *const u8,
    sid_ctx_len: c_uint,
) -> c_int {
    guard!(0, {
        set_id_context!(ssl, sid_ctx, sid_ctx_len, "SSL_set_session_id_context")
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_session_reused(s: *const SSL) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.session_reused() as c_int) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_shutdown(ssl: *const SSL) -> c_int {
    guard!(0, { borrow(ssl).map_or(0, |s| s.shutdown()) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_shutdown(ssl: *mut SSL, mode: c_int) {
    guard!((), {
        if let Some(s) = borrow(ssl) {
            s.set_shutdown(mode)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_in_init(s: *const SSL) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.in_init() as c_int) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_in_before(s: *const SSL) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.in_before() as c_int) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_is_init_finished(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| s.is_init_finished() as c_int)
    })
}

/// The session without a reference: valid while the connection holds it.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_session(ssl: *const SSL) -> *mut SSL_SESSION {
    guard!(std::ptr::null_mut(), {
        borrow(ssl).map_or(std::ptr::null_mut(), |s| {
            s.peek_session() as *mut SSL_SESSION
        })
    })
}

/// OpenSSL's header makes this a macro for `SSL_get_session`; sessl also exports
/// it as a function for callers that look symbols up at run time.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_session(ssl: *const SSL) -> *mut SSL_SESSION {
    SSL_get_session(ssl)
}

/// The session with one more reference; lock-free, and safe against a concurrent
/// `SSL_set_session` on the same connection (which OpenSSL 3.0 is not).
#[no_mangle]
pub unsafe extern "C" fn SSL_get1_session(ssl: *mut SSL) -> *mut SSL_SESSION {
    guard!(std::ptr::null_mut(), {
        match borrow(ssl).and_then(|s| s.session()) {
            Some(session) => give(session),
            None => std::ptr::null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_session(to: *mut SSL, session: *mut SSL_SESSION) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(to) else { return 0 };
        let session = clone_shared(session);
        let verify_result = session_verify_result(session.as_ref());
        let before = ssl.method().protocol;
        let r = ssl.set_session_to(session, current_method(ssl));
        if ssl.method().protocol != before {
            super::srp::renew_with_method(to);
        }
        if r.is_err() {
            return 0;
        }
        take_verify_result(ssl, verify_result);
        1
    })
}

/// The verify result a session carries (`None` for no session).
fn session_verify_result(session: Option<&Shared<Session>>) -> Option<i64> {
    session.map(|s| s.read(|d| d.verify_result))
}

/// `SSL_set_session` gives the connection its session's verify result
/// (`SSL_get_verify_result`); without a session the connection keeps its own.
fn take_verify_result(ssl: &Ssl, verify_result: Option<i64>) {
    if let Some(v) = verify_result {
        super::certs_state::ssl_certs(ssl).verify_result = v as c_long;
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_copy_session_id(to: *mut SSL, from: *const SSL) -> c_int {
    guard!(0, {
        match (borrow(to), borrow(from)) {
            (Some(t), Some(f)) => {
                // Through SSL_set_session, as in OpenSSL: the verify result too.
                let verify_result = session_verify_result(f.session().as_ref());
                let (before, ctx_method) = (t.method(), current_method(t));
                let from_method = if std::ptr::eq(t, f) {
                    ctx_method
                } else {
                    f.method()
                };
                // OpenSSL makes the method state anew (so SRP from the
                // context) when SSL_set_session goes back to the context's
                // method of another version, and when `f`'s method is
                // another than that one.
                let renew = before.protocol != ctx_method.protocol
                    || !std::ptr::eq(ctx_method, from_method);
                let copied = t.copy_session_id_to(f, ctx_method);
                if renew && (copied.is_ok() || before.protocol != ctx_method.protocol) {
                    super::srp::renew_with_method(to);
                }
                if copied.is_err() {
                    return 0;
                }
                take_verify_result(t, verify_result);
                // `t` then shares `f`'s CERT.
                if !std::ptr::eq(t, f) {
                    super::cert_share::share(f, t);
                }
                1
            }
            _ => 0,
        }
    })
}

/// Whether the context's cache holds a session with this id under the
/// connection's protocol version.
#[no_mangle]
pub unsafe extern "C" fn SSL_has_matching_session_id(
    ssl: *const SSL,
    id: *const u8,
    id_len: c_uint,
) -> c_int {
    guard!(0, {
        if id_len as usize > SSL_MAX_SSL_SESSION_ID_LENGTH as usize {
            return 0;
        }
        match (borrow(ssl), bytes(id, id_len as usize)) {
            (Some(s), Some(id)) => match ShortBytes::new(id) {
                Ok(id) => s.ctx().cache().contains(&SessionKey::new(s.version(), id)) as c_int,
                Err(_) => 0,
            },
            _ => 0,
        }
    })
}

/// Kept for handshakes, which sessl does not perform; returns 1 like OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_generate_session_id(s: *mut SSL, cb: GEN_SESSION_CB) -> c_int {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        ssl.generate_session_id_hook
            .store(cb.map_or(0, |f| f as usize), Ordering::Relaxed);
        1
    })
}
