/* expect: abort "SSL_CTX_free: SSL_CTX 0x" "freed one time too many" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);

    SSL_free(ssl);
    SSL_CTX_free(ctx);
    SSL_CTX_free(ctx); /* one time too many */
    return 0;
}
