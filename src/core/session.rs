//! The `SSL_SESSION` object: the state a client and server keep to resume a TLS
//! connection without a full handshake.
//!
//! OpenSSL lets any holder mutate a session through its setters, even once it is
//! shared between connections and threads. sessl keeps the fields behind one
//! mutex, so concurrent setters and getters never race in Rust; the pointers that
//! getters hand to C stay valid until the field is next set or the session freed,
//! the same contract OpenSSL documents.

use super::cipher::CipherInfo;
use crate::sync::{lock, Object, Shared};
use std::any::Any;
use std::ffi::CString;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// The real limit on a master key (TLS 1.3 resumption secrets), not the header's 48.
pub(crate) const MAX_MASTER_KEY_LEN: usize = 512;
/// The timeout of a session made by `SSL_SESSION_new` (OpenSSL's 304 seconds).
pub(crate) const DEFAULT_SESSION_TIMEOUT: i64 = 304;

/// Up to 32 bytes stored inline (session id, session id context).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, Debug)]
pub struct ShortBytes {
    len: u8,
    buf: [u8; 32],
}

/// A byte string was longer than its field allows.
#[derive(Debug, PartialEq, Eq)]
pub struct TooLong;

impl ShortBytes {
    pub fn new(bytes: &[u8]) -> Result<Self, TooLong> {
        let mut b = ShortBytes::default();
        b.set(bytes)?;
        Ok(b)
    }
    pub fn set(&mut self, bytes: &[u8]) -> Result<(), TooLong> {
        if bytes.len() > self.buf.len() {
            return Err(TooLong);
        }
        // The whole buffer is written, so equal contents mean equal values
        // (the derived Eq and Hash see all 32 bytes).
        self.buf = [0; 32];
        self.buf[..bytes.len()].copy_from_slice(bytes);
        self.len = bytes.len() as u8;
        Ok(())
    }
    pub fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len as usize]
    }
    /// The start of the storage, valid even when empty (OpenSSL returns its array).
    pub fn storage_ptr(&self) -> *const u8 {
        self.buf.as_ptr()
    }
    pub fn len(&self) -> usize {
        self.len as usize
    }
    /// All 32 bytes of storage; zero past `len` (see `set`).
    pub fn padded(&self) -> &[u8; 32] {
        &self.buf
    }
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// The fields of a session, as `i2d_SSL_SESSION` would see them.
#[derive(Clone, Debug)]
pub struct SessionData {
    /// The suite, if known (`SSL_SESSION_get0_cipher`).
    pub cipher: Option<&'static CipherInfo>,
    /// The suite's id as decoded (`0x03000000 | code`); what `i2d` writes when
    /// `cipher` is unset. 0 for none.
    pub cipher_id: u32,
    pub id: ShortBytes,
    pub sid_ctx: ShortBytes,
    pub master_key: Vec<u8>,
    pub protocol_version: i32,
    /// Seconds since the epoch at which the session was made.
    pub time: i64,
    /// Lifetime in seconds from `time`.
    pub timeout: i64,
    pub hostname: Option<CString>,
    pub alpn_selected: Option<Box<[u8]>>,
    pub ticket: Option<Box<[u8]>>,
    pub ticket_lifetime_hint: u64,
    pub ticket_appdata: Option<Box<[u8]>>,
    pub max_early_data: u32,
    /// As stored: 255 (unspecified) for a new session, which the getter reports
    /// as 0 but the DER keeps.
    pub max_fragment_len_mode: u8,
    pub compress_id: u32,
    /// The peer's certificate, as DER.
    pub peer_cert: Option<Arc<[u8]>>,
    /// `X509_V_ERR_UNSPECIFIED` (1) for a new session.
    pub verify_result: i64,
    pub psk_identity_hint: Option<CString>,
    pub psk_identity: Option<CString>,
    pub srp_username: Option<CString>,
    /// Session flags (bit 0: extended master secret); 32 bits, as in OpenSSL,
    /// which keeps the low half of a wider [13] from the DER.
    pub flags: u32,
    pub tick_age_add: u32,
    /// The negotiated key exchange group (0 if none).
    pub kex_group: u32,
}

/// `TLSEXT_max_fragment_length_UNSPECIFIED`.
const MAX_FRAGMENT_LEN_UNSPECIFIED: u8 = 255;

pub fn now() -> i64 {
    match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs() as i64),
    }
}

impl SessionData {
    fn fresh() -> Self {
        SessionData {
            cipher: None,
            cipher_id: 0,
            id: ShortBytes::default(),
            sid_ctx: ShortBytes::default(),
            master_key: Vec::new(),
            protocol_version: 0,
            time: now(),
            timeout: DEFAULT_SESSION_TIMEOUT,
            hostname: None,
            alpn_selected: None,
            ticket: None,
            ticket_lifetime_hint: 0,
            ticket_appdata: None,
            max_early_data: 0,
            max_fragment_len_mode: MAX_FRAGMENT_LEN_UNSPECIFIED,
            compress_id: 0,
            peer_cert: None,
            verify_result: 1,
            psk_identity_hint: None,
            psk_identity: None,
            srp_username: None,
            flags: 0,
            tick_age_add: 0,
            kex_group: 0,
        }
    }

    /// `SSL_SESSION_get_max_fragment_length`: the mode, 0 when unspecified.
    pub fn max_fragment_length(&self) -> u8 {
        match self.max_fragment_len_mode {
            MAX_FRAGMENT_LEN_UNSPECIFIED => 0,
            mode => mode,
        }
    }

    #[cfg(test)]
    pub(crate) fn fresh_for_tests() -> Self {
        Self::fresh()
    }

    pub fn has_ticket(&self) -> bool {
        self.ticket.as_ref().is_some_and(|t| !t.is_empty())
    }

    /// Whether a ticket, ALPN or ticket appdata is present but empty (only a
    /// decoded session holds one). OpenSSL cannot copy such a buffer: its
    /// zero-length allocation fails, and so does `SSL_SESSION_dup`.
    pub fn has_empty_buffer(&self) -> bool {
        [&self.ticket, &self.alpn_selected, &self.ticket_appdata]
            .iter()
            .any(|b| b.as_ref().is_some_and(|b| b.is_empty()))
    }
}

/// An `SSL_SESSION`.
///
/// `repr(C)` keeps the fields a cache touches when it drops a session (the
/// not-resumable mark and the membership), and the lock, next to the reference
/// count at the start of the allocation: evicting or flushing a session then
/// touches one cache line of it.
#[repr(C)]
pub struct Session {
    /// Set when the cache drops the session (remove, flush, eviction) or a
    /// connection gives it up as bad; never cleared, not serialized.
    not_resumable: AtomicBool,
    /// Set by every change of the fields; cleared when a cache takes the
    /// session in. While clear, the key it was cached under is still its key.
    fields_changed: AtomicBool,
    /// Which cache holds the session (its id; 0 for none) and in which slot.
    /// Written only by that cache, under its lock: the cache needs no lock of
    /// the session to let it go.
    cache_slot: AtomicU32,
    cache_id: AtomicU64,
    /// The fields, and the way to the holding cache, under one lock. Lock order:
    /// a cache's lock, then this.
    state: Mutex<SessionState>,
    /// What the C shell keeps with the session (libcrypto's ex_data, the decoded
    /// peer certificate); set once, right after creation.
    pub shell: OnceLock<Box<dyn ShellState>>,
}

/// What a session's lock guards.
pub(crate) struct SessionState {
    pub(crate) fields: SessionData,
    /// The cache that last held the session, to move it there when its time or
    /// timeout changes; meaningful only while `cache_id` names that cache.
    pub(crate) holder: Option<Weak<dyn SessionHolder>>,
}

/// What holds sessions in an order of expiry (a context's cache), and so must
/// move one whose time or timeout changes. A session links weakly to the last
/// one that held it, and knows it by the number the holder writes into its
/// membership (`enter_cache`).
pub(crate) trait SessionHolder: Send + Sync {
    /// The number this holder writes into the sessions it holds.
    fn holder_id(&self) -> u64;

    /// If `session` is still held here, applies `change` to its fields and
    /// moves it to its new place.
    fn change_held(
        &self,
        session: &Session,
        change: &mut dyn FnMut(&mut SessionData),
    ) -> HeldChange;
}

/// What `SessionHolder::change_held` did.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum HeldChange {
    Applied,
    /// The session left the holder meanwhile; nothing was changed.
    NotHeld,
    /// The holder refused the change (OpenSSL's lock of it would fail):
    /// nothing was changed.
    Refused,
}

/// Per-session state of the C shell.
pub trait ShellState: Send + Sync {
    /// Runs when the last reference goes, before any field is dropped.
    fn last_release(&self, session: &Session);
    fn as_any(&self) -> &dyn Any;
}

impl Object for Session {
    fn last_release(&self) {
        if let Some(shell) = self.shell.get() {
            shell.last_release(self);
        }
    }
}

/// Stores `bytes` as an optional owned buffer, empty meaning absent (the rule of
/// OpenSSL's `set1_alpn_selected` and `set1_ticket_appdata`).
pub fn optional_bytes(bytes: &[u8]) -> Option<Box<[u8]>> {
    (!bytes.is_empty()).then(|| bytes.into())
}

impl Session {
    /// `SSL_SESSION_new`: refcount 1, time now, timeout 304, not resumable.
    pub fn new() -> Shared<Session> {
        Self::from_data(SessionData::fresh(), false)
    }

    pub fn from_data(data: SessionData, not_resumable: bool) -> Shared<Session> {
        Shared::new(Session {
            not_resumable: AtomicBool::new(not_resumable),
            fields_changed: AtomicBool::new(false),
            cache_slot: AtomicU32::new(0),
            cache_id: AtomicU64::new(0),
            state: Mutex::new(SessionState {
                fields: data,
                holder: None,
            }),
            shell: OnceLock::new(),
        })
    }

    /// What `SSL_SESSION_dup` copies: a deep copy of the fields and the
    /// not-resumable mark (not the cache membership, nor the C shell's state). Pass it
    /// to `from_data` for a new session with its own refcount, in no cache.
    /// As in OpenSSL, the ticket lifetime hint is kept only with a ticket.
    pub fn dup_parts(&self) -> (SessionData, bool) {
        let mut data = self.read(|d| d.clone());
        if data.ticket.is_none() {
            data.ticket_lifetime_hint = 0;
        }
        (data, self.is_marked_not_resumable())
    }

    /// Runs `f` on the fields under the session's lock.
    pub fn read<R>(&self, f: impl FnOnce(&SessionData) -> R) -> R {
        f(&lock(&self.state).fields)
    }

    /// Changes the fields under the session's lock.
    pub fn update<R>(&self, f: impl FnOnce(&mut SessionData) -> R) -> R {
        let mut st = lock(&self.state);
        let result = f(&mut st.fields);
        self.fields_changed.store(true, Ordering::Relaxed);
        result
    }

    /// The fields and the holding cache together (for the cache).
    pub(crate) fn locked(&self) -> std::sync::MutexGuard<'_, SessionState> {
        lock(&self.state)
    }

    /// The cache holding the session (0 for none) and the slot; exact only
    /// under that cache's lock.
    pub(crate) fn cache_place(&self) -> (u64, u32) {
        (
            self.cache_id.load(Ordering::Relaxed),
            self.cache_slot.load(Ordering::Relaxed),
        )
    }

    /// Called by a cache, under its lock, when it takes the session in...
    pub(crate) fn enter_cache(&self, cache_id: u64, slot: u32) {
        self.cache_slot.store(slot, Ordering::Relaxed);
        self.cache_id.store(cache_id, Ordering::Relaxed);
    }

    /// ...and when it lets it go.
    pub(crate) fn leave_cache(&self) {
        self.cache_id.store(0, Ordering::Relaxed);
    }

    /// Whether any field changed since a cache last took the session in.
    pub(crate) fn fields_changed_since_cached(&self) -> bool {
        self.fields_changed.load(Ordering::Relaxed)
    }

    /// Called by a cache taking the session in, under the session's lock.
    pub(crate) fn clear_fields_changed(&self) {
        self.fields_changed.store(false, Ordering::Relaxed);
    }

    pub fn mark_not_resumable(&self) {
        self.not_resumable.store(true, Ordering::Relaxed);
    }

    pub fn is_marked_not_resumable(&self) -> bool {
        self.not_resumable.load(Ordering::Relaxed)
    }

    /// `SSL_SESSION_is_resumable`: not marked, and an id or a ticket to resume with.
    pub fn is_resumable(&self) -> bool {
        !self.is_marked_not_resumable() && self.read(|d| !d.id.is_empty() || d.has_ticket())
    }

    pub fn set_id(&self, id: &[u8]) -> Result<(), TooLong> {
        let id = ShortBytes::new(id)?;
        self.update(|d| d.id = id);
        Ok(())
    }

    pub fn set_sid_ctx(&self, sid_ctx: &[u8]) -> Result<(), TooLong> {
        let sid_ctx = ShortBytes::new(sid_ctx)?;
        self.update(|d| d.sid_ctx = sid_ctx);
        Ok(())
    }

    pub fn set_master_key(&self, key: &[u8]) -> Result<(), TooLong> {
        if key.len() > MAX_MASTER_KEY_LEN {
            return Err(TooLong);
        }
        let key = key.to_vec();
        self.update(|d| d.master_key = key);
        Ok(())
    }

    /// Copies the master key into `out`, returning how many bytes were copied;
    /// an empty `out` asks for the key's length (`SSL_SESSION_get_master_key`).
    pub fn master_key_into(&self, out: &mut [u8]) -> usize {
        self.read(|d| {
            if out.is_empty() {
                return d.master_key.len();
            }
            let n = out.len().min(d.master_key.len());
            out[..n].copy_from_slice(&d.master_key[..n]);
            n
        })
    }

    pub fn time(&self) -> i64 {
        self.read(|d| d.time)
    }

    pub fn timeout(&self) -> i64 {
        self.read(|d| d.timeout)
    }

    /// Sets the time; a cached session moves to its new place in its cache's
    /// expiry order. False when the holding cache refused the change (see
    /// `change_expiry`).
    pub fn set_time(&self, time: i64) -> bool {
        self.change_expiry(|d| d.time = time)
    }

    /// Negative timeouts are refused, as by OpenSSL; a cached session moves to its
    /// new place in its cache's expiry order. `Ok(false)` when the holding
    /// cache refused the change (see `change_expiry`).
    pub fn set_timeout(&self, timeout: i64) -> Result<bool, NegativeTimeout> {
        if timeout < 0 {
            return Err(NegativeTimeout);
        }
        Ok(self.change_expiry(|d| d.timeout = timeout))
    }

    /// Applies `change` (of the time or timeout) to the fields; if a cache holds
    /// the session, it moves the session to its new place in the expiry order.
    /// Returns false, having changed nothing, when the holding cache refuses
    /// (called from its remove callback where OpenSSL holds its lock).
    fn change_expiry(&self, change: impl FnOnce(&mut SessionData)) -> bool {
        let mut change = Some(change);
        let mut apply = |d: &mut SessionData| (change.take().expect("applied once"))(d);
        loop {
            let holder = {
                let mut st = lock(&self.state);
                let (id, _) = self.cache_place();
                let holder = (id != 0)
                    .then(|| st.holder.as_ref().and_then(Weak::upgrade))
                    .flatten()
                    .filter(|h| h.holder_id() == id);
                match holder {
                    Some(holder) => holder,
                    None => {
                        // Not cached: the session's lock keeps a concurrent add
                        // from reading the fields half-way (an add sets the
                        // membership under it).
                        apply(&mut st.fields);
                        return true;
                    }
                }
            };
            // The holder's lock comes first (lock order), so the session's is
            // let go above; the holder checks again that it holds the session.
            match holder.change_held(self, &mut apply) {
                HeldChange::Applied => return true,
                HeldChange::Refused => return false,
                HeldChange::NotHeld => {}
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct NegativeTimeout;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let s = Session::new();
        s.read(|d| {
            assert_eq!(d.timeout, 304);
            assert!((d.time - now()).abs() <= 2);
            assert_eq!(d.protocol_version, 0);
            assert!(d.id.is_empty());
            assert_eq!(d.max_fragment_length(), 0);
        });
        assert!(!s.is_resumable());
    }

    #[test]
    fn limits() {
        let s = Session::new();
        assert_eq!(s.set_id(&[1; 33]), Err(TooLong));
        assert_eq!(s.set_id(&[1; 32]), Ok(()));
        assert!(s.is_resumable());
        assert_eq!(s.set_sid_ctx(&[2; 33]), Err(TooLong));
        assert_eq!(s.set_master_key(&[3; 513]), Err(TooLong));
        assert_eq!(s.set_master_key(&[3; 512]), Ok(()));
        assert_eq!(s.master_key_into(&mut []), 512);
        let mut small = [0u8; 4];
        assert_eq!(s.master_key_into(&mut small), 4);
        assert_eq!(s.set_timeout(-1), Err(NegativeTimeout));
        assert_eq!(s.timeout(), 304);
    }

    #[test]
    fn dup_is_deep_and_keeps_mark() {
        let s = Session::new();
        s.set_id(b"abc").unwrap();
        s.mark_not_resumable();
        let (data, mark) = s.dup_parts();
        let d = Session::from_data(data, mark);
        s.set_id(b"xyz").unwrap();
        assert_eq!(d.read(|d| d.id.as_slice().to_vec()), b"abc");
        assert!(d.is_marked_not_resumable());
        assert!(!d.is_resumable());
    }

    #[test]
    fn dup_keeps_the_ticket_hint_only_with_a_ticket() {
        let s = Session::new();
        s.update(|d| d.ticket_lifetime_hint = 300);
        assert_eq!(s.dup_parts().0.ticket_lifetime_hint, 0);
        s.update(|d| d.ticket = Some(Box::new([1])));
        assert_eq!(s.dup_parts().0.ticket_lifetime_hint, 300);
        assert!(!s.read(SessionData::has_empty_buffer));
        s.update(|d| d.alpn_selected = Some(Box::new([])));
        assert!(s.read(SessionData::has_empty_buffer));
    }
}
