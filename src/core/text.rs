//! The text form of a session (`SSL_SESSION_print`, `SSL_SESSION_print_keylog`),
//! as the sequence of writes OpenSSL 3.0 makes: it stops at the first write that
//! puts out nothing (an empty PSK identity or ticket), and so must sessl.

use super::session::SessionData;
use std::fmt::Write;

/// One write to the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Chunk {
    Text(String),
    /// Bytes as they are (`%s` of a C string, not necessarily UTF-8).
    Bytes(Vec<u8>),
    /// libcrypto's `BIO_dump_indent(bytes, indent 4)`.
    HexDump(Vec<u8>),
    /// The verify result's description, supplied by libcrypto.
    VerifyResult(i64),
    /// OpenSSL gives up here: the output so far stays, the call returns 0.
    Stop,
}

fn protocol_name(v: i32) -> &'static str {
    match v {
        0x0300 => "SSLv3",
        0x0301 => "TLSv1",
        0x0302 => "TLSv1.1",
        0x0303 => "TLSv1.2",
        0x0304 => "TLSv1.3",
        0xfeff => "DTLSv1",
        0xfefd => "DTLSv1.2",
        0x0100 => "DTLSv0.9",
        _ => "unknown",
    }
}

fn upper_hex(bytes: &[u8]) -> impl Iterator<Item = Chunk> + '_ {
    bytes.iter().map(|b| Chunk::Text(format!("{b:02X}")))
}

const TLS1_3_VERSION: i32 = 0x0304;

/// `SSL_SESSION_print`.
pub fn session_text(d: &SessionData) -> Vec<Chunk> {
    let t = |s: &str| Chunk::Text(s.to_string());
    let mut out = vec![t("SSL-Session:\n")];
    out.push(Chunk::Text(format!(
        "    Protocol  : {}\n",
        protocol_name(d.protocol_version)
    )));
    out.push(match d.cipher {
        Some(c) => Chunk::Text(format!("    Cipher    : {}\n", c.name)),
        None => Chunk::Text(format!("    Cipher    : {:04X}\n", d.cipher_id & 0xffff)),
    });
    out.push(t("    Session-ID: "));
    out.extend(upper_hex(d.id.as_slice()));
    out.push(t("\n    Session-ID-ctx: "));
    out.extend(upper_hex(d.sid_ctx.as_slice()));
    out.push(t(if d.protocol_version == TLS1_3_VERSION {
        "\n    Resumption PSK: "
    } else {
        "\n    Master-Key: "
    }));
    out.extend(upper_hex(&d.master_key));
    let or_none = |s: &Option<std::ffi::CString>| {
        Chunk::Bytes(
            s.as_ref()
                .map_or(b"None".to_vec(), |s| s.as_bytes().to_vec()),
        )
    };
    out.push(t("\n    PSK identity: "));
    out.push(or_none(&d.psk_identity));
    out.push(t("\n    PSK identity hint: "));
    out.push(or_none(&d.psk_identity_hint));
    out.push(t("\n    SRP username: "));
    out.push(or_none(&d.srp_username));
    if d.ticket_lifetime_hint != 0 {
        out.push(Chunk::Text(format!(
            "\n    TLS session ticket lifetime hint: {} (seconds)",
            d.ticket_lifetime_hint as i64
        )));
    }
    if let Some(ticket) = &d.ticket {
        out.push(t("\n    TLS session ticket:\n"));
        out.push(Chunk::HexDump(ticket.to_vec()));
    }
    if d.compress_id != 0 {
        // OpenSSL looks the compression method up through the cipher, and
        // fails without one.
        if d.cipher.is_none() {
            out.push(Chunk::Stop);
            return out;
        }
        out.push(Chunk::Text(format!(
            "\n    Compression: {}",
            d.compress_id as i32
        )));
    }
    if d.time != 0 {
        out.push(Chunk::Text(format!("\n    Start Time: {}", d.time)));
    }
    if d.timeout != 0 {
        out.push(Chunk::Text(format!(
            "\n    Timeout   : {} (sec)",
            d.timeout
        )));
    }
    out.push(t("\n"));
    out.push(t("    Verify return code: "));
    out.push(Chunk::VerifyResult(d.verify_result));
    out.push(Chunk::Text(format!(
        "    Extended master secret: {}\n",
        if d.flags & 1 != 0 { "yes" } else { "no" }
    )));
    if d.protocol_version == TLS1_3_VERSION {
        out.push(Chunk::Text(format!(
            "    Max Early Data: {}\n",
            d.max_early_data
        )));
    }
    out
}

/// `SSL_SESSION_print_keylog`: `None` (nothing written, return 0) without an id
/// or a master key.
pub fn keylog_line(d: &SessionData) -> Option<String> {
    if d.id.is_empty() || d.master_key.is_empty() {
        return None;
    }
    let mut line = String::from("RSA Session-ID:");
    d.id.as_slice().iter().for_each(|b| {
        let _ = write!(line, "{b:02X}");
    });
    line.push_str(" Master-Key:");
    d.master_key.iter().for_each(|b| {
        let _ = write!(line, "{b:02X}");
    });
    line.push('\n');
    Some(line)
}
