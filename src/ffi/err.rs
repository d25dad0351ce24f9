//! Raising errors on libcrypto's error queue, as libssl's `ERR_raise` does, so that
//! `ERR_get_error` gives the same library and reason codes as with OpenSSL.

use super::consts::ERR_LIB_SSL;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

#[link(name = "crypto")]
extern "C" {
    fn ERR_new();
    fn ERR_set_debug(file: *const c_char, line: c_int, func: *const c_char);
    fn ERR_set_error(lib: c_int, reason: c_int, fmt: *const c_char, ...);
}

/// Queues `ERR_LIB_SSL` error `reason`, reported as coming from `func`.
pub fn raise_ssl_error(reason: c_int, func: &'static CStr, file: &'static CStr, line: u32) {
    // SAFETY: plain calls into libcrypto with 'static NUL-terminated strings; a
    // NULL format means no additional data.
    unsafe {
        ERR_new();
        ERR_set_debug(file.as_ptr(), line as c_int, func.as_ptr());
        ERR_set_error(ERR_LIB_SSL, reason, std::ptr::null());
    }
}

/// `raise!(REASON, "SSL_function_name")`: queues an SSL error at this source line.
macro_rules! raise {
    ($reason:expr, $func:literal) => {
        $crate::ffi::err::raise_ssl_error(
            $reason,
            match std::ffi::CStr::from_bytes_with_nul(concat!($func, "\0").as_bytes()) {
                Ok(s) => s,
                Err(_) => c"?",
            },
            match std::ffi::CStr::from_bytes_with_nul(concat!(file!(), "\0").as_bytes()) {
                Ok(s) => s,
                Err(_) => c"?",
            },
            line!(),
        )
    };
}
pub(crate) use raise;
