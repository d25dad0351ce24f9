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
    let der = hex("30 18 02 01 01 02 02 03 03 04 02 c0 2f 04 00 04 00 ad 07 02 05 01 00 00 00 01");
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
