/*
 * cipher_descriptions.c - prints SSL_CIPHER_description of each suite of
 * SSL_get_ciphers for the rule string argv[1] (on a TLS_server_method SSL, as
 * `openssl ciphers -v STRING` does), so that tests-c/run.sh can compare sessl's
 * lists with the text of the system's `openssl ciphers -v`.
 */
#include <stdio.h>
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl;
    STACK_OF(SSL_CIPHER) *sk;
    char buf[128];
    int i;

    if (ctx == NULL || (argc > 1 && !SSL_CTX_set_cipher_list(ctx, argv[1])))
        return 1;
    ssl = SSL_new(ctx);
    sk = SSL_get_ciphers(ssl);
    for (i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        fputs(SSL_CIPHER_description(sk_SSL_CIPHER_value(sk, i), buf, sizeof(buf)), stdout);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
