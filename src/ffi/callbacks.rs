//! Callbacks stored for their getters, never called: sessl performs no
//! handshake, and OpenSSL calls none of these outside one. Also ALPN lists,
//! `SSL_select_next_proto`, and PSK identity hints.

use super::err::raise;
use super::{borrow, c_str, guard, write_out, SSL, SSL_CTX, SSL_SESSION};
use crate::core::config::alpn::{alpn_list_ok, select_next_proto, Picked};
use crate::core::config::callbacks::{CallbackConfig, Hook};
use std::os::raw::{c_char, c_int, c_uchar, c_uint, c_void};
use std::ptr::null;

/// libcrypto's `EVP_MD`.
#[repr(C)]
pub struct EVP_MD {
    _opaque: [u8; 0],
}

/// Stores a callback (or NULL) as the value the application gave.
pub fn store<T, F: Copy>(cfg: &CallbackConfig<T>, hook: Hook, cb: F) {
    const { assert!(std::mem::size_of::<F>() == std::mem::size_of::<usize>()) };
    // SAFETY: F is always an `Option<unsafe extern "C" fn>` type: one word,
    // NULL for None.
    cfg.hooks
        .set(hook, unsafe { std::mem::transmute_copy::<F, usize>(&cb) });
}

/// The callback stored under `hook`, as its C type.
///
/// # Safety
/// `F` must be the function-pointer type stored under `hook`.
pub unsafe fn load<T, F>(cfg: &CallbackConfig<T>, hook: Hook) -> F {
    std::mem::transmute_copy::<usize, F>(&cfg.hooks.get(hook))
}

pub type SslInfoCb = Option<unsafe extern "C" fn(ssl: *const SSL, type_: c_int, val: c_int)>;
pub type SslMsgCb = Option<
    unsafe extern "C" fn(
        write_p: c_int,
        version: c_int,
        content_type: c_int,
        buf: *const c_void,
        len: usize,
        ssl: *mut SSL,
        arg: *mut c_void,
    ),
>;
pub type SSL_CTX_keylog_cb_func =
    Option<unsafe extern "C" fn(ssl: *const SSL, line: *const c_char)>;
pub type SSL_CTX_alpn_select_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        out: *mut *const c_uchar,
        outlen: *mut c_uchar,
        in_: *const c_uchar,
        inlen: c_uint,
        arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_CTX_npn_select_cb_func = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        out: *mut *mut c_uchar,
        outlen: *mut c_uchar,
        in_: *const c_uchar,
        inlen: c_uint,
        arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_CTX_npn_advertised_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        out: *mut *const c_uchar,
        outlen: *mut c_uint,
        arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_psk_client_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        hint: *const c_char,
        identity: *mut c_char,
        max_identity_len: c_uint,
        psk: *mut c_uchar,
        max_psk_len: c_uint,
    ) -> c_uint,
>;
pub type SSL_psk_server_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        identity: *const c_char,
        psk: *mut c_uchar,
        max_psk_len: c_uint,
    ) -> c_uint,
>;
pub type SSL_psk_find_session_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        identity: *const c_uchar,
        identity_len: usize,
        sess: *mut *mut SSL_SESSION,
    ) -> c_int,
>;
pub type SSL_psk_use_session_cb_func = Option<
    unsafe extern "C" fn(
        ssl: *mut SSL,
        md: *const EVP_MD,
        id: *mut *const c_uchar,
        idlen: *mut usize,
        sess: *mut *mut SSL_SESSION,
    ) -> c_int,
>;
pub type SslNotResumableCb =
    Option<unsafe extern "C" fn(ssl: *mut SSL, is_forward_secure: c_int) -> c_int>;
pub type SslCookieGenerateCb = Option<
    unsafe extern "C" fn(ssl: *mut SSL, cookie: *mut c_uchar, cookie_len: *mut c_uint) -> c_int,
>;
pub type SslCookieVerifyCb = Option<
    unsafe extern "C" fn(ssl: *mut SSL, cookie: *const c_uchar, cookie_len: c_uint) -> c_int,
>;
pub type SslStatelessCookieGenerateCb = Option<
    unsafe extern "C" fn(ssl: *mut SSL, cookie: *mut c_uchar, cookie_len: *mut usize) -> c_int,
>;
pub type SslStatelessCookieVerifyCb =
    Option<unsafe extern "C" fn(ssl: *mut SSL, cookie: *const c_uchar, cookie_len: usize) -> c_int>;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_info_callback(ctx: *mut SSL_CTX, cb: SslInfoCb) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::InfoCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_info_callback(ssl: *mut SSL, cb: SslInfoCb) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::InfoCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_msg_callback(ctx: *mut SSL_CTX, cb: SslMsgCb) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::MsgCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_msg_callback(ssl: *mut SSL, cb: SslMsgCb) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::MsgCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_keylog_callback(
    ctx: *mut SSL_CTX,
    cb: SSL_CTX_keylog_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::KeylogCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_psk_client_callback(
    ctx: *mut SSL_CTX,
    cb: SSL_psk_client_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::PskClientCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_psk_client_callback(ssl: *mut SSL, cb: SSL_psk_client_cb_func) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::PskClientCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_psk_server_callback(
    ctx: *mut SSL_CTX,
    cb: SSL_psk_server_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::PskServerCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_psk_server_callback(ssl: *mut SSL, cb: SSL_psk_server_cb_func) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::PskServerCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_psk_find_session_callback(
    ctx: *mut SSL_CTX,
    cb: SSL_psk_find_session_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::PskFindSessionCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_psk_find_session_callback(
    ssl: *mut SSL,
    cb: SSL_psk_find_session_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::PskFindSessionCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_psk_use_session_callback(
    ctx: *mut SSL_CTX,
    cb: SSL_psk_use_session_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::PskUseSessionCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_psk_use_session_callback(
    ssl: *mut SSL,
    cb: SSL_psk_use_session_cb_func,
) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::PskUseSessionCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_not_resumable_session_callback(
    ctx: *mut SSL_CTX,
    cb: SslNotResumableCb,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::NotResumableCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_not_resumable_session_callback(
    ssl: *mut SSL,
    cb: SslNotResumableCb,
) {
    guard!((), {
        if let Some(o) = borrow(ssl) {
            store(&o.callbacks, Hook::NotResumableCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cookie_generate_cb(
    ctx: *mut SSL_CTX,
    cb: SslCookieGenerateCb,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::CookieGenerateCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cookie_verify_cb(ctx: *mut SSL_CTX, cb: SslCookieVerifyCb) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::CookieVerifyCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_stateless_cookie_generate_cb(
    ctx: *mut SSL_CTX,
    cb: SslStatelessCookieGenerateCb,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::StatelessCookieGenerateCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_stateless_cookie_verify_cb(
    ctx: *mut SSL_CTX,
    cb: SslStatelessCookieVerifyCb,
) {
    guard!((), {
        if let Some(o) = borrow(ctx) {
            store(&o.callbacks, Hook::StatelessCookieVerifyCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_alpn_select_cb(
    ctx: *mut SSL_CTX,
    cb: SSL_CTX_alpn_select_cb_func,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.callbacks, Hook::AlpnSelectCb, cb);
            c.callbacks.hooks.set(Hook::AlpnSelectArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_next_proto_select_cb(
    ctx: *mut SSL_CTX,
    cb: SSL_CTX_npn_select_cb_func,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.callbacks, Hook::NpnSelectCb, cb);
            c.callbacks.hooks.set(Hook::NpnSelectArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_next_protos_advertised_cb(
    ctx: *mut SSL_CTX,
    cb: SSL_CTX_npn_advertised_cb_func,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.callbacks, Hook::NpnAdvertisedCb, cb);
            c.callbacks.hooks.set(Hook::NpnAdvertisedArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_info_callback(ctx: *mut SSL_CTX) -> SslInfoCb {
    guard!(None, {
        borrow(ctx).and_then(|c| load::<_, SslInfoCb>(&c.callbacks, Hook::InfoCb))
    })
}

/// The connection's own callback: `SSL_new` does not copy the context's
/// (OpenSSL falls back to it only when calling).
#[no_mangle]
pub unsafe extern "C" fn SSL_get_info_callback(ssl: *const SSL) -> SslInfoCb {
    guard!(None, {
        borrow(ssl).and_then(|s| load::<_, SslInfoCb>(&s.callbacks, Hook::InfoCb))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_keylog_callback(
    ctx: *const SSL_CTX,
) -> SSL_CTX_keylog_cb_func {
    guard!(None, {
        borrow(ctx).and_then(|c| load::<_, SSL_CTX_keylog_cb_func>(&c.callbacks, Hook::KeylogCb))
    })
}

/// `SSL_CTX_set_alpn_protos` / `SSL_set_alpn_protos`: NULL or empty clears
/// (0), a malformed list is refused (1, nothing queued), a good one is kept (0).
unsafe fn set_alpn<T>(cfg: &CallbackConfig<T>, protos: *const c_uchar, len: c_uint) -> c_int {
    if protos.is_null() || len == 0 {
        if cfg.bytes.get().is_some() {
            cfg.bytes().alpn = None;
        }
        return 0;
    }
    let list = std::slice::from_raw_parts(protos, len as usize);
    if !alpn_list_ok(list) {
        return 1;
    }
    cfg.bytes().alpn = Some(list.to_vec());
    0
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_alpn_protos(
    ctx: *mut SSL_CTX,
    protos: *const c_uchar,
    protos_len: c_uint,
) -> c_int {
    guard!(1, {
        borrow(ctx).map_or(1, |c| set_alpn(&c.callbacks, protos, protos_len))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_alpn_protos(
    ssl: *mut SSL,
    protos: *const c_uchar,
    protos_len: c_uint,
) -> c_int {
    guard!(1, {
        borrow(ssl).map_or(1, |s| set_alpn(&s.callbacks, protos, protos_len))
    })
}

/// No protocol is ever negotiated without a handshake.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_alpn_selected(
    _ssl: *const SSL,
    data: *mut *const c_uchar,
    len: *mut c_uint,
) {
    guard!((), {
        write_out(data, null());
        write_out(len, 0);
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_next_proto_negotiated(
    _s: *const SSL,
    data: *mut *const c_uchar,
    len: *mut c_uint,
) {
    guard!((), {
        write_out(data, null());
        write_out(len, 0);
    })
}

pub const OPENSSL_NPN_UNSUPPORTED: c_int = 0;
pub const OPENSSL_NPN_NEGOTIATED: c_int = 1;
pub const OPENSSL_NPN_NO_OVERLAP: c_int = 2;

#[no_mangle]
pub unsafe extern "C" fn SSL_select_next_proto(
    out: *mut *mut c_uchar,
    outlen: *mut c_uchar,
    in_: *const c_uchar,
    inlen: c_uint,
    client: *const c_uchar,
    client_len: c_uint,
) -> c_int {
    guard!(OPENSSL_NPN_NO_OVERLAP, {
        let server = super::bytes(in_, inlen as usize).unwrap_or(&[]);
        let client_list = super::bytes(client, client_len as usize).unwrap_or(&[]);
        let (negotiated, picked) = select_next_proto(server, client_list);
        let (p, n) = match picked {
            Some(Picked::Server(r)) => (in_.add(r.start), r.len()),
            Some(Picked::Client(r)) => (client.add(r.start), r.len()),
            None => (null(), 0),
        };
        write_out(out, p as *mut c_uchar);
        write_out(outlen, n as c_uchar);
        if negotiated {
            OPENSSL_NPN_NEGOTIATED
        } else {
            OPENSSL_NPN_NO_OVERLAP
        }
    })
}

/// `SSL_R_DATA_LENGTH_TOO_LONG`.
const SSL_R_DATA_LENGTH_TOO_LONG: c_int = 146;

/// `PSK_MAX_IDENTITY_LEN`.
const PSK_MAX_IDENTITY_LEN: usize = 256;

/// The identity-hint setters: NULL clears; longer than `PSK_MAX_IDENTITY_LEN`
/// is refused with `SSL_R_DATA_LENGTH_TOO_LONG`.
/// The length is checked before the object is touched, as OpenSSL does.
unsafe fn use_hint<T>(
    cfg: Option<&CallbackConfig<T>>,
    hint: *const c_char,
    func: &'static str,
) -> c_int {
    let hint = c_str(hint).map(|h| h.to_bytes());
    if hint.is_some_and(|h| h.len() > PSK_MAX_IDENTITY_LEN) {
        match func {
            "SSL_CTX_use_psk_identity_hint" => {
                raise!(SSL_R_DATA_LENGTH_TOO_LONG, "SSL_CTX_use_psk_identity_hint")
            }
            _ => raise!(SSL_R_DATA_LENGTH_TOO_LONG, "SSL_use_psk_identity_hint"),
        }
        return 0;
    }
    match cfg {
        Some(cfg) => {
            cfg.bytes().psk_identity_hint = hint.map(<[u8]>::to_vec);
            1
        }
        None => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_psk_identity_hint(
    ctx: *mut SSL_CTX,
    identity_hint: *const c_char,
) -> c_int {
    guard!(0, {
        let cfg = borrow(ctx).map(|c| &c.callbacks);
        use_hint(cfg, identity_hint, "SSL_CTX_use_psk_identity_hint")
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_psk_identity_hint(
    s: *mut SSL,
    identity_hint: *const c_char,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(s, || {
            let cfg = borrow(s).map(|s| &s.callbacks);
            use_hint(cfg, identity_hint, "SSL_use_psk_identity_hint")
        })
    })
}

/// The hint of the connection's session (a handshake's result), not the
/// configured one; NULL without a session.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_psk_identity_hint(s: *const SSL) -> *const c_char {
    guard!(null(), {
        borrow(s)
            .and_then(|s| borrow(s.peek_session() as *const SSL_SESSION))
            .map_or(null(), |sess| {
                sess.read(|d| d.psk_identity_hint.as_ref().map_or(null(), |h| h.as_ptr()))
            })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_psk_identity(s: *const SSL) -> *const c_char {
    guard!(null(), {
        borrow(s)
            .and_then(|s| borrow(s.peek_session() as *const SSL_SESSION))
            .map_or(null(), |sess| {
                sess.read(|d| d.psk_identity.as_ref().map_or(null(), |h| h.as_ptr()))
            })
    })
}
