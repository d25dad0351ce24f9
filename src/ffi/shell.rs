//! What the C shell keeps with each session: libcrypto's ex_data (so the
//! new/dup/free callbacks registered with `SSL_SESSION_get_ex_new_index` run at
//! the moments OpenSSL runs them) and the peer certificate as a libcrypto `X509`.
//!
//! Every session C sees is made here (`SSL_SESSION_new`, `d2i`, `dup`).

use super::{borrow, c_ptr, guard, SSL_SESSION};
use crate::core::session::{Session, SessionData, ShellState};
use crate::sync::{lock, Shared};
use std::any::Any;
use std::cell::UnsafeCell;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::sync::Mutex;

/// `CRYPTO_EX_INDEX_SSL_SESSION`.
const EX_INDEX_SSL_SESSION: c_int = 2;

/// libcrypto's `CRYPTO_EX_DATA`.
#[repr(C)]
struct CryptoExData {
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
    fn CRYPTO_new_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut CryptoExData) -> c_int;
    fn CRYPTO_dup_ex_data(class_index: c_int, to: *mut CryptoExData, from: *const CryptoExData) -> c_int;
    fn CRYPTO_free_ex_data(class_index: c_int, obj: *mut c_void, ad: *mut CryptoExData);
    fn CRYPTO_set_ex_data(ad: *mut CryptoExData, idx: c_int, val: *mut c_void) -> c_int;
    fn CRYPTO_get_ex_data(ad: *const CryptoExData, idx: c_int) -> *mut c_void;
    fn d2i_X509(a: *mut *mut X509, pp: *mut *const c_uchar, length: c_long) -> *mut X509;
    fn X509_free(x: *mut X509);
    fn X509_up_ref(x: *mut X509) -> c_int;
}

pub struct SessionShell {
    /// Changed only through libcrypto, as with OpenSSL's own field.
    ex_data: UnsafeCell<CryptoExData>,
    /// The `X509` decoded from the session's peer certificate, owned here.
    peer: Mutex<*mut X509>,
}

// SAFETY: libcrypto's ex_data and X509 objects have no thread affinity; the peer
// pointer is guarded by its mutex, and ex_data is mutated only by the
// application's own set_ex_data calls, as in OpenSSL.
unsafe impl Send for SessionShell {}
unsafe impl Sync for SessionShell {}

impl ShellState for SessionShell {
    fn last_release(&self, session: &Session) {
        // SAFETY: the session is whole; free callbacks may still read it.
        unsafe { CRYPTO_free_ex_data(EX_INDEX_SSL_SESSION, c_ptr::<SSL_SESSION>(session) as *mut c_void, self.ad()) }
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl Drop for SessionShell {
    fn drop(&mut self) {
        let peer = *self.peer.get_mut().unwrap_or_else(|p| p.into_inner());
        // SAFETY: owned here; X509_free accepts NULL.
        unsafe { X509_free(peer) }
    }
}

impl SessionShell {
    fn ad(&self) -> *mut CryptoExData {
        self.ex_data.get()
    }
}

pub fn shell_of(s: &Session) -> Option<&SessionShell> {
    s.shell.get().and_then(|b| b.as_any().downcast_ref::<SessionShell>())
}

/// A session with its shell state; runs the ex_data new callbacks (with the
/// session's final address) as `SSL_SESSION_new` does.
pub fn new_session(data: Option<(SessionData, bool)>) -> Shared<Session> {
    let session = match data {
        Some((d, not_resumable)) => Session::from_data(d, not_resumable),
        None => Session::new(),
    };
    let shell = Box::new(SessionShell {
        ex_data: UnsafeCell::new(CryptoExData { ctx: std::ptr::null_mut(), sk: std::ptr::null_mut() }),
        peer: Mutex::new(std::ptr::null_mut()),
    });
    let ad = shell.ad();
    let _ = session.shell.set(shell);
    // SAFETY: `ad` lives in the shell, owned by the session from now on.
    unsafe { CRYPTO_new_ex_data(EX_INDEX_SSL_SESSION, c_ptr::<SSL_SESSION>(&session) as *mut c_void, ad) };
    session
}

/// `SSL_SESSION_dup`: the copy gets new callbacks, then libcrypto's dup
/// callbacks from the source, and shares the source's `X509`. `None` when a dup
/// callback refused (the copy is freed, its free callbacks run).
pub fn dup_session(src: &Session) -> Option<Shared<Session>> {
    let copy = new_session(Some(src.dup_parts()));
    let (Some(from), Some(to)) = (shell_of(src), shell_of(&copy)) else { return Some(copy) };
    let peer = *lock(&from.peer);
    if !peer.is_null() {
        // SAFETY: a live X509 owned by the source; the copy takes a reference.
        unsafe { X509_up_ref(peer) };
        *lock(&to.peer) = peer;
    }
    // SAFETY: both ex_data live in their sessions' shells.
    if unsafe { CRYPTO_dup_ex_data(EX_INDEX_SSL_SESSION, to.ad(), from.ad()) } == 0 {
        return None;
    }
    Some(copy)
}

/// A certificate decoded by libcrypto, owned until installed in a session.
pub struct DecodedPeer(*mut X509);

impl DecodedPeer {
    /// Decodes `der` (None: no certificate). `Err` with libcrypto's errors
    /// queued when it is not a certificate.
    pub fn decode(der: Option<&[u8]>) -> Result<Self, ()> {
        let Some(der) = der else { return Ok(DecodedPeer(std::ptr::null_mut())) };
        let mut p = der.as_ptr();
        // SAFETY: `p` addresses `der.len()` readable bytes.
        let x = unsafe { d2i_X509(std::ptr::null_mut(), &mut p, der.len() as c_long) };
        if x.is_null() {
            Err(())
        } else {
            Ok(DecodedPeer(x))
        }
    }

    /// Makes this the session's certificate, releasing the previous one.
    pub fn install(mut self, s: &Session) {
        let Some(shell) = shell_of(s) else { return };
        let x = std::mem::replace(&mut self.0, std::ptr::null_mut());
        let old = std::mem::replace(&mut *lock(&shell.peer), x);
        // SAFETY: owned by the session until now; NULL is fine.
        unsafe { X509_free(old) };
    }
}

impl Drop for DecodedPeer {
    fn drop(&mut self) {
        // SAFETY: owned here; NULL is fine.
        unsafe { X509_free(self.0) }
    }
}

/// The peer certificate, owned by the session (valid until it changes or the
/// session is freed).
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_peer(s: *mut SSL_SESSION) -> *mut X509 {
    guard!(std::ptr::null_mut(), {
        borrow(s).and_then(shell_of).map_or(std::ptr::null_mut(), |sh| *lock(&sh.peer))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_ex_data(ss: *mut SSL_SESSION, idx: c_int, data: *mut c_void) -> c_int {
    guard!(0, {
        match borrow(ss).and_then(shell_of) {
            Some(sh) => CRYPTO_set_ex_data(sh.ad(), idx, data),
            None => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_ex_data(ss: *const SSL_SESSION, idx: c_int) -> *mut c_void {
    guard!(std::ptr::null_mut(), {
        match borrow(ss).and_then(shell_of) {
            Some(sh) => CRYPTO_get_ex_data(sh.ad(), idx),
            None => std::ptr::null_mut(),
        }
    })
}
