/*
 * certs_dane_base_domain.c - SSL_dane_enable with an empty or over-long base
 * domain fails setting it as the SNI name: OpenSSL reports
 * SSL_R_SSL3_EXT_INVALID_SERVERNAME from ssl3_ctrl (SSL_set_tlsext_host_name
 * is an SSL_ctrl macro), then SSL_R_ERROR_SETTING_TLSA_BASE_DOMAIN; sessl
 * named SSL_set_tlsext_host_name (found by the sequence tester,
 * tests-c/difffuzz). Twice-built.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void errs(const char *label)
{
    unsigned long e;
    const char *func;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("%s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *a, *b;
    char big[300];

    memset(big, 'd', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    SSL_CTX_dane_enable(ctx);
    a = SSL_new(ctx);
    b = SSL_new(ctx);
    printf("SSL_dane_enable \"\" = %d\n", SSL_dane_enable(a, ""));
    errs("empty");
    printf("SSL_dane_enable 299 bytes = %d\n", SSL_dane_enable(b, big));
    errs("long");
    SSL_free(a);
    SSL_free(b);
    SSL_CTX_free(ctx);
    return 0;
}
