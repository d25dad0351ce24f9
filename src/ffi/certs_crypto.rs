//! The libcrypto types and functions the certificate family uses. The types are
//! opaque here; the header takes them from <openssl/types.h> and <openssl/x509.h>.

use std::os::raw::{c_char, c_int, c_long, c_uchar, c_ulong, c_void};

pub use super::der::{pem_password_cb, BIO};
pub use super::shell::X509;

macro_rules! opaque {
    ($($name:ident),*) => {$(
        #[repr(C)]
        pub struct $name {
            _opaque: [u8; 0],
        }
    )*};
}
opaque!(
    EVP_PKEY,
    RSA,
    X509_STORE,
    X509_STORE_CTX,
    X509_VERIFY_PARAM,
    X509_NAME,
    X509_LOOKUP,
    X509_LOOKUP_METHOD,
    ASN1_OCTET_STRING,
    OSSL_STORE_CTX,
    CTLOG_STORE,
    CT_POLICY_EVAL_CTX,
    DH,
    EVP_MD,
    ENGINE,
    stack_st_SCT,
    OSSL_STORE_INFO,
    stack_st_X509,
    stack_st_X509_NAME,
    BIO_METHOD
);

/// `SSL_verify_cb`.
pub type SSL_verify_cb = Option<unsafe extern "C" fn(c_int, *mut X509_STORE_CTX) -> c_int>;

#[allow(unused_doc_comments)]
/// cbindgen:ignore
#[link(name = "crypto")]
extern "C" {
    pub fn ERR_clear_error();
    pub fn ERR_new();
    pub fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    pub fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
    pub fn ERR_peek_error() -> c_ulong;
    pub fn ERR_peek_last_error() -> c_ulong;
    pub fn ERR_set_mark() -> c_int;
    pub fn ERR_pop_to_mark() -> c_int;

    pub fn BIO_s_file() -> *const BIO_METHOD;
    pub fn BIO_new(m: *const BIO_METHOD) -> *mut BIO;
    pub fn BIO_ctrl(b: *mut BIO, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long;
    pub fn BIO_free(b: *mut BIO) -> c_int;

    pub fn X509_up_ref(x: *mut X509) -> c_int;
    pub fn X509_free(x: *mut X509);
    pub fn X509_cmp(a: *const X509, b: *const X509) -> c_int;
    pub fn d2i_X509(a: *mut *mut X509, pp: *mut *const c_uchar, len: c_long) -> *mut X509;
    pub fn d2i_X509_bio(b: *mut BIO, x: *mut *mut X509) -> *mut X509;
    pub fn PEM_read_bio_X509(
        b: *mut BIO,
        x: *mut *mut X509,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut X509;
    pub fn PEM_read_bio_X509_AUX(
        b: *mut BIO,
        x: *mut *mut X509,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut X509;
    pub fn X509_get0_pubkey(x: *const X509) -> *mut EVP_PKEY;
    pub fn OSSL_STORE_open(
        uri: *const c_char,
        ui_method: *mut c_void,
        ui_data: *mut c_void,
        post_process: *const c_void,
        post_process_data: *mut c_void,
    ) -> *mut OSSL_STORE_CTX;
    pub fn OSSL_STORE_eof(ctx: *mut OSSL_STORE_CTX) -> c_int;
    pub fn OSSL_STORE_error(ctx: *mut OSSL_STORE_CTX) -> c_int;
    pub fn OSSL_STORE_load(ctx: *mut OSSL_STORE_CTX) -> *mut OSSL_STORE_INFO;
    pub fn OSSL_STORE_close(ctx: *mut OSSL_STORE_CTX) -> c_int;
    pub fn OSSL_STORE_INFO_get_type(info: *const OSSL_STORE_INFO) -> c_int;
    pub fn OSSL_STORE_INFO_get0_NAME(info: *const OSSL_STORE_INFO) -> *const c_char;
    pub fn OSSL_STORE_INFO_get0_CERT(info: *const OSSL_STORE_INFO) -> *mut X509;
    pub fn OSSL_STORE_INFO_free(info: *mut OSSL_STORE_INFO);
    pub fn EVP_PKEY_get_security_bits(k: *const EVP_PKEY) -> c_int;
    pub fn CTLOG_STORE_new() -> *mut CTLOG_STORE;
    pub fn CTLOG_STORE_free(s: *mut CTLOG_STORE);
    pub fn CTLOG_STORE_load_file(s: *mut CTLOG_STORE, file: *const c_char) -> c_int;
    pub fn CTLOG_STORE_load_default_file(s: *mut CTLOG_STORE) -> c_int;
    pub fn PEM_read_bio(
        b: *mut BIO,
        name: *mut *mut c_char,
        header: *mut *mut c_char,
        data: *mut *mut c_uchar,
        len: *mut c_long,
    ) -> c_int;
    pub fn EVP_get_digestbyname(name: *const c_char) -> *const EVP_MD;
    pub fn EVP_MD_get_size(md: *const EVP_MD) -> c_int;
    pub fn d2i_PUBKEY(a: *mut *mut EVP_PKEY, pp: *mut *const c_uchar, len: c_long)
        -> *mut EVP_PKEY;
    pub fn ENGINE_init(e: *mut ENGINE) -> c_int;
    pub fn ENGINE_finish(e: *mut ENGINE) -> c_int;
    pub fn ENGINE_get_ssl_client_cert_function(e: *const ENGINE) -> *const c_void;
    pub fn X509_get_extension_flags(x: *mut X509) -> u32;
    pub fn X509_get_signature_info(
        x: *mut X509,
        mdnid: *mut c_int,
        pknid: *mut c_int,
        secbits: *mut c_int,
        flags: *mut u32,
    ) -> c_int;
    pub fn X509_get_pubkey(x: *mut X509) -> *mut EVP_PKEY;
    pub fn X509_chain_up_ref(chain: *mut stack_st_X509) -> *mut stack_st_X509;
    pub fn EVP_PKEY_missing_parameters(k: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_eq(a: *const EVP_PKEY, b: *const EVP_PKEY) -> c_int;
    pub fn X509_check_private_key(x: *const X509, k: *const EVP_PKEY) -> c_int;
    pub fn X509_get_subject_name(x: *const X509) -> *mut X509_NAME;

    pub fn EVP_PKEY_up_ref(k: *mut EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_free(k: *mut EVP_PKEY);
    pub fn EVP_PKEY_new() -> *mut EVP_PKEY;
    pub fn EVP_PKEY_is_a(k: *const EVP_PKEY, name: *const c_char) -> c_int;
    pub fn EVP_PKEY_can_sign(k: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_copy_parameters(to: *mut EVP_PKEY, from: *const EVP_PKEY) -> c_int;
    pub fn EVP_PKEY_assign(k: *mut EVP_PKEY, t: c_int, key: *mut c_void) -> c_int;
    pub fn d2i_PrivateKey(
        t: c_int,
        a: *mut *mut EVP_PKEY,
        pp: *mut *const c_uchar,
        len: c_long,
    ) -> *mut EVP_PKEY;
    pub fn d2i_PrivateKey_bio(b: *mut BIO, a: *mut *mut EVP_PKEY) -> *mut EVP_PKEY;
    pub fn PEM_read_bio_PrivateKey(
        b: *mut BIO,
        x: *mut *mut EVP_PKEY,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut EVP_PKEY;
    pub fn RSA_up_ref(r: *mut RSA) -> c_int;
    pub fn RSA_free(r: *mut RSA);
    pub fn d2i_RSAPrivateKey(a: *mut *mut RSA, pp: *mut *const c_uchar, len: c_long) -> *mut RSA;
    pub fn d2i_RSAPrivateKey_bio(b: *mut BIO, a: *mut *mut RSA) -> *mut RSA;
    pub fn PEM_read_bio_RSAPrivateKey(
        b: *mut BIO,
        x: *mut *mut RSA,
        cb: *mut pem_password_cb,
        u: *mut c_void,
    ) -> *mut RSA;
    pub fn OBJ_nid2sn(n: c_int) -> *const c_char;
    pub fn OBJ_nid2ln(n: c_int) -> *const c_char;

    pub fn OPENSSL_sk_new_null() -> *mut c_void;
    pub fn OPENSSL_sk_num(sk: *const c_void) -> c_int;
    pub fn OPENSSL_sk_value(sk: *const c_void, i: c_int) -> *mut c_void;
    pub fn OPENSSL_sk_push(sk: *mut c_void, v: *const c_void) -> c_int;
    pub fn OPENSSL_sk_pop_free(sk: *mut c_void, f: unsafe extern "C" fn(*mut c_void));
    pub fn OPENSSL_sk_free(sk: *mut c_void);
    pub fn OPENSSL_sk_find(sk: *mut c_void, v: *const c_void) -> c_int;
    pub fn OPENSSL_sk_set_cmp_func(sk: *mut c_void, c: *const c_void) -> *const c_void;
    pub fn OPENSSL_sk_new_reserve(c: *const c_void, n: c_int) -> *mut c_void;
    pub fn X509_NAME_dup(n: *const X509_NAME) -> *mut X509_NAME;
    pub fn X509_NAME_free(n: *mut X509_NAME);
    pub fn X509_NAME_cmp(a: *const X509_NAME, b: *const X509_NAME) -> c_int;

    pub fn X509_STORE_new() -> *mut X509_STORE;
    pub fn X509_STORE_free(s: *mut X509_STORE);
    pub fn X509_STORE_up_ref(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_load_file(s: *mut X509_STORE, file: *const c_char) -> c_int;
    pub fn X509_STORE_load_path(s: *mut X509_STORE, path: *const c_char) -> c_int;
    pub fn X509_STORE_load_store(s: *mut X509_STORE, uri: *const c_char) -> c_int;
    pub fn X509_STORE_set_default_paths(s: *mut X509_STORE) -> c_int;
    pub fn X509_STORE_add_lookup(
        s: *mut X509_STORE,
        m: *mut X509_LOOKUP_METHOD,
    ) -> *mut X509_LOOKUP;
    pub fn X509_LOOKUP_hash_dir() -> *mut X509_LOOKUP_METHOD;
    pub fn X509_LOOKUP_file() -> *mut X509_LOOKUP_METHOD;
    pub fn X509_LOOKUP_store() -> *mut X509_LOOKUP_METHOD;
    pub fn X509_LOOKUP_ctrl(
        l: *mut X509_LOOKUP,
        cmd: c_int,
        argc: *const c_char,
        argl: c_long,
        ret: *mut *mut c_char,
    ) -> c_int;
    pub fn CRYPTO_get_ex_new_index(
        class_index: c_int,
        argl: c_long,
        argp: *mut c_void,
        new_func: *const c_void,
        dup_func: *const c_void,
        free_func: *const c_void,
    ) -> c_int;

    pub fn X509_VERIFY_PARAM_new() -> *mut X509_VERIFY_PARAM;
    pub fn X509_VERIFY_PARAM_free(p: *mut X509_VERIFY_PARAM);
    pub fn X509_VERIFY_PARAM_inherit(
        to: *mut X509_VERIFY_PARAM,
        from: *const X509_VERIFY_PARAM,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set1(
        to: *mut X509_VERIFY_PARAM,
        from: *const X509_VERIFY_PARAM,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set_depth(p: *mut X509_VERIFY_PARAM, depth: c_int);
    pub fn X509_VERIFY_PARAM_get_depth(p: *const X509_VERIFY_PARAM) -> c_int;
    pub fn X509_VERIFY_PARAM_set_purpose(p: *mut X509_VERIFY_PARAM, purpose: c_int) -> c_int;
    pub fn X509_VERIFY_PARAM_set_trust(p: *mut X509_VERIFY_PARAM, trust: c_int) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_host(
        p: *mut X509_VERIFY_PARAM,
        name: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_add1_host(
        p: *mut X509_VERIFY_PARAM,
        name: *const c_char,
        len: usize,
    ) -> c_int;
    pub fn X509_VERIFY_PARAM_set1_ip_asc(p: *mut X509_VERIFY_PARAM, ip: *const c_char) -> c_int;
    pub fn X509_VERIFY_PARAM_get1_ip_asc(p: *mut X509_VERIFY_PARAM) -> *mut c_char;
    pub fn a2i_IPADDRESS(ipasc: *const c_char) -> *mut ASN1_OCTET_STRING;
    pub fn ASN1_OCTET_STRING_free(a: *mut ASN1_OCTET_STRING);
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn X509_VERIFY_PARAM_set_hostflags(p: *mut X509_VERIFY_PARAM, flags: std::os::raw::c_uint);
    pub fn X509_VERIFY_PARAM_get0_peername(p: *const X509_VERIFY_PARAM) -> *mut c_char;
}

/// `BIO_read_filename`: a macro over `BIO_ctrl` in OpenSSL's headers.
pub unsafe fn bio_read_filename(b: *mut BIO, name: *const c_char) -> c_long {
    const BIO_C_SET_FILENAME: c_int = 108;
    const BIO_CLOSE: c_long = 0x01;
    const BIO_FP_READ: c_long = 0x02;
    BIO_ctrl(
        b,
        BIO_C_SET_FILENAME,
        BIO_CLOSE | BIO_FP_READ,
        name as *mut c_void,
    )
}

/// `X509_NAME_free` with the signature `OPENSSL_sk_pop_free` takes.
pub unsafe extern "C" fn free_name(p: *mut c_void) {
    X509_NAME_free(p as *mut X509_NAME)
}

/// `X509_free` with the signature `OPENSSL_sk_pop_free` takes.
pub unsafe extern "C" fn free_x509(p: *mut c_void) {
    X509_free(p as *mut X509)
}
