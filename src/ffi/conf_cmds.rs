//! What each `SSL_CONF` command does to its context or connection, through
//! the exported setters (`SSL_CTX_set_cipher_list`, `SSL_CTX_ctrl`,
//! `SSL_CTX_use_certificate_chain_file`...), so that results, errors and
//! effects are those of the direct calls; and `SSL_CONF_CTX_finish`.
//!
//! Each `run` arm returns what OpenSSL's `cmd_*` function returns: positive
//! when the value was taken, 0 when not.

use super::borrow;
use super::certs_ca::{
    SSL_CTX_set0_CA_list, SSL_add_dir_cert_subjects_to_stack, SSL_add_file_cert_subjects_to_stack,
    SSL_add_store_cert_subjects_to_stack, SSL_set0_CA_list,
};
use super::certs_crypto::*;
use super::certs_extra::{SSL_CTX_set0_tmp_dh_pkey, SSL_set0_tmp_dh_pkey};
use super::certs_serverinfo::SSL_CTX_use_serverinfo_file;
use super::certs_state::{ctx_certs, ssl_certs, Certs};
use super::certs_use::{
    SSL_CTX_use_PrivateKey_file, SSL_CTX_use_certificate_chain_file, SSL_use_PrivateKey_file,
    SSL_use_certificate_chain_file,
};
use super::cipher_list::{
    SSL_CTX_set_cipher_list, SSL_CTX_set_ciphersuites, SSL_set_cipher_list, SSL_set_ciphersuites,
};
use super::conf::{ConfCtx, Target};
use super::ctrl::{SSL_CTX_ctrl, SSL_ctrl};
use super::ctrl_consts::*;
use super::options::{
    SSL_CTX_clear_options, SSL_CTX_set_block_padding, SSL_CTX_set_num_tickets, SSL_CTX_set_options,
    SSL_clear_options, SSL_set_block_padding, SSL_set_num_tickets, SSL_set_options,
};
use crate::core::config::conf::{self, Action, Flag, FlagKind, FlagName, Source};
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_long, c_void};
use std::ptr::null_mut;
use std::sync::MutexGuard;

/// `SSL_FILETYPE_PEM`.
const SSL_FILETYPE_PEM: c_int = 1;
/// `OSSL_KEYMGMT_SELECT_DOMAIN_PARAMETERS`.
const SELECT_DOMAIN_PARAMETERS: c_int = 0x04;
/// `BIO_CTRL_EOF`.
const BIO_CTRL_EOF: c_int = 2;

#[repr(C)]
pub struct OSSL_DECODER_CTX {
    _opaque: [u8; 0],
}

#[link(name = "crypto")]
extern "C" {
    fn OSSL_DECODER_CTX_new_for_pkey(
        pkey: *mut *mut EVP_PKEY,
        input_type: *const c_char,
        input_struct: *const c_char,
        keytype: *const c_char,
        selection: c_int,
        libctx: *mut c_void,
        propquery: *const c_char,
    ) -> *mut OSSL_DECODER_CTX;
    fn OSSL_DECODER_from_bio(ctx: *mut OSSL_DECODER_CTX, b: *mut BIO) -> c_int;
    fn OSSL_DECODER_CTX_free(ctx: *mut OSSL_DECODER_CTX);
    fn ERR_clear_last_mark() -> c_int;
}

/// The certificate settings of the target, locked (`None` for no target).
unsafe fn certs<'a>(target: Target) -> Option<MutexGuard<'a, Certs>> {
    match target {
        Target::Nothing => None,
        Target::Ctx(ctx) => borrow(ctx).map(ctx_certs),
        Target::Ssl(s) => borrow(s).map(ssl_certs),
    }
}

/// `SSL_CTX_ctrl` or `SSL_ctrl` on the target; `ctrl_nothing` without one.
unsafe fn ctrl(target: Target, cmd: c_int, larg: c_long, parg: *mut c_void) -> c_long {
    match target {
        Target::Ctx(ctx) => SSL_CTX_ctrl(ctx, cmd, larg, parg),
        Target::Ssl(s) => SSL_ctrl(s, cmd, larg, parg),
        Target::Nothing => SSL_CTX_ctrl(null_mut(), cmd, larg, parg),
    }
}

/// Names a flag on the target (OpenSSL's `ssl_set_option`): `on` sets its
/// bits, or clears them for an inverted flag (and the reverse); no target, no
/// change.
pub fn set_flag(target: Target, flag: Flag, on: bool) {
    let on = on != flag.inverted;
    // SAFETY: the target was given live to SSL_CONF_CTX_set_ssl(_ctx) and must
    // stay so while commands run, as with OpenSSL.
    unsafe {
        match flag.kind {
            FlagKind::Option => match (target, on) {
                (Target::Ctx(ctx), true) => drop(SSL_CTX_set_options(ctx, flag.bits)),
                (Target::Ctx(ctx), false) => drop(SSL_CTX_clear_options(ctx, flag.bits)),
                (Target::Ssl(s), true) => drop(SSL_set_options(s, flag.bits)),
                (Target::Ssl(s), false) => drop(SSL_clear_options(s, flag.bits)),
                (Target::Nothing, _) => {}
            },
            FlagKind::Cert if target != Target::Nothing => {
                let cmd = if on {
                    SSL_CTRL_CERT_FLAGS
                } else {
                    SSL_CTRL_CLEAR_CERT_FLAGS
                };
                ctrl(target, cmd, flag.bits as c_long, null_mut());
            }
            FlagKind::Verify => {
                if let Some(mut c) = certs(target) {
                    let bits = flag.bits as c_int;
                    if on {
                        c.verify_mode |= bits
                    } else {
                        c.verify_mode &= !bits
                    }
                }
            }
            FlagKind::Cert => {}
        }
    }
}

fn flag_list(c: &ConfCtx, table: &[FlagName], value: &CStr) -> c_int {
    let target = c.target;
    conf::apply_flag_list(table, c.flags, value.to_bytes(), |flag, on| {
        set_flag(target, flag, on)
    }) as c_int
}

/// One command with its value on the target.
pub fn run(c: &mut ConfCtx, action: Action, value: &CStr) -> c_int {
    let v = value.as_ptr();
    let target = c.target;
    // SAFETY: as in `set_flag`; `v` is a C string for the call's duration.
    unsafe {
        match action {
            Action::Switch(flag) => {
                set_flag(target, flag, true);
                1
            }
            Action::SignatureAlgorithms => list_ctrl(target, SSL_CTRL_SET_SIGALGS_LIST, v),
            Action::ClientSignatureAlgorithms => {
                list_ctrl(target, SSL_CTRL_SET_CLIENT_SIGALGS_LIST, v)
            }
            Action::Groups => list_ctrl(target, SSL_CTRL_SET_GROUPS_LIST, v),
            Action::EcdhParameters => {
                if conf::is_ecdh_automatic(c.flags, value.to_bytes()) {
                    1
                } else if value.to_bytes().contains(&b':') {
                    0
                } else if target == Target::Nothing {
                    1
                } else {
                    list_ctrl(target, SSL_CTRL_SET_GROUPS_LIST, v)
                }
            }
            Action::CipherString => positive(match target {
                Target::Ctx(ctx) => SSL_CTX_set_cipher_list(ctx, v),
                Target::Ssl(s) => SSL_set_cipher_list(s, v),
                Target::Nothing => 1,
            }),
            Action::Ciphersuites => positive(match target {
                Target::Ctx(ctx) => SSL_CTX_set_ciphersuites(ctx, v),
                Target::Ssl(s) => SSL_set_ciphersuites(s, v),
                Target::Nothing => 1,
            }),
            Action::Protocol => flag_list(c, conf::PROTOCOLS, value),
            Action::Options => flag_list(c, conf::OPTIONS, value),
            Action::VerifyMode => flag_list(c, conf::VERIFY_MODES, value),
            Action::MinProtocol => proto_bound(target, false, value),
            Action::MaxProtocol => proto_bound(target, true, value),
            Action::Certificate => certificate(c, value),
            Action::PrivateKey => private_key(c, v),
            Action::ServerInfoFile => positive(match target {
                Target::Ctx(ctx) => SSL_CTX_use_serverinfo_file(ctx, v),
                _ => 1,
            }),
            Action::CaStore { chain, from } => ca_store(target, chain, from, v),
            Action::CaNames(from) => ca_names(c, from, v),
            Action::DhParameters => dh_parameters(target, v),
            Action::RecordPadding => number(value, |n| match target {
                Target::Ctx(ctx) => SSL_CTX_set_block_padding(ctx, n),
                Target::Ssl(s) => SSL_set_block_padding(s, n),
                Target::Nothing => 0,
            }),
            Action::NumTickets => number(value, |n| match target {
                Target::Ctx(ctx) => SSL_CTX_set_num_tickets(ctx, n),
                Target::Ssl(s) => SSL_set_num_tickets(s, n),
                Target::Nothing => 0,
            }),
        }
    }
}

fn positive(rv: c_int) -> c_int {
    (rv > 0) as c_int
}

/// A list setter (groups, signature algorithms); without a target the list is
/// only parsed, as OpenSSL's `SSL_CTX_ctrl(NULL, ..)` does.
unsafe fn list_ctrl(target: Target, cmd: c_int, v: *const c_char) -> c_int {
    (ctrl(target, cmd, 0, v as *mut c_void) > 0) as c_int
}

/// `MinProtocol` / `MaxProtocol`: a known version name, set as the bound (the
/// method decides what it accepts); nothing to set it on fails.
/// The method asked is the context's, also for a connection (its current
/// context's), as OpenSSL's `min_max_proto`; the pair of bounds is not
/// checked, unlike the ctrl's.
unsafe fn proto_bound(target: Target, max: bool, value: &CStr) -> c_int {
    let Some(version) = conf::protocol_version(value.to_bytes()) else {
        return 0;
    };
    let set = match target {
        Target::Ctx(ctx) => borrow(ctx).map(|c| {
            c.ctrl
                .set_proto_bound(c.method().protocol, version as i64, max)
        }),
        Target::Ssl(s) => borrow(s).map(|ssl| {
            let method = super::ssl::current_method(ssl);
            ssl.ctrl
                .set_proto_bound(method.protocol, version as i64, max)
        }),
        Target::Nothing => None,
    };
    set.unwrap_or(false) as c_int
}

/// `RecordPadding` / `NumTickets`: `atoi` of the value; negative is refused,
/// the setter checks the rest; no target fails.
fn number(value: &CStr, set: impl FnOnce(usize) -> c_int) -> c_int {
    match conf::atoi(value.to_bytes()) {
        n if n >= 0 => set(n as usize),
        _ => 0,
    }
}

/// `Certificate`: the certificate and chain from the file; under
/// `SSL_CONF_FLAG_REQUIRE_PRIVATE` the file is noted for its key type, for
/// `SSL_CONF_CTX_finish`.
unsafe fn certificate(c: &mut ConfCtx, value: &CStr) -> c_int {
    let v = value.as_ptr();
    let rv = match c.target {
        Target::Ctx(ctx) => SSL_CTX_use_certificate_chain_file(ctx, v),
        Target::Ssl(s) => SSL_use_certificate_chain_file(s, v),
        Target::Nothing => 1,
    };
    if rv > 0 && c.flags & conf::FLAG_REQUIRE_PRIVATE != 0 {
        if let Some(current) = certs(c.target).map(|certs| certs.cert.current) {
            c.cert_files[current] = Some(CString::from(value));
        }
    }
    positive(rv)
}

unsafe fn private_key(c: &ConfCtx, v: *const c_char) -> c_int {
    if c.flags & conf::FLAG_CERTIFICATE == 0 {
        return -2;
    }
    positive(match c.target {
        Target::Ctx(ctx) => SSL_CTX_use_PrivateKey_file(ctx, v, SSL_FILETYPE_PEM),
        Target::Ssl(s) => SSL_use_PrivateKey_file(s, v, SSL_FILETYPE_PEM),
        Target::Nothing => 1,
    })
}

/// The chain or verify store of the target, created (and given to it) when it
/// has none; certificates loaded into it from a file, directory or store URI.
unsafe fn ca_store(target: Target, chain: bool, from: Source, v: *const c_char) -> c_int {
    if target == Target::Nothing {
        return 1;
    }
    let (get, set) = if chain {
        (SSL_CTRL_GET_CHAIN_CERT_STORE, SSL_CTRL_SET_CHAIN_CERT_STORE)
    } else {
        (
            SSL_CTRL_GET_VERIFY_CERT_STORE,
            SSL_CTRL_SET_VERIFY_CERT_STORE,
        )
    };
    let mut store: *mut X509_STORE = null_mut();
    ctrl(target, get, 0, &mut store as *mut _ as *mut c_void);
    if store.is_null() {
        store = X509_STORE_new();
        if store.is_null() {
            return 0;
        }
        // set0: the target owns the new store.
        ctrl(target, set, 0, store as *mut c_void);
    }
    let loaded = match from {
        Source::File => X509_STORE_load_file(store, v),
        Source::Dir => X509_STORE_load_path(store, v),
        Source::Store => X509_STORE_load_store(store, v),
    };
    (loaded != 0) as c_int
}

/// `RequestCA*` / `ClientCA*`: the subjects of the certificates, added to the
/// names `SSL_CONF_CTX_finish` will set.
unsafe fn ca_names(c: &mut ConfCtx, from: Source, v: *const c_char) -> c_int {
    if c.ca_names.is_null() {
        c.ca_names = OPENSSL_sk_new_null() as *mut stack_st_X509_NAME;
        if c.ca_names.is_null() {
            return 0;
        }
    }
    match from {
        Source::File => SSL_add_file_cert_subjects_to_stack(c.ca_names, v),
        Source::Dir => SSL_add_dir_cert_subjects_to_stack(c.ca_names, v),
        Source::Store => SSL_add_store_cert_subjects_to_stack(c.ca_names, v),
    }
}

/// `DHParameters`: the first DH parameters the PEM file holds, decoded as
/// OpenSSL 3.0 does (its decoder, tried until a key comes or the file ends),
/// set as the temporary DH key.
unsafe fn dh_parameters(target: Target, v: *const c_char) -> c_int {
    if target == Target::Nothing {
        return 1;
    }
    let bio = BIO_new(BIO_s_file());
    if bio.is_null() {
        return 0;
    }
    let mut pkey: *mut EVP_PKEY = null_mut();
    let mut rv = 0;
    if bio_read_filename(bio, v) > 0 {
        let dctx = OSSL_DECODER_CTX_new_for_pkey(
            &mut pkey,
            c"PEM".as_ptr(),
            std::ptr::null(),
            c"DH".as_ptr(),
            SELECT_DOMAIN_PARAMETERS,
            null_mut(),
            std::ptr::null(),
        );
        if !dctx.is_null() {
            ERR_set_mark();
            while OSSL_DECODER_from_bio(dctx, bio) == 0
                && pkey.is_null()
                && BIO_ctrl(bio, BIO_CTRL_EOF, 0, null_mut()) == 0
            {}
            OSSL_DECODER_CTX_free(dctx);
            if pkey.is_null() {
                ERR_clear_last_mark();
            } else {
                ERR_pop_to_mark();
                rv = match target {
                    Target::Ctx(ctx) => SSL_CTX_set0_tmp_dh_pkey(ctx, pkey),
                    Target::Ssl(s) => SSL_set0_tmp_dh_pkey(s, pkey),
                    Target::Nothing => 0,
                };
                if rv > 0 {
                    pkey = null_mut();
                }
            }
        }
    }
    EVP_PKEY_free(pkey);
    BIO_free(bio);
    positive(rv)
}

/// `SSL_CONF_CTX_finish`.
pub fn finish(c: &mut ConfCtx) -> c_int {
    // SAFETY: as in `set_flag`.
    unsafe {
        if c.flags & conf::FLAG_REQUIRE_PRIVATE != 0 {
            // Which noted certificates still lack their key (the lock is
            // released before the keys are loaded, which takes it again).
            let missing: Vec<CString> = match certs(c.target) {
                Some(certs) => (0..c.cert_files.len())
                    .filter(|&i| certs.cert.slots[i].key.is_null())
                    .filter_map(|i| c.cert_files[i].clone())
                    .collect(),
                None => Vec::new(),
            };
            for file in missing {
                if private_key(c, file.as_ptr()) <= 0 {
                    return 0;
                }
            }
        }
        if !c.ca_names.is_null() {
            let names = std::mem::replace(&mut c.ca_names, null_mut());
            match c.target {
                Target::Ssl(s) => SSL_set0_CA_list(s, names),
                Target::Ctx(ctx) => SSL_CTX_set0_CA_list(ctx, names),
                Target::Nothing => OPENSSL_sk_pop_free(names as *mut _, free_name),
            }
        }
    }
    1
}

/// For `SSL_CTX_config`: the roles of an object's method.
pub fn method_roles(target: Target) -> u32 {
    use crate::core::method::Role;
    // SAFETY: as in `set_flag`.
    let role = unsafe {
        match target {
            Target::Ctx(ctx) => borrow(ctx).map(|c| c.method().role),
            Target::Ssl(s) => borrow(s).map(|s| s.method().role),
            Target::Nothing => None,
        }
    };
    match role {
        Some(Role::Either) => conf::FLAG_CLIENT | conf::FLAG_SERVER,
        Some(Role::Client) => conf::FLAG_CLIENT,
        Some(Role::Server) => conf::FLAG_SERVER,
        None => 0,
    }
}
