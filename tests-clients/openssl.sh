#!/usr/bin/env bash
# The `openssl` command as a client of libssl (see run.sh): `openssl sess_id`
# with each of its options on real sessions and on DER mutants, and `openssl
# ciphers` with each of its options over many cipher strings and security
# levels. Prints every command, its output (binary output as hex) and its exit
# status; run.sh diffs this between the system libssl and sessl.
#   usage: openssl.sh SESSIONS_DIR MUTANTS_DIR
set -u
SESS=$1
MUTANTS=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# run LABEL CMD...: the command's stdout and stderr, then its exit status.
run() {
    local label=$1; shift
    echo "\$ $label"
    "$@" 2>&1
    echo "[exit $?]"
}

# out_file LABEL ARGS...: runs `openssl sess_id ARGS -out FILE` and prints
# FILE in hex (it may be DER).
out_file() {
    local label=$1; shift
    rm -f "$TMP/out"
    run "$label -out FILE" openssl sess_id "$@" -out "$TMP/out"
    if [ -f "$TMP/out" ]; then od -An -v -tx1 "$TMP/out"; else echo "(no file)"; fi
}

# ------------------------------------------------------------ sess_id
for pem in "$SESS"/*.pem; do
    s=$(basename "$pem" .pem)
    der=${pem%.pem}.der
    echo "=== session $s"
    run "sess_id $s.pem" openssl sess_id -in "$pem"
    run "sess_id -text -noout $s.pem" openssl sess_id -in "$pem" -text -noout
    run "sess_id -text $s.pem" openssl sess_id -in "$pem" -text
    run "sess_id -noout $s.pem" openssl sess_id -in "$pem" -noout
    run "sess_id -cert -noout $s.pem" openssl sess_id -in "$pem" -cert -noout
    run "sess_id -cert -text $s.pem" openssl sess_id -in "$pem" -cert -text
    run "sess_id -outform NSS $s.pem" openssl sess_id -in "$pem" -outform NSS
    run "sess_id -text -outform NSS -cert $s.pem" openssl sess_id -in "$pem" -text -outform NSS -cert
    out_file "sess_id -outform DER $s.pem" -in "$pem" -outform DER
    out_file "sess_id -outform PEM $s.pem" -in "$pem" -outform PEM
    run "sess_id -inform DER $s.der" openssl sess_id -inform DER -in "$der"
    run "sess_id -inform DER -text -noout $s.der" openssl sess_id -inform DER -in "$der" -text -noout
    out_file "sess_id -inform DER -outform DER $s.der" -inform DER -in "$der" -outform DER
    run "sess_id -inform DER -cert -noout (stdin) $s.der" openssl sess_id -inform DER -cert -noout <"$der"
    run "sess_id (PEM on stdin) $s.pem" openssl sess_id <"$pem"
    for ctx in "" abc "0123456789abcdef0123456789abcdef" "0123456789abcdef0123456789abcdefX"; do
        run "sess_id -context '$ctx' -text -noout $s.pem" openssl sess_id -in "$pem" -context "$ctx" -text -noout
        out_file "sess_id -context '$ctx' -outform DER $s.pem" -in "$pem" -context "$ctx" -outform DER
    done
    # The wrong format: PEM read as DER and DER read as PEM.
    run "sess_id -inform DER $s.pem" openssl sess_id -inform DER -in "$pem" -noout
    run "sess_id -inform PEM $s.der" openssl sess_id -inform PEM -in "$der" -noout
done

echo "=== no input, missing files, bad options"
run "sess_id </dev/null" openssl sess_id </dev/null
run "sess_id -inform DER </dev/null" openssl sess_id -inform DER </dev/null
run "sess_id -in /nonexistent" openssl sess_id -in /nonexistent
run "sess_id -outform XYZ" openssl sess_id -outform XYZ </dev/null
run "sess_id -out /nonexistent/dir/f" openssl sess_id -in "$(ls "$SESS"/*.pem | head -1)" -out /nonexistent/dir/f

# Each mutant once, with every output at once: the text, the certificate and
# the re-encoded DER (as hex).
echo "=== DER mutants"
for m in "$MUTANTS"/*.der; do
    echo "\$ sess_id -inform DER -text -cert -outform DER $(basename "$m")"
    openssl sess_id -inform DER -in "$m" -text -cert -outform DER 2>"$TMP/err" | cat -v
    echo "[exit ${PIPESTATUS[0]}]"
    cat "$TMP/err"
done

# ------------------------------------------------------------ ciphers
echo "=== ciphers"
strings=(
    "" ALL DEFAULT COMPLEMENTOFDEFAULT COMPLEMENTOFALL HIGH MEDIUM LOW eNULL NULL aNULL
    "ALL:@STRENGTH" "ALL:eNULL" "kRSA" "aRSA" "ECDHE+AESGCM" "EECDH+CHACHA20" "DHE:!aNULL"
    "PSK" "SRP" "kPSK:kECDHEPSK" "AES128:-SHA" "AES256:+SHA" "3DES" "CAMELLIA" "ARIA" "SHA256"
    "TLSv1.2" "TLSv1.0" "SSLv3" "FIPS" "SUITEB128" "SUITEB192" "AESCCM8" "ECDSA" "!ALL"
    "DEFAULT:!RSA" "AES256-GCM-SHA384" "ECDHE-RSA-AES128-GCM-SHA256:bogus" "bogus" "ALL:-ALL:+HIGH"
    "DEFAULT@SECLEVEL=0" "ALL@SECLEVEL=0" "@SECLEVEL=1:ALL" "@SECLEVEL=2" "ALL:@SECLEVEL=3"
    "@SECLEVEL=4:ALL" "ALL:@SECLEVEL=5" "@SECLEVEL=6"
)
for cs in "${strings[@]}"; do
    for opts in "" "-v" "-s -V" "-stdname -tls1_2" "-s -tls1_3 -v" "-s -tls1 -v" "-psk -srp -s -stdname"; do
        # shellcheck disable=SC2086
        run "ciphers $opts '$cs'" openssl ciphers $opts ${cs:+"$cs"}
    done
done
for suites in "" TLS_AES_128_GCM_SHA256 "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384" "TLS_bogus"; do
    run "ciphers -s -v -ciphersuites '$suites' HIGH" openssl ciphers -s -v -ciphersuites "$suites" HIGH
    run "ciphers -V -ciphersuites '$suites'" openssl ciphers -V -ciphersuites "$suites"
done
for name in TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 TLS_RSA_WITH_AES_256_CBC_SHA TLS_AES_128_GCM_SHA256 \
    TLS_PSK_WITH_AES_128_CBC_SHA TLS_SRP_SHA_WITH_AES_128_CBC_SHA TLS_NOT_A_CIPHER; do
    run "ciphers -convert $name" openssl ciphers -convert "$name"
done
