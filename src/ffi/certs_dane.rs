//! DANE (RFC 6698): a context's matching types and digests, a connection's
//! TLSA records validated and kept in OpenSSL's order, and the flags. Which
//! record matched is known only after a handshake, so the getters report no
//! match (-1).

use super::certs_crypto::*;
use super::certs_state::{ctx_certs, ssl_certs};
use super::ctrl_consts::TLSEXT_NAMETYPE_host_name;
use super::err::raise;
use super::{borrow, guard, SSL, SSL_CTX};
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_ulong};
use std::ptr::null_mut;

const SSL_R_CONTEXT_NOT_DANE_ENABLED: c_int = 167;
const SSL_R_DANE_ALREADY_ENABLED: c_int = 172;
const SSL_R_DANE_CANNOT_OVERRIDE_MTYPE_FULL: c_int = 173;
const SSL_R_DANE_NOT_ENABLED: c_int = 175;
const SSL_R_DANE_TLSA_BAD_CERTIFICATE: c_int = 180;
const SSL_R_DANE_TLSA_BAD_CERTIFICATE_USAGE: c_int = 184;
const SSL_R_DANE_TLSA_BAD_DATA_LENGTH: c_int = 189;
const SSL_R_DANE_TLSA_BAD_DIGEST_LENGTH: c_int = 192;
const SSL_R_DANE_TLSA_BAD_MATCHING_TYPE: c_int = 200;
const SSL_R_DANE_TLSA_BAD_PUBLIC_KEY: c_int = 201;
const SSL_R_DANE_TLSA_BAD_SELECTOR: c_int = 202;
const SSL_R_DANE_TLSA_NULL_DATA: c_int = 203;
const SSL_R_ERROR_SETTING_TLSA_BASE_DOMAIN: c_int = 204;
/// `SSL_DANE`: opaque to applications.
#[repr(C)]
pub struct SSL_DANE {
    _opaque: [u8; 0],
}

/// One TLSA record: usage, selector, matching type and data.
#[derive(Clone)]
pub struct Record {
    usage: u8,
    selector: u8,
    mtype: u8,
    #[allow(dead_code)]
    data: Vec<u8>,
}

/// The DANE state of a context or connection.
#[derive(Default)]
pub struct Dane {
    /// Context: digest (`EVP_MD *` as usize, 0 for none) and preference by
    /// matching type; `None` until enabled.
    mds: Option<Vec<(usize, u8)>>,
    /// Connection: the records, `None` until `SSL_dane_enable`.
    records: Option<Vec<Record>>,
    pub flags: c_ulong,
    /// The address `SSL_get0_dane` gives out.
    anchor: u8,
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_dane_enable(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            let mut c = ctx_certs(x);
            if c.dane.mds.is_none() {
                let sha256 = EVP_get_digestbyname(c"SHA256".as_ptr()) as usize;
                let sha512 = EVP_get_digestbyname(c"SHA512".as_ptr()) as usize;
                c.dane.mds = Some(vec![(0, 0), (sha256, 1), (sha512, 2)]);
            }
            1
        })
    })
}

/// Sets the digest and preference of a matching type (a NULL digest disables
/// it); Full(0) cannot have a digest.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_dane_mtype_set(
    ctx: *mut SSL_CTX,
    md: *const EVP_MD,
    mtype: u8,
    ord: u8,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |x| {
            if mtype == 0 && !md.is_null() {
                raise!(SSL_R_DANE_CANNOT_OVERRIDE_MTYPE_FULL, "dane_mtype_set");
                return 0;
            }
            let mut c = ctx_certs(x);
            // Deviation: OpenSSL writes through a NULL table when the context
            // is not DANE-enabled and mtype is 0.
            let mds = c.dane.mds.get_or_insert_with(|| vec![(0, 0)]);
            if mtype as usize >= mds.len() {
                mds.resize(mtype as usize + 1, (0, 0));
            }
            mds[mtype as usize] = (md as usize, if md.is_null() { 0 } else { ord });
            1
        })
    })
}

/// The current context's digests (`SSL_set_SSL_CTX`), if it has more than
/// the Full matching type.
fn ctx_mds(ssl: &crate::core::ssl::Ssl) -> Option<Vec<(usize, u8)>> {
    // SAFETY: the connection holds a reference to its current context.
    ctx_certs(unsafe { &*super::ctrl_shell::active_ctx(ssl) })
        .dane
        .mds
        .clone()
        .filter(|m| m.len() > 1)
}

/// `SSL_dup`'s copy of a DANE-enabled connection's records and flags
/// (OpenSSL's `ssl_dane_dup`); nothing for one not enabled.
pub fn dup_records(from: &crate::core::ssl::Ssl, to: &crate::core::ssl::Ssl) {
    let (records, flags) = {
        let f = ssl_certs(from);
        (f.dane.records.clone(), f.dane.flags)
    };
    if records.is_some() {
        let mut t = ssl_certs(to);
        t.dane.records = records;
        t.dane.flags = flags;
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_dane_enable(s: *mut SSL, basedomain: *const c_char) -> c_int {
    guard!(0, {
        let Some(x) = borrow(s) else { return 0 };
        if ctx_mds(x).is_none() {
            raise!(SSL_R_CONTEXT_NOT_DANE_ENABLED, "SSL_dane_enable");
            return 0;
        }
        let mut c = ssl_certs(x);
        if c.dane.records.is_some() {
            raise!(SSL_R_DANE_ALREADY_ENABLED, "SSL_dane_enable");
            return 0;
        }
        // The base domain is also the default SNI name: set first (it refuses
        // empty names, which set1_host below would take as "no host check"),
        // and only when no name is set yet.
        let sni_unset = super::ctrl_shell::existing(&x.ctrl_shell)
            .is_none_or(|sh| crate::sync::lock(&sh.hostname).is_none());
        if sni_unset
            && super::ctrl::set_hostname(x, TLSEXT_NAMETYPE_host_name as c_long, basedomain) == 0
        {
            raise!(SSL_R_ERROR_SETTING_TLSA_BASE_DOMAIN, "SSL_dane_enable");
            return -1;
        }
        if X509_VERIFY_PARAM_set1_host(c.param(), basedomain, 0) == 0 {
            raise!(SSL_R_ERROR_SETTING_TLSA_BASE_DOMAIN, "SSL_dane_enable");
            return -1;
        }
        c.dane.records = Some(Vec::new());
        1
    })
}

/// Checks a full certificate or public key record's data as OpenSSL does
/// (libcrypto's decoding errors stay queued); the reason if it is bad.
unsafe fn check_full(selector: u8, data: &[u8]) -> Result<(), c_int> {
    let mut p = data.as_ptr();
    let len = data.len() as c_long;
    let whole = |p: *const c_uchar| p as usize - data.as_ptr() as usize == data.len();
    if selector == 0 {
        let x = d2i_X509(null_mut(), &mut p, len);
        let ok = !x.is_null() && whole(p) && !X509_get0_pubkey(x).is_null();
        X509_free(x);
        ok.then_some(()).ok_or(SSL_R_DANE_TLSA_BAD_CERTIFICATE)
    } else {
        let k = d2i_PUBKEY(null_mut(), &mut p, len);
        let ok = !k.is_null() && whole(p);
        EVP_PKEY_free(k);
        ok.then_some(()).ok_or(SSL_R_DANE_TLSA_BAD_PUBLIC_KEY)
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_dane_tlsa_add(
    s: *mut SSL,
    usage: u8,
    selector: u8,
    mtype: u8,
    data: *const c_uchar,
    dlen: usize,
) -> c_int {
    guard!(0, {
        let Some(x) = borrow(s) else { return 0 };
        if ssl_certs(x).dane.records.is_none() {
            raise!(SSL_R_DANE_NOT_ENABLED, "dane_tlsa_add");
            return -1;
        }
        let mds = ctx_mds(x).unwrap_or_default();
        let fail = |reason: c_int| {
            super::err::raise_ssl_error(reason, c"dane_tlsa_add", c"ssl/ssl_lib.c", 0);
            0
        };
        if dlen > c_int::MAX as usize {
            return fail(SSL_R_DANE_TLSA_BAD_DATA_LENGTH);
        }
        if usage > 3 {
            return fail(SSL_R_DANE_TLSA_BAD_CERTIFICATE_USAGE);
        }
        if selector > 1 {
            return fail(SSL_R_DANE_TLSA_BAD_SELECTOR);
        }
        let mut md: *const EVP_MD = std::ptr::null();
        if mtype != 0 {
            md = mds.get(mtype as usize).map_or(0, |m| m.0) as *const EVP_MD;
            if md.is_null() {
                return fail(SSL_R_DANE_TLSA_BAD_MATCHING_TYPE);
            }
        }
        if !md.is_null() && dlen != EVP_MD_get_size(md) as usize {
            return fail(SSL_R_DANE_TLSA_BAD_DIGEST_LENGTH);
        }
        if data.is_null() {
            return fail(SSL_R_DANE_TLSA_NULL_DATA);
        }
        // OpenSSL copies the data with OPENSSL_malloc, which gives NULL for
        // zero bytes: an allocation failure.
        if dlen == 0 {
            raise!(super::consts::ERR_R_MALLOC_FAILURE, "dane_tlsa_add");
            return -1;
        }
        let bytes = std::slice::from_raw_parts(data, dlen).to_vec();
        if mtype == 0 {
            if let Err(reason) = check_full(selector, &bytes) {
                return fail(reason);
            }
        }
        let ord = |m: u8| mds.get(m as usize).map_or(0, |e| e.1);
        let mut c = ssl_certs(x);
        let Some(records) = c.dane.records.as_mut() else {
            return 0;
        };
        // Usage, then selector, descending; then the matching type's preference.
        let at = records
            .iter()
            .position(|r| {
                (r.usage, r.selector) < (usage, selector)
                    || ((r.usage, r.selector) == (usage, selector) && ord(r.mtype) <= ord(mtype))
            })
            .unwrap_or(records.len());
        records.insert(
            at,
            Record {
                usage,
                selector,
                mtype,
                data: bytes,
            },
        );
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_dane_authority(
    s: *mut SSL,
    mcert: *mut *mut X509,
    mspki: *mut *mut EVP_PKEY,
) -> c_int {
    guard!(-1, {
        let _ = (s, mcert, mspki);
        -1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_dane_tlsa(
    s: *mut SSL,
    usage: *mut u8,
    selector: *mut u8,
    mtype: *mut u8,
    data: *mut *const c_uchar,
    dlen: *mut usize,
) -> c_int {
    guard!(-1, {
        let _ = (s, usage, selector, mtype, data, dlen);
        -1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_dane(ssl: *mut SSL) -> *mut SSL_DANE {
    guard!(null_mut(), {
        borrow(ssl).map_or(null_mut(), |x| {
            &mut ssl_certs(x).dane.anchor as *mut u8 as *mut SSL_DANE
        })
    })
}

fn update(flags: &mut c_ulong, set: bool, f: c_ulong) -> c_ulong {
    let orig = *flags;
    *flags = if set { orig | f } else { orig & !f };
    orig
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_dane_set_flags(ctx: *mut SSL_CTX, flags: c_ulong) -> c_ulong {
    guard!(0, {
        borrow(ctx).map_or(0, |x| update(&mut ctx_certs(x).dane.flags, true, flags))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_dane_clear_flags(ctx: *mut SSL_CTX, flags: c_ulong) -> c_ulong {
    guard!(0, {
        borrow(ctx).map_or(0, |x| update(&mut ctx_certs(x).dane.flags, false, flags))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_dane_set_flags(ssl: *mut SSL, flags: c_ulong) -> c_ulong {
    guard!(0, {
        borrow(ssl).map_or(0, |x| update(&mut ssl_certs(x).dane.flags, true, flags))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_dane_clear_flags(ssl: *mut SSL, flags: c_ulong) -> c_ulong {
    guard!(0, {
        borrow(ssl).map_or(0, |x| update(&mut ssl_certs(x).dane.flags, false, flags))
    })
}
