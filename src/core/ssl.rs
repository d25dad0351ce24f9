//! `SSL`: one connection's view of the session layer.
//!
//! sessl implements the session layer, not the handshake: a connection stays in
//! the "before" state of the handshake state machine for its whole life. That
//! fixes what `SSL_in_init`, `SSL_in_before` and `SSL_is_init_finished` report, and
//! it means the bad-session rule (see [`Ssl::drop_bad_session`]) never fires,
//! exactly as on OpenSSL for connections that never handshook.

use super::cert_group::CertMembership;
use super::cipher::config::CipherSettings;
use super::config::callbacks::CallbackConfig;
use super::config::ctrl::CtrlConfig;
use super::config::security::SecurityConfig;
use super::config::ShellState;
use super::ctx::Ctx;
use super::io::{HandshakeFn, IoState};
use super::method::Method;
use super::session::{Session, ShortBytes, TooLong};
use crate::sync::{lock, AddressTooWide, Object, Shared, SharedSlot};
use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// `SSL_SENT_SHUTDOWN`.
const SENT_SHUTDOWN: i32 = 1;
/// `SSL_OP_CISCO_ANYCONNECT`: Cisco's pre-standard DTLS for the fixed-version
/// DTLS methods.
const OP_CISCO_ANYCONNECT: u64 = 0x8000;
/// Cisco's DTLS version, `DTLS1_BAD_VER`.
const DTLS1_BAD_VER: i32 = 0x0100;
/// `DTLS_ANY_VERSION`, the version-flexible DTLS methods' protocol.
const DTLS_ANY_VERSION: i32 = 0x1FFFF;

/// Fields drop in declaration order: the session before the context, as
/// `SSL_free` frees them (a last context reference held here flushes the
/// cache after the connection's own session is released).
pub struct Ssl {
    session: SharedSlot<Session>,
    ctx: Shared<Ctx>,
    state: Mutex<SslState>,
    /// `SSL_set_generate_session_id`'s callback: used by handshakes only, so
    /// kept opaque and never called.
    pub generate_session_id_hook: AtomicUsize,
    version: AtomicI32,
    /// The I/O and handshake state (see `core::io`).
    pub io: Mutex<IoState>,
    /// The C shell's I/O state (the connection's BIOs, libcrypto objects),
    /// dropped with the connection. Its own field, so that other state of the
    /// shell needs no shared type.
    pub io_shell: OnceLock<Box<dyn Any + Send + Sync>>,
    /// Cipher list (or the context's), TLS 1.3 suites, security level: the
    /// context's when the connection was made.
    pub ciphers: Mutex<CipherSettings>,
    /// The C shell's copy of the connection's own cipher list.
    pub cipher_shell: Mutex<Option<Box<dyn Any + Send + Sync>>>,
    /// The address of that copy while it is current, 0 once the list changed.
    /// Written under `ciphers`.
    pub cipher_shell_current: AtomicUsize,
    /// Whether the connection has a list of its own (else it uses its
    /// context's); never goes back to false. Written under `ciphers`.
    pub has_own_cipher_list: AtomicBool,
    /// Whether `SSL_set_SSL_CTX` moved the connection to a context other than
    /// the one it was made with (read without a lock by the getters that fall
    /// back to the current context).
    pub ctx_switched: AtomicBool,
    /// `SSL_ctrl`'s settings, copied from the context at `SSL_new`.
    pub ctrl: CtrlConfig,
    /// The ctrl family's C objects (host name, OCSP response...), created on
    /// first use.
    pub ctrl_shell: std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>,
    /// Application data and stored callbacks (the callbacks family).
    pub callbacks: CallbackConfig<Ssl>,
    /// The C shell's certificates, keys and verification settings: a copy of
    /// the context's at `SSL_new` when the context had any, else created on
    /// first use.
    pub certs_shell: OnceLock<Box<dyn ShellState>>,
    /// The security callback and `ex` pointer: the context's at `SSL_new`.
    pub security: SecurityConfig,
    /// The connections sharing this one's `CERT` (`SSL_copy_session_id`).
    pub cert_group: CertMembership,
    /// Whether the record layer's read buffer would be allocated (by
    /// `SSL_alloc_buffers`, until `SSL_free_buffers`): only allocating it
    /// asks the security callback about compression, as OpenSSL's buffer
    /// setup does; sessl holds no buffer.
    pub read_buffer_held: AtomicBool,
}

struct SslState {
    method: &'static Method,
    server: bool,
    /// Whether `SSL_set_connect_state` or `SSL_set_accept_state` chose the
    /// role (OpenSSL's handshake function is set): until then
    /// `SSL_get_servername` answers as a client.
    role_chosen: bool,
    shutdown: i32,
    /// Whether the last handshake resumed a session (`SSL_session_reused`).
    session_reused: bool,
    sid_ctx: ShortBytes,
}

impl Object for Ssl {
    fn last_release(&self) {
        // Before anything is released: a change through another member of
        // the group is no longer copied here.
        self.cert_group.leave(self as *const Ssl as usize);
        // First, as in `SSL_free`: free callbacks still see the session.
        self.callbacks.app_data.release(self);
        self.drop_bad_session();
    }
}

impl Ssl {
    /// `SSL_new`: a connection of `ctx`, holding a reference to it.
    pub fn new(ctx: Shared<Ctx>) -> Shared<Ssl> {
        let method = ctx.method();
        let state = SslState {
            method,
            server: method.can_accept(),
            role_chosen: false,
            shutdown: 0,
            session_reused: false,
            sid_ctx: ctx.sid_ctx(),
        };
        let io = IoState {
            quiet_shutdown: ctx.io_defaults.quiet_shutdown.load(Ordering::Relaxed),
            ..IoState::default()
        };
        let ciphers = ctx.cipher_settings_for_connection();
        let ctrl = ctx.ctrl.inherit();
        ctrl.client_version
            .store(method.protocol, Ordering::Relaxed);
        let callbacks = CallbackConfig::default();
        callbacks.copy_from(&ctx.callbacks);
        let certs_shell = OnceLock::new();
        if let Some(from_ctx) = ctx.certs_shell.get() {
            let _ = certs_shell.set(from_ctx.for_new_ssl());
        }
        let security = SecurityConfig::default();
        security.copy_from(&ctx.security);
        let ssl = Ssl {
            security,
            callbacks,
            ctx,
            ctrl,
            ctrl_shell: std::sync::OnceLock::new(),
            session: SharedSlot::empty(),
            state: Mutex::new(state),
            generate_session_id_hook: AtomicUsize::new(0),
            version: AtomicI32::new(method.version),
            io: Mutex::new(io),
            io_shell: OnceLock::new(),
            ciphers: Mutex::new(ciphers),
            cipher_shell: Mutex::new(None),
            cipher_shell_current: AtomicUsize::new(0),
            has_own_cipher_list: AtomicBool::new(false),
            ctx_switched: AtomicBool::new(false),
            certs_shell,
            cert_group: CertMembership::default(),
            read_buffer_held: AtomicBool::new(false),
        };
        ssl.reset_version(method);
        Shared::new(ssl)
    }

    /// OpenSSL's re-initialisation of a connection for `method` (its
    /// `ssl_new` / `ssl_clear`, run by `SSL_new`, `SSL_clear`, a
    /// version-changing `SSL_set_ssl_method` and `SSL_copy_session_id`): the
    /// version becomes the method's, except that a fixed-version DTLS method
    /// with `SSL_OP_CISCO_ANYCONNECT` set on the connection at that moment
    /// takes `DTLS1_BAD_VER`, for the client version too. Setting or clearing
    /// the option alone changes nothing until the next re-initialisation.
    /// (Named for the version; it is where every re-initialisation happens.)
    fn reset_version(&self, method: &Method) {
        // The re-initialisation clears OpenSSL's `s3` state, with the
        // lowest version `SSL_get1_supported_ciphers` last found there.
        self.security.tmp_min_ver.store(0, Ordering::Relaxed);
        let cisco = self.ctrl.options.load(Ordering::Relaxed) & OP_CISCO_ANYCONNECT != 0;
        if method.dtls && method.protocol != DTLS_ANY_VERSION && cisco {
            self.version.store(DTLS1_BAD_VER, Ordering::Relaxed);
            self.ctrl
                .client_version
                .store(DTLS1_BAD_VER, Ordering::Relaxed);
        } else {
            self.version.store(method.version, Ordering::Relaxed);
        }
    }

    pub fn ctx(&self) -> &Shared<Ctx> {
        &self.ctx
    }

    /// The session's address without a reference (`SSL_get0_session`).
    pub fn peek_session(&self) -> *const Session {
        self.session.peek()
    }

    /// A new reference to the session (`SSL_get1_session`); lock-free and safe
    /// against a concurrent `set_session`.
    #[inline]
    pub fn session(&self) -> Option<Shared<Session>> {
        self.session.load()
    }

    /// `SSL_set_session`: holds `session` (or none) instead of the current one.
    pub fn set_session(&self, session: Option<Shared<Session>>) -> Result<(), AddressTooWide> {
        self.set_session_to(session, self.ctx.method())
    }

    /// `SSL_set_session` on a connection whose current context (the one
    /// `SSL_set_SSL_CTX` chose) has `ctx_method`: OpenSSL switches the
    /// connection back to that method, through `SSL_set_ssl_method` (version
    /// and handshake function follow).
    pub fn set_session_to(
        &self,
        session: Option<Shared<Session>>,
        ctx_method: &'static Method,
    ) -> Result<(), AddressTooWide> {
        self.drop_bad_session();
        self.set_method(ctx_method);
        self.session.store(session)
    }

    /// `SSL_copy_session_id`: `self` takes `from`'s session, method and session id
    /// context.
    pub fn copy_session_id(&self, from: &Ssl) -> Result<(), AddressTooWide> {
        self.copy_session_id_to(from, self.ctx.method())
    }

    /// `SSL_copy_session_id`, `ctx_method` being the method of `self`'s
    /// current context (see `set_session_to`).
    pub fn copy_session_id_to(
        &self,
        from: &Ssl,
        ctx_method: &'static Method,
    ) -> Result<(), AddressTooWide> {
        self.set_session_to(from.session(), ctx_method)?;
        let (method, sid_ctx) = {
            let f = lock(&from.state);
            (f.method, f.sid_ctx)
        };
        let mut st = lock(&self.state);
        // OpenSSL re-initialises the connection for the other method (its
        // version), keeping the handshake function.
        if !std::ptr::eq(st.method, method) {
            self.reset_version(method);
        }
        st.method = method;
        st.sid_ctx = sid_ctx;
        Ok(())
    }

    /// The bad-session rule, applied by `SSL_free`, `SSL_clear` and
    /// `SSL_set_session` to the session they let go of: a connection that got past
    /// the start of a handshake and has not sent shutdown removes its session
    /// from the context's cache. In sessl no handshake starts, so it never applies.
    fn drop_bad_session(&self) {
        let past_start = !self.in_init() && !self.in_before();
        if past_start && self.shutdown() & SENT_SHUTDOWN == 0 {
            if let Some(s) = self.session() {
                self.ctx.remove_session(&s);
            }
        }
    }

    /// `SSL_clear`: ready for a new handshake; keeps a good session.
    pub fn clear(&self) {
        self.clear_to(self.ctx.method())
    }

    /// `SSL_clear` on a connection whose current context (the one
    /// `SSL_set_SSL_CTX` chose) has `ctx_method`, which it goes back to.
    pub fn clear_to(&self, ctx_method: &'static Method) {
        self.drop_bad_session();
        let mut st = lock(&self.state);
        // OpenSSL takes the client version from the method the connection
        // has before it goes back to the context's (SSL_set_ssl_method then
        // SSL_clear reports the version of the method set).
        self.ctrl
            .client_version
            .store(st.method.protocol, Ordering::Relaxed);
        st.method = ctx_method;
        st.shutdown = 0;
        st.session_reused = false;
        lock(&self.io).wait = super::io::Wait::Nothing;
        self.reset_version(st.method);
    }

    /// Read on every session lookup (`SSL_has_matching_session_id`), so kept
    /// outside the state's mutex.
    pub fn version(&self) -> i32 {
        self.version.load(Ordering::Relaxed)
    }

    pub fn is_server(&self) -> bool {
        lock(&self.state).server
    }

    /// `SSL_set_connect_state` / `SSL_set_accept_state`: the role for the next
    /// handshake; both also reset the shutdown state.
    pub fn set_role(&self, server: bool) {
        let mut st = lock(&self.state);
        st.server = server;
        st.role_chosen = true;
        st.shutdown = 0;
        lock(&self.io).handshake = Some(HandshakeFn::for_role(st.method, server));
    }

    /// Whether the connection acts as a server for `SSL_get_servername`:
    /// only once a role was chosen.
    pub fn acts_as_server(&self) -> bool {
        let st = lock(&self.state);
        st.role_chosen && st.server
    }

    /// `SSL_set_ssl_method`: a method of another version resets the version
    /// the connection reports, as OpenSSL's re-initialisation does; a
    /// handshake function set from the old method's table (its connect
    /// function first, then its accept function) becomes the new method's.
    pub fn set_method(&self, method: &'static Method) {
        let mut st = lock(&self.state);
        if std::ptr::eq(st.method, method) {
            return;
        }
        if st.method.protocol != method.protocol {
            self.reset_version(method);
        }
        let mut io = lock(&self.io);
        if let Some(h) = io.handshake {
            if h == HandshakeFn::for_role(st.method, false) {
                io.handshake = Some(HandshakeFn::for_role(method, false));
            } else if h == HandshakeFn::for_role(st.method, true) {
                io.handshake = Some(HandshakeFn::for_role(method, true));
            }
        }
        st.method = method;
    }

    pub fn shutdown(&self) -> i32 {
        lock(&self.state).shutdown
    }

    pub fn set_shutdown(&self, mode: i32) {
        lock(&self.state).shutdown = mode;
    }

    pub fn session_reused(&self) -> bool {
        lock(&self.state).session_reused
    }

    /// No handshake ever starts in sessl, so the state machine is in its initial
    /// state: in init, before the first message, not finished.
    pub fn in_init(&self) -> bool {
        true
    }

    pub fn in_before(&self) -> bool {
        true
    }

    pub fn is_init_finished(&self) -> bool {
        false
    }

    /// The connection's method (its context's, or the one `SSL_copy_session_id`
    /// copied).
    pub fn method(&self) -> &'static Method {
        lock(&self.state).method
    }

    pub fn default_timeout(&self) -> i64 {
        lock(&self.state).method.default_timeout
    }

    /// `SSL_set_SSL_CTX`'s rule for the session id context: a connection
    /// whose context is still the one it inherited from `from` takes `to`'s;
    /// one set with `SSL_set_session_id_context` keeps it.
    pub fn follow_sid_ctx(&self, from: &Ctx, to: &Ctx) {
        let mut st = lock(&self.state);
        if st.sid_ctx.as_slice() == from.sid_ctx().as_slice() {
            st.sid_ctx = to.sid_ctx();
        }
    }

    pub fn sid_ctx(&self) -> ShortBytes {
        lock(&self.state).sid_ctx
    }

    /// `SSL_dup`: the version `from` reports.
    pub fn copy_version(&self, from: &Ssl) {
        self.version.store(from.version(), Ordering::Relaxed);
    }

    /// `SSL_dup`: `from`'s server flag, its role when one was chosen (as
    /// `SSL_set_connect_state` / `SSL_set_accept_state` set it), then its
    /// shutdown flags and whether its session was reused.
    pub fn copy_role_and_shutdown(&self, from: &Ssl) {
        let (server, role_chosen, shutdown, reused) = {
            let f = lock(&from.state);
            (f.server, f.role_chosen, f.shutdown, f.session_reused)
        };
        if role_chosen {
            self.set_role(server);
        }
        let mut st = lock(&self.state);
        st.server = server;
        st.shutdown = shutdown;
        st.session_reused = reused;
    }

    pub fn set_sid_ctx(&self, sid_ctx: &[u8]) -> Result<(), TooLong> {
        lock(&self.state).sid_ctx = ShortBytes::new(sid_ctx)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::method::{TLS_CLIENT_METHOD, TLS_METHOD};

    #[test]
    fn session_follows_references() {
        let ctx = Ctx::new(&TLS_METHOD);
        let ssl = Ssl::new(ctx.clone());
        assert!(ssl.session().is_none());
        let s = Session::new();
        ssl.set_session(Some(s.clone())).unwrap();
        assert_eq!(ssl.peek_session(), Shared::as_ptr(&s));
        let again = ssl.session().unwrap();
        assert!(Shared::ptr_eq(&again, &s));
        let other = Ssl::new(ctx);
        other.copy_session_id(&ssl).unwrap();
        assert_eq!(other.peek_session(), Shared::as_ptr(&s));
        ssl.set_session(None).unwrap();
        assert!(ssl.session().is_none());
    }

    #[test]
    fn dup_copies_version_role_and_shutdown() {
        let ctx = Ctx::new(&TLS_METHOD);
        let from = Ssl::new(ctx.clone());
        from.set_role(false);
        from.set_shutdown(2);
        from.set_method(&TLS_CLIENT_METHOD);
        let to = Ssl::new(ctx.clone());
        to.set_method(from.method());
        to.copy_version(&from);
        to.copy_role_and_shutdown(&from);
        assert!(!to.is_server());
        assert_eq!(to.shutdown(), 2);
        assert_eq!(to.version(), from.version());
        assert_eq!(lock(&to.io).handshake, Some(HandshakeFn::Connect));
        // No role chosen: only the server flag, no handshake function.
        let fresh = Ssl::new(ctx.clone());
        let copy = Ssl::new(ctx);
        copy.copy_role_and_shutdown(&fresh);
        assert!(copy.is_server());
        assert!(lock(&copy.io).handshake.is_none());
        assert!(!copy.acts_as_server());
    }

    #[test]
    fn roles_and_shutdown() {
        let client = Ssl::new(Ctx::new(&TLS_CLIENT_METHOD));
        assert!(!client.is_server());
        let any = Ssl::new(Ctx::new(&TLS_METHOD));
        assert!(any.is_server());
        any.set_shutdown(3);
        any.set_role(false);
        assert!(!any.is_server());
        assert_eq!(any.shutdown(), 0);
        any.set_shutdown(1);
        any.clear();
        assert_eq!(any.shutdown(), 0);
        assert_eq!(any.version(), 0x0304);
    }

    #[test]
    fn cisco_anyconnect_takes_effect_at_reinitialisation() {
        use crate::core::method::{DTLSV1_2_METHOD, DTLS_METHOD};
        let versions = |s: &Ssl| (s.version(), s.ctrl.client_version.load(Ordering::Relaxed));
        let ssl = Ssl::new(Ctx::new(&DTLSV1_2_METHOD));
        ssl.ctrl
            .options
            .fetch_or(OP_CISCO_ANYCONNECT, Ordering::Relaxed);
        assert_eq!(versions(&ssl), (0xfefd, 0xfefd));
        ssl.clear();
        assert_eq!(versions(&ssl), (DTLS1_BAD_VER, DTLS1_BAD_VER));
        ssl.set_method(&DTLS_METHOD);
        assert_eq!(versions(&ssl), (0xfefd, DTLS1_BAD_VER));
        ssl.ctrl
            .options
            .fetch_and(!OP_CISCO_ANYCONNECT, Ordering::Relaxed);
        ssl.set_method(&DTLSV1_2_METHOD);
        assert_eq!(versions(&ssl), (0xfefd, DTLS1_BAD_VER));
    }
}
