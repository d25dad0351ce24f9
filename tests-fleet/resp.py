#!/usr/bin/env python3
"""Minimal RESP client for the fleet tests (binary-safe values, unlike redis-cli).

resp.py PORT keys PATTERN           one key per line
resp.py PORT gethex KEY             the value in hex (empty if none)
resp.py PORT sethex KEY HEX [TTL]   store bytes.fromhex(HEX)
resp.py PORT setjunk KEY N          store N bytes of 'x'
"""
import socket
import sys


def command(port, *args):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=5)
    out = b"*%d\r\n" % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b"$%d\r\n%s\r\n" % (len(a), a)
    s.sendall(out)
    f = s.makefile("rb")

    def read():
        line = f.readline()
        t, rest = line[:1], line[1:-2]
        if t in (b"+", b"-"):
            return rest
        if t == b":":
            return int(rest)
        if t == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = f.read(n + 2)[:-2]
            return data
        if t == b"*":
            return [read() for _ in range(int(rest))]
        raise ValueError(line)

    r = read()
    s.close()
    return r


def main():
    port, op = sys.argv[1], sys.argv[2]
    if op == "keys":
        for k in command(port, "KEYS", sys.argv[3]):
            print(k.decode())
    elif op == "gethex":
        v = command(port, "GET", sys.argv[3])
        print(v.hex() if v else "")
    elif op == "sethex":
        ttl = sys.argv[5] if len(sys.argv) > 5 else "600"
        command(port, "SET", sys.argv[3], bytes.fromhex(sys.argv[4]), "EX", ttl)
    elif op == "setjunk":
        command(port, "SET", sys.argv[3], b"x" * int(sys.argv[4]), "EX", "600")
    else:
        sys.exit("unknown op " + op)


main()
