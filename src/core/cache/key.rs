//! What a cache finds a session by: its key (protocol version and session id)
//! and the key's hash.

use crate::core::session::{SessionData, ShortBytes};

/// What identifies a session in a cache: protocol version and session id.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SessionKey {
    version: i32,
    id: ShortBytes,
}

impl SessionKey {
    pub fn new(version: i32, id: ShortBytes) -> Self {
        SessionKey { version, id }
    }

    pub(super) fn of(d: &SessionData) -> Self {
        SessionKey {
            version: d.protocol_version,
            id: d.id,
        }
    }

    /// Sessions with an empty id are never looked up.
    pub(super) fn has_empty_id(&self) -> bool {
        self.id.is_empty()
    }
}

/// The cache's hash of a key: keyed with per-process random seeds (so session
/// ids chosen by a peer cannot be aimed at one bucket; OpenSSL hashes four id
/// bytes, unkeyed) and cheap: folded 64x64->128-bit multiplies, the
/// construction of foldhash/hashbrown's default hasher, two words per multiply
/// in two independent lanes (three multiplies deep for a 32-byte id). SipHash,
/// std's default, cost a third of the cache's instructions.
#[derive(Clone, Copy)]
pub(super) struct KeyHasher {
    seeds: [u64; 7],
}

impl Default for KeyHasher {
    fn default() -> Self {
        use std::hash::BuildHasher;
        let random = std::collections::hash_map::RandomState::new();
        KeyHasher {
            seeds: std::array::from_fn(|i| random.hash_one(0x5e55_0000u32 + i as u32)),
        }
    }
}

fn folded_multiply(a: u64, b: u64) -> u64 {
    let full = (a as u128) * (b as u128);
    (full as u64) ^ ((full >> 64) as u64)
}

impl KeyHasher {
    fn hash64(&self, key: &SessionKey) -> u64 {
        let s = &self.seeds;
        let id = key.id.padded();
        let word = |k: usize| {
            let b = &id[8 * k..8 * k + 8];
            u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
        };
        // The buffer past the id's length is zero, so the length word tells
        // apart ids that differ only in trailing zeros.
        let head = (key.version as u32 as u64) | ((key.id.len() as u64) << 32);
        let a = folded_multiply(head ^ s[0], word(0) ^ s[1]);
        let b = folded_multiply(word(1) ^ s[2], word(2) ^ s[3]);
        let c = folded_multiply(word(3) ^ s[4], a ^ s[5]);
        folded_multiply(b ^ c, s[6])
    }

    pub(super) fn hash(&self, key: &SessionKey) -> KeyHash {
        let h = self.hash64(key);
        KeyHash((h ^ (h >> 32)) as u32)
    }
}

/// A key's hash as the cache stores it in each slot (32 bits, so that it fits
/// the slot's padding), and its expansion for the hash index, whose bucket
/// comes from the low bits and whose tag from the top seven: multiplying by an
/// odd constant keeps the low bits uniform and spreads all 32 into the top.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) struct KeyHash(u32);

impl KeyHash {
    pub(super) fn for_index(self) -> u64 {
        (self.0 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_hash_spreads_similar_ids() {
        let b = KeyHasher::default();
        let mut seen = std::collections::HashSet::new();
        let mut low_bits = std::collections::HashSet::new();
        // Fewer ids under Miri (minutes otherwise), with the bound scaled.
        let (n, distinct_low) = if cfg!(miri) {
            // expected 65536 * (1 - e^(-500/65536)) = 498, deviation near 1.4
            (500u32, 490)
        } else {
            (100_000u32, 50_500)
        };
        for i in 0..n {
            // ids that differ in one 4-byte word, at the start or at the end
            let mut id = [0u8; 32];
            let at = if i % 2 == 0 { 0 } else { 28 };
            id[at..at + 4].copy_from_slice(&i.to_le_bytes());
            let key = SessionKey::new(0x304, ShortBytes::new(&id).unwrap());
            seen.insert(b.hash64(&key));
            low_bits.insert(b.hash(&key).for_index() & 0xffff);
        }
        assert_eq!(seen.len(), n as usize, "no collisions among similar ids");
        // a uniform hash gives 65536 * (1 - e^(-100000/65536)) = 51290 distinct
        // 16-bit values here, with a standard deviation near 100
        assert!(
            low_bits.len() > distinct_low,
            "low bits spread: {}",
            low_bits.len()
        );
        // the protocol version and the id length are part of the hash
        let id = ShortBytes::new(&[1, 2, 3]).unwrap();
        assert_ne!(
            b.hash(&SessionKey::new(0x303, id)),
            b.hash(&SessionKey::new(0x304, id))
        );
        let short = ShortBytes::new(&[1, 2, 3, 0]).unwrap();
        assert_ne!(
            b.hash(&SessionKey::new(0x304, id)),
            b.hash(&SessionKey::new(0x304, short))
        );
    }
}
