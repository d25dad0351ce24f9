//! `TLS_method`, `TLS_client_method`, `TLS_server_method`.

use super::SSL_METHOD;
use crate::core::method::{Method, TLS_CLIENT_METHOD, TLS_METHOD, TLS_SERVER_METHOD};

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
