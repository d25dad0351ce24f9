#!/usr/bin/env bash
# Generates the compatibility table of COMPATIBILITY.md from src/exports.txt and
# the symbol table of the system's libssl.so.3: every function of libssl that
# concerns sessions, the SSL / SSL_CTX lifecycle, ciphers, or I/O and the
# handshake (sessl's exports of that family), with its status in
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

# What counts as the session layer, the lifecycle, ciphers, or I/O.
family() {
    case "$1" in
        *security_callback|*security_ex_data|SSL_trace|SSL_test_functions) echo "security" ;;
        BIO_f_ssl|BIO_new_ssl|BIO_new_ssl_connect|BIO_new_buffer_ssl_connect|BIO_ssl_*) echo "ssl BIO" ;;
        SSL_CONF_*|SSL_CTX_config|SSL_config|SSL_add_ssl_module) echo "SSL_CONF" ;;
        *CIPHER*|*cipher*) echo "ciphers" ;;
        *SESSION*|*session*|SSL_CTX_sess_*|SSL_CTX_sessions) echo "sessions" ;;
        SSL_CTX_new|SSL_CTX_new_ex|SSL_CTX_free|SSL_CTX_up_ref|SSL_CTX_ctrl|SSL_CTX_set_timeout|SSL_CTX_get_timeout|\
        SSL_new|SSL_free|SSL_up_ref|SSL_clear|SSL_dup|SSL_ctrl|SSL_get_SSL_CTX|SSL_set_SSL_CTX|SSL_version|\
        SSL_is_server|SSL_set_connect_state|SSL_set_accept_state|SSL_get_default_timeout|SSL_get_shutdown|\
        SSL_set_shutdown|SSL_in_init|SSL_in_before|SSL_is_init_finished|SSL_get_ssl_method|SSL_set_ssl_method|\
        OPENSSL_init_ssl|*_method) echo "lifecycle" ;;
        SSL_set_bio|SSL_set0_rbio|SSL_set0_wbio|SSL_get_rbio|SSL_get_wbio|SSL_set_fd|SSL_set_rfd|SSL_set_wfd|\
        SSL_get_fd|SSL_get_rfd|SSL_get_wfd|SSL_pending|SSL_has_pending|SSL_want|SSL_get_error|SSL_get_state|\
        SSL_state_string|SSL_state_string_long|SSL_rstate_string|SSL_rstate_string_long|SSL_get_version|\
        SSL_set_quiet_shutdown|SSL_get_quiet_shutdown|SSL_CTX_set_quiet_shutdown|SSL_CTX_get_quiet_shutdown|\
        SSL_set_read_ahead|SSL_get_read_ahead|SSL_alert_type_string|SSL_alert_type_string_long|\
        SSL_alert_desc_string|SSL_alert_desc_string_long|SSL_connect|SSL_accept|SSL_do_handshake|SSL_read|\
        SSL_read_ex|SSL_peek|SSL_peek_ex|SSL_write|SSL_write_ex|SSL_sendfile|SSL_shutdown|SSL_renegotiate|\
        SSL_renegotiate_abbreviated|SSL_renegotiate_pending|SSL_key_update|SSL_get_key_update_type|\
        SSL_verify_client_post_handshake|SSL_new_session_ticket|SSL_get_early_data_status|\
        SSL_write_early_data|SSL_read_early_data|SSL_stateless|DTLSv1_listen|SSL_get_finished|\
        SSL_get_peer_finished|SSL_client_version|SSL_export_keying_material|SSL_export_keying_material_early|\
        SSL_waiting_for_async|SSL_get_async_status|SSL_get_all_async_fds|SSL_get_changed_async_fds|\
        SSL_client_hello_*) \
            echo "I/O and handshake" ;;
        SSL_CTX_callback_ctrl|SSL_callback_ctrl|*_options|*num_tickets|*early_data|*block_padding|\
        *default_read_buffer_len|*max_fragment_length|*post_handshake_auth|SSL_alloc_buffers|SSL_free_buffers|\
        SSL_set_debug|SSL_CTX_get_ssl_method|SSL_CTX_set_ssl_version|SSL_client_version|SSL_is_dtls|\
        SSL_get_servername*|SSL_get_finished|SSL_get_peer_finished|SSL_get_client_random|SSL_get_server_random|\
        *sigalgs|*signature_type_nid|SSL_group_to_name|SSL_get_current_compression|SSL_get_current_expansion|\
        *srtp*|DTLS_get_data_mtu|DTLS_set_timer_cb|SSL_get_version|SSL_get_early_data_status) echo "ctrl" ;;
        ERR_load_SSL_strings|SSL_get_ex_data|SSL_set_ex_data|SSL_CTX_get_ex_data|SSL_CTX_set_ex_data|\
        *info_callback|*msg_callback|*keylog_callback|*alpn*|*psk*|*srp*|*SRP*|SSL_COMP_*|*custom_ext|\
        SSL_extension_supported|SSL_select_next_proto|*next_proto*|SSL_get_current_compression|\
        SSL_get_current_expansion|*cookie_generate_cb|*cookie_verify_cb|*client_hello_cb|\
        *allow_early_data_cb|*record_padding_callback*|*async_callback*|*security_callback|\
        *security_ex_data|SSL_CTX_set_tlsext_ticket_key_evp_cb|SSL_CTX_set_client_cert_engine|\
        SSL_CONF_*|SSL_CTX_config|SSL_config|SSL_add_ssl_module|SSL_test_functions|SSL_trace|\
        BIO_f_ssl|BIO_new_ssl|BIO_new_ssl_connect|BIO_new_buffer_ssl_connect|BIO_ssl_*) \
            echo "callbacks, init" ;;
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
