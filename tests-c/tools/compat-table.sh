#!/usr/bin/env bash
# Generates the compatibility table of COMPATIBILITY.md from src/exports.txt and
# the symbol table of the system's libssl.so.3: every function of libssl that
# concerns sessions, the SSL / SSL_CTX lifecycle, ciphers or certificates, with its status in
# sessl, then sessl's exports that the installed libssl does not have.
#   compat-table.sh          print the table
#   compat-table.sh --write  replace the table in COMPATIBILITY.md
#   compat-table.sh --check  fail if COMPATIBILITY.md's table is stale
set -euo pipefail
cd "$(dirname "$0")/../.."
SYSTEM=$(pkg-config --variable=libdir openssl)/libssl.so.3
BEGIN='<!-- BEGIN GENERATED TABLE: tests-c/tools/compat-table.sh --write -->'
END='<!-- END GENERATED TABLE -->'

declare -A NODE
while read -r name node; do NODE[$name]=$node; done < <(sed 's/#.*//' src/exports.txt | awk 'NF == 2')

# What counts as the session layer, the lifecycle, or ciphers.
family() {
    case "$1" in
        *CIPHER*|*cipher*) echo "ciphers" ;;
        *SESSION*|*session*|SSL_CTX_sess_*|SSL_CTX_sessions) echo "sessions" ;;
        SSL_CTX_new|SSL_CTX_new_ex|SSL_CTX_free|SSL_CTX_up_ref|SSL_CTX_ctrl|SSL_CTX_set_timeout|SSL_CTX_get_timeout|\
        SSL_new|SSL_free|SSL_up_ref|SSL_clear|SSL_dup|SSL_ctrl|SSL_get_SSL_CTX|SSL_set_SSL_CTX|SSL_version|\
        SSL_is_server|SSL_set_connect_state|SSL_set_accept_state|SSL_get_default_timeout|SSL_get_shutdown|\
        SSL_set_shutdown|SSL_in_init|SSL_in_before|SSL_is_init_finished|SSL_get_ssl_method|SSL_set_ssl_method|\
        OPENSSL_init_ssl|*_method) echo "lifecycle" ;;
        *srp*|*SRP*|*cookie*|SSL_verify_client_post_handshake) echo "" ;;
        *certificate*|*cert_and_key|*PrivateKey*|*privatekey*|*private_key*|*_certs_clear|*passwd_cb*|*verify*|*cert_store*|\
        *_param|*purpose|*trust|*1_host|*hostflags|*peername|*cert_cb|*CA_list*|*client_CA*|*cert_subjects*|\
        SSL_get_ex_data_X509_STORE_CTX_idx|*tmp_dh*|*_ct|*ct_validation*|*ct_is_enabled|*ctlog*|*_scts|\
        *dane*|*serverinfo*|SSL_check_chain) echo "certificates" ;;
        *) echo "" ;;
    esac
}

table() {
    echo "| function | family | libssl.so.3 | sessl |"
    echo "|---|---|---|---|"
    objdump -T "$SYSTEM" | awk '$0 !~ /\*UND\*/ && $2 == "g" && $4 == ".text" { print $NF, $(NF-1) }' | sort -u |
        while read -r name node; do
            fam=$(family "$name")
            [ -n "$fam" ] || continue
            if [ -n "${NODE[$name]:-}" ]; then status="implemented (${NODE[$name]})"; else status="not implemented: fails at load"; fi
            echo "| \`$name\` | $fam | $node | $status |"
        done
    objdump -T "$SYSTEM" | awk '$0 !~ /\*UND\*/ { print $NF }' | sort -u >"${TMPDIR:-/tmp}/compat.system.$$"
    for name in $(printf '%s\n' "${!NODE[@]}" | sort); do
        grep -qx "$name" "${TMPDIR:-/tmp}/compat.system.$$" && continue
        echo "| \`$name\` | $(family "$name") | not in 3.0 | implemented (${NODE[$name]}) |"
    done
    rm -f "${TMPDIR:-/tmp}/compat.system.$$"
}

render() {
    local generated; generated=$(table)
    awk -v b="$BEGIN" -v e="$END" -v t="$generated" '
        $0 == b { print; print t; skip = 1; next }
        $0 == e { skip = 0 }
        !skip { print }' COMPATIBILITY.md
}

case "${1:-}" in
    --write) render >COMPATIBILITY.md.new && mv COMPATIBILITY.md.new COMPATIBILITY.md ;;
    --check) diff -u COMPATIBILITY.md <(render) || { echo "COMPATIBILITY.md's table is stale: run $0 --write"; exit 1; } ;;
    *) table ;;
esac
