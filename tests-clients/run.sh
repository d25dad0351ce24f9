#!/usr/bin/env bash
# The client stage of `make test` (`make test-clients`): real third-party
# programs that link libssl.so.3, with no helper library of ours, run once on
# the system's libssl and once on sessl (LD_LIBRARY_PATH=target/release, where
# `make build` puts the drop-in libssl.so.3), on the paths that need no TLS
# handshake. Their outputs (stdout, stderr and exit status) must be identical;
# any difference fails the client and prints the diff.
#
#   openssl    the `openssl` command: sess_id (every option) on real sessions
#              and on mutants of their DER, ciphers (every option)  openssl.sh
#   ruby       Ruby's openssl extension: SSL::Session, SSLContext    ruby.rb
#   perl       Net::SSLeay and IO::Socket::SSL                       perl.pl
#   python     Python's ssl module                                   python.py
#   pyopenssl  pyOpenSSL (OpenSSL.SSL)                               pyopenssl.py
#   rust       the `openssl` crate (a cargo project built here)      rust/
#   curl       curl over http (same body on both) and https: there sessl must
#              fail cleanly, naming the missing handshake; each side's
#              expected result is asserted instead of diffed         curl.sh
#
# CLIENTS=ruby,perl,... runs a subset (default: all). A client that does not
# load on sessl (an undefined symbol) fails, saying which symbols are missing.
# Every server (openssl s_server, python's http.server) runs on the system
# libssl, on an ephemeral port of 127.0.0.1, under `timeout`, and is stopped at
# exit. Sessions are made fresh by handshakes between the system's s_server and
# s_client (TLS 1.2 and 1.3, with and without a client certificate); the
# checked-in sessions of tests-c/fixtures are used too.
#
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
REL=$ROOT/target/release
OUT=$ROOT/target/tests-clients
HERE=$ROOT/tests-clients
SYSTEM_LIBSSL=$(pkg-config --variable=libdir openssl 2>/dev/null || echo /usr/lib/x86_64-linux-gnu)/libssl.so.3
ALL_CLIENTS=openssl,ruby,perl,python,pyopenssl,rust,curl
CLIENTS=${CLIENTS:-$ALL_CLIENTS}
# Debian's python3, the one python3-openssl (pyOpenSSL) is installed for.
PYTHON=${PYTHON:-/usr/bin/python3}

rm -rf "$OUT"
mkdir -p "$OUT/sessions" "$OUT/mutants" "$OUT/www"

if ! cmp -s "$REL/libsessl.so" "$REL/libssl.so.3"; then
    echo "target/release/libssl.so.3 is missing or stale: run 'make build' first" >&2
    exit 1
fi

passed=0
failed=0
failures=()
pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() {
    failed=$((failed + 1)); failures+=("$1"); printf 'FAIL  %s\n' "$1"
    if [ -n "${2:-}" ] && [ -f "$2" ]; then
        sed 's/^/      /' "$2" | head -"${3:-80}"
        local n; n=$(wc -l <"$2")
        [ "$n" -le "${3:-80}" ] || echo "      ... ($n lines in all: $2)"
    fi
}

# Servers, stopped at exit by their process ids: each is started as
# `env ... timeout N server &` (no shell function or subshell in between), so
# its id is timeout's, which passes the TERM on to the server.
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

# The two environments. Neither inherits the caller's library settings; both
# get a fixed time zone and locale, since clients print dates.
SYSTEM_ENV=(env -u LD_LIBRARY_PATH -u LD_PRELOAD CLIENT_SIDE=system TZ=UTC LC_ALL=C)
on_system() { "${SYSTEM_ENV[@]}" "$@"; }
on_sessl() { env -u LD_PRELOAD LD_LIBRARY_PATH="$REL" CLIENT_SIDE=sessl TZ=UTC LC_ALL=C "$@"; }

# wait_for FILE PATTERN: up to 10 s for PATTERN to appear in FILE.
wait_for() {
    local i
    for i in $(seq 100); do
        grep -q "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

# OpenSSL's error lines carry a thread id and the source file and line that
# queued the error, which differ by design (COMPATIBILITY.md, "Where errors
# come from"): "TID:error:CODE:lib:func:reason:file:line:data" keeps
# "error:CODE:lib:func:reason:data".
normalise() {
    sed -E 's/^[0-9A-F]+:error:([0-9A-F]+):([^:]*):([^:]*):([^:]*):[^:]*:[0-9]+:/error:\1:\2:\3:\4:/' "$1"
}

# load_status NAME ELF...: each ELF must resolve libssl.so.3 to sessl's under
# LD_LIBRARY_PATH, with every symbol it needs from it defined. Prints the
# status; returns 1 when the client cannot load on sessl.
load_status() {
    local name=$1 elf missing="" where; shift
    for elf in "$@"; do
        where=$(on_sessl ldd "$elf" 2>/dev/null | awk '$1 == "libssl.so.3" {print $3}')
        if [ "$(realpath "$where" 2>/dev/null)" != "$(realpath "$REL/libssl.so.3")" ]; then
            echo "$name: $elf does not resolve libssl.so.3 to sessl's (got: ${where:-nothing})"
            return 1
        fi
        missing+=$(on_sessl ldd -r "$elf" 2>&1 | sed -n 's/^undefined symbol: \([^,	]*\).*(\(.*\))$/\1/p' |
            grep -Fxf <(objdump -T "$SYSTEM_LIBSSL" | awk '$0 !~ /\*UND\*/ && /OPENSSL_3/ {print $NF}') |
            tr '\n' ' ')
    done
    if [ -n "$missing" ]; then
        echo "$name: does not load on sessl: libssl functions sessl does not export: $missing"
        return 1
    fi
    echo "$name: loads on sessl ($*)"
}

# ------------------------------------------------------------ fixtures
CERTS=$ROOT/tests-c/fixtures/certs
SESS=$OUT/sessions

# Fresh sessions from real handshakes on the system's libssl: one s_server
# (asking for, not requiring, a client certificate) serving four s_client runs.
make_sessions() {
    "${SYSTEM_ENV[@]}" timeout 60 openssl s_server -accept 127.0.0.1:0 -naccept 4 -www \
        -cert "$CERTS/rsa.pem" -key "$CERTS/rsa.key" -verify 1 -CAfile "$CERTS/cas.pem" \
        >"$OUT/s_server.log" 2>&1 &
    PIDS+=($!)
    wait_for "$OUT/s_server.log" '^ACCEPT' || { cat "$OUT/s_server.log"; return 1; }
    local port v cc name
    port=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$OUT/s_server.log")
    for v in tls1_2 tls1_3; do
        for cc in "" clientcert; do
            name=fresh_${v/tls1_/tls1}${cc:+_$cc}
            printf 'GET / HTTP/1.0\r\n\r\n' | on_system timeout 20 openssl s_client \
                -connect "127.0.0.1:$port" -"$v" -ign_eof -servername server.example -sess_out "$SESS/$name.pem" \
                ${cc:+-cert "$CERTS/ec.pem" -key "$CERTS/ec.key"} >"$OUT/s_client.$name.log" 2>&1
            [ -s "$SESS/$name.pem" ] || { echo "s_client saved no session ($name)"; cat "$OUT/s_client.$name.log"; return 1; }
        done
    done
    cp "$ROOT"/tests-c/fixtures/tls1*.pem "$SESS/"
    for f in "$SESS"/*.pem; do
        on_system openssl sess_id -in "$f" -outform DER -out "${f%.pem}.der" || return 1
    done
}

# Deterministic mutants of the DER of the fresh sessions and of two checked-in
# ones (a TLS 1.2 ticket, TLS 1.3 early data): truncations and single-bit flips
# at positions spread over the encoding, denser in its first 64 bytes (the
# outer headers and the first fields).
make_mutants() {
    on_system "$PYTHON" - "$SESS" "$OUT/mutants" <<'EOF'
import os, sys
src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    if not name.endswith(".der") or not name.startswith(("fresh_", "tls12_ticket", "tls13_early")):
        continue
    data = open(os.path.join(src, name), "rb").read()
    n, base = len(data), name[:-4]
    cuts = sorted({0, 1, 2, 3, 4, 5, 8, 16, 32} | {n * k // 8 for k in range(1, 8)} | {n - 2, n - 1})
    for cut in cuts:
        if 0 <= cut < n:
            open(os.path.join(dst, "%s.cut%04d.der" % (base, cut)), "wb").write(data[:cut])
    flips = set(range(0, min(n, 64), 3)) | {n * k // 24 for k in range(24)} | {n - 1}
    for i, pos in enumerate(sorted(flips)):
        m = bytearray(data)
        m[pos] ^= 1 << (pos * 5 + i) % 8
        open(os.path.join(dst, "%s.flip%04d.der" % (base, pos)), "wb").write(bytes(m))
EOF
}

# Plain http and https servers for curl, on the system libssl.
start_servers() {
    printf 'sessl client stage: plain http body\n' >"$OUT/www/index.html"
    (cd "$OUT/www" && exec env -u LD_LIBRARY_PATH timeout 60 "$PYTHON" -u -m http.server 0 --bind 127.0.0.1) \
        >"$OUT/http.log" 2>&1 &
    PIDS+=($!)
    "${SYSTEM_ENV[@]}" timeout 60 openssl s_server -accept 127.0.0.1:0 -www \
        -cert "$CERTS/rsa.pem" -key "$CERTS/rsa.key" >"$OUT/https.log" 2>&1 &
    PIDS+=($!)
    wait_for "$OUT/http.log" 'Serving HTTP' && wait_for "$OUT/https.log" '^ACCEPT' || {
        cat "$OUT/http.log" "$OUT/https.log"; return 1; }
    HTTP_PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$OUT/http.log" | head -1)
    HTTPS_PORT=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9]*\)$/\1/p' "$OUT/https.log")
    export HTTP_PORT HTTPS_PORT
}

# The Rust client is built once, against the system's libssl (openssl-sys finds
# it with pkg-config); its binary then runs on both.
RUST_DIR=$HERE/rust
RUST_BIN=$ROOT/target/tests-clients-rust/release/sessl-clients-rust
build_rust() {
    on_system cargo build --quiet --release --manifest-path "$RUST_DIR/Cargo.toml" \
        --target-dir "$ROOT/target/tests-clients-rust"
}

# ------------------------------------------------------------ the clients
# client_cmd NAME: the command line that runs client NAME.
client_cmd() {
    case $1 in
        openssl) echo bash "$HERE/openssl.sh" "$SESS" "$OUT/mutants" ;;
        ruby) echo ruby "$HERE/ruby.rb" "$SESS" "$CERTS" ;;
        perl) echo perl "$HERE/perl.pl" "$SESS" "$CERTS" ;;
        python) echo "$PYTHON" "$HERE/python.py" "$SESS" "$CERTS" ;;
        pyopenssl) echo "$PYTHON" "$HERE/pyopenssl.py" "$SESS" "$CERTS" ;;
        rust) echo "$RUST_BIN" "$SESS" "$CERTS" ;;
        curl) echo bash "$HERE/curl.sh" ;;
    esac
}

# client_elves NAME: the ELF files that link libssl.so.3 for client NAME.
client_elves() {
    case $1 in
        openssl) command -v openssl ;;
        ruby) on_system ruby -e 'puts $LOAD_PATH.map { |d| File.join(d, "openssl.so") }.find { |f| File.exist?(f) }' ;;
        perl) on_system perl -MConfig -e 'print "$Config{installvendorarch}/auto/Net/SSLeay/SSLeay.so\n"' ;;
        python) on_system "$PYTHON" -c 'import _ssl; print(_ssl.__file__)' ;;
        pyopenssl) on_system "$PYTHON" -c 'import cryptography.hazmat.bindings._openssl as m; print(m.__file__)' ;;
        rust) echo "$RUST_BIN" ;;
        curl) echo /usr/lib/x86_64-linux-gnu/libcurl.so.4 ;;
    esac
}

echo "client stage: system libssl ($SYSTEM_LIBSSL) against sessl ($REL/libssl.so.3); clients: $CLIENTS"
make_sessions || { fail "fixtures: real sessions from openssl s_server/s_client"; exit 1; }
make_mutants || { fail "fixtures: DER mutants"; exit 1; }
echo "fixtures: $(ls "$SESS"/*.pem | wc -l) sessions, $(ls "$OUT/mutants" | wc -l) DER mutants"
case ",$CLIENTS," in *,rust,*) build_rust >"$OUT/rust.build.log" 2>&1 || fail "rust: cargo build" "$OUT/rust.build.log" ;; esac

for c in ${CLIENTS//,/ }; do
    cmd=$(client_cmd "$c")
    [ -n "$cmd" ] || { fail "$c: unknown client (known: $ALL_CLIENTS)"; continue; }
    if [ "$c" = curl ] && ! start_servers; then
        fail "curl: could not start the http and https servers"; continue
    fi
    mapfile -t elves < <(client_elves "$c")
    load_status "$c" "${elves[@]}" >"$OUT/$c.load" 2>&1
    load_ok=$?
    cat "$OUT/$c.load"
    # Both sides at once; each with its stdout, stderr and exit status.
    (on_system $cmd >"$OUT/$c.system.raw" 2>&1; echo "exit=$?" >>"$OUT/$c.system.raw") &
    side_pids=($!)
    (on_sessl $cmd >"$OUT/$c.sessl.raw" 2>&1; echo "exit=$?" >>"$OUT/$c.sessl.raw") &
    side_pids+=($!)
    wait "${side_pids[@]}"
    normalise "$OUT/$c.system.raw" >"$OUT/$c.system.out"
    normalise "$OUT/$c.sessl.raw" >"$OUT/$c.sessl.out"
    lines=$(grep -vc '^exit=' "$OUT/$c.system.out")
    if [ "$c" = curl ]; then
        # curl asserts each side's own expected result (see curl.sh).
        if [ "$(tail -1 "$OUT/$c.system.out")" = exit=0 ] && [ "$(tail -1 "$OUT/$c.sessl.out")" = exit=0 ]; then
            pass "curl: http identical on both; https works on the system libssl and fails cleanly on sessl"
        else
            cat "$OUT/$c.system.out" "$OUT/$c.sessl.out" >"$OUT/$c.log"
            fail "curl: expected results (system side, then sessl side)" "$OUT/$c.log"
        fi
    elif [ "$(tail -1 "$OUT/$c.system.out")" != exit=0 ]; then
        fail "$c: does not run on the system libssl" "$OUT/$c.system.out"
    elif [ $load_ok -ne 0 ]; then
        fail "$c: does not load on sessl" "$OUT/$c.load"
    elif cmp -s "$OUT/$c.system.out" "$OUT/$c.sessl.out"; then
        pass "$c: identical output on both libraries ($lines lines)"
    else
        diff -u --label "$c on the system libssl" --label "$c on sessl" \
            "$OUT/$c.system.out" "$OUT/$c.sessl.out" >"$OUT/$c.diff"
        fail "$c: output differs (diff: system then sessl)" "$OUT/$c.diff" 120
    fi
done

echo
[ ${#failures[@]} -eq 0 ] || printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
