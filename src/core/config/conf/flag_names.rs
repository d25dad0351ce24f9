//! The names of the `Options`, `Protocol` and `VerifyMode` lists.

use super::*;

/// A name of the `Options`, `Protocol` or `VerifyMode` lists.
#[derive(Debug)]
pub struct FlagName {
    pub name: &'static str,
    /// The roles (`FLAG_CLIENT`, `FLAG_SERVER`) the name is known in.
    pub roles: u32,
    pub flag: Flag,
}

const fn name(
    name: &'static str,
    roles: u32,
    kind: FlagKind,
    bits: u64,
    inverted: bool,
) -> FlagName {
    FlagName {
        name,
        roles,
        flag: Flag {
            kind,
            bits,
            inverted,
        },
    }
}

const fn o(n: &'static str, roles: u32, bits: u64, inverted: bool) -> FlagName {
    name(n, roles, FlagKind::Option, bits, inverted)
}

/// `Protocol`'s names: each enables (clears the `SSL_OP_NO_*` of) a version.
pub static PROTOCOLS: &[FlagName] = &[
    o("ALL", BOTH, op::NO_SSL_MASK, true),
    o("SSLv2", BOTH, op::NO_SSLV2, true),
    o("SSLv3", BOTH, op::NO_SSLV3, true),
    o("TLSv1", BOTH, op::NO_TLSV1, true),
    o("TLSv1.1", BOTH, op::NO_TLSV1_1, true),
    o("TLSv1.2", BOTH, op::NO_TLSV1_2, true),
    o("TLSv1.3", BOTH, op::NO_TLSV1_3, true),
    o("DTLSv1", BOTH, op::NO_DTLSV1, true),
    o("DTLSv1.2", BOTH, op::NO_DTLSV1_2, true),
];

/// `Options`' names, as OpenSSL 3.0 has them.
pub static OPTIONS: &[FlagName] = &[
    o("SessionTicket", BOTH, op::NO_TICKET, true),
    o(
        "EmptyFragments",
        BOTH,
        op::DONT_INSERT_EMPTY_FRAGMENTS,
        true,
    ),
    o("Bugs", BOTH, op::ALL, false),
    o("Compression", BOTH, op::NO_COMPRESSION, true),
    o("ServerPreference", SRV, op::CIPHER_SERVER_PREFERENCE, false),
    o(
        "NoResumptionOnRenegotiation",
        SRV,
        op::NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
        false,
    ),
    o("DHSingle", SRV, op::SINGLE_DH_USE, false),
    o("ECDHSingle", SRV, op::SINGLE_DH_USE, false),
    o(
        "UnsafeLegacyRenegotiation",
        BOTH,
        op::ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
        false,
    ),
    o(
        "UnsafeLegacyServerConnect",
        BOTH,
        op::LEGACY_SERVER_CONNECT,
        false,
    ),
    o(
        "ClientRenegotiation",
        BOTH,
        op::ALLOW_CLIENT_RENEGOTIATION,
        false,
    ),
    o("EncryptThenMac", BOTH, op::NO_ENCRYPT_THEN_MAC, true),
    o("NoRenegotiation", BOTH, op::NO_RENEGOTIATION, false),
    o("AllowNoDHEKEX", BOTH, op::ALLOW_NO_DHE_KEX, false),
    o("PrioritizeChaCha", BOTH, op::PRIORITIZE_CHACHA, false),
    o("MiddleboxCompat", BOTH, op::ENABLE_MIDDLEBOX_COMPAT, false),
    o("AntiReplay", BOTH, op::NO_ANTI_REPLAY, true),
    o(
        "ExtendedMasterSecret",
        BOTH,
        op::NO_EXTENDED_MASTER_SECRET,
        true,
    ),
    o("CANames", BOTH, op::DISABLE_TLSEXT_CA_NAMES, true),
    o("KTLS", BOTH, op::ENABLE_KTLS, false),
];

const fn v(n: &'static str, roles: u32, bits: u64) -> FlagName {
    name(n, roles, FlagKind::Verify, bits, false)
}

/// `VerifyMode`'s names: `Peer` for clients, the others for servers.
pub static VERIFY_MODES: &[FlagName] = &[
    v("Peer", CLI, verify::PEER),
    v("Request", SRV, verify::PEER),
    v("Require", SRV, verify::PEER | verify::FAIL_IF_NO_PEER_CERT),
    v("Once", SRV, verify::PEER | verify::CLIENT_ONCE),
    v(
        "RequestPostHandshake",
        SRV,
        verify::PEER | verify::POST_HANDSHAKE,
    ),
    v(
        "RequirePostHandshake",
        SRV,
        verify::PEER | verify::POST_HANDSHAKE | verify::FAIL_IF_NO_PEER_CERT,
    ),
];
