//! What the cipher-string rule language matches on: each suite's key exchange,
//! authentication, encryption, MAC, minimum TLS version and strength flags.
//!
//! All of it is data from the installed OpenSSL: the first five are read from the
//! suite's `SSL_CIPHER_description` (`Kx=`, `Au=`, `Enc=`, `Mac=`) and
//! `SSL_CIPHER_get_version` in `cipher_table.rs`, the strength flags and the
//! default order from `rule_table.rs`. Each algorithm is one bit of its
//! category, so that a rule's masks (unions of algorithms) intersect like
//! OpenSSL's.

use super::rule_table::RULE_ORDER;
use super::{by_id, table, CipherInfo};
use std::sync::LazyLock;

// Key exchange.
pub(crate) const K_RSA: u32 = 1 << 0;
pub(crate) const K_DHE: u32 = 1 << 1;
pub(crate) const K_ECDHE: u32 = 1 << 2;
pub(crate) const K_PSK: u32 = 1 << 3;
pub(crate) const K_RSAPSK: u32 = 1 << 4;
pub(crate) const K_ECDHEPSK: u32 = 1 << 5;
pub(crate) const K_DHEPSK: u32 = 1 << 6;
pub(crate) const K_SRP: u32 = 1 << 7;
pub(crate) const K_GOST: u32 = 1 << 8;
pub(crate) const K_GOST18: u32 = 1 << 9;
/// Every pre-shared-key exchange (the `PSK` alias).
pub(crate) const K_ANY_PSK: u32 = K_PSK | K_RSAPSK | K_ECDHEPSK | K_DHEPSK;

// Authentication.
pub(crate) const A_RSA: u32 = 1 << 0;
pub(crate) const A_DSS: u32 = 1 << 1;
pub(crate) const A_NULL: u32 = 1 << 2;
pub(crate) const A_ECDSA: u32 = 1 << 3;
pub(crate) const A_PSK: u32 = 1 << 4;
pub(crate) const A_GOST01: u32 = 1 << 5;
pub(crate) const A_GOST12: u32 = 1 << 6;
pub(crate) const A_SRP: u32 = 1 << 7;

// Encryption.
pub(crate) const E_NULL: u32 = 1 << 0;
pub(crate) const E_AES128: u32 = 1 << 1;
pub(crate) const E_AES256: u32 = 1 << 2;
pub(crate) const E_AES128GCM: u32 = 1 << 3;
pub(crate) const E_AES256GCM: u32 = 1 << 4;
pub(crate) const E_AES128CCM: u32 = 1 << 5;
pub(crate) const E_AES256CCM: u32 = 1 << 6;
pub(crate) const E_AES128CCM8: u32 = 1 << 7;
pub(crate) const E_AES256CCM8: u32 = 1 << 8;
pub(crate) const E_CAMELLIA128: u32 = 1 << 9;
pub(crate) const E_CAMELLIA256: u32 = 1 << 10;
pub(crate) const E_CHACHA20: u32 = 1 << 11;
pub(crate) const E_ARIA128GCM: u32 = 1 << 12;
pub(crate) const E_ARIA256GCM: u32 = 1 << 13;
pub(crate) const E_SEED: u32 = 1 << 14;
pub(crate) const E_IDEA: u32 = 1 << 15;
pub(crate) const E_GOST89: u32 = 1 << 16;
pub(crate) const E_MAGMA: u32 = 1 << 17;
pub(crate) const E_KUZNYECHIK: u32 = 1 << 18;
pub(crate) const E_AESGCM: u32 = E_AES128GCM | E_AES256GCM;
pub(crate) const E_AES: u32 =
    E_AES128 | E_AES256 | E_AESGCM | E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8;

// MAC.
pub(crate) const M_MD5: u32 = 1 << 0;
pub(crate) const M_SHA1: u32 = 1 << 1;
pub(crate) const M_SHA256: u32 = 1 << 2;
pub(crate) const M_SHA384: u32 = 1 << 3;
pub(crate) const M_AEAD: u32 = 1 << 4;
pub(crate) const M_GOST94: u32 = 1 << 5;
pub(crate) const M_GOST89: u32 = 1 << 6;
pub(crate) const M_GOST12: u32 = 1 << 7;

// Strength flags, as rule_table.rs records them. No alias selects S_NONE (the
// eNULL suites' class); it only makes a suite name exclude the other classes.
#[allow(dead_code)]
pub(crate) const S_NONE: u8 = 0x01;
pub(crate) const S_LOW: u8 = 0x02;
pub(crate) const S_MEDIUM: u8 = 0x04;
pub(crate) const S_HIGH: u8 = 0x08;
pub(crate) const S_FIPS: u8 = 0x10;
pub(crate) const S_NOT_DEFAULT: u8 = 0x20;
/// The class bits (and FIPS), matched as one group.
pub(crate) const S_STRONG_MASK: u8 = 0x1f;
pub(crate) const S_DEFAULT_MASK: u8 = S_NOT_DEFAULT;

// Minimum TLS versions (protocol numbers); 0 for the SCSVs.
pub(crate) const SSL3: u16 = 0x0300;
pub(crate) const TLS1: u16 = 0x0301;
pub(crate) const TLS1_2: u16 = 0x0303;
pub(crate) const TLS1_3: u16 = 0x0304;

/// A suite's algorithms; 0 in a category where the description says `any` or
/// `unknown` (TLS 1.3 suites, SCSVs).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Attrs {
    pub kx: u32,
    pub auth: u32,
    pub enc: u32,
    pub mac: u32,
    pub min_tls: u16,
}

/// A suite the rule language can select, with what rules match on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RuleSuite {
    pub info: &'static CipherInfo,
    pub attrs: Attrs,
    pub strength: u8,
}

fn field<'a>(description: &'a str, key: &str) -> &'a str {
    description
        .split_whitespace()
        .find_map(|w| w.strip_prefix(key))
        .unwrap_or("")
}

fn min_tls(version: &str) -> u16 {
    match version {
        "SSLv3" => SSL3,
        "TLSv1.0" => TLS1,
        "TLSv1.2" => TLS1_2,
        "TLSv1.3" => TLS1_3,
        _ => 0,
    }
}

/// A suite's algorithms, read from its description.
pub(crate) fn attrs_of(c: &CipherInfo) -> Attrs {
    let d = c.description;
    let kx = match field(d, "Kx=") {
        "RSA" => K_RSA,
        "DH" => K_DHE,
        "ECDH" => K_ECDHE,
        "PSK" => K_PSK,
        "RSAPSK" => K_RSAPSK,
        "ECDHEPSK" => K_ECDHEPSK,
        "DHEPSK" => K_DHEPSK,
        "SRP" => K_SRP,
        "GOST" => K_GOST,
        "GOST18" => K_GOST18,
        _ => 0,
    };
    let auth = match field(d, "Au=") {
        "RSA" => A_RSA,
        "DSS" => A_DSS,
        "None" => A_NULL,
        "ECDSA" => A_ECDSA,
        "PSK" => A_PSK,
        "GOST01" => A_GOST01,
        "GOST12" => A_GOST12,
        "SRP" => A_SRP,
        _ => 0,
    };
    let enc = match field(d, "Enc=") {
        "None" => E_NULL,
        "AES(128)" => E_AES128,
        "AES(256)" => E_AES256,
        "AESGCM(128)" => E_AES128GCM,
        "AESGCM(256)" => E_AES256GCM,
        "AESCCM(128)" => E_AES128CCM,
        "AESCCM(256)" => E_AES256CCM,
        "AESCCM8(128)" => E_AES128CCM8,
        "AESCCM8(256)" => E_AES256CCM8,
        "Camellia(128)" => E_CAMELLIA128,
        "Camellia(256)" => E_CAMELLIA256,
        "CHACHA20/POLY1305(256)" => E_CHACHA20,
        "ARIAGCM(128)" => E_ARIA128GCM,
        "ARIAGCM(256)" => E_ARIA256GCM,
        "SEED(128)" => E_SEED,
        "IDEA(128)" => E_IDEA,
        "GOST89(256)" => E_GOST89,
        "MAGMA" => E_MAGMA,
        "KUZNYECHIK" => E_KUZNYECHIK,
        _ => 0,
    };
    let mac = match field(d, "Mac=") {
        "MD5" => M_MD5,
        "SHA1" => M_SHA1,
        "SHA256" => M_SHA256,
        "SHA384" => M_SHA384,
        "AEAD" => M_AEAD,
        "GOST94" => M_GOST94,
        "GOST89" => M_GOST89,
        "GOST2012" => M_GOST12,
        _ => 0,
    };
    Attrs {
        kx,
        auth,
        enc,
        mac,
        min_tls: min_tls(c.version),
    }
}

/// Every suite rules can select, in OpenSSL's default preference order.
pub(crate) fn rule_suites() -> &'static [RuleSuite] {
    static SUITES: LazyLock<Vec<RuleSuite>> = LazyLock::new(|| {
        RULE_ORDER
            .iter()
            .filter_map(|&(id, strength)| {
                let info = by_id(id)?;
                Some(RuleSuite {
                    info,
                    attrs: attrs_of(info),
                    strength,
                })
            })
            .collect()
    });
    &SUITES
}

/// Algorithms of every table entry, by table index (for the security filter).
pub(crate) fn attrs_by_index(index: usize) -> Attrs {
    static ALL: LazyLock<Vec<Attrs>> = LazyLock::new(|| table().iter().map(attrs_of).collect());
    ALL[index]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_suite_is_described() {
        assert_eq!(rule_suites().len(), RULE_ORDER.len());
        assert!(
            RULE_ORDER.len() <= 256,
            "rules::Work indexes suites with a u8"
        );
        for s in rule_suites() {
            let a = s.attrs;
            assert!(
                a.kx != 0 && a.auth != 0 && a.enc != 0 && a.mac != 0 && a.min_tls != 0,
                "{}: {:?}",
                s.info.name,
                a
            );
            assert_eq!(
                (s.strength & (S_NONE | S_LOW | S_MEDIUM | S_HIGH)).count_ones(),
                1
            );
        }
    }

    #[test]
    fn descriptions_read() {
        let c = by_id(0x0300_c02f).unwrap();
        let a = attrs_of(c);
        assert_eq!(
            (a.kx, a.auth, a.enc, a.mac, a.min_tls),
            (K_ECDHE, A_RSA, E_AES128GCM, M_AEAD, TLS1_2)
        );
        let t = attrs_of(by_id(0x0300_1301).unwrap());
        assert_eq!((t.kx, t.auth, t.min_tls), (0, 0, TLS1_3));
    }
}
