#!/usr/bin/env bash
# The C API (linked, no LD_PRELOAD): tests-fleet/capi.c against a real Redis.
. "$(dirname "$0")/lib.sh"
make_certs
start_redis
# The library alone in its directory: target/release also holds sessl's
# libssl.so.3, which an rpath there would load instead of the system's.
mkdir -p "$WORK/lib" && cp "$FLEET_LIB" "$WORK/lib/libsessl_fleet.so"
gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$ROOT/fleet/include" "$ROOT/tests-fleet/capi.c" \
    -L"$WORK/lib" -lsessl_fleet -lssl -lcrypto -Wl,-rpath,"$WORK/lib" -o "$WORK/capi" ||
    { bad "capi.c builds"; finish; exit 1; }
check "the program runs on the system's libssl.so.3" yes \
    "$(ldd "$WORK/capi" >"$WORK/ldd.system"; grep -q "libssl.so.3 => /usr/lib\|libssl.so.3 => /lib" "$WORK/ldd.system" && echo yes || grep libssl "$WORK/ldd.system")"
out=$(env -u SESSL_FLEET_STORE -u SESSL_FLEET_KEY_FILE timeout 60 "$WORK/capi" "$REDIS_PORT" "$WORK/fleet.key" \
    "$WORK/cert.pem" "$WORK/key.pem" 2>"$WORK/capi.err")
echo "$out"
PASS=$((PASS + $(echo "$out" | grep -c "^ok ")))
FAIL=$((FAIL + $(echo "$out" | grep -c "^FAIL")))
grep -q "no fleet key" "$WORK/capi.err" && ok "the refusal says why (no fleet key)" || bad "refusal message: $(cat "$WORK/capi.err")"
grep -q 'all checks passed' <<<"$out" || bad "capi did not finish"

# Linked after -lssl (no interposition): the id context, set before attaching,
# is learned from each context's own first session.
gcc -std=c99 -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I"$ROOT/fleet/include" "$ROOT/tests-fleet/capi.c" \
    -L"$WORK/lib" -lssl -lcrypto -lsessl_fleet -Wl,-rpath,"$WORK/lib" -o "$WORK/capi-after" ||
    bad "capi.c builds linked after -lssl"
out=$(CAPI_LINKED_AFTER_SSL=1 env -u SESSL_FLEET_STORE -u SESSL_FLEET_KEY_FILE timeout 60 "$WORK/capi-after" \
    "$REDIS_PORT" "$WORK/fleet.key" "$WORK/cert.pem" "$WORK/key.pem" 2>/dev/null)
echo "$out" | sed 's/^\(ok\|FAIL\) /\1 after -lssl: /'
PASS=$((PASS + $(echo "$out" | grep -c '^ok ')))
FAIL=$((FAIL + $(echo "$out" | grep -c '^FAIL')))
grep -q 'all checks passed' <<<"$out" || bad "capi linked after -lssl did not finish"

# Under valgrind (a generous store bound: valgrind is slow): no memory error,
# nothing definitely lost (threads still running at exit are "possibly" lost).
if command -v valgrind >/dev/null; then
    SESSL_FLEET_TIMEOUT_MS=1000 timeout 300 valgrind --leak-check=full --errors-for-leak-kinds=definite \
        --error-exitcode=9 "$WORK/capi" "$REDIS_PORT" "$WORK/fleet.key" "$WORK/cert.pem" "$WORK/key.pem" \
        >"$WORK/vg.out" 2>"$WORK/vg.err"
    rc=$?
    check "valgrind: capi passes, no memory error, no definite leak" "0 all" \
        "$rc $(grep -o 'all checks passed' "$WORK/vg.out" | cut -d' ' -f1)"
    grep -E "definitely lost|ERROR SUMMARY" "$WORK/vg.err" | sed 's/^==[0-9]*== */  valgrind: /'
fi

# Under AddressSanitizer with LeakSanitizer (capi.c instrumented; ASan's
# allocator also sees every allocation the fleet library makes): no memory
# error and no leak, ASan's exit status otherwise.
asan_out=$(echo 'int main(void){return 0;}' | gcc -x c -fsanitize=address -o "$WORK/asan-probe" - 2>&1)
if [ -x "$WORK/asan-probe" ]; then
    gcc -std=c99 -D_DEFAULT_SOURCE -g -fsanitize=address -fno-omit-frame-pointer -I"$ROOT/fleet/include" \
        "$ROOT/tests-fleet/capi.c" -L"$WORK/lib" -lsessl_fleet -lssl -lcrypto -Wl,-rpath,"$WORK/lib" \
        -o "$WORK/capi-asan" || bad "capi.c builds with -fsanitize=address"
    SESSL_FLEET_TIMEOUT_MS=200 ASAN_OPTIONS=detect_leaks=1:exitcode=9 timeout 120 "$WORK/capi-asan" \
        "$REDIS_PORT" "$WORK/fleet.key" "$WORK/cert.pem" "$WORK/key.pem" >"$WORK/asan.out" 2>"$WORK/asan.err"
    rc=$?
    check "AddressSanitizer/LeakSanitizer: capi passes, no memory error, no leak" "0 all" \
        "$rc $(grep -o 'all checks passed' "$WORK/asan.out" | cut -d' ' -f1)"
    grep -E "^(==[0-9]+==ERROR|SUMMARY)" "$WORK/asan.err" | sed 's/^/  asan: /'
else
    bad "gcc cannot build with -fsanitize=address: $asan_out"
fi

# The same library inside a program running on sessl (its libssl.so.3, built
# by make): it loads, attaches, reports and detaches (sessl makes no handshake).
SESSL_DIR=$ROOT/target/release
if [ -f "$SESSL_DIR/libssl.so.3" ] && [ -f "$SESSL_DIR/libsessl.so" ]; then
    mkdir -p "$WORK/sessl" && cp "$SESSL_DIR/libssl.so.3" "$WORK/sessl/"
    out=$(CAPI_ATTACH_ONLY=1 LD_LIBRARY_PATH="$WORK/sessl" timeout 60 "$WORK/capi" "$REDIS_PORT" "$WORK/fleet.key" \
        "$WORK/cert.pem" "$WORK/key.pem" 2>/dev/null)
    echo "$out" | sed 's/^\(ok\|FAIL\) /\1 on sessl: /'
    PASS=$((PASS + $(echo "$out" | grep -c '^ok ')))
    FAIL=$((FAIL + $(echo "$out" | grep -c '^FAIL')))
    grep -q 'all checks passed' <<<"$out" || bad "on sessl: capi did not finish"
    check "on sessl: the program ran on sessl's libssl.so.3" yes \
        "$(LD_LIBRARY_PATH="$WORK/sessl" ldd "$WORK/capi" >"$WORK/ldd.sessl"; grep -q "$WORK/sessl/libssl.so.3" "$WORK/ldd.sessl" && echo yes)"
else
    bad "sessl's libssl.so.3 is not built (make build)"
fi

# A program that attaches and returns from main at once, 40 times on each
# library: exit must not race the ticket refresher against libcrypto's own
# cleanup (it crashed in 1 exit of 30 before the fleet shut its threads out
# of libcrypto at exit).
for lib in system sessl; do
    bad_exits=0
    libdir=
    [ "$lib" = sessl ] && libdir=$WORK/sessl
    for i in $(seq 40); do
        o=$(env ${libdir:+LD_LIBRARY_PATH="$libdir"} CAPI_ATTACH_ONLY=1 timeout 60 "$WORK/capi" "$REDIS_PORT" \
            "$WORK/fleet.key" "$WORK/cert.pem" "$WORK/key.pem" 2>/dev/null)
        rc=$?
        { [ $rc -eq 0 ] && grep -q 'all checks passed' <<<"$o"; } || bad_exits=$((bad_exits + 1))
    done
    check "$lib: 40 quick exits after attaching, none crashed" 0 "$bad_exits"
done
finish
