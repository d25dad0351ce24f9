/* expect: clean */
#include <string.h>
#include <openssl/ssl.h>

static void on_remove(SSL_CTX *ctx, SSL_SESSION *s)
{
    (void)ctx;
    (void)SSL_SESSION_get_time(s); /* a session in its remove callback is live */
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *other = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx), *ssl2 = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new(), *got, *copy, *decoded;
    unsigned char *der = NULL;
    const unsigned char *p;
    int n, i;

    SSL_CTX_sess_set_remove_cb(ctx, on_remove);
    SSL_SESSION_set1_id(s, (const unsigned char *)"0123456789", 10);
    SSL_SESSION_set_cipher(s, SSL_CIPHER_find(ssl, (const unsigned char *)"\xc0\x2f"));
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    SSL_set_session(ssl, s);
    SSL_copy_session_id(ssl2, ssl);
    for (i = 0; i < 1000; i++) {
        got = SSL_get1_session(ssl);
        SSL_SESSION_free(got);
    }
    SSL_CTX_add_session(ctx, s);
    copy = SSL_SESSION_dup(s);
    SSL_CTX_add_session(other, copy); /* a dup may go to another cache */
    n = i2d_SSL_SESSION(s, &der);
    p = der;
    decoded = d2i_SSL_SESSION(NULL, &p, n);
    OPENSSL_free(der);
    SSL_CTX_remove_session(ctx, s);
    SSL_SESSION_free(decoded);
    SSL_SESSION_free(copy);
    SSL_SESSION_free(s);
    SSL_free(ssl);
    SSL_free(ssl2);
    SSL_CTX_free(other);
    SSL_CTX_free(ctx);
    return memcmp("ok", "ok", 2);
}
