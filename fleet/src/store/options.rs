//! Store URLs and options: what [`open`] accepts.

use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use redis::IntoConnectionInfo;

use super::fleet::FleetStore;

/// Tuning of a [`FleetStore`]. `Default` gives the documented defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreOptions {
    /// The bound of every synchronous call (connect included). Default 5 ms.
    pub timeout: Duration,
    /// How many queued writes (`set_later`, `delete_later`) may wait for the
    /// writer thread; beyond it writes are dropped and counted. Default 4096.
    pub queue_capacity: usize,
    /// Consecutive failures of one server that open its circuit breaker.
    /// Default 5.
    pub breaker_failures: u32,
    /// While a breaker is open, one call per interval is let through as a
    /// probe. Default 1 s.
    pub breaker_probe_interval: Duration,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            timeout: Duration::from_millis(5),
            queue_capacity: 4096,
            breaker_failures: 5,
            breaker_probe_interval: Duration::from_secs(1),
        }
    }
}

/// One memcached server: the address as configured (its identity for
/// key routing, the same on every machine of the fleet) and what it
/// resolved to when the store was opened.
#[derive(Debug, Clone)]
pub(crate) struct MemcachedServer {
    pub(crate) id: String,
    pub(crate) addr: SocketAddr,
}

/// What a URL names.
#[derive(Debug, Clone)]
pub(crate) enum Target {
    Redis(redis::ConnectionInfo),
    Memcached(Vec<MemcachedServer>),
}

const REDIS_PORT: u16 = 6379;
const MEMCACHED_PORT: u16 = 11211;

/// Opens the store named by `url`:
/// - `redis://[[USER]:PASSWORD@]HOST[:PORT][/DB]` (port 6379 by default);
/// - `memcached://HOST[:PORT][,HOST[:PORT]...]` (port 11211 by default),
///   keys spread over the servers by rendezvous hashing.
///
/// Host names are resolved here, once (so no call ever waits on DNS);
/// nothing is connected: connections are made by the first calls, in the
/// process that makes them. Errors are one-line messages for operators.
pub fn open(url: &str, opts: StoreOptions) -> Result<FleetStore, String> {
    if opts.timeout.is_zero() {
        return Err("store timeout must be above zero".into());
    }
    if opts.queue_capacity == 0 {
        return Err("store queue capacity must be above zero".into());
    }
    let target = parse(url)?;
    Ok(FleetStore::new(target, opts, redact(url)))
}

/// [`open`] with the default [`StoreOptions`] but for the bound.
pub fn open_with_timeout(url: &str, timeout: Duration) -> Result<FleetStore, String> {
    open(
        url,
        StoreOptions {
            timeout,
            ..StoreOptions::default()
        },
    )
}

/// The URL without a password, for messages and stats.
pub(crate) fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}***{}", &url[..s + 3], &url[at..]),
        _ => url.to_string(),
    }
}

pub(crate) fn parse(url: &str) -> Result<Target, String> {
    let shown = redact(url);
    let Some((scheme, rest)) = url.split_once("://") else {
        return Err(format!("store URL {shown:?}: expected redis://HOST:PORT or memcached://HOST:PORT[,HOST:PORT...]"));
    };
    match scheme {
        "redis" => parse_redis(url, &shown),
        "memcached" | "memcache" => parse_memcached(rest, &shown),
        // Refused rather than quietly spoken in clear: what the fleet stores
        // is sealed already, but an operator asking for TLS expects it.
        "rediss" => Err(format!(
            "store URL {shown:?}: TLS to the store (rediss://) is not supported; \
             the values are sealed, but use a private network or a local TLS tunnel \
             (stunnel) and redis:// to it"
        )),
        _ => Err(format!(
            "store URL {shown:?}: unsupported scheme {scheme:?} (use redis:// or memcached://)"
        )),
    }
}

fn parse_redis(url: &str, shown: &str) -> Result<Target, String> {
    let info = url
        .into_connection_info()
        .map_err(|e| format!("store URL {shown:?}: {e}"))?;
    let (host, port) = match info.addr() {
        redis::ConnectionAddr::Tcp(host, port) => (host.clone(), *port),
        _ => {
            return Err(format!(
                "store URL {shown:?}: only plain TCP Redis is supported"
            ))
        }
    };
    if host.is_empty() {
        return Err(format!("store URL {shown:?}: no host"));
    }
    let port = if port == 0 { REDIS_PORT } else { port };
    let addr = resolve(&host, port, shown)?;
    let redis_settings = info.redis_settings().clone().set_skip_set_lib_name();
    let info = info
        .set_addr(redis::ConnectionAddr::Tcp(
            addr.ip().to_string(),
            addr.port(),
        ))
        .set_tcp_settings(redis::io::tcp::TcpSettings::default().set_nodelay(true))
        .set_redis_settings(redis_settings);
    Ok(Target::Redis(info))
}

fn parse_memcached(rest: &str, shown: &str) -> Result<Target, String> {
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let mut servers = Vec::new();
    for item in rest.split(',') {
        let item = item.trim();
        if item.is_empty() {
            return Err(format!("store URL {shown:?}: empty server in the list"));
        }
        let (host, port) = host_port(item, MEMCACHED_PORT).ok_or_else(|| {
            format!("store URL {shown:?}: cannot parse server {item:?} (HOST[:PORT])")
        })?;
        let addr = resolve(&host, port, shown)?;
        let id = format!("{host}:{port}");
        if servers.iter().any(|s: &MemcachedServer| s.id == id) {
            return Err(format!("store URL {shown:?}: server {id} listed twice"));
        }
        servers.push(MemcachedServer { id, addr });
    }
    Ok(Target::Memcached(servers))
}

/// `HOST`, `HOST:PORT`, `[V6]` or `[V6]:PORT`.
fn host_port(item: &str, default_port: u16) -> Option<(String, u16)> {
    let (host, port) = if let Some(v6) = item.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':')?)),
        }
    } else {
        match item.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (item, None),
        }
    };
    if host.is_empty()
        || host.contains(['/', '@', ' ', '[', ']'])
        || (host.contains(':') && !item.starts_with('['))
    {
        return None;
    }
    let port = match port {
        Some(p) => p.parse::<u16>().ok().filter(|&p| p != 0)?,
        None => default_port,
    };
    Some((host.to_string(), port))
}

fn resolve(host: &str, port: u16, shown: &str) -> Result<SocketAddr, String> {
    let mut addrs = (host, port)
        .to_socket_addrs()
        .map_err(|e| format!("store URL {shown:?}: cannot resolve {host}: {e}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("store URL {shown:?}: {host} resolves to no address"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redis_urls() {
        match parse("redis://127.0.0.1:7000").unwrap() {
            Target::Redis(info) => assert_eq!(
                info.addr(),
                &redis::ConnectionAddr::Tcp("127.0.0.1".into(), 7000)
            ),
            _ => panic!("not redis"),
        }
        match parse("redis://:secret@localhost/3").unwrap() {
            Target::Redis(info) => {
                assert!(matches!(info.addr(), redis::ConnectionAddr::Tcp(_, 6379)));
                assert_eq!(info.redis_settings().db(), 3);
                assert_eq!(info.redis_settings().password(), Some("secret"));
            }
            _ => panic!("not redis"),
        }
    }

    #[test]
    fn memcached_urls() {
        match parse("memcached://127.0.0.1:1,127.0.0.1, [::1]:3").unwrap() {
            Target::Memcached(s) => {
                let ids: Vec<_> = s.iter().map(|s| s.id.as_str()).collect();
                assert_eq!(ids, ["127.0.0.1:1", "127.0.0.1:11211", "::1:3"]);
                assert_eq!(s[2].addr, "[::1]:3".parse().unwrap());
            }
            _ => panic!("not memcached"),
        }
    }

    #[test]
    fn bad_urls_say_why() {
        for (url, why) in [
            ("http://127.0.0.1:80", "unsupported scheme"),
            ("127.0.0.1:6379", "expected redis://"),
            ("memcached://", "empty server"),
            ("memcached://127.0.0.1:1,,127.0.0.1:2", "empty server"),
            ("memcached://127.0.0.1:99999", "cannot parse"),
            ("memcached://127.0.0.1:x", "cannot parse"),
            ("memcached://::1:5", "cannot parse"),
            ("memcached://127.0.0.1:5,127.0.0.1:5", "listed twice"),
            ("redis://", "store URL"),
            ("redis+unix:///tmp/x.sock", "unsupported scheme"),
            (
                "rediss://127.0.0.1:6380",
                "TLS to the store (rediss://) is not supported",
            ),
            ("memcached://no-such-host.invalid:1", "cannot resolve"),
        ] {
            let e = parse(url).err().unwrap_or_else(|| panic!("{url} accepted"));
            assert!(e.contains(why), "{url}: {e}");
        }
        assert!(open(
            "redis://127.0.0.1:1",
            StoreOptions {
                timeout: Duration::ZERO,
                ..Default::default()
            }
        )
        .is_err());
        let s =
            open_with_timeout("redis://:hunter2@127.0.0.1:1", Duration::from_millis(3)).unwrap();
        assert!(
            !format!("{s:?}").contains("hunter2") && s.url().contains("***"),
            "{s:?}"
        );
        assert_eq!(s.options().timeout, Duration::from_millis(3));
        let e = parse("redis://user:hunter2@127.0.0.1:1/x").err().unwrap();
        assert!(!e.contains("hunter2"), "{e}");
    }
}
