//! Certificates and private keys of a context or connection:
//! `SSL_CTX_use_certificate*`, `SSL_CTX_use_PrivateKey*`,
//! `SSL_CTX_use_RSAPrivateKey*`, the chain file, the getters and
//! `SSL_CTX_check_private_key`, and the `SSL_` equivalents.
//!
//! As in OpenSSL, each key type has its own slot (see `certs_state`): a
//! certificate goes to its key's slot and becomes current; a private key must
//! match the certificate of its slot.

use super::certs_crypto::*;
use super::certs_state::{ctx_certs, ssl_certs, Certs, KEY_TYPE_NIDS, SLOT_EC};
use super::err::raise;
use super::{borrow, guard, SSL, SSL_CTX};
use crate::core::{ctx::Ctx, ssl::Ssl};
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_void};
use std::ptr::null_mut;
use std::sync::MutexGuard;

/// `ERR_R_PASSED_NULL_PARAMETER` (flagged fatal).
pub(crate) const ERR_R_PASSED_NULL_PARAMETER: c_int = 258 | (3 << 18);
/// `SSL_FILETYPE_ASN1`: DER.
pub const SSL_FILETYPE_ASN1: c_int = 2;
/// `SSL_FILETYPE_PEM`.
pub const SSL_FILETYPE_PEM: c_int = 1;
const SSL_R_BAD_SSL_FILETYPE: c_int = 124;
const SSL_R_ECC_CERT_NOT_FOR_SIGNING: c_int = 318;
const SSL_R_NO_CERTIFICATE_ASSIGNED: c_int = 177;
const SSL_R_NO_PRIVATE_KEY_ASSIGNED: c_int = 190;
const SSL_R_UNKNOWN_CERTIFICATE_TYPE: c_int = 247;
const SSL_R_X509_LIB: c_int = 268;
/// `ERR_R_*_LIB`: the library number with `ERR_RFLAG_COMMON`.
const fn common(lib: c_int) -> c_int {
    lib | (2 << 18)
}
const ERR_R_SYS_LIB: c_int = common(2);
const ERR_R_EVP_LIB: c_int = common(6);
const ERR_R_BUF_LIB: c_int = common(7);
const ERR_R_PEM_LIB: c_int = common(9);
const ERR_R_ASN1_LIB: c_int = common(13);
const EVP_PKEY_RSA: c_int = 6;

/// A context or a connection: the functions below are the same for both.
#[derive(Clone, Copy)]
pub enum Owner<'a> {
    Ctx(&'a Ctx),
    Ssl(&'a Ssl),
}

impl Owner<'_> {
    pub fn certs(&self) -> MutexGuard<'_, Certs> {
        match self {
            Owner::Ctx(c) => ctx_certs(c),
            Owner::Ssl(s) => ssl_certs(s),
        }
    }
}

/// The slot of a key's type (`ssl_cert_lookup_by_pkey`).
unsafe fn slot_of(pkey: *const EVP_PKEY) -> Option<usize> {
    KEY_TYPE_NIDS.iter().position(|&nid| {
        EVP_PKEY_is_a(pkey, OBJ_nid2sn(nid)) != 0 || EVP_PKEY_is_a(pkey, OBJ_nid2ln(nid)) != 0
    })
}

/// `ssl_set_cert`: `x` into its key type's slot, which becomes current. A key
/// already there that does not match is dropped (the application is expected
/// to set the certificate first, then its key).
unsafe fn set_cert(c: &mut Certs, x: *mut X509) -> c_int {
    let pkey = X509_get0_pubkey(x);
    if pkey.is_null() {
        raise!(SSL_R_X509_LIB, "ssl_set_cert");
        return 0;
    }
    let Some(i) = slot_of(pkey) else {
        raise!(SSL_R_UNKNOWN_CERTIFICATE_TYPE, "ssl_set_cert");
        return 0;
    };
    if i == SLOT_EC && EVP_PKEY_can_sign(pkey) == 0 {
        raise!(SSL_R_ECC_CERT_NOT_FOR_SIGNING, "ssl_set_cert");
        return 0;
    }
    let slot = &mut c.cert.slots[i];
    if !slot.key.is_null() {
        // Some key types cannot copy parameters; OpenSSL ignores the result
        // and clears the whole error queue, as here.
        EVP_PKEY_copy_parameters(slot.key, pkey);
        ERR_clear_error();
        if X509_check_private_key(x, slot.key) == 0 {
            EVP_PKEY_free(slot.key);
            slot.key = null_mut();
            ERR_clear_error();
        }
    }
    X509_up_ref(x);
    X509_free(slot.x509);
    slot.x509 = x;
    c.cert.current = i;
    1
}

/// `ssl_set_pkey`: `pkey` into its type's slot if it matches the certificate
/// there (if any); the slot becomes current.
unsafe fn set_pkey(c: &mut Certs, pkey: *mut EVP_PKEY) -> c_int {
    let Some(i) = slot_of(pkey) else {
        raise!(SSL_R_UNKNOWN_CERTIFICATE_TYPE, "ssl_set_pkey");
        return 0;
    };
    let slot = &mut c.cert.slots[i];
    if !slot.x509.is_null() && X509_check_private_key(slot.x509, pkey) == 0 {
        return 0;
    }
    EVP_PKEY_up_ref(pkey);
    EVP_PKEY_free(slot.key);
    slot.key = pkey;
    c.cert.current = i;
    1
}

unsafe fn use_certificate(o: Owner, x: *mut X509) -> c_int {
    if x.is_null() {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_CTX_use_certificate");
        return 0;
    }
    set_cert(&mut o.certs(), x)
}

unsafe fn use_private_key(o: Owner, pkey: *mut EVP_PKEY) -> c_int {
    if pkey.is_null() {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_CTX_use_PrivateKey");
        return 0;
    }
    set_pkey(&mut o.certs(), pkey)
}

unsafe fn use_rsa_key(o: Owner, rsa: *mut RSA) -> c_int {
    if rsa.is_null() {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_CTX_use_RSAPrivateKey");
        return 0;
    }
    let pkey = EVP_PKEY_new();
    if pkey.is_null() {
        raise!(ERR_R_EVP_LIB, "SSL_CTX_use_RSAPrivateKey");
        return 0;
    }
    RSA_up_ref(rsa);
    if EVP_PKEY_assign(pkey, EVP_PKEY_RSA, rsa as *mut c_void) <= 0 {
        RSA_free(rsa);
        EVP_PKEY_free(pkey);
        return 0;
    }
    let ret = set_pkey(&mut o.certs(), pkey);
    EVP_PKEY_free(pkey);
    ret
}

/// The password callback and its userdata, read before any file is decoded
/// (the callback may call back into this object).
fn passwd(o: Owner) -> (*mut pem_password_cb, *mut c_void) {
    let hook = o.certs().passwd;
    (hook.func as *mut pem_password_cb, hook.arg as *mut c_void)
}

/// Opens `file` for reading as OpenSSL's `_file` functions do: `None` (with
/// the error queued) when the file cannot be opened.
unsafe fn open(file: *const c_char) -> Result<*mut BIO, c_int> {
    let bio = BIO_new(BIO_s_file());
    if bio.is_null() {
        return Err(ERR_R_BUF_LIB);
    }
    if bio_read_filename(bio, file) <= 0 {
        BIO_free(bio);
        return Err(ERR_R_SYS_LIB);
    }
    Ok(bio)
}

/// How one kind of object is read from a file and used.
struct FileKind<T> {
    /// The function named in the errors raised here.
    func: &'static std::ffi::CStr,
    pem: unsafe extern "C" fn(*mut BIO, *mut *mut T, *mut pem_password_cb, *mut c_void) -> *mut T,
    der: unsafe extern "C" fn(*mut BIO, *mut *mut T) -> *mut T,
    use_it: unsafe fn(Owner, *mut T) -> c_int,
    free: unsafe extern "C" fn(*mut T),
}

/// The three `_file` functions: open, decode one object as `type_` says (PEM
/// with the password callback, or DER), then use it. The reason queued for a
/// failed step is OpenSSL's.
unsafe fn use_file<T>(o: Owner, file: *const c_char, type_: c_int, kind: FileKind<T>) -> c_int {
    let fail = |reason: c_int| {
        super::err::raise_ssl_error(reason, kind.func, c"ssl/ssl_rsa.c", 0);
        0
    };
    let bio = match open(file) {
        Ok(b) => b,
        Err(reason) => return fail(reason),
    };
    let (obj, reason) = match type_ {
        SSL_FILETYPE_PEM => {
            let (cb, ud) = passwd(o);
            ((kind.pem)(bio, null_mut(), cb, ud), ERR_R_PEM_LIB)
        }
        SSL_FILETYPE_ASN1 => ((kind.der)(bio, null_mut()), ERR_R_ASN1_LIB),
        _ => {
            BIO_free(bio);
            return fail(SSL_R_BAD_SSL_FILETYPE);
        }
    };
    BIO_free(bio);
    if obj.is_null() {
        return fail(reason);
    }
    let ret = (kind.use_it)(o, obj);
    (kind.free)(obj);
    ret
}

unsafe fn use_certificate_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: c"SSL_CTX_use_certificate_file",
        pem: PEM_read_bio_X509,
        der: d2i_X509_bio,
        use_it: use_certificate,
        free: X509_free,
    };
    use_file(o, file, type_, kind)
}

unsafe fn use_private_key_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: c"SSL_CTX_use_PrivateKey_file",
        pem: PEM_read_bio_PrivateKey,
        der: d2i_PrivateKey_bio,
        use_it: use_private_key,
        free: EVP_PKEY_free,
    };
    use_file(o, file, type_, kind)
}

unsafe fn use_rsa_key_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: c"SSL_CTX_use_RSAPrivateKey_file",
        pem: PEM_read_bio_RSAPrivateKey,
        der: d2i_RSAPrivateKey_bio,
        use_it: use_rsa_key,
        free: RSA_free,
    };
    use_file(o, file, type_, kind)
}

unsafe fn use_certificate_der(o: Owner, d: *const c_uchar, len: c_long) -> c_int {
    let mut p = d;
    let x = d2i_X509(null_mut(), &mut p, len);
    if x.is_null() {
        raise!(ERR_R_ASN1_LIB, "SSL_CTX_use_certificate_ASN1");
        return 0;
    }
    let ret = use_certificate(o, x);
    X509_free(x);
    ret
}

unsafe fn use_private_key_der(o: Owner, type_: c_int, d: *const c_uchar, len: c_long) -> c_int {
    let mut p = d;
    let pkey = d2i_PrivateKey(type_, null_mut(), &mut p, len);
    if pkey.is_null() {
        raise!(ERR_R_ASN1_LIB, "SSL_CTX_use_PrivateKey_ASN1");
        return 0;
    }
    let ret = use_private_key(o, pkey);
    EVP_PKEY_free(pkey);
    ret
}

unsafe fn use_rsa_key_der(o: Owner, d: *const c_uchar, len: c_long) -> c_int {
    let mut p = d;
    let rsa = d2i_RSAPrivateKey(null_mut(), &mut p, len);
    if rsa.is_null() {
        raise!(ERR_R_ASN1_LIB, "SSL_CTX_use_RSAPrivateKey_ASN1");
        return 0;
    }
    let ret = use_rsa_key(o, rsa);
    RSA_free(rsa);
    ret
}

/// `PEM_R_NO_START_LINE`, with `ERR_LIB_PEM`: how a chain file ends.
const PEM_NO_START_LINE: (c_int, c_int) = (9, 108);

/// `SSL_CTX_use_certificate_chain_file`: the first PEM certificate is used as
/// the certificate, the following ones replace its chain.
unsafe fn use_chain_file(o: Owner, file: *const c_char) -> c_int {
    ERR_clear_error();
    let (cb, ud) = passwd(o);
    let bio = match open(file) {
        Ok(b) => b,
        Err(reason) => {
            raise!(reason, "use_certificate_chain_file");
            return 0;
        }
    };
    let x = PEM_read_bio_X509_AUX(bio, null_mut(), cb, ud);
    let mut ret = 0;
    if x.is_null() {
        raise!(ERR_R_PEM_LIB, "use_certificate_chain_file");
    } else {
        ret = use_certificate(o, x);
        if ERR_peek_error() != 0 {
            ret = 0;
        }
    }
    if ret != 0 {
        let chain = OPENSSL_sk_new_null();
        loop {
            let ca = PEM_read_bio_X509(bio, null_mut(), cb, ud);
            if ca.is_null() {
                break;
            }
            OPENSSL_sk_push(chain, ca as *const c_void);
        }
        let err = ERR_peek_last_error();
        let (lib, reason) = (((err >> 23) & 0xff) as c_int, (err & 0x7fffff) as c_int);
        if (lib, reason) == PEM_NO_START_LINE {
            ERR_clear_error();
        } else {
            ret = 0;
        }
        let mut c = o.certs();
        let current = c.cert.current;
        let slot = &mut c.cert.slots[current];
        if !slot.chain.is_null() {
            OPENSSL_sk_pop_free(slot.chain as *mut c_void, free_x509);
        }
        slot.chain = chain as *mut stack_st_X509;
    }
    X509_free(x);
    BIO_free(bio);
    ret
}

/// `SSL_CTX_check_private_key` / `SSL_check_private_key`.
unsafe fn check_private_key(o: Owner) -> c_int {
    let c = o.certs();
    let slot = c.cert.current();
    if slot.x509.is_null() {
        raise!(SSL_R_NO_CERTIFICATE_ASSIGNED, "SSL_CTX_check_private_key");
        return 0;
    }
    if slot.key.is_null() {
        raise!(SSL_R_NO_PRIVATE_KEY_ASSIGNED, "SSL_CTX_check_private_key");
        return 0;
    }
    X509_check_private_key(slot.x509, slot.key)
}

fn current_x509(o: Owner) -> *mut X509 {
    o.certs().cert.current().x509
}

fn current_key(o: Owner) -> *mut EVP_PKEY {
    o.certs().cert.current().key
}

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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_certificate(o, x)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_private_key(o, pkey)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_rsa_key(o, rsa)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_certificate_file(o, file, type_)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_private_key_file(o, file, type_)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_rsa_key_file(o, file, type_)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_chain_file(o, file)
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
        borrow(ssl).map_or(0, |s| {
            let o = Owner::Ssl(s);
            use_rsa_key_der(o, d, len)
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
        borrow(ssl).map_or(0, |s| use_certificate_der(Owner::Ssl(s), d, len as c_long))
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
        borrow(ssl).map_or(0, |s| use_private_key_der(Owner::Ssl(s), pk, d, len))
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
        if let Some(s) = borrow(ssl) {
            ssl_certs(s).cert.clear();
        }
    })
}
