//! A circuit breaker per server: after `threshold` consecutive failures the
//! server is not asked any more (calls fail at once with
//! `StoreError::Unavailable`), except for one probe per `interval`; the
//! first success closes it again. Lock-free, so a call never waits on it.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Nanoseconds on the monotonic clock since the first call in this
/// program (the same clock in a forked child).
pub(crate) fn now_ns() -> u64 {
    static EPOCH: OnceLock<Instant> = OnceLock::new();
    let epoch = *EPOCH.get_or_init(Instant::now);
    epoch.elapsed().as_nanos() as u64
}

/// What the breaker lets a call do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Admit {
    /// Closed: ask the server.
    Go,
    /// Open, and this call is the one probe of its interval.
    Probe,
    /// Open: fail at once.
    Reject,
}

pub(crate) struct Breaker {
    threshold: u32,
    interval_ns: u64,
    failures: AtomicU32,
    open: AtomicBool,
    next_probe_ns: AtomicU64,
}

impl Breaker {
    pub(crate) fn new(threshold: u32, interval: Duration) -> Breaker {
        Breaker {
            threshold: threshold.max(1),
            interval_ns: interval.as_nanos().min(u64::MAX as u128) as u64,
            failures: AtomicU32::new(0),
            open: AtomicBool::new(false),
            next_probe_ns: AtomicU64::new(0),
        }
    }

    pub(crate) fn admit(&self) -> Admit {
        if !self.open.load(Ordering::Acquire) {
            return Admit::Go;
        }
        let now = now_ns();
        let due = self.next_probe_ns.load(Ordering::Acquire);
        // Exactly one caller wins the interval's probe.
        if now >= due
            && self
                .next_probe_ns
                .compare_exchange(
                    due,
                    now.saturating_add(self.interval_ns),
                    Ordering::AcqRel,
                    Ordering::Acquire,
                )
                .is_ok()
        {
            Admit::Probe
        } else {
            Admit::Reject
        }
    }

    pub(crate) fn success(&self) {
        if self.failures.load(Ordering::Relaxed) != 0 {
            self.failures.store(0, Ordering::Relaxed);
        }
        if self.open.load(Ordering::Relaxed) {
            self.open.store(false, Ordering::Release);
        }
    }

    /// Counts a failure; true when this one opened the breaker (a trip).
    pub(crate) fn failure(&self) -> bool {
        let failures = self
            .failures
            .fetch_add(1, Ordering::AcqRel)
            .saturating_add(1);
        if failures < self.threshold {
            return false;
        }
        if self.open.load(Ordering::Acquire) {
            // A failed probe: the next one waits a whole interval (the
            // probe already moved next_probe_ns forward).
            return false;
        }
        self.next_probe_ns
            .store(now_ns().saturating_add(self.interval_ns), Ordering::Release);
        !self.open.swap(true, Ordering::AcqRel)
    }

    pub(crate) fn is_open(&self) -> bool {
        self.open.load(Ordering::Acquire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_probes_once_per_interval_and_closes_on_success() {
        let b = Breaker::new(3, Duration::from_millis(30));
        assert_eq!(b.admit(), Admit::Go);
        assert!(!b.failure());
        assert!(!b.failure());
        assert!(b.failure(), "the third consecutive failure trips");
        assert!(b.is_open());
        assert_eq!(b.admit(), Admit::Reject);
        std::thread::sleep(Duration::from_millis(35));
        assert_eq!(b.admit(), Admit::Probe);
        assert_eq!(b.admit(), Admit::Reject, "one probe per interval");
        assert!(!b.failure(), "a failed probe is no new trip");
        assert_eq!(b.admit(), Admit::Reject);
        std::thread::sleep(Duration::from_millis(35));
        assert_eq!(b.admit(), Admit::Probe);
        b.success();
        assert!(!b.is_open());
        assert_eq!(b.admit(), Admit::Go);
        assert!(!b.failure(), "the count restarted at the success");
    }
}
