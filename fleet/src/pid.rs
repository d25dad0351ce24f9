//! This process's id, without a system call each time: the fork checks
//! (`store::fleet`'s per-process connections, the ticket refresher) ask on
//! every lookup, and glibc no longer caches getpid. The id is kept in an
//! atomic that a `pthread_atfork` child handler renews, so a forked child
//! (an nginx worker) sees its own id before fork() returns to it.
//!
//! Registration never blocks (no `Once`: a fork taken while another thread
//! is inside one would leave the child waiting on it forever); until it is
//! done, and in a child forked in the middle of it, the id comes from
//! getpid. A child made by a raw clone(2) that skips the atfork handlers
//! and goes on running (posix_spawn's children exec at once) would see its
//! parent's id; nothing supported does that.

use std::sync::atomic::{AtomicU32, AtomicU8, Ordering};

/// 0 while unknown (ask getpid).
static PID: AtomicU32 = AtomicU32::new(0);
/// 0: handler not registered; 1: being registered or registered.
static REGISTERED: AtomicU8 = AtomicU8::new(0);

extern "C" fn after_fork_in_child() {
    PID.store(std::process::id(), Ordering::Relaxed);
}

/// This process's id.
pub fn current() -> u32 {
    let pid = PID.load(Ordering::Relaxed);
    if pid != 0 {
        return pid;
    }
    if REGISTERED
        .compare_exchange(0, 1, Ordering::AcqRel, Ordering::Acquire)
        .is_ok()
    {
        // SAFETY: registers a child handler that only reads the process id
        // (getpid is async-signal-safe) and stores an atomic.
        let rc = unsafe { libc::pthread_atfork(None, None, Some(after_fork_in_child)) };
        if rc == 0 {
            let pid = std::process::id();
            PID.store(pid, Ordering::Relaxed);
            return pid;
        }
    }
    std::process::id()
}

#[cfg(test)]
mod tests {
    #[test]
    fn current_is_getpid_here_and_in_a_forked_child() {
        assert_eq!(super::current(), std::process::id());
        // SAFETY: the child only compares two ids and exits.
        unsafe {
            let child = libc::fork();
            assert!(child >= 0);
            if child == 0 {
                let same = super::current() == std::process::id();
                libc::_exit(if same { 0 } else { 1 });
            }
            let mut status = 0;
            assert_eq!(libc::waitpid(child, &mut status, 0), child);
            assert!(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0);
            assert_ne!(child as u32, super::current());
        }
    }
}
