/* expect: abort "SSL_SESSION_get_time: SSL_SESSION 0x" "used after its last reference was released" */
#include <openssl/ssl.h>

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new();
    SSL_SESSION *peeked;

    SSL_set_session(ssl, s);
    SSL_SESSION_free(s);
    peeked = SSL_get0_session(ssl); /* no reference taken */
    SSL_set_session(ssl, NULL);     /* the last reference goes */
    (void)SSL_SESSION_get_time(peeked);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
