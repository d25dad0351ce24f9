/* expect: abort "SSL_SESSION_free: SSL_SESSION 0x" "freed one time too many" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_SESSION *s = SSL_SESSION_new();

    SSL_SESSION_free(s);
    SSL_SESSION_free(s); /* one time too many */
    return 0;
}
