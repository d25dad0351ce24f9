//! One fleet as a process sees it: its settings, its keys, its store and its
//! counters. Every context attached with the same settings shares one
//! `Fleet` (one set of store connections per process, one ticket-key
//! refresher thread per process).

use crate::config::Config;
use crate::seal::{Kind, OpenError, Sealer};
use crate::store::{self, FleetStore, Histogram, StoreOptions};
use crate::tickets::TicketRing;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What the TLS side counts (the store counts its own calls).
#[derive(Default)]
pub struct Counters {
    /// Sessions found in the fleet and resumed from it.
    pub fleet_hits: AtomicU64,
    /// Fleet lookups that found nothing (never stored, expired, or a TLS 1.3
    /// ticket already used on some server).
    pub misses: AtomicU64,
    /// Sessions queued for writing to the fleet.
    pub writes: AtomicU64,
    /// Deletions queued (a session removed by the program or by libssl).
    pub deletes: AtomicU64,
    /// Lookups that failed in the store (timeout, breaker open, I/O): a miss.
    pub store_errors: AtomicU64,
    /// Stored values dropped: failed to open, unknown key, another context,
    /// oversized, or not a session.
    pub rejected: AtomicU64,
    /// Sessions not written because their sealed form exceeds the bound.
    pub too_large: AtomicU64,
    /// Session hits of contexts since freed (their libssl counters are gone).
    pub retired_local_hits: AtomicU64,
    /// What a fleet lookup adds to a handshake, in microseconds: the bounded
    /// store call (GET or GETDEL) and opening and decoding what it returned,
    /// whatever the outcome. Apart from the store's own histogram, which
    /// also times the writer thread's writes and the ticket-key refresher.
    pub(crate) lookup_latency: Histogram,
}

pub fn bump(c: &AtomicU64) {
    c.fetch_add(1, Ordering::Relaxed);
}

pub struct Fleet {
    pub config: Config,
    pub sealer: Sealer,
    pub store: FleetStore,
    pub counters: Counters,
    pub tickets: TicketRing,
}

static FLEETS: Mutex<Vec<Arc<Fleet>>> = Mutex::new(Vec::new());

impl Fleet {
    /// The fleet of these settings, made on first use. Reads the key file and
    /// parses the store URL; connects nothing (connections are made per
    /// process by the first calls).
    pub fn get(config: Config) -> Result<Arc<Fleet>, String> {
        let mut fleets = FLEETS.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(f) = fleets.iter().find(|f| f.config == config) {
            return Ok(f.clone());
        }
        let sealer = Sealer::from_file(&config.key_file)?;
        let opts = StoreOptions {
            timeout: config.timeout,
            ..StoreOptions::default()
        };
        let store = store::open(&config.store, opts)?;
        let fleet = Arc::new(Fleet {
            tickets: TicketRing::new(config.ticket_rotate),
            config,
            sealer,
            store,
            counters: Counters::default(),
        });
        fleets.push(fleet.clone());
        Ok(fleet)
    }

    /// After a fork, in the child: fresh locks where the parent's threads
    /// may have held them, and the ticket refresher started again.
    pub fn after_fork_in_child() {
        let Ok(fleets) = FLEETS.try_lock() else {
            return;
        };
        for f in fleets.iter() {
            f.tickets.after_fork();
            crate::tickets::ensure_refresher(f);
        }
    }

    /// Every fleet of this process (for the exit summary).
    pub fn all() -> Vec<Arc<Fleet>> {
        FLEETS.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The store key of a value: `NAMESPACE:KIND:HEX(ID_CONTEXT):HEX(ID)`.
    pub fn key(&self, kind: Kind, id_ctx: &[u8], id: &[u8]) -> Vec<u8> {
        let tag = match kind {
            Kind::Session12 => "s12",
            Kind::Session13 => "s13",
            Kind::TicketKey => "tkey",
        };
        let ns = self.config.namespace.as_bytes();
        let mut k = Vec::with_capacity(ns.len() + tag.len() + 3 + 2 * (id_ctx.len() + id.len()));
        k.extend_from_slice(ns);
        k.push(b':');
        k.extend_from_slice(tag.as_bytes());
        k.push(b':');
        push_hex(&mut k, id_ctx);
        k.push(b':');
        push_hex(&mut k, id);
        k
    }

    pub fn seal(&self, kind: Kind, id_ctx: &[u8], plain: &[u8]) -> Option<Vec<u8>> {
        self.sealer
            .seal(self.config.namespace.as_bytes(), kind, id_ctx, plain)
    }

    /// Opens a stored value; a failure is counted and the value dropped.
    pub fn open(&self, kind: Kind, id_ctx: &[u8], sealed: &[u8]) -> Option<Vec<u8>> {
        match self.sealer.open(
            self.config.namespace.as_bytes(),
            kind,
            id_ctx,
            sealed,
            self.config.max_value,
        ) {
            Ok(v) => Some(v),
            Err(e) => {
                bump(&self.counters.rejected);
                crate::log_once(&format!("dropped a stored value ({})", describe(&e)));
                None
            }
        }
    }
}

fn describe(e: &OpenError) -> &'static str {
    match e {
        OpenError::Oversized => "larger than max_value",
        OpenError::Malformed => "not a sealed value",
        OpenError::UnknownKey => "sealed under a key not in the key file",
        OpenError::Rejected => {
            "failed authentication: tampered, or another namespace or id context"
        }
    }
}

/// Lowercase hex of `bytes` onto `out` (on every lookup's path: no
/// formatting machinery).
fn push_hex(out: &mut Vec<u8>, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)]);
        out.push(DIGITS[usize::from(b & 15)]);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn push_hex_is_lowercase_two_digits_per_byte() {
        let mut out = b"ns:".to_vec();
        super::push_hex(&mut out, &[0x00, 0x0f, 0xa0, 0xff, 0x5c]);
        assert_eq!(out, b"ns:000fa0ff5c");
        super::push_hex(&mut out, &[]);
        assert_eq!(out, b"ns:000fa0ff5c");
    }
}
