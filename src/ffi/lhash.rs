//! `SSL_CTX_sessions`: OpenSSL returns its cache's internal hash table, which
//! programs read with libcrypto's `OPENSSL_LH_*` functions. sessl's cache is not a
//! libcrypto table, so it returns a real libcrypto table holding the sessions
//! cached at the moment of the call: one table per context, refilled at each
//! call, freed with the context. Unlike OpenSSL's, it does not follow later
//! changes to the cache (call `SSL_CTX_sessions` again). Like OpenSSL's, it
//! holds no references: a session leaves every table it is in when it is
//! destroyed, before its ex_data free callbacks run (`forget`), since
//! libcrypto's lookups read every entry of a bucket (through
//! `session_compare`), not just the one looked for, and must never read a freed
//! session. So sessions are freed exactly when OpenSSL frees them.

use super::shell::shell_of;
use super::{borrow, guard, SSL_CTX, SSL_SESSION};
use crate::core::ctx::Ctx;
use crate::sync::{lock, Shared};
use std::os::raw::{c_int, c_ulong, c_void};
use std::sync::{Arc, Mutex};

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
    fn OPENSSL_LH_retrieve(lh: *mut c_void, data: *const c_void) -> *mut c_void;
    fn OPENSSL_LH_delete(lh: *mut c_void, data: *const c_void) -> *mut c_void;
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

/// A context's table: libcrypto's `LHASH`, owned by this wrapper, touched only
/// under the mutex. Sessions in it link back to it (weakly) to leave it when
/// they die.
pub struct SnapshotTable(Mutex<*mut c_void>);

// SAFETY: the table is only touched under the mutex, and libcrypto's LHASH has
// no thread affinity.
unsafe impl Send for SnapshotTable {}
unsafe impl Sync for SnapshotTable {}

impl SnapshotTable {
    /// Takes the session at `p`, which is being destroyed, out of the table,
    /// if it is the entry there for its key (a later refill may hold another
    /// session with the same key, which stays).
    pub(super) fn forget(&self, p: *const c_void) {
        let lh = lock(&self.0);
        if lh.is_null() {
            return;
        }
        // SAFETY: a live table whose entries are all live sessions (each
        // leaves before it dies); `p` is still whole.
        unsafe {
            if std::ptr::eq(OPENSSL_LH_retrieve(*lh, p), p) {
                OPENSSL_LH_delete(*lh, p);
            }
        }
    }
}

impl Drop for SnapshotTable {
    fn drop(&mut self) {
        let lh = *self.0.get_mut().unwrap_or_else(|p| p.into_inner());
        // SAFETY: created by OPENSSL_LH_new and freed only here; freeing it
        // reads no entry.
        unsafe { OPENSSL_LH_free(lh) }
    }
}

fn refill(ctx: &Ctx) -> *mut lhash_st_SSL_SESSION {
    let state = ctx.shell_state.get_or_init(|| {
        // SAFETY: plain constructor call with valid function pointers.
        let lh = unsafe { OPENSSL_LH_new(session_hash, session_compare) };
        Box::new(Arc::new(SnapshotTable(Mutex::new(lh))))
    });
    let Some(table) = state.downcast_ref::<Arc<SnapshotTable>>() else {
        return std::ptr::null_mut();
    };
    // Taken before the lock: the cache's own lock is never held inside ours.
    // These references keep the sessions whole while they are inserted; they
    // are dropped after the lock, since dropping the last one destroys the
    // session, which then leaves the table (`forget`) and runs callbacks.
    let fresh = ctx.cache().sessions();
    let lh = {
        let lh = lock(&table.0);
        if lh.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: `lh` is a live table; the inserted sessions are alive and
        // leave it before they die (linked below, before the lock goes).
        unsafe {
            OPENSSL_LH_flush(*lh);
            for s in &fresh {
                OPENSSL_LH_insert(*lh, Shared::as_ptr(s) as *mut c_void);
            }
        }
        for s in &fresh {
            if let Some(shell) = shell_of(s) {
                shell.link_snapshot(table);
            }
        }
        *lh
    };
    drop(fresh);
    lh as *mut lhash_st_SSL_SESSION
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sessions(ctx: *mut SSL_CTX) -> *mut lhash_st_SSL_SESSION {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), refill)
    })
}
