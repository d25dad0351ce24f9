//! `SSL_CTX`: the shared configuration of connections, and their session cache.

use super::cache::{Added, Cache};
use super::cipher::config::CipherSettings;
use super::config::callbacks::CallbackConfig;
use super::config::ctrl::CtrlConfig;
use super::config::security::SecurityConfig;
use super::config::ShellState;
use super::method::{method_at, method_index, Method};
use super::session::{Session, ShortBytes, TooLong};
use crate::sync::{lock, Object, Shared};
use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

pub struct Ctx {
    /// The method's index among sessl's methods (`SSL_CTX_set_ssl_version`
    /// replaces it).
    method: AtomicUsize,
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
    /// What `SSL_new` copies into a connection's I/O state.
    pub io_defaults: IoDefaults,
    /// Cipher list, TLS 1.3 suites, security level (`SSL_CTX_set_cipher_list`...).
    /// Change them through [`Ctx::update_ciphers`].
    pub ciphers: Mutex<CipherSettings>,
    /// False while `ciphers` are a new context's, so that `SSL_new` need not
    /// lock them (the common case).
    ciphers_changed: AtomicBool,
    /// The C shell's copy of the cipher list (the `STACK_OF(SSL_CIPHER)` it
    /// hands out), dropped with the context.
    pub cipher_shell: Mutex<Option<Box<dyn Any + Send + Sync>>>,
    /// The address of that copy while it is current, 0 once the list changed:
    /// the lock-free path of `SSL_CTX_get_ciphers`. Written under `ciphers`.
    pub cipher_shell_current: AtomicUsize,
    /// `SSL_CTX_ctrl`'s settings: options, modes, protocol bounds, sizes.
    pub ctrl: CtrlConfig,
    /// The ctrl family's C objects (extra chain certificates, ticket keys...),
    /// created on first use.
    pub ctrl_shell: OnceLock<Box<dyn Any + Send + Sync>>,
    /// Application data and stored callbacks (the callbacks family).
    pub callbacks: CallbackConfig<Ctx>,
    /// The C shell's certificates, keys, verification settings and CA lists
    /// (src/ffi/certs_*.rs), created on first use.
    pub certs_shell: OnceLock<Box<dyn ShellState>>,
    /// The security callback and its `ex` pointer (copied by `SSL_new`).
    pub security: SecurityConfig,
}

/// `SSL_CTX_set_quiet_shutdown`, which `SSL_new` copies (read-ahead is a
/// ctrl setting: `CtrlConfig`).
#[derive(Default)]
pub struct IoDefaults {
    pub quiet_shutdown: AtomicI32,
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
    /// the application still holds survive. The cache refuses adds from then on
    /// (from every thread), so no callback can keep it going.
    fn last_release(&self) {
        self.cache.close();
        // After the flush: remove callbacks may read the context's ex_data.
        self.callbacks.app_data.release(self);
    }
}

impl Ctx {
    pub fn new(method: &'static Method) -> Shared<Ctx> {
        Shared::new(Ctx {
            method: AtomicUsize::new(method_index(method)),
            timeout: AtomicI64::new(method.default_timeout),
            sid_ctx: Mutex::new(ShortBytes::default()),
            cache: Arc::new(Cache::default()),
            handshake_hooks: HandshakeHooks::default(),
            shell_state: OnceLock::new(),
            io_defaults: IoDefaults::default(),
            ciphers: Mutex::new(CipherSettings::NEW),
            ciphers_changed: AtomicBool::new(false),
            cipher_shell: Mutex::new(None),
            cipher_shell_current: AtomicUsize::new(0),
            ctrl: CtrlConfig::default(),
            ctrl_shell: OnceLock::new(),
            callbacks: CallbackConfig::default(),
            certs_shell: OnceLock::new(),
            security: SecurityConfig::default(),
        })
    }

    pub fn method(&self) -> &'static Method {
        method_at(self.method.load(Ordering::Relaxed))
    }

    /// `SSL_CTX_set_ssl_version`.
    pub fn set_method(&self, method: &'static Method) {
        self.method.store(method_index(method), Ordering::Relaxed)
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

    /// Changes the cipher settings.
    pub fn update_ciphers<R>(&self, f: impl FnOnce(&mut CipherSettings) -> R) -> R {
        let mut settings = lock(&self.ciphers);
        // Before the change, under the lock: a connection made concurrently
        // either sees the flag still false (and the settings before the
        // change, which were a new context's) or locks and sees the change.
        self.ciphers_changed.store(true, Ordering::Release);
        f(&mut settings)
    }

    /// What a new connection of this context starts with.
    pub fn cipher_settings_for_connection(&self) -> CipherSettings {
        if self.ciphers_changed.load(Ordering::Acquire) {
            lock(&self.ciphers).for_connection()
        } else {
            CipherSettings::NEW
        }
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
