//! `SSL_CTX_ctrl` and `SSL_ctrl`: every command of OpenSSL 3.0's headers, with
//! its effect on the context or connection, or exactly what OpenSSL returns for
//! a connection that has not handshaken (sessl performs no handshake).
//!
//! Commands OpenSSL does not know return 0 and queue nothing, as there.
//! Getters that write through `parg` skip a NULL `parg` (OpenSSL crashes).

use super::certs_crypto::{OPENSSL_sk_num, OPENSSL_sk_value};
use super::certs_keys::{security_cert, Owner};
use super::consts::*;
use super::ctrl_consts::*;
use super::ctrl_lists::{
    parse_sigalgs, parse_sigalgs_list, set_groups, set_groups_list, set_sigalgs_list,
};
use super::ctrl_shell::{free_x509_stack, shell, OPENSSL_sk_new_null, OPENSSL_sk_push};
use super::ctrl_shell::{X509_chain_up_ref, X509_up_ref};
use super::err::raise;
use super::security::security_of;
use super::{borrow, guard, write_out, SSL, SSL_CTX};
use crate::core::config::ctrl::CtrlConfig;
use crate::core::ctx::Ctx;
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::sync::atomic::Ordering::Relaxed;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_ctrl(
    ctx: *mut SSL_CTX,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    guard!(0, {
        match borrow(ctx) {
            // Without a context, OpenSSL still parses the two list formats.
            None => match cmd {
                SSL_CTRL_SET_GROUPS_LIST => set_groups_list(None, parg as *const c_char),
                SSL_CTRL_SET_SIGALGS_LIST | SSL_CTRL_SET_CLIENT_SIGALGS_LIST => {
                    set_sigalgs_list(None, parg as *const c_char)
                }
                _ => 0,
            },
            Some(c) => session_ctrl(c, cmd, larg)
                .or_else(|| common_ctrl(&c.ctrl, c.method().protocol, cmd, larg, parg))
                .unwrap_or_else(|| ctx_ctrl(c, cmd, larg, parg)),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_ctrl(
    s: *mut SSL,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> c_long {
    guard!(0, {
        let Some(ssl) = borrow(s) else { return 0 };
        // A connection's bounds are checked against its context's method.
        let method_version = (*super::ctrl_shell::active_ctx(ssl)).method().protocol;
        let r = common_ctrl(&ssl.ctrl, method_version, cmd, larg, parg)
            .unwrap_or_else(|| ssl_ctrl(ssl, cmd, larg, parg));
        if changes_cert(cmd) {
            super::cert_share::changed(ssl);
        }
        r
    })
}

/// The commands that change what OpenSSL keeps in its `CERT` (shared by
/// `SSL_copy_session_id`).
fn changes_cert(cmd: c_int) -> bool {
    matches!(
        cmd,
        SSL_CTRL_SET_TMP_DH
            | SSL_CTRL_SET_DH_AUTO
            | SSL_CTRL_CHAIN
            | SSL_CTRL_CHAIN_CERT
            | SSL_CTRL_BUILD_CERT_CHAIN
            | SSL_CTRL_SET_VERIFY_CERT_STORE
            | SSL_CTRL_SET_CHAIN_CERT_STORE
            | SSL_CTRL_SELECT_CURRENT_CERT
            | SSL_CTRL_SET_CURRENT_CERT
            | SSL_CTRL_CERT_FLAGS
            | SSL_CTRL_CLEAR_CERT_FLAGS
            | SSL_CTRL_SET_SIGALGS
            | SSL_CTRL_SET_SIGALGS_LIST
            | SSL_CTRL_SET_CLIENT_SIGALGS
            | SSL_CTRL_SET_CLIENT_SIGALGS_LIST
            | SSL_CTRL_SET_CLIENT_CERT_TYPES
    )
}

fn session_ctrl(ctx: &Ctx, cmd: c_int, larg: c_long) -> Option<c_long> {
    let cache = ctx.cache();
    Some(match cmd {
        SSL_CTRL_SESS_NUMBER => cache.count() as c_long,
        SSL_CTRL_SESS_CACHE_FULL => cache.cache_full() as c_long,
        // These count handshakes, and sessl performs none.
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
        _ => return None,
    })
}

/// The commands `SSL_CTX_ctrl` and `SSL_ctrl` treat alike.
fn common_ctrl(
    cfg: &CtrlConfig,
    method_version: i32,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
) -> Option<c_long> {
    Some(match cmd {
        SSL_CTRL_GET_READ_AHEAD => cfg.read_ahead.load(Relaxed) as c_long,
        // read_ahead is an int in OpenSSL.
        SSL_CTRL_SET_READ_AHEAD => cfg.read_ahead.swap(larg as i32, Relaxed) as c_long,
        SSL_CTRL_SET_MSG_CALLBACK_ARG => {
            cfg.hooks.msg_callback_arg.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_GET_MAX_CERT_LIST => cfg.max_cert_list.load(Relaxed) as c_long,
        SSL_CTRL_SET_MAX_CERT_LIST if larg < 0 => 0,
        SSL_CTRL_SET_MAX_CERT_LIST => cfg.max_cert_list.swap(larg as u64, Relaxed) as c_long,
        // The mode is a uint32_t: the result is truncated to it.
        SSL_CTRL_MODE => cfg.add_mode(larg as u32) as c_long,
        SSL_CTRL_CLEAR_MODE => cfg.clear_mode(larg as u32) as c_long,
        SSL_CTRL_SET_MAX_SEND_FRAGMENT => cfg.set_max_send_fragment(larg) as c_long,
        SSL_CTRL_SET_SPLIT_SEND_FRAGMENT => cfg.set_split_send_fragment(larg) as c_long,
        SSL_CTRL_CERT_FLAGS => cfg.add_cert_flags(larg as u32) as c_long,
        SSL_CTRL_CLEAR_CERT_FLAGS => cfg.clear_cert_flags(larg as u32) as c_long,
        SSL_CTRL_SET_MIN_PROTO_VERSION => cfg.set_min_proto(method_version, larg) as c_long,
        SSL_CTRL_SET_MAX_PROTO_VERSION => cfg.set_max_proto(method_version, larg) as c_long,
        SSL_CTRL_GET_MIN_PROTO_VERSION => cfg.min_proto.load(Relaxed) as c_long,
        SSL_CTRL_GET_MAX_PROTO_VERSION => cfg.max_proto.load(Relaxed) as c_long,
        SSL_CTRL_SET_DH_AUTO => {
            cfg.dh_auto.store(larg as i32, Relaxed);
            1
        }
        SSL_CTRL_SET_TMP_DH | SSL_CTRL_SET_TMP_ECDH if parg.is_null() => {
            raise!(ERR_R_PASSED_NULL_PARAMETER, "ssl3_ctrl");
            0
        }
        SSL_CTRL_SET_TMP_DH_CB => {
            raise!(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, "ssl3_ctrl");
            0
        }
        // SAFETY: a non-NULL parg is the EC_KEY the caller passes.
        SSL_CTRL_SET_TMP_ECDH => unsafe { super::ctrl_keys::set_tmp_ecdh(parg) },
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE => cfg.status_type.load(Relaxed) as c_long,
        _ => return None,
    })
}

unsafe fn ctx_ctrl(c: &Ctx, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    let cfg = &c.ctrl;
    let hooks = &cfg.hooks;
    match cmd {
        SSL_CTRL_SET_MAX_PIPELINES => cfg.set_max_pipelines(larg) as c_long,
        SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG => {
            hooks.servername_arg.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG => {
            hooks.status_arg.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG => {
            write_out(parg as *mut usize, hooks.status_arg.load(Relaxed));
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB => {
            write_out(parg as *mut usize, hooks.status_cb.load(Relaxed));
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE => {
            cfg.status_type.store(larg as i32, Relaxed);
            1
        }
        SSL_CTRL_GET_TLSEXT_TICKET_KEYS | SSL_CTRL_SET_TLSEXT_TICKET_KEYS => {
            ticket_keys(c, cmd == SSL_CTRL_SET_TLSEXT_TICKET_KEYS, larg, parg)
        }
        SSL_CTRL_EXTRA_CHAIN_CERT => {
            let sh = shell(&c.ctrl_shell);
            let mut st = lock(&sh.extra_certs);
            if *st == 0 {
                *st = OPENSSL_sk_new_null() as usize;
            }
            // OpenSSL pushes whatever it is given, NULL too.
            (OPENSSL_sk_push(*st as *mut _, parg) > 0) as c_long
        }
        SSL_CTRL_GET_EXTRA_CHAIN_CERTS => {
            let extra = *lock(&shell(&c.ctrl_shell).extra_certs);
            // Without extra certificates (and larg 0): the current
            // certificate's chain.
            let out = if extra == 0 && larg == 0 {
                Owner::Ctx(c).certs().cert.current().chain as usize
            } else {
                extra
            };
            write_out(parg as *mut usize, out);
            1
        }
        SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS => {
            if let Some(sh) = super::ctrl_shell::existing(&c.ctrl_shell) {
                let mut st = lock(&sh.extra_certs);
                free_x509_stack(*st);
                *st = 0;
            }
            1
        }
        // The SRP commands are what the SSL_CTX_set_srp_* functions do
        // (OpenSSL's functions are these commands).
        SSL_CTRL_SET_TLS_EXT_SRP_USERNAME => {
            super::srp::SSL_CTX_set_srp_username(ctx_ptr(c), parg as *mut c_char) as c_long
        }
        SSL_CTRL_SET_TLS_EXT_SRP_STRENGTH => {
            super::srp::SSL_CTX_set_srp_strength(ctx_ptr(c), larg as c_int) as c_long
        }
        SSL_CTRL_SET_SRP_ARG => 1,
        SSL_CTRL_SET_TLS_EXT_SRP_PASSWORD => {
            super::srp::SSL_CTX_set_srp_password(ctx_ptr(c), parg as *mut c_char) as c_long
        }
        _ => cert_ctrl(&c.ctrl_shell, cmd, larg, parg, Owner::Ctx(c)),
    }
}

unsafe fn ssl_ctrl(ssl: &Ssl, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    let cfg = &ssl.ctrl;
    let hooks = &cfg.hooks;
    match cmd {
        SSL_CTRL_SET_MAX_PIPELINES => {
            let ok = cfg.set_max_pipelines(larg);
            // More than one pipeline needs read-ahead, which OpenSSL turns on.
            if ok && larg > 1 {
                cfg.read_ahead.store(1, Relaxed);
            }
            ok as c_long
        }
        // Before a handshake: no renegotiation, no flags, no secure
        // renegotiation, no session with extended master secret (-1: cannot tell).
        SSL_CTRL_GET_NUM_RENEGOTIATIONS
        | SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS
        | SSL_CTRL_GET_TOTAL_RENEGOTIATIONS
        | SSL_CTRL_GET_FLAGS
        | SSL_CTRL_GET_RI_SUPPORT
        | SSL_CTRL_GET_CLIENT_CERT_REQUEST => 0,
        SSL_CTRL_GET_EXTMS_SUPPORT => -1,
        // The connection waits for verification to be retried (SSL_want,
        // SSL_get_error) until SSL_clear or an I/O call ends it.
        SSL_CTRL_SET_RETRY_VERIFY => {
            lock(&ssl.io).wait = crate::core::io::Wait::RetryVerify;
            1
        }
        // The length of a cipher suite in the raw list; no list before a
        // ClientHello arrives.
        SSL_CTRL_GET_RAW_CIPHERLIST if parg.is_null() => 2,
        SSL_CTRL_GET_RAW_CIPHERLIST => 0,
        SSL_CTRL_SET_TLSEXT_HOSTNAME => set_hostname(ssl, larg, parg as *const c_char),
        SSL_CTRL_SET_TLSEXT_DEBUG_ARG => {
            hooks.debug_arg.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE => {
            cfg.status_type.store(larg as i32, Relaxed);
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS => {
            write_out(parg as *mut usize, hooks.ocsp_exts.load(Relaxed));
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_EXTS => {
            hooks.ocsp_exts.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS => {
            write_out(parg as *mut usize, hooks.ocsp_ids.load(Relaxed));
            1
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_IDS => {
            hooks.ocsp_ids.store(parg as usize, Relaxed);
            1
        }
        SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            let (resp, len) = super::ctrl_shell::existing(&ssl.ctrl_shell)
                .map_or((0, 0), |sh| *lock(&sh.ocsp_resp));
            write_out(parg as *mut usize, resp);
            if len <= 0 {
                -1
            } else {
                len as c_long
            }
        }
        SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP => {
            shell(&ssl.ctrl_shell).set_ocsp_resp(parg as usize, larg);
            1
        }
        // No peer yet: no peer groups, shared group, signature, keys or point
        // formats. GET_SHARED_GROUP counts the shared groups (none) for -1.
        SSL_CTRL_GET_GROUPS
        | SSL_CTRL_GET_SHARED_GROUP
        | SSL_CTRL_GET_PEER_SIGNATURE_NID
        | SSL_CTRL_GET_SIGNATURE_NID
        | SSL_CTRL_GET_PEER_TMP_KEY
        | SSL_CTRL_GET_TMP_KEY
        | SSL_CTRL_GET_EC_POINT_FORMATS
        | SSL_CTRL_GET_CLIENT_CERT_TYPES
        | SSL_CTRL_GET_NEGOTIATED_GROUP => 0,
        SSL_CTRL_SET_CLIENT_CERT_TYPES if !ssl.is_server() => 0,
        // DTLS: no timer runs before a handshake; MTUs below the smallest
        // link MTU OpenSSL probes (256) are refused. Not for TLS connections.
        DTLS_CTRL_GET_TIMEOUT | DTLS_CTRL_HANDLE_TIMEOUT => 0,
        DTLS_CTRL_GET_LINK_MIN_MTU if ssl.method().dtls => DTLS_LINK_MIN_MTU,
        DTLS_CTRL_SET_LINK_MTU if ssl.method().dtls => (larg >= DTLS_LINK_MIN_MTU) as c_long,
        SSL_CTRL_SET_MTU if ssl.method().dtls && larg >= DTLS_MIN_MTU => larg,
        DTLS_CTRL_GET_LINK_MIN_MTU | DTLS_CTRL_SET_LINK_MTU | SSL_CTRL_SET_MTU => 0,
        SSL_CTRL_SET_CURRENT_CERT if larg == SSL_CERT_SET_SERVER as c_long => 0,
        _ => cert_ctrl(&ssl.ctrl_shell, cmd, larg, parg, Owner::Ssl(ssl)),
    }
}

/// The smallest link MTU OpenSSL's DTLS probes.
const DTLS_LINK_MIN_MTU: c_long = 256;
/// The smallest MTU `SSL_set_mtu` takes: the smallest link MTU less the
/// overhead OpenSSL assumes without a datagram BIO (sessl has none).
const DTLS_MIN_MTU: c_long = 208;

/// The certificate commands, on a context's or connection's certificate
/// settings: the chain commands act on the current certificate's chain
/// (`certs_state`'s slots), choosing the current certificate picks a slot,
/// and building a chain replaces the current one (`certs_build`). The
/// owner's security level is checked on DH parameters and chain
/// certificates.
unsafe fn cert_ctrl(
    slot: &std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    cmd: c_int,
    larg: c_long,
    parg: *mut c_void,
    owner: Owner,
) -> c_long {
    match cmd {
        SSL_CTRL_SET_TMP_DH => super::ctrl_keys::set_tmp_dh(slot, owner, parg),
        SSL_CTRL_SET_GROUPS => set_groups(parg as *const c_int, larg),
        SSL_CTRL_SET_GROUPS_LIST => set_groups_list(Some(()), parg as *const c_char),
        // The lists are kept for SSL_get1_supported_ciphers' signature checks.
        SSL_CTRL_SET_SIGALGS | SSL_CTRL_SET_CLIENT_SIGALGS => {
            match parse_sigalgs(parg as *const c_int, larg) {
                Some(codes) => {
                    security_of(owner).set_sigalgs(cmd == SSL_CTRL_SET_CLIENT_SIGALGS, codes);
                    1
                }
                None => 0,
            }
        }
        SSL_CTRL_SET_SIGALGS_LIST | SSL_CTRL_SET_CLIENT_SIGALGS_LIST => {
            match parse_sigalgs_list(parg as *const c_char) {
                Some(codes) => {
                    let client = cmd == SSL_CTRL_SET_CLIENT_SIGALGS_LIST;
                    security_of(owner).set_sigalgs(client, codes);
                    1
                }
                None => 0,
            }
        }
        // Any list, even empty, is taken (a copy; sessl keeps none: only the
        // handshake reads it).
        SSL_CTRL_SET_CLIENT_CERT_TYPES => 1,
        SSL_CTRL_BUILD_CERT_CHAIN => {
            let store = super::ctrl_shell::existing(slot).map_or(0, |sh| sh.store(true));
            let cert_flags = match owner {
                Owner::Ctx(c) => c.ctrl.cert_flags.load(Relaxed),
                Owner::Ssl(s) => s.ctrl.cert_flags.load(Relaxed),
            };
            super::certs_build::build_cert_chain(owner, store, cert_flags, larg)
        }
        SSL_CTRL_SET_VERIFY_CERT_STORE | SSL_CTRL_SET_CHAIN_CERT_STORE => {
            shell(slot).set_store(
                cmd == SSL_CTRL_SET_CHAIN_CERT_STORE,
                parg as *mut _,
                larg != 0,
            );
            1
        }
        SSL_CTRL_GET_VERIFY_CERT_STORE | SSL_CTRL_GET_CHAIN_CERT_STORE => {
            let store = super::ctrl_shell::existing(slot)
                .map_or(0, |sh| sh.store(cmd == SSL_CTRL_GET_CHAIN_CERT_STORE));
            write_out(parg as *mut usize, store);
            1
        }
        SSL_CTRL_CHAIN => set_chain(larg != 0, parg, owner),
        SSL_CTRL_CHAIN_CERT => add_chain_cert(larg != 0, parg, owner),
        SSL_CTRL_GET_CHAIN_CERTS => {
            let chain = owner.certs().cert.current().chain;
            write_out(parg as *mut usize, chain as usize);
            1
        }
        SSL_CTRL_SET_CURRENT_CERT => owner.certs().cert.set_current(larg),
        SSL_CTRL_SELECT_CURRENT_CERT => owner.certs().cert.select(parg as *mut _),
        _ => 0,
    }
}

/// `SSL_CTRL_CHAIN`: the current certificate's chain (the one the
/// certificate family's chain file sets), taken (set0) or copied with
/// up-referenced certificates (set1), if each certificate meets the security
/// level as a CA (else nothing changes and the caller keeps the chain).
unsafe fn set_chain(copy: bool, chain: *mut c_void, owner: Owner) -> c_long {
    if !chain.is_null() {
        for i in 0..OPENSSL_sk_num(chain) {
            let rv = security_cert(owner, OPENSSL_sk_value(chain, i) as *mut _, false);
            if rv != 1 {
                raise!(rv, "ssl_cert_set0_chain");
                return 0;
            }
        }
    }
    let new = if copy && !chain.is_null() {
        let dup = X509_chain_up_ref(chain as *mut _) as *mut c_void;
        if dup.is_null() {
            return 0;
        }
        dup
    } else {
        chain
    };
    let old = {
        let mut c = owner.certs();
        let current = c.cert.current;
        std::mem::replace(&mut c.cert.slots[current].chain, new as *mut _)
    };
    // Freed outside the lock: a certificate's free may call back into C.
    free_x509_stack(old as usize);
    1
}

/// `SSL_CTRL_CHAIN_CERT`: one more chain certificate (taken, or up-referenced),
/// if it meets the security level as a CA.
unsafe fn add_chain_cert(up_ref: bool, x: *mut c_void, owner: Owner) -> c_long {
    let rv = security_cert(owner, x as *mut _, false);
    if rv != 1 {
        raise!(rv, "ssl_cert_add0_chain_cert");
        return 0;
    }
    let mut c = owner.certs();
    let current = c.cert.current;
    let chain = &mut c.cert.slots[current].chain;
    if chain.is_null() {
        *chain = OPENSSL_sk_new_null() as *mut _;
    }
    if OPENSSL_sk_push(*chain as *mut _, x) <= 0 {
        return 0;
    }
    if up_ref {
        X509_up_ref(x as *mut _);
    }
    1
}

/// `SSL_CTRL_{GET,SET}_TLSEXT_TICKET_KEYS`: 80 bytes, or their length for a
/// NULL buffer.
unsafe fn ticket_keys(c: &Ctx, set: bool, len: c_long, keys: *mut c_void) -> c_long {
    if keys.is_null() {
        return 80;
    }
    if len != 80 {
        raise!(SSL_R_INVALID_TICKET_KEYS_LENGTH, "ssl3_ctx_ctrl");
        return 0;
    }
    let sh = shell(&c.ctrl_shell);
    let buf = std::slice::from_raw_parts_mut(keys as *mut u8, 80);
    if set {
        let mut k = [0u8; 80];
        k.copy_from_slice(buf);
        *lock(&sh.ticket_keys) = Some(k);
    } else {
        buf.copy_from_slice(&sh.ticket_keys());
    }
    1
}

/// `SSL_set_tlsext_host_name`: NULL clears; 1 to 255 bytes are kept.
pub(super) unsafe fn set_hostname(ssl: &Ssl, name_type: c_long, name: *const c_char) -> c_long {
    if name_type != TLSEXT_NAMETYPE_host_name as c_long {
        raise!(SSL_R_SSL3_EXT_INVALID_SERVERNAME_TYPE, "ssl3_ctrl");
        return 0;
    }
    let sh = shell(&ssl.ctrl_shell);
    *lock(&sh.hostname) = None;
    let Some(name) = super::c_str(name) else {
        return 1;
    };
    let len = name.to_bytes().len();
    if len == 0 || len > TLSEXT_MAXLEN_host_name {
        raise!(SSL_R_SSL3_EXT_INVALID_SERVERNAME, "ssl3_ctrl");
        return 0;
    }
    *lock(&sh.hostname) = Some(name.to_owned());
    1
}

/// The C pointer of a context the FFI holds a reference to, for the commands
/// that are exports of their own.
fn ctx_ptr(c: &Ctx) -> *mut super::SSL_CTX {
    c as *const Ctx as *mut super::SSL_CTX
}
