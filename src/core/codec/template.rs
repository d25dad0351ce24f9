//! The session's ASN.1 template, field by field, and the decoding of one
//! field by its tagging, as libcrypto's template decoder does.

use super::*;

/// How a template field is tagged.
#[derive(Clone, Copy)]
pub(super) enum Tagging {
    /// A universal type, no tag of its own.
    Plain,
    /// `[n] IMPLICIT`.
    Implicit(u8),
    /// `[n] EXPLICIT`.
    Explicit(u8),
}

/// One field's value as decoded, before conversion.
pub(super) enum Raw<'a> {
    /// An integer, converted and range-checked as soon as it is read, as
    /// libcrypto does (before the end of an explicit tag around it is checked).
    Int(i128),
    Octets(Cow<'a, [u8]>),
    /// A whole element kept as DER (the peer certificate).
    Element(&'a [u8]),
}

/// `asn1_template_noexp_d2i` over the field's universal type.
pub(super) fn noexp<'a>(
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
pub(super) fn template<'a>(
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
pub(super) enum Kind {
    Int(IntKind),
    Octets,
    Certificate,
}

/// A field of the template: name (as OpenSSL reports it), tagging, type,
/// whether it may be absent.
pub(super) struct Field {
    pub(super) name: &'static str,
    pub(super) tagging: Tagging,
    pub(super) kind: Kind,
    pub(super) optional: bool,
}

pub(super) const fn field(
    name: &'static str,
    tagging: Tagging,
    kind: Kind,
    optional: bool,
) -> Field {
    Field {
        name,
        tagging,
        kind,
        optional,
    }
}

/// OpenSSL 3.0's `SSL_SESSION_ASN1` template, in order.
pub(super) const TEMPLATE: [Field; 25] = [
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
