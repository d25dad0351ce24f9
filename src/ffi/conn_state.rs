//! What a connection knows of its handshake before one (sessl performs none):
//! server name, Finished messages, randoms, signature algorithms, groups,
//! compression, SRTP; and `SSL_CTX_callback_ctrl` / `SSL_callback_ctrl`.

use super::ctrl_consts::*;
use super::ctrl_lists::group_name;
use super::ctrl_shell::{existing, shell, OPENSSL_sk_new_null, OPENSSL_sk_push};
use super::err::raise;
use super::{borrow, guard, SSL, SSL_CTX};
use crate::sync::lock;
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::OnceLock;

/// `SSL_get_servername`: the name this client will send (or, before a name is
/// set, that of a resumable pre-TLS 1.3 session); on a server (a role chosen
/// with `SSL_set_accept_state`), the name set, as no ClientHello arrived.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_servername(s: *const SSL, type_: c_int) -> *const c_char {
    guard!(std::ptr::null(), {
        let Some(ssl) = borrow(s) else {
            return std::ptr::null();
        };
        if type_ != TLSEXT_NAMETYPE_host_name {
            return std::ptr::null();
        }
        let own = existing(&ssl.ctrl_shell)
            .and_then(|sh| lock(&sh.hostname).as_ref().map(|h| h.as_ptr()))
            .unwrap_or(std::ptr::null());
        if own.is_null() && !ssl.acts_as_server() {
            if let Some(sess) = ssl.session() {
                let p = sess.read(|d| {
                    (d.protocol_version != 0x0304)
                        .then(|| d.hostname.as_ref().map(|h| h.as_ptr()))
                        .flatten()
                });
                // The session outlives the pointer's use as in OpenSSL: the
                // connection holds it.
                return p.unwrap_or(std::ptr::null());
            }
        }
        own
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_servername_type(s: *const SSL) -> c_int {
    guard!(-1, {
        if SSL_get_servername(s, TLSEXT_NAMETYPE_host_name).is_null() {
            -1
        } else {
            TLSEXT_NAMETYPE_host_name
        }
    })
}

/// The randoms are zero until a handshake draws them: up to 32 zero bytes
/// copied, or 32 for `outlen` 0.
unsafe fn zero_random(out: *mut c_uchar, outlen: usize) -> usize {
    if outlen == 0 {
        return 32;
    }
    let n = outlen.min(32);
    if !out.is_null() {
        std::ptr::write_bytes(out, 0, n);
    }
    n
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_client_random(
    ssl: *const SSL,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    guard!(0, {
        if borrow(ssl).is_none() {
            return 0;
        }
        zero_random(out, outlen)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_server_random(
    ssl: *const SSL,
    out: *mut c_uchar,
    outlen: usize,
) -> usize {
    guard!(0, {
        if borrow(ssl).is_none() {
            return 0;
        }
        zero_random(out, outlen)
    })
}

/// No signature algorithms were shared or received before a handshake.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_shared_sigalgs(
    _s: *mut SSL,
    _idx: c_int,
    _psign: *mut c_int,
    _phash: *mut c_int,
    _psignandhash: *mut c_int,
    _rsig: *mut c_uchar,
    _rhash: *mut c_uchar,
) -> c_int {
    0
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_sigalgs(
    _s: *mut SSL,
    _idx: c_int,
    _psign: *mut c_int,
    _phash: *mut c_int,
    _psignandhash: *mut c_int,
    _rsig: *mut c_uchar,
    _rhash: *mut c_uchar,
) -> c_int {
    0
}

/// No signature yet: 0, and `*pnid` untouched.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_peer_signature_type_nid(
    _s: *const SSL,
    _pnid: *mut c_int,
) -> c_int {
    0
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_signature_type_nid(_s: *const SSL, _pnid: *mut c_int) -> c_int {
    0
}

/// `TLSEXT_nid_unknown`: a NID made from a TLS group id.
const NID_UNKNOWN_FLAG: c_int = 0x0100_0000;

/// The TLS name of a group, by NID or by `TLSEXT_nid_unknown | id`.
#[no_mangle]
pub unsafe extern "C" fn SSL_group_to_name(s: *mut SSL, id: c_int) -> *const c_char {
    guard!(std::ptr::null(), {
        if borrow(s).is_none() {
            return std::ptr::null();
        }
        static NAMES: OnceLock<Vec<(c_int, u16, CString)>> = OnceLock::new();
        let names = NAMES.get_or_init(super::ctrl_lists::group_table);
        let found = if id & NID_UNKNOWN_FLAG != 0 {
            names.iter().find(|g| g.1 as c_int == id & 0xFFFF)
        } else {
            group_name(id).and_then(|_| names.iter().find(|g| g.0 == id))
        };
        found.map_or(std::ptr::null(), |g| g.2.as_ptr())
    })
}

/// `STACK_OF(SRTP_PROTECTION_PROFILE)` (declared by the header).
#[repr(C)]
pub struct stack_st_SRTP_PROTECTION_PROFILE {
    _opaque: [u8; 0],
}

/// `SRTP_PROTECTION_PROFILE`.
#[repr(C)]
pub struct SRTP_PROTECTION_PROFILE {
    pub name: *const c_char,
    pub id: c_ulong,
}
// SAFETY: immutable statics pointing at string literals.
unsafe impl Sync for SRTP_PROTECTION_PROFILE {}

static SRTP_PROFILES: [SRTP_PROTECTION_PROFILE; 4] = [
    SRTP_PROTECTION_PROFILE {
        name: c"SRTP_AES128_CM_SHA1_80".as_ptr(),
        id: 1,
    },
    SRTP_PROTECTION_PROFILE {
        name: c"SRTP_AES128_CM_SHA1_32".as_ptr(),
        id: 2,
    },
    SRTP_PROTECTION_PROFILE {
        name: c"SRTP_AEAD_AES_128_GCM".as_ptr(),
        id: 7,
    },
    SRTP_PROTECTION_PROFILE {
        name: c"SRTP_AEAD_AES_256_GCM".as_ptr(),
        id: 8,
    },
];

const SSL_R_BAD_SRTP_PROTECTION_PROFILE_LIST: c_int = 353;
const SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE: c_int = 364;

/// Parses a profile list into a new stack of the static profiles; 0 on
/// success, 1 on failure (the SRTP functions' inverted convention).
unsafe fn make_profiles(
    slot: &OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    list: *const c_char,
) -> c_int {
    let Some(list) = super::c_str(list) else {
        return 1;
    };
    let mut picked: Vec<usize> = Vec::new();
    for name in list.to_bytes().split(|b| *b == b':') {
        let Some(i) = SRTP_PROFILES
            .iter()
            .position(|p| std::ffi::CStr::from_ptr(p.name).to_bytes() == name)
        else {
            raise!(
                SSL_R_SRTP_UNKNOWN_PROTECTION_PROFILE,
                "ssl_ctx_make_profiles"
            );
            return 1;
        };
        if picked.contains(&i) {
            raise!(
                SSL_R_BAD_SRTP_PROTECTION_PROFILE_LIST,
                "ssl_ctx_make_profiles"
            );
            return 1;
        }
        picked.push(i);
    }
    let st = OPENSSL_sk_new_null();
    for i in picked {
        OPENSSL_sk_push(st, &SRTP_PROFILES[i] as *const _ as *const c_void);
    }
    shell(slot).set_srtp_profiles(st as usize);
    0
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_tlsext_use_srtp(
    ctx: *mut SSL_CTX,
    profiles: *const c_char,
) -> c_int {
    guard!(1, {
        match borrow(ctx) {
            Some(c) => make_profiles(&c.ctrl_shell, profiles),
            None => 1,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_tlsext_use_srtp(ssl: *mut SSL, profiles: *const c_char) -> c_int {
    guard!(1, {
        match borrow(ssl) {
            Some(s) => make_profiles(&s.ctrl_shell, profiles),
            None => 1,
        }
    })
}

/// The connection's profiles, else its context's.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_srtp_profiles(
    ssl: *mut SSL,
) -> *mut stack_st_SRTP_PROTECTION_PROFILE {
    guard!(std::ptr::null_mut(), {
        let Some(s) = borrow(ssl) else {
            return std::ptr::null_mut();
        };
        let own = existing(&s.ctrl_shell).map_or(0, |sh| *lock(&sh.srtp_profiles));
        let st = if own != 0 {
            own
        } else {
            let ctx = &*super::ctrl_shell::active_ctx(s);
            existing(&ctx.ctrl_shell).map_or(0, |sh| *lock(&sh.srtp_profiles))
        };
        st as *mut stack_st_SRTP_PROTECTION_PROFILE
    })
}

/// None is selected before a handshake.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_selected_srtp_profile(
    _s: *mut SSL,
) -> *mut SRTP_PROTECTION_PROFILE {
    std::ptr::null_mut()
}

/// No cipher is current before a handshake, so no data MTU: 0.
#[no_mangle]
pub unsafe extern "C" fn DTLS_get_data_mtu(_s: *const SSL) -> usize {
    0
}

/// `DTLS_timer_cb`.
pub type DTLS_timer_cb = Option<unsafe extern "C" fn(s: *mut SSL, timer_us: c_uint) -> c_uint>;

/// The DTLS retransmission timer runs during handshakes only; sessl keeps the
/// callback (no getter exists).
#[no_mangle]
pub unsafe extern "C" fn DTLS_set_timer_cb(s: *mut SSL, cb: DTLS_timer_cb) {
    guard!((), {
        if let Some(ssl) = borrow(s) {
            ssl.ctrl
                .hooks
                .dtls_timer_cb
                .store(cb.map_or(0, |f| f as usize), Relaxed);
        }
    })
}

fn fn_addr(fp: Option<unsafe extern "C" fn()>) -> usize {
    fp.map_or(0, |f| f as usize)
}

/// The callbacks set through `SSL_CTX_callback_ctrl` (the servername, status,
/// ticket-key, message and SRP callbacks), kept for their getters.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_callback_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    guard!(0, {
        let Some(c) = borrow(ctx) else { return 0 };
        let h = &c.ctrl.hooks;
        let slot = match cmd {
            SSL_CTRL_SET_MSG_CALLBACK => &h.msg_callback,
            SSL_CTRL_SET_TMP_DH_CB => &h.tmp_dh_cb,
            SSL_CTRL_SET_TLSEXT_SERVERNAME_CB => &h.servername_cb,
            SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB => &h.status_cb,
            SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB => &h.ticket_key_cb,
            SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB => &h.not_resumable_cb,
            // SRP callbacks: handshake-only.
            SSL_CTRL_SET_TLS_EXT_SRP_USERNAME_CB
            | SSL_CTRL_SET_SRP_VERIFY_PARAM_CB
            | SSL_CTRL_SET_SRP_GIVE_CLIENT_PWD_CB => &h.srp_cb,
            _ => return 0,
        };
        slot.store(fn_addr(fp), Relaxed);
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_callback_ctrl(
    s: *mut SSL,
    cmd: c_int,
    fp: Option<unsafe extern "C" fn()>,
) -> c_long {
    guard!(0, {
        super::cert_share::then_changed(s, || {
            let Some(ssl) = borrow(s) else { return 0 };
            let h = &ssl.ctrl.hooks;
            let slot = match cmd {
                SSL_CTRL_SET_MSG_CALLBACK => &h.msg_callback,
                SSL_CTRL_SET_TMP_DH_CB => &h.tmp_dh_cb,
                SSL_CTRL_SET_TLSEXT_DEBUG_CB => &h.debug_cb,
                SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB => &h.not_resumable_cb,
                _ => return 0,
            };
            slot.store(fn_addr(fp), Relaxed);
            1
        })
    })
}
