//! Stateless session tickets shared by the fleet: the ticket keys of epoch
//! `unix_time / rotate` live in the store (sealed, kind `TicketKey`), made by
//! whichever server asks first (an atomic set-if-absent) and fetched by the
//! others. A background thread per process keeps the local ring current (the
//! key of this epoch and of the next one, made ahead so every server has it
//! when the epoch turns, and the keys of the epochs whose tickets may still
//! be alive). The handshake path (`ticket_key_cb`) reads only the local ring:
//! it never waits on the store. With no fleet key for the epoch (store down,
//! or the first handshake before the first fetch) it makes a local key, which
//! the refresher offers to the fleet when the store answers.

use crate::fleet::Fleet;
use crate::seal::{random, wipe, Kind};
use crate::store::Store;
use crate::{attach, ffi};
use libc::{c_int, c_uchar};
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NAME_LEN: usize = 16;
const KEY_PLAIN_LEN: usize = NAME_LEN + 64;
/// At most this many past epochs are fetched and kept.
const MAX_PAST_EPOCHS: u64 = 48;

#[derive(Clone)]
pub struct TicketKey {
    epoch: u64,
    name: [u8; NAME_LEN],
    aes: [u8; 32],
    hmac: [u8; 32],
    /// From (or accepted by) the store; false for a key made locally.
    fleet: bool,
}

impl Drop for TicketKey {
    fn drop(&mut self) {
        wipe(&mut self.aes);
        wipe(&mut self.hmac);
    }
}

impl TicketKey {
    fn generate(epoch: u64) -> Option<TicketKey> {
        let mut k = TicketKey {
            epoch,
            name: [0; NAME_LEN],
            aes: [0; 32],
            hmac: [0; 32],
            fleet: false,
        };
        (random(&mut k.name) && random(&mut k.aes) && random(&mut k.hmac)).then_some(k)
    }

    fn to_bytes(&self) -> Vec<u8> {
        let mut v = Vec::with_capacity(KEY_PLAIN_LEN);
        v.extend_from_slice(&self.name);
        v.extend_from_slice(&self.aes);
        v.extend_from_slice(&self.hmac);
        v
    }

    fn from_bytes(epoch: u64, b: &[u8]) -> Option<TicketKey> {
        if b.len() != KEY_PLAIN_LEN {
            return None;
        }
        let mut k = TicketKey {
            epoch,
            name: [0; NAME_LEN],
            aes: [0; 32],
            hmac: [0; 32],
            fleet: true,
        };
        k.name.copy_from_slice(&b[..16]);
        k.aes.copy_from_slice(&b[16..48]);
        k.hmac.copy_from_slice(&b[48..]);
        Some(k)
    }
}

pub struct TicketRing {
    rotate: u64,
    /// The longest session lifetime of the attached contexts, in seconds:
    /// how long a key stays accepted after its epoch.
    lifetime: AtomicU64,
    /// The keys, behind a lock that a fork may catch held by the refresher
    /// thread (which the child does not have): the child replaces it
    /// (`after_fork`), leaking the parent's.
    keys: AtomicPtr<RwLock<Vec<TicketKey>>>,
    refresher_pid: AtomicU32,
    /// Keys taken from the store / made locally (counters for the stats).
    pub fleet_keys: AtomicU64,
    pub local_keys: AtomicU64,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl TicketRing {
    pub fn new(rotate: Duration) -> TicketRing {
        TicketRing {
            rotate: rotate.as_secs().max(1),
            lifetime: AtomicU64::new(300),
            keys: AtomicPtr::new(Box::into_raw(Box::new(RwLock::new(Vec::new())))),
            refresher_pid: AtomicU32::new(0),
            fleet_keys: AtomicU64::new(0),
            local_keys: AtomicU64::new(0),
        }
    }

    fn keys(&self) -> &RwLock<Vec<TicketKey>> {
        // SAFETY: the pointer always comes from Box::into_raw and is never freed.
        unsafe { &*self.keys.load(Ordering::Acquire) }
    }

    /// In a forked child: a fresh lock, with the parent's keys if the lock
    /// was free at the fork.
    pub fn after_fork(&self) {
        let keys = match self.keys().try_read() {
            Ok(k) => k.clone(),
            Err(_) => Vec::new(),
        };
        self.keys.store(
            Box::into_raw(Box::new(RwLock::new(keys))),
            Ordering::Release,
        );
    }

    pub fn note_lifetime(&self, secs: u64) {
        self.lifetime.fetch_max(secs, Ordering::Relaxed);
    }

    fn epoch(&self) -> u64 {
        now_secs() / self.rotate
    }

    fn past_epochs(&self) -> u64 {
        self.lifetime
            .load(Ordering::Relaxed)
            .div_ceil(self.rotate)
            .clamp(1, MAX_PAST_EPOCHS)
    }

    /// The key to encrypt a new ticket with: the fleet's key of this epoch,
    /// else a local one (made now if needed, without asking the store).
    fn encryption_key(&self) -> Option<TicketKey> {
        let e = self.epoch();
        let pick = |keys: &Vec<TicketKey>| {
            keys.iter()
                .filter(|k| k.epoch == e)
                .max_by_key(|k| k.fleet)
                .cloned()
        };
        if let Some(k) = pick(&self.keys().read().unwrap_or_else(|p| p.into_inner())) {
            return Some(k);
        }
        let mut keys = self.keys().write().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = pick(&keys) {
            return Some(k);
        }
        let k = TicketKey::generate(e)?;
        self.local_keys.fetch_add(1, Ordering::Relaxed);
        keys.push(k.clone());
        Some(k)
    }

    /// The key named `name`, and whether a ticket under it should be renewed.
    fn decryption_key(&self, name: &[u8]) -> Option<(TicketKey, bool)> {
        let current = self.encryption_key()?;
        let keys = self.keys().read().unwrap_or_else(|p| p.into_inner());
        let k = keys.iter().find(|k| k.name == name)?.clone();
        let renew = k.name != current.name;
        Some((k, renew))
    }

    fn has_fleet_key(&self, epoch: u64) -> bool {
        self.keys()
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|k| k.epoch == epoch && k.fleet)
    }

    fn insert_fleet_key(&self, k: TicketKey) {
        let mut keys = self.keys().write().unwrap_or_else(|p| p.into_inner());
        if !keys.iter().any(|x| x.name == k.name) {
            self.fleet_keys.fetch_add(1, Ordering::Relaxed);
            keys.push(k);
        } else if let Some(x) = keys.iter_mut().find(|x| x.name == k.name) {
            x.fleet = true;
        }
    }

    /// One pass of the refresher; false when something could not be had
    /// from the store (retry soon).
    fn refresh(&self, fleet: &Fleet) -> bool {
        let e = self.epoch();
        let past = self.past_epochs();
        let ttl = Duration::from_secs((past + 3) * self.rotate);
        let mut complete = true;
        for epoch in e.saturating_sub(past)..=e + 1 {
            if self.has_fleet_key(epoch) {
                continue;
            }
            let key = fleet.key(Kind::TicketKey, b"", &epoch.to_be_bytes());
            match self.fetch(fleet, &key, epoch) {
                Ok(Some(k)) => {
                    self.insert_fleet_key(k);
                    continue;
                }
                Ok(None) if epoch >= e => {}
                Ok(None) => continue,
                Err(()) => {
                    complete = false;
                    continue;
                }
            }
            // Nobody made this epoch's key yet: offer ours (a local key of
            // this epoch if handshakes already use one).
            let local = {
                let keys = self.keys().read().unwrap_or_else(|p| p.into_inner());
                keys.iter().find(|k| k.epoch == epoch && !k.fleet).cloned()
            };
            let Some(mut candidate) = local.or_else(|| TicketKey::generate(epoch)) else {
                complete = false;
                continue;
            };
            let mut plain = candidate.to_bytes();
            let sealed = fleet.seal(Kind::TicketKey, b"", &plain);
            wipe(&mut plain);
            let Some(sealed) = sealed else {
                complete = false;
                continue;
            };
            match fleet.store.add(&key, &sealed, ttl) {
                Ok(true) => {
                    candidate.fleet = true;
                    self.insert_fleet_key(candidate);
                }
                Ok(false) => match self.fetch(fleet, &key, epoch) {
                    Ok(Some(k)) => self.insert_fleet_key(k),
                    _ => complete = false,
                },
                Err(_) => complete = false,
            }
        }
        let oldest = e.saturating_sub(past);
        self.keys()
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|k| k.epoch >= oldest);
        complete
    }

    fn fetch(&self, fleet: &Fleet, key: &[u8], epoch: u64) -> Result<Option<TicketKey>, ()> {
        match fleet.store.get(key) {
            Ok(Some(sealed)) => {
                let Some(mut plain) = fleet.open(Kind::TicketKey, b"", &sealed) else {
                    return Ok(None);
                };
                let k = TicketKey::from_bytes(epoch, &plain);
                wipe(&mut plain);
                if k.is_none() {
                    crate::fleet::bump(&fleet.counters.rejected);
                }
                Ok(k)
            }
            Ok(None) => Ok(None),
            Err(_) => Err(()),
        }
    }
}

/// Starts this process's refresher thread for `fleet` if it has none (first
/// attach, or the first call in a forked child: threads do not survive fork).
pub fn ensure_refresher(fleet: &Arc<Fleet>) {
    if !fleet.config.tickets {
        return;
    }
    let pid = crate::pid::current();
    let ring = &fleet.tickets;
    let seen = ring.refresher_pid.load(Ordering::Acquire);
    if seen == pid
        || ring
            .refresher_pid
            .compare_exchange(seen, pid, Ordering::AcqRel, Ordering::Acquire)
            .is_err()
    {
        return;
    }
    let f = fleet.clone();
    let spawned = std::thread::Builder::new()
        .name("sessl-fleet-tickets".into())
        .spawn(move || loop {
            if crate::pid::current() != pid {
                return;
            }
            let complete = f.tickets.refresh(&f);
            let pause = if complete {
                (f.tickets.rotate / 4).clamp(1, 10)
            } else {
                1
            };
            std::thread::sleep(Duration::from_secs(pause));
        });
    if spawned.is_err() {
        ring.refresher_pid.store(0, Ordering::Release);
    }
}

/// The ticket-key callback installed by `SSL_CTX_set_tlsext_ticket_key_evp_cb`.
/// # Safety
/// Called by libssl with valid pointers (a 16-byte name, an IV buffer of
/// EVP_MAX_IV_LENGTH bytes, initialised cipher and MAC contexts).
pub unsafe extern "C" fn ticket_key_cb(
    ssl: *mut ffi::SSL,
    key_name: *mut c_uchar,
    iv: *mut c_uchar,
    cctx: *mut ffi::EVP_CIPHER_CTX,
    hctx: *mut ffi::EVP_MAC_CTX,
    enc: c_int,
) -> c_int {
    let Some(state) = attach::state_of_ssl(ssl) else {
        return 0;
    };
    let fleet = &state.fleet;
    ensure_refresher(fleet);
    let ring = &fleet.tickets;
    let name = std::slice::from_raw_parts_mut(key_name, NAME_LEN);
    let iv = std::slice::from_raw_parts_mut(iv, 16);
    let (key, ret) = if enc == 1 {
        let Some(k) = ring.encryption_key() else {
            return -1;
        };
        if !random(iv) {
            return -1;
        }
        name.copy_from_slice(&k.name);
        (k, 1)
    } else {
        match ring.decryption_key(name) {
            Some((k, renew)) => (k, if renew { 2 } else { 1 }),
            None => return 0,
        }
    };
    let mut hmac = key.hmac;
    let params = [
        ffi::OSSL_PARAM {
            key: c"key".as_ptr(),
            data_type: ffi::OSSL_PARAM_OCTET_STRING,
            data: hmac.as_mut_ptr().cast(),
            data_size: 32,
            return_size: usize::MAX,
        },
        ffi::OSSL_PARAM {
            key: c"digest".as_ptr(),
            data_type: ffi::OSSL_PARAM_UTF8_STRING,
            data: c"SHA256".as_ptr() as *mut _,
            data_size: 6,
            return_size: usize::MAX,
        },
        ffi::OSSL_PARAM {
            key: std::ptr::null(),
            data_type: 0,
            data: std::ptr::null_mut(),
            data_size: 0,
            return_size: 0,
        },
    ];
    let ok = ffi::EVP_CipherInit_ex(
        cctx,
        ffi::EVP_aes_256_cbc(),
        std::ptr::null_mut(),
        key.aes.as_ptr(),
        iv.as_ptr(),
        enc,
    ) == 1
        && ffi::EVP_MAC_CTX_set_params(hctx, params.as_ptr()) == 1;
    wipe(&mut hmac);
    if ok {
        ret
    } else {
        -1
    }
}
