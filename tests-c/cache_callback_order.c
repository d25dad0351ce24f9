/*
 * cache_callback_order.c - the order in which a cache's remove callbacks and
 * the releases of removed sessions happen, and what the callbacks observe:
 *   - SSL_CTX_flush_sessions and the final SSL_CTX_free: every remove
 *     callback first, then the sessions are freed (their ex_data free
 *     callbacks), in removal order; inside the callback for each session,
 *     SSL_CTX_sess_number no longer counts it nor those removed before it;
 *   - eviction: each evicted session is freed right after its callback;
 *   - the last SSL_free holding the last reference to its context: the
 *     connection's own session is freed before the context flushes its cache;
 *   - a remove callback of the final SSL_CTX_free that adds a session back
 *     (the same one, or a dup): the add returns 0, the free returns.
 *
 * Frees are shown by a session ex_data free callback ("free:X"), remove
 * callbacks as "rm:X(n=N)" with N = SSL_CTX_sess_number inside the callback.
 * Sessions are named by their ASCII ids; times are fixed values.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include "cache_util.h"

static void print_id(const char *what, const SSL_SESSION *s)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);

    printf(" %s:%.*s", what, (int)len, (const char *)id);
}

/* ex_data free callback: runs when a session's last reference goes. */
static void on_session_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx,
                            long argl, void *argp)
{
    (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    print_id("free", (const SSL_SESSION *)parent);
}

static void show_remove(SSL_CTX *ctx, SSL_SESSION *s)
{
    print_id("rm", s);
    printf("(n=%ld)", SSL_CTX_sess_number(ctx));
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    show_remove(ctx, s);
}

/* What readd_cb does with the session it is passed: add it back, or a dup. */
static int readd_dup;

static void readd_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    show_remove(ctx, s);
    if (readd_dup) {
        SSL_SESSION *d = SSL_SESSION_dup(s);

        FATAL_IF(d == NULL, "SSL_SESSION_dup");
        printf(" add-dup=%d", SSL_CTX_add_session(ctx, d));
        SSL_SESSION_free(d);
    } else {
        printf(" add-same=%d", SSL_CTX_add_session(ctx, s));
    }
    printf(" err=%lx", ERR_peek_error());
    ERR_clear_error();
}

static SSL_CTX *new_ctx(void (*cb)(SSL_CTX *, SSL_SESSION *))
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, cb);
    return ctx;
}

/* Adds a session the cache alone will hold. */
static void add_new(SSL_CTX *ctx, const char *id, long time, long timeout)
{
    SSL_SESSION *s = mk(id, time, timeout);

    FATAL_IF(SSL_CTX_add_session(ctx, s) != 1, "SSL_CTX_add_session");
    SSL_SESSION_free(s);
}

static void test_flush(void)
{
    SSL_CTX *ctx = new_ctx(remove_cb);

    printf("== flush: callbacks, then frees\n");
    add_new(ctx, "A", 1000, 10);
    add_new(ctx, "B", 1000, 11);
    add_new(ctx, "C", 1000, 12);
    add_new(ctx, "D", 1000, 13);
    add_new(ctx, "E", 1000, 100);
    printf("flush(1013):");
    SSL_CTX_flush_sessions(ctx, 1013);   /* A, B, C (D expires at 1013) */
    printf("\nnumber=%ld\n", SSL_CTX_sess_number(ctx));
    printf("flush(1012):");
    SSL_CTX_flush_sessions(ctx, 1012);   /* nothing */
    printf("\nSSL_CTX_free:");
    SSL_CTX_free(ctx);                   /* D, E */
    printf("\n");
}

static void test_held_by_app(void)
{
    SSL_CTX *ctx = new_ctx(remove_cb);
    SSL_SESSION *held = mk("H", 1000, 10);

    printf("== flush of sessions the application holds too\n");
    FATAL_IF(SSL_CTX_add_session(ctx, held) != 1, "add H");
    add_new(ctx, "I", 1000, 20);
    add_new(ctx, "J", 1000, 30);
    printf("flush(0):");
    SSL_CTX_flush_sessions(ctx, 0);
    printf("\nSSL_SESSION_free(H):");
    SSL_SESSION_free(held);
    printf("\nSSL_CTX_free:");
    SSL_CTX_free(ctx);
    printf("\n");
}

static void test_eviction(void)
{
    SSL_CTX *ctx = new_ctx(remove_cb);

    printf("== eviction: each freed after its callback\n");
    SSL_CTX_sess_set_cache_size(ctx, 3);
    add_new(ctx, "K", 1000, 10);
    add_new(ctx, "L", 1000, 20);
    printf("add M:");
    add_new(ctx, "M", 1000, 30);
    printf("\nsize 2, add N:");
    SSL_CTX_sess_set_cache_size(ctx, 2);
    add_new(ctx, "N", 1000, 40);
    printf("\nsize 1, add O:");
    SSL_CTX_sess_set_cache_size(ctx, 1);
    add_new(ctx, "O", 1000, 50);
    printf("\nSSL_CTX_free:");
    SSL_CTX_free(ctx);
    printf("\n");
}

static void test_ssl_free(void)
{
    SSL_CTX *ctx = new_ctx(remove_cb);
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *own = mk("Q", 1000, 10);

    printf("== last SSL_free holding the last context reference\n");
    FATAL_IF(ssl == NULL, "SSL_new");
    add_new(ctx, "P", 1000, 10);
    FATAL_IF(SSL_set_session(ssl, own) != 1, "SSL_set_session");
    SSL_SESSION_free(own);
    SSL_CTX_free(ctx);                   /* the SSL keeps it */
    printf("SSL_free:");
    SSL_free(ssl);
    printf("\n");
}

static void test_readd_in_final_free(int dup)
{
    SSL_CTX *ctx = new_ctx(readd_cb);

    printf("== a remove callback of the final SSL_CTX_free adds %s back\n",
           dup ? "a dup of its session" : "its session");
    readd_dup = dup;
    add_new(ctx, "R", 1000, 10);
    add_new(ctx, "S", 1000, 20);
    printf("SSL_CTX_free:");
    SSL_CTX_free(ctx);
    printf("\n");
}

int main(void)
{
    FATAL_IF(SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, on_session_free) < 0,
             "SSL_SESSION_get_ex_new_index");
    test_flush();
    test_held_by_app();
    test_eviction();
    test_ssl_free();
    test_readd_in_final_free(0);
    test_readd_in_final_free(1);
    print_errors("end");
    return 0;
}
