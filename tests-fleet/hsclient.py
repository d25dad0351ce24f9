#!/usr/bin/env python3
"""Timed handshakes from one process (no process start in the measure).

hsclient.py PORT_A PORT_B N VERSION(1.2|1.3): N rounds of a full handshake on
A then a resumption attempt of that session on B. Prints
"failed=F reused=R max_ms=M" (M: the slowest handshake of all).
"""
import socket
import ssl
import sys
import time

a, b, n, version = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
v = ssl.TLSVersion.TLSv1_2 if version == "1.2" else ssl.TLSVersion.TLSv1_3
ctx.minimum_version = ctx.maximum_version = v


def handshake(port, session=None):
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    t0 = time.monotonic()
    s = ctx.wrap_socket(raw, session=session)
    ms = (time.monotonic() - t0) * 1000
    s.sendall(b"GET / HTTP/1.0\r\n\r\n")
    while s.recv(65536):
        pass
    out = (s.session, s.session_reused, ms)
    s.close()
    return out


failed = reused = 0
worst = 0.0
for _ in range(n):
    try:
        sess, _, ms = handshake(a)
        worst = max(worst, ms)
        time.sleep(0.05)
        _, r, ms = handshake(b, sess)
        worst = max(worst, ms)
        reused += bool(r)
    except (OSError, ssl.SSLError):
        failed += 1
print("failed=%d reused=%d max_ms=%d" % (failed, reused, worst))
