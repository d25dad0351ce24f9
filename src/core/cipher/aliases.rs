//! The words of the cipher-string rule language: OpenSSL 3.0's aliases (names
//! for groups of suites) and the suites' own names.

use super::attrs::*;

/// A named group of suites. `!X` is every algorithm of the category but X.
#[derive(Clone, Copy)]
pub(crate) struct Alias {
    pub name: &'static str,
    pub kx: u32,
    pub auth: u32,
    pub enc: u32,
    pub mac: u32,
    pub min_tls: u16,
    pub strength: u8,
}

const fn alias(name: &'static str) -> Alias {
    Alias {
        name,
        kx: 0,
        auth: 0,
        enc: 0,
        mac: 0,
        min_tls: 0,
        strength: 0,
    }
}

const fn kx(name: &'static str, kx: u32) -> Alias {
    Alias { kx, ..alias(name) }
}

const fn au(name: &'static str, auth: u32) -> Alias {
    Alias {
        auth,
        ..alias(name)
    }
}

const fn enc(name: &'static str, enc: u32) -> Alias {
    Alias { enc, ..alias(name) }
}

const fn mac(name: &'static str, mac: u32) -> Alias {
    Alias { mac, ..alias(name) }
}

const fn version(name: &'static str, min_tls: u16) -> Alias {
    Alias {
        min_tls,
        ..alias(name)
    }
}

const fn strength(name: &'static str, strength: u8) -> Alias {
    Alias {
        strength,
        ..alias(name)
    }
}

const fn kx_au(name: &'static str, kx: u32, auth: u32) -> Alias {
    Alias {
        kx,
        auth,
        ..alias(name)
    }
}

/// The aliases OpenSSL 3.0 knows whose algorithms this build has (GOST, IDEA,
/// SEED, RC4, DES are absent: their suites are unavailable, so the names select
/// nothing, exactly like unknown words). Each was checked against OpenSSL by
/// tests-c/cipher_lists.c.
const ALIASES: &[Alias] = &[
    enc("ALL", !E_NULL),
    enc("COMPLEMENTOFALL", E_NULL),
    strength("COMPLEMENTOFDEFAULT", S_NOT_DEFAULT),
    kx("kRSA", K_RSA),
    kx("kEDH", K_DHE),
    kx("kDHE", K_DHE),
    kx("DH", K_DHE),
    kx("kEECDH", K_ECDHE),
    kx("kECDHE", K_ECDHE),
    kx("ECDH", K_ECDHE),
    kx("kPSK", K_PSK),
    kx("kRSAPSK", K_RSAPSK),
    kx("kECDHEPSK", K_ECDHEPSK),
    kx("kDHEPSK", K_DHEPSK),
    kx("kSRP", K_SRP),
    au("aRSA", A_RSA),
    au("aDSS", A_DSS),
    au("DSS", A_DSS),
    au("aNULL", A_NULL),
    au("aECDSA", A_ECDSA),
    au("ECDSA", A_ECDSA),
    au("aPSK", A_PSK),
    au("aSRP", A_SRP),
    kx_au("EDH", K_DHE, !A_NULL),
    kx_au("DHE", K_DHE, !A_NULL),
    kx_au("EECDH", K_ECDHE, !A_NULL),
    kx_au("ECDHE", K_ECDHE, !A_NULL),
    enc("NULL", E_NULL),
    kx_au("RSA", K_RSA, A_RSA),
    kx_au("ADH", K_DHE, A_NULL),
    kx_au("AECDH", K_ECDHE, A_NULL),
    kx("PSK", K_ANY_PSK),
    kx("SRP", K_SRP),
    enc("eNULL", E_NULL),
    enc(
        "AES128",
        E_AES128 | E_AES128GCM | E_AES128CCM | E_AES128CCM8,
    ),
    enc(
        "AES256",
        E_AES256 | E_AES256GCM | E_AES256CCM | E_AES256CCM8,
    ),
    enc("AES", E_AES),
    enc("AESGCM", E_AESGCM),
    enc(
        "AESCCM",
        E_AES128CCM | E_AES256CCM | E_AES128CCM8 | E_AES256CCM8,
    ),
    enc("AESCCM8", E_AES128CCM8 | E_AES256CCM8),
    enc("CAMELLIA128", E_CAMELLIA128),
    enc("CAMELLIA256", E_CAMELLIA256),
    enc("CAMELLIA", E_CAMELLIA128 | E_CAMELLIA256),
    enc("CHACHA20", E_CHACHA20),
    enc("ARIA", E_ARIA128GCM | E_ARIA256GCM),
    enc("ARIAGCM", E_ARIA128GCM | E_ARIA256GCM),
    enc("ARIA128", E_ARIA128GCM),
    enc("ARIA256", E_ARIA256GCM),
    enc(
        "CBC",
        E_AES128 | E_AES256 | E_CAMELLIA128 | E_CAMELLIA256 | E_SEED | E_IDEA,
    ),
    mac("MD5", M_MD5),
    mac("SHA1", M_SHA1),
    mac("SHA", M_SHA1),
    mac("SHA256", M_SHA256),
    mac("SHA384", M_SHA384),
    version("SSLv3", SSL3),
    version("TLSv1", TLS1),
    version("TLSv1.0", TLS1),
    version("TLSv1.2", TLS1_2),
    strength("LOW", S_LOW),
    strength("MEDIUM", S_MEDIUM),
    strength("HIGH", S_HIGH),
    Alias {
        enc: !E_NULL,
        strength: S_FIPS,
        ..alias("FIPS")
    },
];

/// A word as a suite name or alias: the masks, and the suite's id for a name.
pub(crate) fn lookup(word: &[u8]) -> Option<(Alias, Option<u32>)> {
    if let Some(s) = rule_suites()
        .iter()
        .find(|s| s.info.name.as_bytes() == word)
    {
        let a = s.attrs;
        let w = Alias {
            name: s.info.name,
            kx: a.kx,
            auth: a.auth,
            enc: a.enc,
            mac: a.mac,
            min_tls: a.min_tls,
            strength: s.strength,
        };
        return Some((w, Some(s.info.id)));
    }
    ALIASES
        .iter()
        .find(|a| a.name.as_bytes() == word)
        .map(|a| (*a, None))
}
