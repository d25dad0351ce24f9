# Shared helpers of the fleet tests (sourced). Every daemon runs on 127.0.0.1,
# bounded by `timeout`, and is stopped by the EXIT trap.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FLEET_LIB=${FLEET_LIB:-$ROOT/target/release/libsessl_fleet.so}
WORK=$(mktemp -d /tmp/sessl-fleet-test.XXXXXX)
PIDS=()
PASS=0
FAIL=0

cleanup() {
    local p
    for p in "${PIDS[@]}"; do kill -CONT "$p" 2>/dev/null; kill "$p" 2>/dev/null; done
    sleep 0.2
    for p in "${PIDS[@]}"; do kill -9 "$p" 2>/dev/null; done
    [ -n "${KEEP_WORK:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT

ok() { PASS=$((PASS + 1)); echo "ok   $*"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [ "$2" = "$3" ]; then ok "$1"; else bad "$1 (expected '$2', got '$3')"; fi
}
finish() {
    echo "$(basename "$0" .sh): $PASS passed, $FAIL failed"
    [ "$FAIL" -eq 0 ]
}

# A TCP port nobody listens on now, below the kernel's ephemeral range: a
# port from bind(0) can become some client connection's source port before
# the server binds it (or binds it again after a restart).
free_port() {
    python3 -c '
import random, socket
low = int(open("/proc/sys/net/ipv4/ip_local_port_range").read().split()[0])
for _ in range(1000):
    port = random.randrange(1024, max(low, 2048))
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("no free port")
'
}

wait_port() { # wait_port PORT: up to 5 s
    local i
    for i in $(seq 50); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        sleep 0.1
    done
    return 1
}

make_certs() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$WORK/key.pem" \
        -out "$WORK/cert.pem" -subj /CN=localhost -days 2 >/dev/null 2>&1
    head -c 32 /dev/urandom >"$WORK/fleet.key"
    head -c 32 /dev/urandom >"$WORK/other.key"
}

# start_redis: sets REDIS_PORT and REDIS_PID.
start_redis() {
    REDIS_PORT=${1:-$(free_port)}
    timeout 300 redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no \
        >>"$WORK/redis.log" 2>&1 &
    local wrapper=$!
    PIDS+=("$wrapper")
    wait_port "$REDIS_PORT" || { echo "redis-server did not start"; cat "$WORK/redis.log"; exit 1; }
    # the server itself (signals go to it, not to its timeout wrapper)
    REDIS_PID=$(pgrep -P "$wrapper" | head -1)
    PIDS+=("$REDIS_PID")
}

rcli() { timeout 5 redis-cli -p "$REDIS_PORT" "$@"; }

# start_server NAME [s_server options...]: an unmodified `openssl s_server`
# with the preload; sets PORT_<NAME>. FLEET_ENV (default: the test fleet) is
# the environment given to it; NOPRELOAD=1 starts it without the library.
start_server() {
    local name=$1
    shift
    local log="$WORK/server-$name.log"
    local pre=()
    if [ -z "${NOPRELOAD:-}" ]; then
        pre=(env LD_PRELOAD="$FLEET_LIB" SESSL_FLEET_STORE="${STORE_URL:-redis://127.0.0.1:$REDIS_PORT}"
            SESSL_FLEET_KEY_FILE="${KEY_FILE:-$WORK/fleet.key}" SESSL_FLEET_STATS=1
            SESSL_FLEET_TIMEOUT_MS="${TIMEOUT_MS:-5}" ${EXTRA_ENV:-})
    fi
    "${pre[@]}" timeout 300 openssl s_server -accept 127.0.0.1:0 -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
        -www "$@" >"$log" 2>&1 </dev/null &
    PIDS+=($!)
    eval "PID_$name=$!"
    local i port=
    for i in $(seq 50); do
        port=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$log" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "s_server $name did not start"; cat "$log"; exit 1; }
    eval "PORT_$name=$port"
}

# client PORT VERSION_FLAG [s_client options]: prints New or Reused (or FAILED).
client() {
    local port=$1
    shift
    local out
    # An HTTP request and -ign_eof: s_client reads until the server closes,
    # so TLS 1.3 tickets (sent after the handshake) always reach -sess_out.
    out=$(printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$port" -ign_eof "$@" 2>/dev/null)
    case "$out" in
    *"Reused, TLS"*) echo Reused ;;
    *"New, TLS"*) echo New ;;
    *) echo FAILED ;;
    esac
}
