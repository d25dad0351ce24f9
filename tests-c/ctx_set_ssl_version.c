/*
 * ctx_set_ssl_version.c - SSL_CTX_set_ssl_version rebuilds the context's
 * cipher list from the default rule string (a list set before is lost; the
 * TLS 1.3 suites stay), and fails (0) when that list would be empty.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static void show(const char *label, SSL_CTX *ctx)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(ctx);
    int i, n = sk_SSL_CIPHER_num(sk);

    printf("%s: %d ciphers:", label, n);
    for (i = 0; i < n && i < 8; i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
    print_errors(label);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;

    show("new", ctx);
    printf("set list=%d\n", SSL_CTX_set_cipher_list(ctx, "AES128-SHA:AES256-SHA"));
    printf("set suites=%d\n", SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256"));
    show("custom", ctx);
    printf("set version TLSv1_2=%d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_2_method()));
    show("after set_ssl_version", ctx);
    ssl = SSL_new(ctx);
    printf("ssl ciphers=%d version=%s\n", sk_SSL_CIPHER_num(SSL_get_ciphers(ssl)), SSL_get_version(ssl));
    printf("ssl set method TLS=%d version=%s\n", SSL_set_ssl_method(ssl, TLS_method()), SSL_get_version(ssl));
    SSL_free(ssl);
    printf("set list=%d\n", SSL_CTX_set_cipher_list(ctx, "AES128-SHA"));
    show("list after set_ssl_version", ctx);
    printf("seclevel 5\n");
    SSL_CTX_set_security_level(ctx, 5);
    printf("set version TLS=%d\n", SSL_CTX_set_ssl_version(ctx, TLS_method()));
    show("at level 5", ctx);
    SSL_CTX_free(ctx);
    return 0;
}
