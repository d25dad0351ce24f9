#!/usr/bin/env bash
# Two unmodified `openssl s_server` (the system OpenSSL) with the preload share
# sessions through Redis: TLS 1.2 session ids, TLS 1.3 stateful tickets
# (single use across the fleet, the issuing server included) and TLS 1.3
# stateless tickets (ticket keys from the fleet); the control without the
# preload shows New. Stored values are sealed: no master key in the store;
# tampered, foreign-key and oversized values are rejected and counted.
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
cd "$WORK" || exit 1

# Sessions behind session ids and stateful tickets.
start_server A -no_ticket
start_server B -no_ticket
check "TLS 1.2 full handshake on A" New "$(client "$PORT_A" -tls1_2 -sess_out s12.pem)"
check "TLS 1.2 session id from A resumes on B" Reused "$(client "$PORT_B" -tls1_2 -sess_in s12.pem)"
check "TLS 1.2 session id resumes on A again" Reused "$(client "$PORT_A" -tls1_2 -sess_in s12.pem)"
check "TLS 1.3 full handshake on A (stateful ticket)" New "$(client "$PORT_A" -tls1_3 -sess_out s13.pem)"
check "TLS 1.3 stateful ticket from A resumes on B" Reused "$(client "$PORT_B" -tls1_3 -sess_in s13.pem)"
check "the same ticket again on A: already used" New "$(client "$PORT_A" -tls1_3 -sess_in s13.pem)"
check "the same ticket again on B: already used" New "$(client "$PORT_B" -tls1_3 -sess_in s13.pem)"
check "TLS 1.3 full handshake on A (second ticket)" New "$(client "$PORT_A" -tls1_3 -sess_out s13b.pem)"
check "presented to the issuing server A first: resumes" Reused "$(client "$PORT_A" -tls1_3 -sess_in s13b.pem)"
check "then to B: used once already" New "$(client "$PORT_B" -tls1_3 -sess_in s13b.pem)"

# Stateless tickets: keys shared through the fleet.
start_server C
start_server D
check "TLS 1.3 full handshake on C (stateless ticket)" New "$(client "$PORT_C" -tls1_3 -sess_out t13.pem)"
check "TLS 1.3 stateless ticket from C resumes on D" Reused "$(client "$PORT_D" -tls1_3 -sess_in t13.pem)"
check "TLS 1.2 full handshake on C (ticket)" New "$(client "$PORT_C" -tls1_2 -sess_out t12.pem)"
check "TLS 1.2 ticket from C resumes on D" Reused "$(client "$PORT_D" -tls1_2 -sess_in t12.pem)"

# The control: the same servers without the preload do not share.
NOPRELOAD=1 start_server E -no_ticket
NOPRELOAD=1 start_server F -no_ticket
NOPRELOAD=1 start_server G
NOPRELOAD=1 start_server H
check "control: TLS 1.2 full handshake on E" New "$(client "$PORT_E" -tls1_2 -sess_out c12.pem)"
check "control: E's TLS 1.2 session resumes on E" Reused "$(client "$PORT_E" -tls1_2 -sess_in c12.pem)"
check "control: E's TLS 1.2 session on F" New "$(client "$PORT_F" -tls1_2 -sess_in c12.pem)"
check "control: TLS 1.3 stateful on E" New "$(client "$PORT_E" -tls1_3 -sess_out c13.pem)"
check "control: E's stateful ticket on F" New "$(client "$PORT_F" -tls1_3 -sess_in c13.pem)"
check "control: TLS 1.3 stateless on G" New "$(client "$PORT_G" -tls1_3 -sess_out ct13.pem)"
check "control: G's stateless ticket on H" New "$(client "$PORT_H" -tls1_3 -sess_in ct13.pem)"

# Sealed at rest: no stored value holds a session's master key (or the DER).
sleep 0.3
values=""
for k in $(python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" keys 'sessl:*'); do
    values+="$(python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" gethex "$k")"$'\n'
done
check "the store holds sealed values" yes "$([ "$(echo "$values" | grep -c .)" -ge 5 ] && echo yes || echo no)"
leaks=0
for s in s12.pem s13.pem s13b.pem t12.pem; do
    mk=$(openssl sess_id -in "$s" -noout -text | sed -n 's/^ *\(Master-Key\|Resumption PSK\): *//p' | tr 'A-F' 'a-f')
    [ -n "$mk" ] || { leaks=$((leaks + 100)); continue; }
    grep -q "$mk" <<<"$values" && leaks=$((leaks + 1))
    # the method finds a master key where there is one: in the session's DER
    der=$(openssl sess_id -in "$s" -outform DER | od -An -v -tx1 | tr -d ' \n')
    grep -q "$mk" <<<"$der" || leaks=$((leaks + 1000))
done
check "no master key appears in any stored value" 0 "$leaks"
check "every stored value carries the sealed header (SF1)" "" \
    "$(echo "$values" | grep . | grep -v '^534631' | head -1)"

# Rejections: a server R that accepts 3 connections and prints its counters.
EXTRA_ENV="" start_server R -no_ticket -naccept 4
check "R: fresh session" New "$(client "$PORT_A" -tls1_2 -sess_out r1.pem)"
check "R: fresh session" New "$(client "$PORT_A" -tls1_2 -sess_out r2.pem)"
check "R: fresh session" New "$(client "$PORT_A" -tls1_2 -sess_out r3.pem)"
sleep 0.3
key_of() {
    local id
    id=$(openssl sess_id -in "$1" -noout -text | sed -n 's/^ *Session-ID: *//p' | tr 'A-F' 'a-f')
    python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" keys "sessl:s12:*:$id"
}
k1=$(key_of r1.pem)
v1=$(python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" gethex "$k1")
# flip one bit in the middle of the ciphertext
mid=$(( ${#v1} / 2 ))
flipped=$(printf '%x' $(( 0x${v1:$mid:1} ^ 1 )))
python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" sethex "$k1" "${v1:0:$mid}$flipped${v1:$((mid + 1))}"
check "a tampered value is not used" New "$(client "$PORT_R" -tls1_2 -sess_in r1.pem)"
# the value of r2 re-sealed under another key: a server with other.key writes
KEY_FILE=$WORK/other.key start_server O -no_ticket
check "O (another fleet key): fresh session" New "$(client "$PORT_O" -tls1_2 -sess_out o1.pem)"
sleep 0.3
check "a value sealed under another key is not used" New "$(client "$PORT_R" -tls1_2 -sess_in o1.pem)"
python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" setjunk "$(key_of r3.pem)" 40000
check "an oversized value is not used" New "$(client "$PORT_R" -tls1_2 -sess_in r3.pem)"
check "an intact value still is" Reused "$(client "$PORT_R" -tls1_2 -sess_in r2.pem)"
for i in $(seq 50); do kill -0 "$PID_R" 2>/dev/null || break; sleep 0.1; done
summary=$(grep '^sessl-fleet: pid=' "$WORK/server-R.log")
check "R printed its summary at exit" yes "$([ -n "$summary" ] && echo yes || echo no)"
check "R counted the three rejections" rejected=3 "$(echo "$summary" | grep -o 'rejected=[0-9]*')"
check "R counted one fleet hit" fleet_hits=1 "$(echo "$summary" | grep -o 'fleet_hits=[0-9]*')"
grep -q 'dropped a stored value' "$WORK/server-R.log" && ok "R said why it dropped values" || bad "no drop message"

finish
