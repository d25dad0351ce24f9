//! Redis through the `redis` crate's synchronous connections: a small pool
//! per process, every exchange under the call's deadline (the socket
//! timeouts are set to what is left of it), a connection dropped after any
//! error (a late reply must never be read as the next call's answer).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use redis::{Cmd, Connection, FromRedisValue, RedisError, Value};

use super::StoreError;

/// Idle connections kept per process; more concurrent callers dial more
/// and the extra ones are closed when returned.
const MAX_IDLE: usize = 16;

pub(crate) struct RedisBackend {
    client: redis::Client,
    idle: Mutex<Vec<Connection>>,
}

fn store_error(e: RedisError) -> StoreError {
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

impl RedisBackend {
    pub(crate) fn new(info: redis::ConnectionInfo) -> Result<RedisBackend, StoreError> {
        let client = redis::Client::open(info).map_err(store_error)?;
        Ok(RedisBackend {
            client,
            idle: Mutex::new(Vec::new()),
        })
    }

    fn remaining(deadline: Instant) -> Result<Duration, StoreError> {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            Err(StoreError::Timeout)
        } else {
            Ok(left)
        }
    }

    fn dial(&self, deadline: Instant) -> Result<Connection, StoreError> {
        self.client
            .get_connection_with_timeout(Self::remaining(deadline)?)
            .map_err(store_error)
    }

    /// Runs `cmd` on a pooled or new connection before `deadline`. A pooled
    /// connection that the server closed meanwhile (a restart) fails at
    /// once: it is replaced by one new connection, once.
    fn exchange<T: FromRedisValue>(&self, cmd: &Cmd, deadline: Instant) -> Result<T, StoreError> {
        let pooled = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let (mut conn, mut pooled) = match pooled {
            Some(conn) => (conn, true),
            None => (self.dial(deadline)?, false),
        };
        loop {
            let left = Self::remaining(deadline)?;
            conn.set_read_timeout(Some(left)).map_err(store_error)?;
            conn.set_write_timeout(Some(left)).map_err(store_error)?;
            match cmd.query::<T>(&mut conn) {
                Ok(value) => {
                    let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                    if idle.len() < MAX_IDLE {
                        idle.push(conn);
                    }
                    return Ok(value);
                }
                Err(e) if pooled && !e.is_timeout() && e.is_connection_dropped() => {
                    conn = self.dial(deadline)?;
                    pooled = false;
                }
                Err(e) => return Err(store_error(e)),
            }
        }
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
