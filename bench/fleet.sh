#!/usr/bin/env bash
# make bench-fleet: fleet resumption against full and local handshakes, side by
# side in one run, on unmodified `openssl s_server` (system OpenSSL) with the
# preload and a Redis on 127.0.0.1. Server CPU is read from /proc/PID/schedstat
# (/proc/PID/schedstat) around each phase; the client is tests' Python (bench/fleet_client.py).
# BENCH_N handshakes per CPU phase (default 400), BENCH_RR per round-robin worker (500).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LIB=$ROOT/target/release/libsessl_fleet.so
N=${BENCH_N:-400}
RR=${BENCH_RR:-500}
WORK=$(mktemp -d /tmp/sessl-fleet-bench.XXXXXX)
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$WORK"' EXIT
CL="python3 $ROOT/bench/fleet_client.py"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$WORK/key.pem" \
    -out "$WORK/cert.pem" -subj /CN=localhost -days 1 >/dev/null 2>&1
head -c 32 /dev/urandom >"$WORK/fleet.key"
RPORT=$(port)
timeout 900 redis-server --port "$RPORT" --bind 127.0.0.1 --save "" --appendonly no >/dev/null 2>&1 &
PIDS+=($!)
sleep 0.5

# server NAME yes|no [opts]: sets PORT_NAME and PID_NAME (the s_server itself)
server() {
    local name=$1 pre=$2 log="$WORK/$1.log" p w
    shift 2
    if [ "$pre" = yes ]; then
        env LD_PRELOAD="$LIB" SESSL_FLEET_STORE="redis://127.0.0.1:$RPORT" SESSL_FLEET_KEY_FILE="$WORK/fleet.key" \
            SESSL_FLEET_STATS=1 timeout 900 openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" \
            -key "$WORK/key.pem" -www -no_ticket "$@" >"$log" 2>&1 </dev/null &
    else
        timeout 900 openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
            -www -no_ticket "$@" >"$log" 2>&1 </dev/null &
    fi
    w=$!
    PIDS+=($w)
    for _ in $(seq 50); do
        p=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$log" 2>/dev/null)
        [ -n "$p" ] && break
        sleep 0.1
    done
    eval "PORT_$name=$p PID_$name=$(pgrep -P "$w" | head -1)"
}
# CPU time of a process in ns (/proc/PID/schedstat: time spent on a CPU)
cpu() { cut -d' ' -f1 "/proc/$1/schedstat"; }
# us per handshake from ns over N
per() { awk -v t="$1" -v n="$2" 'BEGIN { printf "%.0f", t / 1000 / n }'; }

server A yes
server B yes -naccept "$((N + 1))"
c0=$(cpu "$PID_A"); $CL full "$PORT_A" "$N" 1.2; c1=$(cpu "$PID_A")
full=$((c1 - c0))
c0=$(cpu "$PID_A"); $CL local "$PORT_A" "$N" 1.2; c1=$(cpu "$PID_A")
local_=$((c1 - c0))
coproc CROSS { $CL cross "$PORT_A" "$PORT_B" "$N" 1.2; }
read -r _ <&"${CROSS[0]}"
c0=$(cpu "$PID_B")
echo go >&"${CROSS[1]}"
read -r crossline <&"${CROSS[0]}"
c1=$(cpu "$PID_B")
fleet=$((c1 - c0))
wait "$CROSS_PID" 2>/dev/null
$CL full "$PORT_B" 1 1.2 # B's last connection: it exits and prints its counters
for _ in $(seq 50); do kill -0 "$PID_B" 2>/dev/null || break; sleep 0.1; done
summary=$(grep '^sessl-fleet: pid=' "$WORK/B.log" | tail -1)

# The same CPU phases on Debian's nginx (pre-forking: the master makes the
# contexts, one worker serves; its libssl cache on, builtin), a server built
# for many connections next to s_server's one at a time: CPU is the worker's.
# nginx NAME yes|no: sets NPORT_NAME and NPID_NAME (the worker)
nginx_() {
    local name=$1 pre=$2 port dir="$WORK/nginx-$1" master w
    port=$(port)
    mkdir -p "$dir/tmp" "$dir/logs"
    cat >"$dir/nginx.conf" <<CONF
daemon off;
master_process on;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port ssl;
        ssl_certificate $WORK/cert.pem;
        ssl_certificate_key $WORK/key.pem;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_tickets off;
        ssl_session_cache builtin:20000;
        location / { return 200 "nginx $name\n"; }
    }
}
CONF
    if [ "$pre" = yes ]; then
        env LD_PRELOAD="$LIB" SESSL_FLEET_STORE="redis://127.0.0.1:$RPORT" SESSL_FLEET_KEY_FILE="$WORK/fleet.key" \
            SESSL_FLEET_STATS=1 timeout 900 "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stderr" 2>&1 &
    else
        timeout 900 "$NGINX" -p "$dir" -c "$dir/nginx.conf" >"$dir/stderr" 2>&1 &
    fi
    PIDS+=($!)
    for _ in $(seq 50); do
        master=$(cat "$dir/nginx.pid" 2>/dev/null) && [ -n "$master" ] && w=$(pgrep -P "$master" | head -1) &&
            [ -n "$w" ] && break
        sleep 0.1
    done
    PIDS+=("$master")
    eval "NPORT_$name=$port NPID_$name=$w"
}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
if [ -x "$NGINX" ]; then
    nginx_ NA yes
    nginx_ NB yes
    sleep 0.5
    c0=$(cpu "$NPID_NA"); $CL full "$NPORT_NA" "$N" 1.2; c1=$(cpu "$NPID_NA")
    nfull=$((c1 - c0))
    c0=$(cpu "$NPID_NA"); $CL local "$NPORT_NA" "$N" 1.2; c1=$(cpu "$NPID_NA")
    nlocal=$((c1 - c0))
    coproc NCROSS { $CL cross "$NPORT_NA" "$NPORT_NB" "$N" 1.2; }
    read -r _ <&"${NCROSS[0]}"
    c0=$(cpu "$NPID_NB")
    echo go >&"${NCROSS[1]}"
    read -r ncrossline <&"${NCROSS[0]}"
    c1=$(cpu "$NPID_NB")
    nfleet=$((c1 - c0))
    wait "$NCROSS_PID" 2>/dev/null
fi

server RA yes
server RB yes
server PA no
server PB no
rr12f=$($CL rr "$PORT_RA" "$PORT_RB" "$RR" 2 1.2)
rr12p=$($CL rr "$PORT_PA" "$PORT_PB" "$RR" 2 1.2)
rr12l=$($CL rr "$PORT_PA" "$PORT_PA" "$RR" 2 1.2)
rr13f=$($CL rr "$PORT_RA" "$PORT_RB" "$RR" 2 1.3)
rr13p=$($CL rr "$PORT_PA" "$PORT_PB" "$RR" 2 1.3)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
{
    echo '```'
    echo "Date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
    echo "Machine:  $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "OpenSSL:  $(openssl version | cut -d' ' -f2) (system libssl, RSA-2048, TLS 1.2 for the CPU phases)"
    echo "Runs:     $N handshakes per CPU phase; round robin 2 workers x $RR handshakes; Redis on loopback"
    echo "Fleet:    B resumed A's sessions: $crossline"
    echo "Reproduce: make bench-fleet"
    echo '```'
    echo
    echo "| measure | value | target | met |"
    echo "|---|---:|---:|:---:|"
    echo "| server CPU, full handshake (us) | $(per "$full" "$N") | - | - |"
    echo "| server CPU, locally resumed (us) | $(per "$local_" "$N") | - | - |"
    echo "| server CPU, fleet-resumed (us) | $(per "$fleet" "$N") | - | - |"
    r1=$(ratio "$fleet" "$full")
    r2=$(ratio "$fleet" "$local_")
    echo "| fleet-resumed / full | $r1 | 0.3 | $(awk -v r="$r1" 'BEGIN { print (r != "-" && r <= 0.3) ? "yes" : "no" }') |"
    echo "| fleet-resumed / locally resumed | $r2 | 1.3 | $(awk -v r="$r2" 'BEGIN { print (r != "-" && r <= 1.3) ? "yes" : "no" }') |"
    # B's exit summary: the lookups timed in its session callback (the
    # bounded GET, opening and decoding: what a handshake waits for), and
    # every store call of the process (the writer thread's queued writes
    # and the ticket-key refresher too).
    field() { echo "$summary" | sed -n "s/.* $1=\\([0-9]*\\).*/\\1/p"; }
    p50=$(field lookup_p50_us) p99=$(field lookup_p99_us)
    echo "| fleet lookup latency p50 / p99 (us, added to a handshake: GET, open, decode) | ${p50:-?} / ${p99:-?} | p99 200 | $([ -n "$p99" ] && [ "$p99" -le 200 ] && echo yes || echo no) |"
    echo "| store round trips p50 / p99 (us, all calls of B incl. queued writes) | $(field store_p50_us) / $(field p99_us) | - | - |"
    if [ -n "${nfull:-}" ]; then
        echo "| nginx: worker CPU, full handshake (us) | $(per "$nfull" "$N") | - | - |"
        echo "| nginx: worker CPU, locally resumed (us) | $(per "$nlocal" "$N") | - | - |"
        echo "| nginx: worker CPU, fleet-resumed (us; $ncrossline) | $(per "$nfleet" "$N") | - | - |"
        r1=$(ratio "$nfleet" "$nfull")
        r2=$(ratio "$nfleet" "$nlocal")
        echo "| nginx: fleet-resumed / full | $r1 | 0.3 | $(awk -v r="$r1" 'BEGIN { print (r != "-" && r <= 0.3) ? "yes" : "no" }') |"
        echo "| nginx: fleet-resumed / locally resumed | $r2 | 1.3 | $(awk -v r="$r2" 'BEGIN { print (r != "-" && r <= 1.3) ? "yes" : "no" }') |"
    fi
    echo "| round robin over 2 servers, TLS 1.2: fleet | $rr12f | - | - |"
    echo "| round robin over 2 servers, TLS 1.2: isolated | $rr12p | - | - |"
    echo "| control: both workers on ONE plain server, TLS 1.2 (local resumption) | $rr12l | - | - |"
    echo "| round robin over 2 servers, TLS 1.3 stateful: fleet | $rr13f | - | - |"
    echo "| round robin over 2 servers, TLS 1.3 stateful: isolated | $rr13p | - | - |"
} | tee "$WORK/table.md"
mkdir -p "$ROOT/target/bench" && cp "$WORK/table.md" "$ROOT/target/bench/fleet.md"
