//! `SSL_CONF`'s command language, as OpenSSL 3.0 defines it: the command table
//! (each command's file name, command-line name, the flags it needs and the
//! type of its value), the rules that turn what the caller passes into a
//! command (prefix, the `-` of command lines, case), the flag lists of the
//! `Options`, `Protocol` and `VerifyMode` commands and the small value parsers
//! (protocol names, `atoi`). What a command does to a context or connection is
//! the C shell's (`ffi::conf_cmds`): it goes through the same functions the
//! exported setters use.

/// `SSL_CONF_FLAG_*`.
pub(crate) const FLAG_CMDLINE: u32 = 0x1;
pub(crate) const FLAG_FILE: u32 = 0x2;
pub(crate) const FLAG_CLIENT: u32 = 0x4;
pub(crate) const FLAG_SERVER: u32 = 0x8;
pub(crate) const FLAG_SHOW_ERRORS: u32 = 0x10;
pub(crate) const FLAG_CERTIFICATE: u32 = 0x20;
pub(crate) const FLAG_REQUIRE_PRIVATE: u32 = 0x40;
const BOTH: u32 = FLAG_CLIENT | FLAG_SERVER;

/// `SSL_CONF_TYPE_*`.
pub(crate) const TYPE_UNKNOWN: i32 = 0;
pub(crate) const TYPE_STRING: i32 = 1;
pub(crate) const TYPE_FILE: i32 = 2;
pub(crate) const TYPE_DIR: i32 = 3;
pub(crate) const TYPE_NONE: i32 = 4;
pub(crate) const TYPE_STORE: i32 = 5;

/// The setting a flag name or switch changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagKind {
    /// The `SSL_OP_*` options.
    Option,
    /// The certificate flags (`SSL_CERT_FLAG_TLS_STRICT`).
    Cert,
    /// The verify mode (`SSL_VERIFY_*`).
    Verify,
}

/// A bit (or bits) of a setting, and whether naming it clears them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flag {
    pub kind: FlagKind,
    pub bits: u64,
    pub inverted: bool,
}

/// Where a CA command reads certificates from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    File,
    Dir,
    Store,
}

/// What a command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A command-line switch: sets (or, inverted, clears) its flag.
    Switch(Flag),
    SignatureAlgorithms,
    ClientSignatureAlgorithms,
    Groups,
    EcdhParameters,
    CipherString,
    Ciphersuites,
    Protocol,
    MinProtocol,
    MaxProtocol,
    Options,
    VerifyMode,
    Certificate,
    PrivateKey,
    ServerInfoFile,
    /// Loads certificates into the chain store (`chain`) or the verify store.
    CaStore {
        chain: bool,
        from: Source,
    },
    /// Collects CA names for `SSL_CONF_CTX_finish` to set.
    CaNames(Source),
    DhParameters,
    RecordPadding,
    NumTickets,
}

/// One command of the table.
#[derive(Debug)]
pub struct Command {
    /// The name in files (matched ignoring case), if it has one.
    pub file: Option<&'static str>,
    /// The name on command lines (after the `-`, matched exactly).
    pub cmdline: Option<&'static str>,
    /// The `SSL_CONF_FLAG_*` (CLIENT, SERVER, CERTIFICATE) it needs.
    pub flags: u32,
    pub value_type: i32,
    pub action: Action,
}

const SRV: u32 = FLAG_SERVER;
const CLI: u32 = FLAG_CLIENT;
const CERT: u32 = FLAG_CERTIFICATE;

/// The `SSL_OP_*` bits the table names.
pub mod op {
    pub(crate) const NO_EXTENDED_MASTER_SECRET: u64 = 0x1;
    pub(crate) const LEGACY_SERVER_CONNECT: u64 = 0x4;
    pub(crate) const ENABLE_KTLS: u64 = 0x8;
    pub(crate) const ALLOW_CLIENT_RENEGOTIATION: u64 = 0x100;
    pub(crate) const DISABLE_TLSEXT_CA_NAMES: u64 = 0x200;
    pub(crate) const ALLOW_NO_DHE_KEX: u64 = 0x400;
    pub(crate) const DONT_INSERT_EMPTY_FRAGMENTS: u64 = 0x800;
    pub(crate) const NO_TICKET: u64 = 0x4000;
    pub(crate) const NO_SESSION_RESUMPTION_ON_RENEGOTIATION: u64 = 0x10000;
    pub(crate) const NO_COMPRESSION: u64 = 0x20000;
    pub(crate) const ALLOW_UNSAFE_LEGACY_RENEGOTIATION: u64 = 0x40000;
    pub(crate) const NO_ENCRYPT_THEN_MAC: u64 = 0x80000;
    pub(crate) const ENABLE_MIDDLEBOX_COMPAT: u64 = 0x100000;
    pub(crate) const PRIORITIZE_CHACHA: u64 = 0x200000;
    pub(crate) const CIPHER_SERVER_PREFERENCE: u64 = 0x400000;
    pub(crate) const NO_ANTI_REPLAY: u64 = 0x1000000;
    pub(crate) const NO_SSLV3: u64 = 0x2000000;
    pub(crate) const NO_TLSV1: u64 = 0x4000000;
    pub(crate) const NO_TLSV1_2: u64 = 0x8000000;
    pub(crate) const NO_TLSV1_1: u64 = 0x10000000;
    pub(crate) const NO_TLSV1_3: u64 = 0x20000000;
    pub(crate) const NO_RENEGOTIATION: u64 = 0x40000000;
    pub(crate) const ALL: u64 = 0x80000850;
    pub(crate) const NO_SSLV2: u64 = 0;
    pub(crate) const NO_DTLSV1: u64 = 0x4000000;
    pub(crate) const NO_DTLSV1_2: u64 = 0x8000000;
    /// `SSL_OP_NO_SSL_MASK`.
    pub(crate) const NO_SSL_MASK: u64 = NO_SSLV3 | NO_TLSV1 | NO_TLSV1_1 | NO_TLSV1_2 | NO_TLSV1_3;
    /// `SSL_OP_SINGLE_DH_USE`, `SSL_OP_SINGLE_ECDH_USE`: no bits in 3.0.
    pub(crate) const SINGLE_DH_USE: u64 = 0;
}

/// `SSL_CERT_FLAG_TLS_STRICT`.
pub(crate) const CERT_FLAG_TLS_STRICT: u64 = 0x1;

/// The `SSL_VERIFY_*` bits.
pub mod verify {
    pub(crate) const PEER: u64 = 0x1;
    pub(crate) const FAIL_IF_NO_PEER_CERT: u64 = 0x2;
    pub(crate) const CLIENT_ONCE: u64 = 0x4;
    pub(crate) const POST_HANDSHAKE: u64 = 0x8;
}

mod commands;
mod flag_names;

pub use commands::COMMANDS;
pub use flag_names::{FlagName, OPTIONS, PROTOCOLS, VERIFY_MODES};

/// The command name once the prefix is skipped (`ssl_conf_cmd_skip_prefix`):
/// with a prefix, the name must be longer than it and start with it (exactly
/// on command lines, ignoring case in files); without one, command lines need
/// a `-` and something after it. `None`: the name cannot be a command.
pub fn skip_prefix<'a>(flags: u32, prefix: Option<&[u8]>, cmd: &'a [u8]) -> Option<&'a [u8]> {
    match prefix {
        Some(p) => {
            if cmd.len() <= p.len() {
                return None;
            }
            let head = &cmd[..p.len()];
            if flags & FLAG_CMDLINE != 0 && head != p {
                return None;
            }
            if flags & FLAG_FILE != 0 && !head.eq_ignore_ascii_case(p) {
                return None;
            }
            Some(&cmd[p.len()..])
        }
        None if flags & FLAG_CMDLINE != 0 => match cmd {
            [b'-', rest @ ..] if !rest.is_empty() => Some(rest),
            _ => None,
        },
        None => Some(cmd),
    }
}

/// Whether the flags allow a command: it needs each of SERVER, CLIENT and
/// CERTIFICATE that it names.
fn allowed(flags: u32, c: &Command) -> bool {
    [FLAG_SERVER, FLAG_CLIENT, FLAG_CERTIFICATE]
        .iter()
        .all(|&f| c.flags & f == 0 || flags & f != 0)
}

/// The command a name (prefix skipped) stands for under `flags`.
pub fn lookup(flags: u32, cmd: &[u8]) -> Option<&'static Command> {
    COMMANDS.iter().filter(|c| allowed(flags, c)).find(|c| {
        let on_cmdline =
            flags & FLAG_CMDLINE != 0 && c.cmdline.is_some_and(|n| n.as_bytes() == cmd);
        let in_file = flags & FLAG_FILE != 0
            && c.file
                .is_some_and(|n| n.as_bytes().eq_ignore_ascii_case(cmd));
        on_cmdline || in_file
    })
}

/// C's `isspace` in the C locale.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// libcrypto's `CONF_parse_list(list, ',', 1, cb, arg)`: each comma-separated
/// element, spaces trimmed, to `each` (`None` for an empty one), stopping at
/// the first it refuses; true when every element was taken.
pub fn parse_list(list: &[u8], mut each: impl FnMut(Option<&[u8]>) -> bool) -> bool {
    let mut rest = list;
    loop {
        while let [first, tail @ ..] = rest {
            if !is_space(*first) {
                break;
            }
            rest = tail;
        }
        let comma = rest.iter().position(|&b| b == b',');
        let elem = &rest[..comma.unwrap_or(rest.len())];
        let ok = if elem.is_empty() {
            each(None)
        } else {
            let end = elem
                .iter()
                .rposition(|&b| !is_space(b))
                .map_or(0, |i| i + 1);
            each(Some(&elem[..end]))
        };
        if !ok {
            return false;
        }
        match comma {
            None => return true,
            Some(i) => rest = &rest[i + 1..],
        }
    }
}

/// Applies a list of flag names (`Options`, `Protocol`, `VerifyMode`): each
/// name, after an optional `+` (set) or `-` (clear), matched ignoring case
/// among the names known in the roles of `flags`, goes to `set`. Stops at the first unknown
/// or empty name, keeping what the earlier ones did; true when all were known.
/// (`set` gets the sign as written: an inverted flag clears its bits when on.)
pub fn apply_flag_list(
    table: &[FlagName],
    flags: u32,
    list: &[u8],
    mut set: impl FnMut(Flag, bool),
) -> bool {
    parse_list(list, |elem| {
        let Some(mut elem) = elem else { return false };
        let mut on = true;
        match elem.first() {
            Some(b'+') => elem = &elem[1..],
            Some(b'-') => {
                elem = &elem[1..];
                on = false;
            }
            _ => {}
        }
        let found = table
            .iter()
            .find(|n| flags & n.roles != 0 && n.name.as_bytes().eq_ignore_ascii_case(elem));
        match found {
            Some(n) => {
                set(n.flag, on);
                true
            }
            None => false,
        }
    })
}

/// `MinProtocol` / `MaxProtocol` values: the version, 0 for `None`; exact names.
pub fn protocol_version(value: &[u8]) -> Option<i32> {
    const VERSIONS: [(&str, i32); 8] = [
        ("None", 0),
        ("SSLv3", 0x0300),
        ("TLSv1", 0x0301),
        ("TLSv1.1", 0x0302),
        ("TLSv1.2", 0x0303),
        ("TLSv1.3", 0x0304),
        ("DTLSv1", 0xFEFF),
        ("DTLSv1.2", 0xFEFD),
    ];
    VERSIONS
        .iter()
        .find(|(n, _)| n.as_bytes() == value)
        .map(|&(_, v)| v)
}

/// glibc's `atoi`: `(int)strtol(s, NULL, 10)`: leading spaces, a sign, the
/// digits up to the first other character; out of `long`'s range it saturates,
/// then keeps the low 32 bits.
pub fn atoi(value: &[u8]) -> i32 {
    let mut rest = value;
    while let [first, tail @ ..] = rest {
        if !is_space(*first) {
            break;
        }
        rest = tail;
    }
    let negative = rest.first() == Some(&b'-');
    if matches!(rest.first(), Some(b'-' | b'+')) {
        rest = &rest[1..];
    }
    let mut n: i64 = 0;
    let mut saturated = false;
    for &b in rest.iter().take_while(|b| b.is_ascii_digit()) {
        let d = i64::from(b - b'0');
        match n.checked_mul(10).and_then(|m| {
            if negative {
                m.checked_sub(d)
            } else {
                m.checked_add(d)
            }
        }) {
            Some(m) if !saturated => n = m,
            _ => {
                saturated = true;
                n = if negative { i64::MIN } else { i64::MAX };
            }
        }
    }
    n as i32
}

/// `ECDHParameters`' values that mean "choose automatically", which 3.0
/// accepts and ignores: `automatic` / `+automatic` in files (any case),
/// `auto` on command lines.
pub fn is_ecdh_automatic(flags: u32, value: &[u8]) -> bool {
    let file = flags & FLAG_FILE != 0
        && (value.eq_ignore_ascii_case(b"+automatic") || value.eq_ignore_ascii_case(b"automatic"));
    file || (flags & FLAG_CMDLINE != 0 && value == b"auto")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(
            skip_prefix(FLAG_CMDLINE, None, b"-cipher"),
            Some(&b"cipher"[..])
        );
        assert_eq!(skip_prefix(FLAG_CMDLINE, None, b"-"), None);
        assert_eq!(skip_prefix(FLAG_CMDLINE, None, b"cipher"), None);
        assert_eq!(
            skip_prefix(FLAG_FILE, None, b"Options"),
            Some(&b"Options"[..])
        );
        assert_eq!(
            skip_prefix(FLAG_FILE, Some(b"ssl_"), b"SSL_x"),
            Some(&b"x"[..])
        );
        assert_eq!(skip_prefix(FLAG_CMDLINE, Some(b"ssl_"), b"SSL_x"), None);
        assert_eq!(skip_prefix(FLAG_FILE, Some(b"ssl_"), b"ssl_"), None);
        assert_eq!(
            skip_prefix(FLAG_CMDLINE, Some(b""), b"cipher"),
            Some(&b"cipher"[..])
        );
    }

    #[test]
    fn lookups_follow_flags() {
        assert!(lookup(FLAG_FILE, b"cipherstring").is_some());
        assert!(lookup(FLAG_CMDLINE, b"CipherString").is_none());
        assert!(lookup(FLAG_CMDLINE, b"serverpref").is_none());
        assert!(lookup(FLAG_CMDLINE | FLAG_SERVER, b"serverpref").is_some());
        assert!(lookup(FLAG_FILE | FLAG_SERVER, b"Certificate").is_none());
        assert_eq!(
            lookup(FLAG_FILE | FLAG_CERTIFICATE, b"chaincafile").map(|c| c.value_type),
            Some(TYPE_FILE)
        );
    }

    #[test]
    fn lists() {
        let mut seen = Vec::new();
        assert!(parse_list(b" a , b ,c", |e| {
            seen.push(e.map(|e| e.to_vec()));
            true
        }));
        assert_eq!(
            seen,
            vec![
                Some(b"a".to_vec()),
                Some(b"b".to_vec()),
                Some(b"c".to_vec())
            ]
        );
        assert!(!parse_list(b"a,,b", |e| e.is_some()));
        assert!(!parse_list(b"", |e| e.is_some()));
        assert!(!parse_list(b"a,", |e| e.is_some()));
        let mut bits = 0u64;
        let ok = apply_flag_list(
            OPTIONS,
            FLAG_CLIENT,
            b"Bugs,-SessionTicket,Nope,KTLS",
            |f, on| {
                if on != f.inverted {
                    bits |= f.bits
                } else {
                    bits &= !f.bits
                }
            },
        );
        assert!(!ok);
        assert_eq!(bits, op::ALL | op::NO_TICKET);
    }

    #[test]
    fn numbers() {
        assert_eq!(atoi(b" 7x"), 7);
        assert_eq!(atoi(b"+5"), 5);
        assert_eq!(atoi(b"-1"), -1);
        assert_eq!(atoi(b"x"), 0);
        assert_eq!(atoi(b"99999999999"), 99999999999i64 as i32);
        assert_eq!(atoi(b"999999999999999999999"), i64::MAX as i32);
        assert_eq!(protocol_version(b"TLSv1.2"), Some(0x303));
        assert_eq!(protocol_version(b"tlsv1.2"), None);
    }
}
