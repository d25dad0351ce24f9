/* expect: abort "SSL_SESSION_up_ref: 0x" "is not a live sessl object (expected an SSL_SESSION)" */
#include <openssl/ssl.h>

int main(int argc, char **argv)
{
    /* with an argument: the same program with the misuse corrected */
    int correct = argc > 1;

    (void)argv;

    static long not_a_session[64];

    if (correct) {
        SSL_SESSION *s = SSL_SESSION_new();
        SSL_SESSION_up_ref(s);
        SSL_SESSION_free(s);
        SSL_SESSION_free(s);
    } else {
        SSL_SESSION_up_ref((SSL_SESSION *)not_a_session);
    }
    return 0;
}
