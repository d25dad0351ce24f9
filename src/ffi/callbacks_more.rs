//! More callbacks stored and never called (session tickets, session secret,
//! client hello, early data, async, record padding), and the client
//! certificate engine.

use super::callbacks::store;
use super::err::raise;
use super::{borrow, guard, SSL, SSL_CTX, SSL_SESSION};
use crate::core::config::callbacks::Hook;
use crate::core::config::custom_ext::{extension_supported, ExtRole};
use std::os::raw::{c_int, c_uchar, c_uint, c_void};

/// libcrypto's `EVP_CIPHER_CTX`, `EVP_MAC_CTX`, `ENGINE`, and libssl's
/// `STACK_OF(SSL_CIPHER)` (declared by the header's preamble).
#[repr(C)]
pub struct EVP_CIPHER_CTX {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct EVP_MAC_CTX {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct ENGINE {
    _opaque: [u8; 0],
}
#[repr(C)]
pub struct stack_st_SSL_CIPHER {
    _opaque: [u8; 0],
}

/// What a ticket decryption callback is told about the ticket.
pub type SSL_TICKET_STATUS = c_int;
pub const SSL_TICKET_FATAL_ERR_MALLOC: c_int = 0;
pub const SSL_TICKET_FATAL_ERR_OTHER: c_int = 1;
pub const SSL_TICKET_NONE: c_int = 2;
pub const SSL_TICKET_EMPTY: c_int = 3;
pub const SSL_TICKET_NO_DECRYPT: c_int = 4;
pub const SSL_TICKET_SUCCESS: c_int = 5;
pub const SSL_TICKET_SUCCESS_RENEW: c_int = 6;
/// What a ticket decryption callback returns.
pub type SSL_TICKET_RETURN = c_int;
pub const SSL_TICKET_RETURN_ABORT: c_int = 0;
pub const SSL_TICKET_RETURN_IGNORE: c_int = 1;
pub const SSL_TICKET_RETURN_IGNORE_RENEW: c_int = 2;
pub const SSL_TICKET_RETURN_USE: c_int = 3;
pub const SSL_TICKET_RETURN_USE_RENEW: c_int = 4;

pub type SSL_CTX_generate_session_ticket_fn =
    Option<unsafe extern "C" fn(s: *mut SSL, arg: *mut c_void) -> c_int>;
pub type SSL_CTX_decrypt_session_ticket_fn = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ss: *mut SSL_SESSION,
        keyname: *const c_uchar,
        keyname_length: usize,
        status: SSL_TICKET_STATUS,
        arg: *mut c_void,
    ) -> SSL_TICKET_RETURN,
>;
pub type SslTicketKeyEvpCb = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        key_name: *mut c_uchar,
        iv: *mut c_uchar,
        ctx: *mut EVP_CIPHER_CTX,
        hctx: *mut EVP_MAC_CTX,
        enc: c_int,
    ) -> c_int,
>;
pub type tls_session_ticket_ext_cb_fn = Option<
    unsafe extern "C" fn(s: *mut SSL, data: *const c_uchar, len: c_int, arg: *mut c_void) -> c_int,
>;
pub type tls_session_secret_cb_fn = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        secret: *mut c_void,
        secret_len: *mut c_int,
        peer_ciphers: *mut stack_st_SSL_CIPHER,
        cipher: *mut *const super::SSL_CIPHER,
        arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_client_hello_cb_fn =
    Option<unsafe extern "C" fn(s: *mut SSL, al: *mut c_int, arg: *mut c_void) -> c_int>;
pub type SSL_allow_early_data_cb_fn =
    Option<unsafe extern "C" fn(s: *mut SSL, arg: *mut c_void) -> c_int>;
pub type SSL_async_callback_fn =
    Option<unsafe extern "C" fn(s: *mut SSL, arg: *mut c_void) -> c_int>;
pub type SslRecordPaddingCb = Option<
    unsafe extern "C" fn(ssl: *mut SSL, type_: c_int, len: usize, arg: *mut c_void) -> usize,
>;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_session_ticket_cb(
    ctx: *mut SSL_CTX,
    gen_cb: SSL_CTX_generate_session_ticket_fn,
    dec_cb: SSL_CTX_decrypt_session_ticket_fn,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            store(&c.callbacks, Hook::TicketGenCb, gen_cb);
            store(&c.callbacks, Hook::TicketDecCb, dec_cb);
            c.callbacks.hooks.set(Hook::TicketArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_tlsext_ticket_key_evp_cb(
    ctx: *mut SSL_CTX,
    fp: SslTicketKeyEvpCb,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            store(&c.callbacks, Hook::TicketKeyEvpCb, fp);
            1
        })
    })
}

/// Accepted and kept as OpenSSL does for a connection before its handshake
/// (the extension would go into the ClientHello); nothing reads it back.
/// Refused (0) below TLS 1.0 by number, which only Cisco's DTLS version
/// (`DTLS1_BAD_VER`, `SSL_OP_CISCO_ANYCONNECT`) is here.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_ticket_ext(
    s: *mut SSL,
    _ext_data: *mut c_void,
    _ext_len: c_int,
) -> c_int {
    const TLS1_VERSION: c_int = 0x0301;
    guard!(0, {
        borrow(s).map_or(0, |s| (s.version() >= TLS1_VERSION) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_ticket_ext_cb(
    s: *mut SSL,
    cb: tls_session_ticket_ext_cb_fn,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            store(&s.callbacks, Hook::TicketExtCb, cb);
            s.callbacks.hooks.set(Hook::TicketExtArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_session_secret_cb(
    s: *mut SSL,
    session_secret_cb: tls_session_secret_cb_fn,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            store(&s.callbacks, Hook::SessionSecretCb, session_secret_cb);
            s.callbacks.hooks.set(Hook::SessionSecretArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_client_hello_cb(
    c: *mut SSL_CTX,
    cb: SSL_client_hello_cb_fn,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(c) {
            store(&c.callbacks, Hook::ClientHelloCb, cb);
            c.callbacks.hooks.set(Hook::ClientHelloArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_allow_early_data_cb(
    ctx: *mut SSL_CTX,
    cb: SSL_allow_early_data_cb_fn,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.callbacks, Hook::AllowEarlyDataCb, cb);
            c.callbacks.hooks.set(Hook::AllowEarlyDataArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_allow_early_data_cb(
    s: *mut SSL,
    cb: SSL_allow_early_data_cb_fn,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(s) = borrow(s) {
            store(&s.callbacks, Hook::AllowEarlyDataCb, cb);
            s.callbacks.hooks.set(Hook::AllowEarlyDataArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_async_callback(
    ctx: *mut SSL_CTX,
    callback: SSL_async_callback_fn,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            store(&c.callbacks, Hook::AsyncCb, callback);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_async_callback_arg(
    ctx: *mut SSL_CTX,
    arg: *mut c_void,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.callbacks.hooks.set(Hook::AsyncArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_async_callback(
    s: *mut SSL,
    callback: SSL_async_callback_fn,
) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            store(&s.callbacks, Hook::AsyncCb, callback);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_async_callback_arg(s: *mut SSL, arg: *mut c_void) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| {
            s.callbacks.hooks.set(Hook::AsyncArg, arg as usize);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_record_padding_callback(
    ctx: *mut SSL_CTX,
    cb: SslRecordPaddingCb,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.callbacks, Hook::RecordPaddingCb, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_record_padding_callback_arg(
    ctx: *mut SSL_CTX,
    arg: *mut c_void,
) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.callbacks.hooks.set(Hook::RecordPaddingArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_record_padding_callback_arg(
    ctx: *const SSL_CTX,
) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), |c| {
            c.callbacks.hooks.get(Hook::RecordPaddingArg) as *mut c_void
        })
    })
}

/// 1: the connection has no kernel TLS (OpenSSL refuses only then).
#[no_mangle]
pub unsafe extern "C" fn SSL_set_record_padding_callback(
    ssl: *mut SSL,
    cb: SslRecordPaddingCb,
) -> c_int {
    guard!(0, {
        borrow(ssl).map_or(0, |s| {
            store(&s.callbacks, Hook::RecordPaddingCb, cb);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_record_padding_callback_arg(ssl: *mut SSL, arg: *mut c_void) {
    guard!((), {
        if let Some(s) = borrow(ssl) {
            s.callbacks.hooks.set(Hook::RecordPaddingArg, arg as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_record_padding_callback_arg(ssl: *const SSL) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(ssl).map_or(std::ptr::null_mut(), |s| {
            s.callbacks.hooks.get(Hook::RecordPaddingArg) as *mut c_void
        })
    })
}

#[link(name = "crypto")]
extern "C" {
    fn ENGINE_init(e: *mut ENGINE) -> c_int;
    fn ENGINE_finish(e: *mut ENGINE) -> c_int;
    fn ENGINE_get_ssl_client_cert_function(e: *const ENGINE) -> *const c_void;
}

/// `ERR_R_ENGINE_LIB`.
const ERR_R_ENGINE_LIB: c_int = 0x80000 | 38;
/// `SSL_R_NO_CLIENT_CERT_METHOD`.
const SSL_R_NO_CLIENT_CERT_METHOD: c_int = 331;

/// Takes a functional reference to the engine (`ENGINE_init`, which fails
/// and queues libcrypto's error for NULL) and keeps it for the context's life;
/// an engine without a client certificate function is refused.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_client_cert_engine(
    ctx: *mut SSL_CTX,
    e: *mut ENGINE,
) -> c_int {
    guard!(0, {
        if ENGINE_init(e) == 0 {
            raise!(ERR_R_ENGINE_LIB, "SSL_CTX_set_client_cert_engine");
            return 0;
        }
        if ENGINE_get_ssl_client_cert_function(e).is_null() {
            raise!(
                SSL_R_NO_CLIENT_CERT_METHOD,
                "SSL_CTX_set_client_cert_engine"
            );
            ENGINE_finish(e);
            return 0;
        }
        match borrow(ctx) {
            Some(c) => c.callbacks.hooks.set(Hook::ClientCertEngine, e as usize),
            None => {
                ENGINE_finish(e);
                return 0;
            }
        }
        1
    })
}

/// Releases the engine reference a context holds (at its last free).
pub fn release_engine(cfg: &crate::core::config::callbacks::CallbackConfig<crate::core::ctx::Ctx>) {
    let e = cfg.hooks.get(Hook::ClientCertEngine);
    if e != 0 {
        // SAFETY: the reference taken by SSL_CTX_set_client_cert_engine.
        unsafe { ENGINE_finish(e as *mut ENGINE) };
    }
}

// The contexts a custom extension may appear in (`SSL_CTX_add_custom_ext`).
pub const SSL_EXT_TLS_ONLY: c_uint = 0x0001;
pub const SSL_EXT_DTLS_ONLY: c_uint = 0x0002;
pub const SSL_EXT_TLS_IMPLEMENTATION_ONLY: c_uint = 0x0004;
pub const SSL_EXT_SSL3_ALLOWED: c_uint = 0x0008;
pub const SSL_EXT_TLS1_2_AND_BELOW_ONLY: c_uint = 0x0010;
pub const SSL_EXT_TLS1_3_ONLY: c_uint = 0x0020;
pub const SSL_EXT_IGNORE_ON_RESUMPTION: c_uint = 0x0040;
pub const SSL_EXT_CLIENT_HELLO: c_uint = 0x0080;
pub const SSL_EXT_TLS1_2_SERVER_HELLO: c_uint = 0x0100;
pub const SSL_EXT_TLS1_3_SERVER_HELLO: c_uint = 0x0200;
pub const SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS: c_uint = 0x0400;
pub const SSL_EXT_TLS1_3_HELLO_RETRY_REQUEST: c_uint = 0x0800;
pub const SSL_EXT_TLS1_3_CERTIFICATE: c_uint = 0x1000;
pub const SSL_EXT_TLS1_3_NEW_SESSION_TICKET: c_uint = 0x2000;
pub const SSL_EXT_TLS1_3_CERTIFICATE_REQUEST: c_uint = 0x4000;

pub type custom_ext_add_cb = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        out: *mut *const c_uchar,
        outlen: *mut usize,
        al: *mut c_int,
        add_arg: *mut c_void,
    ) -> c_int,
>;
pub type custom_ext_free_cb = Option<
    unsafe extern "C" fn(s: *mut SSL, ext_type: c_uint, out: *const c_uchar, add_arg: *mut c_void),
>;
pub type custom_ext_parse_cb = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        in_: *const c_uchar,
        inlen: usize,
        al: *mut c_int,
        parse_arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_custom_ext_add_cb_ex = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        context: c_uint,
        out: *mut *const c_uchar,
        outlen: *mut usize,
        x: *mut super::shell::X509,
        chainidx: usize,
        al: *mut c_int,
        add_arg: *mut c_void,
    ) -> c_int,
>;
pub type SSL_custom_ext_free_cb_ex = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        context: c_uint,
        out: *const c_uchar,
        add_arg: *mut c_void,
    ),
>;
pub type SSL_custom_ext_parse_cb_ex = Option<
    unsafe extern "C" fn(
        s: *mut SSL,
        ext_type: c_uint,
        context: c_uint,
        in_: *const c_uchar,
        inlen: usize,
        x: *mut super::shell::X509,
        chainidx: usize,
        al: *mut c_int,
        parse_arg: *mut c_void,
    ) -> c_int,
>;

/// `TLSEXT_TYPE_signed_certificate_timestamp`.
const TLSEXT_TYPE_SCT: c_uint = 18;

/// Registers on a live context; the callbacks are never called.
/// `in_client_hello`: the extension is sent in the ClientHello; as in
/// OpenSSL, one for SCTs there is refused on a context validating CT
/// (`SSL_CTX_enable_ct`).
pub(super) unsafe fn add_ext(
    ctx: *mut SSL_CTX,
    role: ExtRole,
    ext_type: c_uint,
    free_without_add: bool,
    in_client_hello: bool,
) -> c_int {
    borrow(ctx).map_or(0, |c| {
        if ext_type == TLSEXT_TYPE_SCT
            && in_client_hello
            && super::certs_state::ctx_certs(c).ct_validation.func != 0
        {
            return 0;
        }
        c.callbacks
            .bytes()
            .custom_exts
            .add(role, ext_type, free_without_add) as c_int
    })
}

/// The old form wraps the callbacks, so its add callback is never missing.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_client_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    _add_cb: custom_ext_add_cb,
    _free_cb: custom_ext_free_cb,
    _add_arg: *mut c_void,
    _parse_cb: custom_ext_parse_cb,
    _parse_arg: *mut c_void,
) -> c_int {
    guard!(0, { add_ext(ctx, ExtRole::Client, ext_type, false, true) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_server_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    _add_cb: custom_ext_add_cb,
    _free_cb: custom_ext_free_cb,
    _add_arg: *mut c_void,
    _parse_cb: custom_ext_parse_cb,
    _parse_arg: *mut c_void,
) -> c_int {
    guard!(0, { add_ext(ctx, ExtRole::Server, ext_type, false, true) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_custom_ext(
    ctx: *mut SSL_CTX,
    ext_type: c_uint,
    context: c_uint,
    add_cb: SSL_custom_ext_add_cb_ex,
    free_cb: SSL_custom_ext_free_cb_ex,
    _add_arg: *mut c_void,
    _parse_cb: SSL_custom_ext_parse_cb_ex,
    _parse_arg: *mut c_void,
) -> c_int {
    guard!(0, {
        add_ext(
            ctx,
            ExtRole::Both,
            ext_type,
            add_cb.is_none() && free_cb.is_some(),
            context & SSL_EXT_CLIENT_HELLO != 0,
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_has_client_custom_ext(
    ctx: *const SSL_CTX,
    ext_type: c_uint,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            c.callbacks
                .bytes_snapshot()
                .is_some_and(|b| b.custom_exts.has_client(ext_type)) as c_int
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_extension_supported(ext_type: c_uint) -> c_int {
    guard!(0, { extension_supported(ext_type) as c_int })
}
