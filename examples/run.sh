#!/usr/bin/env bash
# The main job (`make run`): install sessl into a staging prefix, build
# examples/sess_id.c against it with pkg-config, make a real TLS session with the
# installed `openssl s_server` and `openssl s_client -sess_out` on loopback, and
# let sess_id read it, print it, convert it to DER and back.
set -euo pipefail
cd "$(dirname "$0")/.."
STAGE=$PWD/target/stage
WORK=$(mktemp -d)
SERVER=
cleanup() { [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

make -s install PREFIX="$STAGE" >/dev/null
export PKG_CONFIG_PATH=$STAGE/lib/pkgconfig
cc -std=c99 -Wall -Wextra -Werror examples/sess_id.c $(pkg-config --cflags --libs sessl) -o "$STAGE/sess_id"
echo "built $STAGE/sess_id with: pkg-config --cflags --libs sessl"
echo "  -> $(pkg-config --cflags --libs sessl)"
echo "  it runs on: $(ldd "$STAGE/sess_id" | awk '/libssl/ {print $3}')"

# A real handshake on 127.0.0.1 (the server lives only as long as this script).
openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=localhost -days 1 \
    -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
for attempt in 1 2 3 4 5; do
    PORT=$((20000 + RANDOM % 20000))
    openssl s_server -accept "127.0.0.1:$PORT" -cert "$WORK/cert.pem" -key "$WORK/key.pem" \
        -www -no_ticket -quiet >/dev/null 2>&1 &
    SERVER=$!
    sleep 0.5
    if kill -0 "$SERVER" 2>/dev/null; then break; fi
    SERVER=
done
[ -n "$SERVER" ] || { echo "could not start openssl s_server on loopback" >&2; exit 1; }
printf 'GET / HTTP/1.0\r\n\r\n' | timeout 10 openssl s_client -connect "127.0.0.1:$PORT" -tls1_2 \
    -servername localhost -sess_out "$WORK/session.pem" >/dev/null 2>&1 || true
[ -s "$WORK/session.pem" ] || { echo "openssl s_client saved no session" >&2; exit 1; }
echo "openssl s_client saved a TLS 1.2 session from a handshake with openssl s_server on 127.0.0.1:$PORT"
echo

echo "\$ sess_id -in session.pem -text -noout -status"
"$STAGE/sess_id" -in "$WORK/session.pem" -text -noout -status
echo
"$STAGE/sess_id" -in "$WORK/session.pem" -outform DER -out "$WORK/session.der"
"$STAGE/sess_id" -in "$WORK/session.der" -inform DER -out "$WORK/again.pem"
echo "\$ sess_id -in session.pem -outform DER | sess_id -inform DER   (PEM -> DER -> PEM)"
if cmp -s "$WORK/session.pem" "$WORK/again.pem"; then
    echo "  identical to what openssl s_client wrote ($(wc -c <"$WORK/session.der") bytes of DER)"
else
    echo "  DIFFERENT from what openssl s_client wrote" >&2; exit 1
fi
if openssl sess_id -in "$WORK/session.pem" -text -noout | cmp -s - <("$STAGE/sess_id" -in "$WORK/session.pem" -text -noout); then
    echo "  and its text is byte-identical to openssl sess_id -text"
else
    echo "  text differs from openssl sess_id -text" >&2; exit 1
fi
