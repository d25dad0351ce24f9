//! `SSL_CONF_CTX` and `SSL_CONF_cmd`: configuration commands, from files or
//! command lines, applied to an `SSL_CTX` or an `SSL` (OpenSSL 3.0's
//! ssl_conf.c). The command language (names, flags, value types, prefixes) is
//! the core's (`core::config::conf`); what each command does is in
//! `conf_cmds`, through the functions the exported setters use.
//!
//! An `SSL_CONF_CTX` belongs to its caller, like OpenSSL's: it holds its
//! object without a reference, so the object must outlive its use.

use super::certs_crypto::{free_name, stack_st_X509_NAME, OPENSSL_sk_pop_free};
use super::consts::ERR_LIB_SSL;
use super::err::{raise, raise_lib_error};
use super::{c_str, guard, SSL, SSL_CTX};
use crate::core::config::conf::{self, Command};
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_uint};
use std::ptr::null_mut;

// `SSL_CONF_FLAG_*` and `SSL_CONF_TYPE_*`, for the header (the core's
// `conf::FLAG_*` / `conf::TYPE_*` are the same numbers).
pub const SSL_CONF_FLAG_CMDLINE: c_uint = 0x1;
pub const SSL_CONF_FLAG_FILE: c_uint = 0x2;
pub const SSL_CONF_FLAG_CLIENT: c_uint = 0x4;
pub const SSL_CONF_FLAG_SERVER: c_uint = 0x8;
pub const SSL_CONF_FLAG_SHOW_ERRORS: c_uint = 0x10;
pub const SSL_CONF_FLAG_CERTIFICATE: c_uint = 0x20;
pub const SSL_CONF_FLAG_REQUIRE_PRIVATE: c_uint = 0x40;
pub const SSL_CONF_TYPE_UNKNOWN: c_int = 0x0;
pub const SSL_CONF_TYPE_STRING: c_int = 0x1;
pub const SSL_CONF_TYPE_FILE: c_int = 0x2;
pub const SSL_CONF_TYPE_DIR: c_int = 0x3;
pub const SSL_CONF_TYPE_NONE: c_int = 0x4;
pub const SSL_CONF_TYPE_STORE: c_int = 0x5;

/// `SSL_R_BAD_VALUE`.
pub const SSL_R_BAD_VALUE: c_int = 384;
/// `SSL_R_INVALID_NULL_CMD_NAME`.
pub const SSL_R_INVALID_NULL_CMD_NAME: c_int = 385;
/// `SSL_R_UNKNOWN_CMD_NAME`.
pub const SSL_R_UNKNOWN_CMD_NAME: c_int = 386;

/// `struct ssl_conf_ctx_st`: declared by the header, defined here.
#[repr(C)]
pub struct SSL_CONF_CTX {
    _opaque: [u8; 0],
}

/// The object commands apply to.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Nothing,
    Ctx(*mut SSL_CTX),
    Ssl(*mut SSL),
}

/// What an `SSL_CONF_CTX` holds.
pub struct ConfCtx {
    pub flags: u32,
    pub prefix: Option<Vec<u8>>,
    pub target: Target,
    /// Under `SSL_CONF_FLAG_REQUIRE_PRIVATE`, the file each key type's
    /// certificate came from, to load its key from at `SSL_CONF_CTX_finish`.
    pub cert_files: [Option<CString>; 9],
    /// The CA names the `RequestCA*` / `ClientCA*` commands collected
    /// (NULL until the first), owned until `SSL_CONF_CTX_finish` gives them.
    pub ca_names: *mut stack_st_X509_NAME,
}

impl ConfCtx {
    pub fn new(flags: u32) -> ConfCtx {
        ConfCtx {
            flags,
            prefix: None,
            target: Target::Nothing,
            cert_files: Default::default(),
            ca_names: null_mut(),
        }
    }
}

impl Drop for ConfCtx {
    fn drop(&mut self) {
        if !self.ca_names.is_null() {
            // SAFETY: the stack and its names are owned here.
            unsafe { OPENSSL_sk_pop_free(self.ca_names as *mut _, free_name) };
        }
    }
}

/// The `ConfCtx` behind a C pointer, or `None` for NULL.
///
/// # Safety
/// A non-null `p` must come from `SSL_CONF_CTX_new` and not be freed.
unsafe fn conf_ctx<'a>(p: *mut SSL_CONF_CTX) -> Option<&'a mut ConfCtx> {
    (p as *mut ConfCtx).as_mut()
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_new() -> *mut SSL_CONF_CTX {
    guard!(null_mut(), {
        Box::into_raw(Box::new(ConfCtx::new(0))) as *mut SSL_CONF_CTX
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_free(cctx: *mut SSL_CONF_CTX) {
    guard!((), {
        if !cctx.is_null() {
            drop(Box::from_raw(cctx as *mut ConfCtx));
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_set_flags(cctx: *mut SSL_CONF_CTX, flags: c_uint) -> c_uint {
    guard!(0, {
        conf_ctx(cctx).map_or(0, |c| {
            c.flags |= flags;
            c.flags
        })
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_clear_flags(
    cctx: *mut SSL_CONF_CTX,
    flags: c_uint,
) -> c_uint {
    guard!(0, {
        conf_ctx(cctx).map_or(0, |c| {
            c.flags &= !flags;
            c.flags
        })
    })
}

/// A copy of `pre` (NULL removes the prefix); 1.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_set1_prefix(
    cctx: *mut SSL_CONF_CTX,
    pre: *const c_char,
) -> c_int {
    guard!(0, {
        conf_ctx(cctx).map_or(0, |c| {
            c.prefix = c_str(pre).map(|p| p.to_bytes().to_vec());
            1
        })
    })
}

/// Commands apply to `ssl` from now on (NULL: to nothing).
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_set_ssl(cctx: *mut SSL_CONF_CTX, ssl: *mut SSL) {
    guard!((), {
        if let Some(c) = conf_ctx(cctx) {
            c.target = if ssl.is_null() {
                Target::Nothing
            } else {
                Target::Ssl(ssl)
            };
        }
    })
}

/// Commands apply to `ctx` from now on (NULL: to nothing).
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_set_ssl_ctx(cctx: *mut SSL_CONF_CTX, ctx: *mut SSL_CTX) {
    guard!((), {
        if let Some(c) = conf_ctx(cctx) {
            c.target = if ctx.is_null() {
                Target::Nothing
            } else {
                Target::Ctx(ctx)
            };
        }
    })
}

/// The command a name stands for, once its prefix is skipped; `Err` carries
/// the name to report as unknown (without the prefix when it was skipped).
fn find<'a>(c: &ConfCtx, cmd: &'a [u8]) -> Result<&'static Command, &'a [u8]> {
    let name = conf::skip_prefix(c.flags, c.prefix.as_deref(), cmd).ok_or(cmd)?;
    conf::lookup(c.flags, name).ok_or(name)
}

/// Queues `reason` from `SSL_CONF_cmd` with data made of `parts`.
fn raise_with_data(reason: c_int, parts: &[&[u8]]) {
    let data = CString::new(parts.concat()).unwrap_or_default();
    raise_lib_error(ERR_LIB_SSL, reason, c"SSL_CONF_cmd", Some(&data));
}

/// The command's name as reported: the part after the prefix.
fn reported_name<'a>(c: &ConfCtx, cmd: &'a [u8]) -> &'a [u8] {
    conf::skip_prefix(c.flags, c.prefix.as_deref(), cmd).unwrap_or(cmd)
}

/// `SSL_CONF_cmd` on a live `ConfCtx` (also what `SSL_CTX_config` runs).
pub fn run_cmd(c: &mut ConfCtx, cmd: &CStr, value: Option<&CStr>) -> c_int {
    let show = c.flags & conf::FLAG_SHOW_ERRORS != 0;
    let command = match find(c, cmd.to_bytes()) {
        Ok(command) => command,
        Err(name) => {
            if show {
                raise_with_data(SSL_R_UNKNOWN_CMD_NAME, &[b"cmd=", name]);
            }
            return -2;
        }
    };
    if let conf::Action::Switch(flag) = command.action {
        super::conf_cmds::set_flag(c.target, flag, true);
        return 1;
    }
    let rv = match value {
        None => -3,
        Some(v) => match super::conf_cmds::run(c, command.action, v) {
            r if r > 0 => return 2,
            -2 => -2,
            _ => 0,
        },
    };
    if show {
        let shown = value.map_or(&b"<EMPTY>"[..], CStr::to_bytes);
        let name = reported_name(c, cmd.to_bytes());
        raise_with_data(SSL_R_BAD_VALUE, &[b"cmd=", name, b", value=", shown]);
    }
    rv
}

/// 2 when a command took its value, 1 for a switch; -2 for an unknown command,
/// -3 for a missing value, 0 for a bad one (with `SSL_CONF_FLAG_SHOW_ERRORS`,
/// each failure queues why).
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd(
    cctx: *mut SSL_CONF_CTX,
    cmd: *const c_char,
    value: *const c_char,
) -> c_int {
    guard!(0, {
        let Some(cmd) = c_str(cmd) else {
            raise!(SSL_R_INVALID_NULL_CMD_NAME, "SSL_CONF_cmd");
            return 0;
        };
        match conf_ctx(cctx) {
            Some(c) => run_cmd(c, cmd, c_str(value)),
            None => -2,
        }
    })
}

/// One command from an argument vector, in command-line mode: the number of
/// arguments used (and `*pargv`, `*pargc` moved past them), 0 for an unknown
/// command or the end, -1 for a bad value, -3 for a missing one.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd_argv(
    cctx: *mut SSL_CONF_CTX,
    pargc: *mut c_int,
    pargv: *mut *mut *mut c_char,
) -> c_int {
    guard!(0, {
        let (Some(c), Some(argv)) = (conf_ctx(cctx), pargv.as_mut()) else {
            return 0;
        };
        let argc = pargc.as_ref().copied();
        if argc == Some(0) {
            return 0;
        }
        let arg = if argc.is_none_or(|n| n > 0) {
            **argv
        } else {
            null_mut()
        };
        let Some(arg) = c_str(arg) else { return 0 };
        let next = if argc.is_none_or(|n| n > 1) {
            *argv.add(1)
        } else {
            null_mut()
        };
        c.flags = (c.flags & !conf::FLAG_FILE) | conf::FLAG_CMDLINE;
        match run_cmd(c, arg, c_str(next)) {
            rv if rv > 0 => {
                *argv = argv.add(rv as usize);
                if let Some(n) = pargc.as_mut() {
                    *n -= rv;
                }
                rv
            }
            -2 => 0,
            0 => -1,
            rv => rv,
        }
    })
}

/// The `SSL_CONF_TYPE_*` of the command a name stands for under the flags
/// (`SSL_CONF_TYPE_UNKNOWN` if none).
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_cmd_value_type(
    cctx: *mut SSL_CONF_CTX,
    cmd: *const c_char,
) -> c_int {
    guard!(SSL_CONF_TYPE_UNKNOWN, {
        match (conf_ctx(cctx), c_str(cmd)) {
            (Some(c), Some(cmd)) => {
                find(c, cmd.to_bytes()).map_or(SSL_CONF_TYPE_UNKNOWN, |t| t.value_type)
            }
            _ => SSL_CONF_TYPE_UNKNOWN,
        }
    })
}

/// Loads the keys of certificates set without one (from their files, under
/// `SSL_CONF_FLAG_REQUIRE_PRIVATE`), then gives the collected CA names to the
/// object as its CA list; 1, or 0 when a key cannot be loaded.
#[no_mangle]
pub unsafe extern "C" fn SSL_CONF_CTX_finish(cctx: *mut SSL_CONF_CTX) -> c_int {
    guard!(0, {
        match conf_ctx(cctx) {
            Some(c) => super::conf_cmds::finish(c),
            None => 0,
        }
    })
}

// The header's numbers are the core's.
const _: () = assert!(
    SSL_CONF_FLAG_CMDLINE == conf::FLAG_CMDLINE
        && SSL_CONF_FLAG_FILE == conf::FLAG_FILE
        && SSL_CONF_FLAG_CLIENT == conf::FLAG_CLIENT
        && SSL_CONF_FLAG_SERVER == conf::FLAG_SERVER
        && SSL_CONF_FLAG_SHOW_ERRORS == conf::FLAG_SHOW_ERRORS
        && SSL_CONF_FLAG_CERTIFICATE == conf::FLAG_CERTIFICATE
        && SSL_CONF_FLAG_REQUIRE_PRIVATE == conf::FLAG_REQUIRE_PRIVATE
        && SSL_CONF_TYPE_UNKNOWN == conf::TYPE_UNKNOWN
        && SSL_CONF_TYPE_STRING == conf::TYPE_STRING
        && SSL_CONF_TYPE_FILE == conf::TYPE_FILE
        && SSL_CONF_TYPE_DIR == conf::TYPE_DIR
        && SSL_CONF_TYPE_NONE == conf::TYPE_NONE
        && SSL_CONF_TYPE_STORE == conf::TYPE_STORE
);
