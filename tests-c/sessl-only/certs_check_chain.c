/*
 * certs_check_chain.c - sessl-only: SSL_check_chain computes flags from the
 * peer's signature algorithms and groups, which only a handshake provides;
 * sessl performs none, so it fails loudly: 0, with ERR_LIB_SSL reason 950
 * (SESSL_R_NO_TLS_HANDSHAKE) and data naming the function.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#define FATAL_PREFIX "FAIL  "
#include "../test_util.h"

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    const char *data = NULL;
    int flags = 0, failed = 0;
    unsigned long e;

    FATAL_IF(ssl == NULL, "SSL_new");
    if (SSL_check_chain(ssl, NULL, NULL, NULL) != 0) {
        printf("FAIL  SSL_check_chain returned non-zero\n");
        failed = 1;
    }
    e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags);
    if (ERR_GET_LIB(e) != ERR_LIB_SSL || ERR_GET_REASON(e) != 950 || data == NULL ||
        strcmp(data, "sessl performs no TLS handshake: SSL_check_chain") != 0) {
        printf("FAIL  error lib=%d reason=%d data=%s\n", ERR_GET_LIB(e), ERR_GET_REASON(e), data ? data : "-");
        failed = 1;
    } else {
        printf("ok    SSL_check_chain: 0, SSL reason 950 with its data\n");
    }
    if (ERR_get_error() != 0) {
        printf("FAIL  more than one error\n");
        failed = 1;
    }
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return failed;
}
