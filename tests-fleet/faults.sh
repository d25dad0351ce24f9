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

# timed PORT ARGS...: prints "RESULT MILLISECONDS"
timed() {
    local t0 t1 r
    t0=$(date +%s%N)
    r=$(client "$@")
    t1=$(date +%s%N)
    echo "$r $(((t1 - t0) / 1000000))"
}
# baseline: how long a handshake takes here with the store up
base=0
for i in 1 2 3; do
    set -- $(timed "$PORT_A" -tls1_2)
    [ "$2" -gt "$base" ] && base=$2
done
echo "baseline handshake: ${base} ms"
limit=$((base + MARGIN_MS))

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
    check "$label: no handshake over ${limit} ms" 0 "$slow"
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

# The store down from the start: stateless tickets work on local keys.
kill -9 "$REDIS_PID"
sleep 0.2
start_server C
set -- $(timed "$PORT_C" -tls1_3 -sess_out t.pem)
check "store down: TLS 1.3 full handshake with a ticket" New "$1"
check "store down: the ticket resumes on the same server (local key)" Reused "$(client "$PORT_C" -tls1_3 -sess_in t.pem)"
finish
