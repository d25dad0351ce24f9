/*
 * cache_eviction.c - the size limit of an SSL_CTX session cache:
 * SSL_CTX_sess_set_cache_size / get_cache_size, the steady-state capacity,
 * which sessions are evicted and in what order (soonest expiry = time +
 * timeout first, equal expiries in insertion order), remove_cb on eviction,
 * the not-resumable mark, and the sess_cache_full counter.
 *
 * Sessions are named by their ASCII ids; times are fixed values set with
 * SSL_SESSION_set_time.  No session with an empty id is ever put into a
 * size-limited cache (OpenSSL's behaviour there is a documented deviation).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_util.h"

static SSL_CTX *new_ctx(long size)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, log_remove_cb);
    SSL_CTX_sess_set_cache_size(ctx, size);
    return ctx;
}

/* Adds a new session (the cache keeps the only reference); prints the result. */
static void add_new(SSL_CTX *ctx, const char *id, long time, long timeout)
{
    SSL_SESSION *s = mk(id, time, timeout);
    int r = SSL_CTX_add_session(ctx, s);

    printf("add %s (expiry %ld)=%d number=%ld", id, time + timeout, r,
           SSL_CTX_sess_number(ctx));
    printf(" evicted:%s\n", cb_log[0] ? cb_log : " -");
    cb_calls = 0;
    cb_log[0] = '\0';
    SSL_SESSION_free(s);
}

static void add_held(SSL_CTX *ctx, SSL_SESSION *s, const char *label)
{
    int r = SSL_CTX_add_session(ctx, s);

    printf("add %s=%d number=%ld", label, r, SSL_CTX_sess_number(ctx));
    printf(" evicted:%s\n", cb_log[0] ? cb_log : " -");
    cb_calls = 0;
    cb_log[0] = '\0';
}

static void counters(const char *label, SSL_CTX *ctx)
{
    printf("%s: number=%ld cache_full=%ld timeouts=%ld\n", label, SSL_CTX_sess_number(ctx),
           SSL_CTX_sess_cache_full(ctx), SSL_CTX_sess_timeouts(ctx));
}

static void test_size_setting(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("== cache size get/set\n");
    printf("default=%ld\n", SSL_CTX_sess_get_cache_size(ctx));
    printf("set 5 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 5));
    printf("set 7 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 7));
    printf("set -1 ret=%ld\n", SSL_CTX_sess_set_cache_size(ctx, -1));
    printf("get=%ld\n", SSL_CTX_sess_get_cache_size(ctx));
    printf("set -100 ret=%ld\n", SSL_CTX_sess_set_cache_size(ctx, -100));
    printf("get=%ld\n", SSL_CTX_sess_get_cache_size(ctx));
    printf("set 0 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 0));
    printf("set 0 again prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 0));
    printf("set 1000000 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 1000000));
    printf("get=%ld\n", SSL_CTX_sess_get_cache_size(ctx));
    print_errors("cache size");
    SSL_CTX_free(ctx);
}

static void test_capacity(long size, int adds)
{
    SSL_CTX *ctx = new_ctx(size);
    char id[16];
    int i;

    printf("== capacity, size %ld\n", size);
    for (i = 0; i < adds; i++) {
        snprintf(id, sizeof(id), "C%02d", i);
        add_new(ctx, id, 1000, 100); /* equal expiries: insertion order */
    }
    counters("capacity", ctx);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_unlimited(void)
{
    SSL_CTX *ctx = new_ctx(0);
    SSL_SESSION *s;
    char id[16];
    int i;

    printf("== size 0 is unlimited\n");
    for (i = 0; i < 50; i++) {
        snprintf(id, sizeof(id), "U%02d", i);
        s = mk(id, 1000 + i, 100);
        FATAL_IF(SSL_CTX_add_session(ctx, s) != 1, "add");
        SSL_SESSION_free(s);
    }
    counters("after 50 adds", ctx);
    show_cb("during adds");
    SSL_CTX_free(ctx);
    printf("SSL_CTX_free: remove_cb calls=%d\n", cb_calls);
    cb_calls = 0;
    cb_log[0] = '\0';
}

static void test_order(void)
{
    SSL_CTX *ctx = new_ctx(0);
    SSL_SESSION *held = mk("A", 1000, 500);
    SSL_SESSION *held2;

    printf("== eviction order by expiry; shrinking applies at the next add\n");
    add_held(ctx, held, "A (expiry 1500)");
    add_new(ctx, "B", 2000, 50);
    add_new(ctx, "C", 900, 100);
    add_new(ctx, "D", 1400, 100);
    add_new(ctx, "E", 100, 5000);
    add_new(ctx, "F", 1499, 1);
    add_new(ctx, "G", 3000, 0); /* timeout 0: expiry 3000 */
    counters("filled", ctx);
    printf("set size 3 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 3));
    counters("after shrink, before add", ctx);
    held2 = mk("H", 5000, 5000);
    add_held(ctx, held2, "H (expiry 10000)");
    counters("after add", ctx);
    printf("A resumable=%d H resumable=%d\n", SSL_SESSION_is_resumable(held),
           SSL_SESSION_is_resumable(held2));
    printf("re-add A (evicted, marked)=%d\n", SSL_CTX_add_session(ctx, held));
    printf("number=%ld evicted:%s\n", SSL_CTX_sess_number(ctx), cb_log[0] ? cb_log : " -");
    show_cb("re-add A");
    print_errors("order");
    SSL_SESSION_free(held);
    SSL_SESSION_free(held2);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_own_insert(void)
{
    SSL_CTX *ctx = new_ctx(3);
    SSL_SESSION *x = mk("X", 2000, 100);
    SSL_SESSION *y = mk("Y", 3000, 100);
    SSL_SESSION *y2 = mk("Y", 4000, 100);
    SSL_SESSION *z = mk("Z", 10, 10);

    printf("== a session is never evicted by its own insert\n");
    add_held(ctx, x, "X (expiry 2100)");
    add_held(ctx, y, "Y (expiry 3100)");
    add_held(ctx, z, "Z (expiry 20, smallest)");
    printf("X resumable=%d Z resumable=%d\n", SSL_SESSION_is_resumable(x),
           SSL_SESSION_is_resumable(z));
    counters("after Z", ctx);
    add_held(ctx, y, "Y again (same object)");
    add_held(ctx, y2, "Y2 (same key, other object)");
    printf("Y resumable=%d\n", SSL_SESSION_is_resumable(y));
    counters("after replace", ctx);
    printf("-- shrink to 1, then re-add a cached object and replace one\n");
    printf("set size 1 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 1));
    add_held(ctx, z, "Z again (same object)");
    add_held(ctx, y, "Y (replaces Y2)");
    counters("size 1", ctx);
    add_new(ctx, "W", 1, 1);
    add_new(ctx, "V", 9000, 1);
    counters("size 1 end", ctx);
    print_errors("own insert");
    SSL_SESSION_free(x);
    SSL_SESSION_free(y);
    SSL_SESSION_free(y2);
    SSL_SESSION_free(z);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

static void test_reorder(void)
{
    SSL_CTX *ctx = new_ctx(0);
    SSL_SESSION *p = mk("P", 1000, 100);
    SSL_SESSION *q = mk("Q", 1000, 200);
    SSL_SESSION *r = mk("R", 1000, 300);
    SSL_SESSION *gone = mk("S", 1000, 400);
    SSL_SESSION *gone2 = mk("S", 1000, 400);

    printf("== set_time / set_timeout on cached sessions re-order eviction\n");
    add_held(ctx, p, "P (1100)");
    add_held(ctx, q, "Q (1200)");
    add_held(ctx, r, "R (1300)");
    add_held(ctx, gone, "S (1400)");
    add_held(ctx, gone2, "S2 replaces S");
    printf("set_time(P, 5000)=%ld\n", SSL_SESSION_set_time(p, 5000)); /* P: 5100 */
    printf("set_timeout(R, 1)=%ld\n", SSL_SESSION_set_timeout(r, 1)); /* R: 1001 */
    printf("set_timeout(Q, -5)=%ld\n", SSL_SESSION_set_timeout(q, -5)); /* refused */
    /* S is no longer cached: changing it must not touch the cache */
    printf("set_time(S, 1)=%ld\n", SSL_SESSION_set_time(gone, 1));
    printf("set_timeout(S, 1)=%ld\n", SSL_SESSION_set_timeout(gone, 1));
    counters("before shrink", ctx);
    printf("set size 2 prev=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 2));
    add_new(ctx, "T", 8000, 100); /* evicts 4: R, Q, S2, P */
    counters("after T", ctx);
    printf("P resumable=%d Q resumable=%d R resumable=%d S2 resumable=%d\n",
           SSL_SESSION_is_resumable(p), SSL_SESSION_is_resumable(q),
           SSL_SESSION_is_resumable(r), SSL_SESSION_is_resumable(gone2));
    printf("set_time(P, 9000)=%ld\n", SSL_SESSION_set_time(p, 9000)); /* P: 9100 > T */
    add_new(ctx, "U", 100, 100);
    counters("after U", ctx);
    print_errors("reorder");
    SSL_SESSION_free(p);
    SSL_SESSION_free(q);
    SSL_SESSION_free(r);
    SSL_SESSION_free(gone);
    SSL_SESSION_free(gone2);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free");
}

int main(void)
{
    ERR_clear_error();
    test_size_setting();
    test_capacity(1, 4);
    test_capacity(2, 5);
    test_capacity(3, 6);
    test_capacity(5, 8);
    test_unlimited();
    test_order();
    test_own_insert();
    test_reorder();
    printf("done\n");
    return 0;
}
