//! `SSL_get0_peer_scts`: the peer's Signed Certificate Timestamps, gathered
//! by the first call and kept by the connection as OpenSSL does: those of the
//! TLS extension (only a handshake receives one), of the stapled OCSP
//! response (`SSL_set_tlsext_status_ocsp_resp` stores it in the same place),
//! then of the session's peer certificate. The list exists once a source
//! exists (empty when it holds no SCT); with none it stays NULL. Later calls
//! return what the first found, whatever the session has become since.

use super::certs_crypto::stack_st_SCT;
use super::shell::X509;
use super::{borrow, guard, SSL};
use crate::sync::lock;
use std::os::raw::{c_int, c_long, c_void};
use std::ptr::null_mut;

#[link(name = "crypto")]
extern "C" {
    fn d2i_OCSP_RESPONSE(a: *mut *mut c_void, pp: *mut *const u8, len: c_long) -> *mut c_void;
    fn OCSP_response_get1_basic(resp: *mut c_void) -> *mut c_void;
    fn OCSP_resp_count(bs: *mut c_void) -> c_int;
    fn OCSP_resp_get0(bs: *mut c_void, idx: c_int) -> *mut c_void;
    fn OCSP_SINGLERESP_get1_ext_d2i(
        single: *mut c_void,
        nid: c_int,
        crit: *mut c_int,
        idx: *mut c_int,
    ) -> *mut c_void;
    fn OCSP_BASICRESP_free(bs: *mut c_void);
    fn OCSP_RESPONSE_free(resp: *mut c_void);
    fn X509_get_ext_d2i(
        x: *const X509,
        nid: c_int,
        crit: *mut c_int,
        idx: *mut c_int,
    ) -> *mut c_void;
    fn SCT_set_source(sct: *mut c_void, source: c_int) -> c_int;
    fn SCT_LIST_free(list: *mut c_void);
    fn OPENSSL_sk_new_null() -> *mut c_void;
    fn OPENSSL_sk_pop(st: *mut c_void) -> *mut c_void;
    fn OPENSSL_sk_push(st: *mut c_void, data: *const c_void) -> c_int;
}

/// `NID_ct_precert_scts`: the certificate extension holding SCTs.
const NID_CT_PRECERT_SCTS: c_int = 951;
/// `NID_ct_cert_scts`: the OCSP single response extension holding SCTs.
const NID_CT_CERT_SCTS: c_int = 954;
/// `SCT_SOURCE_X509V3_EXTENSION`, `SCT_SOURCE_OCSP_STAPLED_RESPONSE`.
const SOURCE_X509V3: c_int = 2;
const SOURCE_OCSP: c_int = 3;

/// Frees a kept list (NULL is nothing).
pub(super) unsafe fn free_list(list: usize) {
    if list != 0 {
        SCT_LIST_free(list as *mut c_void);
    }
}

/// Moves the SCTs of `src` (taken from its end, as OpenSSL does) into
/// `*dst`, which is created first if missing, even for no `src`; `src` is
/// freed. `false` on a failure (nothing more is gathered then).
unsafe fn move_scts(dst: &mut usize, src: *mut c_void, source: c_int) -> bool {
    if *dst == 0 {
        *dst = OPENSSL_sk_new_null() as usize;
    }
    let mut ok = *dst != 0;
    while ok && !src.is_null() {
        let sct = OPENSSL_sk_pop(src);
        if sct.is_null() {
            break;
        }
        ok = SCT_set_source(sct, source) == 1 && OPENSSL_sk_push(*dst as *mut c_void, sct) > 0;
        if !ok {
            OPENSSL_sk_push(src, sct);
        }
    }
    if !src.is_null() {
        SCT_LIST_free(src);
    }
    ok
}

/// The SCTs of each single response of a stapled OCSP response; one that
/// does not decode queues libcrypto's errors and gives none.
unsafe fn from_ocsp(dst: &mut usize, resp: usize, len: i64) -> bool {
    if resp == 0 || len <= 0 {
        return true;
    }
    let mut p = resp as *const u8;
    let rsp = d2i_OCSP_RESPONSE(null_mut(), &mut p, len as c_long);
    if rsp.is_null() {
        return true;
    }
    let br = OCSP_response_get1_basic(rsp);
    let mut ok = true;
    if !br.is_null() {
        for i in 0..OCSP_resp_count(br) {
            let single = OCSP_resp_get0(br, i);
            if single.is_null() {
                continue;
            }
            let scts =
                OCSP_SINGLERESP_get1_ext_d2i(single, NID_CT_CERT_SCTS, null_mut(), null_mut());
            if !move_scts(dst, scts, SOURCE_OCSP) {
                ok = false;
                break;
            }
        }
        OCSP_BASICRESP_free(br);
    }
    OCSP_RESPONSE_free(rsp);
    ok
}

/// The first call gathers the SCTs of the stapled OCSP response and of the
/// session's peer certificate and keeps them: an empty list when a source
/// has none, NULL without a source; later calls return the same.
#[no_mangle]
pub unsafe extern "C" fn SSL_get0_peer_scts(s: *mut SSL) -> *const stack_st_SCT {
    guard!(std::ptr::null(), {
        let Some(x) = borrow(s) else {
            return std::ptr::null();
        };
        let shell = super::ctrl_shell::shell(&x.ctrl_shell);
        let ocsp = *lock(&shell.ocsp_resp);
        let mut kept = lock(&shell.peer_scts);
        if let Some(list) = *kept {
            return list as *const stack_st_SCT;
        }
        let mut list = 0usize;
        let peer = super::certs_verify::peer(s);
        let ok = from_ocsp(&mut list, ocsp.0, ocsp.1)
            && (peer.is_null()
                || move_scts(
                    &mut list,
                    X509_get_ext_d2i(peer, NID_CT_PRECERT_SCTS, null_mut(), null_mut()),
                    SOURCE_X509V3,
                ));
        if !ok {
            // OpenSSL keeps what it gathered and tries again next time.
            free_list(list);
            return std::ptr::null();
        }
        *kept = Some(list);
        list as *const stack_st_SCT
    })
}
