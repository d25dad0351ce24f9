/* expect: abort "SSL_free: SSL 0x" "freed one time too many" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);

    SSL_free(ssl);
    SSL_free(ssl); /* one time too many */
    SSL_CTX_free(ctx);
    return 0;
}
