/* expect: abort "SSL_CTX_free: SSL_CTX 0x" "freed one time too many" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);

    SSL_free(ssl);
    SSL_CTX_free(ctx);
    if (!correct)
        SSL_CTX_free(ctx); /* one time too many */
    return 0;
}
