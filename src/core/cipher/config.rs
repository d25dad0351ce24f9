//! The cipher configuration of an `SSL_CTX` or `SSL`: its cipher list (TLS 1.3
//! suites first, then what the rule string selected), its TLS 1.3 suites, its
//! security level and Suite B mode.
//!
//! A new context uses the default list, computed once and shared by every
//! context, so that making a context costs nothing here. A connection follows
//! its context's list until it gets one of its own (OpenSSL's `SSL` has no list
//! until `SSL_set_cipher_list` or `SSL_set_ciphersuites`), but copies the TLS 1.3
//! suites, security level and Suite B mode when it is made.

use super::attrs::{attrs_by_index, rule_suites, *};
use super::rule_table::{DEFAULT_SECURITY_LEVEL, TLS13_USABLE};
use super::rules::{self, InvalidCommand, SuiteB};
use super::{index_of, table, CipherInfo};
use std::sync::{Arc, LazyLock};

/// A cipher list, shared until it changes.
pub type CipherList = Arc<[&'static CipherInfo]>;

/// `OSSL_default_ciphersuites()`.
pub const DEFAULT_CIPHERSUITES: &str =
    "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256";

/// Why setting a list failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListError {
    /// The rule string is malformed (one error per bad command); nothing changed.
    Invalid(Vec<InvalidCommand>),
    /// Nothing matched (`SSL_R_NO_CIPHER_MATCH`). For a rule string the list
    /// was still replaced (by the TLS 1.3 suites alone), as in OpenSSL.
    NoMatch,
    /// Suite B mode on a context whose method is below TLS 1.2
    /// (`SSL_R_AT_LEAST_TLS_1_2_NEEDED_IN_SUITEB_MODE`): the list is kept; only
    /// the mode a `SUITEB` rule string named is taken.
    SuiteBNeedsTls12,
}

#[derive(Clone)]
pub struct CipherSettings {
    /// `None`: the default list for a context, the context's list for a
    /// connection.
    list: Option<CipherList>,
    /// `None`: the default TLS 1.3 suites.
    tls13: Option<CipherList>,
    sec_level: i32,
    suite_b: SuiteB,
    /// What the context's library context cannot provide (`SSL_CTX_new_ex`):
    /// suites needing it are left out of every list built.
    unavailable: Unavailable,
}

/// An algorithm a suite needs, as `SSL_CTX_new_ex` asks its library context
/// for it (OpenSSL's `ssl_load_ciphers`): by fetch name and kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Cipher(&'static str),
    Digest(&'static str),
    KeyExchange(&'static str),
    Signature(&'static str),
}

/// The algorithms of suites that a library context does not provide, by
/// category (the masks of `attrs`). Empty for the default context.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Unavailable {
    kx: u32,
    auth: u32,
    enc: u32,
    mac: u32,
}

/// Which category an algorithm's absence removes, and which bits.
#[derive(Clone, Copy)]
enum Removes {
    Kx(u32),
    Auth(u32),
    Enc(u32),
    Mac(u32),
}

/// What OpenSSL 3.0 asks a library context for when a context is made. The
/// NULL cipher, AEAD MACs and RSA are not asked for: never unavailable.
const NEEDED: &[(Algorithm, Removes)] = &[
    (Algorithm::Cipher("AES-128-CBC"), Removes::Enc(E_AES128)),
    (Algorithm::Cipher("AES-256-CBC"), Removes::Enc(E_AES256)),
    (Algorithm::Cipher("AES-128-GCM"), Removes::Enc(E_AES128GCM)),
    (Algorithm::Cipher("AES-256-GCM"), Removes::Enc(E_AES256GCM)),
    (
        Algorithm::Cipher("AES-128-CCM"),
        Removes::Enc(E_AES128CCM | E_AES128CCM8),
    ),
    (
        Algorithm::Cipher("AES-256-CCM"),
        Removes::Enc(E_AES256CCM | E_AES256CCM8),
    ),
    (
        Algorithm::Cipher("CAMELLIA-128-CBC"),
        Removes::Enc(E_CAMELLIA128),
    ),
    (
        Algorithm::Cipher("CAMELLIA-256-CBC"),
        Removes::Enc(E_CAMELLIA256),
    ),
    (
        Algorithm::Cipher("ChaCha20-Poly1305"),
        Removes::Enc(E_CHACHA20),
    ),
    (
        Algorithm::Cipher("ARIA-128-GCM"),
        Removes::Enc(E_ARIA128GCM),
    ),
    (
        Algorithm::Cipher("ARIA-256-GCM"),
        Removes::Enc(E_ARIA256GCM),
    ),
    (Algorithm::Cipher("SEED-CBC"), Removes::Enc(E_SEED)),
    (Algorithm::Cipher("IDEA-CBC"), Removes::Enc(E_IDEA)),
    (Algorithm::Digest("MD5"), Removes::Mac(M_MD5)),
    (Algorithm::Digest("SHA1"), Removes::Mac(M_SHA1)),
    (Algorithm::Digest("SHA256"), Removes::Mac(M_SHA256)),
    (Algorithm::Digest("SHA384"), Removes::Mac(M_SHA384)),
    (Algorithm::KeyExchange("DH"), Removes::Kx(K_DHE | K_DHEPSK)),
    (
        Algorithm::KeyExchange("ECDH"),
        Removes::Kx(K_ECDHE | K_ECDHEPSK),
    ),
    (Algorithm::Signature("DSA"), Removes::Auth(A_DSS)),
    (Algorithm::Signature("ECDSA"), Removes::Auth(A_ECDSA)),
];

impl Unavailable {
    /// Asks `available` about every algorithm a suite may need.
    pub fn probe(mut available: impl FnMut(Algorithm) -> bool) -> Unavailable {
        let mut u = Unavailable::default();
        for &(alg, removes) in NEEDED {
            if !available(alg) {
                match removes {
                    Removes::Kx(b) => u.kx |= b,
                    Removes::Auth(b) => u.auth |= b,
                    Removes::Enc(b) => u.enc |= b,
                    Removes::Mac(b) => u.mac |= b,
                }
            }
        }
        u
    }

    pub fn is_empty(&self) -> bool {
        *self == Unavailable::default()
    }

    /// Whether the suite needs something unavailable: for TLS 1.3 suites
    /// their cipher and handshake digest, for the others any of their
    /// algorithms.
    fn excludes(&self, c: &'static CipherInfo) -> bool {
        if self.is_empty() || is_scsv(c) {
            return false;
        }
        let a = attrs_by_index(index_of(c));
        if a.min_tls == TLS1_3 {
            let digest = if c.name.ends_with("SHA384") {
                M_SHA384
            } else {
                M_SHA256
            };
            return a.enc & self.enc != 0 || digest & self.mac != 0;
        }
        a.kx & self.kx != 0
            || a.auth & self.auth != 0
            || a.enc & self.enc != 0
            || a.mac & self.mac != 0
    }
}

impl Default for CipherSettings {
    fn default() -> Self {
        CipherSettings::NEW
    }
}

fn default_tls13() -> &'static CipherList {
    static LIST: LazyLock<CipherList> = LazyLock::new(|| {
        parse_ciphersuites(DEFAULT_CIPHERSUITES)
            .unwrap_or_default()
            .into()
    });
    &LIST
}

/// The list of a new context (`SSL_CTX_get_ciphers` before any change).
pub fn default_list() -> &'static CipherList {
    static LIST: LazyLock<CipherList> = LazyLock::new(|| {
        let (mut suite_b, mut level) = (SuiteB::Off, 0);
        let selected = rules::select(rules::DEFAULT_RULES.as_bytes(), &mut suite_b, &mut level)
            .unwrap_or_default();
        build(default_tls13(), &selected, &Unavailable::default())
    });
    &LIST
}

/// Whether the suite can be in a list at all: the SCSVs and every suite whose
/// algorithms this build has (OpenSSL drops the others from the TLS 1.3 part).
fn usable(c: &CipherInfo) -> bool {
    is_scsv(c) || TLS13_USABLE.contains(&c.id) || rule_suites().iter().any(|s| s.info.id == c.id)
}

/// The two signalling suites (`SSL_CIPHER_get_version` says "unknown").
pub fn is_scsv(c: &CipherInfo) -> bool {
    c.version == "unknown"
}

fn min_tls_of(c: &'static CipherInfo) -> u16 {
    attrs_by_index(index_of(c)).min_tls
}

/// A cipher list: the usable TLS 1.3 suites, then the selected ones, without
/// what is unavailable. Leaving suites out after the rules ran gives the
/// list OpenSSL's (which never had them) gives: every rule keeps the
/// relative order of the suites it moves.
fn build(
    tls13: &[&'static CipherInfo],
    selected: &[&'static RuleSuite],
    unavailable: &Unavailable,
) -> CipherList {
    tls13
        .iter()
        .copied()
        .filter(|c| usable(c))
        .chain(selected.iter().map(|s| s.info))
        .filter(|c| !unavailable.excludes(c))
        .collect()
}

/// `SSL_CTX_set_ciphersuites`'s names: `:`-separated standard names, spaces
/// around each ignored; unknown and over-long (80+ bytes) names skipped. Any
/// suite's standard name is accepted, as OpenSSL 3.0 does. `None` when a
/// non-empty string names nothing.
pub fn parse_ciphersuites(s: &str) -> Option<Vec<&'static CipherInfo>> {
    if s.is_empty() {
        return Some(Vec::new());
    }
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0b' | '\x0c' | '\r');
    let found: Vec<&'static CipherInfo> = s
        .split(':')
        .map(|name| name.trim_matches(space))
        .filter(|name| name.len() < 80)
        .filter_map(|name| table().iter().find(|c| c.standard_name == Some(name)))
        .collect();
    (!found.is_empty()).then_some(found)
}

impl CipherSettings {
    /// A new context's settings.
    pub const NEW: CipherSettings = CipherSettings {
        list: None,
        tls13: None,
        sec_level: DEFAULT_SECURITY_LEVEL,
        suite_b: SuiteB::Off,
        unavailable: Unavailable {
            kx: 0,
            auth: 0,
            enc: 0,
            mac: 0,
        },
    };

    /// What a new connection of a context with these settings starts with.
    pub fn for_connection(&self) -> CipherSettings {
        CipherSettings {
            list: None,
            ..self.clone()
        }
    }

    /// The list of a context (`parent` is `None`) or of a connection whose
    /// context's list is `parent`.
    pub fn list(&self, parent: Option<&CipherSettings>) -> CipherList {
        match (&self.list, parent) {
            (Some(l), _) => l.clone(),
            (None, Some(p)) => p.list(None),
            (None, None) => default_list().clone(),
        }
    }

    pub fn has_own_list(&self) -> bool {
        self.list.is_some()
    }

    fn tls13(&self) -> &CipherList {
        self.tls13.as_ref().unwrap_or(default_tls13())
    }

    pub fn security_level(&self) -> i32 {
        self.sec_level
    }

    pub fn set_security_level(&mut self, level: i32) {
        self.sec_level = level;
    }

    /// `SSL_CTX_set_cipher_list` / `SSL_set_cipher_list`; `tls12_ciphers`:
    /// whether the context's method has TLS 1.2's suites (Suite B needs them).
    pub fn set_cipher_list(&mut self, rules: &[u8], tls12_ciphers: bool) -> Result<(), ListError> {
        let selected = rules::select(rules, &mut self.suite_b, &mut self.sec_level)
            .map_err(ListError::Invalid)?;
        if self.suite_b != SuiteB::Off && !tls12_ciphers {
            return Err(ListError::SuiteBNeedsTls12);
        }
        let list = build(self.tls13(), &selected, &self.unavailable);
        let any_below_tls13 = list.iter().any(|c| min_tls_of(c) < TLS1_3);
        self.list = Some(list);
        if any_below_tls13 {
            Ok(())
        } else {
            Err(ListError::NoMatch)
        }
    }

    /// `SSL_CTX_set_ssl_version`: a new method brings the default TLS 1.3
    /// suites and the list of the default rule string, whatever was set.
    pub fn reset_to_defaults(&mut self, tls12_ciphers: bool) -> Result<(), ListError> {
        self.set_ciphersuites(DEFAULT_CIPHERSUITES, None)?;
        self.set_cipher_list(b"DEFAULT", tls12_ciphers)
    }

    /// `SSL_CTX_set_ciphersuites` / `SSL_set_ciphersuites`. A connection without
    /// a list of its own takes a copy of its context's (`parent`) first, even
    /// when the names are refused.
    pub fn set_ciphersuites(
        &mut self,
        names: &str,
        parent: Option<&CipherSettings>,
    ) -> Result<(), ListError> {
        if self.list.is_none() {
            if let Some(p) = parent {
                self.list = Some(p.list(None));
            }
        }
        let suites: CipherList = parse_ciphersuites(names).ok_or(ListError::NoMatch)?.into();
        let current = self.list(None);
        // The old TLS 1.3 suites lead the list; the new ones replace them.
        let rest = current
            .iter()
            .skip_while(|c| min_tls_of(c) == TLS1_3)
            .copied();
        let list = suites
            .iter()
            .copied()
            .filter(|c| usable(c) && !self.unavailable.excludes(c))
            .chain(rest)
            .collect();
        self.list = Some(list);
        self.tls13 = Some(suites);
        Ok(())
    }

    /// A new context whose library context lacks `unavailable`: its list
    /// becomes the default one without the suites that need it. False when
    /// no suite is left (`SSL_R_LIBRARY_HAS_NO_CIPHERS`).
    /// (A new context's list is the default one, so that list, filtered as
    /// `build` filters, is what the rules would give.)
    pub fn exclude_unavailable(&mut self, unavailable: Unavailable) -> bool {
        self.unavailable = unavailable;
        let list: CipherList = default_list()
            .iter()
            .copied()
            .filter(|c| !unavailable.excludes(c))
            .collect();
        let any = !list.is_empty();
        self.list = Some(list);
        any
    }

    /// The Suite B mode the rule strings set (`SUITEB128`...).
    pub fn suite_b(&self) -> SuiteB {
        self.suite_b
    }

    /// The mode the certificate flags set (`SSL_CTX_set_cert_flags`).
    pub fn set_suite_b(&mut self, mode: SuiteB) {
        self.suite_b = mode;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(l: &[&'static CipherInfo]) -> Vec<&'static str> {
        l.iter().map(|c| c.name).collect()
    }

    #[test]
    fn default_list_leads_with_tls13() {
        let l = default_list();
        assert_eq!(l.len(), 60);
        assert_eq!(
            names(&l[..3]),
            [
                "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256",
                "TLS_AES_128_GCM_SHA256"
            ]
        );
    }

    #[test]
    fn no_match_keeps_tls13_only() {
        let mut s = CipherSettings::NEW;
        assert_eq!(s.set_cipher_list(b"bogus", true), Err(ListError::NoMatch));
        assert_eq!(s.list(None).len(), 3);
        assert!(matches!(
            s.set_cipher_list(b"ALL:(", true),
            Err(ListError::Invalid(_))
        ));
        assert_eq!(s.list(None).len(), 3);
    }

    #[test]
    fn unavailable_algorithms_leave_their_suites_out() {
        let mut s = CipherSettings::NEW;
        assert!(s.exclude_unavailable(Unavailable::default()));
        assert_eq!(s.list(None).len(), 60);
        // Without SHA-384 and ChaCha20: neither their TLS 1.3 suites nor
        // the others using them as cipher or MAC (an AEAD suite's MAC is
        // AEAD, whatever its PRF digest).
        let u = Unavailable::probe(|a| {
            a != Algorithm::Digest("SHA384") && a != Algorithm::Cipher("ChaCha20-Poly1305")
        });
        let mut s = CipherSettings::NEW;
        assert!(s.exclude_unavailable(u));
        let l = names(&s.list(None));
        assert_eq!(&l[..1], ["TLS_AES_128_GCM_SHA256"]);
        assert!(l.iter().all(|n| !n.contains("CHACHA")));
        assert!(!l.contains(&"ECDHE-RSA-AES256-SHA384"));
        assert!(l.contains(&"ECDHE-RSA-AES256-GCM-SHA384"));
        // A rule string and TLS 1.3 names later are filtered the same way.
        s.set_cipher_list(b"ECDHE-RSA-AES256-SHA384:AES128-SHA", true)
            .unwrap();
        assert_eq!(
            names(&s.list(None)),
            ["TLS_AES_128_GCM_SHA256", "AES128-SHA"]
        );
        s.set_ciphersuites("TLS_AES_256_GCM_SHA384:TLS_AES_128_CCM_SHA256", None)
            .unwrap();
        assert_eq!(
            names(&s.list(None)),
            ["TLS_AES_128_CCM_SHA256", "AES128-SHA"]
        );
        // Nothing at all.
        let mut s = CipherSettings::NEW;
        assert!(!s.exclude_unavailable(Unavailable::probe(|_| false)));
    }

    #[test]
    fn ciphersuites_replace_the_leading_tls13_suites() {
        let mut s = CipherSettings::NEW;
        s.set_cipher_list(b"AES128-SHA", true).unwrap();
        s.set_ciphersuites("TLS_AES_128_GCM_SHA256", None).unwrap();
        assert_eq!(
            names(&s.list(None)),
            ["TLS_AES_128_GCM_SHA256", "AES128-SHA"]
        );
        assert_eq!(s.set_ciphersuites("bogus", None), Err(ListError::NoMatch));
        s.set_ciphersuites("", None).unwrap();
        assert_eq!(names(&s.list(None)), ["AES128-SHA"]);
    }
}
