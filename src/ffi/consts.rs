//! Constants that OpenSSL's `<openssl/ssl.h>` (and the headers it includes) define
//! as macros, with OpenSSL's values; cbindgen writes each as a `#define`.
//! A C test prints them against both headers.

use std::os::raw::{c_int, c_long};

/// `SSL_MAX_SSL_SESSION_ID_LENGTH`.
pub const SSL_MAX_SSL_SESSION_ID_LENGTH: c_int = 32;
/// `SSL_MAX_SID_CTX_LENGTH`.
pub const SSL_MAX_SID_CTX_LENGTH: c_int = 32;
/// `SSL_MAX_MASTER_KEY_LENGTH`: the header's value; the library accepts up to 512.
pub const SSL_MAX_MASTER_KEY_LENGTH: c_int = 48;

pub const SSL_SENT_SHUTDOWN: c_int = 1;
pub const SSL_RECEIVED_SHUTDOWN: c_int = 2;

pub const SSL3_VERSION: c_int = 0x0300;
pub const TLS1_VERSION: c_int = 0x0301;
pub const TLS1_1_VERSION: c_int = 0x0302;
pub const TLS1_2_VERSION: c_int = 0x0303;
pub const TLS1_3_VERSION: c_int = 0x0304;
pub const TLS_ANY_VERSION: c_int = 0x10000;

pub const SSL_SESSION_CACHE_MAX_SIZE_DEFAULT: c_long = 1024 * 20;

/// `ERR_LIB_SSL`: the library code of every error sessl queues.
pub const ERR_LIB_SSL: c_int = 20;

// Reason codes of `<openssl/sslerr.h>` that sessl raises.
pub const SSL_R_NULL_SSL_CTX: c_int = 195;
pub const SSL_R_NULL_SSL_METHOD_PASSED: c_int = 196;
pub const SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG: c_int = 273;
pub const SSL_R_SSL_SESSION_ID_TOO_LONG: c_int = 408;
