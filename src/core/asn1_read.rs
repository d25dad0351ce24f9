//! libcrypto's ASN.1 decoding steps, as its template decoder takes them for a
//! session (`codec.rs` has the template itself): element headers with an
//! expected tag, primitives and constructed strings, integers with their range
//! checks, the end of an indefinite-length element; and the errors each step
//! queues, with the reporting functions libcrypto names.

use super::der::{get_object, Header, HeaderError};
use std::borrow::Cow;
use std::ffi::CStr;

/// One error as OpenSSL queues it: library, reason, reporting function, data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorReport {
    pub lib: i32,
    pub reason: i32,
    pub func: &'static CStr,
    pub data: Option<String>,
}

pub const LIB_ASN1: i32 = 13;

// ASN.1 reasons (asn1err.h) and the common nested-error reason.
const ASN1_R_BAD_OBJECT_HEADER: i32 = 102;
pub(super) const ASN1_R_EXPLICIT_LENGTH_MISMATCH: i32 = 119;
pub(super) const ASN1_R_EXPLICIT_TAG_NOT_CONSTRUCTED: i32 = 120;
pub(super) const ASN1_R_FIELD_MISSING: i32 = 121;
const ASN1_R_HEADER_TOO_LONG: i32 = 123;
const ASN1_R_ILLEGAL_NEGATIVE_VALUE: i32 = 226;
pub(super) const ASN1_R_ILLEGAL_PADDING: i32 = 221;
pub(super) const ASN1_R_MISSING_EOC: i32 = 137;
const ASN1_R_NESTED_ASN1_STRING: i32 = 197;
pub(super) const ASN1_R_SEQUENCE_LENGTH_MISMATCH: i32 = 148;
pub(super) const ASN1_R_SEQUENCE_NOT_CONSTRUCTED: i32 = 149;
const ASN1_R_TOO_LARGE: i32 = 223;
pub(super) const ASN1_R_TOO_LONG: i32 = 155;
pub(super) const ASN1_R_TOO_SMALL: i32 = 224;
const ASN1_R_TYPE_NOT_PRIMITIVE: i32 = 195;
pub(super) const ASN1_R_UNEXPECTED_EOC: i32 = 159;
const ASN1_R_WRONG_TAG: i32 = 168;
const ERR_R_NESTED_ASN1_ERROR: i32 = 0x8010a;

pub(super) fn asn1(reason: i32, func: &'static CStr) -> ErrorReport {
    ErrorReport {
        lib: LIB_ASN1,
        reason,
        func,
        data: None,
    }
}

/// The integer types of the ASN.1 template, with their range checks.
#[derive(Clone, Copy)]
pub(super) enum IntKind {
    U32,
    I32,
    U64,
    I64,
}

/// libcrypto's `c2i_ibuf` and `ossl_c2i_uint64_int`: the magnitude of the
/// INTEGER content (at most 8 bytes once a padding octet is dropped) and its
/// sign.
fn c2i_magnitude(content: &[u8]) -> Result<(u64, bool), ErrorReport> {
    let negative = content[0] & 0x80 != 0;
    // A leading 0x00, or a leading 0xff followed by anything but zeros, is
    // padding; it must be needed (the next octet's top bit differs).
    let pad = content.len() > 1
        && match content[0] {
            0x00 => true,
            0xff => content[1..].iter().any(|b| *b != 0),
            _ => false,
        };
    if pad && (content[1] & 0x80 != 0) == negative {
        return Err(asn1(ASN1_R_ILLEGAL_PADDING, c"c2i_ibuf"));
    }
    let digits = &content[pad as usize..];
    if digits.len() > 8 {
        return Err(asn1(ASN1_R_TOO_LARGE, c"ossl_c2i_uint64_int"));
    }
    let value = digits.iter().fold(0u128, |v, b| v << 8 | *b as u128);
    let magnitude = if negative {
        (1u128 << (8 * digits.len())) - value
    } else {
        value
    };
    Ok((magnitude as u64, negative))
}

/// An INTEGER's value as libcrypto's `uint32_c2i` / `uint64_c2i` convert it
/// for the template's integer types, with their range checks.
pub(super) fn int_checked(content: &[u8], kind: IntKind) -> Result<i128, ErrorReport> {
    // A zero-length INTEGER reads as 0, as in libcrypto.
    if content.is_empty() {
        return Ok(0);
    }
    let (magnitude, negative) = c2i_magnitude(content)?;
    let m = magnitude as i128;
    match kind {
        IntKind::U32 | IntKind::I32 => {
            let func = c"uint32_c2i";
            match (kind, negative) {
                (IntKind::U32, true) => Err(asn1(ASN1_R_ILLEGAL_NEGATIVE_VALUE, func)),
                (IntKind::U32, false) if m > u32::MAX as i128 => Err(asn1(ASN1_R_TOO_LARGE, func)),
                (IntKind::U32, false) => Ok(m),
                (_, true) if m > 1 << 31 => Err(asn1(ASN1_R_TOO_SMALL, func)),
                (_, true) => Ok(-m),
                (_, false) if m > i32::MAX as i128 => Err(asn1(ASN1_R_TOO_LARGE, func)),
                (_, false) => Ok(m),
            }
        }
        IntKind::U64 | IntKind::I64 => {
            let func = c"uint64_c2i";
            match (kind, negative) {
                (IntKind::U64, true) => Err(asn1(ASN1_R_ILLEGAL_NEGATIVE_VALUE, func)),
                (IntKind::U64, false) => Ok(m),
                (_, false) if m > i64::MAX as i128 => Err(asn1(ASN1_R_TOO_LARGE, func)),
                (_, false) => Ok(m),
                // No lower bound: libcrypto negates the magnitude modulo 2^64,
                // so -(2^63 + 1) reads as 2^63 - 1.
                (_, true) => Ok(magnitude.wrapping_neg() as i64 as i128),
            }
        }
    }
}

pub(super) type Chain = Vec<ErrorReport>;

pub(super) fn nested(mut chain: Chain, func: &'static CStr) -> Chain {
    chain.push(asn1(ERR_R_NESTED_ASN1_ERROR, func));
    chain
}

pub(super) fn with_data(mut chain: Chain, data: String) -> Chain {
    if let Some(last) = chain.last_mut() {
        last.data = Some(data);
    }
    chain
}

pub(super) fn is_eoc(data: &[u8]) -> bool {
    data.len() >= 2 && data[0] == 0 && data[1] == 0
}

/// libcrypto's `asn1_check_tlen`: the header at `data` with the expected tag
/// (identifier octet, constructed bit clear). `None`: optional and absent.
pub(super) fn check_tlen(data: &[u8], tag: u8, opt: bool) -> Result<Option<Header>, Chain> {
    match get_object(data) {
        Err(e) => {
            let reason = match e {
                HeaderError::HeaderTooLong => ASN1_R_HEADER_TOO_LONG,
                HeaderError::TooLong => ASN1_R_TOO_LONG,
            };
            Err(vec![
                asn1(reason, c"ASN1_get_object"),
                asn1(ASN1_R_BAD_OBJECT_HEADER, c"asn1_check_tlen"),
            ])
        }
        Ok(h) if !h.is(tag) => {
            if opt {
                Ok(None)
            } else {
                Err(vec![asn1(ASN1_R_WRONG_TAG, c"asn1_check_tlen")])
            }
        }
        Ok(h) => Ok(Some(h)),
    }
}

/// Joins the pieces of a constructed string (`asn1_collect`): universal-class
/// elements, primitive or constructed, up to the end or an end-of-contents.
pub(super) fn collect(
    data: &[u8],
    indefinite: bool,
    out: &mut Vec<u8>,
    depth: usize,
) -> Result<usize, Chain> {
    let mut pos = 0;
    loop {
        let rest = &data[pos..];
        if rest.is_empty() {
            if indefinite {
                return Err(vec![asn1(ASN1_R_MISSING_EOC, c"asn1_collect")]);
            }
            return Ok(pos);
        }
        if is_eoc(rest) {
            if indefinite {
                return Ok(pos + 2);
            }
            return Err(vec![asn1(ASN1_R_UNEXPECTED_EOC, c"asn1_collect")]);
        }
        // Pieces of any tag are taken (libcrypto checks none here).
        let h = match get_object(rest) {
            Ok(h) => h,
            Err(e) => {
                let reason = if e == HeaderError::TooLong {
                    ASN1_R_TOO_LONG
                } else {
                    ASN1_R_HEADER_TOO_LONG
                };
                return Err(vec![
                    asn1(reason, c"ASN1_get_object"),
                    asn1(ASN1_R_BAD_OBJECT_HEADER, c"asn1_check_tlen"),
                    asn1(ERR_R_NESTED_ASN1_ERROR, c"asn1_collect"),
                ]);
            }
        };
        let body = &rest[h.header_len..];
        if h.constructed {
            if depth >= 5 {
                return Err(vec![asn1(ASN1_R_NESTED_ASN1_STRING, c"asn1_collect")]);
            }
            let region = if h.indefinite { body } else { &body[..h.len] };
            let used = collect(region, h.indefinite, out, depth + 1)?;
            pos += h.header_len + if h.indefinite { used } else { h.len };
        } else {
            out.extend_from_slice(&body[..h.len]);
            pos += h.header_len + h.len;
        }
    }
}

/// A primitive's content bytes (borrowed, or joined from a constructed
/// encoding) and the number of input bytes it used.
pub(super) type Content<'a> = (Cow<'a, [u8]>, usize);

/// `asn1_d2i_ex_primitive` for an INTEGER or OCTET STRING with tag `tag`:
/// the content bytes and the bytes used, or `None` when optional and absent.
pub(super) fn primitive<'a>(
    data: &'a [u8],
    tag: u8,
    opt: bool,
    octets: bool,
) -> Result<Option<Content<'a>>, Chain> {
    let h = match check_tlen(data, tag, opt) {
        Err(c) => return Err(nested(c, c"asn1_d2i_ex_primitive")),
        Ok(None) => return Ok(None),
        Ok(Some(h)) => h,
    };
    let body = &data[h.header_len..];
    if h.constructed {
        if !octets {
            return Err(vec![asn1(
                ASN1_R_TYPE_NOT_PRIMITIVE,
                c"asn1_d2i_ex_primitive",
            )]);
        }
        let region = if h.indefinite { body } else { &body[..h.len] };
        let mut joined = Vec::new();
        // asn1_collect reports its own failures; ex_primitive adds nothing.
        let used = collect(region, h.indefinite, &mut joined, 0)?;
        let total = h.header_len + if h.indefinite { used } else { h.len };
        return Ok(Some((Cow::Owned(joined), total)));
    }
    Ok(Some((Cow::Borrowed(&body[..h.len]), h.header_len + h.len)))
}

/// The length of an indefinite-length element's contents, its end-of-contents
/// included, or `None` when the bytes hold no matching end-of-contents (or
/// an element header libcrypto would refuse).
pub(super) fn indefinite_end(body: &[u8]) -> Option<usize> {
    let (mut pos, mut open) = (0, 1usize);
    while pos < body.len() {
        if is_eoc(&body[pos..]) {
            pos += 2;
            open -= 1;
            if open == 0 {
                return Some(pos);
            }
            continue;
        }
        let h = get_object(&body[pos..]).ok()?;
        pos += h.header_len;
        if h.indefinite {
            open += 1;
        } else {
            pos += h.len;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        s.split_whitespace()
            .map(|b| u8::from_str_radix(b, 16).unwrap())
            .collect()
    }

    #[test]
    fn integers_convert_as_in_libcrypto() {
        let v = |h: &str, kind| int_checked(&hex(h), kind).map_err(|e| (e.reason, e.func));
        assert_eq!(v("ff 7f", IntKind::I32), Ok(-129));
        assert_eq!(v("80 00 00 00", IntKind::I32), Ok(i32::MIN as i128));
        // nine octets of magnitude: too large, whatever the sign
        let nine = Err((ASN1_R_TOO_LARGE, c"ossl_c2i_uint64_int"));
        assert_eq!(v("80 00 00 00 00 00 00 00 00", IntKind::I64), nine);
        assert_eq!(v("ff 00 00 00 00 00 00 00 00", IntKind::U32), nine);
        // a leading ff before non-zero octets is padding
        assert_eq!(
            v("ff 80 00", IntKind::I64).unwrap_err().0,
            ASN1_R_ILLEGAL_PADDING
        );
        // INT64 has no lower bound: the magnitude is negated modulo 2^64
        assert_eq!(
            v("ff 7f ff ff ff ff ff ff ff", IntKind::I64),
            Ok(i64::MAX as i128)
        );
    }
}
