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

    fn extension(&mut self, indent: i32, server: bool, mt: u8, extype: u32, ext: &'a [u8]) -> bool {
        let extlen = ext.len();
        self.line(
            indent,
            &format!(
                "extension_type={}({}), length={}\n",
                name(EXTENSIONS, extype),
                extype,
                extlen
            ),
        );
        match extype {
            1 => extlen >= 1 && self.list(indent + 2, ext, 1, MAX_FRAGMENT_LENGTHS),
            11 => {
                extlen >= 1
                    && extlen == ext[0] as usize + 1
                    && self.list(indent + 2, &ext[1..], 1, POINT_FORMATS)
            }
            10 => {
                extlen >= 2
                    && extlen == u16_at(ext) + 2
                    && self.list(indent + 2, &ext[2..], 2, GROUPS)
            }
            16 => {
                if extlen < 2 || extlen != u16_at(ext) + 2 {
                    return false;
                }
                let mut rest = &ext[2..];
                while let Some((&plen, tail)) = rest.split_first() {
                    let plen = plen as usize;
                    if plen + 1 > rest.len() {
                        return false;
                    }
                    self.indent(indent + 2);
                    self.text(&tail[..plen]);
                    self.put("\n");
                    rest = &tail[plen..];
                }
                true
            }
            13 => {
                if extlen < 2 || extlen != u16_at(ext) + 2 || extlen & 1 != 0 {
                    return false;
                }
                for alg in ext[2..].chunks(2) {
                    let alg = u16_at(alg) as u32;
                    self.line(
                        indent + 2,
                        &format!("{} (0x{:04x})\n", name(SIGALGS, alg), alg),
                    );
                }
                true
            }
            0xff01 => {
                if extlen < 1 || ext[0] as usize + 1 != extlen {
                    return false;
                }
                let mut xlen = ext[0] as usize;
                let data = &ext[1..];
                if xlen == 0 {
                    self.line(indent + 4, "<EMPTY>\n");
                    return true;
                }
                if server {
                    if xlen & 1 != 0 {
                        return false;
                    }
                    xlen >>= 1;
                }
                self.hex(indent + 4, "client_verify_data", &data[..xlen]);
                if server {
                    self.hex(indent + 4, "server_verify_data", &data[xlen..2 * xlen]);
                }
                true
            }
            35 => {
                if extlen != 0 {
                    self.hex(indent + 4, "ticket", ext);
                }
                true
            }
            51 => self.key_share(indent, server, ext),
            43 => {
                if server {
                    if extlen != 2 {
                        return false;
                    }
                    let v = u16_at(ext) as u32;
                    self.line(indent + 4, &format!("{} ({})\n", name(VERSIONS, v), v));
                    return true;
                }
                extlen >= 1
                    && extlen == ext[0] as usize + 1
                    && self.list(indent + 2, &ext[1..], 2, VERSIONS)
            }
            45 => {
                extlen >= 1
                    && extlen == ext[0] as usize + 1
                    && self.list(indent + 2, &ext[1..], 1, PSK_KEX_MODES)
            }
            42 => {
                if mt != MT_NEWSESSION_TICKET {
                    return true;
                }
                if extlen != 4 {
                    return false;
                }
                self.line(indent + 2, &format!("max_early_data={}\n", u32_at(ext)));
                true
            }
            _ => {
                self.pieces.push(Piece::Dump(ext, indent + 2));
                true
            }
        }
    }

    fn key_share(&mut self, indent: i32, server: bool, ext: &'a [u8]) -> bool {
        if server && ext.len() == 2 {
            // A HelloRetryRequest's group.
            let g = u16_at(ext) as u32;
            self.line(
                indent + 4,
                &format!("NamedGroup: {} ({})\n", name(GROUPS, g), g),
            );
            return true;
        }
        if ext.len() < 2 {
            return false;
        }
        let mut rest = if server {
            ext
        } else {
            if ext.len() != u16_at(ext) + 2 {
                return false;
            }
            &ext[2..]
        };
        while !rest.is_empty() {
            if rest.len() < 4 {
                return false;
            }
            let g = u16_at(rest) as u32;
            let share_len = u16_at(&rest[2..]);
            rest = &rest[4..];
            if rest.len() < share_len {
                return false;
            }
            self.line(
                indent + 4,
                &format!("NamedGroup: {} ({})\n", name(GROUPS, g), g),
            );
            self.hex(indent + 4, "key_exchange: ", &rest[..share_len]);
            rest = &rest[share_len..];
        }
        true
    }

    fn extensions(&mut self, indent: i32, server: bool, mt: u8, msg: &mut &'a [u8]) -> bool {
        self.indent(indent);
        if msg.is_empty() {
            self.put("No extensions\n");
            return true;
        }
        if msg.len() < 2 {
            return false;
        }
        let mut extslen = u16_at(msg);
        let mut rest = &msg[2..];
        if extslen == 0 {
            self.put("No extensions\n");
            *msg = rest;
            return true;
        }
        if extslen > rest.len() {
            return false;
        }
        self.put(&format!("extensions, length = {}\n", extslen));
        let after = &rest[extslen..];
        while extslen > 0 {
            if extslen < 4 {
                return false;
            }
            let extype = u16_at(rest) as u32;
            let extlen = u16_at(&rest[2..]);
            if extslen < extlen + 4 {
                self.put(&format!(
                    "extensions, extype = {}, extlen = {}\n",
                    extype, extlen
                ));
                self.pieces.push(Piece::Dump(&rest[..extslen], indent + 2));
                return false;
            }
            if !self.extension(indent + 2, server, mt, extype, &rest[4..4 + extlen]) {
                return false;
            }
            rest = &rest[4 + extlen..];
            extslen -= extlen + 4;
        }
        *msg = after;
        true
    }

    fn client_hello(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
        if self.version(indent, "client_version", &mut msg).is_none()
            || !self.random(indent, &mut msg)
            || !self.hexbuf(indent, "session_id", 1, &mut msg)
            || (self.conn.dtls && !self.hexbuf(indent, "cookie", 1, &mut msg))
            || msg.len() < 2
        {
            return false;
        }
        let len = u16_at(msg);
        msg = &msg[2..];
        self.line(indent, &format!("cipher_suites (len={})\n", len));
        if msg.len() < len || len & 1 != 0 {
            return false;
        }
        for cs in msg[..len].chunks(2) {
            let v = u16_at(cs) as u32;
            self.line(
                indent + 2,
                &format!(
                    "{{0x{:02X}, 0x{:02X}}} {}\n",
                    cs[0],
                    cs[1],
                    name(CIPHERS, v)
                ),
            );
        }
        msg = &msg[len..];
        if msg.is_empty() {
            return false;
        }
        let len = msg[0] as usize;
        msg = &msg[1..];
        if msg.len() < len {
            return false;
        }
        self.line(indent, &format!("compression_methods (len={})\n", len));
        for &m in &msg[..len] {
            self.line(
                indent + 2,
                &format!("{} (0x{:02X})\n", name(COMPRESSION, m as u32), m),
            );
        }
        msg = &msg[len..];
        self.extensions(indent, false, MT_CLIENT_HELLO, &mut msg)
    }

    fn server_hello(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
        let Some(vers) = self.version(indent, "server_version", &mut msg) else {
            return false;
        };
        if !self.random(indent, &mut msg)
            || (vers != TLS1_3 && !self.hexbuf(indent, "session_id", 1, &mut msg))
            || msg.len() < 2
        {
            return false;
        }
        let cs = u16_at(msg) as u32;
        self.line(
            indent,
            &format!(
                "cipher_suite {{0x{:02X}, 0x{:02X}}} {}\n",
                msg[0],
                msg[1],
                name(CIPHERS, cs)
            ),
        );
        msg = &msg[2..];
        if vers != TLS1_3 {
            if msg.is_empty() {
                return false;
            }
            self.line(
                indent,
                &format!(
                    "compression_method: {} (0x{:02X})\n",
                    name(COMPRESSION, msg[0] as u32),
                    msg[0]
                ),
            );
            msg = &msg[1..];
        }
        self.extensions(indent, true, MT_SERVER_HELLO, &mut msg)
    }

    /// A key exchange message: sessl has no negotiated suite, so its key
    /// exchange is unknown (OpenSSL crashes here before a handshake).
    fn key_exchange(&mut self, indent: i32, server: bool, mut msg: &'a [u8]) -> bool {
        self.line(indent, "KeyExchangeAlgorithm=UNKNOWN\n");
        if server {
            self.signature(indent, &mut msg);
        }
        msg.is_empty()
    }

    fn certificate(&mut self, indent: i32, msg: &mut &'a [u8]) -> bool {
        if msg.len() < 3 {
            return false;
        }
        let clen = u24_at(msg);
        if msg.len() < clen + 3 {
            return false;
        }
        self.line(indent, &format!("ASN.1Cert, length={}", clen));
        self.pieces.push(Piece::Cert(&msg[3..3 + clen]));
        *msg = &msg[3 + clen..];
        true
    }

    fn certificates(&mut self, indent: i32, server: bool, mut msg: &'a [u8]) -> bool {
        if self.conn.tls13 && !self.hexbuf(indent, "context", 1, &mut msg) {
            return false;
        }
        if msg.len() < 3 {
            return false;
        }
        let clen = u24_at(msg);
        if msg.len() != clen + 3 {
            return false;
        }
        let mut list = &msg[3..];
        self.line(indent, &format!("certificate_list, length={}\n", clen));
        while !list.is_empty() {
            if !self.certificate(indent + 2, &mut list) {
                return false;
            }
            if self.conn.tls13 && !self.extensions(indent + 2, server, MT_CERTIFICATE, &mut list) {
                return false;
            }
        }
        true
    }

    fn cert_request(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
        if self.conn.tls13 {
            return self.hexbuf(indent, "request_context", 1, &mut msg)
                && self.extensions(indent, true, MT_CERTIFICATE_REQUEST, &mut msg);
        }
        if msg.is_empty() {
            return false;
        }
        let xlen = msg[0] as usize;
        if msg.len() < xlen + 1 {
            return false;
        }
        self.line(indent, &format!("certificate_types (len={})\n", xlen));
        if !self.list(indent + 2, &msg[1..1 + xlen], 1, CERTIFICATE_TYPES) {
            return false;
        }
        msg = &msg[1 + xlen..];
        if self.conn.use_sigalgs {
            if msg.len() < 2 {
                return false;
            }
            let xlen = u16_at(msg);
            if msg.len() < xlen + 2 || xlen & 1 != 0 {
                return false;
            }
            self.line(indent, &format!("signature_algorithms (len={})\n", xlen));
            for alg in msg[2..2 + xlen].chunks(2) {
                let alg = u16_at(alg) as u32;
                self.line(
                    indent + 2,
                    &format!("{} (0x{:04x})\n", name(SIGALGS, alg), alg),
                );
            }
            msg = &msg[2 + xlen..];
        }
        if msg.len() < 2 {
            return false;
        }
        let xlen = u16_at(msg);
        self.indent(indent);
        if msg.len() < xlen + 2 {
            return false;
        }
        let mut names = &msg[2..2 + xlen];
        msg = &msg[2 + xlen..];
        self.put(&format!("certificate_authorities (len={})\n", xlen));
        while !names.is_empty() {
            if names.len() < 2 {
                return false;
            }
            let dlen = u16_at(names);
            if names.len() < dlen + 2 {
                return false;
            }
            self.line(indent + 2, &format!("DistinguishedName (len={}): ", dlen));
            self.pieces.push(Piece::Dn(&names[2..2 + dlen]));
            names = &names[2 + dlen..];
        }
        if self.conn.tls13 && !self.hexbuf(indent, "request_extensions", 2, &mut msg) {
            return false;
        }
        msg.is_empty()
    }

    fn ticket(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
        if msg.is_empty() {
            self.line(indent + 2, "No Ticket\n");
            return true;
        }
        if msg.len() < 4 {
            return false;
        }
        self.line(
            indent + 2,
            &format!("ticket_lifetime_hint={}\n", u32_at(msg)),
        );
        msg = &msg[4..];
        if self.conn.tls13 {
            if msg.len() < 4 {
                return false;
            }
            self.line(indent + 2, &format!("ticket_age_add={}\n", u32_at(msg)));
            msg = &msg[4..];
            if !self.hexbuf(indent + 2, "ticket_nonce", 1, &mut msg) {
                return false;
            }
        }
        if !self.hexbuf(indent + 2, "ticket", 2, &mut msg) {
            return false;
        }
        if self.conn.tls13 && !self.extensions(indent + 2, false, MT_NEWSESSION_TICKET, &mut msg) {
            return false;
        }
        msg.is_empty()
    }

    fn handshake(&mut self, server: bool, mut msg: &'a [u8], indent: i32) -> bool {
        if msg.len() < 4 {
            return false;
        }
        let htype = msg[0];
        let hlen = u24_at(&msg[1..]);
        self.line(
            indent,
            &format!("{}, Length={}\n", name(HANDSHAKE_TYPES, htype as u32), hlen),
        );
        msg = &msg[4..];
        if self.conn.dtls {
            if msg.len() < 8 {
                return false;
            }
            self.line(
                indent,
                &format!(
                    "message_seq={}, fragment_offset={}, fragment_length={}\n",
                    u16_at(msg),
                    u24_at(&msg[2..]),
                    u24_at(&msg[5..])
                ),
            );
            msg = &msg[8..];
        }
        if msg.len() < hlen {
            return false;
        }
        let body = indent + 2;
        match htype {
            MT_CLIENT_HELLO => self.client_hello(body, msg),
            3 => {
                self.version(body, "server_version", &mut msg).is_some()
                    && self.hexbuf(body, "cookie", 1, &mut msg)
            }
            MT_SERVER_HELLO => self.server_hello(body, msg),
            12 => self.key_exchange(body, true, msg),
            16 => self.key_exchange(body, false, msg),
            MT_CERTIFICATE => self.certificates(body, server, msg),
            15 => self.signature(body, &mut msg),
            MT_CERTIFICATE_REQUEST => self.cert_request(body, msg),
            20 => {
                self.hex(body, "verify_data", msg);
                true
            }
            14 => {
                if !msg.is_empty() {
                    self.hex(body, "unexpected value", msg);
                }
                true
            }
            MT_NEWSESSION_TICKET => self.ticket(body, msg),
            MT_ENCRYPTED_EXTENSIONS => {
                self.extensions(body, true, MT_ENCRYPTED_EXTENSIONS, &mut msg)
            }
            24 => {
                if msg.len() != 1 {
                    self.hex(body, "unexpected value", msg);
                    return false;
                }
                self.list(body, msg, 1, KEY_UPDATES)
            }
            _ => {
                self.line(body, "Unsupported, hex dump follows:\n");
                self.pieces.push(Piece::Dump(msg, body + 2));
                true
            }
        }
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
