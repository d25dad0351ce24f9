//! What the C shell keeps with each session: libcrypto's ex_data (so the
//! new/dup/free callbacks registered with `SSL_SESSION_get_ex_new_index` run at
//! the moments OpenSSL runs them) and the peer certificate as a libcrypto `X509`,
//! decoded on first use (see `PeerCert`).
//!
//! Every session C sees is made here (`SSL_SESSION_new`, `d2i`, `dup`).

use super::lhash::SnapshotTable;
use super::{borrow, c_ptr, guard, SSL_SESSION};
use crate::core::session::{Session, SessionData, ShellState};
use crate::sync::{lock, Shared};
use std::any::Any;
use std::cell::UnsafeCell;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// `CRYPTO_EX_INDEX_SSL_SESSION`.
const EX_INDEX_SSL_SESSION: c_int = 2;

/// libcrypto's `CRYPTO_EX_DATA`.
#[repr(C)]
pub(crate) struct CryptoExData {
    ctx: *mut c_void,
    sk: *mut c_void,
}

/// libcrypto's `X509`.
#[repr(C)]
pub struct X509 {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    pub(crate) fn CRYPTO_new_ex_data(
        class_index: c_int,
        obj: *mut c_void,
        ad: *mut CryptoExData,
    ) -> c_int;
    fn CRYPTO_dup_ex_data(
        class_index: c_int,
        to: *mut CryptoExData,
        from: *const CryptoExData,
    ) -> c_int;
    pub(crate) fn CRYPTO_free_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut CryptoExData);
    pub(crate) fn CRYPTO_set_ex_data(ad: *mut CryptoExData, idx: c_int, val: *mut c_void) -> c_int;
    pub(crate) fn CRYPTO_get_ex_data(ad: *const CryptoExData, idx: c_int) -> *mut c_void;
    fn d2i_X509(a: *mut *mut X509, pp: *mut *const c_uchar, length: c_long) -> *mut X509;
    fn X509_free(x: *mut X509);
    fn i2d_X509(x: *const X509, out: *mut *mut c_uchar) -> c_int;
}

extern "C" {
    /// src/ffi/cert_shape.c: whether d2i_X509 would accept the bytes, without
    /// building the public key.
    fn sessl_cert_shape(
        der: *const c_uchar,
        len: c_long,
        consumed: *mut c_long,
        canonical: *mut c_int,
    ) -> c_int;
}

pub struct SessionShell {
    /// Changed only through libcrypto, as with OpenSSL's own field.
    ex_data: UnsafeCell<CryptoExData>,
    /// The session's peer certificate; shared by its copies (`SSL_SESSION_dup`),
    /// which share OpenSSL's `X509` too.
    peer: Mutex<Option<Arc<PeerCert>>>,
    /// The `SSL_CTX_sessions` tables the session was put in: it leaves them
    /// when it dies. One link per table, however often it was refilled.
    snapshots: Mutex<Vec<Weak<SnapshotTable>>>,
}

// SAFETY: libcrypto's ex_data has no thread affinity, and is mutated only by the
// application's own set_ex_data calls, as in OpenSSL.
unsafe impl Send for SessionShell {}
unsafe impl Sync for SessionShell {}

impl ShellState for SessionShell {
    fn last_release(&self, session: &Session) {
        // Out of the tables first, as OpenSSL's session has left its cache's
        // table before it is freed; the table lock is not held in callbacks.
        let tables = std::mem::take(&mut *lock(&self.snapshots));
        for table in tables.iter().filter_map(Weak::upgrade) {
            table.forget(c_ptr::<SSL_SESSION>(session) as *const c_void);
        }
        // SAFETY: the session is whole; free callbacks may still read it.
        unsafe {
            CRYPTO_free_ex_data(
                EX_INDEX_SSL_SESSION,
                c_ptr::<SSL_SESSION>(session) as *mut c_void,
                self.ad(),
            )
        }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl SessionShell {
    fn ad(&self) -> *mut CryptoExData {
        self.ex_data.get()
    }

    /// Records that the session is in `table` (see `last_release`).
    pub(super) fn link_snapshot(&self, table: &Arc<SnapshotTable>) {
        let mut links = lock(&self.snapshots);
        links.retain(|w| w.strong_count() > 0);
        if !links
            .iter()
            .any(|w| std::ptr::eq(w.as_ptr(), Arc::as_ptr(table)))
        {
            links.push(Arc::downgrade(table));
        }
    }
}

pub fn shell_of(s: &Session) -> Option<&SessionShell> {
    s.shell
        .get()
        .and_then(|b| b.as_any().downcast_ref::<SessionShell>())
}

/// A session with its shell state; runs the ex_data new callbacks (with the
/// session's final address) as `SSL_SESSION_new` does.
pub fn new_session(data: Option<(SessionData, bool)>) -> Shared<Session> {
    let session = match data {
        Some((d, not_resumable)) => Session::from_data(d, not_resumable),
        None => Session::new(),
    };
    let shell = Box::new(SessionShell {
        ex_data: UnsafeCell::new(CryptoExData {
            ctx: std::ptr::null_mut(),
            sk: std::ptr::null_mut(),
        }),
        peer: Mutex::new(None),
        snapshots: Mutex::new(Vec::new()),
    });
    let ad = shell.ad();
    let _ = session.shell.set(shell);
    // Before the callbacks: they may read the session (checked mode must know
    // it), and it may die unseen by C (a refused dup, a d2i that fails).
    super::register::<SSL_SESSION>(&session);
    // SAFETY: `ad` lives in the shell, owned by the session from now on.
    unsafe {
        CRYPTO_new_ex_data(
            EX_INDEX_SSL_SESSION,
            c_ptr::<SSL_SESSION>(&session) as *mut c_void,
            ad,
        )
    };
    session
}

/// `SSL_SESSION_dup`: the copy gets new callbacks, then libcrypto's dup
/// callbacks from the source, and shares the source's `X509`. `None` when a dup
/// callback refused (the copy is freed, its free callbacks run).
pub fn dup_session(src: &Session) -> Option<Shared<Session>> {
    let copy = new_session(Some(src.dup_parts()));
    let (Some(from), Some(to)) = (shell_of(src), shell_of(&copy)) else {
        return Some(copy);
    };
    *lock(&to.peer) = lock(&from.peer).clone();
    // SAFETY: both ex_data live in their sessions' shells.
    if unsafe { CRYPTO_dup_ex_data(EX_INDEX_SSL_SESSION, to.ad(), from.ad()) } == 0 {
        return None;
    }
    Some(copy)
}

/// An `X509` owned by a `PeerCert`.
struct OwnedX509(*mut X509);

// SAFETY: libcrypto's X509 objects have no thread affinity and are shared
// between threads by OpenSSL itself (refcounted, internally locked).
unsafe impl Send for OwnedX509 {}
unsafe impl Sync for OwnedX509 {}

impl Drop for OwnedX509 {
    fn drop(&mut self) {
        // SAFETY: owned here; X509_free accepts NULL.
        unsafe { X509_free(self.0) }
    }
}

/// `d2i_X509` rejected the bytes; libcrypto queued its errors.
#[derive(Debug)]
pub struct NotACertificate;

/// A session's peer certificate: the DER that `i2d_SSL_SESSION` writes, and
/// the `X509` libcrypto decodes from it.
///
/// OpenSSL decodes the `X509` inside `d2i_SSL_SESSION`, and ~94% of that time
/// (~75 of ~80 us for a 2048-bit RSA certificate on 3.0) goes to building the
/// public key, a step that never makes the decoding fail. sessl checks the
/// certificate's shape with libcrypto's ASN.1 decoder instead (cert_shape.c),
/// so that `d2i_SSL_SESSION` fails exactly when OpenSSL's does, and decodes the
/// `X509` when it is first asked for (`SSL_SESSION_get0_peer`).
///
/// The decoding runs libcrypto's X509 ex_data callbacks, which may call back
/// into sessl (`SSL_SESSION_get0_peer` on the same session, as they may with
/// OpenSSL): it runs under no lock of the session's, only under `decoding`,
/// which makes threads asking at once share one decoding, and which a callback
/// re-entering from the decoding thread never waits for (it gets NULL, as
/// OpenSSL's `SSL_SESSION_get0_peer` does while `d2i_SSL_SESSION` still
/// decodes the certificate).
pub struct PeerCert {
    der: Arc<[u8]>,
    x509: OnceLock<OwnedX509>,
    decoding: Mutex<()>,
}

thread_local! {
    /// The certificates this thread is decoding (more than one only when a
    /// callback asks for another session's peer).
    static DECODING: std::cell::RefCell<Vec<usize>> = const { std::cell::RefCell::new(Vec::new()) };
}

impl PeerCert {
    /// Checks `der` as `d2i_X509` would. `Err` with libcrypto's errors queued
    /// when it is not a certificate. On success, `der()` is the encoding
    /// OpenSSL's `i2d_SSL_SESSION` writes for it.
    pub fn decode(der: &Arc<[u8]>) -> Result<Self, NotACertificate> {
        let (mut consumed, mut canonical): (c_long, c_int) = (0, 0);
        let len = der.len() as c_long;
        // SAFETY: `der` is readable for `len` bytes; the outputs are locals.
        if unsafe { sessl_cert_shape(der.as_ptr(), len, &mut consumed, &mut canonical) } == 1
            && consumed == len
            && canonical == 1
        {
            return Ok(PeerCert {
                der: der.clone(),
                x509: OnceLock::new(),
                decoding: Mutex::new(()),
            });
        }
        // The rare cases: a certificate libcrypto would re-encode differently,
        // or bytes it rejects (it then queues its own errors). libcrypto decides.
        let mut p = der.as_ptr();
        // SAFETY: `p` addresses `len` readable bytes.
        let x = OwnedX509(unsafe { d2i_X509(std::ptr::null_mut(), &mut p, len) });
        if x.0.is_null() {
            return Err(NotACertificate);
        }
        let der = reencode(&x).map_or_else(|| der.clone(), Arc::from);
        Ok(PeerCert {
            der,
            x509: OnceLock::from(x),
            decoding: Mutex::new(()),
        })
    }

    pub fn der(&self) -> &Arc<[u8]> {
        &self.der
    }

    /// The `X509`, decoded on the first call (see the type's comment); it
    /// lives as long as this. NULL when asked from inside its own decoding.
    fn x509(&self) -> *mut X509 {
        if let Some(x) = self.x509.get() {
            return x.0;
        }
        let me = self as *const PeerCert as usize;
        if DECODING.with(|d| d.borrow().contains(&me)) {
            return std::ptr::null_mut();
        }
        let _one_decoding = lock(&self.decoding);
        if let Some(x) = self.x509.get() {
            return x.0;
        }
        DECODING.with(|d| d.borrow_mut().push(me));
        let mut p = self.der.as_ptr();
        // SAFETY: `p` addresses the certificate's bytes, which libcrypto
        // accepted when the session was decoded.
        let x =
            OwnedX509(unsafe { d2i_X509(std::ptr::null_mut(), &mut p, self.der.len() as c_long) });
        DECODING.with(|d| d.borrow_mut().retain(|&a| a != me));
        // Only the holder of `decoding` sets it, so this is the first value.
        self.x509.get_or_init(|| x).0
    }

    /// Makes this the session's certificate (None: none), dropping the previous
    /// one after the session's lock is released (its `X509_free` runs
    /// callbacks that may ask for the session's peer).
    pub fn install(peer: Option<PeerCert>, s: &Session) {
        if let Some(shell) = shell_of(s) {
            let previous = std::mem::replace(&mut *lock(&shell.peer), peer.map(Arc::new));
            drop(previous);
        }
    }
}

/// `i2d_X509` of `x`.
fn reencode(x: &OwnedX509) -> Option<Vec<u8>> {
    // SAFETY: a live X509; a NULL output pointer asks for the length only.
    let len = usize::try_from(unsafe { i2d_X509(x.0, std::ptr::null_mut()) })
        .ok()
        .filter(|&n| n > 0)?;
    let mut out = vec![0u8; len];
    let mut p = out.as_mut_ptr();
    // SAFETY: `out` has room for the `len` bytes i2d_X509 said it writes.
    (unsafe { i2d_X509(x.0, &mut p) } == len as c_int).then_some(out)
}

/// The peer certificate, owned by the session (valid until it changes or the
/// session is freed).
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut X509 {
    guard!(std::ptr::null_mut(), {
        // The certificate is taken out of the session's lock before it is
        // decoded (see PeerCert); the session keeps it alive after our handle
        // goes, unless a concurrent d2i into the session replaces it (a race
        // OpenSSL has as well).
        let peer = borrow(s)
            .and_then(shell_of)
            .and_then(|sh| lock(&sh.peer).clone());
        peer.map_or(std::ptr::null_mut(), |p| p.x509())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_ex_data(
    ss: *mut SSL_SESSION,
    idx: c_int,
    data: *mut c_void,
) -> c_int {
    guard!(0, {
        match borrow(ss).and_then(shell_of) {
            Some(sh) => CRYPTO_set_ex_data(sh.ad(), idx, data),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_ex_data(
    ss: *const SSL_SESSION,
    idx: c_int,
) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        match borrow(ss).and_then(shell_of) {
            Some(sh) => CRYPTO_get_ex_data(sh.ad(), idx),
            None => std::ptr::null_mut(),
        }
    })
}
