#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that delays every chunk by DELAY_MS (a slow store).

slowproxy.py LISTEN_PORT TARGET_PORT DELAY_MS SECONDS: serves for SECONDS, then exits.
"""
import socket
import sys
import threading
import time

listen_port, target_port, delay, life = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]) / 1000, float(sys.argv[4])


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            time.sleep(delay)
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve():
    srv = socket.socket()
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind(("127.0.0.1", listen_port))
    srv.listen(64)
    while True:
        c, _ = srv.accept()
        try:
            u = socket.create_connection(("127.0.0.1", target_port))
        except OSError:
            c.close()
            continue
        threading.Thread(target=pipe, args=(c, u), daemon=True).start()
        threading.Thread(target=pipe, args=(u, c), daemon=True).start()


threading.Thread(target=serve, daemon=True).start()
time.sleep(life)
