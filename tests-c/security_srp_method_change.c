/*
 * security_srp_method_change.c - OpenSSL sets up a connection's SRP state
 * (SSL_SRP_CTX_init: from its context) again whenever its method state is
 * made anew: SSL_set_ssl_method to a method of another version, SSL_clear
 * going back to the context's method, SSL_set_session doing so. SRP set up
 * on the context after SSL_new then shows in SSL_get1_supported_ciphers.
 * SSL_copy_session_id shares the source's CERT but not its SRP state.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static void supported(const char *label, SSL *ssl)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(ssl);

    printf("%s: %d supported\n", label, sk == NULL ? -1 : sk_SSL_CIPHER_num(sk));
    sk_SSL_CIPHER_free(sk);
    print_errors(label);
}

static SSL *fresh(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);

    SSL_set_ssl_method(ssl, TLSv1_2_method());
    return ssl;
}

int main(void)
{
    static int arg;
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *ctx2;
    SSL *a = fresh(ctx), *b = fresh(ctx), *c = fresh(ctx), *d = fresh(ctx);
    SSL_SESSION *sess = SSL_SESSION_new();

    printf("set_srp_cb_arg = %d\n", SSL_CTX_set_srp_cb_arg(ctx, &arg));
    supported("before", a);
    printf("set_ssl_method TLSv1_2_server_method = %d\n", SSL_set_ssl_method(a, TLSv1_2_server_method()));
    supported("same version", a);
    printf("set_ssl_method TLS_method = %d\n", SSL_set_ssl_method(a, TLS_method()));
    supported("other version", a);
    printf("clear = %d\n", SSL_clear(b));
    supported("clear", b);
    printf("set_session = %d\n", SSL_set_session(c, sess));
    supported("set_session", c);
    supported("untouched", d);
    SSL_free(a);
    SSL_free(b);
    SSL_free(c);
    SSL_free(d);
    SSL_SESSION_free(sess);

    /* The source's context has SRP, the target's not. */
    ctx2 = SSL_CTX_new(TLS_method());
    a = SSL_new(ctx);
    b = SSL_new(ctx2);
    supported("copy target before", b);
    printf("copy_session_id = %d\n", SSL_copy_session_id(b, a));
    supported("copy target", b);
    supported("copy source", a);
    SSL_free(a);
    SSL_free(b);
    SSL_CTX_free(ctx2);
    SSL_CTX_free(ctx);
    return 0;
}
