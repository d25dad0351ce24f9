//! memcached through the `memcache` crate's meta-protocol client
//! (`memcache::exp::MetaClient`): per-server pools dialed lazily, one
//! deadline per exchange, binary keys sent base64 by the crate, and keys
//! spread over several servers by rendezvous hashing with a hash of our
//! own that is stable across builds (every machine of the fleet must route
//! a key to the same server).
//!
//! `take` has no atomic command in memcached: it is `mg` with the item's
//! CAS, then `md` guarded by that CAS. Only the caller whose guarded delete
//! applied gets the value, so of racing takers at most one wins, even
//! across machines; the others see a miss.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::{Duration, Instant};

use memcache::exp::{
    Delete, Error, Get, Meta, MetaClient, MutationStatus, Router, ServerAddress, Set, Ttl,
};

use super::options::MemcachedServer;
use super::StoreError;

/// FNV-1a, 64 bits: fixed forever, unlike std's `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64's finalizer: spreads FNV's output over all 64 bits.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// Rendezvous (highest random weight) hashing: removing a server moves
/// only its own keys, whatever the order of the list.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct StableRendezvous;

impl Router for StableRendezvous {
    fn route(&self, key: &[u8], servers: &[String]) -> usize {
        let k = fnv1a(key);
        let mut best = (0usize, 0u64);
        for (i, id) in servers.iter().enumerate() {
            let score = mix(k ^ mix(fnv1a(id.as_bytes())));
            if i == 0 || score > best.1 {
                best = (i, score);
            }
        }
        best.0
    }
}

/// A server as the crate wants it: the configured identity (routing) and
/// the address resolved when the store was opened (no DNS on a call).
struct Addr(MemcachedServer);

impl ToSocketAddrs for Addr {
    type Iter = std::option::IntoIter<SocketAddr>;
    fn to_socket_addrs(&self) -> std::io::Result<Self::Iter> {
        Ok(Some(self.0.addr).into_iter())
    }
}

impl ServerAddress for Addr {
    fn identity(&self) -> String {
        self.0.id.clone()
    }
}

pub(crate) struct MemcachedBackend {
    /// get, add, set, delete: one exchange of at most the bound.
    client: MetaClient,
    /// take: two exchanges of at most half the bound each, on their own
    /// connections.
    take_client: MetaClient,
    ids: Vec<String>,
}

fn store_error(e: Error) -> StoreError {
    match e {
        Error::Timeout { .. } => StoreError::Timeout,
        Error::Ambiguous { source, .. } => store_error(*source),
        Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            StoreError::Timeout
        }
        other => StoreError::Io(format!("memcached: {other}")),
    }
}

/// Whole seconds, rounded up, at least 1 (0 is "never expires" or an
/// error in memcached, never what a caller meant).
fn ttl_secs(ttl: Duration) -> Ttl {
    let secs = ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0);
    Ttl::secs(secs.clamp(1, u32::MAX as u64) as u32)
}

impl MemcachedBackend {
    pub(crate) fn new(
        servers: &[MemcachedServer],
        timeout: Duration,
    ) -> Result<MemcachedBackend, StoreError> {
        let build = |connect: Duration, io: Duration| {
            MetaClient::builder()
                .router(StableRendezvous)
                .connect_timeout(Some(connect))
                .io_timeout(Some(io))
                .max_idle(16)
                .connect_multiple(servers.iter().cloned().map(Addr))
                .map_err(store_error)
        };
        Ok(MemcachedBackend {
            client: build(timeout / 2, timeout)?,
            take_client: build(timeout / 4, timeout / 2)?,
            ids: servers.iter().map(|s| s.id.clone()).collect(),
        })
    }

    pub(crate) fn servers(&self) -> usize {
        self.ids.len()
    }

    /// The index of the server that holds `key`.
    pub(crate) fn route(&self, key: &[u8]) -> usize {
        StableRendezvous
            .route(key, &self.ids)
            .min(self.ids.len() - 1)
    }

    pub(crate) fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        let got = self.client.run(Get::new(key)).map_err(store_error)?;
        Ok(if got.hit() { got.value } else { None })
    }

    pub(crate) fn take(
        &self,
        key: &[u8],
        deadline: Instant,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let got = self
            .take_client
            .run(Get::new(key).meta(Meta::NONE.cas()))
            .map_err(store_error)?;
        let hit = got.hit();
        let (Some(value), Some(cas)) = (got.value.filter(|_| hit), got.item.cas) else {
            return Ok(None);
        };
        if Instant::now() >= deadline {
            // Not deleted: nobody used it, it stays for another taker.
            return Err(StoreError::Timeout);
        }
        let deleted = self
            .take_client
            .run(Delete::new(key).compare_cas(cas))
            .map_err(store_error)?;
        match deleted.status {
            MutationStatus::Applied => Ok(Some(value)),
            // Someone else took (or replaced) it between our two steps.
            _ => Ok(None),
        }
    }

    pub(crate) fn set(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<(), StoreError> {
        self.client
            .run(Set::new(key, value).ttl(ttl_secs(ttl)))
            .map_err(store_error)
            .map(|_| ())
    }

    pub(crate) fn add(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<bool, StoreError> {
        let r = self
            .client
            .run(Set::new(key, value).ttl(ttl_secs(ttl)).add())
            .map_err(store_error)?;
        Ok(r.applied())
    }

    pub(crate) fn delete(&self, key: &[u8]) -> Result<(), StoreError> {
        self.client
            .run(Delete::new(key))
            .map_err(store_error)
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routing_is_stable_balanced_and_moves_only_the_lost_share() {
        // Fixed values: a change of hash would split a fleet built from
        // two versions.
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let three: Vec<String> = (0..3).map(|i| format!("10.0.0.{i}:11211")).collect();
        let two = vec![three[0].clone(), three[2].clone()];
        let mut counts = [0usize; 3];
        for k in 0..3000u32 {
            let key = k.to_be_bytes();
            let before = StableRendezvous.route(&key, &three);
            counts[before] += 1;
            let after = StableRendezvous.route(&key, &two);
            if before != 1 {
                assert_eq!(
                    two[after], three[before],
                    "a key moved without its server going"
                );
            }
        }
        assert!(counts.iter().all(|&c| c > 800), "unbalanced {counts:?}");
    }
}
