//! `SSL_CTX_sessions`: OpenSSL returns its cache's internal hash table, which
//! programs read with libcrypto's `OPENSSL_LH_*` functions. sessl's cache is not a
//! libcrypto table, so it returns a real libcrypto table holding the sessions
//! cached at the moment of the call: one table per context, refilled at each
//! call, freed with the context. Unlike OpenSSL's, it does not follow later
//! changes to the cache (call `SSL_CTX_sessions` again), so it holds a reference
//! to each of its sessions: a session removed from the cache and freed by the
//! program stays alive until the next refill or the last `SSL_CTX_free`, since
//! libcrypto's lookups read every entry of a bucket (through `session_compare`),
//! not just the one looked for. Those references are dropped after the table's
//! mutex is released: dropping the last one runs ex_data free callbacks, which
//! may call `SSL_CTX_sessions` again.

use super::{borrow, guard, SSL_CTX, SSL_SESSION};
use crate::core::ctx::{Ctx, ShellState};
use crate::core::session::Session;
use crate::sync::{lock, Shared};
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

/// The context's table (owned by this wrapper) and the sessions in it.
struct Snapshot {
    lh: *mut c_void,
    held: Vec<Shared<Session>>,
}

struct Table(Mutex<Snapshot>);

// SAFETY: the table is only touched under the mutex, and libcrypto's LHASH has
// no thread affinity.
unsafe impl Send for Table {}
unsafe impl Sync for Table {}

impl ShellState for Table {
    /// The last `SSL_CTX_free`: the table is emptied and its sessions released
    /// while the context is still whole, so their free callbacks run where
    /// OpenSSL's do, inside `SSL_CTX_free` (after the lock, as in `refill`).
    fn release(&self) {
        let held = {
            let mut snapshot = lock(&self.0);
            if !snapshot.lh.is_null() {
                // SAFETY: a live table; flushing reads no entry.
                unsafe { OPENSSL_LH_flush(snapshot.lh) };
            }
            std::mem::take(&mut snapshot.held)
        };
        drop(held);
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Drop for Table {
    fn drop(&mut self) {
        let snapshot = self.0.get_mut().unwrap_or_else(|p| p.into_inner());
        // SAFETY: created by OPENSSL_LH_new and freed only here; freeing it
        // reads no entry. The sessions go after it (no lock is held here).
        unsafe { OPENSSL_LH_free(snapshot.lh) }
    }
}

fn refill(ctx: &Ctx) -> *mut lhash_st_SSL_SESSION {
    let state = ctx.shell_state.get_or_init(|| {
        Box::new(Table(Mutex::new(Snapshot {
            // SAFETY: plain constructor call with valid function pointers.
            lh: unsafe { OPENSSL_LH_new(session_hash, session_compare) },
            held: Vec::new(),
        })))
    });
    let Some(table) = state.as_any().downcast_ref::<Table>() else {
        return std::ptr::null_mut();
    };
    // Taken before the lock: the cache's own lock is never held inside ours.
    let fresh = ctx.cache().sessions();
    let (lh, previous) = {
        let mut snapshot = lock(&table.0);
        if snapshot.lh.is_null() {
            return std::ptr::null_mut();
        }
        // SAFETY: `lh` is a live table; the inserted pointers are sessions
        // that `held` keeps alive as long as they are in it.
        unsafe {
            OPENSSL_LH_flush(snapshot.lh);
            for s in &fresh {
                OPENSSL_LH_insert(snapshot.lh, Shared::as_ptr(s) as *mut c_void);
            }
        }
        (snapshot.lh, std::mem::replace(&mut snapshot.held, fresh))
    };
    // The previous snapshot's references go after the lock (see the module's
    // comment).
    drop(previous);
    lh as *mut lhash_st_SSL_SESSION
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_sessions(ctx: *mut SSL_CTX) -> *mut lhash_st_SSL_SESSION {
    guard!(std::ptr::null_mut(), {
        borrow(ctx).map_or(std::ptr::null_mut(), refill)
    })
}
