//! A TCP connection whose every wait ends at one deadline, to the
//! microsecond: the socket is non-blocking and each wait is a `ppoll` with
//! what is left of the deadline. Socket timeouts (`SO_RCVTIMEO`), which
//! the store crates' own transports use, count in kernel ticks: measured
//! here, a 5 ms bound became 11 to 16 ms with them.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::fd::AsRawFd;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::StoreError;

pub(crate) struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// Unread bytes are buf[at..].
    at: usize,
    deadline: Instant,
}

fn left(deadline: Instant) -> Result<Duration, StoreError> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        Err(StoreError::Timeout)
    } else {
        Ok(left)
    }
}

fn io_error(e: io::Error) -> StoreError {
    match e.kind() {
        io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => StoreError::Timeout,
        _ => StoreError::Io(e.to_string()),
    }
}

impl Conn {
    /// Connects within the deadline (std's connect_timeout polls).
    pub(crate) fn dial(addr: &SocketAddr, deadline: Instant) -> Result<Conn, StoreError> {
        let stream = TcpStream::connect_timeout(addr, left(deadline)?).map_err(io_error)?;
        if Instant::now() > deadline {
            return Err(StoreError::Timeout);
        }
        stream.set_nodelay(true).map_err(io_error)?;
        stream.set_nonblocking(true).map_err(io_error)?;
        Ok(Conn {
            stream,
            buf: Vec::with_capacity(4096),
            at: 0,
            deadline,
        })
    }

    pub(crate) fn set_deadline(&mut self, deadline: Instant) {
        self.deadline = deadline;
    }

    /// Waits for `events` on the socket until the deadline.
    fn wait(&self, events: libc::c_short) -> Result<(), StoreError> {
        loop {
            let left = left(self.deadline)?;
            let ts = libc::timespec {
                tv_sec: left.as_secs() as libc::time_t,
                tv_nsec: left.subsec_nanos() as libc::c_long,
            };
            let mut pfd = libc::pollfd {
                fd: self.stream.as_raw_fd(),
                events,
                revents: 0,
            };
            // SAFETY: one valid pollfd, a valid timespec, no signal mask.
            let n = unsafe { libc::ppoll(&mut pfd, 1, &ts, std::ptr::null()) };
            match n {
                0 => return Err(StoreError::Timeout),
                n if n > 0 => return Ok(()),
                _ => {
                    let e = io::Error::last_os_error();
                    if e.kind() != io::ErrorKind::Interrupted {
                        return Err(io_error(e));
                    }
                }
            }
        }
    }

    pub(crate) fn send(&mut self, mut bytes: &[u8]) -> Result<(), StoreError> {
        while !bytes.is_empty() {
            match self.stream.write(bytes) {
                Ok(0) => return Err(StoreError::Io("connection closed".into())),
                Ok(n) => bytes = &bytes[n..],
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.wait(libc::POLLOUT)?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(e)),
            }
        }
        Ok(())
    }

    /// Forgets the bytes already consumed, when all are (between replies).
    fn compact(&mut self) {
        if self.at == self.buf.len() {
            self.buf.clear();
            self.at = 0;
        }
    }

    /// Reads what the socket has (at least one byte) into the buffer. It
    /// waits first: a reply is hardly ever there already when asked for
    /// (a round trip to the store), and a read that would block is one
    /// system call more on every lookup.
    fn fill(&mut self) -> Result<(), StoreError> {
        let mut chunk = [0u8; 8192];
        self.wait(libc::POLLIN)?;
        loop {
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(StoreError::Io("connection closed by the store".into())),
                Ok(n) => {
                    self.buf.extend_from_slice(&chunk[..n]);
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => self.wait(libc::POLLIN)?,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(io_error(e)),
            }
        }
    }

    /// One line without its CRLF.
    pub(crate) fn read_line(&mut self, max: usize) -> Result<Vec<u8>, StoreError> {
        self.compact();
        let mut scanned = self.at;
        loop {
            if let Some(i) = self.buf[scanned..].windows(2).position(|w| w == b"\r\n") {
                let end = scanned + i;
                let line = self.buf[self.at..end].to_vec();
                self.at = end + 2;
                return Ok(line);
            }
            scanned = self.buf.len().saturating_sub(1).max(self.at);
            if self.buf.len() - self.at > max {
                return Err(StoreError::Io("reply line too long".into()));
            }
            self.fill()?;
        }
    }

    pub(crate) fn read_exact_bytes(&mut self, n: usize) -> Result<Vec<u8>, StoreError> {
        while self.buf.len() - self.at < n {
            self.fill()?;
        }
        let out = self.buf[self.at..self.at + n].to_vec();
        self.at += n;
        Ok(out)
    }

    /// A pooled connection is fit for a new exchange only if nothing is
    /// pending on it: no unread bytes, and the store has not closed it
    /// (a restart) — checked without waiting.
    pub(crate) fn is_reusable(&self) -> bool {
        if self.at != self.buf.len() {
            return false;
        }
        let mut pfd = libc::pollfd {
            fd: self.stream.as_raw_fd(),
            events: libc::POLLIN,
            revents: 0,
        };
        // SAFETY: one valid pollfd, zero timeout.
        unsafe { libc::poll(&mut pfd, 1, 0) == 0 }
    }
}

/// The redis crate's parser reads a reply through this, each read bounded
/// by the deadline (a timeout surfaces as `io::ErrorKind::TimedOut`).
impl Read for Conn {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.at == self.buf.len() {
            self.compact();
            self.fill().map_err(|e| match e {
                StoreError::Timeout => io::Error::from(io::ErrorKind::TimedOut),
                other => io::Error::other(other.to_string()),
            })?;
        }
        let n = out.len().min(self.buf.len() - self.at);
        out[..n].copy_from_slice(&self.buf[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// Idle connections to one server, per process.
pub(crate) struct Pool {
    addr: SocketAddr,
    idle: Mutex<Vec<Conn>>,
}

/// Idle connections kept per server; more concurrent callers dial more and
/// the extra ones are closed when returned.
const MAX_IDLE: usize = 16;

impl Pool {
    pub(crate) fn new(addr: SocketAddr) -> Pool {
        Pool {
            addr,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A reusable idle connection, or a new one; `fresh` says which.
    pub(crate) fn checkout(&self, deadline: Instant) -> Result<(Conn, bool), StoreError> {
        loop {
            let conn = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
            match conn {
                Some(mut c) if c.is_reusable() => {
                    c.set_deadline(deadline);
                    return Ok((c, false));
                }
                Some(_) => continue,
                None => return Ok((Conn::dial(&self.addr, deadline)?, true)),
            }
        }
    }

    /// Returns a connection after a complete exchange (never after an
    /// error: a late reply must not be read as the next call's answer).
    pub(crate) fn checkin(&self, conn: Conn) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if idle.len() < MAX_IDLE {
            idle.push(conn);
        }
    }
}
