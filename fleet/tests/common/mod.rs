//! Real store servers for the tests: redis-server and memcached on
//! 127.0.0.1 with ephemeral ports, killed by a guard's Drop (also when a
//! test panics), and a delaying TCP proxy. No mocks.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// A port nobody listens on right now, below the kernel's ephemeral range:
/// a port from bind(0) can be handed to any client connection as its
/// source port before the server binds it (or binds it again after a
/// restart), and then the server cannot listen there.
pub fn free_port() -> u16 {
    use std::sync::atomic::AtomicU32;
    static TURN: AtomicU32 = AtomicU32::new(0);
    let low = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range")
        .ok()
        .and_then(|r| r.split_whitespace().next()?.parse::<u32>().ok())
        .unwrap_or(32768)
        .clamp(2048, 65535);
    let seed = std::process::id()
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
    let span = low - 1024;
    for _ in 0..1000 {
        let turn = TURN.fetch_add(1, Ordering::Relaxed);
        let mixed = (seed ^ turn.wrapping_mul(0x9E37_79B9)).wrapping_mul(0xC2B2_AE35);
        let port = (1024 + (mixed ^ (mixed >> 15)) % span) as u16;
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
    panic!("no free port below {low}");
}

/// Whether the server listening on `port` is the process `pid`: it answers
/// its own protocol's question and reports that pid. A bare connect is not
/// enough: another test's server may hold the port we picked.
fn answers_as(kind: Kind, port: u16, pid: u32) -> bool {
    let Ok(mut conn) =
        TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(100))
    else {
        return false;
    };
    let _ = conn.set_read_timeout(Some(Duration::from_millis(500)));
    let (question, field): (&[u8], &str) = match kind {
        Kind::Redis => (b"INFO server\r\n", "process_id:"),
        Kind::Memcached => (b"stats\r\n", "STAT pid "),
    };
    if conn.write_all(question).is_err() {
        return false;
    }
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        let text = String::from_utf8_lossy(&got);
        if let Some(at) = text.find(field) {
            let rest = &text[at + field.len()..];
            if let Some(stop) = rest.find("\r\n") {
                return rest[..stop].trim().parse::<u32>().ok() == Some(pid);
            }
        }
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return false,
            Ok(n) => got.extend_from_slice(&buf[..n]),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Redis,
    Memcached,
}

/// One server process; killed (SIGCONT first, in case it was stopped) and
/// reaped on drop.
pub struct Server {
    pub kind: Kind,
    pub port: u16,
    child: Option<Child>,
}

impl Server {
    /// Starts one on a free port; when it cannot listen there (another
    /// process took the port first) it exits, and a fresh port is tried.
    pub fn start(kind: Kind) -> Server {
        for _ in 0..5 {
            if let Some(server) = Server::try_start_on(kind, free_port()) {
                return server;
            }
        }
        panic!("{kind:?} did not start on any of five ports");
    }

    /// Starts one on `port` (a restart keeps its port), panicking when it
    /// does not come up.
    pub fn start_on(kind: Kind, port: u16) -> Server {
        Server::try_start_on(kind, port)
            .unwrap_or_else(|| panic!("{kind:?} did not start on {port}"))
    }

    /// Spawns it and waits until it answers on `port` as itself; None (the
    /// child killed and reaped) when it exits or does not answer within 5 s.
    fn try_start_on(kind: Kind, port: u16) -> Option<Server> {
        let mut cmd = match kind {
            Kind::Redis => {
                let mut c = Command::new("redis-server");
                c.args(["--bind", "127.0.0.1", "--port", &port.to_string()])
                    .args(["--save", "", "--appendonly", "no", "--protected-mode", "no"])
                    .args([
                        "--daemonize",
                        "no",
                        "--loglevel",
                        "warning",
                        "--dir",
                        "/tmp",
                    ]);
                c
            }
            Kind::Memcached => {
                let mut c = Command::new("memcached");
                c.args([
                    "-l",
                    "127.0.0.1",
                    "-p",
                    &port.to_string(),
                    "-U",
                    "0",
                    "-m",
                    "16",
                    "-t",
                    "1",
                ]);
                if unsafe { libc::geteuid() } == 0 {
                    c.args(["-u", "root"]);
                }
                c
            }
        };
        let child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {kind:?}: {e}"));
        let pid = child.id();
        let mut server = Server {
            kind,
            port,
            child: Some(child),
        };
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if answers_as(kind, port, pid) {
                return Some(server);
            }
            if server.exited() {
                break;
            }
            thread::sleep(Duration::from_millis(10));
        }
        server.kill();
        None
    }

    fn exited(&mut self) -> bool {
        matches!(self.child.as_mut().map(|c| c.try_wait()), Some(Ok(Some(_))))
    }

    pub fn url(&self) -> String {
        match self.kind {
            Kind::Redis => format!("redis://127.0.0.1:{}", self.port),
            Kind::Memcached => format!("memcached://127.0.0.1:{}", self.port),
        }
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn signal(&self, sig: libc::c_int) {
        if let Some(c) = &self.child {
            unsafe { libc::kill(c.id() as libc::pid_t, sig) };
        }
    }

    /// SIGSTOP, returning once the kernel shows it stopped (the signal is
    /// delivered asynchronously).
    pub fn stop(&self) {
        self.signal(libc::SIGSTOP);
        let pid = self.child.as_ref().map(|c| c.id()).unwrap();
        let stopped = eventually(Duration::from_secs(5), || {
            std::fs::read_to_string(format!("/proc/{pid}/stat"))
                .map(|stat| {
                    stat.rsplit(')')
                        .next()
                        .unwrap_or("")
                        .trim_start()
                        .starts_with('T')
                })
                .unwrap_or(false)
        });
        assert!(stopped, "{:?} did not stop", self.kind);
    }

    pub fn cont(&self) {
        self.signal(libc::SIGCONT);
    }

    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            unsafe { libc::kill(c.id() as libc::pid_t, libc::SIGCONT) };
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Kills it and starts a fresh one on the same port.
    pub fn restart(&mut self) {
        self.kill();
        *self = Server::start_on(self.kind, self.port);
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// A TCP proxy on 127.0.0.1 that holds every reply of the server for
/// `delay` before passing it on. Stops accepting on drop; its connection
/// threads end when either side closes.
pub struct SlowProxy {
    pub port: u16,
    stop: Arc<AtomicBool>,
}

impl SlowProxy {
    pub fn start(upstream: u16, delay: Duration) -> SlowProxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                            continue;
                        };
                        let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                        thread::spawn(move || pipe(client, server, Duration::ZERO));
                        thread::spawn(move || pipe(s2, c2, delay));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        SlowProxy { port, stop }
    }
}

fn pipe(mut from: TcpStream, mut to: TcpStream, delay: Duration) {
    let mut buf = [0u8; 16384];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                thread::sleep(delay);
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Both);
    let _ = from.shutdown(Shutdown::Both);
}

impl Drop for SlowProxy {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Runs `f`, returns its result and how long it took.
pub fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let r = f();
    (r, start.elapsed())
}

/// Retries `f` until it is true, at most `within`.
pub fn eventually(within: Duration, mut f: impl FnMut() -> bool) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if f() {
            return true;
        }
        thread::sleep(Duration::from_millis(10));
    }
    false
}
