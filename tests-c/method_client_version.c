/*
 * method_client_version.c - SSL_client_version follows OpenSSL's SSL_clear:
 * it is the version of the method the connection had when SSL_clear ran
 * (before SSL_clear goes back to the context's method), not the context's.
 * SSL_set_ssl_method itself leaves it alone.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>

static void show(const char *label, SSL *ssl)
{
    printf("%s: client_version 0x%x version 0x%x (%s)\n", label, (unsigned)SSL_client_version(ssl),
           (unsigned)SSL_version(ssl), SSL_get_version(ssl));
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);

    show("new", ssl);
    SSL_set_ssl_method(ssl, TLSv1_method());
    show("set TLSv1_method", ssl);
    SSL_clear(ssl);
    show("clear", ssl);
    SSL_clear(ssl);
    show("clear again", ssl);
    SSL_set_ssl_method(ssl, DTLSv1_2_method());
    SSL_clear(ssl);
    show("DTLSv1_2_method, clear", ssl);
    SSL_free(ssl);
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(DTLS_method());
    ssl = SSL_new(ctx);
    show("DTLS new", ssl);
    SSL_set_ssl_method(ssl, TLSv1_2_method());
    SSL_clear(ssl);
    show("TLSv1_2_method, clear", ssl);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
