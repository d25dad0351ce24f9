/* expect: abort "SSL_SESSION_free: SSL_SESSION 0x" "freed one time too many" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    SSL_SESSION *s = SSL_SESSION_new();

    SSL_SESSION_free(s);
    if (!correct)
        SSL_SESSION_free(s); /* one time too many */
    return 0;
}
