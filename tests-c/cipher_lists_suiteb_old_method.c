/*
 * cipher_lists_suiteb_old_method.c - Suite B needs TLS 1.2's suites: on a
 * context whose method is TLS 1.0, TLS 1.1 or DTLS 1.0, a cipher list in
 * Suite B mode fails with SSL_R_AT_LEAST_TLS_1_2_NEEDED_IN_SUITEB_MODE (the
 * list is kept, the mode a SUITEB string names is taken), and so does
 * SSL_CTX_set_ssl_version's rebuild of the list (its method stays changed).
 * A connection's list asks its context's method, not its own.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static void show(const char *label, SSL_CTX *ctx)
{
    printf("  %s: %d ciphers, flags 0x%lx\n", label, sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(ctx)),
           (unsigned long)SSL_CTX_set_cert_flags(ctx, 0));
    print_errors(label);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;

    printf("list SUITEB128 = %d\n", SSL_CTX_set_cipher_list(ctx, "SUITEB128"));
    show("TLS_method", ctx);
    printf("set_ssl_version TLSv1_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_method()));
    printf("  method is TLSv1_method: %d\n", SSL_CTX_get_ssl_method(ctx) == TLSv1_method());
    show("set_ssl_version", ctx);
    printf("list ALL = %d\n", SSL_CTX_set_cipher_list(ctx, "ALL"));
    show("ALL", ctx);
    SSL_CTX_clear_cert_flags(ctx, SSL_CERT_FLAG_SUITEB_128_LOS);
    printf("list SUITEB192 = %d\n", SSL_CTX_set_cipher_list(ctx, "SUITEB192"));
    show("SUITEB192", ctx);
    ssl = SSL_new(ctx);
    SSL_set_ssl_method(ssl, TLS_method());
    printf("ssl (TLS_method) list SUITEB128 = %d\n", SSL_set_cipher_list(ssl, "SUITEB128"));
    print_errors("ssl");
    printf("  ssl: %d ciphers, flags 0x%lx\n", sk_SSL_CIPHER_num(SSL_get_ciphers(ssl)),
           (unsigned long)SSL_set_cert_flags(ssl, 0));
    SSL_free(ssl);
    SSL_CTX_clear_cert_flags(ctx, SSL_CERT_FLAG_SUITEB_128_LOS);
    printf("set_ssl_version DTLSv1_2_method = %d\n", SSL_CTX_set_ssl_version(ctx, DTLSv1_2_method()));
    printf("list SUITEB128 = %d\n", SSL_CTX_set_cipher_list(ctx, "SUITEB128"));
    show("DTLSv1_2_method", ctx);
    printf("set_ssl_version DTLSv1_method = %d\n", SSL_CTX_set_ssl_version(ctx, DTLSv1_method()));
    show("DTLSv1_method", ctx);
    printf("set_ssl_version TLSv1_1_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_1_method()));
    show("TLSv1_1_method", ctx);
    printf("set_ssl_version TLSv1_2_method = %d\n", SSL_CTX_set_ssl_version(ctx, TLSv1_2_method()));
    show("TLSv1_2_method", ctx);
    SSL_CTX_free(ctx);
    return 0;
}
