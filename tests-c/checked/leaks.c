/* expect: exit 0 "at exit, still alive (leaked): 1 SSL, 1 SSL_CTX, 2 SSL_SESSION" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *kept = SSL_SESSION_new(), *dup = SSL_SESSION_dup(kept), *freed = SSL_SESSION_new();

    SSL_SESSION_free(freed);
    if (correct) {
        SSL_free(ssl);
        SSL_SESSION_free(dup);
        SSL_SESSION_free(kept);
    }
    SSL_CTX_free(ctx); /* without the fix, the SSL still holds the context */
    return 0;
}
