/*
 * Calls a libssl function sessl does not implement (SSL_connect). Built
 * against the system OpenSSL and run on sessl, it must fail loudly (the dynamic
 * linker's "undefined symbol") instead of mixing the two libraries.
 */
#include <stdio.h>
#include <openssl/ssl.h>

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl = SSL_new(ctx);

    printf("created objects\n");
    fflush(stdout);
    printf("SSL_connect = %d\n", SSL_connect(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
