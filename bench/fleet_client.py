#!/usr/bin/env python3
"""Handshake load for bench/fleet.sh (the system OpenSSL through Python's ssl).

fleet_client.py full PORT N V            N full handshakes on PORT
fleet_client.py local PORT N V           one session from PORT, resumed N times there
fleet_client.py cross A B N V            N sessions made on A (first), then each resumed once on
                                         B; waits for "go" on stdin between the two parts so the
                                         caller can sample B's CPU around the second
fleet_client.py rr A B N W V             W worker processes, N handshakes each, round-robin over
                                         A and B carrying the session: prints handshakes/s and
                                         the resumption rate; TCP_NODELAY on (without it the client's
                                         TLS 1.2 close_notify after a resumed handshake waits 40 ms
                                         for the delayed ACK of its Finished: Nagle)
fleet_client.py load A B N W V           as rr, for tests-fleet/load.sh: prints
                                         "handshakes=H reused=R failed=F first=W seconds=S"
                                         (first: the connections that start a session)
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
    if NODELAY[0]:
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
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
        # without the fleet. Without TCP_NODELAY the close_notify itself
        # waits the same 40 ms after a resumed handshake (the rr modes set it).
        try:
            s.unwrap()
        except (OSError, ssl.SSLError):
            pass
    s.close()
    return sess, reused


HS_TIME = [0.0]
NODELAY = [False]


def rr_worker(args):
    a, b, n, v = args
    NODELAY[0] = True
    ctx = context(v)
    sess, reused = None, 0
    for i in range(n):
        sess, r = handshake(ctx, a if i % 2 == 0 else b, sess)
        reused += bool(r)
    return reused, HS_TIME[0]


def load_worker(args):
    """rr_worker that counts failures instead of stopping: a failed
    connection drops the session (the next one starts a new one)."""
    a, b, n, v = args
    NODELAY[0] = True
    ctx = context(v)
    sess, reused, failed, first = None, 0, 0, 0
    for i in range(n):
        first += sess is None
        try:
            sess, r = handshake(ctx, a if i % 2 == 0 else b, sess)
            reused += bool(r)
        except (OSError, ssl.SSLError):
            failed += 1
            sess = None
    return reused, failed, first


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
    elif mode == "load":
        a, b, n, w, v = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
        t0 = time.monotonic()
        with multiprocessing.Pool(w) as pool:
            results = pool.map(load_worker, [(a, b, n, v)] * w)
        dt = time.monotonic() - t0
        print("handshakes=%d reused=%d failed=%d first=%d seconds=%.2f"
              % (n * w, sum(r[0] for r in results), sum(r[1] for r in results),
                 sum(r[2] for r in results), dt))


main()
