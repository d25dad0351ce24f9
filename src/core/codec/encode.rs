//! `i2d_SSL_SESSION`: the DER OpenSSL 3.0 writes for a session.

use super::super::der::{push_explicit, push_int, push_tlv};
use super::super::der::{TAG_OCTET_STRING, TAG_SEQUENCE};
use super::super::session::SessionData;

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
