#!/usr/bin/env bash
# The differential sequence tester's runner (see README.md here). Builds
# seq.c once against OpenSSL's headers, runs it for each seed on the system
# libssl and on sessl (target/release/libssl.so.3 on LD_LIBRARY_PATH), and
# diffs the two transcripts.
#
#   run.sh [SEEDS [FIRST]]     seeds FIRST .. FIRST+SEEDS-1 (default 2000 from 1)
#
# Environment: SEQ_LIBDIR (the directory of sessl's libssl.so.3 and
# libsessl.so, default target/release), SEQ_SKIP (categories of known differences steered around;
# default: none, see README.md), SEQ_STEPS (calls per seed), SEQ_STOP=1
# (stop at the first difference), SEQ_SHOW (differences printed in full, 5),
# SEQ_VALGRIND=1 (both runs under memcheck: an error or a definite leak fails
# the run, so the tester's own bookkeeping is checked too).
# Transcripts of differing seeds are kept in target/difffuzz/.
#
# Ends with "difffuzz: N seeds, M calls, D differences"; exits non-zero when
# D > 0, or when a run crashed, hung or reported a tester BUG/MODEL line.
set -u
# The whole script is one block, read before it runs: editing this file while
# a long run uses it does not break that run.
{
cd "$(dirname "$0")/../.."
ROOT=$PWD
REL=${SEQ_LIBDIR:-$ROOT/target/release} # another build of sessl to test
OUT=$ROOT/target/difffuzz
SEEDS=${1:-2000}
FIRST=${2:-1}
SHOW=${SEQ_SHOW:-5}
export SEQ_SKIP=${SEQ_SKIP-}
export SEQ_FIXTURES=$ROOT/tests-c/fixtures
mkdir -p "$OUT"
# Each run works in a directory of its own, so runs can overlap.
RUN=$(mktemp -d "$OUT/run.XXXXXX")
trap 'rm -rf "$RUN"' EXIT

if ! cmp -s "$REL/libsessl.so" "$REL/libssl.so.3"; then
    echo "target/release/libssl.so.3 is missing or stale: run 'make build' first" >&2
    exit 1
fi
${CC:-gcc} -std=gnu11 -Wall -Wextra -Werror -pedantic -g -O1 tests-c/difffuzz/seq.c \
    $(pkg-config --cflags --libs openssl) -o "$RUN/seq" || exit 1
cp -f "$RUN/seq" "$OUT/seq" # for running single seeds by hand
# Every export of sessl is called somewhere in the tester, but those listed in
# not_yet_covered.txt (which must list only exports the tester does not call).
missing=""
stale=""
listed=$(sed 's/#.*//' tests-c/difffuzz/not_yet_covered.txt)
for fn in $(sed 's/#.*//' src/exports.txt | awk 'NF == 2 { print $1 }'); do
    called=0
    grep -qw "$fn" tests-c/difffuzz/seq.c tests-c/difffuzz/seq_*.h && called=1
    if grep -qxF "$fn" <<<"$listed"; then
        [ $called = 1 ] && stale="$stale $fn"
    else
        [ $called = 0 ] && missing="$missing $fn"
    fi
done
if [ -n "$missing" ]; then
    echo "difffuzz: the tester calls none of:$missing" >&2
    echo "difffuzz: (call them in seq.c, or list them in tests-c/difffuzz/not_yet_covered.txt)" >&2
    exit 1
fi
if [ -n "$stale" ]; then
    echo "difffuzz: called by the tester, yet listed in not_yet_covered.txt:$stale" >&2
    exit 1
fi
echo "difffuzz: $(grep -c . <<<"$(grep -v '^ *$' <<<"$listed")") exports not in the tester yet (tests-c/difffuzz/not_yet_covered.txt)"
# The second run must really load sessl.
if ! LD_LIBRARY_PATH=$REL ldd "$RUN/seq" | grep -q "libssl.so.3 => $REL/libssl.so.3"; then
    echo "difffuzz: LD_LIBRARY_PATH=$REL does not load sessl's libssl.so.3" >&2
    exit 1
fi

VG=()
TMO=20
if [ "${SEQ_VALGRIND:-0}" = 1 ]; then
    VG=(valgrind --quiet --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite)
    TMO=300
fi
calls=0
diffs=0
seeds=0
echo "difffuzz: seeds $FIRST..$((FIRST + SEEDS - 1)), SEQ_SKIP=$SEQ_SKIP, SEQ_STEPS=${SEQ_STEPS:-300}"
for ((seed = FIRST; seed < FIRST + SEEDS; seed++)); do
    seeds=$((seeds + 1))
    timeout $TMO "${VG[@]}" "$RUN/seq" "$seed" >"$RUN/openssl.txt" 2>&1
    rc=$?
    echo "exit=$rc" >>"$RUN/openssl.txt"
    LD_LIBRARY_PATH=$REL timeout $TMO "${VG[@]}" "$RUN/seq" "$seed" >"$RUN/sessl.txt" 2>&1
    echo "exit=$?" >>"$RUN/sessl.txt"
    n=$(sed -n 's/^calls \([0-9]*\)$/\1/p' "$RUN/openssl.txt")
    calls=$((calls + ${n:-0}))
    bad=""
    cmp -s "$RUN/openssl.txt" "$RUN/sessl.txt" || bad="transcripts differ"
    [ "$rc" = 0 ] || bad="${bad:+$bad; }the OpenSSL run failed (exit $rc)"
    grep -qE '^ *(BUG|MODEL)' "$RUN/openssl.txt" "$RUN/sessl.txt" && bad="${bad:+$bad; }BUG/MODEL line"
    [ -z "$bad" ] && continue
    diffs=$((diffs + 1))
    cp "$RUN/openssl.txt" "$OUT/seed-$seed.openssl.txt"
    cp "$RUN/sessl.txt" "$OUT/seed-$seed.sessl.txt"
    if [ "$diffs" -le "$SHOW" ]; then
        echo "---- seed $seed: $bad (target/difffuzz/seed-$seed.{openssl,sessl}.txt)"
        diff -U8 "$OUT/seed-$seed.openssl.txt" "$OUT/seed-$seed.sessl.txt" | head -60
        grep -nE '^ *(BUG|MODEL)' "$OUT/seed-$seed.openssl.txt" "$OUT/seed-$seed.sessl.txt" | head -5
        echo "     shrink with: SEQ_STEPS=N SEQ_SKIP=$SEQ_SKIP bash tests-c/difffuzz/run.sh 1 $seed"
    else
        echo "---- seed $seed: $bad"
    fi
    [ "${SEQ_STOP:-0}" = 1 ] && break
done
echo "difffuzz: $seeds seeds, $calls calls, $diffs differences"
[ "$diffs" -eq 0 ]
exit
}
