/*
 * io_renegotiate_option.c - SSL_renegotiate and SSL_renegotiate_abbreviated
 * refuse with SSL_OP_NO_RENEGOTIATION set (0, SSL_R_NO_RENEGOTIATION from
 * can_renegotiate, nothing pending), as OpenSSL; sessl returned 1 (found by
 * the sequence tester, tests-c/difffuzz). Twice-built.
 */
#include <stdio.h>
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
    SSL *a = SSL_new(ctx), *b, *c;
    int r;

    SSL_set_options(a, SSL_OP_NO_RENEGOTIATION);
    r = SSL_renegotiate(a);
    printf("SSL_renegotiate with the option = %d, pending %d\n", r, SSL_renegotiate_pending(a));
    errs("renegotiate");
    r = SSL_renegotiate_abbreviated(a);
    printf("SSL_renegotiate_abbreviated with the option = %d, pending %d\n", r, SSL_renegotiate_pending(a));
    errs("abbreviated");
    printf("SSL_clear = %d\n", SSL_clear(a));
    errs("clear");
    /* inherited from the context */
    SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION);
    b = SSL_new(ctx);
    r = SSL_renegotiate(b);
    printf("from the context's options = %d, pending %d\n", r, SSL_renegotiate_pending(b));
    errs("context option");
    SSL_clear_options(b, SSL_OP_NO_RENEGOTIATION);
    r = SSL_renegotiate(b);
    printf("option cleared = %d, pending %d\n", r, SSL_renegotiate_pending(b));
    errs("cleared");
    printf("SSL_clear = %d\n", SSL_clear(b));
    errs("clear pending");
    SSL_CTX_clear_options(ctx, SSL_OP_NO_RENEGOTIATION);
    c = SSL_new(ctx);
    r = SSL_renegotiate_abbreviated(c);
    printf("without the option = %d, pending %d\n", r, SSL_renegotiate_pending(c));
    errs("without");
    SSL_free(a);
    SSL_free(b);
    SSL_free(c);
    SSL_CTX_free(ctx);
    return 0;
}
