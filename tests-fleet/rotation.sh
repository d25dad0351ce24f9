#!/usr/bin/env bash
# Rotation: of the fleet key (a key file holding the new key first and the old
# one after still opens values sealed under the old one; a server without the
# old key rejects them) and of the ticket keys (a ticket made under the key of
# one epoch still resumes on another server after the epoch turned).
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
cd "$WORK" || exit 1
cat "$WORK/other.key" "$WORK/fleet.key" >"$WORK/rotated.key" # new first, old second

start_server OLD -no_ticket
KEY_FILE=$WORK/rotated.key start_server ROT -no_ticket
KEY_FILE=$WORK/other.key start_server NEW -no_ticket
check "a session sealed under the old key" New "$(client "$PORT_OLD" -tls1_2 -sess_out old.pem)"
sleep 0.3
check "resumes where the key file holds new and old keys" Reused "$(client "$PORT_ROT" -tls1_2 -sess_in old.pem)"
check "a session sealed by the rotated server (new key)" New "$(client "$PORT_ROT" -tls1_2 -sess_out rot.pem)"
sleep 0.3
check "resumes where only the new key is left" Reused "$(client "$PORT_NEW" -tls1_2 -sess_in rot.pem)"
check "the old key's session is rejected where only the new key is left" New \
    "$(client "$PORT_NEW" -tls1_2 -sess_in old.pem)"

EXTRA_ENV=SESSL_FLEET_TICKET_ROTATE_S=2 start_server T1
EXTRA_ENV=SESSL_FLEET_TICKET_ROTATE_S=2 start_server T2
sleep 1.5
check "ticket issued on T1" New "$(client "$PORT_T1" -tls1_3 -sess_out t.pem)"
sleep 4.5 # two epochs later
check "after the ticket key rotated twice, the ticket still resumes on T2" Reused \
    "$(client "$PORT_T2" -tls1_3 -sess_in t.pem)"
check "ticket keys of several epochs are in the store" yes \
    "$([ "$(python3 "$ROOT/tests-fleet/resp.py" "$REDIS_PORT" keys 'sessl:tkey:*' | wc -l)" -ge 3 ] && echo yes)"
finish
