/*
 * cache_ctrl.c - the SSL_CTX_ctrl side of the session cache: every counter
 * macro, the cache mode, unknown ctrl numbers, a NULL context, and the
 * session callback setters/getters (including the session id generator).
 *
 * new_cb and get_cb are only called during handshakes, which these tests do
 * not perform: the test checks that none of the explicit cache calls invokes
 * them.  remove_cb re-entering the cache is tested by cache_reentry.c (and
 * the sessl-only cache_reentrant_callbacks.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_util.h"

static int new_calls, get_calls, remove_calls, gen_calls;

static int new_cb(SSL *ssl, SSL_SESSION *s)
{
    (void)ssl;
    (void)s;
    new_calls++;
    return 0;
}

static int new_cb2(SSL *ssl, SSL_SESSION *s)
{
    (void)ssl;
    (void)s;
    new_calls += 100;
    return 1;
}

static SSL_SESSION *get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl;
    (void)id;
    (void)len;
    (void)copy;
    get_calls++;
    return NULL;
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    (void)ctx;
    (void)s;
    remove_calls++;
}

static int gen_cb(SSL *ssl, unsigned char *id, unsigned int *id_len)
{
    (void)ssl;
    memset(id, 'G', *id_len);
    gen_calls++;
    return 1;
}

/* Every counter macro, on one line. */
static void counters(const char *label, SSL_CTX *ctx)
{
    printf("%s: number=%ld connect=%ld connect_good=%ld connect_renegotiate=%ld\n",
           label, SSL_CTX_sess_number(ctx), SSL_CTX_sess_connect(ctx),
           SSL_CTX_sess_connect_good(ctx), SSL_CTX_sess_connect_renegotiate(ctx));
    printf("%s: accept=%ld accept_good=%ld accept_renegotiate=%ld\n", label,
           SSL_CTX_sess_accept(ctx), SSL_CTX_sess_accept_good(ctx),
           SSL_CTX_sess_accept_renegotiate(ctx));
    printf("%s: hits=%ld cb_hits=%ld misses=%ld timeouts=%ld cache_full=%ld\n", label,
           SSL_CTX_sess_hits(ctx), SSL_CTX_sess_cb_hits(ctx), SSL_CTX_sess_misses(ctx),
           SSL_CTX_sess_timeouts(ctx), SSL_CTX_sess_cache_full(ctx));
    printf("%s: cache_size=%ld cache_mode=%ld\n", label, SSL_CTX_sess_get_cache_size(ctx),
           SSL_CTX_get_session_cache_mode(ctx));
}

static void test_fresh_counters(void)
{
    const SSL_METHOD *(*meths[3])(void) = { TLS_method, TLS_client_method, TLS_server_method };
    const char *names[3] = { "TLS_method", "TLS_client_method", "TLS_server_method" };
    SSL_CTX *ctx;
    int i;

    printf("== counters of a fresh context\n");
    for (i = 0; i < 3; i++) {
        ctx = SSL_CTX_new(meths[i]());
        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        counters(names[i], ctx);
        SSL_CTX_free(ctx);
    }
    print_errors("fresh counters");
}

static void test_counters_after_ops(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    SSL_SESSION *s;
    char id[8];
    int i, r;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== counters after explicit cache calls\n");
    SSL_CTX_sess_set_new_cb(ctx, new_cb);
    SSL_CTX_sess_set_get_cb(ctx, get_cb);
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    r = SSL_CTX_set_generate_session_id(ctx, gen_cb);
    printf("set_generate_session_id=%d\n", r);
    SSL_CTX_sess_set_cache_size(ctx, 3);
    for (i = 0; i < 6; i++) {
        snprintf(id, sizeof(id), "Q%d", i);
        s = mk(id, 1000 + i, 10);
        r = SSL_CTX_add_session(ctx, s);
        printf("add %s=%d\n", id, r);
        SSL_SESSION_free(s);
    }
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    s = mk("Q5", 0, 0);
    printf("remove Q5=%d\n", SSL_CTX_remove_session(ctx, s));
    printf("remove Q5 again=%d\n", SSL_CTX_remove_session(ctx, s));
    SSL_SESSION_free(s);
    printf("has_matching Q4=%d\n", SSL_has_matching_session_id(ssl, (const unsigned char *)"Q4", 2));
    SSL_CTX_flush_sessions(ctx, 2000);
    counters("after ops", ctx);
    printf("callbacks: new=%d get=%d remove=%d generate=%d\n", new_calls, get_calls,
           remove_calls, gen_calls);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("after SSL_CTX_free: remove=%d\n", remove_calls);
    print_errors("after ops");
}

static void test_cache_mode(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    long vals[] = { 0, 1, 3, 0x80, 0x100, 0x200, 0x300, 0x400, 0x1234, 0x7fffffffL, -1,
                    0x100000005L, 2 };
    size_t i;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== session cache mode\n");
    printf("default=%ld\n", SSL_CTX_get_session_cache_mode(ctx));
    for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        long prev = SSL_CTX_set_session_cache_mode(ctx, vals[i]);

        printf("set %#lx: prev=%ld get=%ld\n", (unsigned long)vals[i], prev,
               SSL_CTX_get_session_cache_mode(ctx));
    }
    printf("via ctrl 44: prev=%ld\n", SSL_CTX_ctrl(ctx, 44, 0x55, NULL));
    printf("via ctrl 45 (larg ignored): %ld\n", SSL_CTX_ctrl(ctx, 45, 99, NULL));
    printf("via ctrl 42: prev=%ld\n", SSL_CTX_ctrl(ctx, 42, 77, NULL));
    printf("via ctrl 43 (larg ignored): %ld\n", SSL_CTX_ctrl(ctx, 43, 99, NULL));
    printf("via ctrl 20 (larg ignored): %ld\n", SSL_CTX_ctrl(ctx, 20, 99, NULL));
    print_errors("cache mode");
    SSL_CTX_free(ctx);
}

static void test_unknown_ctrl(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int cmds[] = { 0, 19, 46, 200, 9999 };
    size_t i;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== unknown ctrl numbers\n");
    for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        printf("ctrl %d: larg 0 -> %ld, larg 12345 -> %ld\n", cmds[i],
               SSL_CTX_ctrl(ctx, cmds[i], 0, NULL), SSL_CTX_ctrl(ctx, cmds[i], 12345, NULL));
        printf("ctrl %d with NULL ctx -> %ld\n", cmds[i], SSL_CTX_ctrl(NULL, cmds[i], 1, NULL));
    }
    counters("after unknown ctrls", ctx);
    print_errors("unknown ctrl");
    SSL_CTX_free(ctx);
}

static void test_null_ctx(void)
{
    printf("== macros with a NULL context\n");
    counters("NULL", NULL);
    printf("set_cache_size(NULL, 5)=%ld\n", SSL_CTX_sess_set_cache_size(NULL, 5));
    printf("set_cache_size(NULL, -1)=%ld\n", SSL_CTX_sess_set_cache_size(NULL, -1));
    printf("set_session_cache_mode(NULL, 3)=%ld\n", SSL_CTX_set_session_cache_mode(NULL, 3));
    print_errors("NULL ctx");
}

static void test_callbacks(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_CTX *other = SSL_CTX_new(TLS_method());
    SSL *ssl;

    FATAL_IF(ctx == NULL || other == NULL, "SSL_CTX_new");
    printf("== callback setters and getters\n");
    printf("defaults: new null=%d get null=%d remove null=%d\n",
           SSL_CTX_sess_get_new_cb(ctx) == NULL, SSL_CTX_sess_get_get_cb(ctx) == NULL,
           SSL_CTX_sess_get_remove_cb(ctx) == NULL);
    SSL_CTX_sess_set_new_cb(ctx, new_cb);
    SSL_CTX_sess_set_get_cb(ctx, get_cb);
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    printf("set: new=%d get=%d remove=%d\n", SSL_CTX_sess_get_new_cb(ctx) == new_cb,
           SSL_CTX_sess_get_get_cb(ctx) == get_cb,
           SSL_CTX_sess_get_remove_cb(ctx) == remove_cb);
    printf("other ctx untouched: new null=%d get null=%d remove null=%d\n",
           SSL_CTX_sess_get_new_cb(other) == NULL, SSL_CTX_sess_get_get_cb(other) == NULL,
           SSL_CTX_sess_get_remove_cb(other) == NULL);
    SSL_CTX_sess_set_new_cb(ctx, new_cb2);
    printf("replaced new: is new_cb2=%d\n", SSL_CTX_sess_get_new_cb(ctx) == new_cb2);
    SSL_CTX_sess_set_new_cb(ctx, NULL);
    SSL_CTX_sess_set_get_cb(ctx, NULL);
    SSL_CTX_sess_set_remove_cb(ctx, NULL);
    printf("cleared: new null=%d get null=%d remove null=%d\n",
           SSL_CTX_sess_get_new_cb(ctx) == NULL, SSL_CTX_sess_get_get_cb(ctx) == NULL,
           SSL_CTX_sess_get_remove_cb(ctx) == NULL);

    printf("-- session id generators\n");
    printf("SSL_CTX_set_generate_session_id(cb)=%d\n", SSL_CTX_set_generate_session_id(ctx, gen_cb));
    printf("SSL_CTX_set_generate_session_id(cb) again=%d\n",
           SSL_CTX_set_generate_session_id(ctx, gen_cb));
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    printf("SSL_set_generate_session_id(cb)=%d\n", SSL_set_generate_session_id(ssl, gen_cb));
    printf("SSL_set_generate_session_id(NULL)=%d\n", SSL_set_generate_session_id(ssl, NULL));
    printf("SSL_CTX_set_generate_session_id(NULL)=%d\n", SSL_CTX_set_generate_session_id(ctx, NULL));
    printf("generator calls=%d\n", gen_calls);
    print_errors("callbacks");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    SSL_CTX_free(other);
}

int main(void)
{
    ERR_clear_error();
    test_fresh_counters();
    test_counters_after_ops();
    test_cache_mode();
    test_unknown_ctrl();
    test_null_ctx();
    test_callbacks();
    printf("total callbacks: new=%d get=%d remove=%d generate=%d\n", new_calls, get_calls,
           remove_calls, gen_calls);
    printf("done\n");
    return 0;
}
