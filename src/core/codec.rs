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
use super::der::{push_explicit, push_int, push_tlv};
use super::der::{TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE};
use super::session::{now, SessionData, ShortBytes, MAX_MASTER_KEY_LEN};
use std::borrow::Cow;
use std::ffi::CString;
use std::sync::Arc;

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

/// How a template field is tagged.
#[derive(Clone, Copy)]
enum Tagging {
    /// A universal type, no tag of its own.
    Plain,
    /// `[n] IMPLICIT`.
    Implicit(u8),
    /// `[n] EXPLICIT`.
    Explicit(u8),
}

/// One field's value as decoded, before conversion.
enum Raw<'a> {
    /// An integer, converted and range-checked as soon as it is read, as
    /// libcrypto does (before the end of an explicit tag around it is checked).
    Int(i128),
    Octets(Cow<'a, [u8]>),
    /// A whole element kept as DER (the peer certificate).
    Element(&'a [u8]),
}

/// `asn1_template_noexp_d2i` over the field's universal type.
fn noexp<'a>(
    data: &'a [u8],
    tag: u8,
    opt: bool,
    kind: &Kind,
) -> Result<Option<(Raw<'a>, usize)>, Chain> {
    let result = match kind {
        Kind::Int(kind) => match primitive(data, tag, opt, false) {
            Ok(Some((content, n))) => int_checked(&content, *kind)
                .map(|v| Some((Raw::Int(v), n)))
                .map_err(|e| vec![e]),
            other => other.map(|_| None),
        },
        Kind::Octets => {
            primitive(data, tag, opt, true).map(|o| o.map(|(v, n)| (Raw::Octets(v), n)))
        }
        Kind::Certificate => match check_tlen(data, tag, opt) {
            Err(c) => Err(with_data(
                nested(c, c"asn1_item_embed_d2i"),
                "Type=X509".into(),
            )),
            Ok(None) => Ok(None),
            Ok(Some(h)) if !h.constructed => Err(with_data(
                vec![asn1(
                    ASN1_R_SEQUENCE_NOT_CONSTRUCTED,
                    c"asn1_item_embed_d2i",
                )],
                "Type=X509".into(),
            )),
            Ok(Some(h)) if h.indefinite => {
                // libcrypto decodes such a certificate too. When its end cannot
                // be found, libcrypto's decoder is left to say why, from the
                // bytes that are there (see `Rejected::peer_read`).
                let n = indefinite_end(&data[h.header_len..])
                    .map_or(data.len(), |used| h.header_len + used);
                Ok(Some((Raw::Element(&data[..n]), n)))
            }
            Ok(Some(h)) => {
                let n = h.header_len + h.len;
                Ok(Some((Raw::Element(&data[..n]), n)))
            }
        },
    };
    result.map_err(|c| nested(c, c"asn1_template_noexp_d2i"))
}

/// `asn1_template_ex_d2i`: a field, explicit-tagged or not.
/// `read_cert` gets the certificate's bytes as soon as they are read, before the
/// checks of the explicit tag around them (see `Rejected::peer_read`).
fn template<'a>(
    data: &'a [u8],
    f: &Field,
    opt: bool,
    read_cert: &mut Option<&'a [u8]>,
) -> Result<Option<(Raw<'a>, usize)>, Chain> {
    let universal = match f.kind {
        Kind::Int(_) => TAG_INTEGER,
        Kind::Octets => TAG_OCTET_STRING,
        Kind::Certificate => TAG_SEQUENCE & !0x20,
    };
    match f.tagging {
        Tagging::Plain => noexp(data, universal, opt, &f.kind),
        Tagging::Implicit(n) => noexp(data, 0x80 | n, opt, &f.kind),
        Tagging::Explicit(n) => {
            let h = match check_tlen(data, 0x80 | n, opt) {
                Err(c) => return Err(nested(c, c"asn1_template_ex_d2i")),
                Ok(None) => return Ok(None),
                Ok(Some(h)) => h,
            };
            if !h.constructed {
                return Err(vec![asn1(
                    ASN1_R_EXPLICIT_TAG_NOT_CONSTRUCTED,
                    c"asn1_template_ex_d2i",
                )]);
            }
            let body = &data[h.header_len..];
            let region = if h.indefinite { body } else { &body[..h.len] };
            if region.is_empty() {
                // The inner item decoder refuses an empty input outright.
                let c = nested(
                    vec![asn1(ASN1_R_TOO_SMALL, c"asn1_item_embed_d2i")],
                    c"asn1_template_noexp_d2i",
                );
                return Err(nested(c, c"asn1_template_ex_d2i"));
            }
            let (raw, used) = match noexp(region, universal, false, &f.kind) {
                Err(c) => return Err(nested(c, c"asn1_template_ex_d2i")),
                Ok(None) => unreachable!("a mandatory inner value is never absent"),
                Ok(Some(v)) => v,
            };
            if let Raw::Element(der) = raw {
                *read_cert = Some(der);
            }
            if h.indefinite {
                if !is_eoc(&region[used..]) {
                    return Err(vec![asn1(ASN1_R_MISSING_EOC, c"asn1_template_ex_d2i")]);
                }
                Ok(Some((raw, h.header_len + used + 2)))
            } else if used != h.len {
                Err(vec![asn1(
                    ASN1_R_EXPLICIT_LENGTH_MISMATCH,
                    c"asn1_template_ex_d2i",
                )])
            } else {
                Ok(Some((raw, h.header_len + h.len)))
            }
        }
    }
}

/// What a field holds.
enum Kind {
    Int(IntKind),
    Octets,
    Certificate,
}

/// A field of the template: name (as OpenSSL reports it), tagging, type,
/// whether it may be absent.
struct Field {
    name: &'static str,
    tagging: Tagging,
    kind: Kind,
    optional: bool,
}

const fn field(name: &'static str, tagging: Tagging, kind: Kind, optional: bool) -> Field {
    Field {
        name,
        tagging,
        kind,
        optional,
    }
}

/// OpenSSL 3.0's `SSL_SESSION_ASN1` template, in order.
const TEMPLATE: [Field; 25] = [
    field("version", Tagging::Plain, Kind::Int(IntKind::U32), false),
    field(
        "ssl_version",
        Tagging::Plain,
        Kind::Int(IntKind::I32),
        false,
    ),
    field("cipher", Tagging::Plain, Kind::Octets, false),
    field("session_id", Tagging::Plain, Kind::Octets, false),
    field("master_key", Tagging::Plain, Kind::Octets, false),
    field("key_arg", Tagging::Implicit(0), Kind::Octets, true),
    field("time", Tagging::Explicit(1), Kind::Int(IntKind::I64), true),
    field(
        "timeout",
        Tagging::Explicit(2),
        Kind::Int(IntKind::I64),
        true,
    ),
    field("peer", Tagging::Explicit(3), Kind::Certificate, true),
    field(
        "session_id_context",
        Tagging::Explicit(4),
        Kind::Octets,
        true,
    ),
    field(
        "verify_result",
        Tagging::Explicit(5),
        Kind::Int(IntKind::I32),
        true,
    ),
    field("tlsext_hostname", Tagging::Explicit(6), Kind::Octets, true),
    field(
        "psk_identity_hint",
        Tagging::Explicit(7),
        Kind::Octets,
        true,
    ),
    field("psk_identity", Tagging::Explicit(8), Kind::Octets, true),
    field(
        "tlsext_tick_lifetime_hint",
        Tagging::Explicit(9),
        Kind::Int(IntKind::U64),
        true,
    ),
    field("tlsext_tick", Tagging::Explicit(10), Kind::Octets, true),
    field("comp_id", Tagging::Explicit(11), Kind::Octets, true),
    field("srp_username", Tagging::Explicit(12), Kind::Octets, true),
    field(
        "flags",
        Tagging::Explicit(13),
        Kind::Int(IntKind::U64),
        true,
    ),
    field(
        "tlsext_tick_age_add",
        Tagging::Explicit(14),
        Kind::Int(IntKind::U32),
        true,
    ),
    field(
        "max_early_data",
        Tagging::Explicit(15),
        Kind::Int(IntKind::U32),
        true,
    ),
    field("alpn_selected", Tagging::Explicit(16), Kind::Octets, true),
    field(
        "tlsext_max_fragment_len_mode",
        Tagging::Explicit(17),
        Kind::Int(IntKind::U32),
        true,
    ),
    field("ticket_appdata", Tagging::Explicit(18), Kind::Octets, true),
    field(
        "kex_group",
        Tagging::Explicit(19),
        Kind::Int(IntKind::U32),
        true,
    ),
];

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

/// The DER of a session, or `None` if it has no cipher (OpenSSL's i2d returns 0).
pub fn encode(d: &SessionData) -> Option<Vec<u8>> {
    let cipher_id = match d.cipher {
        Some(c) => c.id,
        None if d.cipher_id != 0 => d.cipher_id,
        None => return None,
    };
    let mut body = Vec::with_capacity(128 + d.master_key.len());
    push_int(&mut body, 1);
    push_int(&mut body, d.protocol_version as i128);
    push_tlv(
        &mut body,
        TAG_OCTET_STRING,
        &[(cipher_id >> 8) as u8, cipher_id as u8],
    );
    push_tlv(&mut body, TAG_OCTET_STRING, d.id.as_slice());
    push_tlv(&mut body, TAG_OCTET_STRING, &d.master_key);
    let int_field = |body: &mut Vec<u8>, n: u8, v: i128| {
        if v != 0 {
            push_explicit(body, n, |b| push_int(b, v));
        }
    };
    let bytes_field = |body: &mut Vec<u8>, n: u8, v: Option<&[u8]>| {
        if let Some(v) = v {
            push_explicit(body, n, |b| push_tlv(b, TAG_OCTET_STRING, v));
        }
    };
    int_field(&mut body, 1, d.time as i128);
    int_field(&mut body, 2, d.timeout as i128);
    if let Some(peer) = &d.peer_cert {
        push_explicit(&mut body, 3, |b| b.extend_from_slice(peer));
    }
    bytes_field(&mut body, 4, Some(d.sid_ctx.as_slice()));
    int_field(&mut body, 5, d.verify_result as i128);
    bytes_field(&mut body, 6, d.hostname.as_ref().map(|h| h.as_bytes()));
    bytes_field(
        &mut body,
        7,
        d.psk_identity_hint.as_ref().map(|s| s.as_bytes()),
    );
    bytes_field(&mut body, 8, d.psk_identity.as_ref().map(|s| s.as_bytes()));
    int_field(&mut body, 9, d.ticket_lifetime_hint as i128);
    bytes_field(&mut body, 10, d.ticket.as_deref());
    if d.compress_id != 0 {
        bytes_field(&mut body, 11, Some(&[d.compress_id as u8]));
    }
    bytes_field(&mut body, 12, d.srp_username.as_ref().map(|s| s.as_bytes()));
    int_field(&mut body, 13, d.flags as i128);
    int_field(&mut body, 14, d.tick_age_add as i128);
    int_field(&mut body, 15, d.max_early_data as i128);
    bytes_field(&mut body, 16, d.alpn_selected.as_deref());
    int_field(&mut body, 17, d.max_fragment_len_mode as i128);
    bytes_field(&mut body, 18, d.ticket_appdata.as_deref());
    push_explicit(&mut body, 19, |b| push_int(b, d.kex_group as i128));
    let mut out = Vec::with_capacity(body.len() + 4);
    push_tlv(&mut out, TAG_SEQUENCE, &body);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::asn1_read::{ASN1_R_ILLEGAL_PADDING, ASN1_R_TOO_LONG};
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        s.split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).unwrap())
            .collect()
    }

    #[test]
    fn spec_bytes_round_trip() {
        let der = hex("30 23 02 01 01 02 02 03 03 04 02 c0 2f 04 00 04 00 a4 02 04 00 a5 03 02 01 01 b1 04 02 02 00 ff b3 03 02 01 00");
        let (p, used) = parse(&der).unwrap();
        assert_eq!(used, der.len());
        let mut d = crate::core::session::SessionData::fresh_for_tests();
        apply(p, &mut d).unwrap();
        // time and timeout were absent: now and 3
        assert_eq!(d.timeout, 3);
        d.time = 0;
        d.timeout = 0;
        assert_eq!(encode(&d).unwrap(), der);
    }

    #[test]
    fn a_refused_field_leaves_what_came_before() {
        // TLS 1.3, kex_group 0x17, a 513-byte master key.
        let mut der = hex("30 82 02 17 02 01 01 02 02 03 04 04 02 13 01 04 00 04 82 02 01");
        der.extend([0xbb; 513]);
        der.extend(hex("b3 03 02 01 17"));
        let (p, _) = parse(&der).unwrap();
        let mut d = crate::core::session::SessionData::fresh_for_tests();
        d.kex_group = 0x1d;
        let stopped = apply(p, &mut d).unwrap_err();
        assert_eq!(
            stopped,
            Stopped {
                error: None,
                peer_replaced: false
            }
        );
        // the protocol version and the group come first, as in OpenSSL
        assert_eq!((d.protocol_version, d.kex_group), (0x0304, 0x17));
        assert!(d.master_key.is_empty());
    }

    #[test]
    fn flags_keep_their_low_32_bits() {
        let der =
            hex("30 18 02 01 01 02 02 03 03 04 02 c0 2f 04 00 04 00 ad 07 02 05 01 00 00 00 01");
        let (p, _) = parse(&der).unwrap();
        let mut d = crate::core::session::SessionData::fresh_for_tests();
        apply(p, &mut d).unwrap();
        assert_eq!(d.flags, 1);
    }

    #[test]
    fn structural_errors_match_libcrypto() {
        assert_eq!(parse(&[]).unwrap_err().errors[0].reason, ASN1_R_TOO_SMALL);
        let truncated = parse(&hex("30 0f 02 01 01")).unwrap_err().errors;
        assert_eq!(truncated[0].reason, ASN1_R_TOO_LONG);
        let bad_pad = parse(&hex(
            "30 10 02 02 00 01 02 02 03 03 04 02 c0 2f 04 00 04 00",
        ))
        .unwrap_err()
        .errors;
        assert_eq!(bad_pad[0].reason, ASN1_R_ILLEGAL_PADDING);
        assert_eq!(
            bad_pad[1].data.as_deref(),
            Some("Field=version, Type=SSL_SESSION_ASN1")
        );
        let trailing = parse(&hex(
            "30 19 02 01 01 02 02 03 03 04 02 c0 2f 04 00 04 00 b3 03 02 01 00 b5 03 02 01 05",
        ))
        .unwrap_err()
        .errors;
        assert_eq!(trailing[0].reason, ASN1_R_SEQUENCE_LENGTH_MISMATCH);
    }
}
