#!/usr/bin/env bash
# Load: 2 client workers connect round-robin to two `openssl s_server`
# (system OpenSSL) carrying their session from one server to the other, TLS
# 1.2 session ids and TLS 1.3 stateful tickets (-no_ticket), with the fleet
# (both servers preloaded, one Redis) and without it (isolated servers).
# Every connection after the first of a worker's session lands on the other
# server, so every resumption is a cross-server one. Prints the resumption
# rate and handshakes per second; asserts that with the fleet nearly every
# connection after the first resumes (LOAD_MIN_PCT, default 95) and that
# isolated servers resume none; timings are printed, never asserted.
# LOAD_N connections per worker and run (default 400: 3200 in all).
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
cd "$WORK" || exit 1
N=${LOAD_N:-400}
MIN_PCT=${LOAD_MIN_PCT:-95}

start_server A -no_ticket
start_server B -no_ticket
NOPRELOAD=1 start_server PA -no_ticket
NOPRELOAD=1 start_server PB -no_ticket

# run LABEL PORT_1 PORT_2 VERSION: sets H R F W (handshakes, reused, failed,
# first connections of a session) and prints one line
run() {
    local out rate
    out=$(timeout 120 python3 "$ROOT/bench/fleet_client.py" load "$2" "$3" "$N" 2 "$4")
    set -- "$1" $out
    H=${2#handshakes=} R=${3#reused=} F=${4#failed=} W=${5#first=}
    local s=${6#seconds=}
    rate=$(awk -v r="$R" -v h="$H" -v w="$W" 'BEGIN { if (h > w) printf "%.1f", 100 * r / (h - w); else print 0 }')
    echo "$1: $H handshakes in $s s ($(awk -v h="$H" -v s="$s" 'BEGIN { printf "%.0f", h / s }')/s)," \
        "$F failed, $R resumed = $rate% of the $((H - W)) after a session's first"
    PCT=$rate
}

for v in 1.2 1.3; do
    run "fleet, TLS $v" "$PORT_A" "$PORT_B" "$v"
    check "fleet, TLS $v: every handshake completes" 0 "$F"
    check "fleet, TLS $v: >= $MIN_PCT% of connections after a session's first resume on the other server" yes \
        "$(awk -v p="$PCT" -v m="$MIN_PCT" 'BEGIN { print (p >= m) ? "yes" : "no (" p "%)" }')"
    run "isolated, TLS $v" "$PORT_PA" "$PORT_PB" "$v"
    check "isolated, TLS $v: every handshake completes" 0 "$F"
    check "isolated, TLS $v: no cross-server resumption" 0 "$R"
done
check "servers stay up" yes "$(kill -0 "$PID_A" && kill -0 "$PID_B" && kill -0 "$PID_PA" && kill -0 "$PID_PB" && echo yes)"
finish
