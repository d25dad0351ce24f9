//! The callbacks family: application data (ex_data) and the application's
//! callbacks, kept for their getters. sessl performs no handshake, so none of
//! the handshake's callbacks is ever called; they are stored as the values the
//! application gave (function pointers and arguments as `usize`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// Two words of storage the C shell lends to libcrypto for an object's
/// application data (libcrypto's `CRYPTO_EX_DATA`), and the shell's function
/// that releases it when the object's last reference goes (`None` when the
/// shell never set it up, as for objects made by core tests).
pub struct AppData<T> {
    pub words: [AtomicUsize; 2],
    pub release: OnceLock<fn(&T)>,
}

impl<T> Default for AppData<T> {
    fn default() -> Self {
        AppData {
            words: [AtomicUsize::new(0), AtomicUsize::new(0)],
            release: OnceLock::new(),
        }
    }
}

impl<T> AppData<T> {
    /// Runs the shell's release function, if any.
    pub fn release(&self, owner: &T) {
        if let Some(f) = self.release.get() {
            f(owner)
        }
    }
}

/// Where each stored callback or argument lives in [`Hooks`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Hook {
    InfoCb,
    MsgCb,
    MsgArg,
    KeylogCb,
    AlpnSelectCb,
    AlpnSelectArg,
    NpnSelectCb,
    NpnSelectArg,
    NpnAdvertisedCb,
    NpnAdvertisedArg,
    PskClientCb,
    PskServerCb,
    PskFindSessionCb,
    PskUseSessionCb,
    NotResumableCb,
    TicketGenCb,
    TicketDecCb,
    TicketArg,
    TicketExtCb,
    TicketExtArg,
    SessionSecretCb,
    SessionSecretArg,
    TicketKeyEvpCb,
    ClientHelloCb,
    ClientHelloArg,
    CookieGenerateCb,
    CookieVerifyCb,
    StatelessCookieGenerateCb,
    StatelessCookieVerifyCb,
    AllowEarlyDataCb,
    AllowEarlyDataArg,
    RecordPaddingCb,
    RecordPaddingArg,
    AsyncCb,
    AsyncArg,
    /// `SSL_CTX_set_client_cert_engine`'s engine, holding an `ENGINE_init` reference.
    ClientCertEngine,
    SrpCbArg,
    SrpUsernameCb,
    SrpClientPwdCb,
    SrpVerifyParamCb,
    SrpStrength,
    /// A connection's SRP parameters (owned `BIGNUM`s).
    SrpN,
    SrpG,
    SrpS,
    SrpV,
    /// Marks the end; not a hook.
    Count,
}

/// The hooks `SSL_new` copies from its context (as OpenSSL 3.0 does).
pub const COPIED_AT_SSL_NEW: [Hook; 10] = [
    Hook::MsgCb,
    Hook::MsgArg,
    Hook::PskClientCb,
    Hook::PskServerCb,
    Hook::PskFindSessionCb,
    Hook::PskUseSessionCb,
    Hook::AllowEarlyDataCb,
    Hook::AllowEarlyDataArg,
    Hook::RecordPaddingCb,
    Hook::RecordPaddingArg,
];

/// The stored callbacks of one object, made on the first store.
#[derive(Default)]
pub struct Hooks {
    slots: OnceLock<Box<[AtomicUsize; Hook::Count as usize]>>,
}

impl Hooks {
    pub fn get(&self, h: Hook) -> usize {
        self.slots
            .get()
            .map_or(0, |s| s[h as usize].load(Ordering::Acquire))
    }

    pub fn set(&self, h: Hook, value: usize) {
        if value == 0 && self.slots.get().is_none() {
            return;
        }
        self.slots
            .get_or_init(|| Box::new(std::array::from_fn(|_| AtomicUsize::new(0))))[h as usize]
            .store(value, Ordering::Release);
    }

    /// Copies the hooks `SSL_new` copies.
    pub fn copy_from(&self, from: &Hooks) {
        if from.slots.get().is_none() {
            return;
        }
        for h in COPIED_AT_SSL_NEW {
            self.set(h, from.get(h));
        }
    }
}

/// The callbacks family's configuration of a context or connection.
pub struct CallbackConfig<T> {
    pub app_data: AppData<T>,
    pub hooks: Hooks,
    /// Byte strings (ALPN protocol lists, PSK identity hints) and custom
    /// extensions, made on first use.
    pub bytes: OnceLock<Mutex<ByteSettings>>,
}

impl<T> Default for CallbackConfig<T> {
    fn default() -> Self {
        CallbackConfig {
            app_data: AppData::default(),
            hooks: Hooks::default(),
            bytes: OnceLock::new(),
        }
    }
}

/// Byte-string settings of the callbacks family.
#[derive(Default, Clone)]
pub struct ByteSettings {
    /// `SSL_CTX_set_alpn_protos`: the wire-format list, `None` when unset.
    pub alpn: Option<Vec<u8>>,
    /// `SSL_CTX_use_psk_identity_hint`.
    pub psk_identity_hint: Option<Vec<u8>>,
    /// Registered custom extensions.
    pub custom_exts: super::custom_ext::CustomExts,
    /// SRP username (`SSL_CTX_set_srp_username`), copied by `SSL_new`.
    pub srp_login: Option<std::ffi::CString>,
    /// SRP password or user info, copied by `SSL_new`.
    pub srp_info: Option<std::ffi::CString>,
}

impl<T> CallbackConfig<T> {
    /// The byte settings, for reading or changing.
    pub fn bytes(&self) -> std::sync::MutexGuard<'_, ByteSettings> {
        crate::sync::lock(self.bytes.get_or_init(Mutex::default))
    }

    /// A copy of the byte settings, without creating them.
    pub fn bytes_snapshot(&self) -> Option<ByteSettings> {
        self.bytes.get().map(|m| crate::sync::lock(m).clone())
    }

    /// What `SSL_new` copies from its context.
    pub fn copy_from<U>(&self, ctx: &CallbackConfig<U>) {
        self.hooks.copy_from(&ctx.hooks);
        if let Some(b) = ctx.bytes_snapshot() {
            let _ = self.bytes.set(Mutex::new(b));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hooks_start_empty_and_copy_what_ssl_new_copies() {
        let ctx = Hooks::default();
        assert_eq!(ctx.get(Hook::InfoCb), 0);
        ctx.set(Hook::InfoCb, 7);
        ctx.set(Hook::MsgCb, 9);
        let ssl = Hooks::default();
        ssl.copy_from(&ctx);
        assert_eq!(ssl.get(Hook::InfoCb), 0);
        assert_eq!(ssl.get(Hook::MsgCb), 9);
    }
}
