//! What the C shell keeps with each session: libcrypto's ex_data (so the
//! new/dup/free callbacks registered with `SSL_SESSION_get_ex_new_index` run at
//! the moments OpenSSL runs them) and the peer certificate as a libcrypto `X509`,
//! decoded on first use (see `PeerCert`).
//!
//! Every session C sees is made here (`SSL_SESSION_new`, `d2i`, `dup`).

use super::{borrow, c_ptr, guard, SSL_SESSION};
use crate::core::session::{Session, SessionData, ShellState};
use crate::sync::{lock, Shared};
use std::any::Any;
use std::cell::UnsafeCell;
use std::os::raw::{c_int, c_long, c_uchar, c_void};
use std::sync::{Arc, Mutex, OnceLock};

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
}

// SAFETY: libcrypto's ex_data has no thread affinity, and is mutated only by the
// application's own set_ex_data calls, as in OpenSSL.
unsafe impl Send for SessionShell {}
unsafe impl Sync for SessionShell {}

impl ShellState for SessionShell {
    fn last_release(&self, session: &Session) {
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
    });
    let ad = shell.ad();
    let _ = session.shell.set(shell);
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
pub struct PeerCert {
    der: Arc<[u8]>,
    x509: OnceLock<OwnedX509>,
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
        })
    }

    pub fn der(&self) -> &Arc<[u8]> {
        &self.der
    }

    /// The `X509`, decoded on the first call; it lives as long as this.
    fn x509(&self) -> *mut X509 {
        self.x509
            .get_or_init(|| {
                let mut p = self.der.as_ptr();
                // SAFETY: `p` addresses the certificate's bytes, which libcrypto
                // accepted when the session was decoded.
                OwnedX509(unsafe {
                    d2i_X509(std::ptr::null_mut(), &mut p, self.der.len() as c_long)
                })
            })
            .0
    }

    /// Makes this the session's certificate (None: none), dropping the previous one.
    pub fn install(peer: Option<PeerCert>, s: &Session) {
        if let Some(shell) = shell_of(s) {
            *lock(&shell.peer) = peer.map(Arc::new);
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
        borrow(s)
            .and_then(shell_of)
            .and_then(|sh| lock(&sh.peer).as_ref().map(|p| p.x509()))
            .unwrap_or(std::ptr::null_mut())
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
