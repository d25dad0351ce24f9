/*
 * callbacks_custom_ext.c - custom extensions registered on a context that never
 * handshakes: SSL_CTX_add_client_custom_ext, SSL_CTX_add_server_custom_ext and
 * SSL_CTX_add_custom_ext refuse extensions libssl handles itself (except the
 * SCT extension), types above 0xffff, duplicates (per role; "both" clashes with
 * either), and a free callback without an add callback;
 * SSL_CTX_has_client_custom_ext; SSL_extension_supported over every type.
 * No callback is ever called; nothing is queued.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static int called;

static int old_add(SSL *s, unsigned int t, const unsigned char **out, size_t *outlen, int *al,
                   void *arg)
{
    (void)s; (void)t; (void)out; (void)outlen; (void)al; (void)arg;
    called++;
    return 1;
}
static void old_free(SSL *s, unsigned int t, const unsigned char *out, void *arg)
{
    (void)s; (void)t; (void)out; (void)arg;
    called++;
}
static int old_parse(SSL *s, unsigned int t, const unsigned char *in, size_t inlen, int *al,
                     void *arg)
{
    (void)s; (void)t; (void)in; (void)inlen; (void)al; (void)arg;
    called++;
    return 1;
}
static int new_add(SSL *s, unsigned int t, unsigned int ctx, const unsigned char **out,
                   size_t *outlen, X509 *x, size_t chainidx, int *al, void *arg)
{
    (void)s; (void)t; (void)ctx; (void)out; (void)outlen; (void)x; (void)chainidx; (void)al;
    (void)arg;
    called++;
    return 1;
}
static void new_free(SSL *s, unsigned int t, unsigned int ctx, const unsigned char *out,
                     void *arg)
{
    (void)s; (void)t; (void)ctx; (void)out; (void)arg;
    called++;
}
static int new_parse(SSL *s, unsigned int t, unsigned int ctx, const unsigned char *in,
                     size_t inlen, X509 *x, size_t chainidx, int *al, void *arg)
{
    (void)s; (void)t; (void)ctx; (void)in; (void)inlen; (void)x; (void)chainidx; (void)al;
    (void)arg;
    called++;
    return 1;
}

static void has(SSL_CTX *ctx, const char *what)
{
    unsigned int types[] = {18, 1000, 1001, 1002, 1003, 1004, 1005, 2000, 65535};
    size_t i;

    printf("  has_client_custom_ext after %s:", what);
    for (i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        printf(" %u=%d", types[i], SSL_CTX_has_client_custom_ext(ctx, types[i]));
    printf("\n");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *ctx2;
    SSL *ssl;
    unsigned int t;
    int n = 0;
    unsigned int ctxs = SSL_EXT_CLIENT_HELLO | SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS;

    printf("SSL_extension_supported:");
    for (t = 0; t <= 0x10001; t++)
        if (SSL_extension_supported(t)) {
            printf(" %u", t);
            n++;
        }
    printf(" (%d)\n", n);

    printf("client 1000 = %d\n", SSL_CTX_add_client_custom_ext(ctx, 1000, old_add, old_free, NULL, old_parse, NULL));
    printf("client 1000 again = %d\n", SSL_CTX_add_client_custom_ext(ctx, 1000, old_add, NULL, NULL, NULL, NULL));
    printf("server 1000 = %d\n", SSL_CTX_add_server_custom_ext(ctx, 1000, NULL, NULL, NULL, old_parse, NULL));
    printf("server 1000 again = %d\n", SSL_CTX_add_server_custom_ext(ctx, 1000, old_add, NULL, NULL, NULL, NULL));
    printf("both 1000 = %d\n", SSL_CTX_add_custom_ext(ctx, 1000, ctxs, new_add, new_free, NULL, new_parse, NULL));
    printf("both 1001 = %d\n", SSL_CTX_add_custom_ext(ctx, 1001, ctxs, new_add, new_free, NULL, new_parse, NULL));
    printf("client 1001 = %d\n", SSL_CTX_add_client_custom_ext(ctx, 1001, old_add, NULL, NULL, NULL, NULL));
    printf("server 1001 = %d\n", SSL_CTX_add_server_custom_ext(ctx, 1001, old_add, NULL, NULL, NULL, NULL));
    printf("server 1002 = %d\n", SSL_CTX_add_server_custom_ext(ctx, 1002, old_add, NULL, NULL, NULL, NULL));
    printf("both 1002 = %d\n", SSL_CTX_add_custom_ext(ctx, 1002, ctxs, NULL, NULL, NULL, NULL, NULL));
    printf("client 1003 free without add = %d\n", SSL_CTX_add_client_custom_ext(ctx, 1003, NULL, old_free, NULL, NULL, NULL));
    printf("both 1004 free without add = %d\n", SSL_CTX_add_custom_ext(ctx, 1004, ctxs, NULL, new_free, NULL, NULL, NULL));
    printf("both 1005 context 0 = %d\n", SSL_CTX_add_custom_ext(ctx, 1005, 0, NULL, NULL, NULL, NULL, NULL));
    printf("both 2000 all contexts = %d\n", SSL_CTX_add_custom_ext(ctx, 2000, 0xffffffffu, new_add, NULL, NULL, NULL, NULL));
    has(ctx, "these");
    printf("client 16 (ALPN) = %d\n", SSL_CTX_add_client_custom_ext(ctx, 16, old_add, NULL, NULL, NULL, NULL));
    printf("server 0 (SNI) = %d\n", SSL_CTX_add_server_custom_ext(ctx, 0, old_add, NULL, NULL, NULL, NULL));
    printf("both 51 (key_share) = %d\n", SSL_CTX_add_custom_ext(ctx, 51, ctxs, new_add, NULL, NULL, NULL, NULL));
    printf("client 18 (SCT) = %d\n", SSL_CTX_add_client_custom_ext(ctx, 18, old_add, NULL, NULL, NULL, NULL));
    printf("server 18 (SCT) = %d\n", SSL_CTX_add_server_custom_ext(ctx, 18, old_add, NULL, NULL, NULL, NULL));
    printf("both 18 (SCT) = %d\n", SSL_CTX_add_custom_ext(ctx, 18, ctxs, new_add, NULL, NULL, NULL, NULL));
    printf("client 65535 = %d\n", SSL_CTX_add_client_custom_ext(ctx, 65535, old_add, NULL, NULL, NULL, NULL));
    printf("client 65536 = %d\n", SSL_CTX_add_client_custom_ext(ctx, 65536, old_add, NULL, NULL, NULL, NULL));
    printf("both 70000 = %d\n", SSL_CTX_add_custom_ext(ctx, 70000, ctxs, NULL, NULL, NULL, NULL, NULL));
    has(ctx, "all");
    ctx2 = SSL_CTX_new(TLS_method());
    printf("fresh context: both 18 (SCT) = %d\n", SSL_CTX_add_custom_ext(ctx2, 18, ctxs, new_add, NULL, NULL, NULL, NULL));
    printf("then client 18 = %d\n", SSL_CTX_add_client_custom_ext(ctx2, 18, old_add, NULL, NULL, NULL, NULL));
    printf("both 12 (SRP) = %d\n", SSL_CTX_add_custom_ext(ctx2, 12, ctxs, new_add, NULL, NULL, NULL, NULL));
    printf("both 1004 add without free = %d\n", SSL_CTX_add_custom_ext(ctx2, 1004, ctxs, new_add, NULL, NULL, NULL, NULL));
    has(ctx2, "fresh");
    SSL_CTX_free(ctx2);
    printf("errors: %lu\n", ERR_peek_error());
    ssl = SSL_new(ctx);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("callbacks called: %d\n", called);
    return 0;
}
