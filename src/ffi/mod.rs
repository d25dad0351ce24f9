//! The C ABI of libssl's session layer: a thin shell over the safe core.
//!
//! Each exported function checks its arguments, turns raw pointers into references
//! with the helpers below, calls the core, and maps the result to OpenSSL's return
//! values and error queue. Every body runs inside [`guard!`], so a Rust panic comes
//! back as the function's failure value, never as an unwind into C.
//!
//! Objects reach C through [`Shared`]: the pointer C holds is the address of the
//! core object, so converting back and forth is a cast.

#![allow(non_camel_case_types)]
// The exported functions dereference the raw pointers C passes, as their OpenSSL
// counterparts do; the pointer contract is C's, exactly as with libssl.
#![allow(clippy::missing_safety_doc)]
#![allow(clippy::not_unsafe_ptr_arg_deref)]

pub mod alert;
pub mod app_data;
pub mod bio_ssl;
pub mod callbacks;
pub mod callbacks_more;
pub mod cert_share;
pub mod certs_build;
pub mod certs_ca;
pub mod certs_crypto;
pub mod certs_dane;
pub mod certs_extra;
pub mod certs_keys;
pub mod certs_scts;
pub mod certs_serverinfo;
pub mod certs_state;
pub mod certs_store;
pub mod certs_use;
pub mod certs_verify;
pub mod checked;
pub mod cipher;
pub mod cipher_list;
pub mod client_hello;
pub mod compression;
pub mod conf;
pub mod conf_cmds;
pub mod conf_module;
pub mod conn_state;
pub mod consts;
pub mod ctrl;
pub mod ctrl_consts;
pub mod ctrl_keys;
pub mod ctrl_lists;
pub mod ctrl_shell;
pub mod ctx;
pub mod ctx_libctx;
pub mod der;
pub mod err;
pub mod handshake;
pub mod io;
pub mod lhash;
pub mod method;
pub mod options;
pub mod print;
pub mod security;
pub mod session;
pub mod shell;
pub mod srp;
pub mod srp_server;
pub mod ssl;
pub mod ssl_dup;
pub mod test_hooks;
pub mod trace;
#[rustfmt::skip]
mod ssl_error_strings;

use crate::core::{ctx::Ctx, method::Method, session::Session, ssl::Ssl};
use crate::sync::{Borrowed, Object, Shared};
use std::ffi::CStr;
use std::marker::{PhantomData, PhantomPinned};
use std::os::raw::c_char;

/// Declares the opaque C type that stands for a core object (`struct ssl_st` for
/// `Ssl`, ...). The header declares them itself with OpenSSL's struct tags.
macro_rules! opaque_c_type {
    ($c:ident => $core:ty, tracked: $tracked:expr) => {
        #[repr(C)]
        pub struct $c {
            _opaque: [u8; 0],
            _not_send_sync_unpin: PhantomData<(*mut u8, PhantomPinned)>,
        }
        impl CType for $c {
            type Core = $core;
            const NAME: &'static str = stringify!($c);
            const TRACKED: bool = $tracked;
        }
    };
}

/// Links a C type to the core object its pointers address.
pub trait CType {
    type Core;
    /// The C type's name, for checked-mode reports.
    const NAME: &'static str;
    /// Whether checked mode tracks these objects (the refcounted ones).
    const TRACKED: bool;
}

opaque_c_type!(SSL_SESSION => Session, tracked: true);
opaque_c_type!(SSL => Ssl, tracked: true);
opaque_c_type!(SSL_CTX => Ctx, tracked: true);
opaque_c_type!(SSL_METHOD => Method, tracked: false);
opaque_c_type!(OSSL_LIB_CTX => (), tracked: false);
opaque_c_type!(SSL_CIPHER => crate::core::cipher::CipherInfo, tracked: false);

/// Checked mode's validation of a pointer C passed in.
#[inline]
fn check_in<C: CType>(p: *const C, freeing: bool) {
    if C::TRACKED && checked::on() && !p.is_null() {
        checked::validate(p as usize, C::NAME, freeing);
    }
}

/// The core object behind a C pointer, or `None` for NULL.
///
/// # Safety
/// A non-null `p` must address a live object of this type, handed out by sessl.
pub unsafe fn borrow<'a, C: CType>(p: *const C) -> Option<&'a C::Core> {
    check_in(p, false);
    (p as *const C::Core).as_ref()
}

/// A new reference to the object behind a C pointer, or `None` for NULL.
///
/// # Safety
/// As for [`borrow`].
pub unsafe fn clone_shared<C: CType>(p: *const C) -> Option<Shared<C::Core>>
where
    C::Core: Object,
{
    check_in(p, false);
    (!p.is_null()).then(|| Shared::clone_from_raw(p as *const C::Core))
}

/// The caller's handle behind a C pointer, without a reference of its own (see
/// [`Borrowed`]), or `None` for NULL.
///
/// # Safety
/// As for [`borrow`].
pub unsafe fn borrow_shared<'a, C: CType>(p: *const C) -> Option<Borrowed<'a, C::Core>>
where
    C::Core: Object,
{
    check_in(p, false);
    (!p.is_null()).then(|| Borrowed::from_raw(p as *const C::Core))
}

/// Takes back the reference a C pointer owns, or `None` for NULL.
///
/// # Safety
/// A non-null `p` must address a live object and the caller must own one of its
/// references.
pub unsafe fn take_shared<C: CType>(p: *const C) -> Option<Shared<C::Core>>
where
    C::Core: Object,
{
    check_in(p, true);
    (!p.is_null()).then(|| Shared::from_raw(p as *const C::Core))
}

/// One more reference to the object behind a C pointer (`SSL_up_ref`,
/// `SSL_CTX_up_ref`, `SSL_SESSION_up_ref`): 1, or 0 for NULL.
///
/// # Safety
/// As for [`borrow`].
pub unsafe fn up_ref<C: CType>(p: *const C) -> std::os::raw::c_int
where
    C::Core: Object,
{
    match borrow(p) {
        // `p` itself, not the reference: stepping back to the counter needs the
        // allocation's provenance (see sync/shared.rs).
        Some(_) => {
            Shared::add_refs(p as *const C::Core, 1);
            1
        }
        None => 0,
    }
}

/// Hands a reference to C.
pub fn give<C: CType>(obj: Shared<C::Core>) -> *mut C
where
    C::Core: Object,
{
    register::<C>(&obj);
    Shared::into_raw(obj) as *mut C
}

/// Checked mode: makes a new object known, so that C code may pass it to any
/// export. Called as soon as the object exists, before any callback can see
/// it (ex_data new callbacks run inside `SSL_SESSION_new`), and again by
/// [`give`], which does nothing for an object already known.
pub fn register<C: CType>(obj: &Shared<C::Core>)
where
    C::Core: Object,
{
    if C::TRACKED && checked::on() {
        checked::born(Shared::as_ptr(obj) as usize, C::NAME);
    }
}

/// The C pointer of an object, no reference given.
///
/// From a reference, so in Rust's model it carries the provenance of the object
/// alone; only C may use it (and hand it back to an export, where it arrives as
/// an address from C). Rust code that steps back to the counter works from
/// [`Shared::as_ptr`] instead.
pub fn c_ptr<C: CType>(obj: &C::Core) -> *mut C {
    obj as *const C::Core as *mut C
}

/// `len` bytes at `p` as a slice; NULL is an empty slice when `len` is 0 and an
/// error otherwise, and so is a `len` above `isize::MAX` (no slice can be that
/// long; no C buffer either).
///
/// Callers check their own length limits before calling this: a slice longer
/// than the caller's buffer is undefined behaviour even if never read.
///
/// # Safety
/// A non-null `p` must address `len` readable bytes that stay unchanged while the
/// slice is used.
pub unsafe fn bytes<'a>(p: *const u8, len: usize) -> Option<&'a [u8]> {
    match (p.is_null(), len) {
        (_, 0) => Some(&[]),
        (true, _) => None,
        (false, _) if len > isize::MAX as usize => None,
        (false, _) => Some(std::slice::from_raw_parts(p, len)),
    }
}

/// A C string, or `None` for NULL.
///
/// # Safety
/// A non-null `p` must address a NUL-terminated string.
pub unsafe fn c_str<'a>(p: *const c_char) -> Option<&'a CStr> {
    (!p.is_null()).then(|| CStr::from_ptr(p))
}

/// Writes through an out-pointer if C gave one.
///
/// # Safety
/// A non-null `p` must be valid for writes.
pub unsafe fn write_out<T>(p: *mut T, value: T) {
    if let Some(slot) = p.as_mut() {
        *slot = value;
    }
}

/// Runs the body of an exported function, turning a panic into the function's
/// failure value and a report on stderr (a panic must never unwind into C).
///
/// `name` gives the function's name; it is called only when needed, so that
/// the common path of every export carries no string handling.
#[inline(always)]
pub fn run_guarded<R>(name: impl FnOnce() -> &'static str, fail: R, body: impl FnOnce() -> R) -> R {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(_) => {
            eprintln!(
                "sessl: internal error in {}; returning its failure value",
                name()
            );
            fail
        }
    }
}

/// [`run_guarded`] in checked mode: notes the function first. Out of line, so
/// that the common path of an export needs no stack frame for it.
#[cold]
#[inline(never)]
pub fn run_checked<R>(
    name: impl FnOnce() -> &'static str + Copy,
    fail: R,
    body: impl FnOnce() -> R,
) -> R {
    checked::enter(name());
    run_guarded(name, fail, body)
}

/// `check_len!(len, max, REASON, "function")`: inside a `guard!` body that
/// returns a C int, raises `REASON` from `function` and returns 0 if `len`
/// exceeds `max`. OpenSSL checks these lengths before it touches the object, so
/// the error is raised for a NULL object too.
macro_rules! check_len {
    ($len:expr, $max:expr, $reason:expr, $func:literal) => {
        if $len as usize > $max as usize {
            $crate::ffi::err::raise!($reason, $func);
            return 0;
        }
    };
}
pub(crate) use check_len;

/// `set_id_context!(object, sid_ctx, sid_ctx_len, "function")`: the body of
/// the session-id-context setters of `SSL_CTX`, `SSL` and `SSL_SESSION`, inside
/// a `guard!`: the length is checked first (see `check_len!`), then the bytes
/// are copied into the object; 1 on success, else 0.
macro_rules! set_id_context {
    ($object:expr, $sid_ctx:expr, $len:expr, $func:literal) => {{
        $crate::ffi::check_len!(
            $len,
            $crate::ffi::consts::SSL_MAX_SID_CTX_LENGTH,
            $crate::ffi::consts::SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG,
            $func
        );
        match (
            $crate::ffi::borrow($object),
            $crate::ffi::bytes($sid_ctx, $len as usize),
        ) {
            (Some(o), Some(b)) => o.set_sid_ctx(b).is_ok() as std::os::raw::c_int,
            _ => 0,
        }
    }};
}
pub(crate) use set_id_context;

/// `guard!(fail, { body })`: [`run_guarded`] named after the enclosing function.
macro_rules! guard {
    ($fail:expr, $body:block) => {{
        fn here() {}
        let name = || {
            let name = std::any::type_name_of_val(&here);
            name.strip_suffix("::here").unwrap_or(name)
        };
        if $crate::ffi::checked::on() {
            $crate::ffi::run_checked(name, $fail, || $body)
        } else {
            $crate::ffi::run_guarded(name, $fail, || $body)
        }
    }};
}
pub(crate) use guard;

#[cfg(test)]
mod tests {
    use super::bytes;

    #[test]
    fn bytes_refuses_lengths_no_slice_can_have() {
        let buf = [1u8, 2, 3];
        unsafe {
            assert_eq!(bytes(buf.as_ptr(), 3), Some(&buf[..]));
            assert_eq!(bytes(buf.as_ptr(), 0), Some(&[][..]));
            assert_eq!(bytes(std::ptr::null(), 0), Some(&[][..]));
            assert_eq!(bytes(std::ptr::null(), 3), None);
            assert_eq!(bytes(buf.as_ptr(), isize::MAX as usize + 1), None);
            assert_eq!(bytes(buf.as_ptr(), usize::MAX), None);
        }
    }
}
