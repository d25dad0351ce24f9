//! The extensions of hello and other handshake messages, as `SSL_trace`
//! prints them.

use super::names::*;
use super::*;

impl<'a> Out<'a> {
    pub(super) fn extension(
        &mut self,
        indent: i32,
        server: bool,
        mt: u8,
        extype: u32,
        ext: &'a [u8],
    ) -> bool {
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

    pub(super) fn key_share(&mut self, indent: i32, server: bool, ext: &'a [u8]) -> bool {
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

    pub(super) fn extensions(
        &mut self,
        indent: i32,
        server: bool,
        mt: u8,
        msg: &mut &'a [u8],
    ) -> bool {
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
}
