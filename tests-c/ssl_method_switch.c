/*
 * ssl_method_switch.c - what a change of method does to a connection, as in
 * OpenSSL: SSL_set_session and SSL_copy_session_id go back to the context's
 * method through SSL_set_ssl_method, which re-initialises the version, and
 * SSL_copy_session_id then takes the other connection's method (and its
 * version); SSL_set_ssl_method remaps the handshake function (the one
 * SSL_set_connect_state chose for the old method becomes the new method's).
 * sessl kept the old version and handshake function (found by the sequence
 * tester, tests-c/difffuzz). Twice-built.
 */
/* the version-specific methods are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static const char *name(const SSL_METHOD *m)
{
    return m == TLS_method()            ? "TLS_method"
           : m == TLSv1_2_method()      ? "TLSv1_2_method"
           : m == TLS_server_method()   ? "TLS_server_method"
           : m == TLS_client_method()   ? "TLS_client_method"
           : m == DTLS_method()         ? "DTLS_method"
           : m == DTLSv1_method()       ? "DTLSv1_method"
                                        : "other";
}

static void show(const char *what, SSL *s)
{
    printf("%s: %s version 0x%x\n", what, name(SSL_get_ssl_method(s)), (unsigned)SSL_version(s));
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
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx), *t = SSL_new(ctx), *u = SSL_new(ctx);

    show("new", s);
    printf("SSL_CTX_set_ssl_version TLSv1_2_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_2_method()));
    show("context changed", s);
    printf("SSL_set_session NULL = %d\n", SSL_set_session(s, NULL));
    show("after SSL_set_session", s);
    printf("SSL_set_ssl_method DTLSv1_method = %d\n", SSL_set_ssl_method(s, DTLSv1_method()));
    show("after SSL_set_ssl_method", s);
    printf("SSL_clear = %d\n", SSL_clear(s));
    show("after SSL_clear", s);
    printf("SSL_set_ssl_method TLS_server_method = %d\n", SSL_set_ssl_method(s, TLS_server_method()));
    printf("SSL_set_ssl_method DTLS_method = %d\n", SSL_set_ssl_method(t, DTLS_method()));
    printf("SSL_copy_session_id = %d\n", SSL_copy_session_id(s, t));
    show("after SSL_copy_session_id", s);

    /* The handshake function: connecting with TLS_method, then a server-only
     * method, whose connect function is OpenSSL's ssl_undefined_function. */
    SSL_set_connect_state(u);
    printf("SSL_set_ssl_method TLS_server_method = %d\n", SSL_set_ssl_method(u, TLS_server_method()));
    printf("SSL_do_handshake = %d\n", SSL_do_handshake(u));
    errs("SSL_do_handshake");
    printf("SSL_connect = %d\n", SSL_connect(u));
    errs("SSL_connect");
    SSL_free(s);
    SSL_free(t);
    SSL_free(u);
    SSL_CTX_free(ctx);
    return 0;
}
