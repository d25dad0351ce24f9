//! Minimal DER writer, and the header reader of the session decoder.
//!
//! The writer produces DER (definite, minimal lengths; minimal integers). The
//! reader (`get_object`) reads element headers exactly as libcrypto does,
//! quirks included; the decoder built on it is in `codec.rs`. No length field
//! is trusted beyond the bytes actually present.

pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_SEQUENCE: u8 = 0x30;

// ------------------------------------------------------------------ writing

pub fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = (usize::BITS / 8 - len.leading_zeros() / 8) as usize;
        out.push(0x80 | bytes as u8);
        for i in (0..bytes).rev() {
            out.push((len >> (8 * i)) as u8);
        }
    }
}

pub fn push_tlv(out: &mut Vec<u8>, tag: u8, value: &[u8]) {
    out.push(tag);
    push_len(out, value.len());
    out.extend_from_slice(value);
}

/// Minimal two's-complement content bytes of a signed integer.
fn int_content(v: i128) -> Vec<u8> {
    let bytes = v.to_be_bytes();
    let mut start = 0;
    while start < bytes.len() - 1 {
        let (b, next) = (bytes[start], bytes[start + 1]);
        if (b == 0x00 && next & 0x80 == 0) || (b == 0xff && next & 0x80 != 0) {
            start += 1;
        } else {
            break;
        }
    }
    bytes[start..].to_vec()
}

pub fn push_int(out: &mut Vec<u8>, v: i128) {
    push_tlv(out, TAG_INTEGER, &int_content(v));
}

/// Writes `[n] EXPLICIT` around whatever `inner` writes.
pub fn push_explicit(out: &mut Vec<u8>, n: u8, inner: impl FnOnce(&mut Vec<u8>)) {
    let mut body = Vec::new();
    inner(&mut body);
    // [n] EXPLICIT: context-specific, constructed
    push_tlv(out, 0xa0 | n, &body);
}

// ------------------------------------------------------------------ reading

/// An element header as libcrypto's `ASN1_get_object` reads it.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// The class bits of the identifier octet (0x00 universal, 0x40
    /// application, 0x80 context-specific, 0xc0 private).
    pub class: u8,
    /// The tag number, whichever form encoded it: `bf 01` is `[1]`, as in
    /// libcrypto, and `3f 81 01` universal 129, no field's tag.
    pub number: u64,
    pub constructed: bool,
    /// Content length (0 for indefinite).
    pub len: usize,
    pub indefinite: bool,
    /// Bytes taken by the identifier and length octets.
    pub header_len: usize,
}

impl Header {
    /// Whether this is the tag of a low-form identifier octet (its constructed
    /// bit aside): 0x02 INTEGER, 0x10 SEQUENCE, 0x80 | n for `[n]`.
    pub fn is(&self, identifier: u8) -> bool {
        self.class == identifier & 0xc0 && self.number == (identifier & 0x1f) as u64
    }
}

/// Why a header could not be read, as `ASN1_get_object` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderError {
    /// `ASN1_R_HEADER_TOO_LONG`: the header itself is cut short or malformed.
    HeaderTooLong,
    /// `ASN1_R_TOO_LONG`: the length exceeds the bytes available.
    TooLong,
}

/// Reads a header exactly as libcrypto does, with its quirks: a lone identifier
/// octet is "header too long"; a long-form length needs at least one more byte
/// after its length octets; leading zero length octets are skipped; an
/// indefinite length on a primitive is refused.
pub fn get_object(data: &[u8]) -> Result<Header, HeaderError> {
    let mut max = data.len() as i64;
    if max <= 0 {
        return Err(HeaderError::HeaderTooLong);
    }
    let first = data[0];
    let constructed = first & 0x20 != 0;
    let mut p = 1usize;
    let number;
    if first & 0x1f == 0x1f {
        max -= 1;
        if max == 0 {
            return Err(HeaderError::HeaderTooLong);
        }
        let mut n: u64 = 0;
        while data.get(p).ok_or(HeaderError::HeaderTooLong)? & 0x80 != 0 {
            n = (n << 7) | (data[p] & 0x7f) as u64;
            p += 1;
            max -= 1;
            if max == 0 || n > (i32::MAX >> 7) as u64 {
                return Err(HeaderError::HeaderTooLong);
            }
        }
        n = (n << 7) | (*data.get(p).ok_or(HeaderError::HeaderTooLong)? & 0x7f) as u64;
        p += 1;
        max -= 1;
        if max == 0 {
            return Err(HeaderError::HeaderTooLong);
        }
        number = n;
    } else {
        number = (first & 0x1f) as u64;
        max -= 1;
        if max == 0 {
            return Err(HeaderError::HeaderTooLong);
        }
    }
    finish(data, p, max, (first & 0xc0, number), constructed)
}

/// `asn1_get_length` and the final checks of `ASN1_get_object`.
fn finish(
    data: &[u8],
    mut p: usize,
    mut max: i64,
    (class, number): (u8, u64),
    constructed: bool,
) -> Result<Header, HeaderError> {
    // asn1_get_length
    if max < 1 {
        return Err(HeaderError::HeaderTooLong);
    }
    max -= 1;
    let l = data[p];
    p += 1;
    let (len, indefinite) = if l == 0x80 {
        (0usize, true)
    } else if l & 0x80 != 0 {
        let mut i = (l & 0x7f) as i64;
        if max < i + 1 {
            return Err(HeaderError::HeaderTooLong);
        }
        while i > 0 && data[p] == 0 {
            p += 1;
            i -= 1;
        }
        if i > 8 {
            return Err(HeaderError::HeaderTooLong);
        }
        let mut v: u64 = 0;
        while i > 0 {
            v = (v << 8) | data[p] as u64;
            p += 1;
            i -= 1;
        }
        if v > i64::MAX as u64 {
            return Err(HeaderError::HeaderTooLong);
        }
        (v as usize, false)
    } else {
        (l as usize, false)
    };
    if indefinite && !constructed {
        return Err(HeaderError::HeaderTooLong);
    }
    if len > data.len() - p {
        return Err(HeaderError::TooLong);
    }
    Ok(Header {
        class,
        number,
        constructed,
        len,
        indefinite,
        header_len: p,
    })
}

/// The value of INTEGER content bytes; `None` when empty or wider than 128 bits.
#[cfg(test)]
pub fn int_value(content: &[u8]) -> Option<i128> {
    if content.is_empty() || content.len() > 16 {
        return None;
    }
    let negative = content[0] & 0x80 != 0;
    let mut v: i128 = if negative { -1 } else { 0 };
    for b in content {
        v = (v << 8) | *b as i128;
    }
    Some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The content of the element at the start of `data`.
    fn content(data: &[u8]) -> &[u8] {
        let h = get_object(data).unwrap();
        &data[h.header_len..h.header_len + h.len]
    }

    #[test]
    fn minimal_integers() {
        let enc = |v| {
            let mut o = Vec::new();
            push_int(&mut o, v);
            o
        };
        assert_eq!(enc(0), [2, 1, 0]);
        assert_eq!(enc(255), [2, 2, 0, 0xff]);
        assert_eq!(enc(-1), [2, 1, 0xff]);
        assert_eq!(enc(-129), [2, 2, 0xff, 0x7f]);
        for v in [
            0i128,
            1,
            -1,
            127,
            128,
            -128,
            -129,
            i64::MAX as i128,
            i64::MIN as i128,
            u64::MAX as i128,
        ] {
            let o = enc(v);
            assert!(get_object(&o).unwrap().is(TAG_INTEGER));
            assert_eq!(int_value(content(&o)), Some(v));
        }
        assert_eq!(int_value(&[]), None);
    }

    #[test]
    fn lengths() {
        let mut o = Vec::new();
        push_tlv(&mut o, TAG_OCTET_STRING, &[7; 300]);
        assert_eq!(&o[..4], &[4, 0x82, 0x01, 0x2c]);
        assert_eq!(content(&o).len(), 300);
        assert_eq!(get_object(&o[..100]).err(), Some(HeaderError::TooLong));
        // a length field claiming more than there is
        assert_eq!(
            get_object(&[4, 0x84, 0xff, 0xff, 0xff, 0xff, 1]).err(),
            Some(HeaderError::TooLong)
        );
    }

    #[test]
    fn libcrypto_header_quirks() {
        // a lone identifier octet
        assert_eq!(get_object(&[0x30]).err(), Some(HeaderError::HeaderTooLong));
        // a long-form length needs one more byte after its length octets
        assert_eq!(
            get_object(&[0x02, 0x81, 0x00]).err(),
            Some(HeaderError::HeaderTooLong)
        );
        assert_eq!(get_object(&[0x02, 0x81, 0x01, 0x07]).unwrap().len, 1);
        // indefinite lengths only on constructed values
        assert_eq!(
            get_object(&[0x04, 0x80, 0, 0]).err(),
            Some(HeaderError::HeaderTooLong)
        );
        let h = get_object(&[0x30, 0x80, 0, 0]).unwrap();
        assert!(h.indefinite && h.constructed);
        // the high-number form of a low tag is that tag: bf 01 is [1]
        assert!(get_object(&[0xbf, 0x01, 0x00]).unwrap().is(0x81));
        assert!(get_object(&[0xa1, 0x00]).unwrap().is(0x81));
        // universal 129 is not [1], whatever its number's low bits
        let h = get_object(&[0x3f, 0x81, 0x01, 0x00]).unwrap();
        assert!(!h.is(0x81) && !h.is(0x01));
        assert_eq!((h.class, h.number), (0, 129));
    }
}
