//! The group and signature-algorithm lists of `SSL_CTX_set1_groups(_list)` and
//! `SSL_CTX_set1_sigalgs(_list)`: validated with OpenSSL's names, NIDs and
//! rules. Only a handshake reads the lists, and sessl performs none, so a valid
//! list is accepted and not kept.

use super::consts::ERR_R_MALLOC_FAILURE;
use super::ctrl_consts::SSL_R_BAD_LENGTH;
use super::err::raise;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long};

#[link(name = "crypto")]
extern "C" {
    fn OBJ_sn2nid(s: *const c_char) -> c_int;
    fn OBJ_ln2nid(s: *const c_char) -> c_int;
}

/// TLS group: (TLS name, libcrypto name, NIST name, NID, TLS id).
#[rustfmt::skip]
const GROUPS: &[(&str, &str, &str, c_int, u16)] = &[
    ("sect163k1", "sect163k1", "K-163", 721, 1), ("sect163r1", "sect163r1", "", 722, 2),
    ("sect163r2", "sect163r2", "B-163", 723, 3), ("sect193r1", "sect193r1", "", 724, 4),
    ("sect193r2", "sect193r2", "", 725, 5), ("sect233k1", "sect233k1", "K-233", 726, 6),
    ("sect233r1", "sect233r1", "B-233", 727, 7), ("sect239k1", "sect239k1", "", 728, 8),
    ("sect283k1", "sect283k1", "K-283", 729, 9), ("sect283r1", "sect283r1", "B-283", 730, 10),
    ("sect409k1", "sect409k1", "K-409", 731, 11), ("sect409r1", "sect409r1", "B-409", 732, 12),
    ("sect571k1", "sect571k1", "K-571", 733, 13), ("sect571r1", "sect571r1", "B-571", 734, 14),
    ("secp160k1", "secp160k1", "", 708, 15), ("secp160r1", "secp160r1", "", 709, 16),
    ("secp160r2", "secp160r2", "", 710, 17), ("secp192k1", "secp192k1", "", 711, 18),
    ("secp192r1", "prime192v1", "P-192", 409, 19), ("secp224k1", "secp224k1", "", 712, 20),
    ("secp224r1", "secp224r1", "P-224", 713, 21), ("secp256k1", "secp256k1", "", 714, 22),
    ("secp256r1", "prime256v1", "P-256", 415, 23), ("secp384r1", "secp384r1", "P-384", 715, 24),
    ("secp521r1", "secp521r1", "P-521", 716, 25),
    ("brainpoolP256r1", "brainpoolP256r1", "", 927, 26),
    ("brainpoolP384r1", "brainpoolP384r1", "", 931, 27),
    ("brainpoolP512r1", "brainpoolP512r1", "", 933, 28),
    ("x25519", "X25519", "", 1034, 29), ("x448", "X448", "", 1035, 30),
    ("ffdhe2048", "ffdhe2048", "", 1126, 256), ("ffdhe3072", "ffdhe3072", "", 1127, 257),
    ("ffdhe4096", "ffdhe4096", "", 1128, 258), ("ffdhe6144", "ffdhe6144", "", 1129, 259),
    ("ffdhe8192", "ffdhe8192", "", 1130, 260),
];

/// `SSL_group_to_name`'s table lookup: the TLS name of a group NID.
pub fn group_name(nid: c_int) -> Option<&'static str> {
    GROUPS.iter().find(|g| g.3 == nid).map(|g| g.0)
}

/// (NID, TLS id, TLS name) of every group, for `SSL_group_to_name`.
pub fn group_table() -> Vec<(c_int, u16, std::ffi::CString)> {
    GROUPS
        .iter()
        .map(|g| (g.3, g.4, std::ffi::CString::new(g.0).unwrap_or_default()))
        .collect()
}

fn group_id_by_name(name: &str) -> Option<u16> {
    GROUPS
        .iter()
        .find(|g| g.0 == name || g.1 == name || (!g.2.is_empty() && g.2 == name))
        .map(|g| g.4)
}

/// `CONF_parse_list` with ':' and whitespace trimming: each element, or
/// `None` for an empty one.
fn elements(list: &str) -> impl Iterator<Item = Option<&str>> {
    list.split(':').map(|e| {
        let e = e.trim_matches(|c: char| c.is_ascii_whitespace());
        (!e.is_empty()).then_some(e)
    })
}

/// The list as a string, or `CONF_R_LIST_CANNOT_BE_NULL` for NULL.
unsafe fn list_str<'a>(list: *const c_char) -> Option<&'a str> {
    if list.is_null() {
        conf_list_null();
        return None;
    }
    // A name that is not UTF-8 matches no table entry either.
    Some(CStr::from_ptr(list).to_str().unwrap_or("\u{0}"))
}

fn conf_list_null() {
    // ERR_LIB_CONF (14), CONF_R_LIST_CANNOT_BE_NULL (115).
    super::err::raise_lib_error(14, 115, c"CONF_parse_list", None);
}

/// `SSL_CTRL_SET_GROUPS_LIST`. (OpenSSL crashes on a non-NULL list without a
/// context; sessl validates it as for a context.)
pub unsafe fn set_groups_list(_ctx: Option<()>, list: *const c_char) -> c_long {
    let Some(list) = list_str(list) else { return 0 };
    let mut ids: Vec<u16> = Vec::new();
    for e in elements(list) {
        let Some(name) = e else { return 0 };
        if name.len() > 63 {
            return 0;
        }
        let Some(id) = group_id_by_name(name) else {
            let data =
                std::ffi::CString::new(format!("group '{name}' cannot be set")).unwrap_or_default();
            // ERR_R_PASSED_INVALID_ARGUMENT
            super::err::raise_lib_error(
                super::consts::ERR_LIB_SSL,
                262 | (0x2 << 18),
                c"gid_cb",
                Some(&data),
            );
            return 0;
        };
        if ids.contains(&id) {
            return 0;
        }
        ids.push(id);
    }
    1
}

/// `SSL_CTRL_SET_GROUPS`: `count` NIDs.
pub unsafe fn set_groups(nids: *const c_int, count: c_long) -> c_long {
    if count == 0 {
        raise!(SSL_R_BAD_LENGTH, "tls1_set_groups");
        return 0;
    }
    if nids.is_null() || count < 0 {
        return 0;
    }
    let nids = std::slice::from_raw_parts(nids, count as usize);
    let mut ids: Vec<u16> = Vec::new();
    for nid in nids {
        match GROUPS.iter().find(|g| g.3 == *nid) {
            Some(g) if !ids.contains(&g.4) => ids.push(g.4),
            _ => return 0,
        }
    }
    1
}

const RSA: c_int = 6;
const RSA_PSS: c_int = 912;
const DSA: c_int = 116;
const EC: c_int = 408;

/// OpenSSL's signature-algorithm table, in its order: (name, code, hash
/// NID, signature NID).
#[rustfmt::skip]
const SIGALGS: &[(&str, u16, c_int, c_int)] = &[
    ("ecdsa_secp256r1_sha256", 0x0403, 672, EC), ("ecdsa_secp384r1_sha384", 0x0503, 673, EC),
    ("ecdsa_secp521r1_sha512", 0x0603, 674, EC), ("ed25519", 0x0807, 0, 1087),
    ("ed448", 0x0808, 0, 1088), ("", 0x0303, 675, EC), ("", 0x0203, 64, EC),
    ("rsa_pss_rsae_sha256", 0x0804, 672, RSA_PSS), ("rsa_pss_rsae_sha384", 0x0805, 673, RSA_PSS),
    ("rsa_pss_rsae_sha512", 0x0806, 674, RSA_PSS), ("rsa_pss_pss_sha256", 0x0809, 672, RSA_PSS),
    ("rsa_pss_pss_sha384", 0x080a, 673, RSA_PSS), ("rsa_pss_pss_sha512", 0x080b, 674, RSA_PSS),
    ("rsa_pkcs1_sha256", 0x0401, 672, RSA), ("rsa_pkcs1_sha384", 0x0501, 673, RSA),
    ("rsa_pkcs1_sha512", 0x0601, 674, RSA), ("rsa_pkcs1_sha224", 0x0301, 675, RSA),
    ("rsa_pkcs1_sha1", 0x0201, 64, RSA), ("", 0x0402, 672, DSA), ("", 0x0502, 673, DSA),
    ("", 0x0602, 674, DSA), ("", 0x0302, 675, DSA), ("", 0x0202, 64, DSA),
];

/// One side of "SIG+HASH": a signature name, else a hash's short or long name.
fn sig_or_hash(s: &str, sig: &mut c_int, hash: &mut c_int) {
    match s {
        "RSA" => *sig = RSA,
        "RSA-PSS" | "PSS" => *sig = RSA_PSS,
        "DSA" => *sig = DSA,
        "ECDSA" => *sig = EC,
        _ => {
            let c = std::ffi::CString::new(s).unwrap_or_default();
            // SAFETY: a NUL-terminated string.
            unsafe {
                *hash = OBJ_sn2nid(c.as_ptr());
                if *hash == 0 {
                    *hash = OBJ_ln2nid(c.as_ptr());
                }
            }
        }
    }
}

fn sigalg_code(elem: &str) -> Option<u16> {
    match elem.split_once('+') {
        None => SIGALGS
            .iter()
            .find(|s| !s.0.is_empty() && s.0 == elem)
            .map(|s| s.1),
        Some((_, "")) => None,
        Some((a, b)) => {
            let (mut sig, mut hash) = (0, 0);
            sig_or_hash(a, &mut sig, &mut hash);
            sig_or_hash(b, &mut sig, &mut hash);
            if sig == 0 || hash == 0 {
                return None;
            }
            SIGALGS
                .iter()
                .find(|s| s.2 == hash && s.3 == sig)
                .map(|s| s.1)
        }
    }
}

/// `SSL_CTRL_SET_SIGALGS_LIST` and the client form.
pub unsafe fn set_sigalgs_list(_ctx: Option<()>, list: *const c_char) -> c_long {
    parse_sigalgs_list(list).is_some() as c_long
}

/// The codes of a signature algorithm list, `None` when it is refused.
pub unsafe fn parse_sigalgs_list(list: *const c_char) -> Option<Vec<u16>> {
    let list = list_str(list)?;
    let mut codes: Vec<u16> = Vec::new();
    for e in elements(list) {
        let elem = e?;
        if elem.len() > 39 || codes.len() == SIGALGS.len() * 2 {
            return None;
        }
        match sigalg_code(elem) {
            Some(code) if !codes.contains(&code) => codes.push(code),
            _ => return None,
        }
    }
    Some(codes)
}

/// `SSL_CTRL_SET_SIGALGS`: `len` NIDs as (hash, signature) pairs.
/// The codes of `len` NIDs as (hash, signature) pairs, `None` when refused.
pub unsafe fn parse_sigalgs(nids: *const c_int, len: c_long) -> Option<Vec<u16>> {
    if len & 1 != 0 {
        return None;
    }
    if len <= 0 {
        // OpenSSL allocates len/2 entries: nothing for none, a failure.
        super::err::raise_lib_error(
            super::consts::ERR_LIB_SSL,
            ERR_R_MALLOC_FAILURE,
            c"tls1_set_sigalgs",
            None,
        );
        return None;
    }
    if nids.is_null() {
        return None;
    }
    let nids = std::slice::from_raw_parts(nids, len as usize);
    nids.chunks(2)
        .map(|p| {
            SIGALGS
                .iter()
                .find(|s| s.2 == p[0] && s.3 == p[1])
                .map(|s| s.1)
        })
        .collect()
}
