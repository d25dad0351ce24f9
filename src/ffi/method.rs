//! The `SSL_METHOD` constructors: TLS and DTLS, version-flexible and fixed.

use super::SSL_METHOD;
use crate::core::method::*;

fn c_method(m: &'static Method) -> *const SSL_METHOD {
    m as *const Method as *const SSL_METHOD
}

#[no_mangle]
pub extern "C" fn TLS_method() -> *const SSL_METHOD {
    c_method(&TLS_METHOD)
}

#[no_mangle]
pub extern "C" fn TLS_client_method() -> *const SSL_METHOD {
    c_method(&TLS_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn TLS_server_method() -> *const SSL_METHOD {
    c_method(&TLS_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_method() -> *const SSL_METHOD {
    c_method(&TLSV1_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_client_method() -> *const SSL_METHOD {
    c_method(&TLSV1_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_server_method() -> *const SSL_METHOD {
    c_method(&TLSV1_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_1_method() -> *const SSL_METHOD {
    c_method(&TLSV1_1_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_1_client_method() -> *const SSL_METHOD {
    c_method(&TLSV1_1_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_1_server_method() -> *const SSL_METHOD {
    c_method(&TLSV1_1_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_2_method() -> *const SSL_METHOD {
    c_method(&TLSV1_2_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_2_client_method() -> *const SSL_METHOD {
    c_method(&TLSV1_2_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn TLSv1_2_server_method() -> *const SSL_METHOD {
    c_method(&TLSV1_2_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLS_method() -> *const SSL_METHOD {
    c_method(&DTLS_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLS_client_method() -> *const SSL_METHOD {
    c_method(&DTLS_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLS_server_method() -> *const SSL_METHOD {
    c_method(&DTLS_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_client_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_server_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_SERVER_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_2_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_2_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_2_client_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_2_CLIENT_METHOD)
}

#[no_mangle]
pub extern "C" fn DTLSv1_2_server_method() -> *const SSL_METHOD {
    c_method(&DTLSV1_2_SERVER_METHOD)
}
