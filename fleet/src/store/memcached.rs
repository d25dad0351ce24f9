//! memcached through its meta text protocol (`mg`, `ms`, `md`, memcached
//! 1.6+), spoken here over the deadline-bounded connections of `conn.rs`:
//! a pool per server and process, dialed lazily, keys always sent base64
//! (`b` flag: binary-safe), keys spread over the servers by rendezvous
//! hashing with a hash stable across builds (every machine of the fleet
//! must route a key to the same server).
//!
//! Why not a crate: the maintained client (`memcache` 0.21, whose meta
//! client `memcache::exp` was tried first) waits with socket timeouts,
//! whose kernel-tick granularity made a 5 ms bound 11 to 12 ms (measured),
//! and its transport cannot be replaced from outside. The three commands
//! used here are a few lines each.
//!
//! `take` has no atomic command in memcached: it is `mg` with the item's
//! CAS, then `md` guarded by that CAS, both within the call's one
//! deadline. Only the caller whose guarded delete applied gets the value,
//! so of racing takers at most one wins, even across machines; the others
//! see a miss.

use std::time::{Duration, Instant};

use super::conn::{Conn, Pool};
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
pub(crate) fn rendezvous(key: &[u8], servers: &[String]) -> usize {
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

/// memcached's limit on a key; base64 makes 4 bytes of 3.
const MAX_KEY: usize = 250;
/// Relative TTLs above 30 days are read as absolute times by memcached.
const MAX_TTL_SECS: u64 = 30 * 24 * 3600;
/// The longest reply header line accepted.
const MAX_LINE: usize = 1024;

fn base64(input: &[u8]) -> Vec<u8> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]);
            } else {
                out.push(b'=');
            }
        }
    }
    out
}

/// Whole seconds, rounded up, at least 1 (0 means "never expires" in
/// memcached, never what a caller meant), at most 30 days.
fn ttl_secs(ttl: Duration) -> u64 {
    (ttl.as_secs() + u64::from(ttl.subsec_nanos() > 0)).clamp(1, MAX_TTL_SECS)
}

/// A reply: its code (`VA`, `HD`, `EN`, `NS`, `NF`, `EX`), its flags and,
/// for `VA`, the value.
struct Reply {
    code: Vec<u8>,
    flags: Vec<Vec<u8>>,
    value: Option<Vec<u8>>,
}

impl Reply {
    fn is(&self, code: &[u8]) -> bool {
        self.code == code
    }

    fn cas(&self) -> Option<u64> {
        self.flags
            .iter()
            .find_map(|f| f.strip_prefix(b"c"))
            .and_then(|c| std::str::from_utf8(c).ok()?.parse().ok())
    }
}

fn protocol(what: &str, line: &[u8]) -> StoreError {
    StoreError::Io(format!(
        "memcached: {what}: {:?}",
        String::from_utf8_lossy(line)
    ))
}

fn round_trip(conn: &mut Conn, request: &[u8]) -> Result<Reply, StoreError> {
    conn.send(request)?;
    let line = conn.read_line(MAX_LINE)?;
    let mut tokens = line.split(|&b| b == b' ').filter(|t| !t.is_empty());
    let code = tokens.next().unwrap_or_default().to_vec();
    match &code[..] {
        b"VA" => {
            let len: usize = tokens
                .next()
                .and_then(|t| std::str::from_utf8(t).ok()?.parse().ok())
                .ok_or_else(|| protocol("bad VA line", &line))?;
            let flags = tokens.map(<[u8]>::to_vec).collect();
            let mut value = conn.read_exact_bytes(len + 2)?;
            if !value.ends_with(b"\r\n") {
                return Err(protocol("value without CRLF", &line));
            }
            value.truncate(len);
            Ok(Reply {
                code,
                flags,
                value: Some(value),
            })
        }
        b"HD" | b"EN" | b"NS" | b"NF" | b"EX" => Ok(Reply {
            code,
            flags: tokens.map(<[u8]>::to_vec).collect(),
            value: None,
        }),
        _ => Err(protocol("error reply", &line)),
    }
}

pub(crate) struct MemcachedBackend {
    pools: Vec<Pool>,
    ids: Vec<String>,
}

impl MemcachedBackend {
    pub(crate) fn new(servers: &[MemcachedServer]) -> MemcachedBackend {
        MemcachedBackend {
            pools: servers.iter().map(|s| Pool::new(s.addr)).collect(),
            ids: servers.iter().map(|s| s.id.clone()).collect(),
        }
    }

    pub(crate) fn servers(&self) -> usize {
        self.ids.len()
    }

    /// The index of the server that holds `key`.
    pub(crate) fn route(&self, key: &[u8]) -> usize {
        rendezvous(key, &self.ids).min(self.ids.len() - 1)
    }

    /// `verb key64 args...` (and the value's data block), one reply.
    fn exchange(
        &self,
        verb: &str,
        key: &[u8],
        args: &str,
        data: Option<&[u8]>,
        deadline: Instant,
    ) -> Result<Reply, StoreError> {
        let key64 = base64(key);
        if key64.len() > MAX_KEY {
            return Err(StoreError::Io(format!(
                "memcached: key of {} bytes too long",
                key.len()
            )));
        }
        let mut request =
            Vec::with_capacity(key64.len() + args.len() + data.map_or(0, |d| d.len()) + 16);
        request.extend_from_slice(verb.as_bytes());
        request.push(b' ');
        request.extend_from_slice(&key64);
        request.extend_from_slice(args.as_bytes());
        request.extend_from_slice(b"\r\n");
        if let Some(data) = data {
            request.extend_from_slice(data);
            request.extend_from_slice(b"\r\n");
        }
        let pool = &self.pools[self.route(key)];
        let (mut conn, _) = pool.checkout(deadline)?;
        let reply = round_trip(&mut conn, &request)?;
        pool.checkin(conn);
        Ok(reply)
    }

    pub(crate) fn get(&self, key: &[u8], deadline: Instant) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(self.exchange("mg", key, " b v", None, deadline)?.value)
    }

    pub(crate) fn take(
        &self,
        key: &[u8],
        deadline: Instant,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let got = self.exchange("mg", key, " b v c", None, deadline)?;
        let (Some(value), Some(cas)) = (got.value.as_ref(), got.cas()) else {
            return Ok(None);
        };
        let deleted = self.exchange("md", key, &format!(" b C{cas}"), None, deadline)?;
        // EX or NF: someone else took (or replaced) it between our steps.
        Ok(deleted.is(b"HD").then(|| value.clone()))
    }

    pub(crate) fn set(
        &self,
        key: &[u8],
        value: &[u8],
        ttl: Duration,
        deadline: Instant,
    ) -> Result<(), StoreError> {
        let args = format!(" {} b T{}", value.len(), ttl_secs(ttl));
        let reply = self.exchange("ms", key, &args, Some(value), deadline)?;
        if reply.is(b"HD") {
            Ok(())
        } else {
            Err(StoreError::Io(format!(
                "memcached: set not stored ({})",
                String::from_utf8_lossy(&reply.code)
            )))
        }
    }

    /// `ms` in mode E (add): NS when the key exists.
    pub(crate) fn add(
        &self,
        key: &[u8],
        value: &[u8],
        ttl: Duration,
        deadline: Instant,
    ) -> Result<bool, StoreError> {
        let args = format!(" {} b T{} ME", value.len(), ttl_secs(ttl));
        Ok(self
            .exchange("ms", key, &args, Some(value), deadline)?
            .is(b"HD"))
    }

    pub(crate) fn delete(&self, key: &[u8], deadline: Instant) -> Result<(), StoreError> {
        self.exchange("md", key, " b", None, deadline).map(|_| ())
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
            let before = rendezvous(&key, &three);
            counts[before] += 1;
            let after = rendezvous(&key, &two);
            if before != 1 {
                assert_eq!(
                    two[after], three[before],
                    "a key moved without its server going"
                );
            }
        }
        assert!(counts.iter().all(|&c| c > 800), "unbalanced {counts:?}");
    }

    #[test]
    fn base64_and_ttls() {
        assert_eq!(base64(b""), b"");
        assert_eq!(base64(b"f"), b"Zg==");
        assert_eq!(base64(b"fo"), b"Zm8=");
        assert_eq!(base64(b"foo"), b"Zm9v");
        assert_eq!(base64(b"\x00\xff\xfe\x01"), b"AP/+AQ==");
        assert_eq!(ttl_secs(Duration::ZERO), 1);
        assert_eq!(ttl_secs(Duration::from_millis(1001)), 2);
        assert_eq!(ttl_secs(Duration::from_secs(1 << 40)), MAX_TTL_SECS);
    }
}
