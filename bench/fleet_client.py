#!/usr/bin/env python3
"""Handshake load for bench/fleet.sh (the system OpenSSL through Python's ssl).

fleet_client.py full PORT N V            N full handshakes on PORT
fleet_client.py local PORT N V           one session from PORT, resumed N times there
fleet_client.py cross A B N V            N sessions made on A (first), then each resumed once on
                                         B; waits for "go" on stdin between the two parts so the
                                         caller can sample B's CPU around the second
fleet_client.py rr A B N W V             W worker processes, N handshakes each, round-robin over
                                         A and B carrying the session: prints handshakes/s and
                                         the resumption rate
V: 1.2 or 1.3. Timing and CPU accounting are the caller's, except for rr.
"""
import multiprocessing
import socket
import ssl
import sys
import time


def context(v):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    ver = ssl.TLSVersion.TLSv1_2 if v == "1.2" else ssl.TLSVersion.TLSv1_3
    ctx.minimum_version = ctx.maximum_version = ver
    return ctx


def handshake(ctx, port, session=None):
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    t0 = time.monotonic()
    s = ctx.wrap_socket(raw, session=session)
    HS_TIME[0] += time.monotonic() - t0
    reused = s.session_reused
    if ctx.maximum_version == ssl.TLSVersion.TLSv1_3:
        # TLS 1.3 tickets come after the handshake: read until the server closes
        s.sendall(b"GET / HTTP/1.0\r\n\r\n")
        while s.recv(65536):
            pass
        sess = s.session
    else:
        sess = s.session  # before unwrap, which drops it
        # TLS 1.2: the session is complete with the handshake; close_notify
        # (a bare close is a fatal unexpected EOF for the server, which then
        # removes the session). No request: s_server -www answers a resumed
        # TLS 1.2 connection ~40 ms late (Nagle against delayed ACK), with or
        # without the fleet.
        try:
            s.unwrap()
        except (OSError, ssl.SSLError):
            pass
    s.close()
    return sess, reused


HS_TIME = [0.0]


def rr_worker(args):
    a, b, n, v = args
    ctx = context(v)
    sess, reused = None, 0
    for i in range(n):
        sess, r = handshake(ctx, a if i % 2 == 0 else b, sess)
        reused += bool(r)
    return reused, HS_TIME[0]


def main():
    mode = sys.argv[1]
    if mode == "full":
        port, n, v = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        ctx = context(v)
        for _ in range(n):
            handshake(ctx, port)
    elif mode == "local":
        port, n, v = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
        ctx = context(v)
        sess, _ = handshake(ctx, port)
        for _ in range(n):
            _, r = handshake(ctx, port, sess)
            assert r, "not resumed locally"
    elif mode == "cross":
        a, b, n, v = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
        ctx = context(v)
        sessions = [handshake(ctx, a)[0] for _ in range(n)]
        time.sleep(0.5)
        print("ready", flush=True)
        sys.stdin.readline()
        reused = sum(bool(handshake(ctx, b, s)[1]) for s in sessions)
        print("reused %d of %d" % (reused, n), flush=True)
    elif mode == "rr":
        a, b, n, w, v = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        t0 = time.monotonic()
        with multiprocessing.Pool(w) as pool:
            results = pool.map(rr_worker, [(a, b, n, v)] * w)
        dt = time.monotonic() - t0
        reused = sum(r for r, _ in results)
        hs = sum(t for _, t in results)
        print("%.0f connections/s, handshake %.2f ms mean, %.1f%% resumed"
              % (n * w / dt, hs * 1000 / (n * w), 100.0 * reused / (n * w)))


main()
