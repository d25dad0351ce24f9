//! `SSL_CTX`: the shared configuration of connections, and their session cache.

use super::cache::{Added, Cache};
use super::config::ShellState;
use super::method::Method;
use super::session::{Session, ShortBytes, TooLong};
use crate::sync::{lock, Object, Shared};
use std::any::Any;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

pub struct Ctx {
    method: &'static Method,
    /// Timeout given to sessions this context makes; any value, negatives too.
    timeout: AtomicI64,
    sid_ctx: Mutex<ShortBytes>,
    cache: Arc<Cache>,
    /// Callbacks of the handshake (new session, session lookup, session id
    /// generation). sessl performs no handshake, so they are never called; they
    /// are kept, opaque, for their getters.
    pub handshake_hooks: HandshakeHooks,
    /// Per-context state of the C shell, dropped with the context (the table
    /// `SSL_CTX_sessions` returns).
    pub shell_state: OnceLock<Box<dyn Any + Send + Sync>>,
    /// The C shell's certificates, keys, verification settings and CA lists
    /// (src/ffi/certs_*.rs), created on first use.
    pub certs_shell: OnceLock<Box<dyn ShellState>>,
}

/// Opaque application callbacks, stored as the values the application gave.
#[derive(Default)]
pub struct HandshakeHooks {
    pub new_session: AtomicUsize,
    pub get_session: AtomicUsize,
    pub generate_session_id: AtomicUsize,
}

impl Object for Ctx {
    /// The last `SSL_CTX_free` empties the cache, with a remove callback for each
    /// session (all callbacks first, then the releases, as in OpenSSL); sessions
    /// the application still holds survive. The cache refuses adds from then on,
    /// so callbacks that add sessions back cannot keep it going.
    fn last_release(&self) {
        self.cache.close();
    }
}

impl Ctx {
    pub fn new(method: &'static Method) -> Shared<Ctx> {
        Shared::new(Ctx {
            method,
            timeout: AtomicI64::new(method.default_timeout),
            sid_ctx: Mutex::new(ShortBytes::default()),
            cache: Arc::new(Cache::default()),
            handshake_hooks: HandshakeHooks::default(),
            shell_state: OnceLock::new(),
            certs_shell: OnceLock::new(),
        })
    }

    pub fn method(&self) -> &'static Method {
        self.method
    }

    pub fn timeout(&self) -> i64 {
        self.timeout.load(Ordering::Relaxed)
    }

    /// Sets the session timeout, returning the previous one.
    pub fn set_timeout(&self, timeout: i64) -> i64 {
        self.timeout.swap(timeout, Ordering::Relaxed)
    }

    pub fn sid_ctx(&self) -> ShortBytes {
        *lock(&self.sid_ctx)
    }

    pub fn set_sid_ctx(&self, sid_ctx: &[u8]) -> Result<(), TooLong> {
        *lock(&self.sid_ctx) = ShortBytes::new(sid_ctx)?;
        Ok(())
    }

    pub fn cache(&self) -> &Arc<Cache> {
        &self.cache
    }

    pub fn add_session(&self, session: &Shared<Session>) -> Added {
        self.cache.add(session)
    }

    pub fn remove_session(&self, session: &Session) -> bool {
        self.cache.remove(session)
    }

    pub fn flush_sessions(&self, t: i64) {
        self.cache.flush(t)
    }
}
