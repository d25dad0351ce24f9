/* expect: abort "SSL_SESSION_get_time: SSL_SESSION 0x" "used after its last reference was released" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new();
    SSL_SESSION *peeked;

    SSL_set_session(ssl, s);
    SSL_SESSION_free(s);
    peeked = SSL_get0_session(ssl); /* no reference taken */
    if (correct)
        (void)SSL_SESSION_get_time(peeked); /* still held by the SSL */
    SSL_set_session(ssl, NULL);     /* the last reference goes */
    if (!correct)
        (void)SSL_SESSION_get_time(peeked);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
