//! The context's certificate store (`X509_STORE`): getting and replacing it
//! (set0 and set1 ownership), and loading CA certificates into it from files,
//! directories, store URIs and the default locations.

use super::certs_crypto::*;
use super::certs_state::ctx_certs;
use super::{borrow, guard, SSL_CTX};
use std::os::raw::{c_char, c_int, c_long};
use std::ptr::null_mut;

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_cert_store(ctx: *const SSL_CTX) -> *mut X509_STORE {
    guard!(null_mut(), {
        borrow(ctx).map_or(null_mut(), |x| ctx_certs(x).store())
    })
}

/// Takes over the caller's reference; frees the store it replaces.
#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_cert_store(ctx: *mut SSL_CTX, store: *mut X509_STORE) {
    guard!((), {
        if let Some(x) = borrow(ctx) {
            let old = ctx_certs(x).store.replace(store);
            if let Some(old) = old {
                X509_STORE_free(old);
            }
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set1_cert_store(ctx: *mut SSL_CTX, store: *mut X509_STORE) {
    guard!((), {
        if !ctx.is_null() && !store.is_null() {
            X509_STORE_up_ref(store);
        }
        SSL_CTX_set_cert_store(ctx, store)
    })
}

/// Runs `f` on the context's store: 0 for a NULL context.
unsafe fn with_store(ctx: *mut SSL_CTX, f: impl FnOnce(*mut X509_STORE) -> c_int) -> c_int {
    match borrow(ctx) {
        // The lock is released before libcrypto reads files.
        Some(x) => {
            let store = ctx_certs(x).store();
            f(store)
        }
        None => 0,
    }
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_file(ctx: *mut SSL_CTX, file: *const c_char) -> c_int {
    guard!(0, { with_store(ctx, |st| X509_STORE_load_file(st, file)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_dir(ctx: *mut SSL_CTX, path: *const c_char) -> c_int {
    guard!(0, { with_store(ctx, |st| X509_STORE_load_path(st, path)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_store(ctx: *mut SSL_CTX, uri: *const c_char) -> c_int {
    guard!(0, { with_store(ctx, |st| X509_STORE_load_store(st, uri)) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_load_verify_locations(
    ctx: *mut SSL_CTX,
    file: *const c_char,
    path: *const c_char,
) -> c_int {
    guard!(0, {
        if file.is_null() && path.is_null() {
            return 0;
        }
        if !file.is_null() && SSL_CTX_load_verify_file(ctx, file) == 0 {
            return 0;
        }
        if !path.is_null() && SSL_CTX_load_verify_dir(ctx, path) == 0 {
            return 0;
        }
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_verify_paths(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        with_store(ctx, |st| X509_STORE_set_default_paths(st))
    })
}

const X509_L_FILE_LOAD: c_int = 1;
const X509_L_ADD_DIR: c_int = 2;
const X509_L_ADD_STORE: c_int = 3;
const X509_FILETYPE_DEFAULT: c_long = 3;

/// The three `set_default_verify_*`: a lookup of the kind added to the store,
/// given the default location; failing to load from it is not an error (its
/// errors are dropped), failing to add the lookup is.
unsafe fn add_default_lookup(
    ctx: *mut SSL_CTX,
    method: unsafe extern "C" fn() -> *mut X509_LOOKUP_METHOD,
    cmd: c_int,
    argl: c_long,
) -> c_int {
    with_store(ctx, |st| {
        let lookup = X509_STORE_add_lookup(st, method());
        if lookup.is_null() {
            return 0;
        }
        ERR_set_mark();
        X509_LOOKUP_ctrl(lookup, cmd, std::ptr::null(), argl, null_mut());
        ERR_pop_to_mark();
        1
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_verify_dir(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        add_default_lookup(
            ctx,
            X509_LOOKUP_hash_dir,
            X509_L_ADD_DIR,
            X509_FILETYPE_DEFAULT,
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_verify_file(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        add_default_lookup(
            ctx,
            X509_LOOKUP_file,
            X509_L_FILE_LOAD,
            X509_FILETYPE_DEFAULT,
        )
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_default_verify_store(ctx: *mut SSL_CTX) -> c_int {
    guard!(0, {
        add_default_lookup(ctx, X509_LOOKUP_store, X509_L_ADD_STORE, 0)
    })
}
