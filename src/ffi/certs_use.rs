//! The exported `use_*` functions, getters and `check_private_key` of the
//! certificate family, for `SSL_CTX` and `SSL`: thin wrappers over
//! `certs_keys`, which does the work for either owner.

use super::certs_crypto::*;
use super::certs_keys::*;
use super::certs_state::ssl_certs;
use super::err::raise;
use super::{borrow, guard, SSL, SSL_CTX};
use std::os::raw::{c_char, c_int, c_long, c_uchar};
use std::ptr::null_mut;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_certificate(o, x)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate(ssl: *mut SSL, x: *mut X509) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_certificate(o, x)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey(ctx: *mut SSL_CTX, pkey: *mut EVP_PKEY) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_private_key(o, pkey)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_PrivateKey(ssl: *mut SSL, pkey: *mut EVP_PKEY) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_private_key(o, pkey)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_RSAPrivateKey(ctx: *mut SSL_CTX, rsa: *mut RSA) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_rsa_key(o, rsa)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_RSAPrivateKey(ssl: *mut SSL, rsa: *mut RSA) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_rsa_key(o, rsa)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_certificate_file(o, file, type_)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_file(
    ssl: *mut SSL,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_certificate_file(o, file, type_)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_private_key_file(o, file, type_)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_PrivateKey_file(
    ssl: *mut SSL,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_private_key_file(o, file, type_)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_RSAPrivateKey_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_rsa_key_file(o, file, type_)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_RSAPrivateKey_file(
    ssl: *mut SSL,
    file: *const c_char,
    type_: c_int,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_rsa_key_file(o, file, type_)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_chain_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_chain_file(o, file)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_chain_file(
    ssl: *mut SSL,
    file: *const c_char,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_chain_file(o, file)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_RSAPrivateKey_ASN1(
    ctx: *mut SSL_CTX,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            let o = Owner::Ctx(c);
            use_rsa_key_der(o, d, len)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_RSAPrivateKey_ASN1(
    ssl: *mut SSL,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                let o = Owner::Ssl(s);
                use_rsa_key_der(o, d, len)
            })
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_certificate_ASN1(
    ctx: *mut SSL_CTX,
    len: c_int,
    d: *const c_uchar,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| use_certificate_der(Owner::Ctx(c), d, len as c_long))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_certificate_ASN1(
    ssl: *mut SSL,
    d: *const c_uchar,
    len: c_int,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| use_certificate_der(Owner::Ssl(s), d, len as c_long))
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_PrivateKey_ASN1(
    pk: c_int,
    ctx: *mut SSL_CTX,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| use_private_key_der(Owner::Ctx(c), pk, d, len))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_PrivateKey_ASN1(
    pk: c_int,
    ssl: *mut SSL,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| use_private_key_der(Owner::Ssl(s), pk, d, len))
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_check_private_key(ctx: *const SSL_CTX) -> c_int {
    guard!(0, {
        match borrow(ctx) {
            Some(c) => check_private_key(Owner::Ctx(c)),
            None => {
                raise!(SSL_R_NO_CERTIFICATE_ASSIGNED, "SSL_CTX_check_private_key");
                0
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_check_private_key(ssl: *const SSL) -> c_int {
    guard!(0, {
        match borrow(ssl) {
            Some(s) => check_private_key(Owner::Ssl(s)),
            None => {
                raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_check_private_key");
                0
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_certificate(ctx: *const SSL_CTX) -> *mut X509 {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |c| current_x509(Owner::Ctx(c)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_privatekey(ctx: *const SSL_CTX) -> *mut EVP_PKEY {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |c| current_key(Owner::Ctx(c)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_certificate(ssl: *const SSL) -> *mut X509 {
    guard!(null_mut(), {
        borrow(ssl).map_or(null_mut(), |s| current_x509(Owner::Ssl(s)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_privatekey(ssl: *const SSL) -> *mut EVP_PKEY {
    guard!(null_mut(), {
        borrow(ssl).map_or(null_mut(), |s| current_key(Owner::Ssl(s)))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_certs_clear(ssl: *mut SSL) {
    guard!((), {
        super::cert_share::then_changed(ssl, || {
            if let Some(s) = borrow(ssl) {
                ssl_certs(s).cert.clear();
            }
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_cert_and_key(
    ctx: *mut SSL_CTX,
    x509: *mut X509,
    privatekey: *mut EVP_PKEY,
    chain: *mut stack_st_X509,
    override_: c_int,
) -> c_int {
    guard!(0, {
        borrow(ctx).map_or(0, |c| {
            use_cert_and_key(Owner::Ctx(c), x509, privatekey, chain, override_)
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_use_cert_and_key(
    ssl: *mut SSL,
    x509: *mut X509,
    privatekey: *mut EVP_PKEY,
    chain: *mut stack_st_X509,
    override_: c_int,
) -> c_int {
    guard!(0, {
        super::cert_share::then_changed(ssl, || {
            borrow(ssl).map_or(0, |s| {
                use_cert_and_key(Owner::Ssl(s), x509, privatekey, chain, override_)
            })
        })
    })
}
