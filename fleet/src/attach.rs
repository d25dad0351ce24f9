//! Attaching a context to a fleet: the per-context state (kept in the
//! context's ex_data, freed with the context), the program's own callbacks
//! and cache mode it stands in front of, and the C API.

use crate::config::Config;
use crate::ffi::{self, SSL, SSL_CTX};
use crate::fleet::Fleet;
use crate::preload::real;
use crate::{sessions, tickets};
use libc::{c_char, c_int, c_long, c_void};
use std::ffi::CStr;
use std::sync::atomic::{AtomicBool, AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

pub struct CtxState {
    pub fleet: Arc<Fleet>,
    attached: AtomicBool,
    program_new: AtomicUsize,
    program_get: AtomicUsize,
    program_remove: AtomicUsize,
    /// The cache mode the program asked for (it sees this one back).
    program_mode: AtomicI64,
    /// The program set its own ticket keys or ticket callback: the fleet's
    /// ticket callback steps aside.
    pub program_tickets: AtomicBool,
    id_context: RwLock<Vec<u8>>,
    /// The id context came from the program's own setter (interposed), or
    /// the setter is interposed so an unset one is really empty. Otherwise
    /// (the library linked after libssl, which has no getter) it is learned
    /// from the context's server sessions as they are made.
    id_context_told: AtomicBool,
}

macro_rules! cb_accessors {
    ($get:ident, $set:ident, $field:ident, $ty:ty) => {
        pub fn $get(&self) -> $ty {
            let p = self.$field.load(Ordering::Acquire);
            // SAFETY: only ever stored from a value of this same type.
            unsafe { std::mem::transmute::<usize, $ty>(p) }
        }
        pub fn $set(&self, cb: $ty) {
            // SAFETY: Option<fn> has the layout of a nullable pointer.
            let p = unsafe { std::mem::transmute::<$ty, usize>(cb) };
            // The fleet's own callback (read back and set again by the
            // program) would chain to itself.
            if !is_fleet_callback(p) {
                self.$field.store(p, Ordering::Release);
            }
        }
    };
}

fn is_fleet_callback(p: usize) -> bool {
    p == sessions::new_session_cb as *const () as usize
        || p == sessions::get_session_cb as *const () as usize
        || p == sessions::remove_session_cb as *const () as usize
}

impl CtxState {
    cb_accessors!(
        program_new_cb,
        set_program_new_cb,
        program_new,
        ffi::NewSessionCb
    );
    cb_accessors!(
        program_get_cb,
        set_program_get_cb,
        program_get,
        ffi::GetSessionCb
    );
    cb_accessors!(
        program_remove_cb,
        set_program_remove_cb,
        program_remove,
        ffi::RemoveSessionCb
    );

    pub fn is_attached(&self) -> bool {
        self.attached.load(Ordering::Acquire)
    }

    pub fn id_context(&self) -> Vec<u8> {
        self.id_context
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Learns the id context from a session this context's server made,
    /// unless the program's setter told it (the latest session wins: the
    /// program may have set another one since, unseen).
    pub fn learn_id_context(&self, from_session: &[u8]) {
        if self.id_context_told.load(Ordering::Acquire) {
            return;
        }
        let same = *self.id_context.read().unwrap_or_else(|p| p.into_inner()) == from_session;
        if !same {
            *self.id_context.write().unwrap_or_else(|p| p.into_inner()) = from_session.to_vec();
        }
    }

    pub fn program_mode(&self) -> c_long {
        self.program_mode.load(Ordering::Acquire) as c_long
    }

    // c_long is i64 here but not on every target.
    #[allow(clippy::useless_conversion)]
    pub fn set_program_mode(&self, mode: c_long) -> c_long {
        self.program_mode.swap(i64::from(mode), Ordering::AcqRel) as c_long
    }
}

/// The mode libssl is given for a program's mode: the server cache always
/// (so new sessions reach the fleet and misses ask it); when the program had
/// no server cache, no local caching either.
pub fn effective_mode(program: c_long) -> c_long {
    if program & ffi::SSL_SESS_CACHE_SERVER != 0 {
        program
    } else {
        program | ffi::SSL_SESS_CACHE_SERVER | ffi::SSL_SESS_CACHE_NO_INTERNAL
    }
}

/// Contexts attached now (for process-wide stats).
static ATTACHED: Mutex<Vec<usize>> = Mutex::new(Vec::new());

unsafe extern "C" fn free_state(
    parent: *mut c_void,
    ptr: *mut c_void,
    _ad: *mut c_void,
    _idx: c_int,
    _argl: c_long,
    _argp: *mut c_void,
) {
    if ptr.is_null() {
        return;
    }
    let state = Arc::from_raw(ptr as *const CtxState);
    let ctx = parent as *mut SSL_CTX;
    state
        .fleet
        .counters
        .retired_local_hits
        .fetch_add(local_hits(ctx), Ordering::Relaxed);
    ATTACHED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|&c| c != ctx as usize);
}

unsafe extern "C" fn free_id_context(
    _parent: *mut c_void,
    ptr: *mut c_void,
    _ad: *mut c_void,
    _idx: c_int,
    _argl: c_long,
    _argp: *mut c_void,
) {
    if !ptr.is_null() {
        drop(Box::from_raw(ptr as *mut Vec<u8>));
    }
}

fn state_index() -> c_int {
    static IDX: OnceLock<c_int> = OnceLock::new();
    *IDX.get_or_init(|| unsafe {
        ffi::CRYPTO_get_ex_new_index(
            ffi::CRYPTO_EX_INDEX_SSL_CTX,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            Some(free_state),
        )
    })
}

/// Where the id context of a context not (yet) attached is remembered.
fn id_context_index() -> c_int {
    static IDX: OnceLock<c_int> = OnceLock::new();
    *IDX.get_or_init(|| unsafe {
        ffi::CRYPTO_get_ex_new_index(
            ffi::CRYPTO_EX_INDEX_SSL_CTX,
            0,
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            std::ptr::null_mut(),
            Some(free_id_context),
        )
    })
}

/// The fleet state of `ctx`, if it was ever attached. Valid while `ctx` lives.
pub unsafe fn state_of_ctx<'a>(ctx: *const SSL_CTX) -> Option<&'a CtxState> {
    if ctx.is_null() {
        return None;
    }
    let p = ffi::SSL_CTX_get_ex_data(ctx, state_index()) as *const CtxState;
    p.as_ref()
}

pub unsafe fn state_of_ssl<'a>(ssl: *const SSL) -> Option<&'a CtxState> {
    if ssl.is_null() {
        return None;
    }
    state_of_ctx(ffi::SSL_get_SSL_CTX(ssl))
}

/// Records the id context the program gave `ctx` (from the interposed setter).
pub unsafe fn note_id_context(ctx: *mut SSL_CTX, sid: &[u8]) {
    if let Some(state) = state_of_ctx(ctx) {
        *state.id_context.write().unwrap_or_else(|p| p.into_inner()) = sid.to_vec();
        state.id_context_told.store(true, Ordering::Release);
        return;
    }
    let idx = id_context_index();
    let old = ffi::SSL_CTX_get_ex_data(ctx, idx) as *mut Vec<u8>;
    if !old.is_null() {
        *old = sid.to_vec();
    } else {
        let b = Box::into_raw(Box::new(sid.to_vec()));
        if ffi::SSL_CTX_set_ex_data(ctx, idx, b.cast()) != 1 {
            drop(Box::from_raw(b));
        }
    }
}

unsafe fn ctrl(ctx: *mut SSL_CTX, cmd: c_int, larg: c_long) -> c_long {
    match real::SSL_CTX_ctrl() {
        Some(f) => f(ctx, cmd, larg, std::ptr::null_mut()),
        None => 0,
    }
}

/// Session hits libssl counted on `ctx` without a callback (its own cache).
pub unsafe fn local_hits(ctx: *mut SSL_CTX) -> u64 {
    let hits = ctrl(ctx, ffi::SSL_CTRL_SESS_HIT, 0);
    let cb = ctrl(ctx, ffi::SSL_CTRL_SESS_CB_HIT, 0);
    hits.saturating_sub(cb).max(0) as u64
}

unsafe fn install(ctx: *mut SSL_CTX, state: &CtxState) {
    if let Some(f) = real::SSL_CTX_sess_set_new_cb() {
        f(ctx, Some(sessions::new_session_cb));
    }
    if let Some(f) = real::SSL_CTX_sess_set_get_cb() {
        f(ctx, Some(sessions::get_session_cb));
    }
    if let Some(f) = real::SSL_CTX_sess_set_remove_cb() {
        f(ctx, Some(sessions::remove_session_cb));
    }
    ctrl(
        ctx,
        ffi::SSL_CTRL_SET_SESS_CACHE_MODE,
        effective_mode(state.program_mode()),
    );
    if state.fleet.config.tickets && !state.program_tickets.load(Ordering::Acquire) {
        if let Some(f) = real::SSL_CTX_set_tlsext_ticket_key_evp_cb() {
            f(ctx, Some(tickets::ticket_key_cb));
        }
    }
}

/// Attaches `ctx` to the fleet `config` names (completed from the
/// environment). Attaching twice is harmless.
pub unsafe fn attach(ctx: *mut SSL_CTX, config: &str) -> Result<(), String> {
    if ctx.is_null() {
        return Err("no SSL_CTX".into());
    }
    if let Some(state) = state_of_ctx(ctx) {
        if !state.is_attached() {
            state.set_program_new_cb(ffi::SSL_CTX_sess_get_new_cb(ctx));
            state.set_program_get_cb(ffi::SSL_CTX_sess_get_get_cb(ctx));
            state.set_program_remove_cb(ffi::SSL_CTX_sess_get_remove_cb(ctx));
            state.set_program_mode(ctrl(ctx, ffi::SSL_CTRL_GET_SESS_CACHE_MODE, 0));
            install(ctx, state);
            state.attached.store(true, Ordering::Release);
        }
        return Ok(());
    }
    let fleet = Fleet::get(Config::parse(config)?)?;
    let pending = ffi::SSL_CTX_get_ex_data(ctx, id_context_index()) as *const Vec<u8>;
    let told = !pending.is_null() || crate::preload::interposing();
    let id_context = pending.as_ref().cloned().unwrap_or_default();
    let state = CtxState {
        fleet: fleet.clone(),
        attached: AtomicBool::new(true),
        program_new: AtomicUsize::new(0),
        program_get: AtomicUsize::new(0),
        program_remove: AtomicUsize::new(0),
        program_mode: AtomicI64::new(ctrl(ctx, ffi::SSL_CTRL_GET_SESS_CACHE_MODE, 0) as i64),
        program_tickets: AtomicBool::new(false),
        id_context: RwLock::new(id_context),
        id_context_told: AtomicBool::new(told),
    };
    state.set_program_new_cb(ffi::SSL_CTX_sess_get_new_cb(ctx));
    state.set_program_get_cb(ffi::SSL_CTX_sess_get_get_cb(ctx));
    state.set_program_remove_cb(ffi::SSL_CTX_sess_get_remove_cb(ctx));
    let raw = Arc::into_raw(Arc::new(state));
    if ffi::SSL_CTX_set_ex_data(ctx, state_index(), raw as *mut c_void) != 1 {
        drop(Arc::from_raw(raw));
        return Err("SSL_CTX_set_ex_data failed".into());
    }
    let state = &*raw;
    install(ctx, state);
    let lifetime = ffi::SSL_CTX_get_timeout(ctx);
    fleet.tickets.note_lifetime(lifetime.max(0) as u64);
    tickets::ensure_refresher(&fleet);
    ATTACHED
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(ctx as usize);
    crate::summary::register();
    Ok(())
}

/// Gives `ctx` back its own callbacks, cache mode and ticket handling.
pub unsafe fn detach(ctx: *mut SSL_CTX) -> bool {
    let Some(state) = state_of_ctx(ctx) else {
        return false;
    };
    if !state.attached.swap(false, Ordering::AcqRel) {
        return false;
    }
    if let Some(f) = real::SSL_CTX_sess_set_new_cb() {
        f(ctx, state.program_new_cb());
    }
    if let Some(f) = real::SSL_CTX_sess_set_get_cb() {
        f(ctx, state.program_get_cb());
    }
    if let Some(f) = real::SSL_CTX_sess_set_remove_cb() {
        f(ctx, state.program_remove_cb());
    }
    ctrl(ctx, ffi::SSL_CTRL_SET_SESS_CACHE_MODE, state.program_mode());
    if !state.program_tickets.load(Ordering::Acquire) {
        if let Some(f) = real::SSL_CTX_set_tlsext_ticket_key_evp_cb() {
            f(ctx, None);
        }
    }
    true
}

/// Counters of one context's fleet (ctx non-null) or of the whole process.
#[repr(C)]
#[derive(Default, Debug, Clone, Copy)]
pub struct sessl_fleet_counters {
    /// Resumptions served by libssl's own cache (hits minus callback hits).
    pub local_hits: u64,
    /// Sessions resumed from the fleet.
    pub fleet_hits: u64,
    /// Fleet lookups that found nothing (or a TLS 1.3 ticket already used).
    pub misses: u64,
    /// Sessions queued for the store.
    pub writes: u64,
    /// Deletions queued for the store.
    pub deletes: u64,
    /// Store calls that failed or timed out (lookups, queued writes, ticket keys).
    pub store_errors: u64,
    /// Stored values dropped: tampered, unknown key, other id context, oversized.
    pub rejected: u64,
    /// Sessions not written: their sealed form exceeds max_value.
    pub too_large: u64,
    /// Writes dropped because the store's queue was full.
    pub queue_dropped: u64,
    /// Ticket keys taken from (or placed in) the store, and made locally.
    pub ticket_keys_fleet: u64,
    pub ticket_keys_local: u64,
    /// 1 while the store's circuit breaker is open (some server not asked).
    pub breaker_open: u32,
    /// Servers of the store.
    pub servers: u32,
    /// Store round-trip latency percentiles, microseconds: every timed
    /// store call (lookups, queued writes, ticket keys).
    pub latency_p50_us: u64,
    pub latency_p90_us: u64,
    pub latency_p99_us: u64,
    /// What a fleet lookup adds to a handshake, percentiles in
    /// microseconds: the bounded store call and opening and decoding its
    /// value, timed in the session callback whatever the outcome.
    pub lookup_p50_us: u64,
    pub lookup_p90_us: u64,
    pub lookup_p99_us: u64,
}

fn add_fleet(out: &mut sessl_fleet_counters, fleet: &Fleet) {
    let c = &fleet.counters;
    let l = |a: &std::sync::atomic::AtomicU64| a.load(Ordering::Relaxed);
    let s = fleet.store.stats();
    out.fleet_hits += l(&c.fleet_hits);
    out.misses += l(&c.misses);
    out.writes += l(&c.writes);
    out.deletes += l(&c.deletes);
    out.store_errors += l(&c.store_errors) + s.writer_errors;
    out.rejected += l(&c.rejected);
    out.too_large += l(&c.too_large);
    out.queue_dropped += s.dropped;
    out.ticket_keys_fleet += l(&fleet.tickets.fleet_keys);
    out.ticket_keys_local += l(&fleet.tickets.local_keys);
    out.breaker_open |= s.breaker_open() as u32;
    out.servers += s.servers;
    out.latency_p50_us = out.latency_p50_us.max(s.p50_us);
    out.latency_p90_us = out.latency_p90_us.max(s.p90_us);
    out.latency_p99_us = out.latency_p99_us.max(s.p99_us);
    let [p50, p90, p99] = c.lookup_latency.quantiles([0.5, 0.9, 0.99]);
    out.lookup_p50_us = out.lookup_p50_us.max(p50);
    out.lookup_p90_us = out.lookup_p90_us.max(p90);
    out.lookup_p99_us = out.lookup_p99_us.max(p99);
}

pub unsafe fn stats(ctx: *mut SSL_CTX) -> Option<sessl_fleet_counters> {
    let mut out = sessl_fleet_counters::default();
    if !ctx.is_null() {
        let state = state_of_ctx(ctx)?;
        add_fleet(&mut out, &state.fleet);
        out.local_hits = local_hits(ctx);
        return Some(out);
    }
    for fleet in Fleet::all() {
        add_fleet(&mut out, &fleet);
        out.local_hits += fleet.counters.retired_local_hits.load(Ordering::Relaxed);
    }
    for &ctx in ATTACHED.lock().unwrap_or_else(|e| e.into_inner()).iter() {
        out.local_hits += local_hits(ctx as *mut SSL_CTX);
    }
    Some(out)
}

/// Attaches `ctx` to a fleet. `config` holds `key=value` settings separated
/// by spaces or `;` (store, key_file, namespace, timeout_ms, ticket_rotate_s,
/// tickets, max_value); what it leaves out comes from the SESSL_FLEET_*
/// environment variables; NULL takes everything from there. Returns 1, or 0
/// with the reason on stderr (no store, no or bad key file: the fleet never
/// stores sessions unsealed).
///
/// # Safety
/// `ctx` is a live SSL_CTX; `config` is NULL or a NUL-terminated string.
#[no_mangle]
pub unsafe extern "C" fn sessl_fleet_attach(ctx: *mut SSL_CTX, config: *const c_char) -> c_int {
    let text = if config.is_null() {
        String::new()
    } else {
        CStr::from_ptr(config).to_string_lossy().into_owned()
    };
    match std::panic::catch_unwind(|| attach(ctx, &text)) {
        Ok(Ok(())) => 1,
        Ok(Err(why)) => {
            eprintln!("sessl-fleet: not attached: {why}");
            0
        }
        Err(_) => 0,
    }
}

/// Detaches `ctx`: its own callbacks, cache mode and ticket keys come back.
/// Returns 1 if it was attached.
///
/// # Safety
/// `ctx` is a live SSL_CTX.
#[no_mangle]
pub unsafe extern "C" fn sessl_fleet_detach(ctx: *mut SSL_CTX) -> c_int {
    std::panic::catch_unwind(|| detach(ctx)).unwrap_or(false) as c_int
}

/// Fills `out` with the counters of `ctx`'s fleet (and `ctx`'s local hits),
/// or of every fleet of the process when `ctx` is NULL. Returns 1, or 0 when
/// `ctx` was never attached or `out` is NULL.
///
/// # Safety
/// `ctx` is NULL or a live SSL_CTX; `out` is NULL or writable.
#[no_mangle]
pub unsafe extern "C" fn sessl_fleet_stats(
    ctx: *mut SSL_CTX,
    out: *mut sessl_fleet_counters,
) -> c_int {
    if out.is_null() {
        return 0;
    }
    match std::panic::catch_unwind(|| stats(ctx)) {
        Ok(Some(s)) => {
            *out = s;
            1
        }
        _ => 0,
    }
}
