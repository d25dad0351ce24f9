//! `SSL_SESSION`: lifecycle and accessors.
//!
//! Input bytes are copied out of C memory before the session is locked, so a
//! caller may pass a session's own buffer back to its setter (OpenSSL allows this
//! for `set1_id`; for `set1_hostname` it reads freed memory, sessl does not).

use super::consts::ERR_R_MALLOC_FAILURE;
use super::consts::*;
use super::err::{raise, raise_memdup_failure};
use super::{
    borrow, bytes, c_str, check_len, give, guard, set_id_context, take_shared, up_ref, write_out,
    SSL_SESSION,
};
use crate::core::session::{optional_bytes, SessionData, ShortBytes, MAX_MASTER_KEY_LEN};
use libc::size_t;
use std::os::raw::{c_char, c_int, c_long, c_uint, c_ulong, c_void};
use std::ptr::{null, null_mut};

#[no_mangle]
pub extern "C" fn SSL_SESSION_new() -> *mut SSL_SESSION {
    guard!(null_mut(), {
        super::err::load_ssl_strings();
        give(super::shell::new_session(None))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_up_ref(ses: *mut SSL_SESSION) -> c_int {
    guard!(0, { up_ref(ses) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_free(ses: *mut SSL_SESSION) {
    guard!((), { drop(take_shared(ses)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_dup(src: *const SSL_SESSION) -> *mut SSL_SESSION {
    guard!(null_mut(), {
        let Some(src) = borrow(src) else {
            return null_mut();
        };
        match super::shell::dup_session(src) {
            Some(copy) if copy.read(SessionData::has_empty_buffer) => {
                // OpenSSL copies the buffers after the ex_data, and fails on an
                // empty one; the partial copy is freed (its free callbacks run).
                raise_memdup_failure!();
                raise!(ERR_R_MALLOC_FAILURE, "ssl_session_dup_intern");
                drop(copy);
                null_mut()
            }
            Some(copy) => give(copy),
            None => {
                // A dup callback refused; OpenSSL reports it as a malloc failure.
                raise!(ERR_R_MALLOC_FAILURE, "ssl_session_dup_intern");
                null_mut()
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_is_resumable(s: *const SSL_SESSION) -> c_int {
    guard!(0, { borrow(s).map_or(0, |s| s.is_resumable() as c_int) })
}

/// The getters of the id and the id context: the start of the field's storage
/// (valid even when empty, as OpenSSL returns its array), its length at `*len`.
unsafe fn get_short_field(
    s: *const SSL_SESSION,
    len: *mut c_uint,
    field: fn(&SessionData) -> &ShortBytes,
) -> *const u8 {
    let Some(s) = borrow(s) else { return null() };
    s.read(|d| {
        let f = field(d);
        write_out(len, f.len() as c_uint);
        f.storage_ptr()
    })
}

/// The getters of the optional buffers (ALPN, ticket, ticket appdata): their
/// start and length, NULL and 0 when absent. False for a NULL session, when
/// nothing is written.
unsafe fn get_buffer_field(
    s: *const SSL_SESSION,
    field: fn(&SessionData) -> Option<&[u8]>,
    out: *mut *const u8,
    len: *mut size_t,
) -> bool {
    let Some(s) = borrow(s) else { return false };
    s.read(|d| {
        let (p, n) = field(d).map_or((null(), 0), |b| (b.as_ptr(), b.len()));
        write_out(out, p);
        write_out(len, n);
    });
    true
}

/// The setters of the optional buffers (ALPN, ticket appdata): a copy of the
/// bytes, or none for NULL or an empty buffer. 0 for a NULL session.
unsafe fn set_buffer_field(
    s: *mut SSL_SESSION,
    data: *const u8,
    len: size_t,
    field: fn(&mut SessionData) -> &mut Option<Box<[u8]>>,
) -> c_int {
    let Some(s) = borrow(s) else { return 0 };
    let (value, ok) = copy_or_clear(data, len);
    s.update(|d| *field(d) = value);
    ok
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_id(s: *const SSL_SESSION, len: *mut c_uint) -> *const u8 {
    guard!(null(), { get_short_field(s, len, |d| &d.id) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_id(
    s: *mut SSL_SESSION,
    sid: *const u8,
    sid_len: c_uint,
) -> c_int {
    guard!(0, {
        check_len!(
            sid_len,
            SSL_MAX_SSL_SESSION_ID_LENGTH,
            SSL_R_SSL_SESSION_ID_TOO_LONG,
            "SSL_SESSION_set1_id"
        );
        match (borrow(s), bytes(sid, sid_len as usize)) {
            (Some(s), Some(id)) => s.set_id(id).is_ok() as c_int,
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_id_context(
    s: *const SSL_SESSION,
    sid_ctx_length: *mut c_uint,
) -> *const u8 {
    guard!(null(), {
        get_short_field(s, sid_ctx_length, |d| &d.sid_ctx)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_id_context(
    s: *mut SSL_SESSION,
    sid_ctx: *const u8,
    sid_ctx_len: c_uint,
) -> c_int {
    guard!(0, {
        set_id_context!(s, sid_ctx, sid_ctx_len, "SSL_SESSION_set1_id_context")
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_time(s: *const SSL_SESSION) -> c_long {
    guard!(0, { borrow(s).map_or(0, |s| s.time() as c_long) })
}

/// Returns `t` (not 1, as the manual says); 0 from a remove callback of the
/// holding context's eviction, flush or final free, as OpenSSL 3.0.19 does
/// there (it fails to lock that context's cache).
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_time(s: *mut SSL_SESSION, t: c_long) -> c_long {
    guard!(0, {
        let Some(s) = borrow(s) else { return 0 };
        if s.set_time(t) {
            t
        } else {
            0
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_timeout(s: *const SSL_SESSION) -> c_long {
    guard!(0, { borrow(s).map_or(0, |s| s.timeout() as c_long) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_timeout(s: *mut SSL_SESSION, t: c_long) -> c_long {
    guard!(0, {
        borrow(s).map_or(0, |s| (s.set_timeout(t) == Ok(true)) as c_long)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_protocol_version(s: *const SSL_SESSION) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| s.read(|d| d.protocol_version))
    })
}

/// Any value is stored, unchecked, as by OpenSSL.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_protocol_version(
    s: *mut SSL_SESSION,
    version: c_int,
) -> c_int {
    guard!(0, {
        let Some(s) = borrow(s) else { return 0 };
        s.update(|d| d.protocol_version = version);
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_master_key(
    sess: *const SSL_SESSION,
    out: *mut u8,
    outlen: size_t,
) -> size_t {
    guard!(0, {
        let Some(s) = borrow(sess) else { return 0 };
        let key_len = s.master_key_into(&mut []);
        if outlen == 0 {
            return key_len;
        }
        if out.is_null() {
            return 0;
        }
        // As OpenSSL: at most the key is copied, whatever `outlen` says. The
        // slice covers only what is written (a longer one, up to a `usize::MAX`
        // that no slice may have, would be undefined behaviour even unread).
        // The key cannot change in between: a setter racing with this getter is
        // a data race in OpenSSL; here the copy may just come out shorter.
        let n = outlen.min(key_len);
        if n == 0 {
            return 0;
        }
        s.master_key_into(std::slice::from_raw_parts_mut(out, n))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_master_key(
    sess: *mut SSL_SESSION,
    in_: *const u8,
    len: size_t,
) -> c_int {
    guard!(0, {
        // Checked before the bytes are looked at, as OpenSSL does (no error
        // raised, NULL session or not).
        if len > MAX_MASTER_KEY_LEN {
            return 0;
        }
        match (borrow(sess), bytes(in_, len)) {
            (Some(s), Some(key)) => s.set_master_key(key).is_ok() as c_int,
            _ => 0,
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_hostname(s: *const SSL_SESSION) -> *const c_char {
    guard!(null(), {
        borrow(s).map_or(null(), |s| {
            s.read(|d| d.hostname.as_ref().map_or(null(), |h| h.as_ptr()))
        })
    })
}

/// NULL clears the hostname; an empty string is stored as such.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_hostname(
    s: *mut SSL_SESSION,
    hostname: *const c_char,
) -> c_int {
    guard!(0, {
        let Some(s) = borrow(s) else { return 0 };
        let hostname = c_str(hostname).map(|h| h.to_owned());
        s.update(|d| d.hostname = hostname);
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_alpn_selected(
    s: *const SSL_SESSION,
    alpn: *mut *const u8,
    len: *mut size_t,
) {
    guard!((), {
        get_buffer_field(s, |d| d.alpn_selected.as_deref(), alpn, len);
    })
}

/// NULL or an empty buffer clears the protocol.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_alpn_selected(
    s: *mut SSL_SESSION,
    alpn: *const u8,
    len: size_t,
) -> c_int {
    guard!(0, {
        set_buffer_field(s, alpn, len, |d| &mut d.alpn_selected)
    })
}

/// The value a `set1` of an optional buffer stores, and its return value:
/// NULL or an empty buffer clears it (1); a length no buffer can have (above
/// `isize::MAX`, where OpenSSL's copy fails to allocate) clears it too but
/// fails (0), as OpenSSL, which frees the old value first.
///
/// # Safety
/// A non-null `p` must address `len` readable bytes.
unsafe fn copy_or_clear(p: *const u8, len: size_t) -> (Option<Box<[u8]>>, c_int) {
    if p.is_null() {
        return (None, 1);
    }
    match bytes(p, len) {
        Some(b) => (optional_bytes(b), 1),
        None => (None, 0),
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_has_ticket(s: *const SSL_SESSION) -> c_int {
    guard!(0, {
        borrow(s).map_or(0, |s| s.read(|d| d.has_ticket()) as c_int)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket(
    s: *const SSL_SESSION,
    tick: *mut *const u8,
    len: *mut size_t,
) {
    guard!((), {
        get_buffer_field(s, |d| d.ticket.as_deref(), tick, len);
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_ticket_lifetime_hint(s: *const SSL_SESSION) -> c_ulong {
    guard!(0, {
        borrow(s).map_or(0, |s| s.read(|d| d.ticket_lifetime_hint as c_ulong))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get0_ticket_appdata(
    ss: *mut SSL_SESSION,
    data: *mut *mut c_void,
    len: *mut size_t,
) -> c_int {
    guard!(0, {
        let data = data as *mut *const u8;
        get_buffer_field(ss, |d| d.ticket_appdata.as_deref(), data, len) as c_int
    })
}

/// NULL or an empty buffer clears the data.
#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set1_ticket_appdata(
    ss: *mut SSL_SESSION,
    data: *const c_void,
    len: size_t,
) -> c_int {
    guard!(0, {
        set_buffer_field(ss, data as *const u8, len, |d| &mut d.ticket_appdata)
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_max_early_data(s: *const SSL_SESSION) -> u32 {
    guard!(0, { borrow(s).map_or(0, |s| s.read(|d| d.max_early_data)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_set_max_early_data(
    s: *mut SSL_SESSION,
    max_early_data: u32,
) -> c_int {
    guard!(0, {
        let Some(s) = borrow(s) else { return 0 };
        s.update(|d| d.max_early_data = max_early_data);
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_max_fragment_length(session: *const SSL_SESSION) -> u8 {
    guard!(0, {
        borrow(session).map_or(0, |s| s.read(|d| d.max_fragment_length()))
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_SESSION_get_compress_id(s: *const SSL_SESSION) -> c_uint {
    guard!(0, { borrow(s).map_or(0, |s| s.read(|d| d.compress_id)) })
}
