//! `SSL_METHOD`: which roles a context's connections may take.
//!
//! Every method of OpenSSL 3.0 exists: the version-flexible TLS and DTLS ones
//! and the fixed-version ones. They differ in role, in the version a new
//! connection reports and in whether protocol bounds can be set.

/// What `SSL_version` reports before a handshake has picked a version: the
/// highest version the method supports (OpenSSL 3.0 sets TLS 1.3 for the
/// version-flexible methods, not `TLS_ANY_VERSION`).
pub(crate) const TLS_MAX_VERSION: i32 = 0x0304;
/// The session timeout of the TLS methods (`SSL_get_default_timeout`, and a new
/// context's timeout): 7200 seconds, not the 300 the manual says.
pub(crate) const TLS_DEFAULT_TIMEOUT: i64 = 7200;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// `TLS_method`: client or server.
    Either,
    /// `TLS_client_method`.
    Client,
    /// `TLS_server_method`.
    Server,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Method {
    pub role: Role,
    /// What `SSL_version` reports before a handshake.
    pub version: i32,
    /// OpenSSL's `method->version`: `TLS_ANY_VERSION`, `DTLS_ANY_VERSION` or
    /// the one version of a fixed-version method (`SSL_client_version` of a new
    /// connection; only the flexible ones take protocol bounds).
    pub protocol: i32,
    pub dtls: bool,
    pub default_timeout: i64,
}

impl Method {
    /// Whether a connection of this method can accept (be a server). OpenSSL makes
    /// a new connection a server exactly when its method can accept.
    pub fn can_accept(&self) -> bool {
        self.role != Role::Client
    }

    /// Whether the method has TLS 1.2's suites (OpenSSL's
    /// `SSL_ENC_FLAG_TLS1_2_CIPHERS`): all but TLS 1.0, TLS 1.1 and DTLS 1.0.
    pub fn has_tls12_ciphers(&self) -> bool {
        !matches!(self.protocol, 0x0301 | 0x0302 | DTLS1)
    }
}

const fn method(role: Role, version: i32, protocol: i32, dtls: bool) -> Method {
    Method {
        role,
        version,
        protocol,
        dtls,
        default_timeout: TLS_DEFAULT_TIMEOUT,
    }
}

const TLS_ANY: i32 = 0x10000;
const DTLS_ANY: i32 = 0x1FFFF;
/// `DTLS_MAX_VERSION`: what a version-flexible DTLS connection reports.
const DTLS1_2: i32 = 0xFEFD;
const DTLS1: i32 = 0xFEFF;

pub static TLS_METHOD: Method = method(Role::Either, TLS_MAX_VERSION, TLS_ANY, false);
pub static TLS_CLIENT_METHOD: Method = method(Role::Client, TLS_MAX_VERSION, TLS_ANY, false);
pub static TLS_SERVER_METHOD: Method = method(Role::Server, TLS_MAX_VERSION, TLS_ANY, false);
pub static TLSV1_METHOD: Method = method(Role::Either, 0x0301, 0x0301, false);
pub static TLSV1_CLIENT_METHOD: Method = method(Role::Client, 0x0301, 0x0301, false);
pub static TLSV1_SERVER_METHOD: Method = method(Role::Server, 0x0301, 0x0301, false);
pub static TLSV1_1_METHOD: Method = method(Role::Either, 0x0302, 0x0302, false);
pub static TLSV1_1_CLIENT_METHOD: Method = method(Role::Client, 0x0302, 0x0302, false);
pub static TLSV1_1_SERVER_METHOD: Method = method(Role::Server, 0x0302, 0x0302, false);
pub static TLSV1_2_METHOD: Method = method(Role::Either, 0x0303, 0x0303, false);
pub static TLSV1_2_CLIENT_METHOD: Method = method(Role::Client, 0x0303, 0x0303, false);
pub static TLSV1_2_SERVER_METHOD: Method = method(Role::Server, 0x0303, 0x0303, false);
pub static DTLS_METHOD: Method = method(Role::Either, DTLS1_2, DTLS_ANY, true);
pub static DTLS_CLIENT_METHOD: Method = method(Role::Client, DTLS1_2, DTLS_ANY, true);
pub static DTLS_SERVER_METHOD: Method = method(Role::Server, DTLS1_2, DTLS_ANY, true);
pub static DTLSV1_METHOD: Method = method(Role::Either, DTLS1, DTLS1, true);
pub static DTLSV1_CLIENT_METHOD: Method = method(Role::Client, DTLS1, DTLS1, true);
pub static DTLSV1_SERVER_METHOD: Method = method(Role::Server, DTLS1, DTLS1, true);
pub static DTLSV1_2_METHOD: Method = method(Role::Either, DTLS1_2, DTLS1_2, true);
pub static DTLSV1_2_CLIENT_METHOD: Method = method(Role::Client, DTLS1_2, DTLS1_2, true);
pub static DTLSV1_2_SERVER_METHOD: Method = method(Role::Server, DTLS1_2, DTLS1_2, true);

static ALL: [&Method; 21] = [
    &TLS_METHOD,
    &TLS_CLIENT_METHOD,
    &TLS_SERVER_METHOD,
    &TLSV1_METHOD,
    &TLSV1_CLIENT_METHOD,
    &TLSV1_SERVER_METHOD,
    &TLSV1_1_METHOD,
    &TLSV1_1_CLIENT_METHOD,
    &TLSV1_1_SERVER_METHOD,
    &TLSV1_2_METHOD,
    &TLSV1_2_CLIENT_METHOD,
    &TLSV1_2_SERVER_METHOD,
    &DTLS_METHOD,
    &DTLS_CLIENT_METHOD,
    &DTLS_SERVER_METHOD,
    &DTLSV1_METHOD,
    &DTLSV1_CLIENT_METHOD,
    &DTLSV1_SERVER_METHOD,
    &DTLSV1_2_METHOD,
    &DTLSV1_2_CLIENT_METHOD,
    &DTLSV1_2_SERVER_METHOD,
];

/// A method's position among sessl's methods (see [`method_at`]).
pub fn method_index(m: &'static Method) -> usize {
    ALL.iter().position(|x| std::ptr::eq(*x, m)).unwrap_or(0)
}

pub fn method_at(index: usize) -> &'static Method {
    ALL.get(index).copied().unwrap_or(&TLS_METHOD)
}

/// The method at `addr`, if it is one of sessl's.
pub fn known_method(addr: *const Method) -> Option<&'static Method> {
    ALL.into_iter().find(|m| std::ptr::eq(*m, addr))
}
