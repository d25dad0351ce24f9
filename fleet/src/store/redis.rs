//! Redis: commands packed and replies parsed by the `redis` crate
//! (`Cmd::get_packed_command`, `Parser`, `FromRedisValue`), carried over
//! our own deadline-bounded connections (`conn.rs`: the crate's
//! synchronous connections wait with socket timeouts, coarse by kernel
//! ticks). A small pool per process; a connection is dropped after any
//! error.

use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};

use redis::{Cmd, FromRedisValue, Parser, RedisError, Value};

use super::conn::{Conn, Pool};
use super::StoreError;

pub(crate) struct RedisBackend {
    pool: Pool,
    /// AUTH and SELECT for a new connection, packed once.
    hello: Vec<Vec<u8>>,
}

fn redis_error(e: RedisError) -> StoreError {
    if e.is_timeout() {
        StoreError::Timeout
    } else {
        StoreError::Io(format!("redis: {e}"))
    }
}

/// Milliseconds for PX, at least 1 (a zero TTL is an error in Redis).
fn ttl_ms(ttl: Duration) -> u64 {
    ttl.as_millis().clamp(1, u64::MAX as u128) as u64
}

/// Sends one packed command and parses its reply, a server error reply
/// being an error.
fn round_trip(conn: &mut Conn, packed: &[u8]) -> Result<Value, StoreError> {
    conn.send(packed)?;
    let value = Parser::new().parse_value(&mut *conn).map_err(redis_error)?;
    value.extract_error().map_err(redis_error)
}

impl RedisBackend {
    pub(crate) fn new(info: &redis::ConnectionInfo) -> Result<RedisBackend, StoreError> {
        let redis::ConnectionAddr::Tcp(host, port) = info.addr() else {
            return Err(StoreError::Io("redis: only plain TCP is supported".into()));
        };
        let ip: IpAddr = host
            .parse()
            .map_err(|_| StoreError::Io(format!("redis: {host} is not an address")))?;
        let settings = info.redis_settings();
        let mut hello = Vec::new();
        if let Some(password) = settings.password() {
            let mut auth = redis::cmd("AUTH");
            if let Some(user) = settings.username() {
                auth.arg(user);
            }
            hello.push(auth.arg(password).get_packed_command());
        }
        if settings.db() != 0 {
            hello.push(redis::cmd("SELECT").arg(settings.db()).get_packed_command());
        }
        Ok(RedisBackend {
            pool: Pool::new(SocketAddr::new(ip, *port)),
            hello,
        })
    }

    /// Runs `cmd` on a pooled or new connection before `deadline`.
    fn exchange<T: FromRedisValue>(&self, cmd: &Cmd, deadline: Instant) -> Result<T, StoreError> {
        let (mut conn, fresh) = self.pool.checkout(deadline)?;
        if fresh {
            for packed in &self.hello {
                round_trip(&mut conn, packed)?;
            }
        }
        let value = round_trip(&mut conn, &cmd.get_packed_command())?;
        self.pool.checkin(conn);
        redis::from_redis_value(value)
            .map_err(|e| StoreError::Io(format!("redis: unexpected reply: {e}")))
    }

    pub(crate) fn get(&self, key: &[u8], deadline: Instant) -> Result<Option<Vec<u8>>, StoreError> {
        self.exchange(redis::cmd("GET").arg(key), deadline)
    }

    /// GETDEL (Redis 6.2+): read and delete in one atomic command.
    pub(crate) fn take(
        &self,
        key: &[u8],
        deadline: Instant,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.exchange(redis::cmd("GETDEL").arg(key), deadline)
    }

    pub(crate) fn set(
        &self,
        key: &[u8],
        value: &[u8],
        ttl: Duration,
        deadline: Instant,
    ) -> Result<(), StoreError> {
        let cmd = redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("PX")
            .arg(ttl_ms(ttl))
            .clone();
        self.exchange::<Value>(&cmd, deadline).map(|_| ())
    }

    /// SET NX: the reply is OK when stored, nil when the key exists.
    pub(crate) fn add(
        &self,
        key: &[u8],
        value: &[u8],
        ttl: Duration,
        deadline: Instant,
    ) -> Result<bool, StoreError> {
        let cmd = redis::cmd("SET")
            .arg(key)
            .arg(value)
            .arg("PX")
            .arg(ttl_ms(ttl))
            .arg("NX")
            .clone();
        match self.exchange::<Value>(&cmd, deadline)? {
            Value::Nil => Ok(false),
            Value::Okay | Value::SimpleString(_) => Ok(true),
            other => Err(StoreError::Io(format!(
                "redis: unexpected reply to SET NX: {other:?}"
            ))),
        }
    }

    pub(crate) fn delete(&self, key: &[u8], deadline: Instant) -> Result<(), StoreError> {
        self.exchange::<i64>(redis::cmd("DEL").arg(key), deadline)
            .map(|_| ())
    }
}
