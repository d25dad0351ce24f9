//! The Rust `openssl` crate as a client of libssl (see tests-clients/run.sh):
//! `SslSession` decoding, getters and encoding on real sessions, `SslContext`
//! builder settings, the session cache, and the context's cipher list through
//! `SslCipherRef`. Nothing needs a handshake. Prints everything; run.sh diffs
//! it between the system libssl and sessl.
//!
//! usage: sessl-clients-rust SESSIONS_DIR CERTS_DIR

use foreign_types::{ForeignType, ForeignTypeRef};
use openssl::error::ErrorStack;
use openssl::ssl::{
    Ssl, SslCipher, SslContext, SslContextBuilder, SslFiletype, SslMethod, SslOptions, SslSession,
    SslSessionCacheMode, SslVerifyMode, SslVersion,
};
use openssl::stack::{Stack, StackRef};
use std::fmt::Debug;
use std::os::raw::{c_long, c_void};
use std::path::Path;
use std::{env, fs};

// What openssl-sys does not bind: the cipher list getter and the cache
// counters (SSL_CTX_sess_* are SSL_CTX_ctrl macros).
extern "C" {
    fn SSL_CTX_get_ciphers(
        ctx: *const openssl_sys::SSL_CTX,
    ) -> *mut openssl_sys::stack_st_SSL_CIPHER;
    fn SSL_CTX_flush_sessions(ctx: *mut openssl_sys::SSL_CTX, tm: c_long);
    fn SSL_SESSION_set_time(s: *mut openssl_sys::SSL_SESSION, t: c_long) -> c_long;
    fn SSL_SESSION_set_timeout(s: *mut openssl_sys::SSL_SESSION, t: c_long) -> c_long;
    fn SSL_CTX_get_verify_mode(ctx: *const openssl_sys::SSL_CTX) -> i32;
    fn SSL_CTX_get_security_level(ctx: *const openssl_sys::SSL_CTX) -> i32;
}
const CACHE_COUNTERS: &[(&str, i32)] = &[
    ("number", 20),
    ("connect", 21),
    ("connect_good", 22),
    ("connect_renegotiate", 23),
    ("accept", 24),
    ("accept_good", 25),
    ("accept_renegotiate", 26),
    ("hits", 27),
    ("cb_hits", 28),
    ("misses", 29),
    ("timeouts", 30),
    ("cache_full", 31),
];

fn show<T: Debug>(label: &str, value: T) {
    println!("{label}: {value:?}");
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn stats(ctx: &SslContext) -> String {
    CACHE_COUNTERS
        .iter()
        .map(|(name, cmd)| {
            let n = unsafe {
                openssl_sys::SSL_CTX_ctrl(ctx.as_ptr(), *cmd, 0, std::ptr::null_mut::<c_void>())
            };
            format!("{name}={n}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn cipher_list(ctx: &SslContext) -> Vec<String> {
    let stack = unsafe { SSL_CTX_get_ciphers(ctx.as_ptr()) };
    if stack.is_null() {
        return vec![];
    }
    let stack: &StackRef<SslCipher> = unsafe { StackRef::from_ptr(stack as *mut _) };
    stack.iter().map(|c| c.name().to_string()).collect()
}

fn describe_ciphers(ctx: &SslContext) {
    let stack = unsafe { SSL_CTX_get_ciphers(ctx.as_ptr()) };
    let stack: &StackRef<SslCipher> = unsafe { StackRef::from_ptr(stack as *mut _) };
    for c in stack {
        let bits = c.bits();
        println!(
            "  {} std={:?} version={} bits={}/{} digest={:?} nid={:?} id={:02x?} aead-desc={}",
            c.name(),
            c.standard_name(),
            c.version(),
            bits.secret,
            bits.algorithm,
            c.handshake_digest().map(|d| d.type_().as_raw()),
            c.cipher_nid().map(|n| n.as_raw()),
            c.protocol_id(),
            c.description().trim_end()
        );
    }
}

fn builder() -> SslContextBuilder {
    SslContext::builder(SslMethod::tls()).expect("SslContext::builder")
}

fn result<T: Debug>(r: Result<T, ErrorStack>) -> String {
    match r {
        Ok(v) => format!("Ok({v:?})"),
        Err(e) => format!(
            "Err({})",
            e.errors()
                .iter()
                .map(|e| format!(
                    "{}:{}",
                    e.library().unwrap_or("?"),
                    e.reason().unwrap_or("?")
                ))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn main() {
    let args: Vec<String> = env::args().collect();
    let (sess_dir, certs) = (Path::new(&args[1]), Path::new(&args[2]));

    // -------------------------------------------------------- sessions
    let mut names: Vec<String> = fs::read_dir(sess_dir)
        .expect("sessions dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter_map(|n| n.strip_suffix(".der").map(str::to_string))
        .collect();
    names.sort();
    let mut sessions = vec![];
    for name in &names {
        println!("=== session {name}");
        let der = fs::read(sess_dir.join(format!("{name}.der"))).expect("der");
        let s = match SslSession::from_der(&der) {
            Ok(s) => s,
            Err(e) => {
                println!("from_der: {e}");
                continue;
            }
        };
        show("id", hex(s.id()));
        show("time", s.time());
        show("timeout", s.timeout());
        show("master_key_len", s.master_key_len());
        let mut key = vec![0u8; s.master_key_len()];
        show("master_key", (s.master_key(&mut key), hex(&key)));
        let mut short = [0u8; 5];
        show(
            "master_key(5-byte buffer)",
            (s.master_key(&mut short), hex(&short)),
        );
        show("protocol_version", s.protocol_version());
        show("max_early_data", s.max_early_data());
        show("to_der == file", s.to_der().map(|d| d == der));
        show("to_owned id", hex(s.to_owned().id()));
        sessions.push((name.clone(), s));
    }
    println!("=== bad DER");
    let first = fs::read(sess_dir.join(format!("{}.der", names[0]))).expect("der");
    for cut in [0, 1, 2, 10, 100, first.len() - 1] {
        show(
            &format!("from_der(first {cut} bytes)"),
            result(SslSession::from_der(&first[..cut]).map(|_| ())),
        );
    }

    // -------------------------------------------------------- contexts
    println!("=== SslContext::builder");
    let mut b = builder();
    show("options", b.options());
    show("min_proto_version", b.min_proto_version());
    show("max_proto_version", b.max_proto_version());
    let ctx = b.build();
    show("verify_mode", ctx.verify_mode());
    show("security_level", ctx.security_level());
    show("session_cache_size", ctx.session_cache_size());
    show("stats", stats(&ctx));
    println!("ciphers:");
    describe_ciphers(&ctx);
    for method in [
        ("tls_client", SslMethod::tls_client()),
        ("tls_server", SslMethod::tls_server()),
    ] {
        let c = SslContext::builder(method.1).expect("builder").build();
        show(&format!("{} ciphers", method.0), cipher_list(&c).len());
    }

    println!("=== settings");
    for cs in [
        "DEFAULT",
        "HIGH:!aNULL",
        "ECDHE+AESGCM:@STRENGTH",
        "AES128-SHA",
        "eNULL",
        "ALL@SECLEVEL=0",
        "DEFAULT:@SECLEVEL=3",
        "@SECLEVEL=5:ALL",
        "bogus",
        "",
    ] {
        let mut b = builder();
        show(
            &format!("set_cipher_list({cs:?})"),
            result(b.set_cipher_list(cs)),
        );
        let c = b.build();
        show("  security_level", c.security_level());
        show("  ciphers", cipher_list(&c).join(":"));
    }
    for cs in [
        "TLS_AES_128_GCM_SHA256",
        "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
        "bogus",
        "",
    ] {
        let mut b = builder();
        show(
            &format!("set_ciphersuites({cs:?})"),
            result(b.set_ciphersuites(cs)),
        );
        show("  ciphers", cipher_list(&b.build()).join(":"));
    }
    for (lo, hi) in [
        (Some(SslVersion::TLS1_2), Some(SslVersion::TLS1_3)),
        (Some(SslVersion::TLS1), None),
        (None, Some(SslVersion::TLS1_1)),
        (Some(SslVersion::SSL3), Some(SslVersion::TLS1_2)),
    ] {
        let mut b = builder();
        show(
            &format!("set_min_proto_version({lo:?})"),
            result(b.set_min_proto_version(lo)),
        );
        show(
            &format!("set_max_proto_version({hi:?})"),
            result(b.set_max_proto_version(hi)),
        );
        show("  min/max", (b.min_proto_version(), b.max_proto_version()));
    }
    let mut b = builder();
    for o in [
        SslOptions::NO_TICKET,
        SslOptions::NO_TLSV1_3 | SslOptions::NO_COMPRESSION,
        SslOptions::CIPHER_SERVER_PREFERENCE,
        SslOptions::ALL,
    ] {
        show(&format!("set_options({o:?})"), b.set_options(o));
    }
    show("clear_options(ALL)", b.clear_options(SslOptions::ALL));
    for m in [
        SslVerifyMode::PEER,
        SslVerifyMode::PEER | SslVerifyMode::FAIL_IF_NO_PEER_CERT,
        SslVerifyMode::NONE,
    ] {
        b.set_verify(m);
        show(&format!("set_verify({m:?})"), unsafe {
            SSL_CTX_get_verify_mode(b.as_ptr())
        });
    }
    for lvl in 0..6 {
        b.set_security_level(lvl);
        show(&format!("set_security_level({lvl})"), unsafe {
            SSL_CTX_get_security_level(b.as_ptr())
        });
    }
    b.set_security_level(2);
    show(
        "set_session_id_context",
        result(b.set_session_id_context(b"sessl")),
    );
    show(
        "set_session_id_context(33 bytes)",
        result(b.set_session_id_context(&[b'x'; 33])),
    );
    show(
        "set_alpn_protos",
        result(b.set_alpn_protos(b"\x02h2\x08http/1.1")),
    );
    show(
        "set_certificate_file(rsa.pem)",
        result(b.set_certificate_file(certs.join("rsa.pem"), SslFiletype::PEM)),
    );
    show(
        "set_private_key_file(rsa.key)",
        result(b.set_private_key_file(certs.join("rsa.key"), SslFiletype::PEM)),
    );
    show("check_private_key", result(b.check_private_key()));
    show(
        "set_private_key_file(ec.key) (mismatch)",
        result(b.set_private_key_file(certs.join("ec.key"), SslFiletype::PEM)),
    );
    show(
        "set_certificate_chain_file(rsa_weak_chain.pem)",
        result(b.set_certificate_chain_file(certs.join("rsa_weak_chain.pem"))),
    );
    show(
        "set_ca_file(ca.pem)",
        result(b.set_ca_file(certs.join("ca.pem"))),
    );
    show(
        "set_ca_file(missing)",
        result(b.set_ca_file(certs.join("missing.pem"))),
    );
    show(
        "set_tlsext_use_srtp",
        result(b.set_tlsext_use_srtp("SRTP_AES128_CM_SHA1_80")),
    );
    let ctx = b.build();
    show("certificate present", ctx.certificate().is_some());
    show("private_key present", ctx.private_key().is_some());
    show("verify_mode", ctx.verify_mode());

    // -------------------------------------------------------- session cache
    println!("=== session cache");
    let mut b = builder();
    for m in [
        SslSessionCacheMode::OFF,
        SslSessionCacheMode::CLIENT,
        SslSessionCacheMode::BOTH | SslSessionCacheMode::NO_AUTO_CLEAR,
        SslSessionCacheMode::SERVER,
    ] {
        show(
            &format!("set_session_cache_mode({m:?}) returns"),
            b.set_session_cache_mode(m),
        );
    }
    show(
        "set_session_cache_size(3) returns",
        b.set_session_cache_size(3),
    );
    let ctx = b.build();
    show("session_cache_size", ctx.session_cache_size());
    // Sessions timed 50 s ago, one second apart, living 100 s: none expired.
    let base = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as c_long
        - 50;
    // Fresh copies for each context: a session cached by one context must not
    // be added to another (OpenSSL corrupts both caches; COMPATIBILITY.md).
    let timed_copies = || -> Vec<SslSession> {
        sessions
            .iter()
            .enumerate()
            .map(|(i, (_, s))| {
                let d = SslSession::from_der(&s.to_der().expect("der")).expect("decode");
                unsafe {
                    SSL_SESSION_set_time(d.as_ptr(), base + i as c_long);
                    SSL_SESSION_set_timeout(d.as_ptr(), 100);
                }
                d
            })
            .collect()
    };
    let timed = timed_copies();
    for ((name, _), s) in sessions.iter().zip(&timed) {
        show(&format!("add_session({name})"), unsafe {
            ctx.add_session(s)
        });
        show("  again", unsafe { ctx.add_session(s) });
        show("  stats", stats(&ctx));
    }
    show("remove_session(last)", unsafe {
        ctx.remove_session(timed.last().expect("a session"))
    });
    show("remove_session(first, evicted)", unsafe {
        ctx.remove_session(&timed[0])
    });
    show("stats", stats(&ctx));
    let mut b = builder();
    b.set_session_cache_size(100);
    let ctx = b.build();
    let timed = timed_copies();
    for s in &timed {
        unsafe { ctx.add_session(s) };
    }
    show("size 100, all added", stats(&ctx));
    unsafe { SSL_CTX_flush_sessions(ctx.as_ptr(), base + 100) };
    show("flush(base + 100)", stats(&ctx));
    unsafe { SSL_CTX_flush_sessions(ctx.as_ptr(), base + 103) };
    show("flush(base + 103)", stats(&ctx));

    // -------------------------------------------------------- connections
    println!("=== Ssl before a handshake");
    let mut ssl = Ssl::new(&ctx).expect("Ssl::new");
    show("state_string", ssl.state_string());
    show("state_string_long", ssl.state_string_long());
    show("version_str", ssl.version_str());
    show("version2", ssl.version2());
    show("current_cipher", ssl.current_cipher().map(|c| c.name()));
    show("session", ssl.session().map(|s| hex(s.id())));
    show("session_reused", ssl.session_reused());
    show("verify_mode", ssl.verify_mode());
    show("selected_alpn_protocol", ssl.selected_alpn_protocol());
    show("peer_certificate", ssl.peer_certificate().is_some());
    for (name, s) in &sessions {
        show(
            &format!("set_session({name})"),
            result(unsafe { ssl.set_session(s) }),
        );
        show("  session id", ssl.session().map(|s| hex(s.id())));
        show(
            "  current_cipher",
            ssl.current_cipher().map(|c| (c.name(), c.standard_name())),
        );
        show("  session_reused", ssl.session_reused());
    }
    show("set_cipher_list", result(ssl.set_cipher_list("AES256-SHA")));
    show(
        "set_ciphersuites",
        result(ssl.set_ciphersuites("TLS_AES_128_GCM_SHA256")),
    );
    show(
        "set_min_proto_version",
        result(ssl.set_min_proto_version(Some(SslVersion::TLS1_2))),
    );
    ssl.set_security_level(3);
    show("security_level", ssl.security_level());
    let stack: Stack<SslCipher> = Stack::new().expect("stack");
    show("empty cipher stack", stack.len());
    println!("done");
}
