/*
 * cipher_lists_cert_flags.c - Suite B mode is one setting with the
 * certificate flags (SSL_CERT_FLAG_SUITEB_*): flags set by
 * SSL_CTX_set_cert_flags / SSL_set_cert_flags make the next cipher list
 * Suite B's (whatever the rule string says), a SUITEB rule string shows in
 * the flags, and clearing the flags ends the mode.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static void show(const char *label, STACK_OF(SSL_CIPHER) *sk)
{
    int i, n = sk == NULL ? -1 : sk_SSL_CIPHER_num(sk);

    printf("  %s: %d ciphers:", label, n);
    for (i = 0; i < n && i < 8; i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
}

static void supported(SSL *ssl)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(ssl);

    show("supported", sk);
    sk_SSL_CIPHER_free(sk);
    print_errors("supported");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;

    printf("ctx set flags 0x30000 = 0x%lx\n", (unsigned long)SSL_CTX_set_cert_flags(ctx, SSL_CERT_FLAG_SUITEB_128_LOS));
    printf("ctx list \"@SECLEVEL=3\" = %d\n", SSL_CTX_set_cipher_list(ctx, "@SECLEVEL=3"));
    print_errors("list");
    show("ctx", SSL_CTX_get_ciphers(ctx));
    ssl = SSL_new(ctx);
    supported(ssl);
    SSL_free(ssl);
    printf("ctx clear flags = 0x%lx\n", (unsigned long)SSL_CTX_clear_cert_flags(ctx, SSL_CERT_FLAG_SUITEB_128_LOS));
    printf("ctx list \"AES128-SHA\" = %d\n", SSL_CTX_set_cipher_list(ctx, "AES128-SHA"));
    print_errors("list");
    show("ctx", SSL_CTX_get_ciphers(ctx));
    printf("ctx list \"SUITEB192\" = %d\n", SSL_CTX_set_cipher_list(ctx, "SUITEB192"));
    print_errors("list");
    printf("ctx flags = 0x%lx\n", (unsigned long)SSL_CTX_set_cert_flags(ctx, 0));
    printf("ctx set flags 0x10000 = 0x%lx\n", (unsigned long)SSL_CTX_set_cert_flags(ctx, SSL_CERT_FLAG_SUITEB_128_LOS_ONLY));
    printf("ctx list \"ALL\" = %d\n", SSL_CTX_set_cipher_list(ctx, "ALL"));
    show("ctx", SSL_CTX_get_ciphers(ctx));
    printf("ctx clear flags = 0x%lx\n", (unsigned long)SSL_CTX_clear_cert_flags(ctx, 0x30000));

    ssl = SSL_new(ctx);
    supported(ssl);
    printf("ssl set flags 0x30000 = 0x%lx\n", (unsigned long)SSL_set_cert_flags(ssl, SSL_CERT_FLAG_SUITEB_128_LOS));
    supported(ssl);
    printf("ssl list \"ALL\" = %d\n", SSL_set_cipher_list(ssl, "ALL"));
    show("ssl", SSL_get_ciphers(ssl));
    printf("ssl clear flags = 0x%lx\n", (unsigned long)SSL_clear_cert_flags(ssl, 0x20000));
    printf("ssl list \"ALL\" = %d\n", SSL_set_cipher_list(ssl, "ALL"));
    show("ssl", SSL_get_ciphers(ssl));
    printf("ssl list \"SUITEB128\" = %d\n", SSL_set_cipher_list(ssl, "SUITEB128"));
    printf("ssl flags = 0x%lx\n", (unsigned long)SSL_set_cert_flags(ssl, 0));
    printf("ctx flags = 0x%lx\n", (unsigned long)SSL_CTX_set_cert_flags(ctx, 0));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
