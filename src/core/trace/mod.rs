//! `SSL_trace`'s decoder: the text OpenSSL 3.0 prints for one TLS message the
//! message callback sees (a record header, a handshake message, an alert, a
//! ChangeCipherSpec...), byte for byte.
//!
//! The text is returned as [`Piece`]s: plain text, and the parts the C shell
//! prints with libcrypto (certificates, distinguished names, hex dumps, alert
//! names), so that this module needs nothing of C. Lengths and bounds are
//! checked as OpenSSL checks them: a malformed message prints what OpenSSL
//! prints up to where OpenSSL stops, then its parse-error line.

#[rustfmt::skip]
mod names;

mod extensions;
mod messages;

use names::*;

/// What the shell prints for one piece of the output.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Text(Vec<u8>),
    /// A DER certificate of the given length: its details and PEM, or the
    /// unparseable / trailing garbage notes.
    Cert(&'a [u8]),
    /// A DER distinguished name, printed on one line.
    Dn(&'a [u8]),
    /// `BIO_dump_indent` of the bytes at the indent.
    Dump(&'a [u8], i32),
    /// The long names of an alert's level and description.
    Alert(u8, u8),
}

/// What the decoder reads of the connection.
#[derive(Debug, Clone, Copy, Default)]
pub struct Conn {
    pub dtls: bool,
    /// `SSL_IS_TLS13`: the connection's method is a TLS 1.3 one (never
    /// before a handshake).
    pub tls13: bool,
    /// Whether the method's protocol has signature algorithms (TLS 1.2 and
    /// the version-flexible methods).
    pub use_sigalgs: bool,
    pub server: bool,
}

const RT_CHANGE_CIPHER_SPEC: i32 = 20;
const RT_ALERT: i32 = 21;
const RT_HANDSHAKE: i32 = 22;
const RT_HEADER: i32 = 0x100;
const RT_INNER_CONTENT_TYPE: i32 = 0x101;

const MT_CLIENT_HELLO: u8 = 1;
const MT_SERVER_HELLO: u8 = 2;
const MT_NEWSESSION_TICKET: u8 = 4;
const MT_ENCRYPTED_EXTENSIONS: u8 = 8;
const MT_CERTIFICATE: u8 = 11;
const MT_CERTIFICATE_REQUEST: u8 = 13;
const TLS1_3: u32 = 0x0304;

fn name(table: &[(u16, &'static str)], v: u32) -> &'static str {
    u16::try_from(v)
        .ok()
        .and_then(|v| table.binary_search_by_key(&v, |e| e.0).ok())
        .map_or("UNKNOWN", |i| table[i].1)
}

fn u16_at(b: &[u8]) -> usize {
    (b[0] as usize) << 8 | b[1] as usize
}

fn u24_at(b: &[u8]) -> usize {
    (b[0] as usize) << 16 | (b[1] as usize) << 8 | b[2] as usize
}

fn u32_at(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// The output being built; a method returning `bool` is a parse step that
/// fails (false) where OpenSSL's returns 0.
struct Out<'a> {
    pieces: Vec<Piece<'a>>,
    conn: Conn,
}

impl<'a> Out<'a> {
    fn text(&mut self, s: &[u8]) {
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.extend_from_slice(s);
        } else {
            self.pieces.push(Piece::Text(s.to_vec()));
        }
    }

    fn put(&mut self, s: &str) {
        self.text(s.as_bytes());
    }

    /// `BIO_indent(bio, indent, 80)`.
    fn indent(&mut self, n: i32) {
        let n = n.clamp(0, 80) as usize;
        self.text(&b" ".repeat(n));
    }

    fn line(&mut self, indent: i32, s: &str) {
        self.indent(indent);
        self.put(s);
    }

    fn list(
        &mut self,
        indent: i32,
        msg: &[u8],
        width: usize,
        table: &[(u16, &'static str)],
    ) -> bool {
        if msg.len() % width != 0 {
            return false;
        }
        for v in msg.chunks(width) {
            let v = if width == 2 { u16_at(v) } else { v[0] as usize } as u32;
            self.line(indent, &format!("{} ({})\n", name(table, v), v));
        }
        true
    }

    fn hex(&mut self, indent: i32, label: &str, msg: &[u8]) {
        self.indent(indent);
        let mut s = format!("{} (len={}): ", label, msg.len() as i32);
        for b in msg {
            s.push_str(&format!("{:02X}", b));
        }
        s.push('\n');
        self.put(&s);
    }

    /// A vector with a `nlen`-byte length prefix, printed as hex.
    fn hexbuf(&mut self, indent: i32, label: &str, nlen: usize, msg: &mut &'a [u8]) -> bool {
        if msg.len() < nlen {
            return false;
        }
        let blen = if nlen > 1 {
            u16_at(msg)
        } else {
            msg[0] as usize
        };
        if msg.len() < nlen + blen {
            return false;
        }
        self.hex(indent, label, &msg[nlen..nlen + blen]);
        *msg = &msg[nlen + blen..];
        true
    }

    fn version(&mut self, indent: i32, label: &str, msg: &mut &'a [u8]) -> Option<u32> {
        if msg.len() < 2 {
            return None;
        }
        let v = u16_at(msg) as u32;
        self.line(
            indent,
            &format!("{}=0x{:x} ({})\n", label, v, name(VERSIONS, v)),
        );
        *msg = &msg[2..];
        Some(v)
    }

    fn random(&mut self, indent: i32, msg: &mut &'a [u8]) -> bool {
        if msg.len() < 32 {
            return false;
        }
        self.line(indent, "Random:\n");
        self.line(
            indent + 2,
            &format!("gmt_unix_time=0x{:08X}\n", u32_at(msg)),
        );
        self.hex(indent + 2, "random_bytes", &msg[4..32]);
        *msg = &msg[32..];
        true
    }

    fn signature(&mut self, indent: i32, msg: &mut &'a [u8]) -> bool {
        if msg.len() < 2 {
            return false;
        }
        if self.conn.use_sigalgs {
            let alg = u16_at(msg) as u32;
            self.line(
                indent,
                &format!(
                    "Signature Algorithm: {} (0x{:04x})\n",
                    name(SIGALGS, alg),
                    alg
                ),
            );
            *msg = &msg[2..];
        }
        self.hexbuf(indent, "Signature", 2, msg)
    }
}

/// What `SSL_trace(write_p, version, content_type, msg, len, ssl, bio)`
/// prints for the connection `conn`.
pub fn trace(write_p: bool, content_type: i32, msg: &[u8], conn: Conn) -> Vec<Piece<'_>> {
    let mut out = Out {
        pieces: Vec::new(),
        conn,
    };
    let direction = if write_p { "Sent" } else { "Received" };
    match content_type {
        RT_HEADER => {
            if msg.len() < if conn.dtls { 13 } else { 5 } {
                out.put(direction);
                out.hex(0, " too short message", msg);
            } else {
                let v = u16_at(&msg[1..]) as u32;
                out.put(direction);
                out.put(&format!(
                    " Record\nHeader:\n  Version = {} (0x{:x})\n",
                    name(VERSIONS, v),
                    v
                ));
                if conn.dtls {
                    out.put(&format!(
                        "  epoch={}, sequence_number={:04x}{:04x}{:04x}\n",
                        u16_at(&msg[3..]),
                        u16_at(&msg[5..]),
                        u16_at(&msg[7..]),
                        u16_at(&msg[9..])
                    ));
                }
                out.put(&format!(
                    "  Content Type = {} ({})\n  Length = {}",
                    name(CONTENT_TYPES, msg[0] as u32),
                    msg[0],
                    u16_at(&msg[msg.len() - 2..])
                ));
            }
        }
        RT_INNER_CONTENT_TYPE => {
            // OpenSSL reads the byte whatever the length; sessl takes 0 for
            // an empty message.
            let t = msg.first().copied().unwrap_or(0);
            out.put(&format!(
                "  Inner Content Type = {} ({})",
                name(CONTENT_TYPES, t as u32),
                t
            ));
        }
        RT_HANDSHAKE => {
            let server = if conn.server { write_p } else { !write_p };
            if !out.handshake(server, msg, 4) {
                out.put("Message length parse error!\n");
            }
        }
        RT_CHANGE_CIPHER_SPEC => {
            if msg == [1] {
                out.put("    change_cipher_spec (1)\n");
            } else {
                out.hex(4, "unknown value", msg);
            }
        }
        RT_ALERT => {
            if msg.len() != 2 {
                out.put("    Illegal Alert Length\n");
            } else {
                out.pieces.push(Piece::Alert(msg[0], msg[1]));
            }
        }
        _ => {}
    }
    out.put("\n");
    out.pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: &[Piece]) -> String {
        p.iter()
            .map(|p| match p {
                Piece::Text(t) => String::from_utf8_lossy(t).into_owned(),
                other => format!("<{:?}>", other),
            })
            .collect()
    }

    #[test]
    fn change_cipher_spec_and_short_header() {
        let c = Conn::default();
        assert_eq!(
            text(&trace(true, 20, &[1], c)),
            "    change_cipher_spec (1)\n\n"
        );
        assert_eq!(
            text(&trace(false, 0x100, &[22, 3], c)),
            "Received too short message (len=2): 1603\n\n"
        );
    }

    #[test]
    fn truncated_handshake_reports_parse_error() {
        let c = Conn::default();
        assert_eq!(
            text(&trace(false, 22, &[2, 0, 0, 9, 3], c)),
            "    ServerHello, Length=9\nMessage length parse error!\n\n"
        );
    }
}
