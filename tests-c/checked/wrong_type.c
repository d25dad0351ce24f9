/* expect: abort "SSL_free: 0x" "is a live SSL_SESSION, not an SSL" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_SESSION *s = SSL_SESSION_new();

    if (correct)
        SSL_SESSION_free(s);
    else
        SSL_free((SSL *)s);
    return 0;
}
