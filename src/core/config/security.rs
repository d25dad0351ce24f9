//! Security callbacks (`SSL_CTX_set_security_callback`...): what a context or
//! connection stores, and OpenSSL's default callback's decisions.
//!
//! A context starts with the default callback; `SSL_new` copies the callback
//! and its `ex` pointer. Both are stored as the values C gave (0 meaning the
//! default callback), so that storing them costs nothing until used.

use crate::core::cipher::attrs::*;
use crate::core::cipher::{index_of, CipherInfo};
use crate::sync::lock;
use std::sync::atomic::{AtomicBool, AtomicI32, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// `SSL_SECOP_OTHER_TYPE`: the bits of an operation saying what `other` is.
pub(crate) const OTHER_TYPE: i32 = 0xffff_0000_u32 as i32;
pub(crate) const OTHER_CIPHER: i32 = 1 << 16;
pub(crate) const CIPHER_SUPPORTED: i32 = 1 | OTHER_CIPHER;
pub(crate) const CIPHER_SHARED: i32 = 2 | OTHER_CIPHER;
pub(crate) const CIPHER_CHECK: i32 = 3 | OTHER_CIPHER;
pub(crate) const TMP_DH: i32 = 7 | (4 << 16);
pub(crate) const VERSION: i32 = 9;
pub(crate) const TICKET: i32 = 10;
pub(crate) const SIGALG_MASK: i32 = 14 | (5 << 16);
pub(crate) const COMPRESSION: i32 = 15;
pub(crate) const EE_KEY: i32 = 16 | (6 << 16);
pub(crate) const CA_KEY: i32 = 17 | (6 << 16);
pub(crate) const CA_MD: i32 = 18 | (6 << 16);

/// The callback and `ex` pointer of a context or connection.
#[derive(Default)]
pub struct SecurityConfig {
    /// The C function pointer; 0 is the default callback, [`NULL_CALLBACK`]
    /// a NULL the application set.
    callback: AtomicUsize,
    ex_data: AtomicUsize,
    /// OpenSSL's `srp_Mask`: an SRP setting was made on the context, so the
    /// SRP suites are not ruled out (copied by `SSL_new`).
    pub srp_offered: AtomicBool,
    /// A connection's lowest protocol version as `SSL_get1_supported_ciphers`
    /// last found it (OpenSSL's `s3.tmp.min_ver`, which the next computation
    /// reads).
    pub tmp_min_ver: AtomicI32,
    /// Whether `sigalgs` was ever set (so that copying costs nothing until
    /// then).
    sigalgs_set: AtomicBool,
    /// The configured signature algorithms (`SSL_CTX_set1_sigalgs_list`...).
    sigalgs: Mutex<SigalgLists>,
}

/// Signature algorithm codes set by the application: OpenSSL's
/// `conf_sigalgs` and `client_sigalgs` (part of the certificate settings).
#[derive(Default, Clone)]
pub struct SigalgLists {
    pub conf: Option<Arc<[u16]>>,
    pub client: Option<Arc<[u16]>>,
}

/// What [`SecurityConfig::callback`] holds after `set_security_callback(NULL)`.
pub(crate) const NULL_CALLBACK: usize = usize::MAX;

impl SecurityConfig {
    /// The stored callback: 0 for the default one, [`NULL_CALLBACK`] for NULL.
    pub fn callback(&self) -> usize {
        self.callback.load(Ordering::Relaxed)
    }

    pub fn set_callback(&self, cb: usize) {
        self.callback.store(cb, Ordering::Relaxed)
    }

    pub fn ex_data(&self) -> usize {
        self.ex_data.load(Ordering::Relaxed)
    }

    pub fn set_ex_data(&self, ex: usize) {
        self.ex_data.store(ex, Ordering::Relaxed)
    }

    /// What OpenSSL keeps of this in its `CERT`: the callback, `ex` and
    /// signature algorithms (not the SRP mask), which `SSL_new`,
    /// `SSL_set_SSL_CTX` and `SSL_copy_session_id` take from their source.
    pub fn copy_cert_part_from(&self, other: &SecurityConfig) {
        self.set_callback(other.callback());
        self.set_ex_data(other.ex_data());
        if self.sigalgs_set.load(Ordering::Acquire) || other.sigalgs_set.load(Ordering::Acquire) {
            let lists = other.sigalgs();
            *lock(&self.sigalgs) = lists;
            self.sigalgs_set.store(true, Ordering::Release);
        }
    }

    /// Sets the configured (`client` false) or client signature algorithms.
    pub fn set_sigalgs(&self, client: bool, codes: Vec<u16>) {
        let mut l = lock(&self.sigalgs);
        let list = Some(Arc::from(codes));
        if client {
            l.client = list;
        } else {
            l.conf = list;
        }
        self.sigalgs_set.store(true, Ordering::Release);
    }

    /// The configured signature algorithms.
    pub fn sigalgs(&self) -> SigalgLists {
        if !self.sigalgs_set.load(Ordering::Acquire) {
            return SigalgLists::default();
        }
        lock(&self.sigalgs).clone()
    }

    /// `SSL_new`: the connection starts with the context's `CERT` part and
    /// SRP mask.
    pub fn copy_from(&self, other: &SecurityConfig) {
        self.copy_cert_part_from(other);
        self.srp_offered
            .store(other.srp_offered.load(Ordering::Relaxed), Ordering::Relaxed);
    }
}

/// The security level clamped to 0..=5, and the bits of security it needs.
pub fn level_bits(level: i32) -> (i32, i32) {
    let level = level.clamp(0, 5);
    (level, [0, 80, 112, 128, 192, 256][level as usize])
}

/// What OpenSSL's default security callback answers at `level` for the
/// operation; `cipher` is the suite of the cipher operations (`other`),
/// `dtls` whether the connection is DTLS (for `SSL_SECOP_VERSION`).
pub fn default_allows(
    level: i32,
    op: i32,
    bits: i32,
    nid: i32,
    cipher: Option<&'static CipherInfo>,
    dtls: bool,
) -> bool {
    let (level, min_bits) = level_bits(level);
    if level == 0 {
        // Temporary DH keys need 80 bits even at level 0.
        return !(op == TMP_DH && bits < 80);
    }
    match op {
        CIPHER_SUPPORTED | CIPHER_SHARED | CIPHER_CHECK => {
            if bits < min_bits {
                return false;
            }
            // OpenSSL reads the suite's algorithms here (it crashes without
            // one); sessl judges a missing suite by its bits alone.
            let Some(c) = cipher else { return true };
            let a = attrs_by_index(index_of(c));
            let forward_secret = K_DHE | K_ECDHE | K_DHEPSK | K_ECDHEPSK;
            !(a.auth & A_NULL != 0
                || a.mac & M_MD5 != 0
                || (min_bits > 160 && a.mac & M_SHA1 != 0)
                || (level >= 3 && a.min_tls != TLS1_3 && a.kx & forward_secret == 0))
        }
        VERSION => {
            if dtls {
                // Below DTLS 1.2 only up to level 3 (DTLS versions count
                // down; the bad 0x0100 version is the oldest).
                let ordinal = if nid == 0x0100 { 0xff00 } else { nid };
                level < 4 || ordinal <= 0xfefd
            } else {
                // SSL 3 up to level 1, TLS 1.0 up to 2, TLS 1.1 up to 3.
                !((nid <= 0x0300 && level >= 2)
                    || (nid <= 0x0301 && level >= 3)
                    || (nid <= 0x0302 && level >= 4))
            }
        }
        COMPRESSION => level < 2,
        TICKET => level < 3,
        _ => bits >= min_bits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_decisions() {
        assert!(default_allows(0, TMP_DH, 80, 0, None, false));
        assert!(!default_allows(0, TMP_DH, 79, 0, None, false));
        assert!(default_allows(1, VERSION, 0, 0x0300, None, false));
        assert!(!default_allows(2, VERSION, 0, 0x0300, None, false));
        assert!(default_allows(2, VERSION, 0, 0x0301, None, false));
        assert!(!default_allows(3, VERSION, 0, 0x0301, None, false));
        assert!(default_allows(3, VERSION, 0, 0x0302, None, false));
        assert!(!default_allows(4, VERSION, 0, 0x0302, None, false));
        assert!(default_allows(3, VERSION, 0, 0x0100, None, true));
        assert!(!default_allows(4, VERSION, 0, 0xfeff, None, true));
        assert!(default_allows(4, VERSION, 0, 0xfefd, None, true));
        assert!(default_allows(1, COMPRESSION, 0, 0, None, false));
        assert!(!default_allows(2, COMPRESSION, 0, 0, None, false));
        assert!(!default_allows(3, TICKET, 0, 0, None, false));
        assert!(!default_allows(2, EE_KEY, 111, 0, None, false));
        assert!(default_allows(9, EE_KEY, 256, 0, None, false));
    }
}
