//! Compression methods. sessl, like OpenSSL 3.0 built without zlib (as the
//! system's is), compresses nothing: the global list starts empty, and only a
//! method libcrypto gives a type can be added (none on such a build). The list
//! is a libcrypto stack of `SSL_COMP` records allocated here.

use super::certs_crypto::{OPENSSL_sk_new_null, OPENSSL_sk_num, OPENSSL_sk_push, OPENSSL_sk_value};
use super::err::raise;
use super::guard;
use std::os::raw::{c_char, c_int, c_void};
use std::sync::Mutex;

/// libcrypto's `COMP_METHOD`.
#[repr(C)]
pub struct COMP_METHOD {
    _opaque: [u8; 0],
}

/// `STACK_OF(SSL_COMP)` (declared by the header's preamble).
#[repr(C)]
pub struct stack_st_SSL_COMP {
    _opaque: [u8; 0],
}

/// `SSL_COMP`: opaque to applications.
#[repr(C)]
pub struct SSL_COMP {
    id: c_int,
    name: *const c_char,
    method: *mut COMP_METHOD,
}

#[link(name = "crypto")]
extern "C" {
    fn COMP_get_type(meth: *const COMP_METHOD) -> c_int;
    fn COMP_get_name(meth: *const COMP_METHOD) -> *const c_char;
}

/// The global list (`SSL_COMP_get_compression_methods`), made on first use;
/// `SSL_COMP_set0_compression_methods` may replace it with anything, NULL too.
struct Methods {
    made: bool,
    stack: usize,
}

static METHODS: Mutex<Methods> = Mutex::new(Methods {
    made: false,
    stack: 0,
});

fn methods() -> std::sync::MutexGuard<'static, Methods> {
    let mut m = crate::sync::lock(&METHODS);
    if !m.made {
        m.made = true;
        // SAFETY: a new empty stack, owned by the list.
        m.stack = unsafe { OPENSSL_sk_new_null() } as usize;
    }
    m
}

#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_get_compression_methods() -> *mut stack_st_SSL_COMP {
    guard!(std::ptr::null_mut(), {
        methods().stack as *mut stack_st_SSL_COMP
    })
}

/// Returns the previous list; the caller owns it from now on.
#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_set0_compression_methods(
    meths: *mut stack_st_SSL_COMP,
) -> *mut stack_st_SSL_COMP {
    guard!(std::ptr::null_mut(), {
        std::mem::replace(&mut methods().stack, meths as usize) as *mut stack_st_SSL_COMP
    })
}

/// `SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE`.
const SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE: c_int = 307;
/// `SSL_R_DUPLICATE_COMPRESSION_ID`.
const SSL_R_DUPLICATE_COMPRESSION_ID: c_int = 309;

/// 0 on success, 1 on failure. A method without a type (NULL, or zlib's on
/// a build without zlib) is refused silently; ids outside the private range
/// 193..=255 and duplicates are refused with an error.
#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_add_compression_method(id: c_int, cm: *mut COMP_METHOD) -> c_int {
    guard!(1, {
        if cm.is_null() || COMP_get_type(cm) == 0 {
            return 1;
        }
        if !(193..=255).contains(&id) {
            raise!(
                SSL_R_COMPRESSION_ID_NOT_WITHIN_PRIVATE_RANGE,
                "SSL_COMP_add_compression_method"
            );
            return 1;
        }
        let m = methods();
        let st = m.stack as *mut stack_st_SSL_COMP;
        let n = if st.is_null() {
            0
        } else {
            OPENSSL_sk_num(st as *const c_void)
        };
        for i in 0..n {
            let c = OPENSSL_sk_value(st as *const c_void, i) as *const SSL_COMP;
            if !c.is_null() && (*c).id == id {
                raise!(
                    SSL_R_DUPLICATE_COMPRESSION_ID,
                    "SSL_COMP_add_compression_method"
                );
                return 1;
            }
        }
        if st.is_null() {
            return 1;
        }
        // Lives as long as the list, as OpenSSL's records do.
        let comp = Box::into_raw(Box::new(SSL_COMP {
            id,
            name: COMP_get_name(cm),
            method: cm,
        }));
        if OPENSSL_sk_push(st as *mut c_void, comp as *const c_void) == 0 {
            drop(Box::from_raw(comp));
            return 1;
        }
        0
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_get_name(comp: *const COMP_METHOD) -> *const c_char {
    guard!(std::ptr::null(), {
        if comp.is_null() {
            std::ptr::null()
        } else {
            COMP_get_name(comp)
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_get0_name(comp: *const SSL_COMP) -> *const c_char {
    guard!(std::ptr::null(), {
        comp.as_ref().map_or(std::ptr::null(), |c| c.name)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_COMP_get_id(comp: *const SSL_COMP) -> c_int {
    guard!(-1, { comp.as_ref().map_or(-1, |c| c.id) })
}

/// Nothing is compressed without a handshake.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_current_compression(_s: *const super::SSL) -> *const COMP_METHOD {
    guard!(std::ptr::null(), { std::ptr::null() })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get_current_expansion(_s: *const super::SSL) -> *const COMP_METHOD {
    guard!(std::ptr::null(), { std::ptr::null() })
}
