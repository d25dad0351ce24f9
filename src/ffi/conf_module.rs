//! `SSL_CTX_config` and `SSL_config`: the commands of a named section of the
//! application's configuration (the `ssl_conf` module of libcrypto's config,
//! read through libcrypto's `conf_ssl_*` functions), applied as file commands
//! with certificates, in the roles the object's method can take (OpenSSL
//! 3.0's ssl_mcnf.c); and `SSL_add_ssl_module`, a no-op since libcrypto
//! registers the module itself.

use super::certs_keys::ERR_R_PASSED_NULL_PARAMETER;
use super::conf::{run_cmd, ConfCtx, Target};
use super::conf_cmds::{finish, method_roles};
use super::consts::ERR_LIB_SSL;
use super::err::{raise, raise_lib_error};
use super::{c_str, guard, SSL, SSL_CTX};
use crate::core::config::conf;
use std::ffi::CString;
use std::os::raw::{c_char, c_int, c_void};

/// `SSL_R_INVALID_CONFIGURATION_NAME`.
pub const SSL_R_INVALID_CONFIGURATION_NAME: c_int = 113;

#[link(name = "crypto")]
extern "C" {
    fn conf_ssl_name_find(name: *const c_char, idx: *mut usize) -> c_int;
    fn conf_ssl_get(idx: usize, name: *mut *const c_char, cnt: *mut usize) -> *const c_void;
    fn conf_ssl_get_cmd(
        cmd: *const c_void,
        idx: usize,
        cmdstr: *mut *mut c_char,
        arg: *mut *mut c_char,
    );
}

/// OpenSSL's `ssl_do_config`: 1 when every command of the section took its
/// value and the finish succeeded; the commands after a failed one still run.
/// The system default (`system`: the `system_default` section, applied by
/// `SSL_CTX_new`) takes no certificate commands, and its absence is no error.
unsafe fn do_config(target: Target, name: *const c_char, system: bool) -> c_int {
    if target == Target::Nothing {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "ssl_do_config");
        return 0;
    }
    let name = if system && name.is_null() {
        c"system_default".as_ptr()
    } else {
        name
    };
    let mut idx = 0usize;
    if conf_ssl_name_find(name, &mut idx) == 0 {
        if system {
            return 0;
        }
        let shown = c_str(name).map_or(&b"<NULL>"[..], |n| n.to_bytes());
        let data = CString::new([&b"name="[..], shown].concat()).unwrap_or_default();
        raise_lib_error(
            ERR_LIB_SSL,
            SSL_R_INVALID_CONFIGURATION_NAME,
            c"ssl_do_config",
            Some(&data),
        );
        return 0;
    }
    let mut section: *const c_char = std::ptr::null();
    let mut count = 0usize;
    let cmds = conf_ssl_get(idx, &mut section, &mut count);
    let certificates = if system {
        0
    } else {
        conf::FLAG_CERTIFICATE | conf::FLAG_REQUIRE_PRIVATE
    };
    let flags = conf::FLAG_FILE | certificates | method_roles(target);
    let mut cctx = ConfCtx::new(flags);
    cctx.target = target;
    let mut failures = 0;
    for i in 0..count {
        let mut cmd: *mut c_char = std::ptr::null_mut();
        let mut arg: *mut c_char = std::ptr::null_mut();
        conf_ssl_get_cmd(cmds, i, &mut cmd, &mut arg);
        let ok = match c_str(cmd) {
            Some(cmd) => run_cmd(&mut cctx, cmd, c_str(arg)) > 0,
            None => false,
        };
        failures += (!ok) as u32;
    }
    if finish(&mut cctx) == 0 {
        failures += 1;
    }
    (failures == 0) as c_int
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_config(ctx: *mut SSL_CTX, name: *const c_char) -> c_int {
    guard!(0, {
        let target = if ctx.is_null() {
            Target::Nothing
        } else {
            Target::Ctx(ctx)
        };
        do_config(target, name, false)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_config(s: *mut SSL, name: *const c_char) -> c_int {
    guard!(0, {
        let target = if s.is_null() {
            Target::Nothing
        } else {
            Target::Ssl(s)
        };
        do_config(target, name, false)
    })
}

/// OpenSSL's `ssl_ctx_system_config`, the end of `SSL_CTX_new`: the
/// `system_default` section of the application's `ssl_conf`, if it has one.
/// Its failures leave their commands' errors queued but do not fail
/// `SSL_CTX_new` (OpenSSL 3.0). Without the section it costs one lookup.
pub fn system_config(ctx: *mut SSL_CTX) {
    if !ctx.is_null() {
        // SAFETY: a context just made, live.
        unsafe { do_config(Target::Ctx(ctx), std::ptr::null(), true) };
    }
}

/// Nothing to do: libcrypto adds the `ssl_conf` module itself in 3.0.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_ssl_module() {
    guard!((), {})
}
