#!/usr/bin/env bash
# The C API (linked, no LD_PRELOAD): tests-fleet/capi.c against a real Redis.
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$ROOT/fleet/include" "$ROOT/tests-fleet/capi.c" \
    -L"$(dirname "$FLEET_LIB")" -lsessl_fleet -lssl -lcrypto -Wl,-rpath,"$(dirname "$FLEET_LIB")" -o "$WORK/capi" ||
    { bad "capi.c builds"; finish; exit 1; }
out=$(env -u SESSL_FLEET_STORE -u SESSL_FLEET_KEY_FILE timeout 60 "$WORK/capi" "$REDIS_PORT" "$WORK/fleet.key" \
    "$WORK/cert.pem" "$WORK/key.pem" 2>"$WORK/capi.err")
echo "$out"
PASS=$(echo "$out" | grep -c '^ok ')
FAIL=$(echo "$out" | grep -c '^FAIL')
grep -q "no fleet key" "$WORK/capi.err" && ok "the refusal says why (no fleet key)" || bad "refusal message: $(cat "$WORK/capi.err")"
echo "$out" | grep -q 'all checks passed' || bad "capi did not finish"
finish
