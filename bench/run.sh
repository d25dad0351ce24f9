#!/usr/bin/env bash
# sessl's benchmark against the system OpenSSL. Run through `make bench` (which
# builds the library first), or directly after `make`.
#
# bench/bench.c is built twice, against the system OpenSSL and against sessl.
# For every operation the two binaries run alternately (the order flips every
# round) for BENCH_ROUNDS rounds (default 5); each run is a fresh process that
# prints one number. The table gives each library's median, the ratio of the
# medians (sessl / OpenSSL; lower is better for sessl), the ratio of the best
# (minimum) runs, each side's spread (min-max over the rounds), and the target
# ratio where there is one. The target is checked on the ratio of the medians.
#
# add_random_40k takes ~15-20 s per run on OpenSSL (its cache insert is
# quadratic); OpenSSL runs it BENCH_SLOW_ROUNDS times (default: every round,
# ~1.5 min of the ~2.5 min total; set BENCH_SLOW_ROUNDS=1 for a quicker run),
# sessl every round.
#
# The numbers are only as good as the machine is quiet: the header shows the
# load average before and after the runs (the two-thread operations suffer
# most from anything else running).
#
# Environment: BENCH_ROUNDS, BENCH_SLOW_ROUNDS, BENCH_OPS (space-separated
# subset of the operations), BENCH_SESSL_REV (names the sources in the header
# when they are not a git checkout), CC.
# The table is also written to target/bench/results.md, the raw numbers to
# target/bench/raw/.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REL=$ROOT/target/release
OUT=$ROOT/target/bench
RAW=$OUT/raw
ROUNDS=${BENCH_ROUNDS:-5}
SLOW_ROUNDS=${BENCH_SLOW_ROUNDS:-$ROUNDS}
CC=${CC:-gcc}

[ -f "$REL/libsessl.so" ] || { echo "run 'make build' first" >&2; exit 1; }
mkdir -p "$OUT" "$RAW"
rm -f "$RAW"/*

# --- build ------------------------------------------------------------------
$CC -O2 -std=c99 bench/bench.c $(pkg-config --cflags --libs openssl) -lpthread \
    -o "$OUT/bench-openssl"
$CC -O2 -std=c99 bench/bench.c -I"$ROOT/include" -L"$REL" -lsessl -lcrypto \
    -Wl,-rpath,"$REL" -lpthread -o "$OUT/bench-sessl"
# The sessl build must really use sessl, and the OpenSSL one the system libssl.
# (libsessl.so's SONAME is libssl.so.3, found through the rpath as sessl's copy.)
# ldd's output is read whole first: under pipefail, `ldd | grep -q` fails
# when grep exits at its match and ldd dies of SIGPIPE.
libs_sessl=$(ldd "$OUT/bench-sessl")
libs_openssl=$(ldd "$OUT/bench-openssl")
grep -q "libssl.so.3 => $REL/libssl.so.3" <<<"$libs_sessl" \
    || { echo "bench-sessl does not load sessl ($REL/libssl.so.3)" >&2; exit 1; }
grep -q "libssl.so.3 => /" <<<"$libs_openssl" \
    || { echo "bench-openssl does not load the system libssl.so.3" >&2; exit 1; }

OPS=${BENCH_OPS:-$("$OUT/bench-openssl" list | tr '\n' ' ')}

# Target ratio (sessl / OpenSSL) per operation; "-" when there is none.
target() {
    case $1 in
        get1_free) echo 0.5 ;;
        get1_free_2t) echo 0.8 ;;
        add_uniform|lookup_hit|lookup_miss|remove|mix_2t) echo 0.5 ;;
        add_random_40k) echo 0.01 ;;
        flush_half_1m) echo 1.0 ;;
        d2i_tls13_peer_get0) echo - ;; # shows what the deferred X509 decoding costs
        i2d_*|d2i_*) echo 0.5 ;;
        mem_100k) echo 0.6 ;;
        set_cipher_list|get_ciphers) echo 0.5 ;;
        ctx_new_free) echo 0.05 ;;
        ssl_new_free) echo 0.2 ;;
        *) echo - ;;
    esac
}

run_one() { # lib op -> appends the value to $RAW/op.lib
    local lib=$1 op=$2 line
    if ! line=$("$OUT/bench-$lib" "$op"); then
        echo "bench-$lib $op failed" >&2
        exit 1
    fi
    echo "$line" | awk '{print $2}' >>"$RAW/$op.$lib"
    printf '  %-8s %s\n' "$lib" "$line" >&2
}

# --- machine ----------------------------------------------------------------
sessl_rev() { # BENCH_SESSL_REV names the sources when this is not a git checkout
    if [ -n "${BENCH_SESSL_REV:-}" ]; then
        echo "$BENCH_SESSL_REV"
    elif git rev-parse --git-dir >/dev/null 2>&1; then
        echo "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src 2>/dev/null \
            || echo ' + uncommitted changes in src/')"
    else
        echo unknown
    fi
}
CPU=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)
HEADER=$(cat <<EOF
Date:     $(date -u '+%Y-%m-%d %H:%M:%S UTC')
Machine:  $(nproc) CPUs (nproc), ${CPU:-unknown CPU}, $(uname -sr)
OpenSSL:  $(pkg-config --modversion openssl) (system libssl)
sessl:    $(sessl_rev), $(rustc --version 2>/dev/null || echo 'rustc unknown')
Compiler: $($CC --version | head -1), -O2
Rounds:   $ROUNDS per library (add_random_40k: $SLOW_ROUNDS for OpenSSL), alternating
Load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) before the runs
EOF
)
echo "$HEADER" >&2

# --- runs -------------------------------------------------------------------
for op in $OPS; do
    echo "$op:" >&2
    for ((r = 1; r <= ROUNDS; r++)); do
        if ((r % 2)); then order="openssl sessl"; else order="sessl openssl"; fi
        for lib in $order; do
            if [ "$lib" = openssl ] && [ "$op" = add_random_40k ] && ((r > SLOW_ROUNDS)); then
                continue
            fi
            run_one "$lib" "$op"
        done
    done
done

# --- table ------------------------------------------------------------------
stats() { # file -> "median min max"
    sort -g "$1" | awk '{v[NR] = $1}
        END {
            m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
            printf "%s %s %s\n", m, v[1], v[NR]
        }'
}

fmt() { # number -> short human form
    awk -v x="$1" 'BEGIN {
        if (x >= 1000) printf "%.0f", x; else if (x >= 10) printf "%.1f", x; else printf "%.2f", x }'
}

TABLE=$(
    echo "| operation | OpenSSL ns/op | sessl ns/op | ratio sessl/OpenSSL | ratio of best runs | OpenSSL spread (min-max) | sessl spread (min-max) | target ratio | met |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|:---:|"
    for op in $OPS; do
        read -r om omin omax < <(stats "$RAW/$op.openssl")
        read -r sm smin smax < <(stats "$RAW/$op.sessl")
        ratio=$(awk -v a="$sm" -v b="$om" 'BEGIN { printf "%.3g", a / b }')
        best=$(awk -v a="$smin" -v b="$omin" 'BEGIN { printf "%.3g", a / b }')
        tgt=$(target "$op")
        if [ "$tgt" = - ]; then
            met=-
        else
            met=$(awk -v r="$ratio" -v t="$tgt" 'BEGIN { print (r <= t) ? "yes" : "**NO**" }')
        fi
        name=$op
        [ "$op" = mem_100k ] && name="mem_100k (bytes/session)"
        n_o=$(wc -l <"$RAW/$op.openssl")
        n_s=$(wc -l <"$RAW/$op.sessl")
        printf '| %s | %s | %s | %s | %s | %s-%s (n=%d) | %s-%s (n=%d) | %s | %s |\n' \
            "$name" "$(fmt "$om")" "$(fmt "$sm")" "$ratio" "$best" \
            "$(fmt "$omin")" "$(fmt "$omax")" "$n_o" "$(fmt "$smin")" "$(fmt "$smax")" "$n_s" \
            "$tgt" "$met"
    done
)

{
    echo "$HEADER"
    echo "Load:     $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min) after the runs"
    echo
    echo "$TABLE"
} | tee "$OUT/results.md"
