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

/// `ERR_raise` with optional data: one error on libcrypto's queue.
fn queue(
    lib: c_int,
    reason: c_int,
    func: &'static CStr,
    file: &'static CStr,
    line: u32,
    data: Option<&CStr>,
) {
    // SAFETY: libcrypto calls with NUL-terminated strings. libcrypto keeps the
    // file and function pointers, hence 'static; the data is copied by
    // ERR_set_error's formatting; a NULL format means no data.
    unsafe {
        ERR_new();
        ERR_set_debug(file.as_ptr(), line as c_int, func.as_ptr());
        match data {
            Some(d) => ERR_set_error(lib, reason, c"%s".as_ptr(), d.as_ptr()),
            None => ERR_set_error(lib, reason, std::ptr::null()),
        }
    }
}

/// Queues `ERR_LIB_SSL` error `reason`, reported as coming from `func`, at
/// sessl's source location `file:line`.
pub fn raise_ssl_error(reason: c_int, func: &'static CStr, file: &'static CStr, line: u32) {
    queue(ERR_LIB_SSL, reason, func, file, line, None);
}

/// Queues error `reason` of library `lib` with optional data, from `func`.
pub fn raise_lib_error(lib: c_int, reason: c_int, func: &'static CStr, data: Option<&CStr>) {
    queue(lib, reason, func, c"ssl/ctrl", 0, data);
}

/// `ERR_LIB_CRYPTO`.
const ERR_LIB_CRYPTO: c_int = 15;

/// Queues the error libcrypto's `CRYPTO_memdup` queues when its allocation
/// fails, as it does for a zero-length buffer, at sessl's source location
/// `file:line` (use [`raise_memdup_failure!`]).
pub fn raise_memdup_failure_at(file: &'static CStr, line: u32) {
    queue(
        ERR_LIB_CRYPTO,
        super::consts::ERR_R_MALLOC_FAILURE,
        c"CRYPTO_memdup",
        file,
        line,
        None,
    );
}

/// Queues an error the core described (library, reason, function, data), at
/// sessl's source location `file:line` (use [`raise_report!`]).
pub fn raise_report_at(e: &crate::core::codec::ErrorReport, file: &'static CStr, line: u32) {
    let data = e
        .data
        .as_deref()
        .map(|d| std::ffi::CString::new(d).unwrap_or_default());
    queue(e.lib, e.reason, e.func, file, line, data.as_deref());
}

/// `sessl performs no TLS handshake`: the one error of a call that would start
/// the handshake or use the record layer, from `func`, whose name is the data.
pub fn raise_no_handshake(func: &'static CStr, file: &'static CStr, line: u32) {
    let data = format!(
        "sessl performs no TLS handshake: {}",
        func.to_str().unwrap_or("?")
    );
    let data = std::ffi::CString::new(data).unwrap_or_default();
    queue(
        ERR_LIB_SSL,
        super::consts::SESSL_R_NO_TLS_HANDSHAKE,
        func,
        file,
        line,
        Some(&data),
    );
}

/// This source file's name as a C string, for `ERR_set_debug`: a path relative
/// to the repository, like `src/ffi/ssl.rs`.
macro_rules! here_file {
    () => {
        match std::ffi::CStr::from_bytes_with_nul(concat!(file!(), "\0").as_bytes()) {
            Ok(s) => s,
            Err(_) => c"?",
        }
    };
}
pub(crate) use here_file;

/// `raise!(REASON, "SSL_function_name")`: queues an SSL error at this source line.
macro_rules! raise {
    ($reason:expr, $func:literal) => {
        $crate::ffi::err::raise_ssl_error(
            $reason,
            match std::ffi::CStr::from_bytes_with_nul(concat!($func, "\0").as_bytes()) {
                Ok(s) => s,
                Err(_) => c"?",
            },
            $crate::ffi::err::here_file!(),
            line!(),
        )
    };
}
pub(crate) use raise;

/// `raise_report!(&report)`: queues a core-described error at this source line.
macro_rules! raise_report {
    ($report:expr) => {
        $crate::ffi::err::raise_report_at($report, $crate::ffi::err::here_file!(), line!())
    };
}
pub(crate) use raise_report;

/// `raise_memdup_failure!()`: `CRYPTO_memdup`'s allocation failure, at this
/// source line.
macro_rules! raise_memdup_failure {
    () => {
        $crate::ffi::err::raise_memdup_failure_at($crate::ffi::err::here_file!(), line!())
    };
}
pub(crate) use raise_memdup_failure;

/// `raise_from!(REASON, func_cstr)`: an SSL error reported from a function
/// named by a `&'static CStr`, at this source line.
macro_rules! raise_from {
    ($reason:expr, $func:expr) => {
        $crate::ffi::err::raise_ssl_error($reason, $func, $crate::ffi::err::here_file!(), line!())
    };
}
pub(crate) use raise_from;

#[repr(C)]
struct ErrStringData {
    error: std::os::raw::c_ulong,
    string: *const c_char,
}

/// The table handed to libcrypto, which keeps pointers into it for the life of
/// the process.
struct Registered(
    #[allow(dead_code)] Vec<ErrStringData>,
    #[allow(dead_code)] Vec<std::ffi::CString>,
);
// SAFETY: immutable after construction; the pointers address the CStrings it owns.
unsafe impl Send for Registered {}
unsafe impl Sync for Registered {}

#[link(name = "crypto")]
extern "C" {
    fn ERR_load_strings_const(str: *const ErrStringData) -> c_int;
}

/// `OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, NULL)`, which OpenSSL runs at
/// the start of `SSL_CTX_new` and `SSL_SESSION_new`: once it has succeeded,
/// later calls change nothing, so they cost one atomic load.
pub fn load_ssl_strings() {
    static DONE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !DONE.load(std::sync::atomic::Ordering::Acquire)
        && super::app_data::init_ssl(
            super::app_data::OPENSSL_INIT_LOAD_SSL_STRINGS,
            std::ptr::null(),
        ) == 1
    {
        DONE.store(true, std::sync::atomic::Ordering::Release);
    }
}

/// Registers libssl's reason strings with libcrypto's error-string table, once,
/// so `ERR_reason_error_string` and `ERR_error_string` describe sessl's errors as
/// OpenSSL's.
pub fn register_ssl_strings() {
    static DONE: std::sync::OnceLock<Registered> = std::sync::OnceLock::new();
    DONE.get_or_init(|| {
        // OpenSSL's reasons, then sessl's own.
        let reasons: Vec<(c_int, &str)> = super::ssl_error_strings::SSL_REASON_STRINGS
            .iter()
            .map(|&(r, s)| (r as c_int, s))
            .chain([(
                super::consts::SESSL_R_NO_TLS_HANDSHAKE,
                "sessl performs no TLS handshake",
            )])
            .collect();
        let strings: Vec<std::ffi::CString> = reasons
            .iter()
            .map(|(_, s)| std::ffi::CString::new(*s).unwrap_or_default())
            .collect();
        let mut table: Vec<ErrStringData> = reasons
            .iter()
            .zip(&strings)
            .map(|((reason, _), s)| ErrStringData {
                error: ((ERR_LIB_SSL as std::os::raw::c_ulong) << 23)
                    | *reason as std::os::raw::c_ulong,
                string: s.as_ptr(),
            })
            .collect();
        table.push(ErrStringData {
            error: 0,
            string: std::ptr::null(),
        });
        // SAFETY: a terminated table whose strings live as long as `DONE`.
        unsafe { ERR_load_strings_const(table.as_ptr()) };
        Registered(table, strings)
    });
}
