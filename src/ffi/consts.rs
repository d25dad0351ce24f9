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

/// `ERR_R_MALLOC_FAILURE` (a common reason, flagged fatal).
pub(crate) const ERR_R_MALLOC_FAILURE: c_int = 256 | (0x3 << 18);

// Reason codes of `<openssl/sslerr.h>` that sessl raises.
pub const SSL_R_NULL_SSL_CTX: c_int = 195;
pub const SSL_R_NULL_SSL_METHOD_PASSED: c_int = 196;
pub const SSL_R_LIBRARY_HAS_NO_CIPHERS: c_int = 161;
pub const SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG: c_int = 273;
pub const SSL_R_SSL_SESSION_ID_TOO_LONG: c_int = 408;
pub const SSL_R_NO_CIPHER_MATCH: c_int = 185;
pub const SSL_R_SSL_LIBRARY_HAS_NO_CIPHERS: c_int = 230;
pub const SSL_R_AT_LEAST_TLS_1_2_NEEDED_IN_SUITEB_MODE: c_int = 158;
pub const SSL_R_INVALID_COMMAND: c_int = 280;
pub const SSL_R_NO_CIPHERS_SPECIFIED: c_int = 183;
pub const SSL_R_ERROR_IN_RECEIVED_CIPHER_LIST: c_int = 151;

/// sessl's own `ERR_LIB_SSL` reason, unused by OpenSSL 3.0: a call that would
/// start the TLS handshake or use the record layer. The error's data names the
/// function: "sessl performs no TLS handshake: SSL_connect".
pub const SESSL_R_NO_TLS_HANDSHAKE: c_int = 950;

// Session cache modes (`SSL_CTX_set_session_cache_mode`).
pub const SSL_SESS_CACHE_OFF: c_long = 0x0000;
pub const SSL_SESS_CACHE_CLIENT: c_long = 0x0001;
pub const SSL_SESS_CACHE_SERVER: c_long = 0x0002;
pub const SSL_SESS_CACHE_BOTH: c_long = SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_SERVER;
pub const SSL_SESS_CACHE_NO_AUTO_CLEAR: c_long = 0x0080;
pub const SSL_SESS_CACHE_NO_INTERNAL_LOOKUP: c_long = 0x0100;
pub const SSL_SESS_CACHE_NO_INTERNAL_STORE: c_long = 0x0200;
pub const SSL_SESS_CACHE_NO_INTERNAL: c_long =
    SSL_SESS_CACHE_NO_INTERNAL_LOOKUP | SSL_SESS_CACHE_NO_INTERNAL_STORE;
pub const SSL_SESS_CACHE_UPDATE_TIME: c_long = 0x0400;

// `SSL_CTX_ctrl` commands of the session cache.
pub const SSL_CTRL_SESS_NUMBER: c_int = 20;
pub const SSL_CTRL_SESS_CONNECT: c_int = 21;
pub const SSL_CTRL_SESS_CONNECT_GOOD: c_int = 22;
pub const SSL_CTRL_SESS_CONNECT_RENEGOTIATE: c_int = 23;
pub const SSL_CTRL_SESS_ACCEPT: c_int = 24;
pub const SSL_CTRL_SESS_ACCEPT_GOOD: c_int = 25;
pub const SSL_CTRL_SESS_ACCEPT_RENEGOTIATE: c_int = 26;
pub const SSL_CTRL_SESS_HIT: c_int = 27;
pub const SSL_CTRL_SESS_CB_HIT: c_int = 28;
pub const SSL_CTRL_SESS_MISSES: c_int = 29;
pub const SSL_CTRL_SESS_TIMEOUTS: c_int = 30;
pub const SSL_CTRL_SESS_CACHE_FULL: c_int = 31;
pub const SSL_CTRL_SET_SESS_CACHE_SIZE: c_int = 42;
pub const SSL_CTRL_GET_SESS_CACHE_SIZE: c_int = 43;
pub const SSL_CTRL_SET_SESS_CACHE_MODE: c_int = 44;
pub const SSL_CTRL_GET_SESS_CACHE_MODE: c_int = 45;

// Reasons of `<openssl/sslerr.h>` that the I/O and handshake calls raise.
pub const SSL_R_BAD_LENGTH: c_int = 271;
pub const SSL_R_BIO_NOT_SET: c_int = 128;
pub const SSL_R_CONNECTION_TYPE_NOT_SET: c_int = 144;
pub const SSL_R_PROTOCOL_IS_SHUTDOWN: c_int = 207;
pub const SSL_R_SHUTDOWN_WHILE_IN_INIT: c_int = 407;
pub const SSL_R_UNINITIALIZED: c_int = 276;
pub const SSL_R_UNSUPPORTED_SSL_VERSION: c_int = 259;
pub const SSL_R_WRONG_SSL_VERSION: c_int = 266;

// `SSL_get_error` results.
pub const SSL_ERROR_NONE: c_int = 0;
pub const SSL_ERROR_SSL: c_int = 1;
pub const SSL_ERROR_WANT_READ: c_int = 2;
pub const SSL_ERROR_WANT_WRITE: c_int = 3;
pub const SSL_ERROR_WANT_X509_LOOKUP: c_int = 4;
pub const SSL_ERROR_SYSCALL: c_int = 5;
pub const SSL_ERROR_ZERO_RETURN: c_int = 6;
pub const SSL_ERROR_WANT_CONNECT: c_int = 7;
pub const SSL_ERROR_WANT_ACCEPT: c_int = 8;
pub const SSL_ERROR_WANT_ASYNC: c_int = 9;
pub const SSL_ERROR_WANT_ASYNC_JOB: c_int = 10;
pub const SSL_ERROR_WANT_CLIENT_HELLO_CB: c_int = 11;
pub const SSL_ERROR_WANT_RETRY_VERIFY: c_int = 12;

// `SSL_want` results.
pub const SSL_NOTHING: c_int = 1;
pub const SSL_WRITING: c_int = 2;
pub const SSL_READING: c_int = 3;
pub const SSL_X509_LOOKUP: c_int = 4;
pub const SSL_ASYNC_PAUSED: c_int = 5;
pub const SSL_ASYNC_NO_JOBS: c_int = 6;
pub const SSL_CLIENT_HELLO_CB: c_int = 7;
pub const SSL_RETRY_VERIFY: c_int = 8;

// Key update types, early-data status and `SSL_read_early_data` results.
pub const SSL_KEY_UPDATE_NONE: c_int = -1;
pub const SSL_KEY_UPDATE_NOT_REQUESTED: c_int = 0;
pub const SSL_KEY_UPDATE_REQUESTED: c_int = 1;
pub const SSL_EARLY_DATA_NOT_SENT: c_int = 0;
pub const SSL_EARLY_DATA_REJECTED: c_int = 1;
pub const SSL_EARLY_DATA_ACCEPTED: c_int = 2;
pub const SSL_READ_EARLY_DATA_ERROR: c_int = 0;
pub const SSL_READ_EARLY_DATA_SUCCESS: c_int = 1;
pub const SSL_READ_EARLY_DATA_FINISH: c_int = 2;
