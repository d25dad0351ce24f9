/*
 * io_early_data_psk.c - SSL_write_early_data on a client whose session
 * allows no early data goes on to connect when a PSK use-session callback is
 * set, as OpenSSL's does: with TLS_server_method's connect function
 * (ssl_undefined_function) that fails early on both libraries, and the
 * connection then waits for a retry. sessl refused the call instead (found
 * by the sequence tester, tests-c/difffuzz). Twice-built.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static int psk_use(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *idlen, SSL_SESSION **sess)
{
    (void)s, (void)md, (void)id, (void)idlen, (void)sess;
    printf("psk_use_session called\n");
    return 0;
}

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
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *a = SSL_new(ctx), *b;
    size_t n = 99;
    char buf[8];
    int r;

    SSL_set_connect_state(a); /* a client whose connect function is undefined */
    r = SSL_write_early_data(a, "x", 1, &n);
    printf("without a callback = %d n=%zu\n", r, n);
    errs("without");
    SSL_set_psk_use_session_callback(a, psk_use);
    r = SSL_write_early_data(a, "x", 1, &n);
    printf("with a callback = %d n=%zu\n", r, n);
    errs("with");
    r = SSL_write(a, "x", 1);
    printf("then SSL_write = %d, SSL_get_error = %d\n", r, SSL_get_error(a, r));
    errs("write");
    r = SSL_read(a, buf, (int)sizeof buf);
    printf("then SSL_read = %d\n", r);
    errs("read");
    /* inherited from the context */
    SSL_CTX_set_psk_use_session_callback(ctx, psk_use);
    b = SSL_new(ctx);
    SSL_set_connect_state(b);
    r = SSL_write_early_data(b, "x", 1, &n);
    printf("context's callback = %d n=%zu\n", r, n);
    errs("context");
    SSL_free(a);
    SSL_free(b);
    SSL_CTX_free(ctx);
    return 0;
}
