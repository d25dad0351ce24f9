#!/usr/bin/env bash
# The C test suite of sessl. Run through `make test` (which builds the library
# first), or directly after `make`.
#
# Every tests-c/*.c is built against the system OpenSSL and against sessl (as C
# and as C++), and run five ways whose outputs must all equal the OpenSSL run:
#   sessl        built against include/ + libsessl.so
#   sessl-c++    the same source compiled as C++11
#   ld-path      the OpenSSL-built binary with sessl's libssl.so.3 on LD_LIBRARY_PATH
#   ld-preload   the OpenSSL-built binary with LD_PRELOAD=sessl's libssl.so.3
#   valgrind     the sessl build under memcheck: no errors, no leaks
# tests-c/sessl-only/*.c check deliberate deviations (OpenSSL would crash or
# misbehave there): built against sessl only, each must exit 0, also under valgrind.
# Then the library itself: exports, versions, SONAME, header freshness, and the
# header compiling alone, with libcrypto's headers, and against OpenSSL's
# prototypes.
#
# Ends with "N passed, N failed"; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
ROOT=$PWD
REL=$ROOT/target/release
OUT=$ROOT/target/tests-c
mkdir -p "$OUT"
rm -f "$OUT"/*.out "$OUT"/*.log "$OUT"/*.diff "$OUT"/*.stderr

CC=${CC:-gcc}
CXX=${CXX:-g++}
WARN="-Wall -Wextra -Werror -pedantic"
OPENSSL_FLAGS=$(pkg-config --cflags --libs openssl)
SESSL_FLAGS="-I$ROOT/include -L$REL -lsessl -lcrypto -Wl,-rpath,$REL"
VALGRIND="valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect"

passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); printf 'ok    %s\n' "$1"; }
fail() {
    failed=$((failed + 1)); failures+=("$1"); printf 'FAIL  %s\n' "$1"
    [ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/      /' "$2" | head -40
}

# check NAME COMMAND...: one test that passes when COMMAND succeeds.
check() {
    local name=$1; shift
    local log="$OUT/$(echo "$name" | tr -c 'A-Za-z0-9_.-' '_').log"
    if "$@" >"$log" 2>&1; then pass "$name"; else fail "$name" "$log"; fi
}

# run_to FILE CMD...: runs CMD with stdout to FILE, appending the exit status.
run_to() {
    local file=$1; shift
    "$@" >"$file" 2>"$file.stderr"
    echo "exit=$?" >>"$file"
}

compare() {
    local name=$1 expected=$2 actual=$3
    if cmp -s "$expected" "$actual"; then
        pass "$name"
    else
        diff -u "$expected" "$actual" >"$actual.diff" 2>&1
        cat "$actual.stderr" >>"$actual.diff" 2>/dev/null
        fail "$name" "$actual.diff"
    fi
}

# libsessl.so's SONAME is libssl.so.3: binaries linked against it load the copy
# of that name, and without it would silently load the system's OpenSSL.
if ! cmp -s "$REL/libsessl.so" "$REL/libssl.so.3"; then
    echo "target/release/libssl.so.3 is missing or stale: run 'make build' first" >&2
    exit 1
fi

# ---------------------------------------------------------------- twice-built tests
for src in tests-c/*.c; do
    t=$(basename "$src" .c)
    if ! $CC -std=c99 $WARN -g "$src" $OPENSSL_FLAGS -o "$OUT/$t.openssl" 2>"$OUT/$t.build.log"; then
        fail "$t: build against OpenSSL" "$OUT/$t.build.log"; continue
    fi
    if ! $CC -std=c99 $WARN -g "$src" $SESSL_FLAGS -o "$OUT/$t.sessl" 2>"$OUT/$t.build.log"; then
        fail "$t: build against sessl" "$OUT/$t.build.log"; continue
    fi
    run_to "$OUT/$t.openssl.out" "$OUT/$t.openssl"
    run_to "$OUT/$t.sessl.out" "$OUT/$t.sessl"
    compare "$t: sessl = OpenSSL" "$OUT/$t.openssl.out" "$OUT/$t.sessl.out"
    if $CXX -x c++ -std=c++11 $WARN -g "$src" -x none $SESSL_FLAGS -o "$OUT/$t.sessl-cxx" 2>"$OUT/$t.build.log"; then
        run_to "$OUT/$t.sessl-cxx.out" "$OUT/$t.sessl-cxx"
        compare "$t: sessl (C++) = OpenSSL" "$OUT/$t.openssl.out" "$OUT/$t.sessl-cxx.out"
    else
        fail "$t: build as C++ against sessl" "$OUT/$t.build.log"
    fi
    run_to "$OUT/$t.ldpath.out" env LD_LIBRARY_PATH="$REL" "$OUT/$t.openssl"
    compare "$t: OpenSSL binary on LD_LIBRARY_PATH=sessl" "$OUT/$t.openssl.out" "$OUT/$t.ldpath.out"
    run_to "$OUT/$t.preload.out" env LD_PRELOAD="$REL/libssl.so.3" "$OUT/$t.openssl"
    compare "$t: OpenSSL binary with LD_PRELOAD=sessl" "$OUT/$t.openssl.out" "$OUT/$t.preload.out"
    check "$t: valgrind (sessl build)" $VALGRIND "$OUT/$t.sessl"
done

# ---------------------------------------------------------------- sessl-only tests
for src in tests-c/sessl-only/*.c; do
    [ -e "$src" ] || continue
    t=sessl-only/$(basename "$src" .c)
    bin="$OUT/$(basename "$src" .c).only"
    if ! $CC -std=c99 $WARN -g "$src" $SESSL_FLAGS -lpthread -o "$bin" 2>"$bin.build.log"; then
        fail "$t: build" "$bin.build.log"; continue
    fi
    check "$t" "$bin"
    check "$t: valgrind" $VALGRIND "$bin"
    # AddressSanitizer (with LeakSanitizer) and UBSan: sessl allocates through
    # malloc, so its double frees and leaks are caught too.
    if command -v clang-14 >/dev/null; then
        if clang-14 -std=c99 $WARN -g -O1 -fsanitize=address,undefined -fno-omit-frame-pointer \
            "$src" $SESSL_FLAGS -lpthread -o "$bin.asan" 2>"$bin.asan.build.log"; then
            check "$t: AddressSanitizer + UBSan" env ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
                UBSAN_OPTIONS=halt_on_error=1 "$bin.asan"
        else
            fail "$t: build with AddressSanitizer" "$bin.asan.build.log"
        fi
    fi
done

# ---------------------------------------------------------------- checked mode
# Each program commits one misuse (or none); run with SESSL_CHECKED=1 it must
# get the report its first line names and abort (or run clean).
expect_checked() {
    local bin=$1 src=$2 spec rc err
    spec=$(head -1 "$src" | sed -n 's|^/\* expect: \(.*\) \*/$|\1|p')
    err=$(SESSL_CHECKED=1 "$bin" 2>&1 >/dev/null); rc=$?
    case "$spec" in
        clean) [ $rc -eq 0 ] && [ -z "$err" ] || { echo "rc=$rc stderr: $err"; return 1; } ;;
        abort*) [ $rc -eq 134 ] || { echo "expected abort (134), got rc=$rc: $err"; return 1; } ;;
        "exit 0"*) [ $rc -eq 0 ] || { echo "expected exit 0, got rc=$rc: $err"; return 1; } ;;
        *) echo "no expectation in $src"; return 1 ;;
    esac
    # every quoted piece of the expectation must appear in the report
    local piece
    while read -r piece; do
        [ -z "$piece" ] && continue
        printf '%s' "$err" | grep -qF -- "$piece" || { echo "report lacks \"$piece\": $err"; return 1; }
    done < <(printf '%s\n' "$spec" | grep -o '"[^"]*"' | tr -d '"')
    # the same program with the misuse corrected reports nothing in checked mode
    if [ "$spec" != clean ]; then
        err=$(SESSL_CHECKED=1 "$bin" correct 2>&1 >/dev/null) || { echo "corrected variant failed: $err"; return 1; }
        [ -z "$err" ] || { echo "corrected variant reported: $err"; return 1; }
    fi
    # a correct program without checked mode prints nothing either (the
    # misusing variants are undefined behaviour there, so they are not run)
    if [ "$spec" = clean ]; then
        err=$("$bin" 2>&1 >/dev/null) || { echo "unchecked run failed: $err"; return 1; }
        [ -z "$err" ] || { echo "unchecked run printed: $err"; return 1; }
    fi
}
for src in tests-c/checked/*.c; do
    t=checked/$(basename "$src" .c)
    bin="$OUT/checked-$(basename "$src" .c)"
    if ! $CC -std=c99 $WARN -g "$src" $SESSL_FLAGS -o "$bin" 2>"$bin.build.log"; then
        fail "$t: build" "$bin.build.log"; continue
    fi
    check "$t (SESSL_CHECKED=1)" expect_checked "$bin" "$src"
done

# ---------------------------------------------------------------- which library runs
# The probe prints the path of the libssl mapped into it; each way of running
# must really load sessl (or, for the plain build, the system's library).
check "build tools/loaded_libssl.c (OpenSSL)" $CC -std=c99 $WARN tests-c/tools/loaded_libssl.c $OPENSSL_FLAGS -o "$OUT/loaded.openssl"
check "build tools/loaded_libssl.c (sessl)" $CC -std=c99 $WARN tests-c/tools/loaded_libssl.c $SESSL_FLAGS -o "$OUT/loaded.sessl"
expect_lib() {
    local want=$1; shift
    local got; got=$("$@")
    [ "$got" = "$want" ] || { echo "loaded $got, expected $want"; return 1; }
}
SYSTEM_LIBSSL=$(readlink -f "$(pkg-config --variable=libdir openssl)/libssl.so.3")
check "system build loads the system libssl" expect_lib "$SYSTEM_LIBSSL" "$OUT/loaded.openssl"
SESSL_LIBSSL=$(readlink -f "$REL/libssl.so.3")
check "sessl build loads sessl" expect_lib "$SESSL_LIBSSL" "$OUT/loaded.sessl"
check "LD_LIBRARY_PATH loads sessl" expect_lib "$SESSL_LIBSSL" env LD_LIBRARY_PATH="$REL" "$OUT/loaded.openssl"
check "LD_PRELOAD loads sessl alone" expect_lib "$SESSL_LIBSSL" env LD_PRELOAD="$REL/libssl.so.3" "$OUT/loaded.openssl"

# ---------------------------------------------------------------- OpenSSL reads sessl's bytes
# Every real-handshake fixture, read and written back by sessl (PEM and DER),
# must be read by the system's `openssl sess_id` into the same session.
check "build tools/resave.c (sessl)" $CC -std=c99 $WARN tests-c/tools/resave.c $SESSL_FLAGS -o "$OUT/resave"
openssl_reads_sessl() {
    local f name
    for f in tests-c/fixtures/*.pem; do
        name=$(basename "$f" .pem)
        "$OUT/resave" "$f" "$OUT/$name.sessl.pem" "$OUT/$name.sessl.der" || { echo "$name: sessl could not resave"; return 1; }
        cmp -s "$OUT/$name.sessl.der" "tests-c/fixtures/$name.der" || { echo "$name: DER differs"; return 1; }
        openssl sess_id -in "$OUT/$name.sessl.pem" -outform DER | cmp -s - "tests-c/fixtures/$name.der" ||
            { echo "$name: openssl sess_id read sessl's PEM differently"; return 1; }
        diff <(openssl sess_id -inform DER -in "$OUT/$name.sessl.der" -text -noout) \
             <(openssl sess_id -in "$f" -text -noout) || { echo "$name: text differs"; return 1; }
    done
}
check "openssl sess_id reads the sessions sessl writes (PEM, DER), fixtures incl. client certificates" openssl_reads_sessl

# ---------------------------------------------------------------- openssl ciphers -v
# sessl's lists for a set of rule strings, printed as descriptions, must equal
# the text of the system's `openssl ciphers -v STRING` (OpenSSL's own program).
check "build tools/cipher_descriptions.c (sessl)" $CC -std=c99 $WARN tests-c/tools/cipher_descriptions.c $SESSL_FLAGS -o "$OUT/cipher_descriptions"
ciphers_v_agrees() {
    local s bad=0
    for s in ALL DEFAULT HIGH 'ALL:+AES256' eNULL aNULL COMPLEMENTOFALL COMPLEMENTOFDEFAULT 'ALL:@STRENGTH' \
        'ALL:COMPLEMENTOFALL:@STRENGTH' 'ECDHE+AESGCM:!aNULL' 'ALL:-AES:+AES:-SHA1' 'kRSA:!SHA1' 'bogus:AES256-SHA' \
        'DEFAULT:@SECLEVEL=0' TLSv1.2 TLSv1 SSLv3 SUITEB128 SUITEB192 'CBC:+SHA256:-DHE:!aPSK' PSK \
        'HIGH:!aNULL:!MD5:+CHACHA20:@STRENGTH' 'EECDH+AESGCM:EDH+AESGCM' 'AES128-SHA AES256-SHA,DHE-RSA-AES128-SHA;ARIA'; do
        diff <("$OUT/cipher_descriptions" "$s") <(openssl ciphers -v "$s") >/dev/null ||
            { echo "differs for '$s'"; bad=1; }
    done
    return $bad
}
check "lists equal the system's openssl ciphers -v" ciphers_v_agrees

# ---------------------------------------------------------------- packaging
# make install into a throwaway prefix (through DESTDIR too), consumers built
# with pkg-config as C and C++, run with no environment variables, must load
# the installed sessl; make uninstall must remove exactly what was installed.
PFX=$(mktemp -d)
packaging() {
    make -s install PREFIX="$PFX/usr" >/dev/null || return 1
    make -s install PREFIX=/opt/sessl DESTDIR="$PFX/dest" >/dev/null || return 1
    [ -f "$PFX/dest/opt/sessl/lib/sessl/libssl.so.3" ] || { echo "DESTDIR ignored"; return 1; }
    grep -q '^prefix=/opt/sessl$' "$PFX/dest/opt/sessl/lib/pkgconfig/sessl.pc" || { echo "pc prefix"; return 1; }
    export PKG_CONFIG_PATH="$PFX/usr/lib/pkgconfig"
    local want; want=$(readlink -f "$PFX/usr/lib/sessl/libssl.so.3")
    $CC -std=c99 $WARN tests-c/tools/loaded_libssl.c $(pkg-config --cflags --libs sessl) -o "$PFX/consumer-c" || return 1
    $CXX -x c++ -std=c++17 $WARN tests-c/tools/loaded_libssl.c -x none $(pkg-config --cflags --libs sessl) -o "$PFX/consumer-cxx" || return 1
    for bin in consumer-c consumer-cxx; do
        local got; got=$(env -i "$PFX/$bin")
        [ "$got" = "$want" ] || { echo "$bin loaded '$got', expected $want"; return 1; }
        ldd "$PFX/$bin" | grep -q "libssl.so.3 => $PFX/usr/lib/sessl/libssl.so.3" || { echo "$bin: ldd"; ldd "$PFX/$bin"; return 1; }
    done
    make -s uninstall PREFIX="$PFX/usr" >/dev/null || return 1
    make -s uninstall PREFIX=/opt/sessl DESTDIR="$PFX/dest" >/dev/null || return 1
    local left; left=$(find "$PFX/usr" "$PFX/dest" -type f -o -type l)
    [ -z "$left" ] || { echo "left after uninstall:"; echo "$left"; return 1; }
}
check "make install, pkg-config consumers (C, C++) run on sessl, make uninstall" packaging
rm -rf "$PFX"

# An OpenSSL-built program that needs a function sessl does not implement fails
# loudly, under either way of loading sessl: the first function of the system's
# libssl that src/exports.txt lacks (none left: nothing to check).
UNIMPLEMENTED=$(comm -23 \
    <(objdump -T "$(pkg-config --variable=libdir openssl)/libssl.so.3" |
        awk '$0 !~ /\*UND\*/ && $2 == "g" && $4 == ".text" { print $NF }' | sort -u) \
    <(sed 's/#.*//' src/exports.txt | awk 'NF == 2 { print $1 }' | sort -u) | head -1)
if [ -n "$UNIMPLEMENTED" ]; then
    $CC -std=c99 $WARN -DUNIMPLEMENTED="$UNIMPLEMENTED" tests-c/tools/unimplemented.c $OPENSSL_FLAGS -Wl,-z,now \
        -o "$OUT/unimplemented"
    fails_loudly() {
        local out rc
        out=$("$@" 2>&1); rc=$?
        [ $rc -ne 0 ] && echo "$out" | grep -q "undefined symbol: $UNIMPLEMENTED, version OPENSSL_3" ||
            { echo "rc=$rc"; echo "$out"; return 1; }
    }
    check "unimplemented function ($UNIMPLEMENTED) fails loudly (LD_LIBRARY_PATH)" fails_loudly env LD_LIBRARY_PATH="$REL" "$OUT/unimplemented"
    check "unimplemented function ($UNIMPLEMENTED) fails loudly (LD_PRELOAD)" fails_loudly env LD_PRELOAD="$REL/libssl.so.3" "$OUT/unimplemented"
fi

# ---------------------------------------------------------------- the library
exports_match() {
    # Every defined dynamic symbol, as "name version", against src/exports.txt.
    objdump -T "$REL/libssl.so.3" | awk '$0 !~ /\*UND\*/ && $2 == "g" { print $NF, $(NF-1) }' |
        grep -v '^OPENSSL_[0-9.]* OPENSSL_' | sort >"$OUT/exports.actual"
    sed 's/#.*//' src/exports.txt | awk 'NF == 2 { print $1, $2 }' | sort >"$OUT/exports.expected"
    diff -u "$OUT/exports.expected" "$OUT/exports.actual"
}
check "exports = src/exports.txt, each with its OpenSSL version node" exports_match
null_covers_exports() {
    # Every exported function is called with NULL arguments by null_arguments.c.
    local missing=0
    local fn
    for fn in $(sed "s/#.*//" src/exports.txt | awk "NF == 2 { print \$1 }"); do
        case "$fn" in TLS_method|TLS_*_method|TLSv1*_method|DTLS*_method) continue ;; esac # no arguments
        grep -q "\b$fn\b" tests-c/sessl-only/null_arguments.c || { echo "not covered: $fn"; missing=1; }
    done
    return $missing
}
check "sessl-only/null_arguments.c covers every exported function" null_covers_exports
check "SONAME is libssl.so.3" sh -c "readelf -d '$REL/libssl.so.3' | grep -q 'SONAME.*\[libssl.so.3\]'"
check "links the system libcrypto.so.3" sh -c "readelf -d '$REL/libssl.so.3' | grep -q 'NEEDED.*\[libcrypto.so.3\]'"
header_fresh() {
    # The build regenerates the header; the committed copy must equal it.
    if ! git rev-parse --verify -q HEAD >/dev/null; then echo "not a git checkout"; return 1; fi
    git diff --exit-code HEAD -- include/openssl/ssl.h ||
        { echo "include/openssl/ssl.h is stale: commit the regenerated header"; return 1; }
}
check "include/openssl/ssl.h is the committed, generated header" header_fresh
check "COMPATIBILITY.md's function table is current" bash tests-c/tools/compat-table.sh --check

# The header alone and with libcrypto's headers, in either order, as C and C++.
for order in "" "openssl/err.h openssl/x509.h openssl/pem.h" "AFTER"; do
    {
        if [ "$order" = "AFTER" ]; then
            printf '#include <openssl/err.h>\n#include <openssl/x509.h>\n#include <openssl/pem.h>\n#include <openssl/ssl.h>\n'
        else
            printf '#include <openssl/ssl.h>\n'
            for h in $order; do printf '#include <%s>\n' "$h"; done
        fi
        printf 'int main(void) { SSL_SESSION *s = SSL_SESSION_new(); long t = SSL_get_time(s); SSL_SESSION_free(s); return (int)(t & 0); }\n'
    } >"$OUT/header_use.c"
    label=${order:-alone}; [ "$order" = AFTER ] && label="after libcrypto headers"
    [ "$order" != "" ] && [ "$order" != AFTER ] && label="before libcrypto headers"
    for std in c99 c11 c17; do
        check "header $label: gcc -std=$std" $CC -std=$std $WARN -I include -c "$OUT/header_use.c" -o /dev/null
    done
    for std in c++11 c++14 c++17 c++20; do
        check "header $label: g++ -std=$std" $CXX -x c++ -std=$std $WARN -I include -c "$OUT/header_use.c" -o /dev/null
    done
done

# Conformance: OpenSSL's header first, then sessl's with its guard and macro
# names undefined, so the compiler compares every prototype sessl declares with
# OpenSSL's (a mismatch is a "conflicting types" error).
{
    printf '#include <openssl/ssl.h>\n'
    grep -E '^#define [A-Za-z_0-9]+' include/openssl/ssl.h | sed -E 's/^#define ([A-Za-z_0-9]+).*/#undef \1/'
    printf '#include "%s/include/openssl/ssl.h"\n' "$ROOT"
    printf 'int main(void) { return 0; }\n'
} >"$OUT/conformance.c"
check "prototypes agree with OpenSSL's (C11)" $CC -std=c11 $WARN -c "$OUT/conformance.c" -o /dev/null
check "prototypes agree with OpenSSL's (C++17)" $CXX -x c++ -std=c++17 $WARN -c "$OUT/conformance.c" -o /dev/null

# Every name that OpenSSL's <openssl/ssl.h> and the libssl headers it includes
# (ssl2, ssl3, tls1, dtls1, srtp, sslerr; not sslerr_legacy.h, which it does
# not include) define, their include guards aside, is defined by sessl's
# header too (the values: tests-c/header_macros.c and header_constants.c).
{
    printf '#include <openssl/ssl.h>\n'
    for h in ssl ssl2 ssl3 tls1 dtls1 srtp sslerr; do
        grep -hoE '^# *define +[A-Za-z_][A-Za-z0-9_]*' "/usr/include/openssl/$h.h"
    done | awk '{print $NF}' |
        grep -v '_H$' | sort -u | sed -E 's/.*/#ifndef &\n#error "& is missing"\n#endif/'
    printf 'int main(void) { return 0; }\n'
} >"$OUT/macro_names.c"
check "every name OpenSSL's libssl headers define is defined" $CC -std=c11 $WARN -I include -c "$OUT/macro_names.c" -o /dev/null

echo
if [ "$failed" -gt 0 ]; then
    echo "failed:"; printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
