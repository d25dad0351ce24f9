#!/usr/bin/env bash
# curl (libcurl, built with OpenSSL) as a client of libssl (see run.sh), run by
# run.sh on each library with CLIENT_SIDE=system or sessl, HTTP_PORT (python's
# http.server) and HTTPS_PORT (`openssl s_server -www` on the system libssl).
#  - http: the same body on both libraries (libcurl sets up its SSL_CTX only
#    for https, but loads libssl and initialises it either way);
#  - https: on the system libssl the handshake succeeds (-k: the test
#    certificate is not trusted) and s_server's status page arrives; on sessl,
#    which performs no TLS handshake, curl fails cleanly: exit 35 (SSL connect
#    error), no crash, and its message names the missing handshake.
# Prints what it checked; exits non-zero when a result is not the expected one.
set -u
: "${CLIENT_SIDE:?} ${HTTP_PORT:?} ${HTTPS_PORT:?}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
bad() { echo "UNEXPECTED: $*"; status=1; }

curl -sS --max-time 10 "http://127.0.0.1:$HTTP_PORT/" >"$TMP/http.body" 2>"$TMP/http.err"
rc=$?
echo "http: exit $rc, body: $(cat "$TMP/http.body")"
[ $rc -eq 0 ] || bad "http exit $rc: $(cat "$TMP/http.err")"
[ "$(cat "$TMP/http.body")" = "sessl client stage: plain http body" ] || bad "http body differs"

curl -sS -k --max-time 10 "https://127.0.0.1:$HTTPS_PORT/" >"$TMP/https.body" 2>"$TMP/https.err"
rc=$?
echo "https ($CLIENT_SIDE): exit $rc, stderr: $(cat "$TMP/https.err")"
case $CLIENT_SIDE in
    system)
        [ $rc -eq 0 ] || bad "https on the system libssl: exit $rc"
        grep -q 'Ciphers supported in s_server binary' "$TMP/https.body" ||
            bad "https on the system libssl: not s_server's status page"
        echo "https body: s_server's status page ($(wc -l <"$TMP/https.body") lines)"
        ;;
    sessl)
        [ $rc -eq 35 ] || bad "https on sessl: exit $rc, expected 35 (SSL connect error)"
        grep -q 'sessl performs no TLS handshake' "$TMP/https.err" ||
            bad "https on sessl: the message does not name the missing handshake"
        [ -s "$TMP/https.body" ] && bad "https on sessl: a body arrived"
        ;;
    *) bad "CLIENT_SIDE must be system or sessl" ;;
esac
exit $status
