/* expect: abort "SSL_CTX_add_session: SSL_SESSION 0x" "is already cached by another SSL_CTX" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_CTX *a = SSL_CTX_new(TLS_method()), *b = SSL_CTX_new(TLS_method());
    SSL_SESSION *s = SSL_SESSION_new();

    SSL_SESSION_set1_id(s, (const unsigned char *)"id", 2);
    SSL_CTX_add_session(a, s);
    if (correct) {
        SSL_SESSION *copy = SSL_SESSION_dup(s);
        SSL_CTX_add_session(b, copy); /* a copy may go to another cache */
        SSL_SESSION_free(copy);
        SSL_SESSION_free(s);
        SSL_CTX_free(a);
        SSL_CTX_free(b);
    } else {
        SSL_CTX_add_session(b, s); /* a second cache */
    }
    return 0;
}
