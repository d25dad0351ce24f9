//! The handshake messages, as `SSL_trace` prints them.

use super::names::*;
use super::*;

impl<'a> Out<'a> {
    pub(super) fn client_hello(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
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

    pub(super) fn server_hello(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
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
    pub(super) fn key_exchange(&mut self, indent: i32, server: bool, mut msg: &'a [u8]) -> bool {
        self.line(indent, "KeyExchangeAlgorithm=UNKNOWN\n");
        if server {
            self.signature(indent, &mut msg);
        }
        msg.is_empty()
    }

    pub(super) fn certificate(&mut self, indent: i32, msg: &mut &'a [u8]) -> bool {
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

    pub(super) fn certificates(&mut self, indent: i32, server: bool, mut msg: &'a [u8]) -> bool {
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

    pub(super) fn cert_request(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
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

    pub(super) fn ticket(&mut self, indent: i32, mut msg: &'a [u8]) -> bool {
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

    pub(super) fn handshake(&mut self, server: bool, mut msg: &'a [u8], indent: i32) -> bool {
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
