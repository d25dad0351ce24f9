/*
 * ctrl_crashes.c - sessl-only: the ctrl family's calls on which OpenSSL 3.0
 * crashes (COMPATIBILITY.md, "Deliberate deviations"), with sessl's results:
 *   - SSL_ctrl(NULL, ..) returns 0 (OpenSSL dereferences the SSL);
 *   - SSL_get_negotiated_group before a handshake returns 0 (OpenSSL 3.0
 *     crashes looking group 0 up);
 *   - getters that write through parg (SSL_CTX_get_extra_chain_certs,
 *     get0_chain_certs, get0_verify/chain_cert_store, get_tlsext_status_cb and
 *     _arg, SSL_get_tlsext_status_exts, _ids, _ocsp_resp) given NULL return as
 *     with a pointer and write nothing;
 *   - SSL_CTX_ctrl(NULL, SSL_CTRL_SET_GROUPS_LIST, list) parses the list as
 *     for a context (OpenSSL crashes on a non-NULL list);
 *   - the option functions on NULL return 0; DTLS_get_data_mtu and
 *     DTLS_set_timer_cb on a TLS connection return 0 / do nothing.
 * Prints one line per check; exits 1 if any failed.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "check_util.h"

static int n_failed;

static void check(int cond, const char *what, int line)
{
    if (cond) {
        printf("ok    %s\n", what);
    } else {
        n_failed++;
        printf("FAIL  %s (line %d)\n", what, line);
    }
}

#define CHECK(cond) check((cond) ? 1 : 0, #cond, __LINE__)

static unsigned int timer_cb(SSL *s, unsigned int us)
{
    (void)s;
    return us;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    unsigned long e;
    int cmd;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");

    for (cmd = 0; cmd <= 140; cmd++)
        if (SSL_ctrl(NULL, cmd, 0, NULL) != 0)
            check(0, "SSL_ctrl(NULL, cmd) == 0", __LINE__);
    CHECK(SSL_ctrl(NULL, SSL_CTRL_MODE, 1, NULL) == 0);
    CHECK(SSL_get_negotiated_group(s) == 0);

    CHECK(SSL_CTX_get_extra_chain_certs(ctx, NULL) == 1);
    CHECK(SSL_CTX_get0_chain_certs(ctx, NULL) == 1);
    CHECK(SSL_CTX_get0_verify_cert_store(ctx, NULL) == 1);
    CHECK(SSL_CTX_get0_chain_cert_store(ctx, NULL) == 1);
    CHECK(SSL_CTX_ctrl(ctx, SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB, 0, NULL) == 1);
    CHECK(SSL_CTX_ctrl(ctx, SSL_CTRL_GET_TLSEXT_STATUS_REQ_CB_ARG, 0, NULL) == 1);
    CHECK(SSL_get0_chain_certs(s, NULL) == 1);
    CHECK(SSL_get0_verify_cert_store(s, NULL) == 1);
    CHECK(SSL_get0_chain_cert_store(s, NULL) == 1);
    CHECK(SSL_get_tlsext_status_exts(s, NULL) == 1);
    CHECK(SSL_get_tlsext_status_ids(s, NULL) == 1);
    CHECK(SSL_get_tlsext_status_ocsp_resp(s, NULL) == -1);

    ERR_clear_error();
    CHECK(SSL_CTX_ctrl(NULL, SSL_CTRL_SET_GROUPS_LIST, 0, (void *)"P-256:X25519") == 1);
    CHECK(ERR_peek_error() == 0);
    CHECK(SSL_CTX_ctrl(NULL, SSL_CTRL_SET_GROUPS_LIST, 0, (void *)"nope") == 0);
    e = ERR_get_error();
    CHECK(ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == ERR_R_PASSED_INVALID_ARGUMENT);
    ERR_clear_error();

    CHECK(SSL_CTX_get_options(NULL) == 0);
    CHECK(SSL_CTX_set_options(NULL, 1) == 0);
    CHECK(SSL_get_options(NULL) == 0);
    CHECK(SSL_clear_options(NULL, 1) == 0);
    CHECK(SSL_get_servername(NULL, 0) == NULL);
    CHECK(SSL_get_servername_type(NULL) == -1);
    CHECK(SSL_is_dtls(NULL) == 0);
    CHECK(SSL_client_version(NULL) == 0);
    CHECK(SSL_CTX_get_ssl_method(NULL) == NULL);
    CHECK(SSL_set_ssl_method(s, NULL) == 0);
    CHECK(SSL_CTX_set_ssl_version(ctx, NULL) == 0);
    CHECK(DTLS_get_data_mtu(s) == 0);
    DTLS_set_timer_cb(s, timer_cb);
    CHECK(SSL_version(s) == TLS1_3_VERSION);

    SSL_free(s);
    SSL_CTX_free(ctx);
    return n_failed ? 1 : 0;
}
