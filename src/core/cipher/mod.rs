//! Cipher suites: the table of every suite OpenSSL 3.0's `d2i_SSL_SESSION`
//! accepts (generated from the installed OpenSSL, see `cipher_table.rs`), and
//! cipher lists built with OpenSSL's rule language (`rules`, `config`).

pub use super::cipher_table::CipherInfo;
use super::cipher_table::CIPHERS;

mod aliases;
pub mod attrs;
pub mod config;
#[rustfmt::skip]
mod rule_table;
pub mod rules;
pub mod supported;

/// The suite with this `SSL_CIPHER_get_id` value (`0x03000000 | code`).
pub(crate) fn by_id(id: u32) -> Option<&'static CipherInfo> {
    CIPHERS
        .binary_search_by_key(&id, |c| c.id)
        .ok()
        .map(|i| &CIPHERS[i])
}

/// The suite with this two-byte code, as used on the wire and in session DER.
pub(crate) fn by_code(code: [u8; 2]) -> Option<&'static CipherInfo> {
    by_id(0x0300_0000 | u16::from_be_bytes(code) as u32)
}

/// The whole table, sorted by id.
pub(crate) fn table() -> &'static [CipherInfo] {
    CIPHERS
}

/// Position of a table entry (every `&'static CipherInfo` sessl hands out is one).
pub(crate) fn index_of(c: &'static CipherInfo) -> usize {
    let offset = (c as *const CipherInfo as usize).wrapping_sub(CIPHERS.as_ptr() as usize);
    let index = offset / std::mem::size_of::<CipherInfo>();
    match CIPHERS.get(index) {
        Some(e) if std::ptr::eq(e, c) => index,
        _ => CIPHERS.binary_search_by_key(&c.id, |e| e.id).unwrap_or(0),
    }
}

/// What `SSL_CIPHER_find` returns for a two-byte code.
pub(crate) fn find(code: [u8; 2]) -> Option<&'static CipherInfo> {
    by_code(code).filter(|c| c.found_by_cipher_find)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        assert!(
            CIPHERS.windows(2).all(|w| w[0].id < w[1].id),
            "sorted by id"
        );
        let c = by_code([0xc0, 0x2f]).unwrap();
        assert_eq!(c.name, "ECDHE-RSA-AES128-GCM-SHA256");
        assert_eq!(c.protocol_id, 0xc02f);
        assert!(by_code([0x00, 0x04]).is_none(), "RC4 is not built in");
        assert_eq!(find([0x13, 0x01]).unwrap().name, "TLS_AES_128_GCM_SHA256");
    }
}
