//! LD_PRELOAD: libssl functions defined here interpose the program's libssl.
//! Each forwards to the next definition (dlsym(RTLD_NEXT), or libssl.so.3
//! itself when this library was loaded after it) and adds the fleet:
//!
//! - SSL_CTX_new/_new_ex attach every server-capable context when
//!   SESSL_FLEET_STORE is set (errors are told once on stderr; the program
//!   runs on without the fleet);
//! - the session-callback setters and the cache-mode ctrl of an attached
//!   context record what the program asked for (the fleet's callbacks stay
//!   in front and chain to the program's; the program reads back its mode);
//! - a program that sets its own ticket keys or ticket callback gets them
//!   (the fleet's ticket callback steps aside);
//! - SSL_CTX_set_session_id_context is recorded (libssl has no getter);
//! - SSL_CTX_add_session keeps TLS 1.3 sessions out of an attached server
//!   context's cache (their tickets are taken from the fleet, once);
//! - SSL_CTX_remove_session deletes the fleet's copy too.
//!
//! Nothing here creates a thread or a connection: those are made per
//! process, on first use (see `store` and `tickets`), so a pre-forking
//! server's workers each make their own.

use crate::attach;
use crate::ffi::{self, OSSL_LIB_CTX, SSL_CTX, SSL_METHOD, SSL_SESSION};
use libc::{c_char, c_int, c_long, c_uchar, c_uint, c_void};
use std::sync::atomic::Ordering;
use std::sync::OnceLock;

/// The next definitions of the interposed functions.
#[allow(non_snake_case)]
pub mod real {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn lookup(name: &std::ffi::CStr) -> usize {
        // SAFETY: dlsym/dlopen with NUL-terminated names.
        unsafe {
            let p = libc::dlsym(libc::RTLD_NEXT, name.as_ptr());
            if !p.is_null() {
                return p as usize;
            }
            let h = libc::dlopen(c"libssl.so.3".as_ptr(), libc::RTLD_NOW | libc::RTLD_NOLOAD);
            if h.is_null() {
                return usize::MAX;
            }
            let p = libc::dlsym(h, name.as_ptr());
            if p.is_null() {
                usize::MAX
            } else {
                p as usize
            }
        }
    }

    macro_rules! real_fn {
        ($name:ident : $ty:ty) => {
            pub fn $name() -> Option<$ty> {
                static P: AtomicUsize = AtomicUsize::new(0);
                let mut p = P.load(Ordering::Relaxed);
                if p == 0 {
                    p = lookup(
                        std::ffi::CStr::from_bytes_with_nul(
                            concat!(stringify!($name), "\0").as_bytes(),
                        )
                        .unwrap(),
                    );
                    P.store(p, Ordering::Relaxed);
                }
                if p == usize::MAX {
                    None
                } else {
                    // SAFETY: the symbol has this C type in OpenSSL 3.0's ABI.
                    Some(unsafe { std::mem::transmute::<usize, $ty>(p) })
                }
            }
        };
    }

    real_fn!(SSL_CTX_new: unsafe extern "C" fn(*const SSL_METHOD) -> *mut SSL_CTX);
    real_fn!(SSL_CTX_new_ex: unsafe extern "C" fn(*mut OSSL_LIB_CTX, *const c_char, *const SSL_METHOD) -> *mut SSL_CTX);
    real_fn!(SSL_CTX_sess_set_new_cb: unsafe extern "C" fn(*mut SSL_CTX, ffi::NewSessionCb));
    real_fn!(SSL_CTX_sess_set_get_cb: unsafe extern "C" fn(*mut SSL_CTX, ffi::GetSessionCb));
    real_fn!(SSL_CTX_sess_set_remove_cb: unsafe extern "C" fn(*mut SSL_CTX, ffi::RemoveSessionCb));
    real_fn!(SSL_CTX_ctrl: unsafe extern "C" fn(*mut SSL_CTX, c_int, c_long, *mut c_void) -> c_long);
    real_fn!(SSL_CTX_callback_ctrl: unsafe extern "C" fn(*mut SSL_CTX, c_int, Option<unsafe extern "C" fn()>) -> c_long);
    real_fn!(SSL_CTX_set_tlsext_ticket_key_evp_cb: unsafe extern "C" fn(*mut SSL_CTX, ffi::TicketKeyEvpCb) -> c_int);
    real_fn!(SSL_CTX_set_session_id_context: unsafe extern "C" fn(*mut SSL_CTX, *const c_uchar, c_uint) -> c_int);
    real_fn!(SSL_CTX_add_session: unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION) -> c_int);
    real_fn!(SSL_CTX_remove_session: unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION) -> c_int);
    real_fn!(TLS_client_method: unsafe extern "C" fn() -> *const SSL_METHOD);
    real_fn!(TLS_server_method: unsafe extern "C" fn() -> *const SSL_METHOD);
}

/// True when this library's SSL_CTX_add_session is the one the process
/// uses (preloaded, or linked before libssl): the definition the process
/// finds lies in this library's object. Comparing with the address of our
/// own `SSL_CTX_add_session` would not do: an exported function's address
/// taken in here resolves through the GOT to whichever definition the
/// process uses, so it always matched, and linked after libssl the fleet
/// took libssl's for its own.
pub fn interposing() -> bool {
    static YES: OnceLock<bool> = OnceLock::new();
    *YES.get_or_init(|| {
        // SAFETY: dlsym with a NUL-terminated name; dladdr only fills the
        // Dl_info it is given; `interposing` is a Rust function, not
        // exported, so its address is this object's own.
        unsafe {
            let used = libc::dlsym(libc::RTLD_DEFAULT, c"SSL_CTX_add_session".as_ptr());
            let mut theirs: libc::Dl_info = std::mem::zeroed();
            let mut ours: libc::Dl_info = std::mem::zeroed();
            !used.is_null()
                && libc::dladdr(used, &mut theirs) != 0
                && libc::dladdr(interposing as *const c_void, &mut ours) != 0
                && theirs.dli_fbase == ours.dli_fbase
        }
    })
}

/// Attaches a new context when the environment names a fleet.
unsafe fn auto_attach(ctx: *mut SSL_CTX, meth: *const SSL_METHOD) {
    if ctx.is_null() || std::env::var_os("SESSL_FLEET_STORE").is_none() {
        return;
    }
    // A client-only context has no server sessions to share.
    if let Some(client) = real::TLS_client_method() {
        if meth == client() {
            return;
        }
    }
    if let Err(why) = attach::attach(ctx, "") {
        crate::log_once(&format!("not attached: {why}"));
    }
}

/// # Safety
/// As OpenSSL's SSL_CTX_new.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new(meth: *const SSL_METHOD) -> *mut SSL_CTX {
    let Some(f) = real::SSL_CTX_new() else {
        return std::ptr::null_mut();
    };
    let ctx = f(meth);
    let _ = std::panic::catch_unwind(|| auto_attach(ctx, meth));
    ctx
}

/// # Safety
/// As OpenSSL's SSL_CTX_new_ex.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_new_ex(
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
    meth: *const SSL_METHOD,
) -> *mut SSL_CTX {
    let Some(f) = real::SSL_CTX_new_ex() else {
        return std::ptr::null_mut();
    };
    let ctx = f(libctx, propq, meth);
    let _ = std::panic::catch_unwind(|| auto_attach(ctx, meth));
    ctx
}

fn attached<'a>(ctx: *mut SSL_CTX) -> Option<&'a attach::CtxState> {
    // SAFETY: ctx is the caller's live context (or null).
    unsafe { attach::state_of_ctx(ctx) }.filter(|s| s.is_attached())
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_new_cb(ctx: *mut SSL_CTX, cb: ffi::NewSessionCb) {
    match attached(ctx) {
        Some(s) => s.set_program_new_cb(cb),
        None => {
            if let Some(f) = real::SSL_CTX_sess_set_new_cb() {
                f(ctx, cb)
            }
        }
    }
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_get_cb(ctx: *mut SSL_CTX, cb: ffi::GetSessionCb) {
    match attached(ctx) {
        Some(s) => s.set_program_get_cb(cb),
        None => {
            if let Some(f) = real::SSL_CTX_sess_set_get_cb() {
                f(ctx, cb)
            }
        }
    }
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sess_set_remove_cb(ctx: *mut SSL_CTX, cb: ffi::RemoveSessionCb) {
    match attached(ctx) {
        Some(s) => s.set_program_remove_cb(cb),
        None => {
            if let Some(f) = real::SSL_CTX_sess_set_remove_cb() {
                f(ctx, cb)
            }
        }
    }
}

const SSL_CTRL_SET_TLSEXT_TICKET_KEYS: c_int = 59;

unsafe fn program_takes_tickets(ctx: *mut SSL_CTX, s: &attach::CtxState) {
    s.program_tickets.store(true, Ordering::Release);
    if let Some(f) = real::SSL_CTX_set_tlsext_ticket_key_evp_cb() {
        f(ctx, None);
    }
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    let Some(f) = real::SSL_CTX_ctrl() else {
        return 0;
    };
    if let Some(s) = attached(ctx) {
        match cmd {
            ffi::SSL_CTRL_SET_SESS_CACHE_MODE => {
                let old = s.set_program_mode(larg);
                f(ctx, cmd, attach::effective_mode(larg), parg);
                return old;
            }
            ffi::SSL_CTRL_GET_SESS_CACHE_MODE => return s.program_mode(),
            SSL_CTRL_SET_TLSEXT_TICKET_KEYS if !parg.is_null() => program_takes_tickets(ctx, s),
            _ => {}
        }
    }
    f(ctx, cmd, larg, parg)
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_callback_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    let Some(f) = real::SSL_CTX_callback_ctrl() else {
        return 0;
    };
    if cmd == ffi::SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB && fp.is_some() {
        if let Some(s) = attached(ctx) {
            program_takes_tickets(ctx, s);
        }
    }
    f(ctx, cmd, fp)
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_tlsext_ticket_key_evp_cb(
    ctx: *mut SSL_CTX,
    fp: ffi::TicketKeyEvpCb,
) -> c_int {
    let Some(f) = real::SSL_CTX_set_tlsext_ticket_key_evp_cb() else {
        return 0;
    };
    if let Some(s) = attached(ctx) {
        s.program_tickets.store(fp.is_some(), Ordering::Release);
        if fp.is_none() && s.fleet.config.tickets {
            return f(ctx, Some(crate::tickets::ticket_key_cb));
        }
    }
    f(ctx, fp)
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_session_id_context(
    ctx: *mut SSL_CTX,
    sid: *const c_uchar,
    len: c_uint,
) -> c_int {
    let Some(f) = real::SSL_CTX_set_session_id_context() else {
        return 0;
    };
    let ret = f(ctx, sid, len);
    if ret == 1 && !ctx.is_null() {
        let bytes = if sid.is_null() || len == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts(sid, len as usize)
        };
        attach::note_id_context(ctx, bytes);
    }
    ret
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_session(ctx: *mut SSL_CTX, sess: *mut SSL_SESSION) -> c_int {
    let Some(f) = real::SSL_CTX_add_session() else {
        return 0;
    };
    if let Some(s) = attached(ctx) {
        if !sess.is_null()
            && ffi::SSL_SESSION_get_protocol_version(sess) == ffi::TLS1_3_VERSION
            && s.program_mode() & 0x1 == 0
        {
            // A server context's TLS 1.3 session stays in the fleet only:
            // its stateful ticket must be taken from there (single use),
            // a stateless ticket's session is never looked up.
            return 1;
        }
    }
    f(ctx, sess)
}

/// # Safety
/// As OpenSSL's.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_remove_session(
    ctx: *mut SSL_CTX,
    sess: *mut SSL_SESSION,
) -> c_int {
    let Some(f) = real::SSL_CTX_remove_session() else {
        return 0;
    };
    crate::sessions::removed(ctx, sess);
    f(ctx, sess)
}
