//! `SSL_CTX_use_serverinfo`, `_ex` and `_file`: extension data a server sends
//! with the current certificate, validated and stored as OpenSSL does, each
//! extension type registered as a custom extension.

use super::callbacks_more::add_ext;
use super::certs_crypto::*;
use super::certs_keys::ERR_R_PASSED_NULL_PARAMETER;
use super::certs_state::ctx_certs;
use super::err::raise;
use super::{borrow, guard, SSL_CTX};
use crate::core::config::custom_ext::ExtRole;
use std::os::raw::{c_char, c_int, c_long, c_uchar, c_uint, c_void};
use std::ptr::null_mut;

const SSL_R_INVALID_SERVERINFO_DATA: c_int = 388;
const SSL_R_NO_PEM_EXTENSIONS: c_int = 389;
const SSL_R_BAD_DATA: c_int = 390;
const SSL_R_PEM_NAME_BAD_PREFIX: c_int = 391;
const SSL_R_PEM_NAME_TOO_SHORT: c_int = 392;
const ERR_R_SYS_LIB: c_int = 2 | (2 << 18);
const ERR_R_BUF_LIB: c_int = 7 | (2 << 18);
/// `SSL_SERVERINFOV1`: (type, length, data) entries.
pub const SSL_SERVERINFOV1: c_uint = 1;
/// `SSL_SERVERINFOV2`: each entry preceded by a 4-byte context.
pub const SSL_SERVERINFOV2: c_uint = 2;
/// The context a version-1 entry gets: TLS 1.2 and below, ClientHello and
/// ServerHello, ignored on resumption.
const SYNTHV1CONTEXT: u32 = 0x10 | 0x80 | 0x100 | 0x40;
const SSL_EXT_CLIENT_HELLO: u32 = 0x80;

/// The entries of a serverinfo buffer as (context, type), or `None` if it is
/// malformed.
fn entries(version: c_uint, mut data: &[u8]) -> Option<Vec<(u32, u16)>> {
    if data.is_empty() || (version != SSL_SERVERINFOV1 && version != SSL_SERVERINFOV2) {
        return None;
    }
    let mut out = Vec::new();
    while !data.is_empty() {
        let mut context = 0;
        if version == SSL_SERVERINFOV2 {
            let (c, rest) = data.split_first_chunk::<4>()?;
            context = u32::from_be_bytes(*c);
            data = rest;
        }
        let (t, rest) = data.split_first_chunk::<2>()?;
        let (l, rest) = rest.split_first_chunk::<2>()?;
        let len = u16::from_be_bytes(*l) as usize;
        data = rest.get(len..)?;
        out.push((context, u16::from_be_bytes(*t)));
    }
    Some(out)
}

/// Registers each entry's type as a custom extension, as OpenSSL does: an
/// entry with the context version 1 data gets (`SYNTHV1CONTEXT`) as a server
/// one (`SSL_CTX_add_server_custom_ext`), any other for both sides with its
/// context (`SSL_CTX_add_custom_ext`), under their rules: refused for
/// built-in types, for SCT in the ClientHello with CT enabled, and for a
/// type already registered for an overlapping side (by serverinfo too). So
/// custom extensions added later clash with these, and a version-2 entry for
/// SCTs counts as a client one (`SSL_CTX_has_client_custom_ext`), which CT
/// validation refuses. Stops at the first refusal; those before stay.
unsafe fn register(ctx: *mut SSL_CTX, list: &[(u32, u16)]) -> bool {
    list.iter().all(|&(context, ext_type)| {
        let (role, in_client_hello) = if context == SYNTHV1CONTEXT {
            (ExtRole::Server, true)
        } else {
            (ExtRole::Both, context & SSL_EXT_CLIENT_HELLO != 0)
        };
        add_ext(ctx, role, ext_type as c_uint, false, in_client_hello) == 1
    })
}

/// Version 1 data as version 2: one synthetic context in front (OpenSSL
/// converts a whole buffer so).
fn v1_to_v2(data: &[u8]) -> Vec<u8> {
    let mut out = SYNTHV1CONTEXT.to_be_bytes().to_vec();
    out.extend_from_slice(data);
    out
}

unsafe fn use_serverinfo(
    ctx: *mut SSL_CTX,
    version: c_uint,
    data: *const c_uchar,
    len: usize,
) -> c_int {
    let Some(x) = borrow(ctx).filter(|_| !data.is_null() && len != 0) else {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_CTX_use_serverinfo_ex");
        return 0;
    };
    let bytes = std::slice::from_raw_parts(data, len);
    let (version, bytes) = if version == SSL_SERVERINFOV1 {
        (SSL_SERVERINFOV2, v1_to_v2(bytes))
    } else {
        (version, bytes.to_vec())
    };
    let Some(list) = entries(version, &bytes) else {
        raise!(SSL_R_INVALID_SERVERINFO_DATA, "SSL_CTX_use_serverinfo_ex");
        return 0;
    };
    {
        let mut c = ctx_certs(x);
        let current = c.cert.current;
        c.serverinfo[current] = bytes;
    }
    if !register(ctx, &list) {
        raise!(SSL_R_INVALID_SERVERINFO_DATA, "SSL_CTX_use_serverinfo_ex");
        return 0;
    }
    1
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo_ex(
    ctx: *mut SSL_CTX,
    version: c_uint,
    serverinfo: *const c_uchar,
    serverinfo_length: usize,
) -> c_int {
    guard!(0, {
        use_serverinfo(ctx, version, serverinfo, serverinfo_length)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo(
    ctx: *mut SSL_CTX,
    serverinfo: *const c_uchar,
    serverinfo_length: usize,
) -> c_int {
    guard!(0, {
        use_serverinfo(ctx, SSL_SERVERINFOV1, serverinfo, serverinfo_length)
    })
}

/// One PEM block's name and data, owned by libcrypto until freed here.
struct Block {
    name: *mut c_char,
    header: *mut c_char,
    data: *mut c_uchar,
    len: c_long,
}

impl Drop for Block {
    fn drop(&mut self) {
        // SAFETY: each was allocated by PEM_read_bio (or is NULL).
        unsafe {
            for p in [
                self.name as *mut c_void,
                self.header as *mut c_void,
                self.data as *mut c_void,
            ] {
                CRYPTO_free(p, c"ssl/ssl_rsa.c".as_ptr(), 0);
            }
        }
    }
}

/// Appends one block's extension to `out` if its name and length are right;
/// else the SSL reason to raise.
unsafe fn append_block(b: &Block, out: &mut Vec<u8>) -> Result<(), c_int> {
    let name = std::ffi::CStr::from_ptr(b.name).to_bytes();
    const V1: &[u8] = b"SERVERINFO FOR ";
    const V2: &[u8] = b"SERVERINFOV2 FOR ";
    if name.len() < V1.len() {
        return Err(SSL_R_PEM_NAME_TOO_SHORT);
    }
    let version = if name.starts_with(V1) {
        SSL_SERVERINFOV1
    } else if name.len() < V2.len() {
        return Err(SSL_R_PEM_NAME_TOO_SHORT);
    } else if name.starts_with(V2) {
        SSL_SERVERINFOV2
    } else {
        return Err(SSL_R_PEM_NAME_BAD_PREFIX);
    };
    let data = std::slice::from_raw_parts(b.data, b.len.max(0) as usize);
    let header = if version == SSL_SERVERINFOV1 { 4 } else { 8 };
    let plausible = data.len() >= header
        && ((data[header - 2] as usize) << 8) + data[header - 1] as usize == data.len() - header;
    if !plausible {
        return Err(SSL_R_BAD_DATA);
    }
    if version == SSL_SERVERINFOV1 {
        out.extend_from_slice(&SYNTHV1CONTEXT.to_be_bytes());
    }
    out.extend_from_slice(data);
    Ok(())
}

/// The PEM blocks of `file` ("SERVERINFO FOR ..." or "SERVERINFOV2 FOR ..."),
/// at least one, as version 2 serverinfo. The end of the file leaves
/// libcrypto's "no start line" error queued, as in OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_use_serverinfo_file(
    ctx: *mut SSL_CTX,
    file: *const c_char,
) -> c_int {
    guard!(0, {
        if ctx.is_null() || file.is_null() {
            raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_CTX_use_serverinfo_file");
            return 0;
        }
        let bio = BIO_new(BIO_s_file());
        if bio.is_null() {
            raise!(ERR_R_BUF_LIB, "SSL_CTX_use_serverinfo_file");
            return 0;
        }
        let ret = read_blocks(bio, file).map_or_else(
            |reason| {
                raise!(reason, "SSL_CTX_use_serverinfo_file");
                0
            },
            |info| use_serverinfo(ctx, SSL_SERVERINFOV2, info.as_ptr(), info.len()),
        );
        BIO_free(bio);
        ret
    })
}

unsafe fn read_blocks(bio: *mut BIO, file: *const c_char) -> Result<Vec<u8>, c_int> {
    if bio_read_filename(bio, file) <= 0 {
        return Err(ERR_R_SYS_LIB);
    }
    let mut info = Vec::new();
    for n in 0.. {
        let mut b = Block {
            name: null_mut(),
            header: null_mut(),
            data: null_mut(),
            len: 0,
        };
        if PEM_read_bio(bio, &mut b.name, &mut b.header, &mut b.data, &mut b.len) == 0 {
            if n == 0 {
                return Err(SSL_R_NO_PEM_EXTENSIONS);
            }
            break;
        }
        append_block(&b, &mut info)?;
    }
    Ok(info)
}
