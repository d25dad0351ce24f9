//! Options, record sizes, ticket and early-data settings, and the per-method
//! functions of contexts and connections (`SSL_CTX_set_options`,
//! `SSL_CTX_set_num_tickets`, `SSL_CTX_set_ssl_version`...).

use super::ctrl_consts::*;
use super::ctrl_shell::{active_ctx, existing, inherit, shell, CtrlShell};
use super::err::raise;
use super::{borrow, clone_shared, guard, SSL, SSL_CTX, SSL_METHOD};
use crate::core::config::ctrl::CtrlConfig;
use crate::core::ctx::Ctx;
use crate::core::method::{known_method, Method};
use crate::sync::{lock, Shared};
use std::os::raw::c_int;
use std::sync::atomic::Ordering::Relaxed;

unsafe fn ctx_cfg<'a>(ctx: *const SSL_CTX) -> Option<&'a CtrlConfig> {
    borrow(ctx).map(|c| &c.ctrl)
}

unsafe fn ssl_cfg<'a>(s: *const SSL) -> Option<&'a CtrlConfig> {
    borrow(s).map(|s| &s.ctrl)
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_options(ctx: *const SSL_CTX) -> u64 {
    guard!(0, { ctx_cfg(ctx).map_or(0, |c| c.options.load(Relaxed)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_options(s: *const SSL) -> u64 {
    guard!(0, { ssl_cfg(s).map_or(0, |c| c.options.load(Relaxed)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    guard!(0, { ctx_cfg(ctx).map_or(0, |c| c.add_options(op)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_options(s: *mut SSL, op: u64) -> u64 {
    guard!(0, { ssl_cfg(s).map_or(0, |c| c.add_options(op)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_clear_options(ctx: *mut SSL_CTX, op: u64) -> u64 {
    guard!(0, { ctx_cfg(ctx).map_or(0, |c| c.clear_options(op)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_clear_options(s: *mut SSL, op: u64) -> u64 {
    guard!(0, { ssl_cfg(s).map_or(0, |c| c.clear_options(op)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_num_tickets(ctx: *mut SSL_CTX, num_tickets: usize) -> c_int {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| {
            c.num_tickets.store(num_tickets as u64, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_num_tickets(ctx: *const SSL_CTX) -> usize {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| c.num_tickets.load(Relaxed) as usize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_num_tickets(s: *mut SSL, num_tickets: usize) -> c_int {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| {
            c.num_tickets.store(num_tickets as u64, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_num_tickets(s: *const SSL) -> usize {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| c.num_tickets.load(Relaxed) as usize)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_max_early_data(
    ctx: *mut SSL_CTX,
    max_early_data: u32,
) -> c_int {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| {
            c.max_early_data.store(max_early_data, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_max_early_data(ctx: *const SSL_CTX) -> u32 {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| c.max_early_data.load(Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_max_early_data(s: *mut SSL, max_early_data: u32) -> c_int {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| {
            c.max_early_data.store(max_early_data, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_max_early_data(s: *const SSL) -> u32 {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| c.max_early_data.load(Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_recv_max_early_data(
    ctx: *mut SSL_CTX,
    recv_max_early_data: u32,
) -> c_int {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| {
            c.recv_max_early_data.store(recv_max_early_data, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_recv_max_early_data(ctx: *const SSL_CTX) -> u32 {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| c.recv_max_early_data.load(Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_recv_max_early_data(
    s: *mut SSL,
    recv_max_early_data: u32,
) -> c_int {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| {
            c.recv_max_early_data.store(recv_max_early_data, Relaxed);
            1
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_recv_max_early_data(s: *const SSL) -> u32 {
    guard!(0, {
        ssl_cfg(s).map_or(0, |c| c.recv_max_early_data.load(Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_block_padding(ctx: *mut SSL_CTX, block_size: usize) -> c_int {
    guard!(0, {
        ctx_cfg(ctx).map_or(0, |c| c.set_block_padding(block_size as u64) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_block_padding(ssl: *mut SSL, block_size: usize) -> c_int {
    guard!(0, {
        ssl_cfg(ssl).map_or(0, |c| c.set_block_padding(block_size as u64) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_read_buffer_len(ctx: *mut SSL_CTX, len: usize) {
    guard!((), {
        if let Some(c) = ctx_cfg(ctx) {
            c.default_read_buffer_len.store(len as u64, Relaxed)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_default_read_buffer_len(s: *mut SSL, len: usize) {
    guard!((), {
        if let Some(c) = ssl_cfg(s) {
            c.default_read_buffer_len.store(len as u64, Relaxed)
        }
    })
}

/// 0 (disabled) or 1 to 4 (512 to 4096 bytes); anything else is refused with
/// an error, NULL objects too (OpenSSL checks the mode first).
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_tlsext_max_fragment_length(
    ctx: *mut SSL_CTX,
    mode: u8,
) -> c_int {
    guard!(0, {
        if mode > 4 {
            raise!(
                SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH,
                "SSL_CTX_set_tlsext_max_fragment_length"
            );
            return 0;
        }
        ctx_cfg(ctx).map_or(0, |c| c.set_max_fragment_len_mode(mode) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_tlsext_max_fragment_length(ssl: *mut SSL, mode: u8) -> c_int {
    guard!(0, {
        if mode > 4 {
            raise!(
                SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH,
                "SSL_set_tlsext_max_fragment_length"
            );
            return 0;
        }
        ssl_cfg(ssl).map_or(0, |c| c.set_max_fragment_len_mode(mode) as c_int)
    })
}

/// Kept for the handshake (no getter in OpenSSL either).
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_post_handshake_auth(ctx: *mut SSL_CTX, val: c_int) {
    guard!((), {
        if let Some(c) = ctx_cfg(ctx) {
            c.post_handshake_auth.store(val, Relaxed)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_post_handshake_auth(s: *mut SSL, val: c_int) {
    guard!((), {
        if let Some(c) = ssl_cfg(s) {
            c.post_handshake_auth.store(val, Relaxed)
        }
    })
}

/// sessl has no record layer, so no buffers: allocating and freeing them
/// succeed, as for OpenSSL's idle connection. What OpenSSL's allocation
/// asks is asked here too: unless `SSL_OP_NO_COMPRESSION` is set, sizing a
/// read buffer not yet allocated, then the write buffer (sized on every
/// call), each ask the security callback whether compression is allowed
/// (the answer only changes the size).
#[no_mangle]
pub unsafe extern "C" fn SSL_alloc_buffers(ssl: *mut SSL) -> c_int {
    guard!(0, {
        let Some(s) = borrow(ssl) else { return 0 };
        set_up_read_buffer_only(s);
        // The write buffer is sized on every call.
        ask_compression(s);
        1
    })
}

/// Sizing a record buffer asks whether compression is allowed, unless
/// `SSL_OP_NO_COMPRESSION` already says no.
unsafe fn ask_compression(s: &crate::core::ssl::Ssl) {
    if s.ctrl.options.load(Relaxed) & SSL_OP_NO_COMPRESSION == 0 {
        super::security::ssl_security(
            s,
            super::security::SSL_SECOP_COMPRESSION,
            0,
            0,
            std::ptr::null_mut(),
        );
    }
}

/// Sets up the read buffer when none is held, asking as its sizing does;
/// returns whether it did.
unsafe fn set_up_read_buffer_only(s: &crate::core::ssl::Ssl) -> bool {
    if s.read_buffer_held.swap(true, Relaxed) {
        return false;
    }
    ask_compression(s);
    true
}

/// A read that gets to the record layer sets up the read buffer when it
/// has none; DTLS's sets up the write buffer with it, TLS's only the read
/// buffer.
pub(crate) unsafe fn set_up_read_buffer(s: &crate::core::ssl::Ssl) {
    if set_up_read_buffer_only(s) && s.method().dtls {
        ask_compression(s);
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_free_buffers(ssl: *mut SSL) -> c_int {
    guard!(0, {
        let Some(s) = borrow(ssl) else { return 0 };
        s.read_buffer_held.store(false, Relaxed);
        1
    })
}

/// Deprecated and a no-op since OpenSSL 1.1.0.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_debug(_s: *mut SSL, _debug: c_int) {}

fn c_method(m: &'static Method) -> *const SSL_METHOD {
    m as *const Method as *const SSL_METHOD
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_ssl_method(ctx: *const SSL_CTX) -> *const SSL_METHOD {
    guard!(std::ptr::null(), {
        borrow(ctx).map_or(std::ptr::null(), |c| c_method(c.method()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_ssl_method(s: *const SSL) -> *const SSL_METHOD {
    guard!(std::ptr::null(), {
        borrow(s).map_or(std::ptr::null(), |s| c_method(s.method()))
    })
}

/// Replaces the context's method (OpenSSL also rebuilds the cipher lists from
/// the defaults: that is the cipher family's).
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_ssl_version(
    ctx: *mut SSL_CTX,
    meth: *const SSL_METHOD,
) -> c_int {
    guard!(0, {
        match (borrow(ctx), known_method(meth as *const Method)) {
            (Some(c), Some(m)) => {
                c.set_method(m);
                // As in OpenSSL, the new method comes with the default cipher
                // lists (TLS 1.3 suites and DEFAULT), replacing any set.
                super::cipher_list::reset_ctx_lists(c) as c_int
            }
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_ssl_method(s: *mut SSL, method: *const SSL_METHOD) -> c_int {
    guard!(0, {
        match (borrow(s), known_method(method as *const Method)) {
            (Some(ssl), Some(m)) => {
                let before = ssl.method().protocol;
                ssl.set_method(m);
                if before != m.protocol {
                    super::srp::renew_with_method(s);
                }
                1
            }
            _ => 0,
        }
    })
}

/// The version the client offered; before a handshake, the method's version
/// (`TLS_ANY_VERSION` for the flexible TLS methods).
#[no_mangle]
pub unsafe extern "C" fn SSL_client_version(s: *const SSL) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| s.ctrl.client_version.load(Relaxed))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_is_dtls(s: *const SSL) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.method().dtls as c_int) })
}

/// Moves a connection to another context (NULL: back to the one it was made
/// with, which stays its session context either way): it takes the new
/// context's certificate settings, and its session id context if it still
/// had the old context's. Returns the new context.
#[no_mangle]
pub unsafe extern "C" fn SSL_set_SSL_CTX(ssl: *mut SSL, ctx: *mut SSL_CTX) -> *mut SSL_CTX {
    guard!(std::ptr::null_mut(), {
        let Some(s) = borrow(ssl) else {
            return std::ptr::null_mut();
        };
        let current = active_ctx(s);
        if std::ptr::eq(current, ctx as *const Ctx) {
            return ctx;
        }
        // OpenSSL frees the connection's (maybe shared) CERT for a copy of
        // the new context's.
        super::cert_share::unshare(s);
        let new: Shared<Ctx> = match clone_shared(ctx) {
            Some(c) => c,
            None => s.ctx().clone(),
        };
        if existing(&s.ctrl_shell).is_some() || existing(&new.ctrl_shell).is_some() {
            let empty = CtrlShell::default();
            let from = existing(&new.ctrl_shell).unwrap_or(&empty);
            inherit(from, shell(&s.ctrl_shell));
        }
        s.follow_sid_ctx(&*current, &new);
        // OpenSSL's CERT (certificates and keys, DH settings, the security
        // level) comes from the new context; options, verify settings and
        // cipher lists stay the connection's.
        super::certs_state::adopt_certs(super::certs_state::ctx_certs(&new), s);
        let level = lock(&new.ciphers).security_level();
        lock(&s.ciphers).set_security_level(level);
        s.security.copy_cert_part_from(&new.security);
        s.ctrl.copy_cert_settings(&new.ctrl);
        let p = Shared::as_ptr(&new);
        let back_home = std::ptr::eq(p, Shared::as_ptr(s.ctx()));
        let sh = shell(&s.ctrl_shell);
        let old = {
            let mut active = lock(&sh.active_ctx);
            // Read without the lock (`SSL_get_ciphers` is a pointer load in
            // OpenSSL and must stay about as cheap).
            s.ctx_switched
                .store(!back_home, std::sync::atomic::Ordering::Release);
            std::mem::replace(&mut *active, (!back_home).then_some(new))
        };
        // The previous context is released outside the lock.
        drop(old);
        p as *mut SSL_CTX
    })
}
