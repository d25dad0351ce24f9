//! The C side the fleet talks to: the public libssl and libcrypto ABI of
//! OpenSSL 3.0 (so the library runs inside programs on the system OpenSSL and
//! on sessl alike). Functions the LD_PRELOAD layer interposes are NOT declared
//! here: calling them by name would call our own definitions; `preload::real`
//! finds the next definition instead.

#![allow(non_camel_case_types)]

use libc::{c_char, c_int, c_long, c_uchar, c_uint, c_void, size_t};

pub enum SSL_CTX {}
pub enum SSL {}
pub enum SSL_SESSION {}
pub enum SSL_METHOD {}
pub enum OSSL_LIB_CTX {}
pub enum EVP_CIPHER_CTX {}
pub enum EVP_CIPHER {}
pub enum EVP_MAC_CTX {}
pub enum EVP_MD {}
pub enum ENGINE {}

pub type NewSessionCb = Option<unsafe extern "C" fn(*mut SSL, *mut SSL_SESSION) -> c_int>;
pub type GetSessionCb =
    Option<unsafe extern "C" fn(*mut SSL, *const c_uchar, c_int, *mut c_int) -> *mut SSL_SESSION>;
pub type RemoveSessionCb = Option<unsafe extern "C" fn(*mut SSL_CTX, *mut SSL_SESSION)>;
pub type TicketKeyEvpCb = Option<
    unsafe extern "C" fn(
        *mut SSL,
        *mut c_uchar,
        *mut c_uchar,
        *mut EVP_CIPHER_CTX,
        *mut EVP_MAC_CTX,
        c_int,
    ) -> c_int,
>;
pub type ExFreeCb =
    Option<unsafe extern "C" fn(*mut c_void, *mut c_void, *mut c_void, c_int, c_long, *mut c_void)>;

pub const TLS1_2_VERSION: c_int = 0x0303;
pub const TLS1_3_VERSION: c_int = 0x0304;
pub const SSL_SESS_CACHE_SERVER: c_long = 0x0002;
pub const SSL_SESS_CACHE_NO_INTERNAL: c_long = 0x0300;
pub const SSL_CTRL_SESS_HIT: c_int = 27;
pub const SSL_CTRL_SESS_CB_HIT: c_int = 28;
pub const SSL_CTRL_SESS_MISSES: c_int = 29;
pub const SSL_CTRL_SET_SESS_CACHE_MODE: c_int = 44;
pub const SSL_CTRL_GET_SESS_CACHE_MODE: c_int = 45;
pub const SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB: c_int = 72;
pub const SSL_OP_NO_TICKET: u64 = 1 << 14;
pub const SSL_OP_NO_ANTI_REPLAY: u64 = 1 << 24;
pub const CRYPTO_EX_INDEX_SSL_CTX: c_int = 1;
pub const EVP_CTRL_GCM_SET_IVLEN: c_int = 0x9;
pub const EVP_CTRL_GCM_GET_TAG: c_int = 0x10;
pub const EVP_CTRL_GCM_SET_TAG: c_int = 0x11;
pub const OSSL_PARAM_UTF8_STRING: c_uint = 4;
pub const OSSL_PARAM_OCTET_STRING: c_uint = 5;

/// OpenSSL 3.0's OSSL_PARAM, laid out as in <openssl/core.h>.
#[repr(C)]
pub struct OSSL_PARAM {
    pub key: *const c_char,
    pub data_type: c_uint,
    pub data: *mut c_void,
    pub data_size: size_t,
    pub return_size: size_t,
}

#[link(name = "ssl")]
extern "C" {
    pub fn SSL_is_server(s: *const SSL) -> c_int;
    pub fn SSL_version(s: *const SSL) -> c_int;
    pub fn SSL_get_SSL_CTX(s: *const SSL) -> *mut SSL_CTX;
    pub fn SSL_get_options(s: *const SSL) -> u64;
    pub fn SSL_get_max_early_data(s: *const SSL) -> u32;
    pub fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const c_uchar;
    pub fn SSL_SESSION_get0_id_context(s: *const SSL_SESSION, len: *mut c_uint) -> *const c_uchar;
    pub fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int;
    pub fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long;
    pub fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long;
    pub fn i2d_SSL_SESSION(s: *const SSL_SESSION, pp: *mut *mut c_uchar) -> c_int;
    pub fn d2i_SSL_SESSION(
        a: *mut *mut SSL_SESSION,
        pp: *mut *const c_uchar,
        len: c_long,
    ) -> *mut SSL_SESSION;
    pub fn SSL_SESSION_free(s: *mut SSL_SESSION);
    pub fn SSL_CTX_get_ex_data(ctx: *const SSL_CTX, idx: c_int) -> *mut c_void;
    pub fn SSL_CTX_set_ex_data(ctx: *mut SSL_CTX, idx: c_int, data: *mut c_void) -> c_int;
    pub fn SSL_CTX_sess_get_new_cb(ctx: *mut SSL_CTX) -> NewSessionCb;
    pub fn SSL_CTX_sess_get_get_cb(ctx: *mut SSL_CTX) -> GetSessionCb;
    pub fn SSL_CTX_sess_get_remove_cb(ctx: *mut SSL_CTX) -> RemoveSessionCb;
    pub fn SSL_CTX_get_timeout(ctx: *const SSL_CTX) -> c_long;
}

#[link(name = "crypto")]
extern "C" {
    pub fn CRYPTO_get_ex_new_index(
        class_index: c_int,
        argl: c_long,
        argp: *mut c_void,
        new_func: *mut c_void,
        dup_func: *mut c_void,
        free_func: ExFreeCb,
    ) -> c_int;
    pub fn CRYPTO_free(p: *mut c_void, file: *const c_char, line: c_int);
    pub fn RAND_bytes(buf: *mut c_uchar, num: c_int) -> c_int;
    pub fn OPENSSL_init_crypto(opts: u64, settings: *const c_void) -> c_int;
    pub fn EVP_CIPHER_CTX_new() -> *mut EVP_CIPHER_CTX;
    pub fn EVP_CIPHER_CTX_free(c: *mut EVP_CIPHER_CTX);
    pub fn EVP_CIPHER_CTX_ctrl(c: *mut EVP_CIPHER_CTX, t: c_int, a: c_int, p: *mut c_void)
        -> c_int;
    pub fn EVP_aes_256_gcm() -> *const EVP_CIPHER;
    pub fn EVP_aes_256_cbc() -> *const EVP_CIPHER;
    pub fn EVP_CipherInit_ex(
        c: *mut EVP_CIPHER_CTX,
        cipher: *const EVP_CIPHER,
        engine: *mut ENGINE,
        key: *const c_uchar,
        iv: *const c_uchar,
        enc: c_int,
    ) -> c_int;
    pub fn EVP_CipherUpdate(
        c: *mut EVP_CIPHER_CTX,
        out: *mut c_uchar,
        outl: *mut c_int,
        inp: *const c_uchar,
        inl: c_int,
    ) -> c_int;
    pub fn EVP_CipherFinal_ex(c: *mut EVP_CIPHER_CTX, out: *mut c_uchar, outl: *mut c_int)
        -> c_int;
    pub fn EVP_sha256() -> *const EVP_MD;
    pub fn EVP_Digest(
        data: *const c_void,
        count: size_t,
        md: *mut c_uchar,
        size: *mut c_uint,
        t: *const EVP_MD,
        engine: *mut ENGINE,
    ) -> c_int;
    pub fn EVP_MAC_CTX_set_params(c: *mut EVP_MAC_CTX, params: *const OSSL_PARAM) -> c_int;
}

/// OPENSSL_free, a macro in C.
pub unsafe fn openssl_free(p: *mut c_void) {
    CRYPTO_free(p, c"sessl-fleet".as_ptr(), 0);
}
