//! `SSL_CTX_sessions`: OpenSSL returns its cache's internal hash table, which
//! programs read with libcrypto's `OPENSSL_LH_*` functions. sessl's cache is not a
//! libcrypto table, so it returns a real libcrypto table holding the sessions
//! cached at the moment of the call: one table per context, refilled at each
//! call, freed with the context. Like OpenSSL's, it holds no references: an entry
//! is valid while the session stays cached. Unlike OpenSSL's, it does not follow
//! later changes to the cache (call `SSL_CTX_sessions` again).

use super::{borrow, c_ptr, guard, SSL_CTX, SSL_SESSION};
use crate::core::ctx::Ctx;
use crate::sync::lock;
use std::os::raw::{c_int, c_ulong, c_void};
use std::sync::Mutex;

/// `LHASH_OF(SSL_SESSION)`, i.e. `struct lhash_st_SSL_SESSION`.
#[repr(C)]
pub struct lhash_st_SSL_SESSION {
    _opaque: [u8; 0],
}

type HashFn = unsafe extern "C" fn(*const c_void) -> c_ulong;
type CompareFn = unsafe extern "C" fn(*const c_void, *const c_void) -> c_int;

#[link(name = "crypto")]
extern "C" {
    fn OPENSSL_LH_new(h: HashFn, c: CompareFn) -> *mut c_void;
    fn OPENSSL_LH_free(lh: *mut c_void);
    fn OPENSSL_LH_flush(lh: *mut c_void);
    fn OPENSSL_LH_insert(lh: *mut c_void, data: *mut c_void) -> *mut c_void;
}

/// Hash of a session's cache key (protocol version and id).
unsafe extern "C" fn session_hash(p: *const c_void) -> c_ulong {
    let Some(s) = borrow(p as *const SSL_SESSION) else {
        return 0;
    };
    s.read(|d| {
        let id = d.id.as_slice();
        let mut h = [0u8; 4];
        h[..id.len().min(4)].copy_from_slice(&id[..id.len().min(4)]);
        (u32::from_le_bytes(h) ^ d.protocol_version as u32) as c_ulong
    })
}

/// 0 when two sessions have the same cache key.
unsafe extern "C" fn session_compare(a: *const c_void, b: *const c_void) -> c_int {
    match (
        borrow(a as *const SSL_SESSION),
        borrow(b as *const SSL_SESSION),
    ) {
        (Some(a), Some(b)) => {
            let ka = a.read(|d| (d.protocol_version, d.id));
            let kb = b.read(|d| (d.protocol_version, d.id));
            (ka != kb) as c_int
        }
        _ => 1,
    }
}

/// The context's table; the pointer is owned by this wrapper.
struct Table(Mutex<*mut c_void>);

// SAFETY: the table is only touched under the mutex, and libcrypto's LHASH has
// no thread affinity.
unsafe impl Send for Table {}
unsafe impl Sync for Table {}

impl Drop for Table {
    fn drop(&mut self) {
        let lh = *self.0.get_mut().unwrap_or_else(|p| p.into_inner());
        // SAFETY: created by OPENSSL_LH_new and freed only here.
        unsafe { OPENSSL_LH_free(lh) }
    }
}

fn refill(ctx: &Ctx) -> *mut lhash_st_SSL_SESSION {
    let state = ctx.shell_state.get_or_init(|| {
        // SAFETY: plain constructor call with valid function pointers.
        Box::new(Table(Mutex::new(unsafe {
            OPENSSL_LH_new(session_hash, session_compare)
        })))
    });
    let Some(table) = state.downcast_ref::<Table>() else {
        return std::ptr::null_mut();
    };
    let lh = lock(&table.0);
    if lh.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: `lh` is a live table; the inserted pointers are live sessions.
    unsafe {
        OPENSSL_LH_flush(*lh);
        for s in ctx.cache().sessions() {
            OPENSSL_LH_insert(*lh, c_ptr::<SSL_SESSION>(&s) as *mut c_void);
        }
    }
    *lh as *mut lhash_st_SSL_SESSION
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sessions(ctx: *mut SSL_CTX) -> *mut lhash_st_SSL_SESSION {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), refill)
    })
}
