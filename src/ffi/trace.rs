//! `SSL_trace`: the message callback that prints a decoded TLS message to
//! the `BIO` given as its argument. The text comes from `core::trace`; the
//! shell writes it, printing certificates, names and hex dumps with libcrypto
//! as OpenSSL does.

use super::alert::{SSL_alert_desc_string_long, SSL_alert_type_string_long};
use super::certs_crypto::{d2i_X509, X509_NAME_free, X509_free, BIO, X509, X509_NAME};
use super::{borrow, guard, SSL};
use crate::core::trace::{trace, Conn, Piece};
use std::ffi::CStr;
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_ulong, c_void};

#[link(name = "crypto")]
extern "C" {
    fn BIO_write(b: *mut BIO, data: *const c_void, dlen: c_int) -> c_int;
    fn BIO_puts(b: *mut BIO, s: *const c_char) -> c_int;
    fn BIO_dump_indent(b: *mut BIO, bytes: *const c_void, len: c_int, indent: c_int) -> c_int;
    fn X509_print_ex(b: *mut BIO, x: *mut X509, nmflag: c_ulong, cflag: c_ulong) -> c_int;
    fn PEM_write_bio_X509(b: *mut BIO, x: *mut X509) -> c_int;
    fn d2i_X509_NAME(
        a: *mut *mut X509_NAME,
        pp: *mut *const c_uchar,
        len: c_long,
    ) -> *mut X509_NAME;
    fn X509_NAME_print_ex(
        b: *mut BIO,
        nm: *const X509_NAME,
        indent: c_int,
        flags: c_ulong,
    ) -> c_int;
}

/// `XN_FLAG_ONELINE`.
const XN_FLAG_ONELINE: c_ulong = 8520479;

/// What the decoder needs of the connection: its method's protocol and its
/// role (a connection never has a TLS 1.3 method in sessl: it never
/// handshakes, and only a handshake picks one).
fn conn_of(s: &crate::core::ssl::Ssl) -> Conn {
    let m = s.method();
    const TLS_ANY: i32 = 0x10000;
    const DTLS_ANY: i32 = 0x1ffff;
    Conn {
        dtls: m.dtls,
        tls13: !m.dtls && m.protocol >= 0x0304 && m.protocol != TLS_ANY,
        use_sigalgs: matches!(m.protocol, TLS_ANY | DTLS_ANY | 0x0303 | 0xfefd),
        server: s.is_server(),
    }
}

unsafe fn write_cert(bio: *mut BIO, der: &[u8]) {
    let mut p = der.as_ptr();
    let x = d2i_X509(std::ptr::null_mut(), &mut p, der.len() as c_long);
    if x.is_null() {
        BIO_puts(bio, c"<UNPARSABLE CERTIFICATE>\n".as_ptr());
    } else {
        BIO_puts(bio, c"\n------details-----\n".as_ptr());
        X509_print_ex(bio, x, XN_FLAG_ONELINE, 0);
        PEM_write_bio_X509(bio, x);
        BIO_puts(bio, c"------------------\n".as_ptr());
        X509_free(x);
    }
    if p != der.as_ptr().wrapping_add(der.len()) {
        BIO_puts(bio, c"<TRAILING GARBAGE AFTER CERTIFICATE>\n".as_ptr());
    }
}

unsafe fn write_dn(bio: *mut BIO, der: &[u8]) {
    let mut p = der.as_ptr();
    let nm = d2i_X509_NAME(std::ptr::null_mut(), &mut p, der.len() as c_long);
    if nm.is_null() {
        BIO_puts(bio, c"<UNPARSABLE DN>\n".as_ptr());
    } else {
        X509_NAME_print_ex(bio, nm, 0, XN_FLAG_ONELINE);
        BIO_puts(bio, c"\n".as_ptr());
        X509_NAME_free(nm);
    }
}

unsafe fn write_alert(bio: *mut BIO, level: u8, desc: u8) {
    let lname = CStr::from_ptr(SSL_alert_type_string_long((level as c_int) << 8));
    let dname = CStr::from_ptr(SSL_alert_desc_string_long(desc as c_int));
    let line = format!(
        "    Level={}({}), description={}({})\n",
        lname.to_string_lossy(),
        level,
        dname.to_string_lossy(),
        desc
    );
    BIO_write(bio, line.as_ptr() as *const c_void, line.len() as c_int);
}

/// Where OpenSSL would crash (a NULL connection, read for the record and
/// handshake messages), sessl decodes as for a TLS client connection.
#[no_mangle]
pub unsafe extern "C" fn SSL_trace(
    write_p: c_int,
    version: c_int,
    content_type: c_int,
    buf: *const c_void,
    msglen: usize,
    ssl: *mut SSL,
    arg: *mut c_void,
) {
    let _ = version;
    guard!((), {
        let Some(msg) = super::bytes(buf as *const u8, msglen) else {
            return;
        };
        // The message callback's argument is the BIO to print to.
        let bio = arg as *mut BIO;
        if bio.is_null() {
            return;
        }
        let conn = borrow(ssl).map_or(Conn::default(), conn_of);
        for piece in trace(write_p != 0, content_type, msg, conn) {
            match piece {
                Piece::Text(t) => {
                    for chunk in t.chunks(c_int::MAX as usize) {
                        BIO_write(bio, chunk.as_ptr() as *const c_void, chunk.len() as c_int);
                    }
                }
                Piece::Cert(der) => write_cert(bio, der),
                Piece::Dn(der) => write_dn(bio, der),
                Piece::Dump(data, indent) => {
                    BIO_dump_indent(
                        bio,
                        data.as_ptr() as *const c_void,
                        data.len() as c_int,
                        indent,
                    );
                }
                Piece::Alert(level, desc) => write_alert(bio, level, desc),
            }
        }
    })
}

// The record and handshake types a message callback sees (<openssl/ssl3.h>).
pub const SSL3_RT_CHANGE_CIPHER_SPEC: c_int = 20;
pub const SSL3_RT_ALERT: c_int = 21;
pub const SSL3_RT_HANDSHAKE: c_int = 22;
pub const SSL3_RT_APPLICATION_DATA: c_int = 23;
pub const SSL3_RT_HEADER: c_int = 0x100;
pub const SSL3_RT_INNER_CONTENT_TYPE: c_int = 0x101;
pub const SSL3_MT_HELLO_REQUEST: c_int = 0;
pub const SSL3_MT_CLIENT_HELLO: c_int = 1;
pub const SSL3_MT_SERVER_HELLO: c_int = 2;
pub const SSL3_MT_NEWSESSION_TICKET: c_int = 4;
pub const SSL3_MT_END_OF_EARLY_DATA: c_int = 5;
pub const SSL3_MT_ENCRYPTED_EXTENSIONS: c_int = 8;
pub const SSL3_MT_CERTIFICATE: c_int = 11;
pub const SSL3_MT_SERVER_KEY_EXCHANGE: c_int = 12;
pub const SSL3_MT_CERTIFICATE_REQUEST: c_int = 13;
pub const SSL3_MT_SERVER_DONE: c_int = 14;
pub const SSL3_MT_CERTIFICATE_VERIFY: c_int = 15;
pub const SSL3_MT_CLIENT_KEY_EXCHANGE: c_int = 16;
pub const SSL3_MT_FINISHED: c_int = 20;
pub const SSL3_MT_CERTIFICATE_URL: c_int = 21;
pub const SSL3_MT_CERTIFICATE_STATUS: c_int = 22;
pub const SSL3_MT_SUPPLEMENTAL_DATA: c_int = 23;
pub const SSL3_MT_KEY_UPDATE: c_int = 24;
pub const SSL3_MT_NEXT_PROTO: c_int = 67;
pub const SSL3_MT_MESSAGE_HASH: c_int = 254;
pub const SSL3_MT_CHANGE_CIPHER_SPEC: c_int = 0x0101;
pub const SSL3_MT_CCS: c_int = 1;
