//! `SSL_CIPHER` and a session's cipher. `SSL_CIPHER` pointers address entries of
//! the static cipher table, so they stay valid for the life of the process.

use super::{borrow, guard, SSL, SSL_CIPHER, SSL_SESSION};
use crate::core::cipher::{self, CipherInfo};
use std::ffi::{CStr, CString};
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null;
use std::sync::OnceLock;

#[link(name = "crypto")]
extern "C" {
    fn CRYPTO_malloc(num: usize, file: *const c_char, line: c_int) -> *mut c_void;
}

pub(super) fn c_cipher(c: &'static CipherInfo) -> *const SSL_CIPHER {
    c as *const CipherInfo as *const SSL_CIPHER
}

/// NUL-terminated copies of one table entry's strings.
pub(super) struct CStrings {
    pub(super) name: CString,
    standard_name: Option<CString>,
    version: CString,
}

/// The C strings of a table cipher, built once for the whole table.
pub(super) fn c_strings(c: &'static CipherInfo) -> &'static CStrings {
    static ALL: OnceLock<Vec<CStrings>> = OnceLock::new();
    let all = ALL.get_or_init(|| {
        let c_string = |s: &str| CString::new(s).unwrap_or_default();
        cipher::table()
            .iter()
            .map(|c| CStrings {
                name: c_string(c.name),
                standard_name: c.standard_name.map(c_string),
                version: c_string(c.version),
            })
            .collect()
    });
    &all[cipher::index_of(c)]
}

const NONE: &CStr = c"(NONE)";

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_cipher(s: *const SSL_SESSION) -> *const SSL_CIPHER {
    guard!(null(), {
        borrow(s)
            .and_then(|s| s.read(|d| d.cipher))
            .map_or(null(), c_cipher)
    })
}

/// Any table cipher, or NULL for none; returns 1 like OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_cipher(
    s: *mut SSL_SESSION,
    cipher: *const SSL_CIPHER,
) -> c_int {
    guard!(0, {
        let Some(s) = borrow(s) else { return 0 };
        let cipher: Option<&'static CipherInfo> =
            borrow(cipher).map(|c| &*(c as *const CipherInfo));
        s.update(|d| d.cipher = cipher);
        1
    })
}

/// The suite with the two bytes at `ptr` (wire order).
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_find(ssl: *mut SSL, ptr: *const u8) -> *const SSL_CIPHER {
    guard!(null(), {
        if borrow(ssl).is_none() || ptr.is_null() {
            return null();
        }
        cipher::find([*ptr, *ptr.add(1)]).map_or(null(), c_cipher)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_name(c: *const SSL_CIPHER) -> *const c_char {
    guard!(NONE.as_ptr(), {
        borrow(c).map_or(NONE.as_ptr(), |c| c_strings(c).name.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_standard_name(c: *const SSL_CIPHER) -> *const c_char {
    guard!(NONE.as_ptr(), {
        match borrow(c) {
            None => NONE.as_ptr(),
            Some(c) => c_strings(c)
                .standard_name
                .as_ref()
                .map_or(null(), |n| n.as_ptr()),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_version(c: *const SSL_CIPHER) -> *const c_char {
    guard!(NONE.as_ptr(), {
        borrow(c).map_or(NONE.as_ptr(), |c| c_strings(c).version.as_ptr())
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_id(c: *const SSL_CIPHER) -> u32 {
    guard!(0, { borrow(c).map_or(0, |c| c.id) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_protocol_id(c: *const SSL_CIPHER) -> u16 {
    guard!(0, { borrow(c).map_or(0, |c| c.protocol_id as u16) })
}

/// Strength bits; `*alg_bits` gets the algorithm's bits. 0 for NULL.
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_get_bits(c: *const SSL_CIPHER, alg_bits: *mut c_int) -> c_int {
    guard!(0, {
        let Some(c) = borrow(c) else { return 0 };
        super::write_out(alg_bits, c.alg_bits);
        c.strength_bits
    })
}

/// Writes the one-line description into `buf` (`len` bytes), or into a new
/// 128-byte buffer to release with `OPENSSL_free` when `buf` is NULL. Returns NULL
/// when `len` is under 40 or the description does not fit.
#[no_mangle]
pub unsafe extern "C" fn SSL_CIPHER_description(
    c: *const SSL_CIPHER,
    buf: *mut c_char,
    len: c_int,
) -> *mut c_char {
    guard!(std::ptr::null_mut(), {
        let Some(c) = borrow(c) else {
            return std::ptr::null_mut();
        };
        let (buf, len) = if buf.is_null() {
            let p = CRYPTO_malloc(128, c"ssl/cipher.rs".as_ptr(), line!() as c_int) as *mut c_char;
            if p.is_null() {
                return std::ptr::null_mut();
            }
            (p, 128usize)
        } else if len < 40 {
            return std::ptr::null_mut();
        } else {
            (buf, len as usize)
        };
        // OpenSSL fails rather than truncate.
        let text = c.description.as_bytes();
        if text.len() >= len {
            return std::ptr::null_mut();
        }
        std::ptr::copy_nonoverlapping(text.as_ptr(), buf as *mut u8, text.len());
        *buf.add(text.len()) = 0;
        buf
    })
}
