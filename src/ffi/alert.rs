//! The alert names: `SSL_alert_type_string(_long)` and
//! `SSL_alert_desc_string(_long)`. The table was read from OpenSSL 3.0's own
//! functions for every value 0..=255 (tests-c/io_strings.c compares them all).

use super::guard;
use std::ffi::CStr;
use std::os::raw::{c_char, c_int};

/// The alert level is the high byte of `value`: 1 warning, 2 fatal.
fn level(value: c_int) -> (&'static CStr, &'static CStr) {
    match value >> 8 {
        1 => (c"W", c"warning"),
        2 => (c"F", c"fatal"),
        _ => (c"U", c"unknown"),
    }
}

/// The description is the low byte of `value`.
fn desc_short(value: c_int) -> &'static CStr {
    match value & 0xff {
        0 => c"CN",
        10 => c"UM",
        20 => c"BM",
        21 => c"DC",
        22 => c"RO",
        30 => c"DF",
        40 => c"HF",
        41 => c"NC",
        42 => c"BC",
        43 => c"UC",
        44 => c"CR",
        45 => c"CE",
        46 => c"CU",
        47 => c"IP",
        48 => c"CA",
        49 => c"AD",
        50 => c"DE",
        51 => c"CY",
        60 => c"ER",
        70 => c"PV",
        71 => c"IS",
        80 => c"IE",
        90 => c"US",
        100 => c"NR",
        110 => c"UE",
        111 => c"CO",
        112 => c"UN",
        113 => c"BR",
        114 => c"BH",
        115 => c"UP",
        120 => c"UK",
        _ => c"UK",
    }
}

fn desc_long(value: c_int) -> &'static CStr {
    match value & 0xff {
        0 => c"close notify",
        10 => c"unexpected_message",
        20 => c"bad record mac",
        21 => c"decryption failed",
        22 => c"record overflow",
        30 => c"decompression failure",
        40 => c"handshake failure",
        41 => c"no certificate",
        42 => c"bad certificate",
        43 => c"unsupported certificate",
        44 => c"certificate revoked",
        45 => c"certificate expired",
        46 => c"certificate unknown",
        47 => c"illegal parameter",
        48 => c"unknown CA",
        49 => c"access denied",
        50 => c"decode error",
        51 => c"decrypt error",
        60 => c"export restriction",
        70 => c"protocol version",
        71 => c"insufficient security",
        80 => c"internal error",
        90 => c"user canceled",
        100 => c"no renegotiation",
        110 => c"unsupported extension",
        111 => c"certificate unobtainable",
        112 => c"unrecognized name",
        113 => c"bad certificate status response",
        114 => c"bad certificate hash value",
        115 => c"unknown PSK identity",
        120 => c"no application protocol",
        _ => c"unknown",
    }
}

#[no_mangle]
pub extern "C" fn SSL_alert_type_string(value: c_int) -> *const c_char {
    guard!(c"U".as_ptr(), { level(value).0.as_ptr() })
}

#[no_mangle]
pub extern "C" fn SSL_alert_type_string_long(value: c_int) -> *const c_char {
    guard!(c"unknown".as_ptr(), { level(value).1.as_ptr() })
}

#[no_mangle]
pub extern "C" fn SSL_alert_desc_string(value: c_int) -> *const c_char {
    guard!(c"UK".as_ptr(), { desc_short(value).as_ptr() })
}

#[no_mangle]
pub extern "C" fn SSL_alert_desc_string_long(value: c_int) -> *const c_char {
    guard!(c"unknown".as_ptr(), { desc_long(value).as_ptr() })
}
