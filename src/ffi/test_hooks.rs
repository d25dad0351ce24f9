//! `SSL_test_functions`: OpenSSL's table of internal functions its own tests
//! call (`struct openssl_ssl_test_functions`, declared only in its internal
//! headers). The table holds OpenSSL's two hooks, doing what they do that a
//! connection without a record layer can show.

use super::{borrow, guard, SSL};
use std::os::raw::c_int;

/// The table (OpenSSL's `struct openssl_ssl_test_functions`).
#[repr(C)]
pub struct openssl_ssl_test_functions {
    pub p_ssl_init_wbio_buffer: Option<unsafe extern "C" fn(*mut SSL) -> c_int>,
    pub p_ssl3_setup_buffers: Option<unsafe extern "C" fn(*mut SSL) -> c_int>,
}

/// `ssl_init_wbio_buffer`: puts a buffering BIO in front of the write BIO,
/// which only the record layer writes through; 1. sessl has no record layer,
/// so there is nothing to buffer.
unsafe extern "C" fn init_wbio_buffer(s: *mut SSL) -> c_int {
    guard!(0, { borrow(s).is_some() as c_int })
}

/// `ssl3_setup_buffers`: allocates the record layer's read and write
/// buffers; 1. sessl has no record layer.
unsafe extern "C" fn setup_buffers(s: *mut SSL) -> c_int {
    guard!(0, { borrow(s).is_some() as c_int })
}

static TEST_FUNCTIONS: openssl_ssl_test_functions = openssl_ssl_test_functions {
    p_ssl_init_wbio_buffer: Some(init_wbio_buffer),
    p_ssl3_setup_buffers: Some(setup_buffers),
};

#[no_mangle]
pub extern "C" fn SSL_test_functions() -> *const openssl_ssl_test_functions {
    guard!(std::ptr::null(), { &TEST_FUNCTIONS })
}
