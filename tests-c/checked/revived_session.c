/* expect: abort "SSL_CTX_add_session: SSL_SESSION 0x" "gained a reference after its last one was released" */
/*
 * An ex_data free callback that puts its dying session into a cache: the
 * count goes from 0 back to 1 and the session would be destroyed twice.
 * Corrected, the callback only reads the session.
 */
#include <openssl/ssl.h>

static SSL_CTX *ctx;
static int correct;

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    if (correct)
        (void)SSL_SESSION_get_time((SSL_SESSION *)parent);
    else
        SSL_CTX_add_session(ctx, (SSL_SESSION *)parent); /* revives it */
}

int main(int argc, char **argv)
{
    SSL_SESSION *s;

    (void)argv;
    correct = argc > 1;
    ctx = SSL_CTX_new(TLS_method());
    SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, on_free);
    s = SSL_SESSION_new();
    SSL_SESSION_set1_id(s, (const unsigned char *)"id", 2);
    SSL_SESSION_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
