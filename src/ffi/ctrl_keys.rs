//! `SSL_CTRL_SET_TMP_DH` and `SSL_CTRL_SET_TMP_ECDH`: the legacy DH
//! parameters and ECDH curve, checked as OpenSSL checks them.

use super::certs_crypto::{EVP_PKEY_free, EVP_PKEY_get_security_bits, EVP_PKEY_new, EVP_PKEY};
use super::certs_keys::Owner;
use super::ctrl_consts::SSL_R_MISSING_PARAMETERS;
use super::ctrl_lists::set_groups;
use super::ctrl_shell::shell;
use super::err::raise;
use crate::core::config::security::TMP_DH;
use crate::sync::lock;
use std::any::Any;
use std::os::raw::{c_int, c_long, c_void};
use std::sync::OnceLock;

#[link(name = "crypto")]
extern "C" {
    fn EVP_PKEY_set1_DH(pkey: *mut EVP_PKEY, dh: *mut c_void) -> c_int;
    fn EC_KEY_get0_group(key: *const c_void) -> *const c_void;
    fn EC_GROUP_get_curve_name(group: *const c_void) -> c_int;
}

/// `SSL_R_DH_KEY_TOO_SMALL`.
const SSL_R_DH_KEY_TOO_SMALL: c_int = 394;

/// The DH parameters become an `EVP_PKEY` kept by the context or connection,
/// if the owner's security callback allows its bits.
pub unsafe fn set_tmp_dh(
    slot: &OnceLock<Box<dyn Any + Send + Sync>>,
    owner: Owner,
    dh: *mut c_void,
) -> c_long {
    let pkey = EVP_PKEY_new();
    if pkey.is_null() || EVP_PKEY_set1_DH(pkey, dh) <= 0 {
        EVP_PKEY_free(pkey);
        return 0;
    }
    let bits = EVP_PKEY_get_security_bits(pkey);
    if !super::security::owner_security(owner, TMP_DH, bits, 0, pkey as *mut c_void) {
        raise!(SSL_R_DH_KEY_TOO_SMALL, "SSL_CTX_set0_tmp_dh_pkey");
        EVP_PKEY_free(pkey);
        return 0;
    }
    let sh = shell(slot);
    let old = std::mem::replace(&mut *lock(&sh.tmp_dh), pkey as usize);
    if old != 0 {
        EVP_PKEY_free(old as *mut EVP_PKEY);
    }
    1
}

/// The EC key's curve becomes the one group offered: a key without a group
/// is refused with an error, a curve TLS does not know without one.
pub unsafe fn set_tmp_ecdh(key: *mut c_void) -> c_long {
    let group = EC_KEY_get0_group(key);
    if group.is_null() {
        raise!(SSL_R_MISSING_PARAMETERS, "ssl_set_tmp_ecdh_groups");
        return 0;
    }
    let nid = EC_GROUP_get_curve_name(group);
    if nid == 0 {
        return 0;
    }
    set_groups(&nid, 1)
}
