//! `SSL_CTX`: the shared configuration of connections, and (later) their session
//! cache.

use super::method::Method;
use super::session::{ShortBytes, TooLong};
use crate::sync::{lock, Object, Shared};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Mutex;

pub struct Ctx {
    method: &'static Method,
    /// Timeout given to sessions this context makes; any value, negatives too.
    timeout: AtomicI64,
    sid_ctx: Mutex<ShortBytes>,
}

impl Object for Ctx {}

impl Ctx {
    pub fn new(method: &'static Method) -> Shared<Ctx> {
        Shared::new(Ctx {
            method,
            timeout: AtomicI64::new(method.default_timeout),
            sid_ctx: Mutex::new(ShortBytes::default()),
        })
    }

    pub fn method(&self) -> &'static Method {
        self.method
    }

    pub fn timeout(&self) -> i64 {
        self.timeout.load(Ordering::Relaxed)
    }

    /// Sets the session timeout, returning the previous one.
    pub fn set_timeout(&self, timeout: i64) -> i64 {
        self.timeout.swap(timeout, Ordering::Relaxed)
    }

    pub fn sid_ctx(&self) -> ShortBytes {
        *lock(&self.sid_ctx)
    }

    pub fn set_sid_ctx(&self, sid_ctx: &[u8]) -> Result<(), TooLong> {
        *lock(&self.sid_ctx) = ShortBytes::new(sid_ctx)?;
        Ok(())
    }
}
