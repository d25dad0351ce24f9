//! `SSL_CTX` lifecycle and settings.

use super::consts::*;
use super::err::raise;
use super::{borrow, bytes, give, guard, take_shared, OSSL_LIB_CTX, SSL_CTX, SSL_METHOD};
use crate::core::ctx::Ctx;
use crate::core::method::{known_method, Method};
use crate::sync::Shared;
use std::os::raw::{c_char, c_int, c_long, c_uint};

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), { new_ctx(meth) })
}

/// The library context and property query select libcrypto providers for the
/// handshake's cryptography; the session layer uses none, so they are accepted
/// and not kept.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new_ex(
    _libctx: *mut OSSL_LIB_CTX,
    _propq: *const c_char,
    meth: *const SSL_METHOD,
) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), { new_ctx(meth) })
}

fn new_ctx(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    // Only sessl's own methods are accepted: a pointer from elsewhere would be
    // read by OpenSSL as a method table; here it is refused like NULL.
    match known_method(meth as *const Method) {
        Some(method) => give(Ctx::new(method)),
        None => {
            // OpenSSL reports the failure from SSL_CTX_new_ex, which SSL_CTX_new calls.
            raise!(SSL_R_NULL_SSL_METHOD_PASSED, "SSL_CTX_new_ex");
            std::ptr::null_mut()
        }
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_up_ref(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        match borrow(ctx) {
            Some(c) => {
                Shared::add_refs(c as *const Ctx, 1);
                1
            }
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_free(ctx: *mut SSL_CTX) {
    guard!((), { drop(take_shared(ctx)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_timeout(ctx: *mut SSL_CTX, t: c_long) -> c_long {
    guard!(0, { borrow(ctx).map_or(0, |c| c.set_timeout(t as i64) as c_long) })
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
        // OpenSSL checks the length before touching the context.
        if sid_ctx_len as usize > SSL_MAX_SID_CTX_LENGTH as usize {
            raise!(SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG, "SSL_CTX_set_session_id_context");
            return 0;
        }
        match (borrow(ctx), bytes(sid_ctx, sid_ctx_len as usize)) {
            (Some(c), Some(b)) => c.set_sid_ctx(b).is_ok() as c_int,
            _ => 0,
        }
    })
}
