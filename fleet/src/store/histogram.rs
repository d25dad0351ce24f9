//! A lock-free latency histogram in microseconds: exact below 16 us, then
//! eight buckets per power of two (at most 12.5% wide), one atomic add per
//! sample. Percentiles report a bucket's upper bound, so they never
//! flatter the store.

use std::sync::atomic::{AtomicU64, Ordering};

const EXACT: usize = 16;
const SUB_BITS: u32 = 3;
const SUBS: usize = 1 << SUB_BITS;
const BUCKETS: usize = EXACT + (64 - 4) * SUBS;

pub(crate) struct Histogram {
    counts: Box<[AtomicU64]>,
}

fn index(us: u64) -> usize {
    if us < EXACT as u64 {
        return us as usize;
    }
    let exp = 63 - us.leading_zeros(); // >= 4
    let sub = ((us >> (exp - SUB_BITS)) as usize) & (SUBS - 1);
    EXACT + (exp as usize - 4) * SUBS + sub
}

/// The largest value that lands in bucket `i`.
fn upper(i: usize) -> u64 {
    if i < EXACT {
        return i as u64;
    }
    let exp = ((i - EXACT) / SUBS) as u32 + 4;
    let sub = ((i - EXACT) % SUBS) as u64;
    let width = 1u64 << (exp - SUB_BITS);
    ((SUBS as u64 + sub) << (exp - SUB_BITS)).saturating_add(width - 1)
}

impl Default for Histogram {
    fn default() -> Histogram {
        Histogram::new()
    }
}

impl Histogram {
    pub(crate) fn new() -> Histogram {
        Histogram {
            counts: (0..BUCKETS).map(|_| AtomicU64::new(0)).collect(),
        }
    }

    pub(crate) fn record(&self, us: u64) {
        self.counts[index(us)].fetch_add(1, Ordering::Relaxed);
    }

    /// The given quantiles (0.0..=1.0, ascending) in microseconds; zeros
    /// when nothing was recorded.
    pub(crate) fn quantiles<const N: usize>(&self, qs: [f64; N]) -> [u64; N] {
        let counts: Vec<u64> = self
            .counts
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect();
        let total: u64 = counts.iter().sum();
        let mut out = [0u64; N];
        if total == 0 {
            return out;
        }
        for (slot, q) in out.iter_mut().zip(qs) {
            let rank = ((q * total as f64).ceil() as u64).clamp(1, total);
            let mut seen = 0u64;
            for (i, c) in counts.iter().enumerate() {
                seen += c;
                if seen >= rank {
                    *slot = upper(i);
                    break;
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_cover_every_value_and_stay_within_an_eighth() {
        for us in [0u64, 1, 15, 16, 17, 100, 1000, 12345, 1 << 40, u64::MAX] {
            let i = index(us);
            assert!(i < BUCKETS);
            assert!(upper(i) >= us, "{us} above its bucket's bound {}", upper(i));
            if us >= 16 {
                assert!(upper(i) - us <= us / 8, "{us}: bucket too wide");
            }
            if i > 0 {
                assert!(upper(i - 1) < us, "{us} should not fit the bucket below");
            }
        }
    }

    #[test]
    fn percentiles_of_a_known_spread() {
        let h = Histogram::new();
        for us in 1..=100u64 {
            h.record(us);
        }
        let [p50, p90, p99] = h.quantiles([0.5, 0.9, 0.99]);
        assert!((50..=56).contains(&p50), "p50 {p50}");
        assert!((90..=96).contains(&p90), "p90 {p90}");
        assert!((99..=104).contains(&p99), "p99 {p99}");
        assert_eq!(Histogram::new().quantiles([0.5]), [0]);
    }
}
