//! `SSL_CTRL_*` commands of `<openssl/ssl.h>` and `<openssl/tls1.h>`, and the
//! other constants of the ctrl family, with OpenSSL's values.

#![allow(non_upper_case_globals)]

use std::os::raw::{c_int, c_long};

pub const DTLS_CTRL_GET_LINK_MIN_MTU: c_int = 121;
pub const DTLS_CTRL_GET_TIMEOUT: c_int = 73;
pub const DTLS_CTRL_HANDLE_TIMEOUT: c_int = 74;
pub const DTLS_CTRL_SET_LINK_MTU: c_int = 120;
pub const SSL_CTRL_BUILD_CERT_CHAIN: c_int = 105;
pub const SSL_CTRL_CERT_FLAGS: c_int = 99;
pub const SSL_CTRL_CHAIN: c_int = 88;
pub const SSL_CTRL_CHAIN_CERT: c_int = 89;
pub const SSL_CTRL_CLEAR_CERT_FLAGS: c_int = 100;
pub const SSL_CTRL_CLEAR_EXTRA_CHAIN_CERTS: c_int = 83;
pub const SSL_CTRL_CLEAR_MODE: c_int = 78;
pub const SSL_CTRL_CLEAR_NUM_RENEGOTIATIONS: c_int = 11;
pub const SSL_CTRL_EXTRA_CHAIN_CERT: c_int = 14;
pub const SSL_CTRL_GET_CHAIN_CERTS: c_int = 115;
pub const SSL_CTRL_GET_CHAIN_CERT_STORE: c_int = 138;
pub const SSL_CTRL_GET_CLIENT_CERT_REQUEST: c_int = 9;
pub const SSL_CTRL_GET_CLIENT_CERT_TYPES: c_int = 103;
pub const SSL_CTRL_GET_EC_POINT_FORMATS: c_int = 111;
pub const SSL_CTRL_GET_EXTMS_SUPPORT: c_int = 122;
pub const SSL_CTRL_GET_EXTRA_CHAIN_CERTS: c_int = 82;
pub const SSL_CTRL_GET_FLAGS: c_int = 13;
pub const SSL_CTRL_GET_GROUPS: c_int = 90;
pub const SSL_CTRL_GET_MAX_CERT_LIST: c_int = 50;
pub const SSL_CTRL_GET_MAX_PROTO_VERSION: c_int = 131;
pub const SSL_CTRL_GET_MIN_PROTO_VERSION: c_int = 130;
pub const SSL_CTRL_GET_NEGOTIATED_GROUP: c_int = 134;
pub const SSL_CTRL_GET_NUM_RENEGOTIATIONS: c_int = 10;
pub const SSL_CTRL_GET_PEER_SIGNATURE_NID: c_int = 108;
pub const SSL_CTRL_GET_PEER_TMP_KEY: c_int = 109;
pub const SSL_CTRL_GET_RAW_CIPHERLIST: c_int = 110;
pub const SSL_CTRL_GET_READ_AHEAD: c_int = 40;
pub const SSL_CTRL_GET_RI_SUPPORT: c_int = 76;
pub const SSL_CTRL_GET_SHARED_GROUP: c_int = 93;
pub const SSL_CTRL_GET_SIGNATURE_NID: c_int = 132;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB: c_int = 128;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 129;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_EXTS: c_int = 66;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_IDS: c_int = 68;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_OCSP_RESP: c_int = 70;
pub const SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE: c_int = 127;
pub const SSL_CTRL_GET_TLSEXT_TICKET_KEYS: c_int = 58;
pub const SSL_CTRL_GET_TMP_KEY: c_int = 133;
pub const SSL_CTRL_GET_TOTAL_RENEGOTIATIONS: c_int = 12;
pub const SSL_CTRL_GET_VERIFY_CERT_STORE: c_int = 137;
pub const SSL_CTRL_MODE: c_int = 33;
pub const SSL_CTRL_SELECT_CURRENT_CERT: c_int = 116;
pub const SSL_CTRL_SET_CHAIN_CERT_STORE: c_int = 107;
pub const SSL_CTRL_SET_CLIENT_CERT_TYPES: c_int = 104;
pub const SSL_CTRL_SET_CLIENT_SIGALGS: c_int = 101;
pub const SSL_CTRL_SET_CLIENT_SIGALGS_LIST: c_int = 102;
pub const SSL_CTRL_SET_CURRENT_CERT: c_int = 117;
pub const SSL_CTRL_SET_DH_AUTO: c_int = 118;
pub const SSL_CTRL_SET_GROUPS: c_int = 91;
pub const SSL_CTRL_SET_GROUPS_LIST: c_int = 92;
pub const SSL_CTRL_SET_MAX_CERT_LIST: c_int = 51;
pub const SSL_CTRL_SET_MAX_PIPELINES: c_int = 126;
pub const SSL_CTRL_SET_MAX_PROTO_VERSION: c_int = 124;
pub const SSL_CTRL_SET_MAX_SEND_FRAGMENT: c_int = 52;
pub const SSL_CTRL_SET_MIN_PROTO_VERSION: c_int = 123;
pub const SSL_CTRL_SET_MSG_CALLBACK: c_int = 15;
pub const SSL_CTRL_SET_MSG_CALLBACK_ARG: c_int = 16;
pub const SSL_CTRL_SET_MTU: c_int = 17;
pub const SSL_CTRL_SET_NOT_RESUMABLE_SESS_CB: c_int = 79;
pub const SSL_CTRL_SET_READ_AHEAD: c_int = 41;
pub const SSL_CTRL_SET_RETRY_VERIFY: c_int = 136;
pub const SSL_CTRL_SET_SIGALGS: c_int = 97;
pub const SSL_CTRL_SET_SIGALGS_LIST: c_int = 98;
pub const SSL_CTRL_SET_SPLIT_SEND_FRAGMENT: c_int = 125;
pub const SSL_CTRL_SET_SRP_ARG: c_int = 78;
pub const SSL_CTRL_SET_SRP_GIVE_CLIENT_PWD_CB: c_int = 77;
pub const SSL_CTRL_SET_SRP_VERIFY_PARAM_CB: c_int = 76;
pub const SSL_CTRL_SET_TLSEXT_DEBUG_ARG: c_int = 57;
pub const SSL_CTRL_SET_TLSEXT_DEBUG_CB: c_int = 56;
pub const SSL_CTRL_SET_TLSEXT_HOSTNAME: c_int = 55;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_ARG: c_int = 54;
pub const SSL_CTRL_SET_TLSEXT_SERVERNAME_CB: c_int = 53;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB: c_int = 63;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_CB_ARG: c_int = 64;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_EXTS: c_int = 67;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_IDS: c_int = 69;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_OCSP_RESP: c_int = 71;
pub const SSL_CTRL_SET_TLSEXT_STATUS_REQ_TYPE: c_int = 65;
pub const SSL_CTRL_SET_TLSEXT_TICKET_KEYS: c_int = 59;
pub const SSL_CTRL_SET_TLSEXT_TICKET_KEY_CB: c_int = 72;
pub const SSL_CTRL_SET_TLS_EXT_SRP_PASSWORD: c_int = 81;
pub const SSL_CTRL_SET_TLS_EXT_SRP_STRENGTH: c_int = 80;
pub const SSL_CTRL_SET_TLS_EXT_SRP_USERNAME: c_int = 79;
pub const SSL_CTRL_SET_TLS_EXT_SRP_USERNAME_CB: c_int = 75;
pub const SSL_CTRL_SET_TMP_DH: c_int = 3;
pub const SSL_CTRL_SET_TMP_DH_CB: c_int = 6;
pub const SSL_CTRL_SET_TMP_ECDH: c_int = 4;
pub const SSL_CTRL_SET_VERIFY_CERT_STORE: c_int = 106;

pub const DTLS1_VERSION: c_int = 0xFEFF;
pub const DTLS1_2_VERSION: c_int = 0xFEFD;
pub const DTLS1_BAD_VER: c_int = 0x0100;
pub const DTLS_ANY_VERSION: c_int = 0x1FFFF;

pub const SSL_MODE_ENABLE_PARTIAL_WRITE: c_long = 0x1;
pub const SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER: c_long = 0x2;
pub const SSL_MODE_AUTO_RETRY: c_long = 0x4;
pub const SSL_MODE_NO_AUTO_CHAIN: c_long = 0x8;
pub const SSL_MODE_RELEASE_BUFFERS: c_long = 0x10;
pub const SSL_MODE_SEND_CLIENTHELLO_TIME: c_long = 0x20;
pub const SSL_MODE_SEND_SERVERHELLO_TIME: c_long = 0x40;
pub const SSL_MODE_SEND_FALLBACK_SCSV: c_long = 0x80;
pub const SSL_MODE_ASYNC: c_long = 0x100;

pub const SSL_OP_NO_EXTENDED_MASTER_SECRET: u64 = 0x1;
pub const SSL_OP_CLEANSE_PLAINTEXT: u64 = 0x2;
pub const SSL_OP_LEGACY_SERVER_CONNECT: u64 = 0x4;
pub const SSL_OP_ENABLE_KTLS: u64 = 0x8;
pub const SSL_OP_TLSEXT_PADDING: u64 = 0x10;
pub const SSL_OP_SAFARI_ECDHE_ECDSA_BUG: u64 = 0x40;
pub const SSL_OP_IGNORE_UNEXPECTED_EOF: u64 = 0x80;
pub const SSL_OP_ALLOW_CLIENT_RENEGOTIATION: u64 = 0x100;
pub const SSL_OP_DISABLE_TLSEXT_CA_NAMES: u64 = 0x200;
pub const SSL_OP_ALLOW_NO_DHE_KEX: u64 = 0x400;
pub const SSL_OP_DONT_INSERT_EMPTY_FRAGMENTS: u64 = 0x800;
pub const SSL_OP_NO_QUERY_MTU: u64 = 0x1000;
pub const SSL_OP_COOKIE_EXCHANGE: u64 = 0x2000;
pub const SSL_OP_NO_TICKET: u64 = 0x4000;
pub const SSL_OP_CISCO_ANYCONNECT: u64 = 0x8000;
pub const SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION: u64 = 0x10000;
pub const SSL_OP_NO_COMPRESSION: u64 = 0x20000;
pub const SSL_OP_ALLOW_UNSAFE_LEGACY_RENEGOTIATION: u64 = 0x40000;
pub const SSL_OP_NO_ENCRYPT_THEN_MAC: u64 = 0x80000;
pub const SSL_OP_ENABLE_MIDDLEBOX_COMPAT: u64 = 0x100000;
pub const SSL_OP_PRIORITIZE_CHACHA: u64 = 0x200000;
pub const SSL_OP_CIPHER_SERVER_PREFERENCE: u64 = 0x400000;
pub const SSL_OP_TLS_ROLLBACK_BUG: u64 = 0x800000;
pub const SSL_OP_NO_ANTI_REPLAY: u64 = 0x1000000;
pub const SSL_OP_NO_SSLv3: u64 = 0x2000000;
pub const SSL_OP_NO_TLSv1: u64 = 0x4000000;
pub const SSL_OP_NO_TLSv1_2: u64 = 0x8000000;
pub const SSL_OP_NO_TLSv1_1: u64 = 0x10000000;
pub const SSL_OP_NO_TLSv1_3: u64 = 0x20000000;
pub const SSL_OP_NO_DTLSv1: u64 = 0x4000000;
pub const SSL_OP_NO_DTLSv1_2: u64 = 0x8000000;
pub const SSL_OP_NO_RENEGOTIATION: u64 = 0x40000000;
pub const SSL_OP_CRYPTOPRO_TLSEXT_BUG: u64 = 0x80000000;
/// OpenSSL 3.0's SSL_OP_ALL (without SSL_OP_LEGACY_SERVER_CONNECT).
pub const SSL_OP_ALL: u64 = 0x80000850;

pub const SSL_CERT_SET_FIRST: c_int = 1;
pub const SSL_CERT_SET_NEXT: c_int = 2;
pub const SSL_CERT_SET_SERVER: c_int = 3;

/// `SSL_CTX_build_cert_chain`'s flags.
pub const SSL_BUILD_CHAIN_FLAG_UNTRUSTED: c_int = 0x1;
pub const SSL_BUILD_CHAIN_FLAG_NO_ROOT: c_int = 0x2;
pub const SSL_BUILD_CHAIN_FLAG_CHECK: c_int = 0x4;
pub const SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR: c_int = 0x8;
pub const SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR: c_int = 0x10;

pub const TLSEXT_NAMETYPE_host_name: c_int = 0;
pub const TLSEXT_STATUSTYPE_ocsp: c_int = 1;
pub const TLSEXT_MAXLEN_host_name: usize = 255;
pub const TLSEXT_max_fragment_length_DISABLED: c_int = 0;
pub const TLSEXT_max_fragment_length_512: c_int = 1;
pub const TLSEXT_max_fragment_length_1024: c_int = 2;
pub const TLSEXT_max_fragment_length_2048: c_int = 3;
pub const TLSEXT_max_fragment_length_4096: c_int = 4;

/// Reasons the ctrl family raises (`<openssl/sslerr.h>`; the common `ERR_R_`
/// ones of `<openssl/err.h>` stay out of the header, which libcrypto's defines).
pub(crate) const ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: c_int = 257 | (0x3 << 18);
pub(crate) const ERR_R_PASSED_NULL_PARAMETER: c_int = 258 | (0x3 << 18);
pub const SSL_R_BAD_LENGTH: c_int = 271;
pub const SSL_R_NO_CERTIFICATE_SET: c_int = 179;
pub const SSL_R_CA_KEY_TOO_SMALL: c_int = 397;
pub const SSL_R_INVALID_TICKET_KEYS_LENGTH: c_int = 325;
pub const SSL_R_SSL3_EXT_INVALID_SERVERNAME: c_int = 319;
pub const SSL_R_SSL3_EXT_INVALID_SERVERNAME_TYPE: c_int = 320;
pub const SSL_R_SSL3_EXT_INVALID_MAX_FRAGMENT_LENGTH: c_int = 232;
pub const SSL_R_MISSING_PARAMETERS: c_int = 290;

/// The certificate flags of `SSL_CTX_set_cert_flags` / `SSL_set_cert_flags`
/// (`SSL_CTRL_CERT_FLAGS`).
pub const SSL_CERT_FLAG_TLS_STRICT: u32 = 0x0000_0001;
pub const SSL_CERT_FLAG_SUITEB_128_LOS_ONLY: u32 = 0x10000;
pub const SSL_CERT_FLAG_SUITEB_192_LOS: u32 = 0x20000;
pub const SSL_CERT_FLAG_SUITEB_128_LOS: u32 = 0x30000;
pub const SSL_CERT_FLAG_BROKEN_PROTOCOL: u32 = 0x1000_0000;
