//! The settings behind `SSL_CTX_ctrl` / `SSL_ctrl` and the option, protocol
//! bound and record-size functions: scalars OpenSSL keeps in `SSL_CTX` and
//! copies into each `SSL` at `SSL_new`.

use std::sync::atomic::{AtomicI32, AtomicU32, AtomicU64, AtomicUsize, Ordering::Relaxed};

/// A new context's options: `SSL_OP_NO_COMPRESSION | SSL_OP_ENABLE_MIDDLEBOX_COMPAT`.
pub const DEFAULT_OPTIONS: u64 = 0x0002_0000 | 0x0010_0000;
/// `SSL_MODE_AUTO_RETRY`, on by default since OpenSSL 1.1.1.
pub const DEFAULT_MODE: u32 = 0x4;
/// `SSL3_RT_MAX_PLAIN_LENGTH`: the largest record payload.
pub const MAX_PLAIN_LENGTH: u64 = 16384;
/// `SSL_MAX_PIPELINES`.
pub const MAX_PIPELINES: u64 = 32;
/// The default `max_cert_list`: 100 KiB.
pub const DEFAULT_MAX_CERT_LIST: u64 = 100 * 1024;
/// `TLSEXT_STATUSTYPE_nothing`.
pub const STATUS_TYPE_NOTHING: i32 = -1;
/// The default number of TLS 1.3 tickets a server sends.
pub const DEFAULT_NUM_TICKETS: u64 = 2;

/// `TLS_ANY_VERSION` and `DTLS_ANY_VERSION`: the method versions of the
/// version-flexible methods, the only ones whose bounds can be set.
pub const TLS_ANY_VERSION: i32 = 0x10000;
pub const DTLS_ANY_VERSION: i32 = 0x1FFFF;
const SSL3_VERSION: i32 = 0x0300;
const TLS1_3_VERSION: i32 = 0x0304;
const DTLS1_BAD_VER: i32 = 0x0100;
const DTLS1_2_VERSION: i32 = 0xFEFD;

/// Opaque values the application stores (callbacks and their arguments),
/// kept as the addresses it gave and returned by getters; sessl performs no
/// handshake, so the callbacks are never called.
#[derive(Default)]
pub struct CtrlHooks {
    pub msg_callback: AtomicUsize,
    pub msg_callback_arg: AtomicUsize,
    pub servername_cb: AtomicUsize,
    pub servername_arg: AtomicUsize,
    pub status_cb: AtomicUsize,
    pub status_arg: AtomicUsize,
    pub ticket_key_cb: AtomicUsize,
    pub debug_cb: AtomicUsize,
    pub debug_arg: AtomicUsize,
    pub not_resumable_cb: AtomicUsize,
    pub ocsp_exts: AtomicUsize,
    pub ocsp_ids: AtomicUsize,
    pub srp_cb: AtomicUsize,
    pub tmp_dh_cb: AtomicUsize,
    pub dtls_timer_cb: AtomicUsize,
}

impl CtrlHooks {
    fn inherit(&self) -> CtrlHooks {
        // SSL_new copies the message callback and its argument only; the
        // servername and status callbacks stay in the context.
        CtrlHooks {
            msg_callback: AtomicUsize::new(self.msg_callback.load(Relaxed)),
            msg_callback_arg: AtomicUsize::new(self.msg_callback_arg.load(Relaxed)),
            ..CtrlHooks::default()
        }
    }
}

pub struct CtrlConfig {
    pub options: AtomicU64,
    pub mode: AtomicU32,
    pub read_ahead: AtomicI32,
    pub max_cert_list: AtomicU64,
    pub max_send_fragment: AtomicU64,
    pub split_send_fragment: AtomicU64,
    pub max_pipelines: AtomicU64,
    pub cert_flags: AtomicU32,
    pub min_proto: AtomicI32,
    pub max_proto: AtomicI32,
    pub dh_auto: AtomicI32,
    pub status_type: AtomicI32,
    pub num_tickets: AtomicU64,
    pub max_early_data: AtomicU32,
    pub recv_max_early_data: AtomicU32,
    pub block_padding: AtomicU64,
    pub default_read_buffer_len: AtomicU64,
    pub post_handshake_auth: AtomicI32,
    pub max_fragment_len_mode: AtomicU32,
    /// A connection's `SSL_client_version`: its method's version, set by
    /// `SSL_new` and `SSL_clear` (a handshake would record the offer).
    pub client_version: AtomicI32,
    pub hooks: CtrlHooks,
}

impl Default for CtrlConfig {
    fn default() -> Self {
        CtrlConfig {
            options: AtomicU64::new(DEFAULT_OPTIONS),
            mode: AtomicU32::new(DEFAULT_MODE),
            read_ahead: AtomicI32::new(0),
            max_cert_list: AtomicU64::new(DEFAULT_MAX_CERT_LIST),
            max_send_fragment: AtomicU64::new(MAX_PLAIN_LENGTH),
            split_send_fragment: AtomicU64::new(MAX_PLAIN_LENGTH),
            max_pipelines: AtomicU64::new(0),
            cert_flags: AtomicU32::new(0),
            min_proto: AtomicI32::new(0),
            max_proto: AtomicI32::new(0),
            dh_auto: AtomicI32::new(0),
            status_type: AtomicI32::new(STATUS_TYPE_NOTHING),
            num_tickets: AtomicU64::new(DEFAULT_NUM_TICKETS),
            max_early_data: AtomicU32::new(0),
            recv_max_early_data: AtomicU32::new(MAX_PLAIN_LENGTH as u32),
            block_padding: AtomicU64::new(0),
            default_read_buffer_len: AtomicU64::new(0),
            post_handshake_auth: AtomicI32::new(0),
            max_fragment_len_mode: AtomicU32::new(0),
            client_version: AtomicI32::new(0),
            hooks: CtrlHooks::default(),
        }
    }
}

fn copy32(a: &AtomicU32) -> AtomicU32 {
    AtomicU32::new(a.load(Relaxed))
}
fn copyi(a: &AtomicI32) -> AtomicI32 {
    AtomicI32::new(a.load(Relaxed))
}
fn copy64(a: &AtomicU64) -> AtomicU64 {
    AtomicU64::new(a.load(Relaxed))
}

impl CtrlConfig {
    /// The settings OpenSSL keeps in its `CERT` (certificate flags, DH auto,
    /// the TMP_DH callback), which `SSL_set_SSL_CTX` and
    /// `SSL_copy_session_id` give the connection from their source.
    pub fn copy_cert_settings(&self, from: &CtrlConfig) {
        self.cert_flags
            .store(from.cert_flags.load(Relaxed), Relaxed);
        self.dh_auto.store(from.dh_auto.load(Relaxed), Relaxed);
        self.hooks
            .tmp_dh_cb
            .store(from.hooks.tmp_dh_cb.load(Relaxed), Relaxed);
    }

    /// What `SSL_new` copies from its context.
    pub fn inherit(&self) -> CtrlConfig {
        let pipelines = self.max_pipelines.load(Relaxed);
        CtrlConfig {
            options: copy64(&self.options),
            mode: copy32(&self.mode),
            // Pipelines need read-ahead: a connection of a context with more
            // than one gets it, whatever the context's read-ahead.
            read_ahead: if pipelines > 1 {
                AtomicI32::new(1)
            } else {
                copyi(&self.read_ahead)
            },
            max_cert_list: copy64(&self.max_cert_list),
            max_send_fragment: copy64(&self.max_send_fragment),
            split_send_fragment: copy64(&self.split_send_fragment),
            max_pipelines: AtomicU64::new(pipelines),
            cert_flags: copy32(&self.cert_flags),
            min_proto: copyi(&self.min_proto),
            max_proto: copyi(&self.max_proto),
            dh_auto: copyi(&self.dh_auto),
            status_type: copyi(&self.status_type),
            num_tickets: copy64(&self.num_tickets),
            max_early_data: copy32(&self.max_early_data),
            recv_max_early_data: copy32(&self.recv_max_early_data),
            block_padding: copy64(&self.block_padding),
            default_read_buffer_len: copy64(&self.default_read_buffer_len),
            post_handshake_auth: copyi(&self.post_handshake_auth),
            max_fragment_len_mode: copy32(&self.max_fragment_len_mode),
            client_version: copyi(&self.client_version),
            hooks: self.hooks.inherit(),
        }
    }

    /// `SSL_CTRL_MODE`: ORs bits in, returning the new mode.
    pub fn add_mode(&self, bits: u32) -> u32 {
        self.mode.fetch_or(bits, Relaxed) | bits
    }

    /// `SSL_CTRL_CLEAR_MODE`: returns the new mode.
    pub fn clear_mode(&self, bits: u32) -> u32 {
        self.mode.fetch_and(!bits, Relaxed) & !bits
    }

    pub fn add_options(&self, bits: u64) -> u64 {
        self.options.fetch_or(bits, Relaxed) | bits
    }

    pub fn clear_options(&self, bits: u64) -> u64 {
        self.options.fetch_and(!bits, Relaxed) & !bits
    }

    pub fn add_cert_flags(&self, bits: u32) -> u32 {
        self.cert_flags.fetch_or(bits, Relaxed) | bits
    }

    pub fn clear_cert_flags(&self, bits: u32) -> u32 {
        self.cert_flags.fetch_and(!bits, Relaxed) & !bits
    }

    /// `SSL_CTRL_SET_MAX_SEND_FRAGMENT`: 512 to 16384; the split size follows
    /// it down.
    pub fn set_max_send_fragment(&self, size: i64) -> bool {
        if !(512..=MAX_PLAIN_LENGTH as i64).contains(&size) {
            return false;
        }
        self.max_send_fragment.store(size as u64, Relaxed);
        self.split_send_fragment.fetch_min(size as u64, Relaxed);
        true
    }

    /// `SSL_CTRL_SET_SPLIT_SEND_FRAGMENT`: 1 up to the maximum fragment.
    /// OpenSSL compares the C long as a size_t, so negatives are too large.
    pub fn set_split_send_fragment(&self, size: i64) -> bool {
        let size = size as u64;
        if size == 0 || size > self.max_send_fragment.load(Relaxed) {
            return false;
        }
        self.split_send_fragment.store(size, Relaxed);
        true
    }

    /// `SSL_CTRL_SET_MAX_PIPELINES`: 1 to 32.
    pub fn set_max_pipelines(&self, n: i64) -> bool {
        if !(1..=MAX_PIPELINES as i64).contains(&n) {
            return false;
        }
        self.max_pipelines.store(n as u64, Relaxed);
        true
    }

    /// `SSL_CTRL_SET_MIN_PROTO_VERSION`, with `method_version` the context's
    /// method version (a connection uses its context's).
    pub fn set_min_proto(&self, method_version: i32, version: i64) -> bool {
        let max = self.max_proto.load(Relaxed);
        versions_allowed(version, max as i64)
            && set_version_bound(method_version, version, &self.min_proto)
    }

    pub fn set_max_proto(&self, method_version: i32, version: i64) -> bool {
        let min = self.min_proto.load(Relaxed);
        versions_allowed(min as i64, version)
            && set_version_bound(method_version, version, &self.max_proto)
    }

    /// `SSL_CONF`'s `MinProtocol` / `MaxProtocol`: only the method decides,
    /// the pair is not checked (OpenSSL's `min_max_proto` stores the bound
    /// directly, where the ctrl refuses a TLS bound beside a DTLS one).
    pub fn set_proto_bound(&self, method_version: i32, version: i64, max: bool) -> bool {
        let bound = if max {
            &self.max_proto
        } else {
            &self.min_proto
        };
        set_version_bound(method_version, version, bound)
    }

    /// `SSL_CTX_set_block_padding`: 1 turns padding off; up to 16384.
    pub fn set_block_padding(&self, block_size: u64) -> bool {
        match block_size {
            1 => self.block_padding.store(0, Relaxed),
            b if b <= MAX_PLAIN_LENGTH => self.block_padding.store(b, Relaxed),
            _ => return false,
        }
        true
    }

    /// `SSL_CTX_set_tlsext_max_fragment_length`: 0 (disabled) or 1 to 4.
    pub fn set_max_fragment_len_mode(&self, mode: u8) -> bool {
        if mode > 4 {
            return false;
        }
        self.max_fragment_len_mode.store(mode as u32, Relaxed);
        true
    }
}

/// DTLS versions have major byte 0xFE (`DTLS1_VERSION_MAJOR`).
fn is_dtls_version(v: i64) -> bool {
    v == DTLS1_BAD_VER as i64 || v >> 8 == 0xFE
}

/// DTLS versions count down: DTLS 1.0 is 0xFEFF, 1.2 is 0xFEFD; the pre-RFC
/// DTLS1_BAD_VER sorts as the oldest.
fn dtls_ordinal(v: i64) -> i64 {
    if v == DTLS1_BAD_VER as i64 {
        0xFF00
    } else {
        v
    }
}

/// OpenSSL refuses a pair of bounds that mixes a TLS and a DTLS version (0
/// stands for either); nothing else, not even min above max.
fn versions_allowed(min: i64, max: i64) -> bool {
    let (min_dtls, max_dtls) = (is_dtls_version(min), is_dtls_version(max));
    !((min_dtls && !max_dtls && max != 0) || (max_dtls && !min_dtls && min != 0))
}

/// Stores a bound if the method is version-flexible of the version's kind; a
/// known version of another kind, or any on a fixed-version method, is
/// accepted and ignored; an unknown version is refused.
fn set_version_bound(method_version: i32, version: i64, bound: &AtomicI32) -> bool {
    if version == 0 {
        bound.store(0, Relaxed);
        return true;
    }
    let valid_tls = (SSL3_VERSION as i64..=TLS1_3_VERSION as i64).contains(&version);
    let ord = dtls_ordinal(version);
    let valid_dtls = ord >= DTLS1_2_VERSION as i64 && ord <= 0xFF00;
    if !valid_tls && !valid_dtls {
        return false;
    }
    match method_version {
        TLS_ANY_VERSION if valid_tls => bound.store(version as i32, Relaxed),
        DTLS_ANY_VERSION if valid_dtls => bound.store(version as i32, Relaxed),
        _ => {}
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_follow_openssl() {
        let c = CtrlConfig::default();
        assert!(c.set_min_proto(TLS_ANY_VERSION, 0x303));
        assert_eq!(c.min_proto.load(Relaxed), 0x303);
        assert!(!c.set_max_proto(TLS_ANY_VERSION, 0xFEFD));
        assert!(c.set_max_proto(TLS_ANY_VERSION, 0x302));
        assert!(!c.set_max_proto(TLS_ANY_VERSION, 0x305));
        assert!(c.set_min_proto(0x303, 0x301));
        assert_eq!(c.min_proto.load(Relaxed), 0x303);
        let d = CtrlConfig::default();
        assert!(d.set_min_proto(DTLS_ANY_VERSION, 0x100));
        assert_eq!(d.min_proto.load(Relaxed), 0x100);
        assert!(d.set_min_proto(DTLS_ANY_VERSION, 0x303));
        assert!(!c.set_max_proto(TLS_ANY_VERSION, 0xFEFF));
        assert!(!d.set_min_proto(DTLS_ANY_VERSION, 0xFEFC));
        // SSL_CONF's bound: a DTLS maximum beside a TLS minimum is accepted
        // (and ignored by a TLS method), where the ctrl refuses it.
        assert!(c.set_proto_bound(TLS_ANY_VERSION, 0xFEFF, true));
        assert_eq!(c.max_proto.load(Relaxed), 0x302);
        assert!(!c.set_proto_bound(TLS_ANY_VERSION, 0x305, true));
    }

    #[test]
    fn fragments() {
        let c = CtrlConfig::default();
        assert!(!c.set_max_send_fragment(511));
        assert!(c.set_max_send_fragment(1000));
        assert_eq!(c.split_send_fragment.load(Relaxed), 1000);
        assert!(!c.set_split_send_fragment(1001));
        assert!(!c.set_split_send_fragment(-1));
        assert!(c.set_split_send_fragment(999));
        assert_eq!(c.add_mode(1), 5);
        assert_eq!(c.clear_mode(4), 1);
    }
}
