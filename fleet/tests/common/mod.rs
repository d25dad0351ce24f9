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

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn wait_listening(port: u16, within: Duration) -> bool {
    let until = Instant::now() + within;
    while Instant::now() < until {
        if TcpStream::connect_timeout(&([127, 0, 0, 1], port).into(), Duration::from_millis(100))
            .is_ok()
        {
            return true;
        }
        thread::sleep(Duration::from_millis(10));
    }
    false
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
    pub fn start(kind: Kind) -> Server {
        Server::start_on(kind, free_port())
    }

    pub fn start_on(kind: Kind, port: u16) -> Server {
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
        let mut server = Server {
            kind,
            port,
            child: Some(child),
        };
        assert!(
            wait_listening(port, Duration::from_secs(5)),
            "{kind:?} did not listen on {port}"
        );
        server.check_alive();
        server
    }

    fn check_alive(&mut self) {
        if let Some(Ok(Some(status))) = self.child.as_mut().map(|c| c.try_wait()) {
            panic!("{:?} on {} exited: {status}", self.kind, self.port);
        }
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
