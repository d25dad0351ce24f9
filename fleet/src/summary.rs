//! Process hooks: the fork handler, the exit handler that shuts the fleet's
//! threads out of libcrypto before it is torn down, and with
//! SESSL_FLEET_STATS=1 one line on stderr at exit with the process's counters.

use std::sync::Once;

extern "C" fn print_summary() {
    // SAFETY: a null context asks for the process-wide counters.
    let Some(s) = (unsafe { crate::attach::stats(std::ptr::null_mut()) }) else {
        return;
    };
    eprintln!(
        "sessl-fleet: pid={} local_hits={} fleet_hits={} misses={} writes={} deletes={} store_errors={} \
         rejected={} too_large={} queue_dropped={} ticket_keys={}/{} breaker={} store_p50_us={} p90_us={} p99_us={} \
         lookup_p50_us={} lookup_p90_us={} lookup_p99_us={}",
        std::process::id(),
        s.local_hits,
        s.fleet_hits,
        s.misses,
        s.writes,
        s.deletes,
        s.store_errors,
        s.rejected,
        s.too_large,
        s.queue_dropped,
        s.ticket_keys_fleet,
        s.ticket_keys_local,
        if s.breaker_open != 0 { "open" } else { "closed" },
        s.latency_p50_us,
        s.latency_p90_us,
        s.latency_p99_us,
        s.lookup_p50_us,
        s.lookup_p90_us,
        s.lookup_p99_us,
    );
}

extern "C" fn after_fork_in_child() {
    crate::fleet::Fleet::after_fork_in_child();
}

/// Registers the fork handler and, if SESSL_FLEET_STATS=1, the exit summary
/// (once per process image).
pub fn register() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: registering a plain extern "C" function.
        unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
        // Exit handlers run in the reverse order of registration: libcrypto
        // registers its cleanup when it initializes, so it is made to
        // initialize first and the fleet's threads are shut out of it before
        // it is torn down.
        // SAFETY: default initialization, no settings; registering a plain
        // extern "C" function.
        unsafe {
            crate::ffi::OPENSSL_init_crypto(0, std::ptr::null());
            libc::atexit(crate::seal::close_libcrypto);
        }
        if std::env::var("SESSL_FLEET_STATS").as_deref() == Ok("1") {
            // SAFETY: registering a plain extern "C" function.
            unsafe { libc::atexit(print_summary) };
        }
    });
}
