/*
 * cache_flush.c - SSL_CTX_flush_sessions(ctx, t): which sessions go (those
 * with t == 0 || t > time + timeout), in which order (soonest expiry first),
 * the treatment of an expiry that overflows a long, remove_cb and the
 * not-resumable mark, the counters, and the implicit flush by the final
 * SSL_CTX_free.
 *
 * Sessions are named by their ASCII ids; times are fixed values.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_util.h"

static SSL_CTX *new_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, log_remove_cb);
    return ctx;
}

/* Adds a session the cache alone will hold. */
static void add_new(SSL_CTX *ctx, const char *id, long time, long timeout)
{
    SSL_SESSION *s = mk(id, time, timeout);

    FATAL_IF(SSL_CTX_add_session(ctx, s) != 1, "SSL_CTX_add_session");
    SSL_SESSION_free(s);
}

static void flush(SSL_CTX *ctx, long t)
{
    SSL_CTX_flush_sessions(ctx, t);
    printf("flush(%ld): number=%ld", t, SSL_CTX_sess_number(ctx));
    printf(" removed:%s\n", cb_log[0] ? cb_log : " -");
    cb_calls = 0;
    cb_log[0] = '\0';
}

static void counters(const char *label, SSL_CTX *ctx)
{
    printf("%s: number=%ld timeouts=%ld cache_full=%ld hits=%ld misses=%ld cb_hits=%ld\n",
           label, SSL_CTX_sess_number(ctx), SSL_CTX_sess_timeouts(ctx),
           SSL_CTX_sess_cache_full(ctx), SSL_CTX_sess_hits(ctx), SSL_CTX_sess_misses(ctx),
           SSL_CTX_sess_cb_hits(ctx));
}

static void test_boundary(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *held = mk("K", 1000, 100);

    printf("== flush boundary and order\n");
    flush(ctx, 5000); /* empty cache */
    FATAL_IF(SSL_CTX_add_session(ctx, held) != 1, "add K");
    add_new(ctx, "L", 1050, 100);  /* 1150 */
    add_new(ctx, "M", 900, 150);   /* 1050 */
    add_new(ctx, "N", 1100, 0);    /* 1100, same as K */
    add_new(ctx, "O", 500, 1000);  /* 1500 */
    add_new(ctx, "P", 0, 0);       /* 0 */
    printf("K resumable=%d\n", SSL_SESSION_is_resumable(held));
    counters("start", ctx);
    flush(ctx, -1);
    flush(ctx, LONG_MIN);
    flush(ctx, 1);
    flush(ctx, 1050);
    flush(ctx, 1051);
    flush(ctx, 1100);
    printf("K resumable=%d\n", SSL_SESSION_is_resumable(held));
    flush(ctx, 1101);
    printf("K resumable=%d (held by the app only)\n", SSL_SESSION_is_resumable(held));
    flush(ctx, 1101);
    counters("after flushes", ctx);
    printf("re-add K=%d\n", SSL_CTX_add_session(ctx, held));
    flush(ctx, 1101);
    flush(ctx, 0);
    counters("after flush(0)", ctx);
    flush(ctx, 0);
    print_errors("boundary");
    SSL_SESSION_free(held);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_reordered(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *a = mk("A", 1000, 100);
    SSL_SESSION *b = mk("B", 1000, 200);
    SSL_SESSION *c = mk("C", 1000, 300);

    printf("== flush after set_time / set_timeout on cached sessions\n");
    FATAL_IF(SSL_CTX_add_session(ctx, a) != 1, "add A");
    FATAL_IF(SSL_CTX_add_session(ctx, b) != 1, "add B");
    FATAL_IF(SSL_CTX_add_session(ctx, c) != 1, "add C");
    SSL_SESSION_set_time(a, 2000);   /* A: 2100 */
    SSL_SESSION_set_timeout(c, 50);  /* C: 1050 */
    flush(ctx, 1200);                /* C, B */
    SSL_SESSION_set_time(a, 100);    /* A: 200 */
    flush(ctx, 1200);
    printf("A=%d B=%d C=%d resumable\n", SSL_SESSION_is_resumable(a),
           SSL_SESSION_is_resumable(b), SSL_SESSION_is_resumable(c));
    SSL_SESSION_free(a);
    SSL_SESSION_free(b);
    SSL_SESSION_free(c);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_overflow(void)
{
    SSL_CTX *ctx = new_ctx();

    printf("== time + timeout overflowing a long\n");
    add_new(ctx, "V1", LONG_MAX - 10, 100);        /* overflows by 90 */
    add_new(ctx, "V2", LONG_MAX - 50, 100);        /* overflows by 50 */
    add_new(ctx, "V3", 5, LONG_MAX);               /* overflows by 5 */
    add_new(ctx, "BIG", 1000, LONG_MAX - 1000);    /* exactly LONG_MAX */
    add_new(ctx, "BIG1", LONG_MAX - 100, 99);      /* LONG_MAX - 1 */
    add_new(ctx, "NEG", -500, 100);                /* negative time */
    add_new(ctx, "R", 1000, 100);                  /* 1100 */
    add_new(ctx, "MAXT", LONG_MAX, 0);             /* exactly LONG_MAX */
    counters("start", ctx);
    flush(ctx, 1101);
    flush(ctx, LONG_MAX - 1);
    flush(ctx, LONG_MAX);
    flush(ctx, -1);
    counters("before flush(0)", ctx);
    flush(ctx, 0);
    print_errors("overflow");
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");

    printf("-- eviction order with overflowed sessions (size 3)\n");
    ctx = new_ctx();
    SSL_CTX_sess_set_cache_size(ctx, 3);
    add_new(ctx, "V1", LONG_MAX - 10, 100);
    add_new(ctx, "NEG", -500, 100);
    printf("number=%ld\n", SSL_CTX_sess_number(ctx));
    add_new(ctx, "BIG", 1000, LONG_MAX - 1000);
    printf("number=%ld evicted:%s\n", SSL_CTX_sess_number(ctx), cb_log[0] ? cb_log : " -");
    cb_calls = 0;
    cb_log[0] = '\0';
    add_new(ctx, "S", 1, 1);
    printf("number=%ld evicted:%s\n", SSL_CTX_sess_number(ctx), cb_log[0] ? cb_log : " -");
    cb_calls = 0;
    cb_log[0] = '\0';
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_ctx_free(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *h1 = mk("H1", 3000, 10);
    SSL_SESSION *h2 = mk("H2", 1000, 10);
    char id[8];
    int i;

    printf("== SSL_CTX_free flushes; up_ref keeps the cache\n");
    for (i = 0; i < 5; i++) {
        snprintf(id, sizeof(id), "F%d", i);
        add_new(ctx, id, 2000 - i, 10);
    }
    FATAL_IF(SSL_CTX_add_session(ctx, h1) != 1, "add H1");
    FATAL_IF(SSL_CTX_add_session(ctx, h2) != 1, "add H2");
    counters("filled", ctx);
    printf("SSL_CTX_up_ref=%d\n", SSL_CTX_up_ref(ctx));
    SSL_CTX_free(ctx);
    printf("after first free: number=%ld\n", SSL_CTX_sess_number(ctx));
    show_cb("first SSL_CTX_free");
    printf("H1 resumable=%d H2 resumable=%d\n", SSL_SESSION_is_resumable(h1),
           SSL_SESSION_is_resumable(h2));
    SSL_CTX_free(ctx);
    show_cb("last SSL_CTX_free");
    printf("H1 survives: time=%ld timeout=%ld resumable=%d\n", SSL_SESSION_get_time(h1),
           SSL_SESSION_get_timeout(h1), SSL_SESSION_is_resumable(h1));
    printf("H2 survives: time=%ld timeout=%ld resumable=%d\n", SSL_SESSION_get_time(h2),
           SSL_SESSION_get_timeout(h2), SSL_SESSION_is_resumable(h2));
    printf("H2 set_time after ctx gone=%ld\n", SSL_SESSION_set_time(h2, 7));
    printf("H2 set_timeout after ctx gone=%ld\n", SSL_SESSION_set_timeout(h2, 8));
    printf("H2 time=%ld timeout=%ld\n", SSL_SESSION_get_time(h2), SSL_SESSION_get_timeout(h2));
    SSL_SESSION_free(h1);
    SSL_SESSION_free(h2);
    print_errors("ctx free");
}

static void test_move_between_ctx(void)
{
    SSL_CTX *c1 = new_ctx();
    SSL_CTX *c2 = new_ctx();
    SSL_SESSION *s = mk("MV", 1000, 100);
    int r;

    printf("== a flushed session added to another context\n");
    FATAL_IF(SSL_CTX_add_session(c1, s) != 1, "add c1");
    flush(c1, 0);
    r = SSL_CTX_add_session(c2, s);
    printf("add to c2=%d c1 number=%ld c2 number=%ld\n", r, SSL_CTX_sess_number(c1),
           SSL_CTX_sess_number(c2));
    SSL_SESSION_set_time(s, 5000); /* re-orders in c2 only */
    flush(c1, 6000);
    flush(c2, 5100);
    flush(c2, 5101);
    SSL_SESSION_free(s);
    SSL_CTX_free(c1);
    show_cb("SSL_CTX_free c1");
    SSL_CTX_free(c2);
    show_cb("SSL_CTX_free c2");
}

int main(void)
{
    ERR_clear_error();
    test_boundary();
    test_reordered();
    test_overflow();
    test_ctx_free();
    test_move_between_ctx();
    printf("done\n");
    return 0;
}
