/*
 * exdata_ssl.c - SSL and SSL_CTX ex_data through libcrypto: indices from
 * SSL_get_ex_new_index / SSL_CTX_get_ex_new_index with new/free callbacks, when
 * each runs (SSL_new, SSL_CTX_new, the last SSL_free / SSL_CTX_free, not
 * up_ref/free pairs), objects made before an index existed, set/get, the
 * app_data macros, and the order of the final frees relative to the rest of the
 * teardown: the connection's ex_data before its session is released, the
 * context's after its cache's remove callbacks and session releases.
 *
 * Callbacks print idx, argl, argp and which object they got; pointers are
 * compared, never printed.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/crypto.h>

static int v[8];
static SSL_CTX *cur_ctx;
static SSL *cur_ssl;
static SSL_SESSION *cur_sess;

static const char *val(const void *p)
{
    static char buf[4][8];
    static int slot;
    int i;

    if (p == NULL)
        return "NULL";
    for (i = 0; i < 8; i++) {
        if (p == (const void *)&v[i]) {
            slot = (slot + 1) % 4;
            sprintf(buf[slot], "v%d", i);
            return buf[slot];
        }
    }
    return "other";
}

static const char *who(const void *parent)
{
    if (parent == NULL)
        return "NULL";
    if (parent == (const void *)cur_ctx)
        return "ctx";
    if (parent == (const void *)cur_ssl)
        return "ssl";
    if (parent == (const void *)cur_sess)
        return "session";
    return "other";
}

static void *new_parent;

/* The object is not returned yet when its new callbacks run: the parent is
 * recorded and compared with what SSL_new / SSL_CTX_new return. */
static void on_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ad;
    new_parent = parent;
    printf("  new   idx=%d argl=%ld argp=%s ptr=%s\n", idx, argl, val(argp), val(ptr));
}

static void check_new_parent(const void *obj)
{
    printf("  new callbacks' parent is the new object: %s\n",
           new_parent == NULL ? "no callback" : new_parent == obj ? "yes" : "NO");
    new_parent = NULL;
}

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ad;
    printf("  free  idx=%d argl=%ld argp=%s parent=%s ptr=%s\n", idx, argl, val(argp),
           who(parent), val(ptr));
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    printf("  remove cb: ctx=%s session=%s ctx ex_data[1]=%s\n", who(ctx), who(s),
           val(SSL_CTX_get_ex_data(ctx, 1)));
}

int main(void)
{
    setvbuf(stdout, NULL, _IONBF, 0);
    int ci, si, ci2, si2, xi;
    SSL_CTX *ctx;
    SSL *ssl;
    SSL_SESSION *sess;
    unsigned char sid[4] = {1, 2, 3, 4};

    printf("ctx made before any index:\n");
    ctx = SSL_CTX_new(TLS_method());
    cur_ctx = ctx;
    printf("get_ex_data(ctx, 0) = %s\n", val(SSL_CTX_get_ex_data(ctx, 0)));
    printf("set_ex_data(ctx, 0, v0) = %d\n", SSL_CTX_set_ex_data(ctx, 0, &v[0]));
    printf("get_ex_data(ctx, 0) = %s\n", val(SSL_CTX_get_ex_data(ctx, 0)));
    ssl = SSL_new(ctx);
    cur_ssl = ssl;
    printf("SSL_get_ex_data(ssl, 0) = %s\n", val(SSL_get_ex_data(ssl, 0)));
    printf("SSL_set_app_data(ssl, v1) = %d\n", SSL_set_app_data(ssl, &v[1]));
    printf("SSL_get_app_data(ssl) = %s\n", val(SSL_get_app_data(ssl)));
    printf("SSL_CTX_get_app_data(ctx) = %s\n", val(SSL_CTX_get_app_data(ctx)));
    printf("SSL_CTX_set_app_data(ctx, v2) = %d\n", SSL_CTX_set_app_data(ctx, &v[2]));
    printf("SSL_CTX_get_app_data(ctx) = %s\n", val(SSL_CTX_get_app_data(ctx)));
    printf("get_ex_data(ssl, 5) = %s\n", val(SSL_get_ex_data(ssl, 5)));
    printf("get_ex_data(ssl, -1) = %s\n", val(SSL_get_ex_data(ssl, -1)));

    ci = SSL_CTX_get_ex_new_index(11, &v[3], on_new, NULL, on_free);
    si = SSL_get_ex_new_index(22, &v[4], on_new, NULL, on_free);
    ci2 = SSL_CTX_get_ex_new_index(33, NULL, NULL, NULL, on_free);
    si2 = SSL_get_ex_new_index(44, NULL, on_new, NULL, NULL);
    xi = SSL_SESSION_get_ex_new_index(55, NULL, NULL, NULL, on_free);
    printf("indices: ctx %d %d, ssl %d %d, session %d\n", ci, ci2, si, si2, xi);
    printf("set on old ctx idx %d = %d\n", ci, SSL_CTX_set_ex_data(ctx, ci, &v[5]));
    printf("get = %s\n", val(SSL_CTX_get_ex_data(ctx, ci)));
    printf("set on old ssl idx %d = %d\n", si, SSL_set_ex_data(ssl, si, &v[6]));
    printf("get = %s\n", val(SSL_get_ex_data(ssl, si)));
    printf("free old ssl:\n");
    cur_ssl = ssl;
    SSL_free(ssl);
    cur_ssl = NULL;
    printf("free old ctx:\n");
    SSL_CTX_free(ctx);
    cur_ctx = NULL;

    printf("SSL_CTX_new:\n");
    ctx = SSL_CTX_new(TLS_method());
    check_new_parent(ctx);
    cur_ctx = ctx;
    printf("SSL_new:\n");
    ssl = SSL_new(ctx);
    check_new_parent(ssl);
    cur_ssl = ssl;
    printf("up_ref/free pairs:\n");
    SSL_up_ref(ssl);
    SSL_free(ssl);
    SSL_CTX_up_ref(ctx);
    SSL_CTX_free(ctx);
    SSL_CTX_set_ex_data(ctx, ci, &v[1]);
    SSL_set_ex_data(ssl, si, &v[2]);
    printf("get: ctx %s, ssl %s\n", val(SSL_CTX_get_ex_data(ctx, ci)),
           val(SSL_get_ex_data(ssl, si)));

    /* a cached session also held by the connection */
    sess = SSL_SESSION_new();
    cur_sess = sess;
    SSL_SESSION_set1_id(sess, sid, sizeof(sid));
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    printf("SSL_CTX_add_session = %d\n", SSL_CTX_add_session(ctx, sess));
    printf("SSL_set_session = %d\n", SSL_set_session(ssl, sess));
    SSL_SESSION_free(sess);

    printf("SSL_CTX_free (connection still holds it):\n");
    SSL_CTX_free(ctx);
    printf("SSL_free (last):\n");
    SSL_free(ssl);
    cur_ssl = NULL;
    printf("done\n");

    printf("ctx with session only in cache, final free:\n");
    ctx = SSL_CTX_new(TLS_method());
    check_new_parent(ctx);
    cur_ctx = ctx;
    SSL_CTX_set_ex_data(ctx, 1, &v[7]);
    sess = SSL_SESSION_new();
    cur_sess = sess;
    SSL_SESSION_set1_id(sess, sid, sizeof(sid));
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    SSL_CTX_add_session(ctx, sess);
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx);
    printf("errors: %lu\n", ERR_peek_error());
    return 0;
}
