# pyOpenSSL (OpenSSL.SSL, over cryptography's cffi binding of libssl) as a
# client of libssl (see run.sh): the handshake-free parts of its own test
# suite: Context settings and getters, the session cache mode, cipher lists,
# certificates and keys, and Connection getters before a handshake, with
# sessions decoded from real DER through the binding. Prints everything;
# run.sh diffs it between the system libssl and sessl.
#   usage: python3 pyopenssl.py SESSIONS_DIR CERTS_DIR
import ctypes
import glob
import os
import re
import sys

from OpenSSL import SSL, crypto
from OpenSSL._util import ffi, lib

SESS, CERTS = sys.argv[1:3]


def show(label, fn):
    try:
        value = fn()
    except Exception as e:  # every failure is part of the output
        print("%s: raised %s: %s" % (label, type(e).__name__, e))
        return None
    print("%s: %s" % (label, re.sub(r" (at|object at) 0x[0-9a-f]+", " at 0x...", repr(value))))
    return value


def cert(name):
    return os.path.join(CERTS, name)


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


# cryptography's binding has no d2i_SSL_SESSION: it is called through ctypes
# from the libssl.so.3 already loaded (the same library the binding uses).
_libssl = ctypes.CDLL("libssl.so.3")
_libssl.d2i_SSL_SESSION.restype = ctypes.c_void_p
_libssl.d2i_SSL_SESSION.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p), ctypes.c_long]


def session_from_der(der):
    """An SSL.Session holding the session d2i_SSL_SESSION decodes from der."""
    pp = ctypes.c_char_p(der)
    raw = _libssl.d2i_SSL_SESSION(None, ctypes.byref(pp), len(der))
    if not raw:
        raise ValueError("d2i_SSL_SESSION failed")
    s = SSL.Session.__new__(SSL.Session)
    s._session = ffi.gc(ffi.cast("SSL_SESSION *", raw), lib.SSL_SESSION_free)
    return s


def built_session(cipher_name, version, master_key):
    """A session built the way pyOpenSSL's PSK code builds one."""
    s = SSL.Session.__new__(SSL.Session)
    s._session = ffi.gc(lib.Cryptography_SSL_SESSION_new(), lib.SSL_SESSION_free)
    c = lib.SSL_CIPHER_find(SSL.Connection(SSL.Context(SSL.TLS_METHOD), None)._ssl, cipher_name)
    print("  SSL_CIPHER_find(%r): %s" % (cipher_name, "NULL" if c == ffi.NULL else "found"))
    print("  set_cipher:", lib.SSL_SESSION_set_cipher(s._session, c))
    print("  set_protocol_version:", lib.SSL_SESSION_set_protocol_version(s._session, version))
    print("  set1_master_key:", lib.SSL_SESSION_set1_master_key(s._session, master_key, len(master_key)))
    print("  set1_id_context:", lib.SSL_SESSION_set1_id_context(s._session, b"ctx", 3))
    return s


def context_state(ctx):
    show("  get_session_cache_mode", ctx.get_session_cache_mode)
    show("  get_timeout", ctx.get_timeout)
    show("  get_verify_mode", ctx.get_verify_mode)
    show("  get_verify_depth", ctx.get_verify_depth)
    show("  options (set_options(0))", lambda: ctx.set_options(0))
    show("  mode (set_mode(0))", lambda: ctx.set_mode(0))
    show("  cipher list", lambda: SSL.Connection(ctx, None).get_cipher_list())


print("=== methods")
for name in ("TLS_METHOD", "TLS_CLIENT_METHOD", "TLS_SERVER_METHOD", "SSLv23_METHOD", "TLSv1_METHOD",
             "TLSv1_1_METHOD", "TLSv1_2_METHOD", "DTLS_METHOD"):
    ctx = show("Context(%s)" % name, lambda: SSL.Context(getattr(SSL, name)))
    if ctx:
        context_state(ctx)
show("Context(bogus)", lambda: SSL.Context(1234))

print("=== settings")
ctx = SSL.Context(SSL.TLS_METHOD)
for opt in (SSL.OP_NO_SSLv2, SSL.OP_NO_TICKET, SSL.OP_NO_TLSv1_3 | SSL.OP_NO_COMPRESSION,
            SSL.OP_CIPHER_SERVER_PREFERENCE, SSL.OP_ALL):
    show("set_options(%#x)" % opt, lambda: ctx.set_options(opt))
for mode in (SSL.MODE_RELEASE_BUFFERS, 0, 1):
    show("set_mode(%#x)" % mode, lambda: ctx.set_mode(mode))
for mode in (SSL.SESS_CACHE_OFF, SSL.SESS_CACHE_CLIENT, SSL.SESS_CACHE_SERVER, SSL.SESS_CACHE_BOTH,
             SSL.SESS_CACHE_NO_AUTO_CLEAR | SSL.SESS_CACHE_NO_INTERNAL, 0x7FFF):
    show("set_session_cache_mode(%#x)" % mode, lambda: ctx.set_session_cache_mode(mode))
    show("  get_session_cache_mode", ctx.get_session_cache_mode)
for t in (1234, 0, 2**31 - 1):
    show("set_timeout(%d)" % t, lambda: ctx.set_timeout(t))
    show("  get_timeout", ctx.get_timeout)
for mode in (SSL.VERIFY_PEER, SSL.VERIFY_PEER | SSL.VERIFY_FAIL_IF_NO_PEER_CERT, SSL.VERIFY_NONE):
    show("set_verify(%d)" % mode, lambda: ctx.set_verify(mode))
    show("  get_verify_mode", ctx.get_verify_mode)
show("set_verify_depth(7)", lambda: ctx.set_verify_depth(7))
show("  get_verify_depth", ctx.get_verify_depth)
show("set_session_id(b'sessl')", lambda: ctx.set_session_id(b"sessl"))
show("set_session_id(33 bytes)", lambda: ctx.set_session_id(b"x" * 33))
show("set_min_proto_version(TLS1_2)", lambda: ctx.set_min_proto_version(SSL.TLS1_2_VERSION))
show("set_max_proto_version(TLS1_3)", lambda: ctx.set_max_proto_version(SSL.TLS1_3_VERSION))
show("set_min_proto_version(0x0305)", lambda: ctx.set_min_proto_version(0x0305))
show("set_alpn_protos([b'h2', b'http/1.1'])", lambda: ctx.set_alpn_protos([b"h2", b"http/1.1"]))
show("set_tmp_ecdh(secp384r1)", lambda: ctx.set_tmp_ecdh(crypto.get_elliptic_curve("secp384r1")))
show("set_tlsext_use_srtp(b'SRTP_AES128_CM_SHA1_80')", lambda: ctx.set_tlsext_use_srtp(b"SRTP_AES128_CM_SHA1_80"))
show("set_tlsext_use_srtp(b'bogus')", lambda: ctx.set_tlsext_use_srtp(b"bogus"))

print("=== cipher lists")
# cryptography loads OpenSSL's legacy provider, which makes OpenSSL's rules
# select SEED (and IDEA) suites; sessl's rules follow the default providers
# only (COMPATIBILITY.md, cipher lists), so strings with ALL exclude them.
for cs in (b"DEFAULT", b"HIGH:!aNULL", b"ECDHE+AESGCM:@STRENGTH", b"AES128-SHA", b"eNULL",
           b"ALL:!SEED:!IDEA@SECLEVEL=0", b"DEFAULT:@SECLEVEL=3", b"@SECLEVEL=5:ALL:!SEED:!IDEA", b"PSK", b"bogus",
           b"", b"AES256-SHA:bogus"):
    c = SSL.Context(SSL.TLS_METHOD)
    show("set_cipher_list(%r)" % cs, lambda: c.set_cipher_list(cs))
    show("  cipher list", lambda: SSL.Connection(c, None).get_cipher_list())
c = SSL.Context(SSL.TLSv1_2_METHOD)
show("TLSv1_2_METHOD set_cipher_list(b'AES128-SHA')", lambda: c.set_cipher_list(b"AES128-SHA"))
show("  cipher list", lambda: SSL.Connection(c, None).get_cipher_list())

print("=== certificates and keys")
ctx = SSL.Context(SSL.TLS_METHOD)
show("use_certificate_file(rsa.pem)", lambda: ctx.use_certificate_file(cert("rsa.pem")))
show("use_privatekey_file(rsa.key)", lambda: ctx.use_privatekey_file(cert("rsa.key")))
show("check_privatekey", ctx.check_privatekey)
show("use_privatekey_file(ec.key) (mismatch)", lambda: ctx.use_privatekey_file(cert("ec.key")))
show("use_certificate_file(rsa.der, ASN1)", lambda: ctx.use_certificate_file(cert("rsa.der"), crypto.FILETYPE_ASN1))
show("use_certificate_file(missing)", lambda: ctx.use_certificate_file(cert("missing.pem")))
show("use_certificate_chain_file(rsa_chain.pem)", lambda: ctx.use_certificate_chain_file(cert("rsa_chain.pem")))
show("use_certificate_chain_file(rsa_weak_chain.pem)", lambda: ctx.use_certificate_chain_file(cert("rsa_weak_chain.pem")))
x509 = crypto.load_certificate(crypto.FILETYPE_PEM, read(cert("ec.pem")))
pkey = crypto.load_privatekey(crypto.FILETYPE_PEM, read(cert("ec.key")))
show("use_certificate(ec)", lambda: ctx.use_certificate(x509))
show("use_privatekey(ec)", lambda: ctx.use_privatekey(pkey))
show("check_privatekey", ctx.check_privatekey)
show("use_certificate(weak)", lambda: ctx.use_certificate(crypto.load_certificate(crypto.FILETYPE_PEM, read(cert("weak.pem")))))
show("add_extra_chain_cert(inter)", lambda: ctx.add_extra_chain_cert(
    crypto.load_certificate(crypto.FILETYPE_PEM, read(cert("inter.pem")))))
show("load_verify_locations(ca.pem)", lambda: ctx.load_verify_locations(cert("ca.pem")))
show("load_verify_locations(None, cadir)", lambda: ctx.load_verify_locations(None, cert("cadir")))
show("load_verify_locations(missing)", lambda: ctx.load_verify_locations(cert("missing.pem")))
show("load_client_ca(cas.pem)", lambda: ctx.load_client_ca(cert("cas.pem").encode()))
show("add_client_ca(ca)", lambda: ctx.add_client_ca(crypto.load_certificate(crypto.FILETYPE_PEM, read(cert("ca.pem")))))
show("get_cert_store", lambda: type(ctx.get_cert_store()).__name__)
show("set_default_verify_paths", ctx.set_default_verify_paths)
show("load_tmp_dh(missing)", lambda: ctx.load_tmp_dh(cert("missing.pem")))

print("=== Connection before a handshake")
ctx = SSL.Context(SSL.TLS_METHOD)
ctx.set_cipher_list(b"ECDHE+AESGCM:AES128-SHA")
ctx.use_certificate_file(cert("rsa.pem"))
ctx.use_privatekey_file(cert("rsa.key"))
conn = SSL.Connection(ctx, None)
for name in ("get_cipher_list", "get_state_string", "get_protocol_version", "get_protocol_version_name",
             "get_cipher_name", "get_cipher_bits", "get_cipher_version", "get_servername", "get_session",
             "get_shutdown", "pending", "want_read", "want_write", "get_finished", "get_peer_finished",
             "get_peer_certificate", "get_peer_cert_chain", "get_verified_chain", "get_client_ca_list",
             "get_alpn_proto_negotiated", "get_verify_mode", "renegotiate_pending", "total_renegotiations",
             "client_random", "server_random", "master_key"):
    show(name, getattr(conn, name))
show("get_certificate subject", lambda: conn.get_certificate().get_subject())
show("set_tlsext_host_name(b'server.example')", lambda: conn.set_tlsext_host_name(b"server.example"))
show("set_connect_state", conn.set_connect_state)
show("get_state_string", conn.get_state_string)
show("set_shutdown(SENT_SHUTDOWN)", lambda: conn.set_shutdown(SSL.SENT_SHUTDOWN))
show("get_shutdown", conn.get_shutdown)
show("set_alpn_protos([b'h2'])", lambda: conn.set_alpn_protos([b"h2"]))
show("set_verify(VERIFY_PEER)", lambda: conn.set_verify(SSL.VERIFY_PEER))
show("get_verify_mode", conn.get_verify_mode)
show("set_session(Session())", lambda: conn.set_session(SSL.Session()))
show("get_session is a Session", lambda: type(conn.get_session()).__name__)
show("master_key of an empty session", conn.master_key)

print("=== built sessions")
# SSL_CIPHER_find takes the suite's two bytes: AES128-SHA, TLS_AES_128_GCM_SHA256,
# none, AES256-SHA.
for cipher_name, version, key in ((b"\x00\x2f", 0x0303, b"\x01" * 48), (b"\x13\x01", 0x0304, b"\x02" * 32),
                                  (b"\xff\xff", 0x0303, b"\x03" * 48), (b"\x00\x35", 0x0999, b"\x04" * 600)):
    print("session with %r" % cipher_name)
    sess = built_session(cipher_name, version, key)
    c = SSL.Connection(ctx, None)
    show("  set_session", lambda: c.set_session(sess))
    show("  get_cipher_name", c.get_cipher_name)
    show("  get_protocol_version_name", c.get_protocol_version_name)
    show("  master_key", lambda: c.master_key().hex())

print("=== sessions")
for der_path in sorted(glob.glob(os.path.join(SESS, "*.der"))):
    name = os.path.basename(der_path)[:-4]
    sess = show("session %s" % name, lambda: session_from_der(read(der_path)))
    if sess is None:
        continue
    c = SSL.Connection(ctx, None)
    show("  set_session", lambda: c.set_session(sess))
    show("  get_cipher_name", c.get_cipher_name)
    show("  get_cipher_bits", c.get_cipher_bits)
    show("  get_cipher_version", c.get_cipher_version)
    show("  get_protocol_version_name", c.get_protocol_version_name)
    show("  master_key", lambda: c.master_key().hex())
    raw = c.get_session()._session
    show("  SSL_SESSION_get_time", lambda: lib.SSL_SESSION_get_time(raw))
    show("  SSL_SESSION_get_timeout", lambda: lib.SSL_SESSION_get_timeout(raw))
    show("  SSL_SESSION_has_ticket", lambda: lib.SSL_SESSION_has_ticket(raw))
    show("  SSL_SESSION_get_ticket_lifetime_hint", lambda: lib.SSL_SESSION_get_ticket_lifetime_hint(raw))
    show("  SSL_SESSION_get_max_early_data", lambda: lib.SSL_SESSION_get_max_early_data(raw))
    n = ffi.new("unsigned int *")
    show("  SSL_SESSION_get_id", lambda: bytes(ffi.buffer(lib.SSL_SESSION_get_id(raw, n), n[0])).hex())
    show("  session_reused", lambda: lib.SSL_session_reused(c._ssl))
    c2 = SSL.Connection(SSL.Context(SSL.TLSv1_2_METHOD), None)
    show("  set_session on a TLSv1_2_METHOD connection", lambda: c2.set_session(sess))
    show("  its cipher", c2.get_cipher_name)
print("done")
