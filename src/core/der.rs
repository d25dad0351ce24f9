//! Minimal DER writer and BER-tolerant reader for the session encoding.
//!
//! The writer produces DER (definite, minimal lengths; minimal integers). The
//! reader accepts what OpenSSL's ASN.1 decoder accepts for this structure:
//! definite lengths in any valid form and indefinite lengths on constructed
//! values. No length field is trusted beyond the bytes actually present.

/// Why a read failed; mapped by the caller to OpenSSL's error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerError {
    /// Input ended inside a header or value (`ASN1_R_HEADER_TOO_LONG` /
    /// `ASN1_R_TOO_LONG` in OpenSSL).
    Truncated,
    /// A tag other than the one expected at this point.
    WrongTag,
    /// A malformed length or a primitive value with an indefinite length.
    BadLength,
    /// An INTEGER with no content bytes, or one that does not fit.
    BadInteger,
    /// Nesting too deep for the indefinite-length scan.
    TooDeep,
}

pub const TAG_INTEGER: u8 = 0x02;
pub const TAG_OCTET_STRING: u8 = 0x04;
pub const TAG_SEQUENCE: u8 = 0x30;
/// `[n]` explicit, context-specific, constructed.
pub const fn explicit(n: u8) -> u8 {
    0xa0 | n
}
/// `[n]` implicit, context-specific, primitive.
pub const fn implicit(n: u8) -> u8 {
    0x80 | n
}

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
    push_tlv(out, explicit(n), &body);
}

// ------------------------------------------------------------------ reading

/// A cursor over BER bytes.
#[derive(Clone, Copy)]
pub struct Reader<'a> {
    pub data: &'a [u8],
}

/// One element: its tag, its content, and whether its length was indefinite.
pub struct Element<'a> {
    pub tag: u8,
    pub content: &'a [u8],
}

const MAX_DEPTH: usize = 64;

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn peek_tag(&self) -> Option<u8> {
        self.data.first().copied()
    }

    /// Reads one element, returning it and the number of bytes it took.
    pub fn read(&mut self) -> Result<Element<'a>, DerError> {
        let (tag, content, used) = parse(self.data, 0)?;
        self.data = &self.data[used..];
        Ok(Element { tag, content })
    }

    /// Reads one element that must carry `tag`.
    pub fn expect(&mut self, tag: u8) -> Result<&'a [u8], DerError> {
        match self.peek_tag() {
            None => Err(DerError::Truncated),
            Some(t) if t != tag => Err(DerError::WrongTag),
            Some(_) => Ok(self.read()?.content),
        }
    }
}

/// Parses the element at the start of `data`: (tag, content, total length).
/// For an indefinite length, the content runs up to the end-of-contents octets,
/// which are not part of it.
fn parse(data: &[u8], depth: usize) -> Result<(u8, &[u8], usize), DerError> {
    if depth > MAX_DEPTH {
        return Err(DerError::TooDeep);
    }
    let tag = *data.first().ok_or(DerError::Truncated)?;
    if tag & 0x1f == 0x1f {
        // High tag numbers never occur in this structure.
        return Err(DerError::WrongTag);
    }
    let first = *data.get(1).ok_or(DerError::Truncated)?;
    let mut pos = 2;
    if first == 0x80 {
        if tag & 0x20 == 0 {
            return Err(DerError::BadLength);
        }
        // Indefinite: walk the children until 00 00.
        let mut at = pos;
        loop {
            match data.get(at..at + 2) {
                None => return Err(DerError::Truncated),
                Some([0, 0]) => return Ok((tag, &data[pos..at], at + 2)),
                Some(_) => {
                    let (_, _, used) = parse(&data[at..], depth + 1)?;
                    at += used;
                }
            }
        }
    }
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n > std::mem::size_of::<usize>() || n == 0x7f {
            return Err(DerError::BadLength);
        }
        let bytes = data.get(pos..pos + n).ok_or(DerError::Truncated)?;
        pos += n;
        bytes.iter().fold(0usize, |acc, b| (acc << 8) | *b as usize)
    };
    let end = pos.checked_add(len).ok_or(DerError::BadLength)?;
    let content = data.get(pos..end).ok_or(DerError::Truncated)?;
    Ok((tag, content, end))
}

/// An element header as libcrypto's `ASN1_get_object` reads it.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    /// Class bits and tag number: `class | number` for numbers below 31 (0x02
    /// INTEGER, 0x80 | n for `[n]`), whichever form encoded them, so `bf 01`
    /// reads as `[1]` as in libcrypto; `class << 32 | number` above.
    pub tag: u64,
    pub constructed: bool,
    /// Content length (0 for indefinite).
    pub len: usize,
    pub indefinite: bool,
    /// Bytes taken by the identifier and length octets.
    pub header_len: usize,
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
    let tag;
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
        tag = fold_tag((first & 0xc0) as u64, n);
        return finish(data, p, max, tag, constructed);
    } else {
        tag = (first & !0x20) as u64;
        max -= 1;
        if max == 0 {
            return Err(HeaderError::HeaderTooLong);
        }
    }
    finish(data, p, max, tag, constructed)
}

/// The tag value of a high-number form: the same value as the low form when the
/// number is below 31 (`bf 01` is `[1]`), else `class << 32 | number`.
fn fold_tag(class: u64, number: u64) -> u64 {
    if number < 31 {
        class | number
    } else {
        class << 32 | number
    }
}

/// `asn1_get_length` and the final checks of `ASN1_get_object`.
fn finish(data: &[u8], mut p: usize, mut max: i64, tag: u64, constructed: bool) -> Result<Header, HeaderError> {
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
    Ok(Header { tag, constructed, len, indefinite, header_len: p })
}

/// The value of INTEGER content bytes.
pub fn int_value(content: &[u8]) -> Result<i128, DerError> {
    if content.is_empty() || content.len() > 16 {
        return Err(DerError::BadInteger);
    }
    let negative = content[0] & 0x80 != 0;
    let mut v: i128 = if negative { -1 } else { 0 };
    for b in content {
        v = (v << 8) | *b as i128;
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for v in [0i128, 1, -1, 127, 128, -128, -129, i64::MAX as i128, i64::MIN as i128, u64::MAX as i128] {
            let o = enc(v);
            let mut r = Reader::new(&o);
            assert_eq!(int_value(r.expect(TAG_INTEGER).unwrap()).unwrap(), v);
        }
    }

    #[test]
    fn lengths() {
        let mut o = Vec::new();
        push_tlv(&mut o, TAG_OCTET_STRING, &[7; 300]);
        assert_eq!(&o[..4], &[4, 0x82, 0x01, 0x2c]);
        assert_eq!(Reader::new(&o).expect(TAG_OCTET_STRING).unwrap().len(), 300);
        assert_eq!(Reader::new(&o[..100]).read().err(), Some(DerError::Truncated));
        // a length field claiming more than there is
        assert_eq!(Reader::new(&[4, 0x84, 0xff, 0xff, 0xff, 0xff, 1]).read().err(), Some(DerError::Truncated));
    }

    #[test]
    fn indefinite_constructed() {
        let ber = [0x30, 0x80, 0x02, 0x01, 0x05, 0xa1, 0x80, 0x02, 0x01, 0x07, 0, 0, 0, 0, 0xee];
        let mut r = Reader::new(&ber);
        let seq = r.read().unwrap();
        assert_eq!(seq.tag, 0x30);
        assert_eq!(r.data, &[0xee]);
        let mut inner = Reader::new(seq.content);
        assert_eq!(int_value(inner.expect(TAG_INTEGER).unwrap()).unwrap(), 5);
        let tagged = inner.expect(explicit(1)).unwrap();
        assert_eq!(int_value(Reader::new(tagged).expect(TAG_INTEGER).unwrap()).unwrap(), 7);
        assert!(inner.is_empty());
        // primitive with indefinite length is refused
        assert_eq!(Reader::new(&[0x04, 0x80, 0, 0]).read().err(), Some(DerError::BadLength));
    }
}
