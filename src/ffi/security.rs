//! Security callbacks: `SSL_CTX_set_security_callback` and the rest of the
//! family, OpenSSL's default callback (an exported-by-address C function that
//! answers as OpenSSL's does), and the checks the other families run through
//! the callback (`ssl_security` / `ssl_ctx_security` in OpenSSL).

use super::{borrow, guard, SSL, SSL_CIPHER, SSL_CTX};
use crate::core::cipher::{by_id, CipherInfo};
use crate::core::config::security::{default_allows, SecurityConfig, NULL_CALLBACK};
use crate::core::ctx::Ctx;
use crate::core::ssl::Ssl;
use crate::sync::lock;
use std::os::raw::{c_int, c_void};

/// The C type of a security callback.
pub type SslSecurityCb = Option<
    unsafe extern "C" fn(
        *const SSL,
        *const SSL_CTX,
        c_int,
        c_int,
        c_int,
        *mut c_void,
        *mut c_void,
    ) -> c_int,
>;

/// A context's security level.
pub fn ctx_level(c: &Ctx) -> i32 {
    lock(&c.ciphers).security_level()
}

/// A connection's security level.
pub fn ssl_level(s: &Ssl) -> i32 {
    lock(&s.ciphers).security_level()
}

/// The suite behind an `SSL_CIPHER` pointer of sessl's table.
unsafe fn cipher_of(other: *mut c_void) -> Option<&'static CipherInfo> {
    borrow(other as *const SSL_CIPHER).and_then(|c| by_id(c.id))
}

/// OpenSSL's default security callback. The level is the context's when
/// there is one, else the connection's; the cipher operations read the suite
/// in `other`. Where OpenSSL would crash (no object at all; a cipher
/// operation without a suite; a version check from a context alone) sessl
/// answers with level 0, the bits alone and the context's method.
unsafe extern "C" fn default_security_callback(
    s: *const SSL,
    ctx: *const SSL_CTX,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
    _ex: *mut c_void,
) -> c_int {
    guard!(0, {
        let (level, dtls) = match (borrow(ctx), borrow(s)) {
            (Some(c), s) => (ctx_level(c), s.map_or(c.method().dtls, |s| s.method().dtls)),
            (None, Some(s)) => (ssl_level(s), s.method().dtls),
            (None, None) => (0, false),
        };
        let cipher = if op & crate::core::config::security::OTHER_TYPE
            == crate::core::config::security::OTHER_CIPHER
        {
            cipher_of(other)
        } else {
            None
        };
        default_allows(level, op, bits, nid, cipher, dtls) as c_int
    })
}

/// The callback as C sees it.
fn c_callback(cfg: &SecurityConfig) -> SslSecurityCb {
    match cfg.callback() {
        0 => Some(default_security_callback),
        NULL_CALLBACK => None,
        // SAFETY: the value was stored from a non-NULL callback of this type.
        addr => unsafe { std::mem::transmute::<usize, SslSecurityCb>(addr) },
    }
}

fn store(cfg: &SecurityConfig, cb: SslSecurityCb) {
    let addr = match cb {
        None => NULL_CALLBACK,
        Some(f) if f as usize == default_security_callback as *const () as usize => 0,
        Some(f) => f as usize,
    };
    cfg.set_callback(addr);
}

/// `ssl_security`: the connection's callback decides. A NULL callback (OpenSSL
/// would call it and crash) allows everything.
pub unsafe fn ssl_security(
    s: &Ssl,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
) -> bool {
    let cfg = &s.security;
    match cfg.callback() {
        0 => {
            let cipher = if op & crate::core::config::security::OTHER_TYPE
                == crate::core::config::security::OTHER_CIPHER
            {
                cipher_of(other)
            } else {
                None
            };
            default_allows(ssl_level(s), op, bits, nid, cipher, s.method().dtls)
        }
        _ => match c_callback(cfg) {
            Some(f) => {
                let p = super::c_ptr::<SSL>(s);
                f(
                    p,
                    std::ptr::null(),
                    op,
                    bits,
                    nid,
                    other,
                    cfg.ex_data() as *mut c_void,
                ) != 0
            }
            None => true,
        },
    }
}

/// `ssl_ctx_security`: the context's callback decides.
pub unsafe fn ctx_security(
    c: &Ctx,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
) -> bool {
    let cfg = &c.security;
    match cfg.callback() {
        0 => default_allows(ctx_level(c), op, bits, nid, None, c.method().dtls),
        _ => match c_callback(cfg) {
            Some(f) => {
                let p = super::c_ptr::<SSL_CTX>(c);
                f(
                    std::ptr::null(),
                    p,
                    op,
                    bits,
                    nid,
                    other,
                    cfg.ex_data() as *mut c_void,
                ) != 0
            }
            None => true,
        },
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_security_callback(ctx: *mut SSL_CTX, cb: SslSecurityCb) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            store(&c.security, cb);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_security_callback(ctx: *const SSL_CTX) -> SslSecurityCb {
    guard!(None, { borrow(ctx).and_then(|c| c_callback(&c.security)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_security_callback(s: *mut SSL, cb: SslSecurityCb) {
    guard!((), {
        super::cert_share::then_changed(s, || {
            if let Some(s) = borrow(s) {
                store(&s.security, cb);
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_security_callback(s: *const SSL) -> SslSecurityCb {
    guard!(None, { borrow(s).and_then(|s| c_callback(&s.security)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set0_security_ex_data(ctx: *mut SSL_CTX, ex: *mut c_void) {
    guard!((), {
        if let Some(c) = borrow(ctx) {
            c.security.set_ex_data(ex as usize);
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_security_ex_data(ctx: *const SSL_CTX) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), |c| {
            c.security.ex_data() as *mut c_void
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set0_security_ex_data(s: *mut SSL, ex: *mut c_void) {
    guard!((), {
        super::cert_share::then_changed(s, || {
            if let Some(s) = borrow(s) {
                s.security.set_ex_data(ex as usize);
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_security_ex_data(s: *const SSL) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        borrow(s).map_or(std::ptr::null_mut(), |s| {
            s.security.ex_data() as *mut c_void
        })
    })
}

/// `SSL_get1_supported_ciphers`' choice over the connection's list `list`,
/// every check through the connection's security callback.
pub unsafe fn supported_ciphers(
    s: &Ssl,
    list: &[&'static CipherInfo],
    suite_b: crate::core::cipher::rules::SuiteB,
) -> Option<Vec<&'static CipherInfo>> {
    use crate::core::cipher::supported::{supported, Conn, Subject};
    use crate::core::config::callbacks::Hook;
    use std::sync::atomic::Ordering::Relaxed;
    let method = s.method();
    let conn = Conn {
        method_protocol: method.protocol,
        version: s.version(),
        dtls: method.dtls,
        server: s.is_server(),
        min_proto: s.ctrl.min_proto.load(Relaxed),
        max_proto: s.ctrl.max_proto.load(Relaxed),
        options: s.ctrl.options.load(Relaxed),
        suite_b,
        prev_min_ver: s.security.tmp_min_ver.load(Relaxed),
        psk_client_callback: s.callbacks.hooks.get(Hook::PskClientCb) != 0,
        srp: s.security.srp_offered.load(Relaxed),
        // A server's own list for what it sends is the client one when set.
        sigalgs: {
            let lists = s.security.sigalgs();
            match (s.is_server(), lists.client) {
                (true, Some(client)) => Some(client),
                _ => lists.conf,
            }
        },
    };
    let mut check = |op: c_int, bits: c_int, nid: c_int, subject: Subject| {
        let mut sigalg = match subject {
            Subject::Sigalg(code) => code,
            _ => [0u8; 2],
        };
        let other: *mut c_void = match subject {
            Subject::None => std::ptr::null_mut(),
            Subject::Sigalg(_) => sigalg.as_mut_ptr() as *mut c_void,
            Subject::Cipher(c) => super::cipher::c_cipher(c) as *mut c_void,
        };
        ssl_security(s, op, bits, nid, other)
    };
    let r = supported(&conn, list, &mut check);
    s.security.tmp_min_ver.store(r.min_ver, Relaxed);
    r.ciphers
}

/// The security settings of a context or connection.
pub fn security_of(o: super::certs_keys::Owner<'_>) -> &SecurityConfig {
    match o {
        super::certs_keys::Owner::Ctx(c) => &c.security,
        super::certs_keys::Owner::Ssl(s) => &s.security,
    }
}

/// `ssl_security` or `ssl_ctx_security`, for whichever the owner is.
pub unsafe fn owner_security(
    o: super::certs_keys::Owner,
    op: c_int,
    bits: c_int,
    nid: c_int,
    other: *mut c_void,
) -> bool {
    match o {
        super::certs_keys::Owner::Ctx(c) => ctx_security(c, op, bits, nid, other),
        super::certs_keys::Owner::Ssl(s) => ssl_security(s, op, bits, nid, other),
    }
}

// The operations and `other` kinds of security callbacks (for the header).
pub const SSL_SECOP_OTHER_TYPE: u32 = 0xffff_0000;
pub const SSL_SECOP_OTHER_NONE: c_int = 0;
pub const SSL_SECOP_OTHER_CIPHER: c_int = 1 << 16;
pub const SSL_SECOP_OTHER_CURVE: c_int = 2 << 16;
pub const SSL_SECOP_OTHER_DH: c_int = 3 << 16;
pub const SSL_SECOP_OTHER_PKEY: c_int = 4 << 16;
pub const SSL_SECOP_OTHER_SIGALG: c_int = 5 << 16;
pub const SSL_SECOP_OTHER_CERT: c_int = 6 << 16;
pub const SSL_SECOP_PEER: c_int = 0x1000;
pub const SSL_SECOP_CIPHER_SUPPORTED: c_int = 1 | SSL_SECOP_OTHER_CIPHER;
pub const SSL_SECOP_CIPHER_SHARED: c_int = 2 | SSL_SECOP_OTHER_CIPHER;
pub const SSL_SECOP_CIPHER_CHECK: c_int = 3 | SSL_SECOP_OTHER_CIPHER;
pub const SSL_SECOP_CURVE_SUPPORTED: c_int = 4 | SSL_SECOP_OTHER_CURVE;
pub const SSL_SECOP_CURVE_SHARED: c_int = 5 | SSL_SECOP_OTHER_CURVE;
pub const SSL_SECOP_CURVE_CHECK: c_int = 6 | SSL_SECOP_OTHER_CURVE;
pub const SSL_SECOP_TMP_DH: c_int = 7 | SSL_SECOP_OTHER_PKEY;
pub const SSL_SECOP_VERSION: c_int = 9 | SSL_SECOP_OTHER_NONE;
pub const SSL_SECOP_TICKET: c_int = 10 | SSL_SECOP_OTHER_NONE;
pub const SSL_SECOP_SIGALG_SUPPORTED: c_int = 11 | SSL_SECOP_OTHER_SIGALG;
pub const SSL_SECOP_SIGALG_SHARED: c_int = 12 | SSL_SECOP_OTHER_SIGALG;
pub const SSL_SECOP_SIGALG_CHECK: c_int = 13 | SSL_SECOP_OTHER_SIGALG;
pub const SSL_SECOP_SIGALG_MASK: c_int = 14 | SSL_SECOP_OTHER_SIGALG;
pub const SSL_SECOP_COMPRESSION: c_int = 15 | SSL_SECOP_OTHER_NONE;
pub const SSL_SECOP_EE_KEY: c_int = 16 | SSL_SECOP_OTHER_CERT;
pub const SSL_SECOP_CA_KEY: c_int = 17 | SSL_SECOP_OTHER_CERT;
pub const SSL_SECOP_CA_MD: c_int = 18 | SSL_SECOP_OTHER_CERT;
pub const SSL_SECOP_PEER_EE_KEY: c_int = SSL_SECOP_EE_KEY | SSL_SECOP_PEER;
pub const SSL_SECOP_PEER_CA_KEY: c_int = SSL_SECOP_CA_KEY | SSL_SECOP_PEER;
pub const SSL_SECOP_PEER_CA_MD: c_int = SSL_SECOP_CA_MD | SSL_SECOP_PEER;
