//! Sessions as bytes: `i2d_SSL_SESSION`, `d2i_SSL_SESSION`, and PEM.
//!
//! The encoding itself is the core's (`core::codec`). PEM goes through
//! libcrypto's own `PEM_ASN1_*` functions with sessl's i2d/d2i, as OpenSSL's
//! libssl does, so the armour, the label `SSL SESSION PARAMETERS` and every PEM
//! error are libcrypto's.

use super::err::raise_report;
use super::shell::{new_session, PeerCert};
use super::{borrow, give, guard, OSSL_LIB_CTX, SSL_SESSION};
use crate::core::codec::{self, ErrorReport, LIB_ASN1};
use crate::core::session::Session;
use crate::sync::Shared;
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_void};
use std::ptr::null_mut;
use std::sync::Arc;

/// libcrypto's `BIO`.
#[repr(C)]
pub struct BIO {
    _opaque: [u8; 0],
}

/// `pem_password_cb`: a function type in C, used as `pem_password_cb *`; sessl
/// only passes the pointer on to libcrypto.
#[repr(C)]
pub struct pem_password_cb {
    _opaque: [u8; 0],
}

type I2d = unsafe extern "C" fn(*const c_void, *mut *mut c_uchar) -> c_int;
type D2i = unsafe extern "C" fn(*mut *mut c_void, *mut *const c_uchar, c_long) -> *mut c_void;

const PEM_LABEL: &std::ffi::CStr = c"SSL SESSION PARAMETERS";

#[link(name = "crypto")]
extern "C" {
    fn CRYPTO_malloc(num: usize, file: *const c_char, line: c_int) -> *mut c_void;
    #[allow(clippy::too_many_arguments)]
    fn PEM_ASN1_write_bio(
        i2d: I2d,
        name: *const c_char,
        bp: *mut BIO,
        x: *const c_void,
        enc: *const c_void,
        kstr: *const c_uchar,
        klen: c_int,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> c_int;
    #[allow(clippy::too_many_arguments)]
    fn PEM_ASN1_write(
        i2d: I2d,
        name: *const c_char,
        fp: *mut libc::FILE,
        x: *const c_void,
        enc: *const c_void,
        kstr: *const c_uchar,
        klen: c_int,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> c_int;
    fn PEM_ASN1_read_bio(
        d2i: D2i,
        name: *const c_char,
        bp: *mut BIO,
        x: *mut *mut c_void,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut c_void;
    fn PEM_ASN1_read(
        d2i: D2i,
        name: *const c_char,
        fp: *mut libc::FILE,
        x: *mut *mut c_void,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut c_void;
}

/// Returns the DER length; writes it at `*pp` and advances `*pp`, or, when `*pp`
/// is NULL, into a new buffer (release with `OPENSSL_free`) left at `*pp`.
/// 0 for NULL or a session without a cipher.
#[no_mangle]
pub unsafe extern "C" fn i2d_SSL_SESSION(in_: *const SSL_SESSION, pp: *mut *mut c_uchar) -> c_int {
    guard!(0, {
        let Some(s) = borrow(in_) else { return 0 };
        let Some(der) = s.read(codec::encode) else {
            return 0;
        };
        let Ok(len) = c_int::try_from(der.len()) else {
            return 0;
        };
        if let Some(out) = pp.as_mut() {
            if out.is_null() {
                let buf = CRYPTO_malloc(der.len(), c"ssl/ssl_asn1.c".as_ptr(), line!() as c_int)
                    as *mut c_uchar;
                if buf.is_null() {
                    return 0;
                }
                std::ptr::copy_nonoverlapping(der.as_ptr(), buf, der.len());
                *out = buf;
            } else {
                std::ptr::copy_nonoverlapping(der.as_ptr(), *out, der.len());
                *out = out.add(der.len());
            }
        }
        len
    })
}

#[no_mangle]
pub unsafe extern "C" fn d2i_SSL_SESSION(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const c_uchar,
    length: c_long,
) -> *mut SSL_SESSION {
    guard!(null_mut(), { decode(a, pp, length) })
}

/// OpenSSL 3.2's variant with a library context, which selects providers for the
/// handshake's cryptography: decoding a session needs none.
#[no_mangle]
pub unsafe extern "C" fn d2i_SSL_SESSION_ex(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const c_uchar,
    length: c_long,
    _libctx: *mut OSSL_LIB_CTX,
    _propq: *const c_char,
) -> *mut SSL_SESSION {
    guard!(null_mut(), { decode(a, pp, length) })
}

fn raise_all(errors: &[ErrorReport]) {
    errors.iter().for_each(raise_report);
}

/// After libcrypto queued a rejected certificate's own errors: the template
/// levels above it add theirs, as in OpenSSL's decoder.
fn raise_peer_errors() {
    for (func, data) in [
        (c"asn1_template_noexp_d2i", None),
        (
            c"asn1_template_ex_d2i",
            Some("Field=peer, Type=SSL_SESSION_ASN1".to_string()),
        ),
    ] {
        raise_report(&ErrorReport {
            lib: LIB_ASN1,
            reason: 0x8010a,
            func,
            data,
        });
    }
}

/// Decodes into `*a` when it holds a session (keeping its ex_data and
/// not-resumable mark), else into a new session. NULL `pp`, or NULL `*pp` with a
/// positive length, fail (OpenSSL crashes there).
unsafe fn decode(
    a: *mut *mut SSL_SESSION,
    pp: *mut *const c_uchar,
    length: c_long,
) -> *mut SSL_SESSION {
    let Some(start) = pp.as_mut() else {
        return null_mut();
    };
    if length <= 0 || start.is_null() {
        if length <= 0 {
            raise_all(&codec::parse(&[]).err().unwrap_or_default().errors);
        }
        return null_mut();
    }
    let input = std::slice::from_raw_parts(*start, length as usize);
    let (mut parsed, used) = match codec::parse(input) {
        Ok(parsed) => parsed,
        Err(rejected) => {
            // The certificate, when it was read, is decoded first, as in OpenSSL.
            if rejected
                .peer_read
                .is_none_or(|der| PeerCert::decode(&Arc::from(der)).is_ok())
            {
                raise_all(&rejected.errors);
            } else {
                raise_peer_errors();
            }
            return null_mut();
        }
    };
    // The certificate must parse as libcrypto's X509, as in OpenSSL's decoder,
    // before anything is touched.
    let Ok(peer) = parsed.peer_der().map(PeerCert::decode).transpose() else {
        raise_peer_errors();
        return null_mut();
    };
    if let Some(p) = &peer {
        parsed.set_peer_der(p.der().clone());
    }
    let existing: Option<&Session> = a.as_ref().and_then(|slot| borrow(*slot));
    let fresh: Option<Shared<Session>> = match existing {
        Some(_) => None,
        None => {
            super::err::load_ssl_strings();
            Some(new_session(None))
        }
    };
    let target: &Session = match (existing, &fresh) {
        (Some(e), _) => e,
        (None, Some(f)) => f,
        (None, None) => return null_mut(),
    };
    if let Err(e) = target.update(|d| codec::apply(parsed, d)) {
        if let Some(e) = e {
            raise_report(&e);
        }
        return null_mut();
    }
    PeerCert::install(peer, target);
    *start = start.add(used);
    match fresh {
        Some(session) => {
            let p = give::<SSL_SESSION>(session);
            if let Some(slot) = a.as_mut() {
                *slot = p;
            }
            p
        }
        None => *a,
    }
}

unsafe extern "C" fn i2d_erased(x: *const c_void, pp: *mut *mut c_uchar) -> c_int {
    i2d_SSL_SESSION(x as *const SSL_SESSION, pp)
}

unsafe extern "C" fn d2i_erased(
    a: *mut *mut c_void,
    pp: *mut *const c_uchar,
    length: c_long,
) -> *mut c_void {
    d2i_SSL_SESSION(a as *mut *mut SSL_SESSION, pp, length) as *mut c_void
}

#[no_mangle]
pub unsafe extern "C" fn PEM_write_bio_SSL_SESSION(out: *mut BIO, x: *const SSL_SESSION) -> c_int {
    guard!(0, {
        let x = x as *const c_void;
        PEM_ASN1_write_bio(
            i2d_erased,
            PEM_LABEL.as_ptr(),
            out,
            x,
            std::ptr::null(),
            std::ptr::null(),
            0,
            null_mut(),
            null_mut(),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PEM_write_SSL_SESSION(
    out: *mut libc::FILE,
    x: *const SSL_SESSION,
) -> c_int {
    guard!(0, {
        if out.is_null() {
            return 0;
        }
        let x = x as *const c_void;
        PEM_ASN1_write(
            i2d_erased,
            PEM_LABEL.as_ptr(),
            out,
            x,
            std::ptr::null(),
            std::ptr::null(),
            0,
            null_mut(),
            null_mut(),
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn PEM_read_bio_SSL_SESSION(
    out: *mut BIO,
    x: *mut *mut SSL_SESSION,
    cb: *mut pem_password_cb,
    u: *mut c_void,
) -> *mut SSL_SESSION {
    guard!(null_mut(), {
        if out.is_null() {
            return null_mut();
        }
        PEM_ASN1_read_bio(
            d2i_erased,
            PEM_LABEL.as_ptr(),
            out,
            x as *mut *mut c_void,
            cb,
            u,
        ) as *mut SSL_SESSION
    })
}

#[no_mangle]
pub unsafe extern "C" fn PEM_read_SSL_SESSION(
    out: *mut libc::FILE,
    x: *mut *mut SSL_SESSION,
    cb: *mut pem_password_cb,
    u: *mut c_void,
) -> *mut SSL_SESSION {
    guard!(null_mut(), {
        if out.is_null() {
            return null_mut();
        }
        PEM_ASN1_read(
            d2i_erased,
            PEM_LABEL.as_ptr(),
            out,
            x as *mut *mut c_void,
            cb,
            u,
        ) as *mut SSL_SESSION
    })
}
