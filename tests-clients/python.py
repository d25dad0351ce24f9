# Python's ssl module as a client of libssl (see run.sh): default contexts,
# SSLContext settings (options, versions, ciphers, verification, certificates,
# ALPN, security levels), its session statistics and certificate store, and
# SSLObject getters before a handshake. Prints everything; run.sh diffs it
# between the system libssl and sessl.
#   usage: python3 python.py SESSIONS_DIR CERTS_DIR
import os
import re
import ssl
import sys

SESS, CERTS = sys.argv[1:3]


def show(label, fn):
    try:
        value = fn()
    except Exception as e:  # every failure is part of the output
        print("%s: raised %s: %s" % (label, type(e).__name__, e))
        return None
    print("%s: %s" % (label, re.sub(r" at 0x[0-9a-f]+", " at 0x...", repr(value))))
    return value


def cert(name):
    return os.path.join(CERTS, name)


def state(ctx):
    show("  protocol", lambda: ctx.protocol)
    show("  options", lambda: ctx.options)
    show("  minimum_version", lambda: ctx.minimum_version)
    show("  maximum_version", lambda: ctx.maximum_version)
    show("  verify_mode", lambda: ctx.verify_mode)
    show("  verify_flags", lambda: ctx.verify_flags)
    show("  check_hostname", lambda: ctx.check_hostname)
    show("  post_handshake_auth", lambda: ctx.post_handshake_auth)
    show("  num_tickets", lambda: ctx.num_tickets)
    show("  security_level", lambda: ctx.security_level)
    show("  session_stats", lambda: ctx.session_stats())
    show("  cert_store_stats", lambda: ctx.cert_store_stats())
    show("  cipher names", lambda: [c["name"] for c in ctx.get_ciphers()])


print("=== module")
show("OPENSSL_VERSION_INFO", lambda: ssl.OPENSSL_VERSION_INFO)
show("HAS_TLSv1_3", lambda: ssl.HAS_TLSv1_3)
show("_DEFAULT_CIPHERS", lambda: ssl._DEFAULT_CIPHERS)

print("=== create_default_context")
for purpose in (ssl.Purpose.SERVER_AUTH, ssl.Purpose.CLIENT_AUTH):
    # No default CA paths: their contents are the machine's, not the library's.
    ctx = ssl.create_default_context(purpose, cafile=cert("ca.pem"))
    print("purpose", purpose.name)
    state(ctx)
show("get_ciphers (full)", lambda: ssl.create_default_context(cafile=cert("ca.pem")).get_ciphers())

print("=== protocols")
for proto in (ssl.PROTOCOL_TLS_CLIENT, ssl.PROTOCOL_TLS_SERVER, ssl.PROTOCOL_TLS):
    ctx = show("SSLContext(%s)" % proto.name, lambda: ssl.SSLContext(proto))
    if ctx:
        state(ctx)
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
for name in ("PROTOCOL_TLSv1", "PROTOCOL_TLSv1_1", "PROTOCOL_TLSv1_2"):
    ctx = show("SSLContext(%s)" % name, lambda: ssl.SSLContext(getattr(ssl, name)))
    if ctx:
        state(ctx)

print("=== options")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
for opt in (ssl.OP_NO_TLSv1_3, ssl.OP_NO_TICKET, ssl.OP_NO_COMPRESSION | ssl.OP_CIPHER_SERVER_PREFERENCE,
            ssl.OP_ALL, 0, ssl.OP_NO_SSLv3, ssl.OP_NO_RENEGOTIATION, ssl.OP_ENABLE_MIDDLEBOX_COMPAT):
    show("options = %#x" % opt, lambda: setattr(ctx, "options", opt))
    show("  options", lambda: ctx.options)
    show("  cipher count", lambda: len(ctx.get_ciphers()))

print("=== versions")
for lo, hi in ((ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3), (ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.MAXIMUM_SUPPORTED),
               (ssl.TLSVersion.MINIMUM_SUPPORTED, ssl.TLSVersion.TLSv1_2), (ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1),
               (ssl.TLSVersion.SSLv3, ssl.TLSVersion.TLSv1_3)):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    show("minimum_version = %s" % lo.name, lambda: setattr(ctx, "minimum_version", lo))
    show("maximum_version = %s" % hi.name, lambda: setattr(ctx, "maximum_version", hi))
    show("  min/max", lambda: (ctx.minimum_version, ctx.maximum_version))
    show("  options", lambda: ctx.options)
    show("  cipher count", lambda: len(ctx.get_ciphers()))
ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1_2)
show("TLSv1_2 context: minimum_version = TLSv1_3", lambda: setattr(ctx, "minimum_version", ssl.TLSVersion.TLSv1_3))

print("=== ciphers")
for cs in ("DEFAULT", "HIGH:!aNULL", "ECDHE+AESGCM:@STRENGTH", "AES128-SHA", "eNULL", "ALL@SECLEVEL=0",
           "DEFAULT:@SECLEVEL=3", "@SECLEVEL=4:ALL", "ALL:@SECLEVEL=5", "PSK", "bogus", "", "kRSA:bogus"):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    show("set_ciphers(%r)" % cs, lambda: ctx.set_ciphers(cs))
    show("  security_level", lambda: ctx.security_level)
    show("  get_ciphers", lambda: [(c["name"], c["protocol"], c["strength_bits"], c["aead"], c["kea"]) for c in ctx.get_ciphers()])
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.set_ciphers("ECDHE-RSA-AES128-GCM-SHA256")
show("descriptions", lambda: [c["description"] for c in ctx.get_ciphers()])
show("full dicts", lambda: ctx.get_ciphers())

print("=== verification and certificates")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
for mode in (ssl.CERT_REQUIRED, ssl.CERT_OPTIONAL, ssl.CERT_NONE):
    show("verify_mode = %s" % mode.name, lambda: setattr(ctx, "verify_mode", mode))
    show("  verify_mode", lambda: ctx.verify_mode)
show("verify_flags = VERIFY_X509_STRICT|VERIFY_CRL_CHECK_LEAF",
     lambda: setattr(ctx, "verify_flags", ssl.VERIFY_X509_STRICT | ssl.VERIFY_CRL_CHECK_LEAF))
show("  verify_flags", lambda: ctx.verify_flags)
c2 = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
show("client check_hostname", lambda: c2.check_hostname)
show("check_hostname = False", lambda: setattr(c2, "check_hostname", False))
show("verify_mode = CERT_NONE", lambda: setattr(c2, "verify_mode", ssl.CERT_NONE))
show("check_hostname = True (turns verification on)", lambda: setattr(c2, "check_hostname", True))
show("  verify_mode", lambda: c2.verify_mode)
show("hostname_checks_common_name", lambda: c2.hostname_checks_common_name)
show("load_verify_locations(cafile=ca.pem)", lambda: ctx.load_verify_locations(cafile=cert("ca.pem")))
show("load_verify_locations(cafile=cas.pem)", lambda: ctx.load_verify_locations(cafile=cert("cas.pem")))
show("load_verify_locations(capath=cadir)", lambda: ctx.load_verify_locations(capath=cert("cadir")))
show("load_verify_locations(cadata=DER)", lambda: ctx.load_verify_locations(
    cadata=ssl.PEM_cert_to_DER_cert(open(cert("inter.pem")).read())))
show("load_verify_locations(missing)", lambda: ctx.load_verify_locations(cafile=cert("missing.pem")))
show("load_verify_locations(no args)", lambda: ctx.load_verify_locations())
show("cert_store_stats", lambda: ctx.cert_store_stats())
show("get_ca_certs", lambda: ctx.get_ca_certs())
show("load_cert_chain(rsa_chain.pem, rsa.key)", lambda: ctx.load_cert_chain(cert("rsa_chain.pem"), cert("rsa.key")))
show("load_cert_chain(ec.pem, ec.key)", lambda: ctx.load_cert_chain(cert("ec.pem"), cert("ec.key")))
show("load_cert_chain(rsa.pem, ec.key) (mismatch)", lambda: ctx.load_cert_chain(cert("rsa.pem"), cert("ec.key")))
show("load_cert_chain(weak.pem, weak.key)", lambda: ctx.load_cert_chain(cert("weak.pem"), cert("weak.key")))
show("load_cert_chain(rsa.pem, rsa_enc.key, password)", lambda: ctx.load_cert_chain(
    cert("rsa.pem"), cert("rsa_enc.key"), password="secret"))
show("load_cert_chain(rsa.pem, rsa_enc.key, wrong password)", lambda: ctx.load_cert_chain(
    cert("rsa.pem"), cert("rsa_enc.key"), password="wrong"))
show("load_cert_chain(missing)", lambda: ctx.load_cert_chain(cert("missing.pem")))
show("load_dh_params(missing)", lambda: ctx.load_dh_params(cert("missing.pem")))
show("set_ecdh_curve(prime256v1)", lambda: ctx.set_ecdh_curve("prime256v1"))
show("set_ecdh_curve(bogus)", lambda: ctx.set_ecdh_curve("bogus"))

print("=== ALPN, tickets, security levels, statistics")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
show("set_alpn_protocols(['h2', 'http/1.1'])", lambda: ctx.set_alpn_protocols(["h2", "http/1.1"]))
show("set_alpn_protocols(['x' * 256])", lambda: ctx.set_alpn_protocols(["x" * 256]))
show("set_alpn_protocols([])", lambda: ctx.set_alpn_protocols([]))
show("num_tickets = 5", lambda: setattr(ctx, "num_tickets", 5))
show("  num_tickets", lambda: ctx.num_tickets)
show("num_tickets = -1", lambda: setattr(ctx, "num_tickets", -1))
show("post_handshake_auth = True", lambda: setattr(ctx, "post_handshake_auth", True))
show("set_default_verify_paths", lambda: ctx.set_default_verify_paths())
for level in range(6):
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    show("set_ciphers('DEFAULT@SECLEVEL=%d')" % level, lambda: c.set_ciphers("DEFAULT@SECLEVEL=%d" % level))
    show("  security_level", lambda: c.security_level)
    show("  cipher count", lambda: len(c.get_ciphers()))
    show("  load_cert_chain(weak.pem)", lambda: c.load_cert_chain(cert("weak.pem"), cert("weak.key")))
    show("  load_cert_chain(rsa.pem)", lambda: c.load_cert_chain(cert("rsa.pem"), cert("rsa.key")))
show("session_stats", lambda: ctx.session_stats())

print("=== SSLObject before a handshake")
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.load_verify_locations(cafile=cert("ca.pem"))
ctx.set_alpn_protocols(["h2"])
obj = ctx.wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_hostname="server.example")
show("server_side", lambda: obj.server_side)
show("server_hostname", lambda: obj.server_hostname)
show("cipher", lambda: obj.cipher())
show("shared_ciphers", lambda: obj.shared_ciphers())
show("version", lambda: obj.version())
show("selected_alpn_protocol", lambda: obj.selected_alpn_protocol())
show("compression", lambda: obj.compression())
show("pending", lambda: obj.pending())
show("session", lambda: obj.session)
show("session_reused", lambda: obj.session_reused)
show("getpeercert", lambda: obj.getpeercert())
show("get_channel_binding", lambda: obj.get_channel_binding())
sobj = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).wrap_bio(ssl.MemoryBIO(), ssl.MemoryBIO(), server_side=True)
show("server object: version", lambda: sobj.version())
show("server object: cipher", lambda: sobj.cipher())
print("done")
