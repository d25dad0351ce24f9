//! What the I/O and handshake calls (`SSL_connect`, `SSL_read`, `SSL_write`,
//! `SSL_shutdown`, ...) do on a connection that never handshakes.
//!
//! sessl performs no TLS handshake. Each call first makes the checks OpenSSL
//! makes before its handshake state machine or record layer runs (no connection
//! type set, a negative length, a shutdown flag, early-data state, a handshake
//! function the method does not have), with OpenSSL's results; a call that gets
//! past them would start the handshake, and fails loudly instead
//! ([`Step::NeedsHandshake`]): nothing is ever sent.

use super::method::{Method, Role};
use super::session::Session;
use std::cell::Cell;
use std::ffi::CStr;

/// `SSL_RECEIVED_SHUTDOWN`, `SSL_SENT_SHUTDOWN`.
const RECEIVED_SHUTDOWN: i32 = 2;
const SENT_SHUTDOWN: i32 = 1;

// Reasons of <openssl/sslerr.h> and <openssl/err.h> these checks raise.
pub(crate) const SSL_R_BAD_LENGTH: i32 = 271;
pub(crate) const SSL_R_BIO_NOT_SET: i32 = 128;
pub(crate) const SSL_R_CONNECTION_TYPE_NOT_SET: i32 = 144;
pub(crate) const SSL_R_PROTOCOL_IS_SHUTDOWN: i32 = 207;
pub(crate) const SSL_R_SHUTDOWN_WHILE_IN_INIT: i32 = 407;
pub(crate) const SSL_R_SSL_HANDSHAKE_FAILURE: i32 = 229;
pub(crate) const SSL_R_UNINITIALIZED: i32 = 276;
pub(crate) const SSL_R_UNSUPPORTED_SSL_VERSION: i32 = 259;
pub(crate) const SSL_R_WRONG_SSL_VERSION: i32 = 266;
/// `ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED`: a common reason, flagged fatal.
pub(crate) const ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED: i32 = 257 | (0x3 << 18);
/// `ERR_R_INTERNAL_ERROR`, the same way.
pub(crate) const ERR_R_INTERNAL_ERROR: i32 = 259 | (0x3 << 18);

/// The handshake function a connection calls (OpenSSL's `handshake_func`): set
/// by `SSL_set_connect_state` / `SSL_set_accept_state` (or the first
/// `SSL_connect` / `SSL_accept`) from the method's table, kept by `SSL_clear`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandshakeFn {
    Connect,
    Accept,
    /// The role the method lacks (connecting with `TLS_server_method`, accepting
    /// with `TLS_client_method`): OpenSSL's `ssl_undefined_function`.
    Undefined,
}

impl HandshakeFn {
    pub fn for_role(method: &Method, server: bool) -> HandshakeFn {
        match (server, method.role) {
            (true, Role::Client) | (false, Role::Server) => HandshakeFn::Undefined,
            (true, _) => HandshakeFn::Accept,
            (false, _) => HandshakeFn::Connect,
        }
    }
}

/// The early-data states a connection without handshakes can reach: a failed
/// `SSL_write_early_data` / `SSL_read_early_data` leaves it waiting for a retry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EarlyData {
    #[default]
    None,
    ConnectRetry,
    AcceptRetry,
}

/// What a connection waits for (OpenSSL's `rwstate`, which `SSL_want` and
/// `SSL_get_error` report). No I/O ever waits here: only
/// `SSL_set_retry_verify` (`SSL_CTRL_SET_RETRY_VERIFY`) makes it wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Wait {
    /// `SSL_NOTHING`.
    #[default]
    Nothing,
    /// `SSL_RETRY_VERIFY`.
    RetryVerify,
}

/// A connection's I/O state (`SSL_new` copies the defaults from the context).
#[derive(Debug, Clone, Default)]
pub struct IoState {
    pub handshake: Option<HandshakeFn>,
    /// Set by `SSL_set_retry_verify`; `SSL_clear` and the calls below that
    /// OpenSSL resets it in (`Conn::wait`) end it.
    pub wait: Wait,
    /// Whether OpenSSL would have made the connection's `ASYNC_WAIT_CTX`: a
    /// call in `SSL_MODE_ASYNC` that reached the handshake function ran it
    /// in an async job. Kept for the connection's life (`SSL_clear` too).
    pub async_wait_ctx: bool,
    /// Set by `SSL_renegotiate(_abbreviated)`; only a handshake clears it, so
    /// once set it makes `SSL_clear` fail, as in OpenSSL.
    pub renegotiate: bool,
    pub early_data: EarlyData,
    pub quiet_shutdown: i32,
}

/// What a call does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Returns this, nothing queued.
    Return(i64),
    /// Queues OpenSSL's error `reason` from `func` (then `then`'s, when
    /// set) and returns `ret`.
    Refuse {
        reason: i32,
        func: &'static CStr,
        ret: i64,
        then: Option<(i32, &'static CStr)>,
    },
    /// Would run the handshake or the record layer: sessl's loud failure.
    NeedsHandshake,
}

/// What the checks read of a connection.
#[derive(Debug, Clone, Copy)]
pub struct Conn<'a> {
    pub io: &'a IoState,
    /// The wait state the call leaves (starts as `io.wait`): the checks end
    /// it where OpenSSL sets `rwstate` to `SSL_NOTHING`.
    pub wait: &'a Cell<Wait>,
    /// Whether `SSL_MODE_ASYNC` is set, and the wait context it leaves
    /// (starts as `io.async_wait_ctx`).
    pub async_mode: bool,
    pub async_wait_ctx: &'a Cell<bool>,
    pub shutdown: i32,
    pub server: bool,
    pub dtls: bool,
    /// Set when a read or peek gets to the record layer, where OpenSSL
    /// sets up its read buffer before running the handshake function (the
    /// caller then asks what that setup asks); None when nobody asks.
    pub record_read: Option<&'a Cell<bool>>,
}

/// Running the handshake function: the undefined one fails as OpenSSL's
/// `ssl_undefined_function` does, returning `undefined_ret` (and leaves the
/// wait state alone); a real one starts with `SSL_clear`, which ends any wait.
fn run_handshake(c: Conn, h: HandshakeFn, undefined_ret: i64) -> Step {
    // OpenSSL runs it (undefined or not) in an async job in async mode,
    // and starting the job sets `rwstate` to `SSL_NOTHING` first.
    if c.async_mode {
        c.async_wait_ctx.set(true);
        c.wait.set(Wait::Nothing);
    }
    match h {
        HandshakeFn::Undefined => refuse(
            ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED,
            c"ssl_undefined_function",
            undefined_ret,
        ),
        HandshakeFn::Connect | HandshakeFn::Accept => {
            c.wait.set(Wait::Nothing);
            Step::NeedsHandshake
        }
    }
}

fn refuse(reason: i32, func: &'static CStr, ret: i64) -> Step {
    Step::Refuse {
        reason,
        func,
        ret,
        then: None,
    }
}

/// `SSL_do_handshake` (and the tail of `SSL_connect` / `SSL_accept`).
pub fn do_handshake(c: Conn) -> Step {
    match c.io.handshake {
        None => refuse(SSL_R_CONNECTION_TYPE_NOT_SET, c"SSL_do_handshake", -1),
        Some(h) => run_handshake(c, h, 0),
    }
}

/// The record layer's read or write: it runs the handshake first, since a
/// connection that never handshook is always in init.
fn record_layer(c: Conn, h: HandshakeFn) -> Step {
    run_handshake(c, h, -1)
}

/// `ssl_read_internal` (`SSL_read`, `SSL_read_ex`).
pub fn read(c: Conn) -> Step {
    let Some(h) = c.io.handshake else {
        return refuse(SSL_R_UNINITIALIZED, c"ssl_read_internal", -1);
    };
    if c.shutdown & RECEIVED_SHUTDOWN != 0 {
        c.wait.set(Wait::Nothing);
        return Step::Return(0);
    }
    if c.io.early_data != EarlyData::None {
        return refuse(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, c"ssl_read_internal", 0);
    }
    record_read(c, h)
}

/// The record layer's read: its buffer first, then the handshake.
fn record_read(c: Conn, h: HandshakeFn) -> Step {
    if let Some(reached) = c.record_read {
        reached.set(true);
    }
    record_layer(c, h)
}

/// `ssl_peek_internal` (`SSL_peek`, `SSL_peek_ex`): no early-data check, and
/// a received shutdown leaves the wait state alone.
pub fn peek(c: Conn) -> Step {
    let Some(h) = c.io.handshake else {
        return refuse(SSL_R_UNINITIALIZED, c"ssl_peek_internal", -1);
    };
    if c.shutdown & RECEIVED_SHUTDOWN != 0 {
        return Step::Return(0);
    }
    record_read(c, h)
}

/// `ssl_write_internal` (`SSL_write`, `SSL_write_ex`).
pub fn write(c: Conn) -> Step {
    let Some(h) = c.io.handshake else {
        return refuse(SSL_R_UNINITIALIZED, c"ssl_write_internal", -1);
    };
    if c.shutdown & SENT_SHUTDOWN != 0 {
        c.wait.set(Wait::Nothing);
        return refuse(SSL_R_PROTOCOL_IS_SHUTDOWN, c"ssl_write_internal", -1);
    }
    if c.io.early_data != EarlyData::None {
        return refuse(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, c"ssl_write_internal", 0);
    }
    // TLS's record layer ends the wait before it runs the handshake
    // function; DTLS's application-data writer does not.
    if !c.dtls {
        c.wait.set(Wait::Nothing);
    }
    match record_layer(c, h) {
        // DTLS's application-data writer turns the handshake function's
        // failure into one of its own, queued after it.
        Step::Refuse {
            reason, func, ret, ..
        } if c.dtls => Step::Refuse {
            reason,
            func,
            ret,
            then: Some((SSL_R_SSL_HANDSHAKE_FAILURE, c"dtls1_write_app_data_bytes")),
        },
        step => step,
    }
}

/// `SSL_sendfile`: without kernel TLS on the write BIO it refuses; kernel TLS
/// is only switched on by a handshake.
pub fn sendfile(c: Conn, wbio_ktls_send: bool) -> Step {
    if c.io.handshake.is_none() {
        return refuse(SSL_R_UNINITIALIZED, c"SSL_sendfile", -1);
    }
    if c.shutdown & SENT_SHUTDOWN != 0 {
        return refuse(SSL_R_PROTOCOL_IS_SHUTDOWN, c"SSL_sendfile", -1);
    }
    if !wbio_ktls_send {
        return refuse(SSL_R_UNINITIALIZED, c"SSL_sendfile", -1);
    }
    c.wait.set(Wait::Nothing);
    Step::NeedsHandshake
}

/// `SSL_shutdown`: a connection that never handshook is always in init.
pub fn shutdown(c: Conn) -> Step {
    match c.io.handshake {
        None => refuse(SSL_R_UNINITIALIZED, c"SSL_shutdown", -1),
        Some(_) => refuse(SSL_R_SHUTDOWN_WHILE_IN_INIT, c"SSL_shutdown", -1),
    }
}

/// `SSL_key_update` and `SSL_verify_client_post_handshake`: TLS 1.3 only, and
/// no connection here has negotiated a version.
pub fn tls13_only(func: &'static CStr) -> Step {
    refuse(SSL_R_WRONG_SSL_VERSION, func, 0)
}

/// `SSL_write_early_data`'s checks before it connects: a client in the before
/// state whose session allows early data, or with a PSK use-session callback
/// (`psk_use`). `Ok` means it goes on to `SSL_connect` (and a failure there
/// leaves [`EarlyData::ConnectRetry`]).
pub fn write_early_data(c: Conn, session: Option<&Session>, psk_use: bool) -> Result<(), Step> {
    let refused = refuse(
        ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED,
        c"SSL_write_early_data",
        0,
    );
    match c.io.early_data {
        EarlyData::None => {
            let allowed = psk_use || session.is_some_and(|s| s.read(|d| d.max_early_data) != 0);
            if c.server || !allowed {
                return Err(refused);
            }
            Ok(())
        }
        EarlyData::ConnectRetry => Ok(()),
        EarlyData::AcceptRetry => Err(refused),
    }
}

/// `SSL_read_early_data`'s checks before it accepts: a server. `Ok` means it
/// goes on to `SSL_accept` (and a failure there leaves
/// [`EarlyData::AcceptRetry`]).
pub fn read_early_data(c: Conn) -> Result<(), Step> {
    let refused = refuse(ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED, c"SSL_read_early_data", 0);
    if !c.server {
        return Err(refused);
    }
    match c.io.early_data {
        EarlyData::None | EarlyData::AcceptRetry => Ok(()),
        EarlyData::ConnectRetry => Err(refused),
    }
}

/// `DTLSv1_listen` after its `SSL_clear`: every sessl connection is TLS.
pub fn dtls_listen(has_rbio: bool, has_wbio: bool) -> Step {
    if !has_rbio || !has_wbio {
        return refuse(SSL_R_BIO_NOT_SET, c"DTLSv1_listen", -1);
    }
    refuse(SSL_R_UNSUPPORTED_SSL_VERSION, c"DTLSv1_listen", -1)
}

/// `SSL_get_error` for a connection whose I/O never waits for its BIOs (its
/// only wait is [`Wait::RetryVerify`]): `queued_lib` is the library of the
/// first error on the queue (`ERR_LIB_SYS` for system errors), if any.
pub fn get_error(ret: i32, queued_lib: Option<i32>, wait: Wait, shutdown: i32) -> i32 {
    const NONE: i32 = 0;
    const SSL: i32 = 1;
    const SYSCALL: i32 = 5;
    const ZERO_RETURN: i32 = 6;
    const WANT_RETRY_VERIFY: i32 = 12;
    const LIB_SYS: i32 = 2;
    if ret > 0 {
        return NONE;
    }
    match queued_lib {
        Some(LIB_SYS) => SYSCALL,
        Some(_) => SSL,
        None if wait == Wait::RetryVerify => WANT_RETRY_VERIFY,
        // The last alert received is never set here, so it reads as
        // close_notify (0), which makes a received shutdown a clean close.
        None if shutdown & RECEIVED_SHUTDOWN != 0 => ZERO_RETURN,
        None => SYSCALL,
    }
}

/// `SSL_get_version`'s name of a protocol version.
pub fn version_name(version: i32) -> &'static CStr {
    match version {
        0x0304 => c"TLSv1.3",
        0x0303 => c"TLSv1.2",
        0x0302 => c"TLSv1.1",
        0x0301 => c"TLSv1",
        0x0300 => c"SSLv3",
        0x0100 => c"DTLSv0.9",
        0xfeff => c"DTLSv1",
        0xfefd => c"DTLSv1.2",
        _ => c"unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::method::{TLS_CLIENT_METHOD, TLS_METHOD, TLS_SERVER_METHOD};

    fn conn<'a>(
        io: &'a IoState,
        wait: &'a Cell<Wait>,
        async_wait_ctx: &'a Cell<bool>,
        shutdown: i32,
        server: bool,
    ) -> Conn<'a> {
        Conn {
            io,
            wait,
            async_mode: false,
            async_wait_ctx,
            shutdown,
            server,
            dtls: false,
            record_read: None,
        }
    }

    #[test]
    fn handshake_functions_follow_the_method() {
        assert_eq!(
            HandshakeFn::for_role(&TLS_METHOD, true),
            HandshakeFn::Accept
        );
        assert_eq!(
            HandshakeFn::for_role(&TLS_CLIENT_METHOD, true),
            HandshakeFn::Undefined
        );
        assert_eq!(
            HandshakeFn::for_role(&TLS_SERVER_METHOD, false),
            HandshakeFn::Undefined
        );
    }

    #[test]
    fn checks_come_in_openssl_order() {
        let w = Cell::new(Wait::Nothing);
        let a = Cell::new(false);
        let fresh = IoState::default();
        assert!(matches!(
            read(conn(&fresh, &w, &a, 2, false)),
            Step::Refuse {
                reason: SSL_R_UNINITIALIZED,
                ret: -1,
                ..
            }
        ));
        let io = IoState {
            handshake: Some(HandshakeFn::Connect),
            early_data: EarlyData::ConnectRetry,
            ..IoState::default()
        };
        assert_eq!(read(conn(&io, &w, &a, 2, false)), Step::Return(0));
        assert!(matches!(
            read(conn(&io, &w, &a, 0, false)),
            Step::Refuse { ret: 0, .. }
        ));
        assert_eq!(peek(conn(&io, &w, &a, 0, false)), Step::NeedsHandshake);
        assert!(matches!(
            write(conn(&io, &w, &a, 1, false)),
            Step::Refuse {
                reason: SSL_R_PROTOCOL_IS_SHUTDOWN,
                ..
            }
        ));
        let undefined = IoState {
            handshake: Some(HandshakeFn::Undefined),
            ..IoState::default()
        };
        assert!(matches!(
            do_handshake(conn(&undefined, &w, &a, 0, false)),
            Step::Refuse { ret: 0, .. }
        ));
        assert!(matches!(
            write(conn(&undefined, &w, &a, 0, false)),
            Step::Refuse {
                ret: -1,
                then: None,
                ..
            }
        ));
        let dtls = Conn {
            dtls: true,
            ..conn(&undefined, &w, &a, 0, false)
        };
        assert!(matches!(
            write(dtls),
            Step::Refuse {
                reason: ERR_R_SHOULD_NOT_HAVE_BEEN_CALLED,
                ret: -1,
                then: Some((SSL_R_SSL_HANDSHAKE_FAILURE, _)),
                ..
            }
        ));
        assert!(matches!(read(dtls), Step::Refuse { then: None, .. }));
    }

    #[test]
    fn get_error_without_waiting_io() {
        let n = Wait::Nothing;
        assert_eq!(get_error(1, Some(20), n, 0), 0);
        assert_eq!(get_error(0, Some(20), n, 0), 1);
        assert_eq!(get_error(-1, Some(2), n, 0), 5);
        assert_eq!(get_error(0, None, n, 2), 6);
        assert_eq!(get_error(-1, None, n, 1), 5);
        let r = Wait::RetryVerify;
        assert_eq!(get_error(0, Some(20), r, 2), 1);
        assert_eq!(get_error(0, None, r, 2), 12);
        assert_eq!(get_error(1, None, r, 0), 0);
    }

    #[test]
    fn where_the_wait_ends() {
        let waiting = |h| IoState {
            handshake: h,
            wait: Wait::RetryVerify,
            ..IoState::default()
        };
        let after = |io: &IoState, shutdown, dtls, f: fn(Conn) -> Step| {
            let w = Cell::new(io.wait);
            let a = Cell::new(false);
            f(Conn {
                dtls,
                ..conn(io, &w, &a, shutdown, false)
            });
            w.get()
        };
        let undefined = waiting(Some(HandshakeFn::Undefined));
        let connect = waiting(Some(HandshakeFn::Connect));
        let none = waiting(None);
        // A received shutdown ends it for a read, not for a peek.
        assert_eq!(after(&connect, 2, false, read), Wait::Nothing);
        assert_eq!(after(&connect, 2, false, peek), Wait::RetryVerify);
        // A sent shutdown ends it for a write; so does TLS's record layer.
        assert_eq!(after(&undefined, 1, true, write), Wait::Nothing);
        assert_eq!(after(&undefined, 0, false, write), Wait::Nothing);
        assert_eq!(after(&undefined, 0, true, write), Wait::RetryVerify);
        assert_eq!(after(&undefined, 0, false, read), Wait::RetryVerify);
        assert_eq!(after(&undefined, 0, false, do_handshake), Wait::RetryVerify);
        assert_eq!(after(&none, 1, false, write), Wait::RetryVerify);
        // A handshake that starts begins with SSL_clear.
        assert_eq!(after(&connect, 0, true, read), Wait::Nothing);
    }

    #[test]
    fn async_mode_makes_a_wait_context_where_the_handshake_function_runs() {
        let made = |io: &IoState, shutdown, f: fn(Conn) -> Step| {
            let (w, a) = (Cell::new(Wait::Nothing), Cell::new(false));
            f(Conn {
                async_mode: true,
                async_wait_ctx: &a,
                ..conn(io, &w, &a, shutdown, false)
            });
            a.get()
        };
        let undefined = IoState {
            handshake: Some(HandshakeFn::Undefined),
            ..IoState::default()
        };
        assert!(made(&undefined, 0, do_handshake));
        assert!(made(&undefined, 0, peek));
        assert!(made(&undefined, 0, write));
        assert!(!made(&undefined, 2, read));
        assert!(!made(&undefined, 1, write));
        assert!(!made(&IoState::default(), 0, do_handshake));
        assert!(!made(&IoState::default(), 0, read));
    }
}
