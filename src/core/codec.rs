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

use super::cipher;
use super::der::{self, explicit, implicit, push_explicit, push_int, push_tlv, DerError, Reader};
use super::der::{TAG_INTEGER, TAG_OCTET_STRING, TAG_SEQUENCE};
use super::session::{now, SessionData, ShortBytes, MAX_MASTER_KEY_LEN};
use std::borrow::Cow;
use std::ffi::{CStr, CString};

/// One error as OpenSSL queues it: library, reason, reporting function, data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub lib: i32,
    pub reason: i32,
    pub func: &'static CStr,
    pub data: Option<String>,
}

pub const LIB_ASN1: i32 = 13;
pub const LIB_SSL: i32 = 20;

// ASN.1 reasons (asn1err.h) and the common nested-error reason.
const ASN1_R_TOO_SMALL: i32 = 224;
const ASN1_R_HEADER_TOO_LONG: i32 = 123;
const ASN1_R_TOO_LONG: i32 = 155;
const ASN1_R_BAD_OBJECT_HEADER: i32 = 102;
const ASN1_R_WRONG_TAG: i32 = 168;
const ASN1_R_FIELD_MISSING: i32 = 121;
const ASN1_R_SEQUENCE_LENGTH_MISMATCH: i32 = 148;
const ASN1_R_ILLEGAL_PADDING: i32 = 221;
const ASN1_R_ILLEGAL_NEGATIVE_VALUE: i32 = 226;
const ASN1_R_TOO_LARGE: i32 = 223;
const ASN1_R_EXPLICIT_LENGTH_MISMATCH: i32 = 119;
const ERR_R_NESTED_ASN1_ERROR: i32 = 0x8010a;
// SSL reasons (sslerr.h).
const SSL_R_UNKNOWN_SSL_VERSION: i32 = 254;
const SSL_R_UNSUPPORTED_SSL_VERSION: i32 = 259;
const SSL_R_CIPHER_CODE_WRONG_LENGTH: i32 = 137;
const SSL_R_BAD_LENGTH: i32 = 271;

const ITEM: &str = "SSL_SESSION_ASN1";

fn asn1(reason: i32, func: &'static CStr) -> ErrorReport {
    ErrorReport { lib: LIB_ASN1, reason, func, data: None }
}

fn ssl(reason: i32) -> ErrorReport {
    ErrorReport { lib: LIB_SSL, reason, func: c"d2i_SSL_SESSION", data: None }
}

/// The integer types of the ASN.1 template, with their range checks.
#[derive(Clone, Copy)]
enum IntKind {
    U32,
    I32,
    U64,
    I64,
}

/// A field of the template: name (as OpenSSL reports it), tag, explicit or not.
struct Field {
    name: &'static str,
    tag: u8,
    explicit: bool,
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
    peer: Option<Vec<u8>>,
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
    pub fn peer_der(&self) -> Option<&[u8]> {
        self.peer.as_deref()
    }
}

fn int_checked(content: &[u8], kind: IntKind) -> Result<i128, ErrorReport> {
    // A zero-length INTEGER reads as 0, as in libcrypto.
    if content.is_empty() {
        return Ok(0);
    }
    if content.len() > 1
        && ((content[0] == 0 && content[1] & 0x80 == 0) || (content[0] == 0xff && content[1] & 0x80 != 0))
    {
        return Err(asn1(ASN1_R_ILLEGAL_PADDING, c"c2i_ibuf"));
    }
    let func = match kind {
        IntKind::U32 | IntKind::I32 => c"uint32_c2i",
        IntKind::U64 | IntKind::I64 => c"uint64_c2i",
    };
    let v = der::int_value(content).map_err(|_| asn1(ASN1_R_TOO_LARGE, func))?;
    let (min, max): (i128, i128) = match kind {
        IntKind::U32 => (0, u32::MAX as i128),
        IntKind::I32 => (i32::MIN as i128, i32::MAX as i128),
        IntKind::U64 => (0, u64::MAX as i128),
        IntKind::I64 => (i64::MIN as i128, i64::MAX as i128),
    };
    match kind {
        IntKind::U32 | IntKind::U64 if v < 0 => Err(asn1(ASN1_R_ILLEGAL_NEGATIVE_VALUE, func)),
        _ if v > max => Err(asn1(ASN1_R_TOO_LARGE, func)),
        _ if v < min => Err(asn1(ASN1_R_TOO_SMALL, func)),
        _ => Ok(v),
    }
}

/// The error chain for a failure inside field `f`, ending with the field's name.
fn field_failure(mut chain: Vec<ErrorReport>, f: &Field) -> Vec<ErrorReport> {
    chain.push(asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_template_noexp_d2i"));
    if f.explicit {
        chain.push(asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_template_ex_d2i"));
    }
    if let Some(last) = chain.last_mut() {
        last.data = Some(format!("Field={}, Type={ITEM}", f.name));
    }
    chain
}

fn header_failure(e: DerError) -> ErrorReport {
    match e {
        DerError::Truncated => asn1(ASN1_R_TOO_LONG, c"ASN1_get_object"),
        _ => asn1(ASN1_R_HEADER_TOO_LONG, c"ASN1_get_object"),
    }
}

/// Reads the inner value of field `f` from `r` (the element is known present).
fn read_value<'a>(r: &mut Reader<'a>, f: &Field, inner_tag: u8) -> Result<Cow<'a, [u8]>, Vec<ErrorReport>> {
    let outer = r
        .read()
        .map_err(|e| field_failure(vec![header_failure(e), asn1(ASN1_R_BAD_OBJECT_HEADER, c"asn1_check_tlen")], f))?;
    let content = if f.explicit {
        let mut inner = Reader::new(outer.content);
        let value = match inner.peek_tag() {
            Some(t) if t == inner_tag || (t == (inner_tag | 0x20) && inner_tag == TAG_OCTET_STRING) => {
                let el = inner.read().map_err(|e| {
                    field_failure(vec![header_failure(e), asn1(ASN1_R_BAD_OBJECT_HEADER, c"asn1_check_tlen")], f)
                })?;
                collate(el.tag, el.content).map_err(|e| field_failure(vec![header_failure(e)], f))?
            }
            _ => {
                return Err(field_failure(
                    vec![
                        asn1(ASN1_R_WRONG_TAG, c"asn1_check_tlen"),
                        asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_d2i_ex_primitive"),
                    ],
                    f,
                ))
            }
        };
        if !inner.is_empty() {
            let mut chain = vec![asn1(ASN1_R_EXPLICIT_LENGTH_MISMATCH, c"asn1_template_ex_d2i")];
            if let Some(last) = chain.last_mut() {
                last.data = Some(format!("Field={}, Type={ITEM}", f.name));
            }
            return Err(chain);
        }
        value
    } else {
        collate(outer.tag, outer.content).map_err(|e| field_failure(vec![header_failure(e)], f))?
    };
    Ok(content)
}

/// The bytes of a primitive value, or of a BER constructed OCTET STRING's pieces
/// joined (libcrypto accepts both).
fn collate(tag: u8, content: &[u8]) -> Result<Cow<'_, [u8]>, DerError> {
    if tag & 0x20 == 0 {
        return Ok(Cow::Borrowed(content));
    }
    let mut joined = Vec::new();
    let mut r = Reader::new(content);
    while !r.is_empty() {
        let el = r.read()?;
        joined.extend_from_slice(&collate(el.tag, el.content)?);
    }
    Ok(Cow::Owned(joined))
}

const F_VERSION: Field = Field { name: "version", tag: TAG_INTEGER, explicit: false };
const F_SSL_VERSION: Field = Field { name: "ssl_version", tag: TAG_INTEGER, explicit: false };
const F_CIPHER: Field = Field { name: "cipher", tag: TAG_OCTET_STRING, explicit: false };
const F_SESSION_ID: Field = Field { name: "session_id", tag: TAG_OCTET_STRING, explicit: false };
const F_MASTER_KEY: Field = Field { name: "master_key", tag: TAG_OCTET_STRING, explicit: false };

/// The optional fields after the master key, in order; the last one is where
/// OpenSSL's decoder reports anything it could not place.
const OPTIONAL: [Field; 20] = [
    Field { name: "key_arg", tag: implicit(0), explicit: false },
    Field { name: "time", tag: explicit(1), explicit: true },
    Field { name: "timeout", tag: explicit(2), explicit: true },
    Field { name: "peer", tag: explicit(3), explicit: true },
    Field { name: "session_id_context", tag: explicit(4), explicit: true },
    Field { name: "verify_result", tag: explicit(5), explicit: true },
    Field { name: "tlsext_hostname", tag: explicit(6), explicit: true },
    Field { name: "psk_identity_hint", tag: explicit(7), explicit: true },
    Field { name: "psk_identity", tag: explicit(8), explicit: true },
    Field { name: "tlsext_tick_lifetime_hint", tag: explicit(9), explicit: true },
    Field { name: "tlsext_tick", tag: explicit(10), explicit: true },
    Field { name: "comp_id", tag: explicit(11), explicit: true },
    Field { name: "srp_username", tag: explicit(12), explicit: true },
    Field { name: "flags", tag: explicit(13), explicit: true },
    Field { name: "tlsext_tick_age_add", tag: explicit(14), explicit: true },
    Field { name: "max_early_data", tag: explicit(15), explicit: true },
    Field { name: "alpn_selected", tag: explicit(16), explicit: true },
    Field { name: "tlsext_max_fragment_len_mode", tag: explicit(17), explicit: true },
    Field { name: "ticket_appdata", tag: explicit(18), explicit: true },
    Field { name: "kex_group", tag: explicit(19), explicit: true },
];

/// Parses a session; returns it and the number of bytes it took (trailing bytes
/// are left alone).
pub fn parse(input: &[u8]) -> Result<(Parsed, usize), Vec<ErrorReport>> {
    if input.is_empty() {
        return Err(vec![asn1(ASN1_R_TOO_SMALL, c"asn1_item_embed_d2i")]);
    }
    let mut outer = Reader::new(input);
    let item_failure = |first: ErrorReport| {
        let mut nested = asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_item_embed_d2i");
        nested.data = Some(format!("Type={ITEM}"));
        vec![first, asn1(ASN1_R_BAD_OBJECT_HEADER, c"asn1_check_tlen"), nested]
    };
    if outer.peek_tag() != Some(TAG_SEQUENCE) {
        let mut nested = asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_item_embed_d2i");
        nested.data = Some(format!("Type={ITEM}"));
        return Err(vec![asn1(ASN1_R_WRONG_TAG, c"asn1_check_tlen"), nested]);
    }
    let seq = outer.read().map_err(|e| item_failure(header_failure(e)))?;
    let used = input.len() - outer.data.len();
    let mut r = Reader::new(seq.content);
    let mut p = Parsed::default();

    let int = |r: &mut Reader, f: &Field, kind| -> Result<i128, Vec<ErrorReport>> {
        let v = read_value(r, f, TAG_INTEGER)?;
        int_checked(&v, kind).map_err(|e| field_failure(vec![e], f))
    };
    let octets = |r: &mut Reader, f: &Field| -> Result<Vec<u8>, Vec<ErrorReport>> {
        Ok(read_value(r, f, TAG_OCTET_STRING)?.into_owned())
    };
    let missing = |f: &Field| {
        let mut e = asn1(ASN1_R_FIELD_MISSING, c"asn1_item_embed_d2i");
        e.data = Some(format!("Field={}, Type={ITEM}", f.name));
        vec![e]
    };
    // The mandatory fields, each with a primitive type check.
    let required = |r: &mut Reader, f: &Field| -> Result<(), Vec<ErrorReport>> {
        match r.peek_tag() {
            None => Err(missing(f)),
            Some(t) if t == f.tag || (f.tag == TAG_OCTET_STRING && t == (TAG_OCTET_STRING | 0x20)) => Ok(()),
            Some(_) => Err(field_failure(
                vec![
                    asn1(ASN1_R_WRONG_TAG, c"asn1_check_tlen"),
                    asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_d2i_ex_primitive"),
                ],
                f,
            )),
        }
    };
    required(&mut r, &F_VERSION)?;
    p.version = int(&mut r, &F_VERSION, IntKind::U32)?;
    required(&mut r, &F_SSL_VERSION)?;
    p.ssl_version = int(&mut r, &F_SSL_VERSION, IntKind::I32)?;
    required(&mut r, &F_CIPHER)?;
    p.cipher = octets(&mut r, &F_CIPHER)?;
    required(&mut r, &F_SESSION_ID)?;
    p.session_id = octets(&mut r, &F_SESSION_ID)?;
    required(&mut r, &F_MASTER_KEY)?;
    p.master_key = octets(&mut r, &F_MASTER_KEY)?;

    for (i, f) in OPTIONAL.iter().enumerate() {
        let Some(tag) = r.peek_tag() else { break };
        let last = i == OPTIONAL.len() - 1;
        // key_arg is accepted primitive or constructed.
        let matches = tag == f.tag || (i == 0 && tag == explicit(0));
        if !matches {
            if last {
                return Err(field_failure_explicit_tag(f));
            }
            continue;
        }
        match i {
            0 => {
                r.read().map_err(|e| field_failure(vec![header_failure(e)], f))?;
            }
            1 => p.time = int(&mut r, f, IntKind::I64)?,
            2 => p.timeout = int(&mut r, f, IntKind::I64)?,
            3 => {
                // The certificate is kept as DER; libcrypto decodes it on demand.
                let el = r.read().map_err(|e| field_failure(vec![header_failure(e)], f))?;
                let mut inner = Reader::new(el.content);
                let start = inner.data;
                if inner.expect(TAG_SEQUENCE).is_err() || !inner.is_empty() {
                    return Err(field_failure_explicit_tag(f));
                }
                p.peer = Some(start.to_vec());
            }
            4 => p.sid_ctx = Some(octets(&mut r, f)?),
            5 => p.verify_result = int(&mut r, f, IntKind::I32)?,
            6 => p.hostname = Some(octets(&mut r, f)?),
            7 => p.psk_identity_hint = Some(octets(&mut r, f)?),
            8 => p.psk_identity = Some(octets(&mut r, f)?),
            9 => p.ticket_lifetime_hint = int(&mut r, f, IntKind::U64)?,
            10 => p.ticket = Some(octets(&mut r, f)?),
            11 => p.comp_id = Some(octets(&mut r, f)?),
            12 => p.srp_username = Some(octets(&mut r, f)?),
            13 => p.flags = int(&mut r, f, IntKind::U64)?,
            14 => p.tick_age_add = int(&mut r, f, IntKind::U32)?,
            15 => p.max_early_data = int(&mut r, f, IntKind::U32)?,
            16 => p.alpn_selected = Some(octets(&mut r, f)?),
            17 => p.max_fragment_len_mode = int(&mut r, f, IntKind::U32)?,
            18 => p.ticket_appdata = Some(octets(&mut r, f)?),
            _ => p.kex_group = int(&mut r, f, IntKind::U32)?,
        }
    }
    if !r.is_empty() {
        let mut e = asn1(ASN1_R_SEQUENCE_LENGTH_MISMATCH, c"asn1_item_embed_d2i");
        e.data = Some(format!("Type={ITEM}"));
        return Err(vec![e]);
    }
    Ok((p, used))
}

fn field_failure_explicit_tag(f: &Field) -> Vec<ErrorReport> {
    let mut e = asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_template_ex_d2i");
    e.data = Some(format!("Field={}, Type={ITEM}", f.name));
    vec![asn1(ASN1_R_WRONG_TAG, c"asn1_check_tlen"), e]
}

/// Applies parsed fields to `d` in OpenSSL's order. On `Err`, `d` holds what was
/// applied up to the failure (with the error to queue, if OpenSSL queues one).
pub fn apply(p: Parsed, d: &mut SessionData) -> Result<(), Option<ErrorReport>> {
    if p.version != 1 {
        return Err(Some(ssl(SSL_R_UNKNOWN_SSL_VERSION)));
    }
    let v = p.ssl_version as i32;
    let major = v >> 8;
    if major != 0x03 && major != 0xfe && v != 0x100 {
        return Err(Some(ssl(SSL_R_UNSUPPORTED_SSL_VERSION)));
    }
    d.protocol_version = v;
    if p.cipher.len() != 2 {
        return Err(Some(ssl(SSL_R_CIPHER_CODE_WRONG_LENGTH)));
    }
    let id = 0x0300_0000 | u16::from_be_bytes([p.cipher[0], p.cipher[1]]) as u32;
    d.cipher_id = id;
    d.cipher = cipher::by_id(id);
    if d.cipher.is_none() {
        return Err(None);
    }
    d.id = ShortBytes::new(&p.session_id).map_err(|_| None)?;
    if p.master_key.len() > MAX_MASTER_KEY_LEN {
        return Err(None);
    }
    d.master_key = p.master_key;
    d.time = if p.time != 0 { p.time as i64 } else { now() };
    d.timeout = if p.timeout != 0 { p.timeout as i64 } else { 3 };
    d.peer_cert = p.peer.map(Vec::into_boxed_slice);
    d.sid_ctx = ShortBytes::new(p.sid_ctx.as_deref().unwrap_or(&[])).map_err(|_| None)?;
    d.verify_result = p.verify_result as i64;
    d.hostname = p.hostname.map(c_string_to_nul);
    d.psk_identity_hint = p.psk_identity_hint.map(c_string_to_nul);
    d.psk_identity = p.psk_identity.map(c_string_to_nul);
    d.ticket_lifetime_hint = p.ticket_lifetime_hint as u64;
    d.tick_age_add = p.tick_age_add as u32;
    d.ticket = p.ticket.map(Vec::into_boxed_slice);
    match p.comp_id {
        Some(c) if c.len() != 1 => return Err(Some(ssl(SSL_R_BAD_LENGTH))),
        Some(c) => d.compress_id = c[0] as u32,
        None => d.compress_id = 0,
    }
    d.srp_username = p.srp_username.map(c_string_to_nul);
    d.flags = p.flags as u64;
    d.max_early_data = p.max_early_data as u32;
    d.alpn_selected = p.alpn_selected.map(Vec::into_boxed_slice);
    d.max_fragment_len_mode = p.max_fragment_len_mode as u8;
    d.ticket_appdata = p.ticket_appdata.map(Vec::into_boxed_slice);
    d.kex_group = p.kex_group as u32;
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
    push_tlv(&mut body, TAG_OCTET_STRING, &[(cipher_id >> 8) as u8, cipher_id as u8]);
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
    bytes_field(&mut body, 7, d.psk_identity_hint.as_ref().map(|s| s.as_bytes()));
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
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        s.split_whitespace().map(|b| u8::from_str_radix(b, 16).unwrap()).collect()
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
    fn structural_errors() {
        assert_eq!(parse(&[]).unwrap_err()[0].reason, ASN1_R_TOO_SMALL);
        let truncated = parse(&hex("30 0f 02 01 01")).unwrap_err();
        assert_eq!(truncated[0].reason, ASN1_R_TOO_LONG);
        let bad_pad = parse(&hex("30 10 02 02 00 01 02 02 03 03 04 02 c0 2f 04 00 04 00")).unwrap_err();
        assert_eq!(bad_pad[0].reason, ASN1_R_ILLEGAL_PADDING);
        assert_eq!(bad_pad[1].data.as_deref(), Some("Field=version, Type=SSL_SESSION_ASN1"));
        let trailing = parse(&hex("30 19 02 01 01 02 02 03 03 04 02 c0 2f 04 00 04 00 b3 03 02 01 00 b5 03 02 01 05")).unwrap_err();
        assert_eq!(trailing[0].reason, ASN1_R_SEQUENCE_LENGTH_MISMATCH);
    }
}
