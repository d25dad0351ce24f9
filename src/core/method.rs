//! `SSL_METHOD`: which roles a context's connections may take.
//!
//! sessl implements the version-flexible TLS methods only; the version-specific
//! and DTLS methods are not exported, so a program that uses them fails at load.

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
    pub version: i32,
    pub default_timeout: i64,
}

impl Method {
    /// Whether a connection of this method can accept (be a server). OpenSSL makes
    /// a new connection a server exactly when its method can accept.
    pub fn can_accept(&self) -> bool {
        self.role != Role::Client
    }
}

pub static TLS_METHOD: Method = Method {
    role: Role::Either,
    version: TLS_MAX_VERSION,
    default_timeout: TLS_DEFAULT_TIMEOUT,
};
pub static TLS_CLIENT_METHOD: Method = Method {
    role: Role::Client,
    version: TLS_MAX_VERSION,
    default_timeout: TLS_DEFAULT_TIMEOUT,
};
pub static TLS_SERVER_METHOD: Method = Method {
    role: Role::Server,
    version: TLS_MAX_VERSION,
    default_timeout: TLS_DEFAULT_TIMEOUT,
};

/// The method at `addr`, if it is one of sessl's.
pub fn known_method(addr: *const Method) -> Option<&'static Method> {
    [&TLS_METHOD, &TLS_CLIENT_METHOD, &TLS_SERVER_METHOD]
        .into_iter()
        .find(|m| std::ptr::eq(*m, addr))
}
