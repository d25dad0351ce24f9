//! `SSL_CTX` lifecycle and settings.

use super::consts::*;
use super::err::raise;
use super::{borrow, borrow_shared, c_ptr, give, guard, set_id_context, take_shared, up_ref};
use super::{OSSL_LIB_CTX, SSL, SSL_CTX, SSL_METHOD, SSL_SESSION};
use crate::core::cache::{Added, RemoveHook};
use crate::core::ctx::{Ctx, HandshakeHooks};
use crate::core::method::{known_method, Method};
use crate::core::session::Session;
use std::os::raw::{c_char, c_int, c_long, c_uint};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), {
        new_ctx(meth, std::ptr::null_mut(), std::ptr::null())
    })
}

/// The library context and property query decide which suites the context
/// can use (`ctx_libctx`); nothing else of the session layer fetches, so
/// they are not kept.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new_ex(
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
    meth: *const SSL_METHOD,
) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), { new_ctx(meth, libctx, propq) })
}

unsafe fn new_ctx(
    meth: *const SSL_METHOD,
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
) -> *mut SSL_CTX {
    // Only sessl's own methods are accepted: a pointer from elsewhere would be
    // read by OpenSSL as a method table; here it is refused like NULL.
    let Some(method) = known_method(meth as *const Method) else {
        // OpenSSL reports the failure from SSL_CTX_new_ex, which SSL_CTX_new calls.
        raise!(SSL_R_NULL_SSL_METHOD_PASSED, "SSL_CTX_new_ex");
        return std::ptr::null_mut();
    };
    super::err::load_ssl_strings();
    let ctx = Ctx::new(method);
    let unavailable = super::ctx_libctx::unavailable(libctx, propq);
    if !unavailable.is_empty() && !ctx.update_ciphers(|s| s.exclude_unavailable(unavailable)) {
        let ctx = give(ctx);
        super::app_data::ctx_stillborn(ctx);
        drop(take_shared(ctx));
        raise!(SSL_R_LIBRARY_HAS_NO_CIPHERS, "SSL_CTX_new_ex");
        return std::ptr::null_mut();
    }
    super::app_data::ctx_born(&ctx);
    let ctx = give(ctx);
    super::conf_module::system_config(ctx);
    ctx
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, { up_ref(ctx) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_free(ctx: *mut SSL_CTX) {
    guard!((), { drop(take_shared(ctx)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long {
    guard!(0, { borrow(ctx).map_or(0, |c| c.set_timeout(t) as c_long) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long {
    guard!(0, { borrow(ctx).map_or(0, |c| c.timeout() as c_long) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_session_id_context(
    ctx: *mut SSL_CTX,
    sid_ctx: *const u8,
    sid_ctx_len: c_uint,
) -> c_int {
    guard!(0, {
        set_id_context!(ctx, sid_ctx, sid_ctx_len, "SSL_CTX_set_session_id_context")
    })
}

/// `SSL_CTX_sess_set_remove_cb`'s callback type.
pub type RemoveSessionCb = Option<unsafe extern "C" fn(ctx: *mut SSL_CTX, sess: *mut SSL_SESSION)>;
/// `SSL_CTX_sess_set_new_cb`'s callback type.
pub type NewSessionCb =
    Option<unsafe extern "C" fn(ssl: *mut SSL, sess: *mut SSL_SESSION) -> c_int>;
/// `SSL_CTX_sess_set_get_cb`'s callback type.
pub type GetSessionCb = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        data: *const u8,
        len: c_int,
        copy: *mut c_int,
    ) -> *mut SSL_SESSION,
>;
/// `GEN_SESSION_CB`: makes a session id for a new session.
pub type GEN_SESSION_CB =
    Option<unsafe extern "C" fn(ssl: *mut SSL, id: *mut u8, id_len: *mut c_uint) -> c_int>;

/// Returns 1 for a new entry; 0 for a session already in this cache, or cached
/// by another context (sessl keeps a session in one cache at a time), or when
/// the context is being freed, or from a remove callback of this context's
/// eviction, flush or final free (where OpenSSL's add fails to take the lock).
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_session(
    ctx: *mut SSL_CTX,
    session: *mut SSL_SESSION,
) -> c_int {
    guard!(0, {
        match (borrow(ctx), borrow_shared(session)) {
            (Some(c), Some(s)) => match c.add_session(&s) {
                Added::New => 1,
                Added::AlreadyCached => 0,
                Added::CachedElsewhere if super::checked::on() => super::checked::misuse(format_args!(
                    "SSL_SESSION {:#x} is already cached by another SSL_CTX; a session sits in one cache at a time \
                     (add an SSL_SESSION_dup instead)",
                    session as usize
                )),
                Added::CachedElsewhere | Added::Closing | Added::InLockedCallback => 0,
            },
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_remove_session(
    ctx: *mut SSL_CTX,
    session: *mut SSL_SESSION,
) -> c_int {
    guard!(0, {
        match (borrow(ctx), borrow(session)) {
            (Some(c), Some(s)) => c.remove_session(s) as c_int,
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_flush_sessions(ctx: *mut SSL_CTX, tm: c_long) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.flush_sessions(tm)
        }
    })
}

/// OpenSSL 3.4's `time_t` variant.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_flush_sessions_ex(ctx: *mut SSL_CTX, tm: libc::time_t) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.flush_sessions(tm)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_remove_cb(
    ctx: *mut SSL_CTX,
    remove_session_cb: RemoveSessionCb,
) {
    guard!((), {
        let Some(c) = borrow(ctx) else { return };
        // The hook lives in this context's cache and runs only for it, so it
        // carries the context's C address (an address: raw pointers are not Send).
        let ctx_address = ctx as usize;
        let hook = remove_session_cb.map(|cb| RemoveHook {
            token: cb as usize,
            call: Arc::new(move |s: &Session| {
                cb(ctx_address as *mut SSL_CTX, c_ptr::<SSL_SESSION>(s))
            }),
        });
        c.cache().set_remove_hook(hook);
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_get_remove_cb(ctx: *mut SSL_CTX) -> RemoveSessionCb {
    guard!(None, {
        let token = borrow(ctx)
            .and_then(|c| c.cache().remove_hook())
            .map_or(0, |h| h.token);
        // SAFETY: the token is the function pointer the application set.
        (token != 0).then(|| {
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>(
                token,
            )
        })
    })
}

/// Stores an opaque hook value (a C function pointer, or 0 for none).
unsafe fn store_hook(
    ctx: *mut SSL_CTX,
    hook: impl FnOnce(&HandshakeHooks) -> &AtomicUsize,
    value: usize,
) {
    if let Some(c) = borrow(ctx) {
        hook(&c.handshake_hooks).store(value, Ordering::Relaxed);
    }
}

unsafe fn load_hook(
    ctx: *mut SSL_CTX,
    hook: impl FnOnce(&HandshakeHooks) -> &AtomicUsize,
) -> usize {
    borrow(ctx).map_or(0, |c| hook(&c.handshake_hooks).load(Ordering::Relaxed))
}

/// Called by OpenSSL when a handshake makes a new session; sessl performs no
/// handshake, so the callback is kept for the getter and never called.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_new_cb(ctx: *mut SSL_CTX, new_session_cb: NewSessionCb) {
    guard!((), {
        store_hook(
            ctx,
            |h| &h.new_session,
            new_session_cb.map_or(0, |f| f as usize),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_get_new_cb(ctx: *mut SSL_CTX) -> NewSessionCb {
    guard!(None, {
        let token = load_hook(ctx, |h| &h.new_session);
        // SAFETY: the token is the function pointer the application set.
        (token != 0).then(|| {
            std::mem::transmute::<usize, unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>(
                token,
            )
        })
    })
}

/// Called by OpenSSL when a handshake looks a session up; sessl performs no
/// handshake, so the callback is kept for the getter and never called.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_get_cb(ctx: *mut SSL_CTX, get_session_cb: GetSessionCb) {
    guard!((), {
        store_hook(
            ctx,
            |h| &h.get_session,
            get_session_cb.map_or(0, |f| f as usize),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_get_get_cb(ctx: *mut SSL_CTX) -> GetSessionCb {
    guard!(None, {
        let token = load_hook(ctx, |h| &h.get_session);
        type Get = unsafe extern "C" fn(*mut SSL, *const u8, c_int, *mut c_int) -> *mut SSL_SESSION;
        // SAFETY: the token is the function pointer the application set.
        (token != 0).then(|| std::mem::transmute::<usize, Get>(token))
    })
}

/// Kept for handshakes, which sessl does not perform; returns 1 like OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_generate_session_id(
    ctx: *mut SSL_CTX,
    cb: GEN_SESSION_CB,
) -> c_int {
    guard!(0, {
        let Some(c) = borrow(ctx) else { return 0 };
        // OpenSSL stores it under the context's write lock, which fails (0,
        // nothing stored) from a callback run where that lock is held.
        if c.cache().lock_refused_here() {
            return 0;
        }
        store_hook(
            ctx,
            |h| &h.generate_session_id,
            cb.map_or(0, |f| f as usize),
        );
        1
    })
}
