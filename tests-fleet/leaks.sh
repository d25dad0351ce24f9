#!/usr/bin/env bash
# The fault path under valgrind: one `openssl s_server -no_ticket` with the
# preload runs under memcheck (--leak-check=full, definite and indirect leaks
# are errors) while Redis is paused, killed and restarted and handshakes go
# on (TLS 1.2 session ids and TLS 1.3 stateful tickets, made on a second
# preloaded server and resumed on the valgrind one, and the other way). The
# server exits by itself (-naccept: s_server returns from main, so exit
# handlers and the fleet's exit summary run) and valgrind must report no
# error. Skipped when valgrind is missing (.ci/install-deps installs it).
# Checked sensitive: a 64-byte Box leaked on get_session_cb's store-error
# path made it fail (definitely lost, exit status 9).
. "$(dirname "$0")/lib.sh"
command -v valgrind >/dev/null || { echo "skip: valgrind missing"; finish; exit 0; }
make_certs
start_redis
cd "$WORK" || exit 1
NACCEPT=44 # every connection made to V below; a drain loop makes up for failed ones

start_server H -no_ticket
# V: valgrind's launcher passes LD_PRELOAD on to the program (after its own
# preloads). The store bound is generous: valgrind runs the server ~50x slower.
env LD_PRELOAD="$FLEET_LIB" SESSL_FLEET_STORE="redis://127.0.0.1:$REDIS_PORT" \
    SESSL_FLEET_KEY_FILE="$WORK/fleet.key" SESSL_FLEET_STATS=1 SESSL_FLEET_TIMEOUT_MS=300 \
    timeout 300 valgrind --leak-check=full --errors-for-leak-kinds=definite,indirect --error-exitcode=9 \
    --suppressions="$ROOT/tests-fleet/leaks.supp" --log-file="$WORK/vg.log" \
    openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" -key "$WORK/key.pem" -www -no_ticket \
    -naccept "$NACCEPT" >"$WORK/server-V.log" 2>&1 </dev/null &
VPID=$!
PIDS+=("$VPID")
for i in $(seq 300); do
    PORT_V=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$WORK/server-V.log" 2>/dev/null)
    [ -n "$PORT_V" ] && break
    sleep 0.1
done
[ -n "$PORT_V" ] || { echo "s_server under valgrind did not start"; cat "$WORK/server-V.log" "$WORK/vg.log"; exit 1; }

# hs FROM TO ROUNDS VERSION: a full handshake on FROM then its session on TO
hs() { timeout 120 python3 "$ROOT/tests-fleet/hsclient.py" "$1" "$2" "$3" "$4"; }
# both ROUNDS: H to V (V looks up the store) and V to H (V writes), 1.2 and 1.3
both() {
    echo "  H->V 1.2: $(hs "$PORT_H" "$PORT_V" "$1" 1.2); V->H 1.3: $(hs "$PORT_V" "$PORT_H" "$1" 1.3)"
}

echo "store up:"
r1=$(hs "$PORT_H" "$PORT_V" 4 1.2)
r2=$(hs "$PORT_H" "$PORT_V" 4 1.3)
r3=$(hs "$PORT_V" "$PORT_H" 4 1.2)
r4=$(hs "$PORT_V" "$PORT_H" 4 1.3)
echo "  H->V 1.2: $r1; H->V 1.3: $r2; V->H 1.2: $r3; V->H 1.3: $r4" # 16 connections to V
check "store up: H's sessions resume on V (1.2, 1.3)" "reused=4 reused=4" \
    "$(echo "$r1" | cut -d' ' -f2) $(echo "$r2" | cut -d' ' -f2)"

echo "Redis paused:"
kill -STOP "$REDIS_PID"
both 3 # 6
kill -CONT "$REDIS_PID"

echo "Redis killed:"
kill -9 "$REDIS_PID"
sleep 0.2
both 3 # 6
start_redis "$REDIS_PORT"

# Resumption on V comes back once the breaker probes the new Redis: up to 10
# connections to V.
back=no
for i in $(seq 10); do
    r=$(hs "$PORT_H" "$PORT_V" 1 1.2)
    [ "$(echo "$r" | cut -d' ' -f2)" = reused=1 ] && { back=yes; break; }
    sleep 0.5
done
check "Redis restarted: V resumes H's sessions again" yes "$back"
echo "after the restart:"
both 3 # 6

# Drain: connections until V has accepted NACCEPT and exits.
for i in $(seq "$NACCEPT"); do
    kill -0 "$VPID" 2>/dev/null || break
    client "$PORT_V" -tls1_2 >/dev/null
    sleep 0.1
done
for i in $(seq 300); do kill -0 "$VPID" 2>/dev/null || break; sleep 0.1; done
wait "$VPID"
rc=$?
sed -n 's/^==[0-9]*== \(.*\(definitely\|indirectly\|ERROR SUMMARY\).*\)/  valgrind: \1/p' "$WORK/vg.log"
grep '^sessl-fleet: ' "$WORK/server-V.log" | sed 's/^/  V: /'
check "V exits by itself, valgrind reports no error (exit status)" 0 "$rc"
check "valgrind: ERROR SUMMARY 0 errors" yes "$(grep -q 'ERROR SUMMARY: 0 errors' "$WORK/vg.log" && echo yes || grep 'ERROR SUMMARY' "$WORK/vg.log")"
summary=$(grep '^sessl-fleet: ' "$WORK/server-V.log" | tail -1)
check "V ran the exit handlers (the fleet's summary line)" yes "$([ -n "$summary" ] && echo yes)"
check "the fault path ran in V (store errors counted)" yes \
    "$(echo "$summary" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^store_errors=/) { split($i, a, "="); print (a[2] > 0) ? "yes" : "no" } }')"
check "fleet hits in V" yes \
    "$(echo "$summary" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^fleet_hits=/) { split($i, a, "="); print (a[2] > 0) ? "yes" : "no" } }')"
if [ "$FAIL" -gt 0 ]; then sed -n '/definitely lost in\|indirectly lost in\|Invalid\|uninitialised/,/^==[0-9]*== $/p' "$WORK/vg.log" | head -80; fi
finish
