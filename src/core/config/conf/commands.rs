//! OpenSSL 3.0's `ssl_conf_cmds` as data: each command's names, the flags
//! it needs, its value type and what it does.

use super::*;

const fn switch(name: &'static str, flags: u32, kind: FlagKind, bits: u64, inv: bool) -> Command {
    Command {
        file: None,
        cmdline: Some(name),
        flags,
        value_type: TYPE_NONE,
        action: Action::Switch(Flag {
            kind,
            bits,
            inverted: inv,
        }),
    }
}

const fn opt(name: &'static str, flags: u32, bits: u64, inv: bool) -> Command {
    switch(name, flags, FlagKind::Option, bits, inv)
}

const fn cmd(
    file: &'static str,
    cmdline: Option<&'static str>,
    flags: u32,
    value_type: i32,
    action: Action,
) -> Command {
    Command {
        file: Some(file),
        cmdline,
        flags,
        value_type,
        action,
    }
}

/// OpenSSL 3.0's `ssl_conf_cmds`, in its order (the first match wins).
pub static COMMANDS: &[Command] = &[
    opt("no_ssl3", 0, op::NO_SSLV3, false),
    opt("no_tls1", 0, op::NO_TLSV1, false),
    opt("no_tls1_1", 0, op::NO_TLSV1_1, false),
    opt("no_tls1_2", 0, op::NO_TLSV1_2, false),
    opt("no_tls1_3", 0, op::NO_TLSV1_3, false),
    opt("bugs", 0, op::ALL, false),
    opt("no_comp", 0, op::NO_COMPRESSION, false),
    opt("comp", 0, op::NO_COMPRESSION, true),
    opt("ecdh_single", SRV, op::SINGLE_DH_USE, false),
    opt("no_ticket", 0, op::NO_TICKET, false),
    opt("serverpref", SRV, op::CIPHER_SERVER_PREFERENCE, false),
    opt(
        "legacy_renegotiation",
        0,
        op::ALLOW_UNSAFE_LEGACY_RENEGOTIATION,
        false,
    ),
    opt(
        "client_renegotiation",
        SRV,
        op::ALLOW_CLIENT_RENEGOTIATION,
        false,
    ),
    opt(
        "legacy_server_connect",
        CLI,
        op::LEGACY_SERVER_CONNECT,
        false,
    ),
    opt("no_renegotiation", 0, op::NO_RENEGOTIATION, false),
    opt(
        "no_resumption_on_reneg",
        SRV,
        op::NO_SESSION_RESUMPTION_ON_RENEGOTIATION,
        false,
    ),
    opt(
        "no_legacy_server_connect",
        CLI,
        op::LEGACY_SERVER_CONNECT,
        true,
    ),
    opt("allow_no_dhe_kex", 0, op::ALLOW_NO_DHE_KEX, false),
    opt("prioritize_chacha", SRV, op::PRIORITIZE_CHACHA, false),
    switch("strict", 0, FlagKind::Cert, CERT_FLAG_TLS_STRICT, false),
    opt("no_middlebox", 0, op::ENABLE_MIDDLEBOX_COMPAT, true),
    opt("anti_replay", SRV, op::NO_ANTI_REPLAY, true),
    opt("no_anti_replay", SRV, op::NO_ANTI_REPLAY, false),
    opt("no_etm", 0, op::NO_ENCRYPT_THEN_MAC, false),
    cmd(
        "SignatureAlgorithms",
        Some("sigalgs"),
        0,
        TYPE_STRING,
        Action::SignatureAlgorithms,
    ),
    cmd(
        "ClientSignatureAlgorithms",
        Some("client_sigalgs"),
        0,
        TYPE_STRING,
        Action::ClientSignatureAlgorithms,
    ),
    cmd("Curves", Some("curves"), 0, TYPE_STRING, Action::Groups),
    cmd("Groups", Some("groups"), 0, TYPE_STRING, Action::Groups),
    cmd(
        "ECDHParameters",
        Some("named_curve"),
        SRV,
        TYPE_STRING,
        Action::EcdhParameters,
    ),
    cmd(
        "CipherString",
        Some("cipher"),
        0,
        TYPE_STRING,
        Action::CipherString,
    ),
    cmd(
        "Ciphersuites",
        Some("ciphersuites"),
        0,
        TYPE_STRING,
        Action::Ciphersuites,
    ),
    cmd("Protocol", None, 0, TYPE_STRING, Action::Protocol),
    cmd(
        "MinProtocol",
        Some("min_protocol"),
        0,
        TYPE_STRING,
        Action::MinProtocol,
    ),
    cmd(
        "MaxProtocol",
        Some("max_protocol"),
        0,
        TYPE_STRING,
        Action::MaxProtocol,
    ),
    cmd("Options", None, 0, TYPE_STRING, Action::Options),
    cmd("VerifyMode", None, 0, TYPE_STRING, Action::VerifyMode),
    cmd(
        "Certificate",
        Some("cert"),
        CERT,
        TYPE_FILE,
        Action::Certificate,
    ),
    cmd(
        "PrivateKey",
        Some("key"),
        CERT,
        TYPE_FILE,
        Action::PrivateKey,
    ),
    cmd(
        "ServerInfoFile",
        None,
        SRV | CERT,
        TYPE_FILE,
        Action::ServerInfoFile,
    ),
    ca_store("ChainCAPath", "chainCApath", true, Source::Dir),
    ca_store("ChainCAFile", "chainCAfile", true, Source::File),
    ca_store("ChainCAStore", "chainCAstore", true, Source::Store),
    ca_store("VerifyCAPath", "verifyCApath", false, Source::Dir),
    ca_store("VerifyCAFile", "verifyCAfile", false, Source::File),
    ca_store("VerifyCAStore", "verifyCAstore", false, Source::Store),
    ca_names("RequestCAFile", Some("requestCAFile"), CERT, Source::File),
    ca_names("ClientCAFile", None, SRV | CERT, Source::File),
    ca_names("RequestCAPath", None, CERT, Source::Dir),
    ca_names("ClientCAPath", None, SRV | CERT, Source::Dir),
    ca_names(
        "RequestCAStore",
        Some("requestCAStore"),
        CERT,
        Source::Store,
    ),
    ca_names("ClientCAStore", None, SRV | CERT, Source::Store),
    cmd(
        "DHParameters",
        Some("dhparam"),
        SRV | CERT,
        TYPE_FILE,
        Action::DhParameters,
    ),
    cmd(
        "RecordPadding",
        Some("record_padding"),
        0,
        TYPE_STRING,
        Action::RecordPadding,
    ),
    cmd(
        "NumTickets",
        Some("num_tickets"),
        SRV,
        TYPE_STRING,
        Action::NumTickets,
    ),
];

const fn source_type(from: Source) -> i32 {
    match from {
        Source::File => TYPE_FILE,
        Source::Dir => TYPE_DIR,
        Source::Store => TYPE_STORE,
    }
}

const fn ca_store(file: &'static str, cmdline: &'static str, chain: bool, from: Source) -> Command {
    cmd(
        file,
        Some(cmdline),
        CERT,
        source_type(from),
        Action::CaStore { chain, from },
    )
}

const fn ca_names(
    file: &'static str,
    cmdline: Option<&'static str>,
    flags: u32,
    from: Source,
) -> Command {
    cmd(
        file,
        cmdline,
        flags,
        source_type(from),
        Action::CaNames(from),
    )
}
