/* expect: abort "SSL_free: 0x" "is a live SSL_SESSION, not an SSL" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_SESSION *s = SSL_SESSION_new();

    SSL_free((SSL *)s);
    return 0;
}
