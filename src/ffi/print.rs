//! `SSL_SESSION_print`, `SSL_SESSION_print_fp`, `SSL_SESSION_print_keylog`.

use super::der::BIO;
use super::{borrow, guard, SSL_SESSION};
use crate::core::text::{keylog_line, session_text, Chunk};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_void};

#[link(name = "crypto")]
extern "C" {
    fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    fn BIO_dump_indent(b: *mut BIO, bytes: *const c_void, len: c_int, indent: c_int) -> c_int;
    fn BIO_new_fp(stream: *mut libc::FILE, close_flag: c_int) -> *mut BIO;
    fn BIO_free(a: *mut BIO) -> c_int;
    fn X509_verify_cert_error_string(n: c_long) -> *const c_char;
}

/// libcrypto's text for a verification result.
pub(super) fn verify_error_string(v: c_long) -> String {
    // SAFETY: libcrypto returns a static string for any value.
    unsafe { CStr::from_ptr(X509_verify_cert_error_string(v)) }
        .to_string_lossy()
        .into_owned()
}

/// A write as `BIO_printf` makes it: fails when it puts out nothing.
unsafe fn put(bp: *mut BIO, bytes: &[u8]) -> bool {
    !bytes.is_empty() && BIO_write(bp, bytes.as_ptr() as *const c_void, bytes.len() as c_int) > 0
}

unsafe fn print_to(bp: *mut BIO, s: &crate::core::session::Session) -> c_int {
    for chunk in s.read(session_text) {
        let ok = match chunk {
            Chunk::Text(text) => put(bp, text.as_bytes()),
            Chunk::Bytes(bytes) => put(bp, &bytes),
            Chunk::HexDump(bytes) => {
                BIO_dump_indent(bp, bytes.as_ptr() as *const c_void, bytes.len() as c_int, 4) > 0
            }
            Chunk::VerifyResult(v) => {
                let why =
                    CStr::from_ptr(X509_verify_cert_error_string(v as c_long)).to_string_lossy();
                put(bp, format!("{v} ({why})\n").as_bytes())
            }
            Chunk::Stop => false,
        };
        if !ok {
            return 0;
        }
    }
    1
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_print(fp: *mut BIO, ses: *const SSL_SESSION) -> c_int {
    guard!(0, {
        match borrow(ses) {
            Some(s) if !fp.is_null() => print_to(fp, s),
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_print_fp(
    fp: *mut libc::FILE,
    ses: *const SSL_SESSION,
) -> c_int {
    guard!(0, {
        if fp.is_null() {
            return 0;
        }
        let bio = BIO_new_fp(fp, 0); // BIO_NOCLOSE
        if bio.is_null() {
            return 0;
        }
        let ret = match borrow(ses) {
            Some(s) => print_to(bio, s),
            None => 0,
        };
        BIO_free(bio);
        ret
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_print_keylog(bp: *mut BIO, x: *const SSL_SESSION) -> c_int {
    guard!(0, {
        let Some(s) = borrow(x) else { return 0 };
        match s.read(keylog_line) {
            Some(line) if !bp.is_null() => put(bp, line.as_bytes()) as c_int,
            _ => 0,
        }
    })
}
