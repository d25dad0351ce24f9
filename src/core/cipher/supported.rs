//! `SSL_get1_supported_ciphers` as OpenSSL 3.0 computes it, every step asking
//! the security callback (`check`) in OpenSSL's order: the signature
//! algorithms decide which authentications are possible, the protocol versions
//! which suites fit, then each suite of the list is asked about.
//!
//! The callback is the application's or the default one (see
//! `core::config::security`), so the calls it sees are OpenSSL's.

use super::attrs::*;
use super::rules::SuiteB;
use super::{index_of, CipherInfo};
use crate::core::config::security::{CIPHER_SUPPORTED, SIGALG_MASK, VERSION};

/// What a security check is about (`other` of the callback).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    None,
    /// A signature algorithm's two code bytes.
    Sigalg([u8; 2]),
    Cipher(&'static CipherInfo),
}

/// The connection's settings the computation reads.
#[derive(Debug, Clone)]
pub struct Conn {
    /// `method->version`: `TLS_ANY_VERSION`, `DTLS_ANY_VERSION` or the version
    /// of a fixed-version method.
    pub method_protocol: i32,
    /// The connection's version (`SSL_version`): a fixed-version method's
    /// only one, or `DTLS1_BAD_VER` (`SSL_OP_CISCO_ANYCONNECT`).
    pub version: i32,
    pub dtls: bool,
    pub server: bool,
    pub min_proto: i32,
    pub max_proto: i32,
    pub options: u64,
    pub suite_b: SuiteB,
    /// The lowest version the previous computation found (OpenSSL keeps it in
    /// the connection and reads it before computing the new one).
    pub prev_min_ver: i32,
    pub psk_client_callback: bool,
    /// Whether SRP was configured (OpenSSL's `srp_Mask`).
    pub srp: bool,
    /// The signature algorithms the application set for this side, if any
    /// (else OpenSSL's default list).
    pub sigalgs: Option<std::sync::Arc<[u16]>>,
}

/// The result: the suites (`None`: nothing usable, NULL in C) and the version
/// range found, which the connection keeps.
pub struct Supported {
    pub ciphers: Option<Vec<&'static CipherInfo>>,
    pub min_ver: i32,
    pub max_ver: i32,
}

/// OpenSSL's default signature algorithms, in order: code, authentication,
/// bits of security, digest NID (0 for EdDSA).
const DEFAULT_SIGALGS: [(u16, u32, i32, i32); 23] = [
    (0x0403, A_ECDSA, 128, 672),
    (0x0503, A_ECDSA, 192, 673),
    (0x0603, A_ECDSA, 256, 674),
    (0x0807, A_ECDSA, 128, 0),
    (0x0808, A_ECDSA, 224, 0),
    (0x0809, A_RSA, 128, 672),
    (0x080a, A_RSA, 192, 673),
    (0x080b, A_RSA, 256, 674),
    (0x0804, A_RSA, 128, 672),
    (0x0805, A_RSA, 192, 673),
    (0x0806, A_RSA, 256, 674),
    (0x0401, A_RSA, 128, 672),
    (0x0501, A_RSA, 192, 673),
    (0x0601, A_RSA, 256, 674),
    (0x0303, A_ECDSA, 112, 675),
    (0x0203, A_ECDSA, 64, 64),
    (0x0301, A_RSA, 112, 675),
    (0x0201, A_RSA, 64, 64),
    (0x0302, A_DSS, 112, 675),
    (0x0202, A_DSS, 64, 64),
    (0x0402, A_DSS, 128, 672),
    (0x0502, A_DSS, 192, 673),
    (0x0602, A_DSS, 256, 674),
];

const TLS_ANY: i32 = 0x10000;
const DTLS_ANY: i32 = 0x1ffff;
const DTLS1_BAD: i32 = 0x0100;
const NID_SHA1: i32 = 64;
const NID_SHA224: i32 = 675;

// SSL_OP_NO_* bits of each version's method.
const NO_TLS1: u64 = 0x0400_0000;
const NO_TLS1_2: u64 = 0x0800_0000;
const NO_TLS1_1: u64 = 0x1000_0000;
const NO_TLS1_3: u64 = 0x2000_0000;

/// The authentications no allowed signature algorithm serves.
fn sigalg_mask(conn: &Conn, check: &mut dyn FnMut(i32, i32, i32, Subject) -> bool) -> u32 {
    let configured: Vec<(u16, u32, i32, i32)>;
    let list: &[(u16, u32, i32, i32)] = match (conn.suite_b, &conn.sigalgs) {
        (SuiteB::Off, None) => &DEFAULT_SIGALGS,
        (SuiteB::Off, Some(codes)) => {
            // Codes this build has no algorithm for are skipped.
            configured = codes
                .iter()
                .filter_map(|&c| DEFAULT_SIGALGS.iter().find(|e| e.0 == c).copied())
                .collect();
            &configured
        }
        (SuiteB::Los128, _) => &DEFAULT_SIGALGS[..2],
        (SuiteB::Los128Only, _) => &DEFAULT_SIGALGS[..1],
        (SuiteB::Los192, _) => &DEFAULT_SIGALGS[1..2],
    };
    let mut disabled = A_RSA | A_DSS | A_ECDSA;
    for &(code, auth, bits, nid) in list {
        if disabled & auth == 0 {
            continue;
        }
        // A client that will speak TLS 1.3 only offers none of these.
        if !conn.server
            && !conn.dtls
            && conn.prev_min_ver >= 0x0304
            && (auth == A_DSS || nid == NID_SHA1 || nid == NID_SHA224)
        {
            continue;
        }
        if check(SIGALG_MASK, bits, nid, Subject::Sigalg(code.to_be_bytes())) {
            disabled &= !auth;
        }
    }
    disabled
}

/// How a version compares with another: positive when newer.
fn version_cmp(dtls: bool, a: i32, b: i32) -> i32 {
    let rank = |v: i32| match (dtls, v) {
        (false, v) => v,
        (true, DTLS1_BAD) => 0,
        (true, v) => 0x10000 - v,
    };
    rank(a) - rank(b)
}

/// `ssl_get_min_max_version`: the contiguous range of enabled versions,
/// highest first (`None` when none is).
fn min_max_version(
    conn: &Conn,
    check: &mut dyn FnMut(i32, i32, i32, Subject) -> bool,
) -> Option<(i32, i32)> {
    // (version, SSL_OP_NO_* bit, refused in Suite B mode); SSL 3 is not built.
    let table: &[(i32, u64, bool)] = match conn.method_protocol {
        TLS_ANY => &[
            (0x0304, NO_TLS1_3, false),
            (0x0303, NO_TLS1_2, false),
            (0x0302, NO_TLS1_1, true),
            (0x0301, NO_TLS1, true),
            (0x0300, 0, true),
        ],
        DTLS_ANY => &[
            (0xfefd, NO_TLS1_2, false),
            (0xfeff, NO_TLS1, true),
            (DTLS1_BAD, NO_TLS1, true),
        ],
        _ => return Some((conn.version, conn.version)),
    };
    let (mut min, mut version, mut hole) = (0, 0, true);
    for &(v, no_bit, no_suite_b) in table {
        if v == 0x0300 {
            hole = true;
            continue;
        }
        let refused = (conn.min_proto != 0 && version_cmp(conn.dtls, v, conn.min_proto) < 0)
            || !check(VERSION, 0, v, Subject::None)
            || (conn.max_proto != 0 && version_cmp(conn.dtls, v, conn.max_proto) > 0)
            || conn.options & no_bit != 0
            || (no_suite_b && conn.suite_b != SuiteB::Off);
        if refused {
            hole = true;
        } else if !hole {
            min = v;
        } else {
            version = v;
            min = v;
            hole = false;
        }
    }
    (version != 0).then_some((min, version))
}

/// Whether a suite fits the version range (`ssl_cipher_disabled`'s version
/// test). DTLS takes no TLS 1.3 suite, and TLS 1.2 suites from DTLS 1.2 on.
fn fits_versions(conn: &Conn, min_tls: u16, min_ver: i32, max_ver: i32) -> bool {
    let max_tls = if min_tls == TLS1_3 { TLS1_3 } else { TLS1_2 };
    if !conn.dtls {
        return i32::from(min_tls) <= max_ver && i32::from(max_tls) >= min_ver;
    }
    let min_dtls = match min_tls {
        TLS1_3 => return false,
        TLS1_2 => 0xfefd,
        _ => DTLS1_BAD,
    };
    version_cmp(true, min_dtls, max_ver) <= 0 && version_cmp(true, 0xfefd, min_ver) >= 0
}

/// `SSL_get1_supported_ciphers` over `list` (the connection's cipher list).
pub fn supported(
    conn: &Conn,
    list: &[&'static CipherInfo],
    check: &mut dyn FnMut(i32, i32, i32, Subject) -> bool,
) -> Supported {
    let mut mask_a = sigalg_mask(conn, check);
    let mut mask_k = 0;
    let Some((min_ver, max_ver)) = min_max_version(conn, check) else {
        return Supported {
            ciphers: None,
            min_ver: 0,
            max_ver: 0,
        };
    };
    if !conn.psk_client_callback {
        mask_a |= A_PSK;
        mask_k |= K_ANY_PSK;
    }
    if !conn.srp {
        mask_a |= A_SRP;
        mask_k |= K_SRP;
    }
    let mut out = Vec::new();
    for &c in list {
        let a = attrs_by_index(index_of(c));
        if a.kx & mask_k != 0 || a.auth & mask_a != 0 {
            continue;
        }
        if !fits_versions(conn, a.min_tls, min_ver, max_ver) {
            continue;
        }
        if check(CIPHER_SUPPORTED, c.strength_bits, 0, Subject::Cipher(c)) {
            out.push(c);
        }
    }
    Supported {
        ciphers: (!out.is_empty()).then_some(out),
        min_ver,
        max_ver,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::cipher::config::default_list;
    use crate::core::config::security::default_allows;

    fn tls(level: i32) -> (Conn, impl FnMut(i32, i32, i32, Subject) -> bool) {
        let conn = Conn {
            method_protocol: TLS_ANY,
            version: 0x0304,
            dtls: false,
            server: true,
            min_proto: 0,
            max_proto: 0,
            options: 0,
            suite_b: SuiteB::Off,
            prev_min_ver: 0,
            psk_client_callback: false,
            srp: false,
            sigalgs: None,
        };
        let check = move |op, bits, nid, s: Subject| {
            let c = match s {
                Subject::Cipher(c) => Some(c),
                _ => None,
            };
            default_allows(level, op, bits, nid, c, false)
        };
        (conn, check)
    }

    #[test]
    fn default_level_2_keeps_30_of_the_default_list() {
        let (conn, mut check) = tls(2);
        let r = supported(&conn, default_list(), &mut check);
        assert_eq!(r.ciphers.unwrap().len(), 30);
        assert_eq!((r.min_ver, r.max_ver), (0x0301, 0x0304));
    }

    #[test]
    fn tls13_only_bounds_keep_the_tls13_suites() {
        let (mut conn, mut check) = tls(2);
        conn.min_proto = 0x0304;
        let r = supported(&conn, default_list(), &mut check);
        assert_eq!(r.ciphers.unwrap().len(), 3);
    }
}
