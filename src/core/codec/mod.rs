//! The DER form of a session (`i2d_SSL_SESSION` / `d2i_SSL_SESSION`), byte for
//! byte as OpenSSL 3.0 writes and reads it.
//!
//! ```text
//! SEQUENCE {
//!   version INTEGER (1), sslVersion INTEGER, cipher OCTET STRING (2),
//!   sessionId OCTET STRING, masterKey OCTET STRING,
//!   keyArg [0] IMPLICIT OCTET STRING OPTIONAL        -- ignored
//!   [1] time, [2] timeout, [3] peer Certificate, [4] sidCtx, [5] verifyResult,
//!   [6] hostName, [7] pskIdentityHint, [8] pskIdentity, [9] ticketLifetimeHint,
//!   [10] ticket, [11] compressionId, [12] srpUsername, [13] flags,
//!   [14] ticketAgeAdd, [15] maxEarlyData, [16] alpnSelected,
//!   [17] maxFragmentLenMode, [18] ticketAppData, [19] kexGroup
//! }                                                  -- all [n] EXPLICIT
//! ```
//!
//! Decoding has two stages, as in OpenSSL: the bytes are parsed completely
//! (structural errors are reported as libcrypto's ASN.1 decoder reports them,
//! and nothing is touched), then the fields are applied to the target session in
//! OpenSSL's order, so a semantic failure part-way leaves the same partly updated
//! session OpenSSL leaves when decoding into an existing one.

use super::asn1_read::{asn1, check_tlen, indefinite_end, int_checked, is_eoc, nested, primitive};
use super::asn1_read::{with_data, Chain, IntKind};
use super::asn1_read::{ASN1_R_EXPLICIT_LENGTH_MISMATCH, ASN1_R_EXPLICIT_TAG_NOT_CONSTRUCTED};
use super::asn1_read::{ASN1_R_FIELD_MISSING, ASN1_R_MISSING_EOC, ASN1_R_SEQUENCE_LENGTH_MISMATCH};
use super::asn1_read::{ASN1_R_SEQUENCE_NOT_CONSTRUCTED, ASN1_R_TOO_SMALL, ASN1_R_UNEXPECTED_EOC};
use super::cipher;
use super::der::{TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE};
use super::session::{now, SessionData, ShortBytes, MAX_MASTER_KEY_LEN};
use std::borrow::Cow;
use std::ffi::CString;
use std::sync::Arc;

mod encode;
mod template;
#[cfg(test)]
mod tests;

pub use encode::encode;
use template::*;

pub use super::asn1_read::{ErrorReport, LIB_ASN1};
pub const LIB_SSL: i32 = 20;

// SSL reasons (sslerr.h).
const SSL_R_UNKNOWN_SSL_VERSION: i32 = 254;
const SSL_R_UNSUPPORTED_SSL_VERSION: i32 = 259;
const SSL_R_CIPHER_CODE_WRONG_LENGTH: i32 = 137;
const SSL_R_BAD_LENGTH: i32 = 271;

const ITEM: &str = "SSL_SESSION_ASN1";

fn ssl(reason: i32) -> ErrorReport {
    ErrorReport {
        lib: LIB_SSL,
        reason,
        func: c"d2i_SSL_SESSION",
        data: None,
    }
}

/// Everything the bytes say, before any of it is applied to a session.
#[derive(Default, Debug)]
pub struct Parsed {
    version: i128,
    ssl_version: i128,
    cipher: Vec<u8>,
    session_id: Vec<u8>,
    master_key: Vec<u8>,
    time: i128,
    timeout: i128,
    peer: Option<Arc<[u8]>>,
    sid_ctx: Option<Vec<u8>>,
    verify_result: i128,
    hostname: Option<Vec<u8>>,
    psk_identity_hint: Option<Vec<u8>>,
    psk_identity: Option<Vec<u8>>,
    ticket_lifetime_hint: i128,
    ticket: Option<Vec<u8>>,
    comp_id: Option<Vec<u8>>,
    srp_username: Option<Vec<u8>>,
    flags: i128,
    tick_age_add: i128,
    max_early_data: i128,
    alpn_selected: Option<Vec<u8>>,
    max_fragment_len_mode: i128,
    ticket_appdata: Option<Vec<u8>>,
    kex_group: i128,
}

impl Parsed {
    /// The peer certificate's DER, if the session carries one.
    pub fn peer_der(&self) -> Option<&Arc<[u8]>> {
        self.peer.as_ref()
    }

    /// Replaces the peer certificate's DER by the encoding libcrypto's i2d gives
    /// the decoded certificate, which is what OpenSSL writes back.
    pub fn set_peer_der(&mut self, der: Arc<[u8]>) {
        self.peer = Some(der);
    }
}

fn item_error(reason: i32) -> Chain {
    with_data(
        vec![asn1(reason, c"asn1_item_embed_d2i")],
        format!("Type={ITEM}"),
    )
}

/// Why bytes are not a session.
#[derive(Debug, Default)]
pub struct Rejected<'a> {
    pub errors: Vec<ErrorReport>,
    /// The peer certificate, when the error came after its bytes were read.
    /// OpenSSL's decoder decodes the certificate as soon as it reaches it, so
    /// when libcrypto rejects the certificate, that is the error reported.
    pub peer_read: Option<&'a [u8]>,
}

/// Parses a session as libcrypto's template decoder does; returns it and the
/// number of bytes it took (trailing bytes are left alone).
pub fn parse(input: &[u8]) -> Result<(Parsed, usize), Rejected<'_>> {
    let mut peer_read = None;
    parse_fields(input, &mut peer_read).map_err(|errors| Rejected { errors, peer_read })
}

fn parse_fields<'a>(
    input: &'a [u8],
    peer_read: &mut Option<&'a [u8]>,
) -> Result<(Parsed, usize), Vec<ErrorReport>> {
    if input.is_empty() {
        return Err(vec![asn1(ASN1_R_TOO_SMALL, c"asn1_item_embed_d2i")]);
    }
    let h = match check_tlen(input, TAG_SEQUENCE & !0x20, false) {
        Err(c) => {
            return Err(with_data(
                nested(c, c"asn1_item_embed_d2i"),
                format!("Type={ITEM}"),
            ))
        }
        Ok(h) => h.expect("mandatory"),
    };
    if !h.constructed {
        return Err(item_error(ASN1_R_SEQUENCE_NOT_CONSTRUCTED));
    }
    let mut pos = h.header_len;
    let mut len = if h.indefinite {
        input.len() - pos
    } else {
        h.len
    };
    let mut seq_eoc = h.indefinite;
    let mut p = Parsed::default();
    let mut next = 0;
    while next < TEMPLATE.len() {
        if len == 0 {
            break;
        }
        let here = &input[pos..pos + len];
        if is_eoc(here) {
            if !seq_eoc {
                return Err(item_error(ASN1_R_UNEXPECTED_EOC));
            }
            pos += 2;
            len -= 2;
            seq_eoc = false;
            break;
        }
        let f = &TEMPLATE[next];
        let opt = next != TEMPLATE.len() - 1 && f.optional;
        let field_data = || format!("Field={}, Type={ITEM}", f.name);
        match template(here, f, opt, peer_read) {
            Err(c) => return Err(with_data(c, field_data())),
            Ok(None) => {}
            Ok(Some((raw, used))) => {
                store(&mut p, next, raw);
                pos += used;
                len -= used;
            }
        }
        next += 1;
    }
    if seq_eoc {
        if !is_eoc(&input[pos..pos + len]) {
            return Err(item_error(ASN1_R_MISSING_EOC));
        }
        pos += 2;
    } else if !h.indefinite && len != 0 {
        return Err(item_error(ASN1_R_SEQUENCE_LENGTH_MISMATCH));
    }
    if let Some(f) = TEMPLATE[next..].iter().find(|f| !f.optional) {
        return Err(with_data(
            vec![asn1(ASN1_R_FIELD_MISSING, c"asn1_item_embed_d2i")],
            format!("Field={}, Type={ITEM}", f.name),
        ));
    }
    Ok((p, pos))
}

/// Stores a field's value.
fn store(p: &mut Parsed, index: usize, raw: Raw) {
    match raw {
        Raw::Int(v) => match index {
            0 => p.version = v,
            1 => p.ssl_version = v,
            6 => p.time = v,
            7 => p.timeout = v,
            10 => p.verify_result = v,
            14 => p.ticket_lifetime_hint = v,
            18 => p.flags = v,
            19 => p.tick_age_add = v,
            20 => p.max_early_data = v,
            22 => p.max_fragment_len_mode = v,
            _ => p.kex_group = v,
        },
        Raw::Octets(v) => {
            let v = v.into_owned();
            match index {
                2 => p.cipher = v,
                3 => p.session_id = v,
                4 => p.master_key = v,
                5 => {} // key_arg: read and ignored
                9 => p.sid_ctx = Some(v),
                11 => p.hostname = Some(v),
                12 => p.psk_identity_hint = Some(v),
                13 => p.psk_identity = Some(v),
                15 => p.ticket = Some(v),
                16 => p.comp_id = Some(v),
                17 => p.srp_username = Some(v),
                21 => p.alpn_selected = Some(v),
                _ => p.ticket_appdata = Some(v),
            }
        }
        Raw::Element(der) => p.peer = Some(Arc::from(der)),
    }
}

/// Why `apply` stopped part-way.
#[derive(Debug, PartialEq, Eq)]
pub struct Stopped {
    /// The error to queue, if OpenSSL queues one.
    pub error: Option<ErrorReport>,
    /// Whether the peer certificate had been replaced by the decoded one (or
    /// removed, when the bytes hold none) before the stop.
    pub peer_replaced: bool,
}

/// Applies parsed fields to `d` in OpenSSL's order. On `Err`, `d` holds what was
/// applied up to the failure, as OpenSSL leaves a session it decodes into.
pub fn apply(p: Parsed, d: &mut SessionData) -> Result<(), Stopped> {
    let before_peer = |error| Stopped {
        error,
        peer_replaced: false,
    };
    let after_peer = |error| Stopped {
        error,
        peer_replaced: true,
    };
    if p.version != 1 {
        return Err(before_peer(Some(ssl(SSL_R_UNKNOWN_SSL_VERSION))));
    }
    let v = p.ssl_version as i32;
    let major = v >> 8;
    if major != 0x03 && major != 0xfe && v != 0x100 {
        return Err(before_peer(Some(ssl(SSL_R_UNSUPPORTED_SSL_VERSION))));
    }
    d.protocol_version = v;
    d.kex_group = p.kex_group as u32;
    if p.cipher.len() != 2 {
        return Err(before_peer(Some(ssl(SSL_R_CIPHER_CODE_WRONG_LENGTH))));
    }
    let id = 0x0300_0000 | u16::from_be_bytes([p.cipher[0], p.cipher[1]]) as u32;
    d.cipher_id = id;
    d.cipher = cipher::by_id(id);
    if d.cipher.is_none() {
        return Err(before_peer(None));
    }
    d.id = ShortBytes::new(&p.session_id).map_err(|_| before_peer(None))?;
    if p.master_key.len() > MAX_MASTER_KEY_LEN {
        return Err(before_peer(None));
    }
    d.master_key = p.master_key;
    d.time = if p.time != 0 { p.time as i64 } else { now() };
    d.timeout = if p.timeout != 0 { p.timeout as i64 } else { 3 };
    d.peer_cert = p.peer;
    d.sid_ctx =
        ShortBytes::new(p.sid_ctx.as_deref().unwrap_or(&[])).map_err(|_| after_peer(None))?;
    d.verify_result = p.verify_result as i64;
    d.hostname = p.hostname.map(c_string_to_nul);
    d.psk_identity_hint = p.psk_identity_hint.map(c_string_to_nul);
    d.psk_identity = p.psk_identity.map(c_string_to_nul);
    d.ticket_lifetime_hint = p.ticket_lifetime_hint as u64;
    d.tick_age_add = p.tick_age_add as u32;
    d.ticket = p.ticket.map(Vec::into_boxed_slice);
    match p.comp_id {
        Some(c) if c.len() != 1 => return Err(after_peer(Some(ssl(SSL_R_BAD_LENGTH)))),
        Some(c) => d.compress_id = c[0] as u32,
        None => d.compress_id = 0,
    }
    d.srp_username = p.srp_username.map(c_string_to_nul);
    // OpenSSL's field is 32 bits wide: the rest of a wider value is dropped.
    d.flags = p.flags as u32;
    d.max_early_data = p.max_early_data as u32;
    d.alpn_selected = p.alpn_selected.map(Vec::into_boxed_slice);
    d.max_fragment_len_mode = p.max_fragment_len_mode as u8;
    d.ticket_appdata = p.ticket_appdata.map(Vec::into_boxed_slice);
    Ok(())
}

/// OpenSSL copies these strings with strndup: each ends at its first NUL.
fn c_string_to_nul(bytes: Vec<u8>) -> CString {
    let end = bytes.iter().position(|b| *b == 0).unwrap_or(bytes.len());
    CString::new(&bytes[..end]).unwrap_or_default()
}
