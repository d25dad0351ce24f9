/*
 * cipher_lists_set_ssl_version.c - SSL_CTX_set_ssl_version resets the
 * context's cipher list and TLS 1.3 suites to the defaults, as OpenSSL's
 * does (the connections made before it, without lists of their own, follow
 * their context); sessl kept the lists (found by the sequence tester,
 * tests-c/difffuzz). Twice-built.
 */
/* the version-specific methods are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void show(const char *what, STACK_OF(SSL_CIPHER) *sk)
{
    int n = sk ? sk_SSL_CIPHER_num(sk) : -1;
    printf("%s: %d ciphers, first %s, last %s\n", what, n, n > 0 ? SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)) : "-",
           n > 0 ? SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, n - 1)) : "-");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl, *own;

    printf("set_cipher_list = %d\n", SSL_CTX_set_cipher_list(ctx, "AES128-SHA:AES256-SHA:@SECLEVEL=1"));
    printf("set_ciphersuites = %d\n", SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256"));
    ssl = SSL_new(ctx);
    own = SSL_new(ctx);
    SSL_set_cipher_list(own, "AES256-SHA");
    show("ctx before", SSL_CTX_get_ciphers(ctx));
    show("ssl before", SSL_get_ciphers(ssl));
    printf("SSL_CTX_set_ssl_version TLSv1_2_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_2_method()));
    show("ctx after", SSL_CTX_get_ciphers(ctx));
    show("ssl after", SSL_get_ciphers(ssl));
    show("ssl with its own list after", SSL_get_ciphers(own));
    printf("security level %d\n", SSL_CTX_get_security_level(ctx));
    printf("SSL_CTX_set_ssl_version TLS_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLS_method()));
    show("ctx back", SSL_CTX_get_ciphers(ctx));
    ERR_print_errors_fp(stdout);
    SSL_free(ssl);
    SSL_free(own);
    SSL_CTX_free(ctx);
    return 0;
}
