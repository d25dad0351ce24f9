//! Checked mode: `SESSL_CHECKED=1` in the environment, read once when the library
//! is loaded, turns reference-count misuse into an immediate report on stderr
//! naming the function and the object, followed by `abort()`:
//!
//! - freeing an `SSL_SESSION`, `SSL` or `SSL_CTX` one time too many, or using one
//!   after its last reference went (the memory of dead objects is never reused
//!   in this mode, so their addresses stay recognizable);
//! - passing a pointer that is not a live sessl object, or one of another type;
//! - adding a session to a second context's cache while the first holds it;
//! - taking a reference to an object whose last reference already went (an
//!   ex_data free callback that caches its dying session).
//!
//! At exit it reports the objects still alive (leaks), with counts per type.
//! Off, it costs one load per call.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

static ON: AtomicBool = AtomicBool::new(false);

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Live(&'static str),
    Dead(&'static str),
}

fn registry() -> &'static Mutex<HashMap<usize, State>> {
    static REGISTRY: OnceLock<Mutex<HashMap<usize, State>>> = OnceLock::new();
    REGISTRY.get_or_init(Default::default)
}

thread_local! {
    /// The exported function running on this thread, for reports.
    static CURRENT: std::cell::Cell<&'static str> = const { std::cell::Cell::new("?") };
}

#[inline]
pub fn on() -> bool {
    // SAFETY: `ON` is written once, by the ELF constructor below, which the
    // loader runs before any export can be called; from then on it is only
    // read. A plain read lets the compiler fold an export's checks into one load.
    unsafe { *ON.as_ptr() }
}

/// Runs at load (an ELF constructor): reads `SESSL_CHECKED` once.
extern "C" fn init() {
    let wanted = std::env::var_os("SESSL_CHECKED").is_some_and(|v| !v.is_empty() && v != "0");
    if !wanted {
        return;
    }
    crate::sync::track_deaths(died, revived);
    ON.store(true, Ordering::Release);
    // SAFETY: registering a plain extern "C" function with libc.
    unsafe { libc::atexit(report_leaks) };
}

#[used]
#[link_section = ".init_array"]
static INIT: extern "C" fn() = init;

/// Notes which exported function is running (checked mode only; kept out of
/// line so that the exports' common path stays small).
///
/// `extern "C"`: it cannot unwind (a panic here aborts, as checked mode does on
/// misuse), so an export whose own body cannot panic needs no unwinding path.
#[cold]
#[inline(never)]
#[allow(improper_ctypes_definitions)] // called from Rust only
pub extern "C" fn enter(function: &'static str) {
    let name = function.rsplit("::").next().unwrap_or(function);
    CURRENT.with(|c| c.set(name));
}

fn fail(message: std::fmt::Arguments) -> ! {
    let function = CURRENT.with(|c| c.get());
    eprintln!("sessl: checked mode: {function}: {message}");
    std::process::abort();
}

/// An object of type `kind` is handed to C at `addr`.
pub fn born(addr: usize, kind: &'static str) {
    let mut reg = crate::sync::lock(registry());
    reg.entry(addr).or_insert(State::Live(kind));
}

/// The last reference of the object at `addr` went.
fn died(addr: usize) {
    let mut reg = crate::sync::lock(registry());
    if let Some(State::Live(kind)) = reg.get(&addr).copied() {
        reg.insert(addr, State::Dead(kind));
    }
}

/// A reference was added to the object at `addr` after its last one went:
/// destroying it would run twice.
fn revived(addr: usize) {
    let state = crate::sync::lock(registry()).get(&addr).copied();
    let kind = match state {
        Some(State::Live(k) | State::Dead(k)) => k,
        None => "object",
    };
    fail(format_args!(
        "{kind} {addr:#x} gained a reference after its last one was released \
         (kept by a callback run while it is freed?)"
    ))
}

/// Checks that `addr` is a live object of type `kind`; `freeing` says whether
/// the caller is giving up a reference (a second free of a dead object is a
/// double free). Out of line and non-unwinding, like `enter`.
#[cold]
#[inline(never)]
#[allow(improper_ctypes_definitions)] // called from Rust only
pub extern "C" fn validate(addr: usize, kind: &'static str, freeing: bool) {
    let state = crate::sync::lock(registry()).get(&addr).copied();
    match state {
        Some(State::Live(k)) if k == kind => {}
        Some(State::Live(k)) => fail(format_args!("{addr:#x} is a live {k}, not an {kind}")),
        Some(State::Dead(k)) if freeing => fail(format_args!(
            "{k} {addr:#x} freed one time too many: its last reference was already released"
        )),
        Some(State::Dead(k)) => fail(format_args!(
            "{k} {addr:#x} used after its last reference was released (a dangling pointer)"
        )),
        None => fail(format_args!(
            "{addr:#x} is not a live sessl object (expected an {kind})"
        )),
    }
}

/// Misuse that the checked mode refuses outright.
pub fn misuse(message: std::fmt::Arguments) -> ! {
    fail(message)
}

extern "C" fn report_leaks() {
    let reg = crate::sync::lock(registry());
    let mut live: Vec<(&str, usize)> = Vec::new();
    for state in reg.values() {
        if let State::Live(kind) = state {
            match live.iter_mut().find(|(k, _)| k == kind) {
                Some((_, n)) => *n += 1,
                None => live.push((kind, 1)),
            }
        }
    }
    if live.is_empty() {
        return;
    }
    live.sort();
    let list: Vec<String> = live.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "sessl: checked mode: at exit, still alive (leaked): {}",
        list.join(", ")
    );
}
