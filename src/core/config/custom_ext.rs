//! Custom TLS extensions an application registers (`SSL_CTX_add_custom_ext`
//! and the older client/server forms): which are accepted, as OpenSSL 3.0
//! decides. sessl never sends or parses them.

/// The side an extension is registered for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtRole {
    Client,
    Server,
    Both,
}

/// `TLSEXT_TYPE_signed_certificate_timestamp`: handled by libssl, yet
/// applications may register it (libssl's own handling is off by default).
const SCT: u32 = 18;

/// The extension types libssl 3.0 handles itself (`SSL_extension_supported`),
/// as probed over every type.
const SUPPORTED: [u32; 24] = [
    0, 1, 5, 10, 11, 12, 13, 14, 16, 18, 21, 22, 23, 35, 41, 42, 43, 44, 45, 47, 49, 51, 13172,
    65281,
];

pub fn extension_supported(ext_type: u32) -> bool {
    SUPPORTED.contains(&ext_type)
}

/// The registered extensions of a context.
#[derive(Default, Clone, Debug)]
pub struct CustomExts {
    entries: Vec<(ExtRole, u32)>,
}

impl CustomExts {
    fn find(&self, role: ExtRole, ext_type: u32) -> bool {
        self.entries.iter().any(|&(r, t)| {
            t == ext_type && (role == ExtRole::Both || r == role || r == ExtRole::Both)
        })
    }

    /// Registers an extension; `false` (nothing registered) for a free callback
    /// without an add callback, a type libssl handles (but the SCT one), a type
    /// above 16 bits, or one already registered for an overlapping role.
    pub fn add(&mut self, role: ExtRole, ext_type: u32, free_without_add: bool) -> bool {
        if free_without_add
            || (extension_supported(ext_type) && ext_type != SCT)
            || ext_type > 0xffff
            || self.find(role, ext_type)
        {
            return false;
        }
        self.entries.push((role, ext_type));
        true
    }

    /// Whether the type is registered for the server role (for it or for
    /// both): what a server extension of serverinfo clashes with.
    pub fn has_server(&self, ext_type: u32) -> bool {
        self.find(ExtRole::Server, ext_type)
    }

    /// `SSL_CTX_has_client_custom_ext`.
    pub fn has_client(&self, ext_type: u32) -> bool {
        self.find(ExtRole::Client, ext_type)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_duplicates() {
        let mut e = CustomExts::default();
        assert!(e.add(ExtRole::Client, 1000, false));
        assert!(!e.add(ExtRole::Client, 1000, false));
        assert!(e.add(ExtRole::Server, 1000, false));
        assert!(!e.add(ExtRole::Both, 1000, false));
        assert!(!e.add(ExtRole::Both, 16, false));
        assert!(e.add(ExtRole::Both, 18, false));
        assert!(!e.add(ExtRole::Both, 1001, true));
        assert!(!e.add(ExtRole::Client, 0x10000, false));
        assert!(e.has_client(18) && e.has_client(1000) && !e.has_client(1001));
    }
}
