#!/usr/bin/env bash
# The fleet suite (make test-fleet): every tests-fleet/*.sh but the helpers,
# each bounded; prints one closing line "fleet: N passed, N failed".
set -u
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for t in "$here"/*.sh; do
    case "$(basename "$t")" in lib.sh | run.sh) continue ;; esac
    [ -n "${FLEET_TESTS:-}" ] && ! echo " $FLEET_TESTS " | grep -q " $(basename "$t" .sh) " && continue
    echo "== $(basename "$t")"
    out=$(timeout 600 bash "$t" 2>&1)
    rc=$?
    echo "$out"
    p=$(echo "$out" | grep -c '^ok ')
    f=$(echo "$out" | grep -c '^FAIL')
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "FAIL $(basename "$t") exited $rc"; fi
    pass=$((pass + p))
    fail=$((fail + f))
done
echo "fleet: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
