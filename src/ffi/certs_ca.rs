//! CA name lists: the context's and connection's `client_ca_names` (sent in a
//! CertificateRequest) and `ca_names` (the certificate_authorities extension),
//! and the functions that build lists from files.
//!
//! A context's lists exist from the start (empty); a connection's are NULL
//! until set, and its getters fall back to its context's.

use super::certs_crypto::*;
use super::certs_keys::ERR_R_PASSED_NULL_PARAMETER;
use super::certs_state::{ctx_certs, replace_list, ssl_certs, Certs};
use super::consts::ERR_R_MALLOC_FAILURE;
use super::err::raise;

const ERR_LIB_SYS: c_int = 2;
/// `ERR_R_SYS_LIB`.
const ERR_R_SYS_LIB: c_int = ERR_LIB_SYS | (2 << 18);
use super::{borrow, guard, OSSL_LIB_CTX, SSL, SSL_CTX};
use std::os::raw::{c_char, c_int, c_void};
use std::ptr::null_mut;

/// `add_ca_name`: a copy of `x`'s subject appended (the list created if NULL).
unsafe fn add_name(slot: &mut Option<*mut stack_st_X509_NAME>, x: *const X509) -> c_int {
    if x.is_null() {
        return 0;
    }
    let list = slot.get_or_insert(null_mut());
    if list.is_null() {
        *list = OPENSSL_sk_new_null() as *mut stack_st_X509_NAME;
    }
    let name = X509_NAME_dup(X509_get_subject_name(x));
    if name.is_null() {
        return 0;
    }
    if OPENSSL_sk_push(*list as *mut c_void, name as *const c_void) == 0 {
        X509_NAME_free(name);
        return 0;
    }
    1
}

/// Which of the two lists.
#[derive(Clone, Copy)]
enum Which {
    ClientCa,
    CaNames,
}

fn field(c: &mut Certs, which: Which) -> &mut Option<*mut stack_st_X509_NAME> {
    match which {
        Which::ClientCa => &mut c.client_ca,
        Which::CaNames => &mut c.ca_names,
    }
}

unsafe fn ctx_get(ctx: *const SSL_CTX, which: Which) -> *mut stack_st_X509_NAME {
    borrow(ctx).map_or(null_mut(), |x| {
        Certs::ctx_list(field(&mut ctx_certs(x), which))
    })
}

/// A connection's list, else its current context's (`SSL_set_SSL_CTX`).
unsafe fn ssl_get(s: *const SSL, which: Which) -> *mut stack_st_X509_NAME {
    borrow(s).map_or(null_mut(), |x| {
        let own = field(&mut ssl_certs(x), which).unwrap_or(null_mut());
        if own.is_null() {
            // The connection holds its current context.
            let ctx = &*super::ctrl_shell::active_ctx(x);
            Certs::ctx_list(field(&mut ctx_certs(ctx), which))
        } else {
            own
        }
    })
}

unsafe fn ctx_set(ctx: *mut SSL_CTX, which: Which, list: *mut stack_st_X509_NAME) {
    if let Some(x) = borrow(ctx) {
        replace_list(field(&mut ctx_certs(x), which), list);
    }
}

unsafe fn ssl_set(s: *mut SSL, which: Which, list: *mut stack_st_X509_NAME) {
    if let Some(x) = borrow(s) {
        replace_list(field(&mut ssl_certs(x), which), list);
    }
}

unsafe fn ctx_add(ctx: *mut SSL_CTX, which: Which, x509: *const X509) -> c_int {
    borrow(ctx).map_or(0, |x| add_name(field(&mut ctx_certs(x), which), x509))
}

unsafe fn ssl_add(s: *mut SSL, which: Which, x509: *const X509) -> c_int {
    borrow(s).map_or(0, |x| add_name(field(&mut ssl_certs(x), which), x509))
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set_client_CA_list(
    ctx: *mut SSL_CTX,
    name_list: *mut stack_st_X509_NAME,
) {
    guard!((), { ctx_set(ctx, Which::ClientCa, name_list) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set_client_CA_list(s: *mut SSL, name_list: *mut stack_st_X509_NAME) {
    guard!((), { ssl_set(s, Which::ClientCa, name_list) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_set0_CA_list(
    ctx: *mut SSL_CTX,
    name_list: *mut stack_st_X509_NAME,
) {
    guard!((), { ctx_set(ctx, Which::CaNames, name_list) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_set0_CA_list(s: *mut SSL, name_list: *mut stack_st_X509_NAME) {
    guard!((), { ssl_set(s, Which::CaNames, name_list) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get_client_CA_list(s: *const SSL_CTX) -> *mut stack_st_X509_NAME {
    guard!(null_mut(), { ctx_get(s, Which::ClientCa) })
}

/// A client has the list the server sent, which needs a handshake: NULL.
#[no_mangle]
pub unsafe extern "C" fn SSL_get_client_CA_list(s: *const SSL) -> *mut stack_st_X509_NAME {
    guard!(null_mut(), {
        match borrow(s) {
            Some(x) if x.is_server() => ssl_get(s, Which::ClientCa),
            _ => null_mut(),
        }
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_get0_CA_list(ctx: *const SSL_CTX) -> *const stack_st_X509_NAME {
    guard!(std::ptr::null(), { ctx_get(ctx, Which::CaNames) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_get0_CA_list(s: *const SSL) -> *const stack_st_X509_NAME {
    guard!(std::ptr::null(), { ssl_get(s, Which::CaNames) })
}

/// The list the peer sent: needs a handshake, so NULL.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_peer_CA_list(s: *const SSL) -> *const stack_st_X509_NAME {
    guard!(std::ptr::null(), {
        let _ = s;
        std::ptr::null()
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add_client_CA(ctx: *mut SSL_CTX, x: *mut X509) -> c_int {
    guard!(0, { ctx_add(ctx, Which::ClientCa, x) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_add_client_CA(ssl: *mut SSL, x: *mut X509) -> c_int {
    guard!(0, { ssl_add(ssl, Which::ClientCa, x) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_CTX_add1_to_CA_list(ctx: *mut SSL_CTX, x: *const X509) -> c_int {
    guard!(0, { ctx_add(ctx, Which::CaNames, x) })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_add1_to_CA_list(ssl: *mut SSL, x: *const X509) -> c_int {
    guard!(0, { ssl_add(ssl, Which::CaNames, x) })
}

/// A new list of copies of `sk`'s names.
#[no_mangle]
pub unsafe extern "C" fn SSL_dup_CA_list(sk: *const stack_st_X509_NAME) -> *mut stack_st_X509_NAME {
    guard!(null_mut(), {
        let num = OPENSSL_sk_num(sk as *const c_void);
        let ret = OPENSSL_sk_new_reserve(std::ptr::null(), num);
        if ret.is_null() {
            raise!(ERR_R_MALLOC_FAILURE, "SSL_dup_CA_list");
            return null_mut();
        }
        for i in 0..num {
            let name = X509_NAME_dup(OPENSSL_sk_value(sk as *const c_void, i) as *const X509_NAME);
            if name.is_null() {
                raise!(ERR_R_MALLOC_FAILURE, "SSL_dup_CA_list");
                OPENSSL_sk_pop_free(ret, free_name);
                return null_mut();
            }
            OPENSSL_sk_push(ret, name as *const c_void);
        }
        ret as *mut stack_st_X509_NAME
    })
}

/// Reads every PEM certificate of `file` and hands each subject to `each`
/// (which owns it). `Err` when the file cannot be opened (errors queued by
/// libcrypto) or `each` fails.
unsafe fn for_each_subject(
    file: *const c_char,
    mut each: impl FnMut(*mut X509_NAME) -> bool,
) -> Result<(), ()> {
    // Deviation: OpenSSL hands a NULL path to fopen (undefined behaviour).
    if file.is_null() {
        raise!(ERR_R_PASSED_NULL_PARAMETER, "SSL_load_client_CA_file_ex");
        return Err(());
    }
    let bio = BIO_new(BIO_s_file());
    if bio.is_null() {
        raise!(ERR_R_MALLOC_FAILURE, "SSL_load_client_CA_file_ex");
        return Err(());
    }
    let mut x: *mut X509 = null_mut();
    let mut result = Ok(());
    if bio_read_filename(bio, file) <= 0 {
        result = Err(());
    } else {
        while !PEM_read_bio_X509(bio, &mut x, null_mut(), null_mut()).is_null() {
            let name = X509_NAME_dup(X509_get_subject_name(x));
            if name.is_null() || !each(name) {
                result = Err(());
                break;
            }
        }
    }
    BIO_free(bio);
    X509_free(x);
    result
}

/// The distinct subjects of the file's certificates, in file order; NULL
/// (with libcrypto's errors queued) when the file cannot be read or holds no
/// certificate. On success the error queue is cleared.
#[no_mangle]
pub unsafe extern "C" fn SSL_load_client_CA_file_ex(
    file: *const c_char,
    libctx: *mut OSSL_LIB_CTX,
    propq: *const c_char,
) -> *mut stack_st_X509_NAME {
    guard!(null_mut(), {
        let _ = (libctx, propq);
        let mut ret: *mut c_void = null_mut();
        let outcome = for_each_subject(file, |name| {
            if ret.is_null() {
                ret = OPENSSL_sk_new_null();
            }
            let dup = (0..OPENSSL_sk_num(ret))
                .any(|i| X509_NAME_cmp(OPENSSL_sk_value(ret, i) as *const X509_NAME, name) == 0);
            if dup {
                X509_NAME_free(name);
                true
            } else {
                OPENSSL_sk_push(ret, name as *const c_void) != 0
            }
        });
        if outcome.is_err() && !ret.is_null() {
            OPENSSL_sk_pop_free(ret, free_name);
            ret = null_mut();
        }
        if !ret.is_null() {
            ERR_clear_error();
        }
        ret as *mut stack_st_X509_NAME
    })
}

#[no_mangle]
pub unsafe extern "C" fn SSL_load_client_CA_file(file: *const c_char) -> *mut stack_st_X509_NAME {
    guard!(null_mut(), {
        SSL_load_client_CA_file_ex(file, null_mut(), std::ptr::null())
    })
}

/// `X509_NAME_cmp` as a stack comparison (pointers to the elements).
unsafe extern "C" fn name_sk_cmp(a: *const *const X509_NAME, b: *const *const X509_NAME) -> c_int {
    X509_NAME_cmp(*a, *b)
}

/// Appends the file's subjects not already in `stack`; 1, or 0 when the file
/// cannot be read. The stack is compared with `X509_NAME_cmp` meanwhile (and
/// sorted by libcrypto's find, as in OpenSSL); its comparison is restored.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_file_cert_subjects_to_stack(
    stack: *mut stack_st_X509_NAME,
    file: *const c_char,
) -> c_int {
    guard!(0, {
        if stack.is_null() {
            return 0;
        }
        let sk = stack as *mut c_void;
        let old = OPENSSL_sk_set_cmp_func(sk, name_sk_cmp as *const c_void);
        let outcome = for_each_subject(file, |name| {
            if OPENSSL_sk_find(sk, name as *const c_void) >= 0 {
                X509_NAME_free(name);
                true
            } else if OPENSSL_sk_push(sk, name as *const c_void) == 0 {
                X509_NAME_free(name);
                false
            } else {
                true
            }
        });
        if outcome.is_ok() {
            ERR_clear_error();
        }
        OPENSSL_sk_set_cmp_func(sk, old);
        outcome.is_ok() as c_int
    })
}

/// OpenSSL's errors for a directory it cannot read: the system error (with
/// the call in its data), then `ERR_R_SYS_LIB`.
unsafe fn dir_error(e: std::io::Error, dir: &std::ffi::CStr) {
    let data = format!("calling OPENSSL_dir_read({})", dir.to_string_lossy());
    let data = std::ffi::CString::new(data).unwrap_or_default();
    ERR_new();
    ERR_set_debug(
        c"ssl/ssl_cert.c".as_ptr(),
        0,
        c"SSL_add_dir_cert_subjects_to_stack".as_ptr(),
    );
    ERR_set_error(
        ERR_LIB_SYS,
        e.raw_os_error().unwrap_or(0),
        c"%s".as_ptr(),
        data.as_ptr(),
    );
    raise!(ERR_R_SYS_LIB, "SSL_add_dir_cert_subjects_to_stack");
}

/// Each file of `dir`, in directory order, as `SSL_add_file_cert_subjects_to_stack`.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_dir_cert_subjects_to_stack(
    stack: *mut stack_st_X509_NAME,
    dir: *const c_char,
) -> c_int {
    guard!(0, {
        let Some(dir) = super::c_str(dir) else {
            return 0;
        };
        let path = std::path::Path::new(std::ffi::OsStr::from_encoded_bytes_unchecked(
            dir.to_bytes(),
        ));
        let entries = match std::fs::read_dir(path) {
            Ok(entries) => entries,
            Err(e) => {
                dir_error(e, dir);
                return 0;
            }
        };
        for entry in entries.flatten() {
            let Ok(name) =
                std::ffi::CString::new(entry.path().into_os_string().into_encoded_bytes())
            else {
                return 0;
            };
            if SSL_add_file_cert_subjects_to_stack(stack, name.as_ptr()) == 0 {
                return 0;
            }
        }
        1
    })
}

const OSSL_STORE_INFO_NAME: c_int = 1;
const OSSL_STORE_INFO_CERT: c_int = 5;

/// Adds the subjects of the certificates at `uri` (an `OSSL_STORE` URI), and
/// of those one level of names further down (a directory's files).
unsafe fn add_uris_recursive(sk: *mut c_void, uri: *const c_char, depth: c_int) -> bool {
    let store = OSSL_STORE_open(uri, null_mut(), null_mut(), std::ptr::null(), null_mut());
    if store.is_null() {
        return false;
    }
    let mut ok = true;
    while OSSL_STORE_eof(store) == 0 && OSSL_STORE_error(store) == 0 {
        let info = OSSL_STORE_load(store);
        if info.is_null() {
            continue;
        }
        match OSSL_STORE_INFO_get_type(info) {
            OSSL_STORE_INFO_NAME if depth > 0 => {
                let name = OSSL_STORE_INFO_get0_NAME(info);
                ok = add_uris_recursive(sk, name, depth - 1) && ok;
            }
            OSSL_STORE_INFO_CERT => {
                let x = OSSL_STORE_INFO_get0_CERT(info);
                let name = if x.is_null() {
                    null_mut()
                } else {
                    X509_NAME_dup(X509_get_subject_name(x))
                };
                let failed = if name.is_null() {
                    true
                } else if OPENSSL_sk_find(sk, name as *const c_void) >= 0 {
                    X509_NAME_free(name);
                    false
                } else if OPENSSL_sk_push(sk, name as *const c_void) == 0 {
                    X509_NAME_free(name);
                    true
                } else {
                    false
                };
                if failed {
                    OSSL_STORE_INFO_free(info);
                    OSSL_STORE_close(store);
                    return false;
                }
            }
            _ => {}
        }
        OSSL_STORE_INFO_free(info);
    }
    ERR_clear_error();
    OSSL_STORE_close(store);
    ok
}

/// The subjects of the certificates an `OSSL_STORE` URI names (a file, or a
/// directory's files), each added unless `stack` has it already.
#[no_mangle]
pub unsafe extern "C" fn SSL_add_store_cert_subjects_to_stack(
    stack: *mut stack_st_X509_NAME,
    uri: *const c_char,
) -> c_int {
    guard!(0, {
        if stack.is_null() || uri.is_null() {
            return 0;
        }
        let sk = stack as *mut c_void;
        let old = OPENSSL_sk_set_cmp_func(sk, name_sk_cmp as *const c_void);
        let ok = add_uris_recursive(sk, uri, 1);
        OPENSSL_sk_set_cmp_func(sk, old);
        ok as c_int
    })
}
