//! [`FleetStore`]: a Redis or memcached store behind the [`Store`] trait,
//! with the time bound, circuit breakers, write queue and counters.
//!
//! Fork safety: everything that holds a socket, a lock that another thread
//! may hold, or a thread lives in a [`Proc`], made lazily by the first call
//! in a process and tagged with its pid. A forked child (an nginx worker)
//! sees a `Proc` of another pid and makes its own; the parent's copy is
//! never touched in the child (its connections are the parent's sockets,
//! its locks may have been held by threads that do not exist there), it
//! is leaked on purpose. What is shared across fork is only plain data:
//! the parsed URL, the options and the counters.

use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::breaker::{Admit, Breaker};
use super::histogram::Histogram;
use super::memcached::MemcachedBackend;
use super::options::{StoreOptions, Target};
use super::redis::RedisBackend;
use super::{Store, StoreError};

/// A snapshot of a store's counters. Counters are per store object and
/// count from its creation (a forked child starts from its parent's
/// values); `breakers_open` and `queue_len` are this process's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreStats {
    /// Synchronous calls (get, take, set, add, delete).
    pub calls: u64,
    /// get/take that found a value.
    pub hits: u64,
    /// get/take that found nothing.
    pub misses: u64,
    /// Calls that failed with `StoreError::Io`.
    pub errors: u64,
    /// Calls that failed with `StoreError::Timeout`.
    pub timeouts: u64,
    /// Calls refused at once by an open breaker (`StoreError::Unavailable`).
    pub unavailable: u64,
    /// How many times a breaker opened.
    pub breaker_trips: u64,
    /// Servers whose breaker is open now.
    pub breakers_open: u32,
    /// Servers in the URL.
    pub servers: u32,
    /// Writes accepted into the queue.
    pub queued: u64,
    /// Writes dropped because the queue was full (or no writer thread).
    pub dropped: u64,
    /// Queued writes the store acknowledged.
    pub written: u64,
    /// Queued writes that failed (error, timeout or breaker open).
    pub writer_errors: u64,
    /// Writes waiting in this process's queue now.
    pub queue_len: u64,
    /// Store round-trip latency percentiles in microseconds (synchronous
    /// calls and queued writes; refused calls are not timed).
    pub p50_us: u64,
    pub p90_us: u64,
    pub p99_us: u64,
}

impl StoreStats {
    /// True when at least one server's breaker is open.
    pub fn breaker_open(&self) -> bool {
        self.breakers_open > 0
    }
}

#[derive(Default)]
struct Counters {
    calls: AtomicU64,
    hits: AtomicU64,
    misses: AtomicU64,
    errors: AtomicU64,
    timeouts: AtomicU64,
    unavailable: AtomicU64,
    breaker_trips: AtomicU64,
    queued: AtomicU64,
    dropped: AtomicU64,
    written: AtomicU64,
    writer_errors: AtomicU64,
}

fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

/// What the callers and the writer thread share: plain data only.
struct Shared {
    opts: StoreOptions,
    counters: Counters,
    latency: Histogram,
}

enum Backend {
    Redis(RedisBackend),
    Memcached(MemcachedBackend),
}

/// One process's connections and breakers, shared with its writer thread.
struct Link {
    backend: Backend,
    breakers: Vec<Breaker>,
    pending: AtomicU64,
}

enum Write {
    Set {
        key: Vec<u8>,
        value: Vec<u8>,
        ttl: Duration,
    },
    Delete {
        key: Vec<u8>,
    },
}

/// Everything of one process (see the module's comment).
struct Proc {
    pid: u32,
    link: Arc<Link>,
    /// None when the writer thread could not be started: writes are dropped.
    queue: Option<SyncSender<Write>>,
}

struct Inner {
    target: Target,
    shown: String,
    shared: Arc<Shared>,
    /// This process's `Proc` (a Box leaked into the pointer), or another
    /// process's after a fork, or null before the first call.
    proc: AtomicPtr<Proc>,
}

/// A fleet store: cheap to clone (clones share everything), `Send + Sync`.
/// Made by [`super::open`].
#[derive(Clone)]
pub struct FleetStore {
    inner: Arc<Inner>,
}

impl Link {
    fn new(target: &Target, opts: &StoreOptions) -> Result<Link, StoreError> {
        let (backend, servers) = match target {
            Target::Redis(info) => (Backend::Redis(RedisBackend::new(info)?), 1),
            Target::Memcached(list) => {
                let m = MemcachedBackend::new(list);
                let n = m.servers();
                (Backend::Memcached(m), n)
            }
        };
        Ok(Link {
            backend,
            breakers: (0..servers)
                .map(|_| Breaker::new(opts.breaker_failures, opts.breaker_probe_interval))
                .collect(),
            pending: AtomicU64::new(0),
        })
    }

    fn route(&self, key: &[u8]) -> usize {
        match &self.backend {
            Backend::Redis(_) => 0,
            Backend::Memcached(m) => m.route(key),
        }
    }

    /// One store operation for `key` under the breaker of its server and
    /// the time bound, timed and counted.
    fn call<T>(
        &self,
        shared: &Shared,
        key: &[u8],
        op: impl FnOnce(&Backend, Instant) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let breaker = &self.breakers[self.route(key)];
        if breaker.admit() == Admit::Reject {
            return Err(StoreError::Unavailable);
        }
        let start = Instant::now();
        let result = op(&self.backend, start + shared.opts.timeout);
        shared.latency.record(start.elapsed().as_micros() as u64);
        match &result {
            Ok(_) => breaker.success(),
            Err(_) => {
                if breaker.failure() {
                    bump(&shared.counters.breaker_trips);
                }
            }
        }
        result
    }

    fn write(&self, shared: &Shared, write: Write) -> Result<(), StoreError> {
        match write {
            Write::Set { key, value, ttl } => self.call(shared, &key, |b, deadline| match b {
                Backend::Redis(r) => r.set(&key, &value, ttl, deadline),
                Backend::Memcached(m) => m.set(&key, &value, ttl, deadline),
            }),
            Write::Delete { key } => self.call(shared, &key, |b, deadline| match b {
                Backend::Redis(r) => r.delete(&key, deadline),
                Backend::Memcached(m) => m.delete(&key, deadline),
            }),
        }
    }
}

/// The writer thread: drains the queue until the store is dropped (its
/// sender goes away), each write under the same bound and breaker.
fn writer(queue: Receiver<Write>, link: Arc<Link>, shared: Arc<Shared>) {
    while let Ok(write) = queue.recv() {
        match link.write(&shared, write) {
            Ok(()) => bump(&shared.counters.written),
            Err(_) => bump(&shared.counters.writer_errors),
        }
        link.pending.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Proc {
    fn new(pid: u32, target: &Target, shared: &Arc<Shared>) -> Result<Proc, StoreError> {
        let link = Arc::new(Link::new(target, &shared.opts)?);
        let (tx, rx) = sync_channel(shared.opts.queue_capacity);
        let (l, s) = (link.clone(), shared.clone());
        let queue = std::thread::Builder::new()
            .name("sessl-fleet-writer".into())
            .spawn(move || writer(rx, l, s))
            .ok()
            .map(|_| tx);
        Ok(Proc { pid, link, queue })
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let p = self.proc.swap(ptr::null_mut(), Ordering::AcqRel);
        // SAFETY: a non-null pointer came from Box::into_raw in `proc()`;
        // the last FleetStore is going, so no call borrows it any more. A
        // Proc of another process (we are its forked child) is leaked, as
        // explained at the top of this file.
        if !p.is_null() && unsafe { (*p).pid } == crate::pid::current() {
            // Dropping the sender ends the writer thread once it has
            // drained the queue (each write bounded in time).
            drop(unsafe { Box::from_raw(p) });
        }
    }
}

impl FleetStore {
    pub(crate) fn new(target: Target, opts: StoreOptions, shown: String) -> FleetStore {
        FleetStore {
            inner: Arc::new(Inner {
                target,
                shown,
                shared: Arc::new(Shared {
                    opts,
                    counters: Counters::default(),
                    latency: Histogram::new(),
                }),
                proc: AtomicPtr::new(ptr::null_mut()),
            }),
        }
    }

    /// This process's connections and writer, made on first use here.
    fn proc(&self) -> Result<&Proc, StoreError> {
        let pid = crate::pid::current();
        loop {
            let seen = self.inner.proc.load(Ordering::Acquire);
            // SAFETY: a non-null pointer is a leaked Box that is freed
            // only when Inner drops, which cannot happen while &self lives;
            // it is never replaced within the process that made it.
            if !seen.is_null() && unsafe { (*seen).pid } == pid {
                return Ok(unsafe { &*seen });
            }
            let mine = Box::into_raw(Box::new(Proc::new(
                pid,
                &self.inner.target,
                &self.inner.shared,
            )?));
            match self
                .inner
                .proc
                .compare_exchange(seen, mine, Ordering::AcqRel, Ordering::Acquire)
            {
                // `seen` (if any) is the parent's: leaked on purpose.
                Ok(_) => return Ok(unsafe { &*mine }),
                // Another thread of this process won: use its Proc.
                Err(_) => drop(unsafe { Box::from_raw(mine) }),
            }
        }
    }

    fn sync_call<T>(
        &self,
        key: &[u8],
        op: impl FnOnce(&Backend, Instant) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let c = &self.inner.shared.counters;
        bump(&c.calls);
        let result = self
            .proc()
            .and_then(|p| p.link.call(&self.inner.shared, key, op));
        match &result {
            Ok(_) => {}
            Err(StoreError::Timeout) => bump(&c.timeouts),
            Err(StoreError::Unavailable) => bump(&c.unavailable),
            Err(StoreError::Io(_)) => bump(&c.errors),
        }
        result
    }

    fn lookup(
        &self,
        result: Result<Option<Vec<u8>>, StoreError>,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let c = &self.inner.shared.counters;
        match &result {
            Ok(Some(_)) => bump(&c.hits),
            Ok(None) => bump(&c.misses),
            Err(_) => {}
        }
        result
    }

    fn enqueue(&self, write: Write) {
        let c = &self.inner.shared.counters;
        let Ok(proc) = self.proc() else {
            bump(&c.dropped);
            return;
        };
        let Some(queue) = &proc.queue else {
            bump(&c.dropped);
            return;
        };
        proc.link.pending.fetch_add(1, Ordering::AcqRel);
        match queue.try_send(write) {
            Ok(()) => bump(&c.queued),
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {
                proc.link.pending.fetch_sub(1, Ordering::AcqRel);
                bump(&c.dropped);
            }
        }
    }

    /// Waits until this process's write queue is empty (every queued
    /// write done or failed), at most `within`; true if it emptied.
    pub fn flush(&self, within: Duration) -> bool {
        let until = Instant::now() + within;
        let Ok(proc) = self.proc() else { return true };
        while proc.link.pending.load(Ordering::Acquire) != 0 {
            if Instant::now() >= until {
                return false;
            }
            std::thread::sleep(Duration::from_micros(200));
        }
        true
    }

    /// The store's URL, password hidden.
    pub fn url(&self) -> &str {
        &self.inner.shown
    }

    pub fn options(&self) -> &StoreOptions {
        &self.inner.shared.opts
    }

    pub fn stats(&self) -> StoreStats {
        let s = &self.inner.shared;
        let c = &s.counters;
        let get = |a: &AtomicU64| a.load(Ordering::Relaxed);
        let [p50_us, p90_us, p99_us] = s.latency.quantiles([0.5, 0.9, 0.99]);
        let p = self.inner.proc.load(Ordering::Acquire);
        // SAFETY: as in `proc()`; only a Proc of this process is read.
        let here =
            (!p.is_null() && unsafe { (*p).pid } == crate::pid::current()).then(|| unsafe { &*p });
        let servers = match &self.inner.target {
            Target::Redis(_) => 1,
            Target::Memcached(list) => list.len() as u32,
        };
        StoreStats {
            calls: get(&c.calls),
            hits: get(&c.hits),
            misses: get(&c.misses),
            errors: get(&c.errors),
            timeouts: get(&c.timeouts),
            unavailable: get(&c.unavailable),
            breaker_trips: get(&c.breaker_trips),
            breakers_open: here.map_or(0, |p| {
                p.link.breakers.iter().filter(|b| b.is_open()).count() as u32
            }),
            servers,
            queued: get(&c.queued),
            dropped: get(&c.dropped),
            written: get(&c.written),
            writer_errors: get(&c.writer_errors),
            queue_len: here.map_or(0, |p| p.link.pending.load(Ordering::Relaxed)),
            p50_us,
            p90_us,
            p99_us,
        }
    }
}

impl std::fmt::Debug for FleetStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FleetStore")
            .field("url", &self.inner.shown)
            .field("options", &self.inner.shared.opts)
            .finish()
    }
}

impl Store for FleetStore {
    fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.lookup(self.sync_call(key, |b, deadline| match b {
            Backend::Redis(r) => r.get(key, deadline),
            Backend::Memcached(m) => m.get(key, deadline),
        }))
    }

    fn take(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StoreError> {
        self.lookup(self.sync_call(key, |b, deadline| match b {
            Backend::Redis(r) => r.take(key, deadline),
            Backend::Memcached(m) => m.take(key, deadline),
        }))
    }

    fn set(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<(), StoreError> {
        self.sync_call(key, |b, deadline| match b {
            Backend::Redis(r) => r.set(key, value, ttl, deadline),
            Backend::Memcached(m) => m.set(key, value, ttl, deadline),
        })
    }

    fn add(&self, key: &[u8], value: &[u8], ttl: Duration) -> Result<bool, StoreError> {
        self.sync_call(key, |b, deadline| match b {
            Backend::Redis(r) => r.add(key, value, ttl, deadline),
            Backend::Memcached(m) => m.add(key, value, ttl, deadline),
        })
    }

    fn delete(&self, key: &[u8]) -> Result<(), StoreError> {
        self.sync_call(key, |b, deadline| match b {
            Backend::Redis(r) => r.delete(key, deadline),
            Backend::Memcached(m) => m.delete(key, deadline),
        })
    }

    fn set_later(&self, key: &[u8], value: &[u8], ttl: Duration) {
        self.enqueue(Write::Set {
            key: key.to_vec(),
            value: value.to_vec(),
            ttl,
        });
    }

    fn delete_later(&self, key: &[u8]) {
        self.enqueue(Write::Delete { key: key.to_vec() });
    }
}
