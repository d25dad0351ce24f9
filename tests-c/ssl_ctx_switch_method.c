/*
 * ssl_ctx_switch_method.c - after SSL_set_SSL_CTX, SSL_clear, SSL_set_session,
 * SSL_copy_session_id, SSL_stateless and DTLSv1_listen (which clear) go back
 * to the method of the connection's current context, as OpenSSL's
 * s->ctx->method; sessl went back to the method of the context the
 * connection was made with (found by the sequence tester, tests-c/difffuzz).
 * Twice-built.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static const char *name(const SSL_METHOD *m)
{
    return m == TLS_method()          ? "TLS_method"
           : m == TLS_server_method() ? "TLS_server_method"
           : m == TLS_client_method() ? "TLS_client_method"
                                      : "other";
}

/* Calls first, then the method: one statement each, in order. */
static void after(const char *what, int r, SSL *s)
{
    printf("%s = %d: %s\n", what, r, name(SSL_get_ssl_method(s)));
}

int main(void)
{
    SSL_CTX *server = SSL_CTX_new(TLS_server_method()), *client = SSL_CTX_new(TLS_client_method());
    SSL *s = SSL_new(server), *t = SSL_new(server);
    BIO_ADDR *addr = BIO_ADDR_new();

    SSL_set_SSL_CTX(s, client);
    SSL_set_SSL_CTX(t, client);
    printf("switched: %s\n", name(SSL_get_ssl_method(s)));
    /* copy_session_id then takes t's method: make it differ from the context's */
    SSL_set_ssl_method(s, TLS_method());
    after("SSL_clear", SSL_clear(s), s);
    SSL_set_ssl_method(s, TLS_method());
    after("SSL_set_session NULL", SSL_set_session(s, NULL), s);
    SSL_set_ssl_method(s, TLS_method());
    SSL_set_ssl_method(t, TLS_client_method());
    after("SSL_copy_session_id", SSL_copy_session_id(s, t), s);
    SSL_set_ssl_method(s, TLS_method());
    after("SSL_stateless", SSL_stateless(s), s);
    ERR_clear_error();
    SSL_set_ssl_method(s, TLS_method());
    after("DTLSv1_listen", DTLSv1_listen(s, addr), s);
    ERR_clear_error();
    SSL_set_SSL_CTX(s, NULL);
    SSL_set_ssl_method(s, TLS_method());
    after("back home, SSL_clear", SSL_clear(s), s);
    BIO_ADDR_free(addr);
    SSL_free(s);
    SSL_free(t);
    SSL_CTX_free(server);
    SSL_CTX_free(client);
    return 0;
}
