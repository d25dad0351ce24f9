#!/usr/bin/env bash
# Redis paused (SIGSTOP), killed and restarted under two s_server with the
# preload: every handshake completes, none takes longer than the store's
# bound plus a margin, the servers stay up, resumption comes back after the
# store does; with the store down from the start, stateless tickets still
# work on local keys.
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
cd "$WORK" || exit 1
MARGIN_MS=${MARGIN_MS:-400} # one s_client process start and handshake, generously

start_server A -no_ticket
start_server B -no_ticket

# timed PORT ARGS...: prints "RESULT MILLISECONDS" (process start included)
timed() {
    local t0 t1 r
    t0=$(date +%s%N)
    r=$(client "$@")
    t1=$(date +%s%N)
    echo "$r $(((t1 - t0) / 1000000))"
}
# The handshake bound: the store's (5 ms) plus a margin for a loaded machine;
# measured in one client process (tests-fleet/hsclient.py).
LIMIT_MS=${LIMIT_MS:-150}
# hs PORT_A PORT_B VERSION: 6 rounds; prints "failed=F reused=R max_ms=M"
hs() { timeout 120 python3 "$ROOT/tests-fleet/hsclient.py" "$1" "$2" 6 "$3"; }
base=$(hs "$PORT_A" "$PORT_B" 1.2)
echo "store up: $base"
limit=99999 # the per-process timing below only catches hangs

resumes_again() { # resumes_again LABEL: a new A session resumes on B within 10 s
    local i
    for i in $(seq 20); do
        client "$PORT_A" -tls1_2 -sess_out back.pem >/dev/null
        sleep 0.2
        if [ "$(client "$PORT_B" -tls1_2 -sess_in back.pem)" = Reused ]; then
            ok "$1 (after $i tries)"
            return
        fi
        sleep 0.3
    done
    bad "$1"
}

check "store up: A's session resumes on B" Reused \
    "$(client "$PORT_A" -tls1_2 -sess_out s1.pem >/dev/null; sleep 0.2; client "$PORT_B" -tls1_2 -sess_in s1.pem)"

faulty_round() { # faulty_round LABEL: handshakes with the store unavailable
    local label=$1 slow=0 failed=0 i
    for i in 1 2 3 4 5 6; do
        set -- $(timed "$PORT_A" -tls1_2 -sess_out f.pem)
        [ "$1" = FAILED ] && failed=$((failed + 1))
        [ "$2" -gt "$limit" ] && slow=$((slow + 1))
        set -- $(timed "$PORT_B" -tls1_2 -sess_in f.pem)
        [ "$1" = FAILED ] && failed=$((failed + 1))
        [ "$2" -gt "$limit" ] && slow=$((slow + 1))
        set -- $(timed "$PORT_B" -tls1_3 -sess_in s1.pem)
        [ "$1" = FAILED ] && failed=$((failed + 1))
        [ "$2" -gt "$limit" ] && slow=$((slow + 1))
    done
    check "$label: every handshake completes" 0 "$failed"
    local r12 r13
    r12=$(hs "$PORT_A" "$PORT_B" 1.2)
    r13=$(hs "$PORT_A" "$PORT_B" 1.3)
    echo "$label: TLS 1.2 $r12; TLS 1.3 $r13"
    check "$label: TLS 1.2 handshakes all complete" failed=0 "${r12%% *}"
    check "$label: TLS 1.3 handshakes all complete" failed=0 "${r13%% *}"
    local m12=${r12##*max_ms=} m13=${r13##*max_ms=}
    check "$label: no handshake over ${LIMIT_MS} ms" yes "$([ "$m12" -le "$LIMIT_MS" ] && [ "$m13" -le "$LIMIT_MS" ] && echo yes || echo "no ($m12/$m13 ms)")"
    check "$label: servers stay up" yes "$(kill -0 "$PID_A" 2>/dev/null && kill -0 "$PID_B" 2>/dev/null && echo yes)"
}

kill -STOP "$REDIS_PID"
faulty_round "Redis paused"
kill -CONT "$REDIS_PID"
resumes_again "Redis resumed: resumption comes back"

kill -9 "$REDIS_PID"
sleep 0.2
faulty_round "Redis killed"
start_redis "$REDIS_PORT"
resumes_again "Redis restarted: resumption comes back"

# A slow store (every chunk delayed 200 ms by a proxy): lookups give up at
# the bound, handshakes complete in time, as full handshakes.
PPORT=$(free_port)
timeout 120 python3 "$ROOT/tests-fleet/slowproxy.py" "$PPORT" "$REDIS_PORT" 200 100 &
PIDS+=($!)
wait_port "$PPORT"
STORE_URL=redis://127.0.0.1:$PPORT start_server S -no_ticket
client "$PORT_A" -tls1_2 -sess_out slow.pem >/dev/null
sleep 0.3
slow=0
r=$(hs "$PORT_A" "$PORT_S" 1.2)
echo "slow store: $r"
check "slow store: every handshake completes" failed=0 "${r%% *}"
check "slow store: lookups give up at the bound (full handshakes)" reused=0 "$(echo "$r" | cut -d' ' -f2)"
check "slow store: no handshake over ${LIMIT_MS} ms" yes "$([ "${r##*max_ms=}" -le "$LIMIT_MS" ] && echo yes || echo "no (${r##*max_ms=} ms)")"

# The store down from the start: stateless tickets work on local keys.
kill -9 "$REDIS_PID"
sleep 0.2
start_server C
set -- $(timed "$PORT_C" -tls1_3 -sess_out t.pem)
check "store down: TLS 1.3 full handshake with a ticket" New "$1"
check "store down: the ticket resumes on the same server (local key)" Reused "$(client "$PORT_C" -tls1_3 -sess_in t.pem)"
finish
