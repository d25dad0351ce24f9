//! `SSL_CTX_ctrl`: the session-cache commands behind OpenSSL's `SSL_CTX_sess_*`
//! and cache-mode macros, so binaries compiled against those macros work.

use super::consts::*;
use super::{borrow, guard, SSL_CTX};
use crate::core::ctx::Ctx;
use std::os::raw::{c_int, c_long, c_void};

/// Unknown commands (and every command on a NULL context) return 0. The
/// connect/accept/hit/miss/timeout counters count handshakes, and sessl performs
/// none, so they stay 0; `SSL_CTX_sess_cache_full` counts evictions.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    larg: c_long,
    _parg: *mut c_void,
) -> c_long {
    guard!(0, { borrow(ctx).map_or(0, |c| session_ctrl(c, cmd, larg)) })
}

fn session_ctrl(ctx: &Ctx, cmd: c_int, larg: c_long) -> c_long {
    let cache = ctx.cache();
    match cmd {
        SSL_CTRL_SESS_NUMBER => cache.count() as c_long,
        SSL_CTRL_SESS_CACHE_FULL => cache.cache_full() as c_long,
        SSL_CTRL_SESS_CONNECT
        | SSL_CTRL_SESS_CONNECT_GOOD
        | SSL_CTRL_SESS_CONNECT_RENEGOTIATE
        | SSL_CTRL_SESS_ACCEPT
        | SSL_CTRL_SESS_ACCEPT_GOOD
        | SSL_CTRL_SESS_ACCEPT_RENEGOTIATE
        | SSL_CTRL_SESS_HIT
        | SSL_CTRL_SESS_CB_HIT
        | SSL_CTRL_SESS_MISSES
        | SSL_CTRL_SESS_TIMEOUTS => 0,
        SSL_CTRL_SET_SESS_CACHE_SIZE if larg < 0 => 0,
        SSL_CTRL_SET_SESS_CACHE_SIZE => cache.set_size(larg as u64) as c_long,
        SSL_CTRL_GET_SESS_CACHE_SIZE => cache.size() as c_long,
        // The mode is a 32-bit field in OpenSSL: larger values are truncated.
        SSL_CTRL_SET_SESS_CACHE_MODE => cache.set_mode(larg as u32) as c_long,
        SSL_CTRL_GET_SESS_CACHE_MODE => cache.mode() as c_long,
        _ => 0,
    }
}
