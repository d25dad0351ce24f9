//! Session sharing: the new/get/remove callbacks the fleet installs on an
//! attached context, chained to the program's own.
//!
//! - new: a server session (TLS 1.2 session id, TLS 1.3 stateful ticket) is
//!   sealed and queued for the store with TTL = its remaining lifetime, then
//!   the program's callback runs as before.
//! - get: TLS 1.2 asks the program's callback first, then the fleet (a bounded
//!   GET). TLS 1.3 takes the ticket's session out of the fleet (an atomic
//!   GETDEL): a stateful ticket resumes on at most one server, whichever sees
//!   it first. The issuing server takes part too, because attached server
//!   contexts keep TLS 1.3 sessions out of their local cache (`preload`'s
//!   SSL_CTX_add_session), so every presentation goes through the take.
//! - remove: the program's callback only. libssl also calls it on eviction
//!   and expiry, which must not delete the fleet's copy; explicit removals
//!   (SSL_CTX_remove_session, by the program or by libssl after a fatal
//!   alert) delete through `preload`'s interposition instead.

use crate::attach::{self, CtxState};
use crate::ffi::{self, SSL, SSL_CTX, SSL_SESSION};
use crate::fleet::bump;
use crate::seal::{wipe, Kind};
use crate::store::Store;
use libc::{c_int, c_uchar, c_uint};
use std::cell::Cell;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

thread_local! {
    /// Set while the fleet itself removes a session from a local cache: the
    /// program's remove callback is not told (it did not ask).
    pub static QUIET_REMOVE: Cell<bool> = const { Cell::new(false) };
}

/// The store kind of a session, or None for sessions the fleet does not
/// share (TLS 1.3 sessions behind stateless tickets travel in the ticket).
pub unsafe fn kind_of(ssl: *const SSL, sess: *const SSL_SESSION) -> Option<Kind> {
    if ffi::SSL_SESSION_get_protocol_version(sess) == ffi::TLS1_3_VERSION {
        let opts = ffi::SSL_get_options(ssl);
        let stateful = opts & ffi::SSL_OP_NO_TICKET != 0
            || (ffi::SSL_get_max_early_data(ssl) > 0 && opts & ffi::SSL_OP_NO_ANTI_REPLAY == 0);
        stateful.then_some(Kind::Session13)
    } else {
        Some(Kind::Session12)
    }
}

pub unsafe fn session_id<'a>(sess: *const SSL_SESSION) -> &'a [u8] {
    let mut len: c_uint = 0;
    let p = ffi::SSL_SESSION_get_id(sess, &mut len);
    if p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, len as usize)
    }
}

pub unsafe fn session_id_context<'a>(sess: *const SSL_SESSION) -> &'a [u8] {
    let mut len: c_uint = 0;
    let p = ffi::SSL_SESSION_get0_id_context(sess, &mut len);
    if p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, len as usize)
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Seals and queues `sess` for the store.
unsafe fn write(state: &CtxState, kind: Kind, sess: *mut SSL_SESSION) {
    let fleet = &state.fleet;
    let id = session_id(sess);
    if id.is_empty() {
        return;
    }
    let remaining =
        ffi::SSL_SESSION_get_time(sess) as i64 + ffi::SSL_SESSION_get_timeout(sess) as i64 - now();
    if remaining <= 0 {
        return;
    }
    let len = ffi::i2d_SSL_SESSION(sess, std::ptr::null_mut());
    if len <= 0 {
        return;
    }
    if len as usize + crate::seal::OVERHEAD > fleet.config.max_value {
        bump(&fleet.counters.too_large);
        return;
    }
    let mut der = vec![0u8; len as usize];
    let mut p = der.as_mut_ptr();
    if ffi::i2d_SSL_SESSION(sess, &mut p) != len {
        wipe(&mut der);
        return;
    }
    let id_ctx = session_id_context(sess);
    let sealed = fleet.seal(kind, id_ctx, &der);
    wipe(&mut der);
    if let Some(sealed) = sealed {
        let key = fleet.key(kind, id_ctx, id);
        fleet
            .store
            .set_later(&key, &sealed, Duration::from_secs(remaining as u64));
        bump(&fleet.counters.writes);
    }
}

pub unsafe extern "C" fn new_session_cb(ssl: *mut SSL, sess: *mut SSL_SESSION) -> c_int {
    let Some(state) = attach::state_of_ssl(ssl) else {
        return 0;
    };
    if state.is_attached() && ffi::SSL_is_server(ssl) == 1 {
        state.learn_id_context(session_id_context(sess));
        crate::tickets::ensure_refresher(&state.fleet);
        if let Some(kind) = kind_of(ssl, sess) {
            write(state, kind, sess);
        }
    }
    let ret = match state.program_new_cb() {
        Some(cb) => cb(ssl, sess),
        None => 0,
    };
    // Without the interposition of SSL_CTX_add_session (the library linked
    // after libssl), a TLS 1.3 session is removed from the local cache here
    // so that its ticket still has to be taken from the fleet.
    if state.is_attached()
        && !crate::preload::interposing()
        && ffi::SSL_is_server(ssl) == 1
        && ffi::SSL_SESSION_get_protocol_version(sess) == ffi::TLS1_3_VERSION
    {
        if let Some(remove) = crate::preload::real::SSL_CTX_remove_session() {
            QUIET_REMOVE.with(|q| q.set(true));
            remove(ffi::SSL_get_SSL_CTX(ssl), sess);
            QUIET_REMOVE.with(|q| q.set(false));
        }
    }
    ret
}

/// A session from a sealed fleet value, or None (counted).
unsafe fn decode(state: &CtxState, kind: Kind, id_ctx: &[u8], sealed: &[u8]) -> *mut SSL_SESSION {
    let fleet = &state.fleet;
    let Some(mut der) = fleet.open(kind, id_ctx, sealed) else {
        return std::ptr::null_mut();
    };
    let mut p = der.as_ptr();
    let sess = ffi::d2i_SSL_SESSION(std::ptr::null_mut(), &mut p, der.len() as _);
    wipe(&mut der);
    if sess.is_null() || session_id_context(sess) != id_ctx {
        if !sess.is_null() {
            ffi::SSL_SESSION_free(sess);
        }
        bump(&fleet.counters.rejected);
        return std::ptr::null_mut();
    }
    bump(&fleet.counters.fleet_hits);
    sess
}

pub unsafe extern "C" fn get_session_cb(
    ssl: *mut SSL,
    id: *const c_uchar,
    len: c_int,
    copy: *mut c_int,
) -> *mut SSL_SESSION {
    let Some(state) = attach::state_of_ssl(ssl) else {
        return std::ptr::null_mut();
    };
    let program = |s: &CtxState| match s.program_get_cb() {
        Some(cb) => cb(ssl, id, len, copy),
        None => std::ptr::null_mut(),
    };
    if !state.is_attached() || ffi::SSL_is_server(ssl) != 1 || id.is_null() || len <= 0 {
        return program(state);
    }
    let fleet = &state.fleet;
    crate::tickets::ensure_refresher(fleet);
    let id = std::slice::from_raw_parts(id, len as usize);
    let id_ctx = state.id_context();
    if ffi::SSL_version(ssl) == ffi::TLS1_3_VERSION {
        return match fleet_lookup(state, Kind::Session13, &id_ctx, id) {
            Ok(s) => {
                if !s.is_null() {
                    *copy = 0;
                }
                s
            }
            // The store did not answer: the program's cache may (a miss
            // from the store means used already and must not resume).
            Err(()) => program(state),
        };
    }
    let own = program(state);
    if !own.is_null() {
        return own;
    }
    match fleet_lookup(state, Kind::Session12, &id_ctx, id) {
        Ok(s) => {
            if !s.is_null() {
                *copy = 0;
            }
            s
        }
        Err(()) => std::ptr::null_mut(),
    }
}

/// A session from the fleet: the bounded store call (an atomic take for a
/// TLS 1.3 stateful ticket, single-use across the fleet; a GET for a TLS
/// 1.2 session id), opened and decoded. Ok(null) when the store has no
/// usable value (counted); Err when the store did not answer (counted).
/// The time it took is recorded: it is what the fleet adds to a handshake.
unsafe fn fleet_lookup(
    state: &CtxState,
    kind: Kind,
    id_ctx: &[u8],
    id: &[u8],
) -> Result<*mut SSL_SESSION, ()> {
    let fleet = &state.fleet;
    let start = Instant::now();
    let key = fleet.key(kind, id_ctx, id);
    let found = if kind == Kind::Session13 {
        fleet.store.take(&key)
    } else {
        fleet.store.get(&key)
    };
    let result = match found {
        Ok(Some(v)) => Ok(decode(state, kind, id_ctx, &v)),
        Ok(None) => {
            // Used already (here or on another server), expired, or never
            // shared.
            bump(&fleet.counters.misses);
            Ok(std::ptr::null_mut())
        }
        Err(_) => {
            bump(&fleet.counters.store_errors);
            Err(())
        }
    };
    let us = start.elapsed().as_micros().min(u64::MAX as u128) as u64;
    fleet.counters.lookup_latency.record(us);
    result
}

pub unsafe extern "C" fn remove_session_cb(ctx: *mut SSL_CTX, sess: *mut SSL_SESSION) {
    if QUIET_REMOVE.with(|q| q.get()) {
        return;
    }
    if let Some(state) = attach::state_of_ctx(ctx) {
        if let Some(cb) = state.program_remove_cb() {
            cb(ctx, sess);
        }
    }
}

/// An explicit removal (SSL_CTX_remove_session): the fleet's copy goes too.
pub unsafe fn removed(ctx: *mut SSL_CTX, sess: *mut SSL_SESSION) {
    let Some(state) = attach::state_of_ctx(ctx) else {
        return;
    };
    if !state.is_attached() || sess.is_null() || QUIET_REMOVE.with(|q| q.get()) {
        return;
    }
    let id = session_id(sess);
    if id.is_empty() {
        return;
    }
    let kind = if ffi::SSL_SESSION_get_protocol_version(sess) == ffi::TLS1_3_VERSION {
        Kind::Session13
    } else {
        Kind::Session12
    };
    let fleet = &state.fleet;
    fleet
        .store
        .delete_later(&fleet.key(kind, session_id_context(sess), id));
    bump(&fleet.counters.deletes);
}
