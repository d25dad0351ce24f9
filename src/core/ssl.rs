//! `SSL`: one connection's view of the session layer.
//!
//! sessl implements the session layer, not the handshake: a connection stays in
//! the "before" state of the handshake state machine for its whole life. That
//! fixes what `SSL_in_init`, `SSL_in_before` and `SSL_is_init_finished` report, and
//! it means the bad-session rule (see [`Ssl::drop_bad_session`]) never fires,
//! exactly as on OpenSSL for connections that never handshook.

use super::config::ShellState;
use super::ctx::Ctx;
use super::method::Method;
use super::session::{Session, ShortBytes, TooLong};
use crate::sync::{lock, AddressTooWide, Object, Shared, SharedSlot};
use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// `SSL_SENT_SHUTDOWN`.
const SENT_SHUTDOWN: i32 = 1;

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
    /// The C shell's certificates, keys and verification settings: a copy of
    /// the context's at `SSL_new` when the context had any, else created on
    /// first use.
    pub certs_shell: OnceLock<Box<dyn ShellState>>,
}

struct SslState {
    method: &'static Method,
    server: bool,
    shutdown: i32,
    /// Whether the last handshake resumed a session (`SSL_session_reused`).
    session_reused: bool,
    sid_ctx: ShortBytes,
}

impl Object for Ssl {
    fn last_release(&self) {
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
            shutdown: 0,
            session_reused: false,
            sid_ctx: ctx.sid_ctx(),
        };
        let certs_shell = OnceLock::new();
        if let Some(from_ctx) = ctx.certs_shell.get() {
            let _ = certs_shell.set(from_ctx.for_new_ssl());
        }
        Shared::new(Ssl {
            ctx,
            session: SharedSlot::empty(),
            state: Mutex::new(state),
            generate_session_id_hook: AtomicUsize::new(0),
            version: AtomicI32::new(method.version),
            certs_shell,
        })
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
        self.drop_bad_session();
        self.reset_method_to_ctx();
        self.session.store(session)
    }

    /// OpenSSL switches a connection back to its context's method when a session is
    /// set or the connection cleared.
    fn reset_method_to_ctx(&self) {
        lock(&self.state).method = self.ctx.method();
    }

    /// `SSL_copy_session_id`: `self` takes `from`'s session, method and session id
    /// context.
    pub fn copy_session_id(&self, from: &Ssl) -> Result<(), AddressTooWide> {
        self.set_session(from.session())?;
        let (method, sid_ctx) = {
            let f = lock(&from.state);
            (f.method, f.sid_ctx)
        };
        let mut st = lock(&self.state);
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
        self.drop_bad_session();
        let mut st = lock(&self.state);
        st.method = self.ctx.method();
        st.shutdown = 0;
        st.session_reused = false;
        self.version.store(st.method.version, Ordering::Relaxed);
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
        st.shutdown = 0;
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

    pub fn default_timeout(&self) -> i64 {
        lock(&self.state).method.default_timeout
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
}
