#!/usr/bin/env bash
# make fleet-demo: a Redis, three unmodified `openssl s_server` (the system
# OpenSSL) with LD_PRELOAD=libsessl_fleet.so, and a client going round-robin
# over them: every connection after the first resumes, on whichever server it
# lands, for TLS 1.2 session ids, TLS 1.3 stateful tickets (single use: each
# resumption hands the client a fresh ticket) and TLS 1.3 stateless tickets.
# Then the same three servers without the preload, for comparison, and three
# unmodified nginx with the preload.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB=$ROOT/target/release/libsessl_fleet.so
[ -f "$LIB" ] || { echo "build first: make fleet"; exit 1; }
WORK=$(mktemp -d /tmp/sessl-fleet-demo.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" \
    -out "$WORK/cert.pem" -subj /CN=localhost -days 1 >/dev/null 2>&1
head -c 32 /dev/urandom >"$WORK/fleet.key"
RPORT=$(port)
timeout 600 redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no >"$WORK/redis.log" 2>&1 &
PIDS+=($!)
sleep 0.5
echo "Redis on 127.0.0.1:$RPORT; fleet key $WORK/fleet.key (32 random bytes)"

# servers PRELOAD(yes|no) OPTIONS...: starts A, B, C; sets PORTS
servers() {
    local pre=$1 i log p
    shift
    PORTS=()
    for i in A B C; do
        log="$WORK/$i.$RANDOM.log"
        if [ "$pre" = yes ]; then
            LD_PRELOAD=$LIB SESSL_FLEET_STORE=redis://127.0.0.1:$RPORT SESSL_FLEET_KEY_FILE=$WORK/fleet.key \
                timeout 600 openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
                -www "$@" >"$log" 2>&1 </dev/null &
        else
            timeout 600 openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
                -www "$@" >"$log" 2>&1 </dev/null &
        fi
        SERVER_PIDS+=($!)
        PIDS+=($!)
        for _ in $(seq 50); do
            p=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$log" 2>/dev/null)
            [ -n "$p" ] && break
            sleep 0.1
        done
        PORTS+=("$p")
    done
    sleep 0.5
}
stop_servers() {
    for p in "${SERVER_PIDS[@]}"; do kill "$p" 2>/dev/null; done
    SERVER_PIDS=()
}

# round TITLE VERSION: 9 connections round-robin, the session carried along
round() {
    local title=$1 version=$2 i n=0 sess="$WORK/sess.$RANDOM.pem" names=(A B C) line reused=0
    echo
    echo "$title"
    for i in $(seq 0 8); do
        local idx=$((i % 3)) in=()
        [ "$i" -gt 0 ] && in=(-sess_in "$sess")
        line=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:${PORTS[$idx]}" \
            "$version" -ign_eof "${in[@]}" -sess_out "$sess" 2>/dev/null | grep -m1 -E '^(New|Reused), ')
        printf '  connection %d -> server %s: %s\n' $((i + 1)) "${names[$idx]}" "${line:-failed}"
        case "$line" in Reused*) reused=$((reused + 1)) ;; esac
    done
    echo "  => $reused of 8 connections after the first resumed"
    TOTAL=$((TOTAL + reused))
}

SERVER_PIDS=()
TOTAL=0
echo
echo "=== three s_server with the fleet (LD_PRELOAD=libsessl_fleet.so) ==="
servers yes -no_ticket
round "TLS 1.2, session ids" -tls1_2
round "TLS 1.3, stateful tickets (each used once, anywhere in the fleet)" -tls1_3
stop_servers
servers yes
round "TLS 1.3, stateless tickets (ticket keys shared by the fleet)" -tls1_3
stop_servers
FLEET_TOTAL=$TOTAL
TOTAL=0
echo
echo "=== the same three s_server without the preload ==="
servers no -no_ticket
round "TLS 1.2, session ids" -tls1_2
stop_servers
servers no
round "TLS 1.3, stateless tickets" -tls1_3
stop_servers
PLAIN_TOTAL=$TOTAL

# nginx_servers TICKETS(on|off): three Debian nginx (master + 2 workers each)
# with the preload; sets PORTS
nginx_servers() {
    local tickets=$1 i dir p
    PORTS=()
    for i in A B C; do
        dir="$WORK/nginx-$i-$tickets"
        p=$(port)
        mkdir -p "$dir/tmp"
        cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$p ssl;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets $tickets;
        location / { return 200 "nginx $i\n"; }
    }
}
CONF
        LD_PRELOAD=$LIB SESSL_FLEET_STORE=redis://127.0.0.1:$RPORT SESSL_FLEET_KEY_FILE=$WORK/fleet.key \
            timeout 600 "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stderr" 2>&1 &
        SERVER_PIDS+=($!)
        PIDS+=($!)
        PORTS+=("$p")
    done
    sleep 1
}

NGINX_TOTAL=0
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$NGINX" ]; then
    TOTAL=0
    echo
    echo "=== three nginx (pre-forking, unmodified) with the fleet ==="
    nginx_servers off
    round "nginx, TLS 1.2, session ids" -tls1_2
    round "nginx, TLS 1.3, stateful tickets (ssl_session_tickets off)" -tls1_3
    stop_servers
    nginx_servers on
    round "nginx, TLS 1.3, stateless tickets (ssl_session_tickets on)" -tls1_3
    stop_servers
    NGINX_TOTAL=$TOTAL
fi
echo
echo "s_server with the fleet: $FLEET_TOTAL of 24 resumed; without: $PLAIN_TOTAL of 16"
[ -x "$NGINX" ] && echo "nginx with the fleet: $NGINX_TOTAL of 24 resumed"
[ "$FLEET_TOTAL" -eq 24 ] && { [ ! -x "$NGINX" ] || [ "$NGINX_TOTAL" -eq 24 ]; }
