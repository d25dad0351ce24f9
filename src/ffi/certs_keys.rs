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
use super::err::{raise, raise_from};
use crate::core::{ctx::Ctx, ssl::Ssl};
use crate::sync::lock;
use std::ffi::CStr;
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
pub(super) const SSL_R_NO_CERTIFICATE_ASSIGNED: c_int = 177;
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
    /// The function an error is reported from: OpenSSL names the `SSL_CTX_`
    /// function for a context and the `SSL_` one for a connection.
    pub fn func(&self, ctx: &'static CStr, ssl: &'static CStr) -> &'static CStr {
        match self {
            Owner::Ctx(_) => ctx,
            Owner::Ssl(_) => ssl,
        }
    }

    pub fn certs(&self) -> MutexGuard<'_, Certs> {
        match self {
            Owner::Ctx(c) => ctx_certs(c),
            Owner::Ssl(s) => ssl_certs(s),
        }
    }

    /// The security level the checks of certificates and keys follow
    /// (`SSL_CTX_get_security_level` / `SSL_get_security_level`).
    pub fn security_level(&self) -> i32 {
        match self {
            Owner::Ctx(c) => lock(&c.ciphers).security_level(),
            Owner::Ssl(s) => lock(&s.ciphers).security_level(),
        }
    }
}

/// The slot of a key's type (`ssl_cert_lookup_by_pkey`).
unsafe fn slot_of(pkey: *const EVP_PKEY) -> Option<usize> {
    KEY_TYPE_NIDS.iter().position(|&nid| {
        EVP_PKEY_is_a(pkey, OBJ_nid2sn(nid)) != 0 || EVP_PKEY_is_a(pkey, OBJ_nid2ln(nid)) != 0
    })
}

const SSL_R_CA_KEY_TOO_SMALL: c_int = 397;
const SSL_R_CA_MD_TOO_WEAK: c_int = 398;
/// `EXFLAG_SS`: the certificate is apparently self-signed.
const EXFLAG_SS: u32 = 0x2000;

/// `ssl_security_cert`: 1, or the reason `x` is refused by the owner's
/// security callback: its key (as an end-entity or a CA certificate), then
/// its signature's digest unless self-signed, as OpenSSL asks.
pub(crate) unsafe fn security_cert(o: Owner, x: *mut X509, is_ee: bool) -> c_int {
    use crate::core::config::security::{CA_KEY, CA_MD, EE_KEY};
    let check = |op, bits, nid| super::security::owner_security(o, op, bits, nid, x as *mut c_void);
    let pkey = if x.is_null() {
        null_mut()
    } else {
        X509_get0_pubkey(x)
    };
    let bits = if pkey.is_null() {
        -1
    } else {
        EVP_PKEY_get_security_bits(pkey)
    };
    let too_small = if is_ee {
        SSL_R_EE_KEY_TOO_SMALL
    } else {
        SSL_R_CA_KEY_TOO_SMALL
    };
    // A missing certificate has no key bits; where the callback lets that
    // pass (level 0), OpenSSL goes on to read its flags and crashes: sessl
    // refuses it as too small (COMPATIBILITY.md).
    if !check(if is_ee { EE_KEY } else { CA_KEY }, bits, 0) || x.is_null() {
        return too_small;
    }
    if X509_get_extension_flags(x) & EXFLAG_SS == 0 {
        let mut secbits: c_int = 0;
        let (mut md, mut pk) = (0, 0);
        if X509_get_signature_info(x, &mut md, &mut pk, &mut secbits, null_mut()) == 0 {
            secbits = -1;
        }
        // Without a digest NID, the signature's.
        let nid = if md == 0 { pk } else { md };
        if !check(CA_MD, secbits, nid) {
            return SSL_R_CA_MD_TOO_WEAK;
        }
    }
    1
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

pub(super) unsafe fn use_certificate(o: Owner, x: *mut X509) -> c_int {
    if x.is_null() {
        raise_from!(
            ERR_R_PASSED_NULL_PARAMETER,
            o.func(c"SSL_CTX_use_certificate", c"SSL_use_certificate")
        );
        return 0;
    }
    let rv = security_cert(o, x, true);
    if rv != 1 {
        raise_from!(
            rv,
            o.func(c"SSL_CTX_use_certificate", c"SSL_use_certificate")
        );
        return 0;
    }
    set_cert(&mut o.certs(), x)
}

pub(super) unsafe fn use_private_key(o: Owner, pkey: *mut EVP_PKEY) -> c_int {
    if pkey.is_null() {
        raise_from!(
            ERR_R_PASSED_NULL_PARAMETER,
            o.func(c"SSL_CTX_use_PrivateKey", c"SSL_use_PrivateKey")
        );
        return 0;
    }
    set_pkey(&mut o.certs(), pkey)
}

pub(super) unsafe fn use_rsa_key(o: Owner, rsa: *mut RSA) -> c_int {
    if rsa.is_null() {
        raise_from!(
            ERR_R_PASSED_NULL_PARAMETER,
            o.func(c"SSL_CTX_use_RSAPrivateKey", c"SSL_use_RSAPrivateKey")
        );
        return 0;
    }
    let pkey = EVP_PKEY_new();
    if pkey.is_null() {
        raise_from!(
            ERR_R_EVP_LIB,
            o.func(c"SSL_CTX_use_RSAPrivateKey", c"SSL_use_RSAPrivateKey")
        );
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
    // Deviation: OpenSSL hands a NULL path to fopen (undefined behaviour).
    if file.is_null() {
        return Err(ERR_R_PASSED_NULL_PARAMETER);
    }
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

pub(super) unsafe fn use_certificate_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: o.func(c"SSL_CTX_use_certificate_file", c"SSL_use_certificate_file"),
        pem: PEM_read_bio_X509,
        der: d2i_X509_bio,
        use_it: use_certificate,
        free: X509_free,
    };
    use_file(o, file, type_, kind)
}

pub(super) unsafe fn use_private_key_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: o.func(c"SSL_CTX_use_PrivateKey_file", c"SSL_use_PrivateKey_file"),
        pem: PEM_read_bio_PrivateKey,
        der: d2i_PrivateKey_bio,
        use_it: use_private_key,
        free: EVP_PKEY_free,
    };
    use_file(o, file, type_, kind)
}

pub(super) unsafe fn use_rsa_key_file(o: Owner, file: *const c_char, type_: c_int) -> c_int {
    let kind = FileKind {
        func: o.func(
            c"SSL_CTX_use_RSAPrivateKey_file",
            c"SSL_use_RSAPrivateKey_file",
        ),
        pem: PEM_read_bio_RSAPrivateKey,
        der: d2i_RSAPrivateKey_bio,
        use_it: use_rsa_key,
        free: RSA_free,
    };
    use_file(o, file, type_, kind)
}

pub(super) unsafe fn use_certificate_der(o: Owner, d: *const c_uchar, len: c_long) -> c_int {
    let mut p = d;
    let x = d2i_X509(null_mut(), &mut p, len);
    if x.is_null() {
        raise_from!(
            ERR_R_ASN1_LIB,
            o.func(c"SSL_CTX_use_certificate_ASN1", c"SSL_use_certificate_ASN1")
        );
        return 0;
    }
    let ret = use_certificate(o, x);
    X509_free(x);
    ret
}

pub(super) unsafe fn use_private_key_der(
    o: Owner,
    type_: c_int,
    d: *const c_uchar,
    len: c_long,
) -> c_int {
    let mut p = d;
    let pkey = d2i_PrivateKey(type_, null_mut(), &mut p, len);
    if pkey.is_null() {
        raise_from!(
            ERR_R_ASN1_LIB,
            o.func(c"SSL_CTX_use_PrivateKey_ASN1", c"SSL_use_PrivateKey_ASN1")
        );
        return 0;
    }
    let ret = use_private_key(o, pkey);
    EVP_PKEY_free(pkey);
    ret
}

pub(super) unsafe fn use_rsa_key_der(o: Owner, d: *const c_uchar, len: c_long) -> c_int {
    let mut p = d;
    let rsa = d2i_RSAPrivateKey(null_mut(), &mut p, len);
    if rsa.is_null() {
        raise_from!(
            ERR_R_ASN1_LIB,
            o.func(
                c"SSL_CTX_use_RSAPrivateKey_ASN1",
                c"SSL_use_RSAPrivateKey_ASN1"
            )
        );
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
pub(super) unsafe fn use_chain_file(o: Owner, file: *const c_char) -> c_int {
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
        ret = read_chain(o, bio, cb, ud);
    }
    X509_free(x);
    BIO_free(bio);
    ret
}

/// The chain certificates after the first of a chain file: the current
/// slot's chain is cleared, then each is added (refused below the security
/// level, which ends the reading); the file must end at a PEM boundary.
unsafe fn read_chain(o: Owner, bio: *mut BIO, cb: *mut pem_password_cb, ud: *mut c_void) -> c_int {
    {
        let mut c = o.certs();
        let current = c.cert.current;
        let slot = &mut c.cert.slots[current];
        if !slot.chain.is_null() {
            OPENSSL_sk_pop_free(slot.chain as *mut c_void, free_x509);
        }
        slot.chain = null_mut();
    }
    loop {
        let ca = PEM_read_bio_X509(bio, null_mut(), cb, ud);
        if ca.is_null() {
            break;
        }
        let rv = security_cert(o, ca, false);
        if rv != 1 {
            raise!(rv, "ssl_cert_add0_chain_cert");
            X509_free(ca);
            return 0;
        }
        let mut c = o.certs();
        let current = c.cert.current;
        let slot = &mut c.cert.slots[current];
        if slot.chain.is_null() {
            slot.chain = OPENSSL_sk_new_null() as *mut stack_st_X509;
        }
        OPENSSL_sk_push(slot.chain as *mut c_void, ca as *const c_void);
    }
    let err = ERR_peek_last_error();
    let (lib, reason) = (((err >> 23) & 0xff) as c_int, (err & 0x7fffff) as c_int);
    if (lib, reason) == PEM_NO_START_LINE {
        ERR_clear_error();
        1
    } else {
        0
    }
}

/// `SSL_CTX_check_private_key` / `SSL_check_private_key`.
pub(super) unsafe fn check_private_key(o: Owner) -> c_int {
    let c = o.certs();
    let slot = c.cert.current();
    if slot.x509.is_null() {
        raise_from!(
            SSL_R_NO_CERTIFICATE_ASSIGNED,
            o.func(c"SSL_CTX_check_private_key", c"SSL_check_private_key")
        );
        return 0;
    }
    if slot.key.is_null() {
        raise_from!(
            SSL_R_NO_PRIVATE_KEY_ASSIGNED,
            o.func(c"SSL_CTX_check_private_key", c"SSL_check_private_key")
        );
        return 0;
    }
    X509_check_private_key(slot.x509, slot.key)
}

pub(super) fn current_x509(o: Owner) -> *mut X509 {
    o.certs().cert.current().x509
}

pub(super) fn current_key(o: Owner) -> *mut EVP_PKEY {
    o.certs().cert.current().key
}

const SSL_R_EE_KEY_TOO_SMALL: c_int = 399;
const SSL_R_COPY_PARAMETERS_FAILED: c_int = 296;
const SSL_R_MISSING_PARAMETERS: c_int = 290;
const SSL_R_NOT_REPLACING_CERTIFICATE: c_int = 289;
const SSL_R_PRIVATE_KEY_MISMATCH: c_int = 288;

/// `SSL_CTX_use_cert_and_key`: certificate, key (the certificate's public key
/// when NULL) and chain into the certificate's slot at once, which becomes
/// current; with `override_` 0, only into an empty slot. The chain is copied
/// (its certificates shared).
pub(super) unsafe fn use_cert_and_key(
    o: Owner,
    x509: *mut X509,
    privatekey: *mut EVP_PKEY,
    chain: *mut stack_st_X509,
    override_: c_int,
) -> c_int {
    // OpenSSL's security checks run first: the certificate (a missing one
    // has no key bits), then each chain certificate.
    let rv = security_cert(o, x509, true);
    if rv != 1 {
        raise!(rv, "ssl_set_cert_and_key");
        return 0;
    }
    for j in 0..OPENSSL_sk_num(chain as *const c_void) {
        let rv = security_cert(
            o,
            OPENSSL_sk_value(chain as *const c_void, j) as *mut X509,
            false,
        );
        if rv != 1 {
            raise!(rv, "ssl_set_cert_and_key");
            return 0;
        }
    }
    let pubkey = X509_get_pubkey(x509);
    if pubkey.is_null() {
        return 0;
    }
    let ret = set_cert_and_key(o, x509, privatekey, pubkey, chain, override_);
    EVP_PKEY_free(pubkey);
    ret
}

unsafe fn set_cert_and_key(
    o: Owner,
    x509: *mut X509,
    mut privatekey: *mut EVP_PKEY,
    pubkey: *mut EVP_PKEY,
    chain: *mut stack_st_X509,
    override_: c_int,
) -> c_int {
    if privatekey.is_null() {
        privatekey = pubkey;
    } else {
        let (from, to) = match (
            EVP_PKEY_missing_parameters(privatekey) != 0,
            EVP_PKEY_missing_parameters(pubkey) != 0,
        ) {
            (true, true) => {
                raise!(SSL_R_MISSING_PARAMETERS, "ssl_set_cert_and_key");
                return 0;
            }
            (true, false) => (pubkey, privatekey),
            (false, true) => (privatekey, pubkey),
            (false, false) => (null_mut(), null_mut()),
        };
        if !from.is_null() && EVP_PKEY_copy_parameters(to, from) == 0 {
            raise!(SSL_R_COPY_PARAMETERS_FAILED, "ssl_set_cert_and_key");
            return 0;
        }
        if EVP_PKEY_eq(pubkey, privatekey) != 1 {
            raise!(SSL_R_PRIVATE_KEY_MISMATCH, "ssl_set_cert_and_key");
            return 0;
        }
    }
    let Some(i) = slot_of(pubkey) else {
        raise!(SSL_R_UNKNOWN_CERTIFICATE_TYPE, "ssl_set_cert_and_key");
        return 0;
    };
    let mut c = o.certs();
    let slot = &mut c.cert.slots[i];
    if override_ == 0 && (!slot.x509.is_null() || !slot.key.is_null() || !slot.chain.is_null()) {
        raise!(SSL_R_NOT_REPLACING_CERTIFICATE, "ssl_set_cert_and_key");
        return 0;
    }
    let mut dup_chain = null_mut();
    if !chain.is_null() {
        dup_chain = X509_chain_up_ref(chain);
        if dup_chain.is_null() {
            raise!(super::consts::ERR_R_MALLOC_FAILURE, "ssl_set_cert_and_key");
            return 0;
        }
    }
    if !slot.chain.is_null() {
        OPENSSL_sk_pop_free(slot.chain as *mut c_void, free_x509);
    }
    slot.chain = dup_chain;
    X509_up_ref(x509);
    X509_free(slot.x509);
    slot.x509 = x509;
    EVP_PKEY_up_ref(privatekey);
    EVP_PKEY_free(slot.key);
    slot.key = privatekey;
    c.cert.current = i;
    1
}
