/* expect: abort "SSL_CTX_add_session: SSL_SESSION 0x" "is already cached by another SSL_CTX" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_CTX *a = SSL_CTX_new(TLS_method()), *b = SSL_CTX_new(TLS_method());
    SSL_SESSION *s = SSL_SESSION_new();

    SSL_SESSION_set1_id(s, (const unsigned char *)"id", 2);
    SSL_CTX_add_session(a, s);
    SSL_CTX_add_session(b, s); /* a second cache */
    return 0;
}
