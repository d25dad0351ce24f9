/*
 * cache_empty_ids.c - sessl-only: sessions with an empty session id in a
 * size-limited cache.
 *
 * Spec section 4: sessions with an empty id can be added (they all collide,
 * per protocol version), cannot be removed by SSL_CTX_remove_session, and in
 * OpenSSL 3.0 one of them at the tail of the expiry list stops eviction, so
 * the cache grows past its limit (the mechanism of CVE-2024-2511). sessl must
 * never grow past its limit: a cache of size N holds at most max(N-1, 1)
 * sessions after any add.
 *
 * Checks:
 *   - deterministic cases: collisions per version, remove returns 0 without a
 *     callback, eviction of an empty-id session at the tail (soonest expiry)
 *     and at the head, flush by time and flush(0), the final SSL_CTX_free,
 *     and the one-cache-at-a-time rule, all for empty ids;
 *   - a pseudo-random mix (fixed seed) of empty-id sessions of many protocol
 *     versions and normal sessions, with random times, for several sizes N:
 *     after every add SSL_CTX_sess_number <= max(N-1, 1); removes of empty-id
 *     sessions return 0, call no callback and change nothing. A model of
 *     which sessions are cached follows every add (an empty-id session
 *     replaces its same-version sibling silently), remove and remove
 *     callback (eviction, flush); its size must equal SSL_CTX_sess_number
 *     after every operation, it must agree with SSL_has_matching_session_id
 *     at the end, and the final SSL_CTX_free must report what it holds.
 *
 * alarm(10): a loop that never ends fails the test instead of hanging it.
 */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_check.h"

DEFINE_ON_ALARM("FAIL  timeout: the cache operations did not finish\n")

/* ---------------------------------------------------------------- callback log */

#define MAX_LOG 4096
static SSL_SESSION *cb_seen[MAX_LOG];
static int cb_calls;

/* The random mix's model: which of its sessions it believes cached. */
static SSL_SESSION **model_sess;
static int *model_cached;
static int model_n;
static long model_replaced;

static int model_index(SSL_SESSION *s)
{
    int i;

    for (i = 0; i < model_n; i++)
        if (model_sess[i] == s)
            return i;
    return -1;
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    int i = model_index(s);

    (void)ctx;
    if (cb_calls < MAX_LOG)
        cb_seen[cb_calls] = s;
    cb_calls++;
    if (i >= 0)
        model_cached[i] = 0;
}

static int seen(SSL_SESSION *s)
{
    int i, n = 0;

    for (i = 0; i < cb_calls && i < MAX_LOG; i++)
        n += cb_seen[i] == s;
    return n;
}

static SSL_CTX *new_ctx(long size)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    FATAL_IF(SSL_CTX_sess_set_cache_size(ctx, size) < 0, "set_cache_size");
    return ctx;
}

/* A session with an empty id (id == NULL) or ID of LEN bytes, expiring at
 * t + timeout. */
static SSL_SESSION *mk(int version, const unsigned char *id, unsigned int len, long t, long timeout)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    if (id != NULL)
        FATAL_IF(SSL_SESSION_set1_id(s, id, len) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set_protocol_version(s, version) != 1, "set_protocol_version");
    SSL_SESSION_set_time(s, t);
    FATAL_IF(SSL_SESSION_set_timeout(s, timeout) != 1, "set_timeout");
    return s;
}

static SSL_SESSION *mk_empty(int version, long t, long timeout)
{
    SSL_SESSION *s = mk(version, NULL, 0, t, timeout);
    unsigned int len = 99;

    SSL_SESSION_get_id(s, &len);
    FATAL_IF(len != 0, "a new session has an empty id");
    return s;
}

static SSL_SESSION *mk_named(const char *name, long t, long timeout)
{
    return mk(TLS1_3_VERSION, (const unsigned char *)name, (unsigned int)strlen(name), t, timeout);
}

/* Whether ctx caches a 0x304 session with an empty id. */
static int empty_0x304_cached(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);
    int r;

    FATAL_IF(ssl == NULL, "SSL_new");
    r = SSL_has_matching_session_id(ssl, (const unsigned char *)"", 0);
    SSL_free(ssl);
    return r;
}

/* ---------------------------------------------------------------- fixed cases */

static void collisions_and_remove(void)
{
    SSL_CTX *ctx = new_ctx(0);   /* unlimited */
    SSL_SESSION *e1 = mk_empty(TLS1_3_VERSION, 1000, 100);
    SSL_SESSION *e2 = mk_empty(TLS1_3_VERSION, 1100, 100);
    SSL_SESSION *e3 = mk_empty(TLS1_2_VERSION, 1200, 100);
    SSL_SESSION *e4 = mk_empty(0, 1300, 100);
    SSL_SESSION *n1 = mk_named("n1", 1400, 100);

    section = "collisions and remove";
    cb_calls = 0;
    CHECK_EQ(SSL_CTX_add_session(ctx, e1), 1, "add e1 (empty, 0x304)");
    CHECK_EQ(SSL_CTX_add_session(ctx, e1), 0, "add e1 again");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count");
    CHECK_EQ(empty_0x304_cached(ctx), 1, "an empty 0x304 id matches");
    /* same key (0x304, empty): e2 replaces e1 silently */
    CHECK_EQ(SSL_CTX_add_session(ctx, e2), 1, "add e2 (empty, 0x304)");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count after the colliding add");
    CHECK_EQ(cb_calls, 0, "callbacks after a replacement");
    /* e1 is no longer cached: it can go to another context */
    {
        SSL_CTX *other = new_ctx(0);

        CHECK_EQ(SSL_CTX_add_session(other, e1), 1, "the replaced e1 into another context");
        CHECK_EQ(SSL_CTX_add_session(other, e2), 0, "e2 (cached in ctx) into another context");
        CHECK_EQ(SSL_CTX_sess_number(other), 1, "other's count");
        SSL_CTX_free(other);   /* e1's callback */
        CHECK_EQ(cb_calls, 1, "callbacks after freeing the other context");
        CHECK(seen(e1) == 1, "e1 did not get its callback from the other context's free");
        cb_calls = 0;
    }
    /* other versions are other keys */
    CHECK_EQ(SSL_CTX_add_session(ctx, e3), 1, "add e3 (empty, 0x303)");
    CHECK_EQ(SSL_CTX_add_session(ctx, e4), 1, "add e4 (empty, version 0)");
    CHECK_EQ(SSL_CTX_add_session(ctx, n1), 1, "add n1");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 4, "count");

    /* remove: 0, no callback, nothing removed, for the cached objects and for
     * another object under the same key */
    CHECK_EQ(SSL_CTX_remove_session(ctx, e2), 0, "remove e2");
    CHECK_EQ(SSL_CTX_remove_session(ctx, e3), 0, "remove e3");
    CHECK_EQ(SSL_CTX_remove_session(ctx, e4), 0, "remove e4");
    CHECK_EQ(SSL_CTX_remove_session(ctx, e1), 0, "remove e1 (same key as e2, not cached)");
    CHECK_EQ(cb_calls, 0, "callbacks after removing empty-id sessions");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 4, "count after removing empty-id sessions");
    CHECK_EQ(empty_0x304_cached(ctx), 1, "the empty 0x304 id still matches");
    /* still cached here, so not addable elsewhere */
    {
        SSL_CTX *other = new_ctx(0);

        CHECK_EQ(SSL_CTX_add_session(other, e3), 0, "e3 (still cached) into another context");
        SSL_CTX_free(other);
    }
    /* a normal session is removed as usual */
    CHECK_EQ(SSL_CTX_remove_session(ctx, n1), 1, "remove n1");
    CHECK_EQ(cb_calls, 1, "callbacks after removing n1");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after removing n1");

    /* flush by time: e2 expires at 1200, e3 at 1300, e4 at 1400 */
    SSL_CTX_flush_sessions(ctx, 1200);
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after flush(1200)");
    SSL_CTX_flush_sessions(ctx, 1301);
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count after flush(1301)");
    CHECK(seen(e2) == 1 && seen(e3) == 1 && seen(e4) == 0,
          "flush(1301): e2 and e3 must get one callback each, e4 none");
    CHECK_EQ(empty_0x304_cached(ctx), 0, "the empty 0x304 id after its flush");
    /* flush(0) removes the rest */
    SSL_CTX_flush_sessions(ctx, 0);
    CHECK_EQ(SSL_CTX_sess_number(ctx), 0, "count after flush(0)");
    CHECK(seen(e4) == 1, "flush(0): e4 must get its callback");
    /* flushed empty-id sessions can be added again */
    CHECK_EQ(SSL_CTX_add_session(ctx, e3), 1, "re-add e3 after its flush");
    CHECK_EQ(SSL_CTX_add_session(ctx, e4), 1, "re-add e4 after its flush");
    cb_calls = 0;
    SSL_CTX_free(ctx);   /* final free: both reported */
    CHECK_EQ(cb_calls, 2, "callbacks of the final free");
    CHECK(seen(e3) == 1 && seen(e4) == 1, "the final free must report e3 and e4");

    SSL_SESSION_free(e1);
    SSL_SESSION_free(e2);
    SSL_SESSION_free(e3);
    SSL_SESSION_free(e4);
    SSL_SESSION_free(n1);
}

/* An empty-id session at the tail (soonest expiry) is evicted like any other. */
static void eviction_at_tail(void)
{
    SSL_CTX *ctx = new_ctx(3);   /* holds 2 */
    SSL_SESSION *e = mk_empty(TLS1_2_VERSION, 1000, 100);   /* soonest */
    SSL_SESSION *a = mk_named("a", 2000, 100);
    SSL_SESSION *b = mk_named("b", 3000, 100);
    SSL_SESSION *c = mk_named("c", 4000, 100);
    long i;

    section = "eviction at the tail";
    cb_calls = 0;
    CHECK_EQ(SSL_CTX_add_session(ctx, e), 1, "add e");
    CHECK_EQ(SSL_CTX_add_session(ctx, a), 1, "add a");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 2, "count");
    CHECK_EQ(SSL_CTX_add_session(ctx, b), 1, "add b (evicts e)");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 2, "count after the evicting add");
    CHECK(cb_calls == 1 && seen(e) == 1, "the evicted e must get the only callback");
    CHECK_EQ(SSL_CTX_sess_cache_full(ctx), 1, "sess_cache_full");
    CHECK_EQ(cached_in(ctx, "a") + cached_in(ctx, "b"), 2, "a and b cached");

    /* again, many times: e re-added at the tail each time, never blocks */
    for (i = 0; i < 50; i++) {
        SSL_SESSION_set_time(e, 500 + i);
        CHECK_EQ(SSL_CTX_add_session(ctx, e), 1, "re-add e");
        CHECK(SSL_CTX_sess_number(ctx) <= 2, "count %ld > 2 after re-adding e (round %ld)",
              SSL_CTX_sess_number(ctx), i);
        SSL_SESSION_set_time(c, 5000 + i);
        CHECK_EQ(SSL_CTX_add_session(ctx, c), 1, "add c");
        CHECK(SSL_CTX_sess_number(ctx) <= 2, "count %ld > 2 after adding c (round %ld)",
              SSL_CTX_sess_number(ctx), i);
        CHECK_EQ(SSL_CTX_remove_session(ctx, c), 1, "remove c");
    }
    SSL_CTX_free(ctx);
    SSL_SESSION_free(e);
    SSL_SESSION_free(a);
    SSL_SESSION_free(b);
    SSL_SESSION_free(c);
}

/* Empty-id sessions as the newest entry and as each other's victims. */
static void eviction_at_head(void)
{
    SSL_CTX *ctx = new_ctx(2);   /* holds 1 */
    SSL_SESSION *n = mk_named("n", 1000, 100);
    SSL_SESSION *e1 = mk_empty(TLS1_3_VERSION, 2000, 100);
    SSL_SESSION *e2 = mk_empty(TLS1_3_VERSION, 3000, 100);
    SSL_SESSION *e3 = mk_empty(TLS1_VERSION, 500, 100);   /* expires before e2 */

    section = "eviction at the head";
    cb_calls = 0;
    CHECK_EQ(SSL_CTX_add_session(ctx, n), 1, "add n");
    CHECK_EQ(SSL_CTX_add_session(ctx, e1), 1, "add e1 (evicts n)");
    CHECK(cb_calls == 1 && seen(n) == 1, "n must be evicted");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count");
    CHECK_EQ(SSL_CTX_add_session(ctx, e2), 1, "add e2 (replaces e1)");
    CHECK_EQ(cb_calls, 1, "no callback for a replacement");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count");
    /* e3 expires first but is never evicted by its own insert: e2 goes */
    CHECK_EQ(SSL_CTX_add_session(ctx, e3), 1, "add e3 (evicts e2)");
    CHECK(cb_calls == 2 && seen(e2) == 1, "e2 must be evicted");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count");
    CHECK_EQ(SSL_CTX_sess_cache_full(ctx), 2, "sess_cache_full");
    /* size 1 holds one */
    SSL_CTX_sess_set_cache_size(ctx, 1);
    CHECK_EQ(SSL_CTX_add_session(ctx, e1), 1, "add e1 to a cache of size 1 (evicts e3)");
    CHECK(cb_calls == 3 && seen(e3) == 1, "e3 must be evicted");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count in a cache of size 1");
    cb_calls = 0;
    SSL_CTX_free(ctx);
    CHECK(cb_calls == 1 && seen(e1) == 1, "the final free must report e1");
    SSL_SESSION_free(n);
    SSL_SESSION_free(e1);
    SSL_SESSION_free(e2);
    SSL_SESSION_free(e3);
}

/* ---------------------------------------------------------------- random mix */

static unsigned long rng_state;

static unsigned long rnd(unsigned long n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned long)((rng_state >> 33) % n);
}

static const int versions[] = { 0, SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION,
                                 TLS1_3_VERSION, 0xfefd, 0x7f1c, -1 };
#define N_VERSIONS ((int)(sizeof(versions) / sizeof(versions[0])))
#define N_EMPTY (2 * N_VERSIONS)   /* two objects per version: they collide */
#define N_NAMED 40
#define MIX_OPS 1500

static long model_count(void)
{
    long n = 0;
    int i;

    for (i = 0; i < model_n; i++)
        n += model_cached[i];
    return n;
}

/* Adds model session I; the model follows: a new entry, and an empty-id
 * session replaces its same-version sibling silently (no callback). */
static int mix_add(SSL_CTX *ctx, int i)
{
    int r = SSL_CTX_add_session(ctx, model_sess[i]);

    CHECK_EQ(r, !model_cached[i], "add returns 1 exactly for a session not cached");
    if (r == 1 && i < N_EMPTY) {
        int sibling = (i + N_VERSIONS) % N_EMPTY;

        if (model_cached[sibling]) {
            model_cached[sibling] = 0;
            model_replaced++;
        }
    }
    if (r == 1)
        model_cached[i] = 1;   /* its own insert never evicts it */
    return r;
}

static void random_mix(long size, unsigned long seed)
{
    SSL_CTX *ctx = new_ctx(size);
    SSL_SESSION *all[N_EMPTY + N_NAMED];
    int cached[N_EMPTY + N_NAMED];
    long limit = size - 1 > 1 ? size - 1 : 1;
    long adds = 0, empty_adds = 0, remove_calls = 0, max_seen = 0, empty_removes = 0;
    long flushes = 0;
    int i, op, over = 0, mismatches = 0;
    char label[64];

    snprintf(label, sizeof(label), "random mix, size %ld", size);
    section = label;
    rng_state = seed;
    for (i = 0; i < N_EMPTY; i++)
        all[i] = mk_empty(versions[i % N_VERSIONS], 1000 + (long)rnd(2000), (long)rnd(500));
    for (i = 0; i < N_NAMED; i++) {
        unsigned char id[3];

        id[0] = 'n';
        id[1] = (unsigned char)i;
        id[2] = (unsigned char)(i * 7);
        all[N_EMPTY + i] = mk(rnd(4) ? TLS1_3_VERSION : TLS1_2_VERSION, id, 3,
                              1000 + (long)rnd(2000), (long)rnd(500));
    }
    memset(cached, 0, sizeof(cached));
    model_sess = all;
    model_cached = cached;
    model_n = N_EMPTY + N_NAMED;
    model_replaced = 0;
    cb_calls = 0;

    for (op = 0; op < MIX_OPS; op++) {
        unsigned long r = rnd(100);
        long before = SSL_CTX_sess_number(ctx), after;
        int cb_before = cb_calls;

        if (r < 45) {
            /* an empty-id session, often placed at the tail (soonest expiry) */
            i = (int)rnd(N_EMPTY);
            SSL_SESSION_set_time(all[i], rnd(3) == 0 ? 10 + (long)rnd(100) : 1000 + (long)rnd(3000));
            empty_adds += mix_add(ctx, i);
            adds++;
        } else if (r < 85) {
            i = N_EMPTY + (int)rnd(N_NAMED);
            SSL_SESSION_set_time(all[i], 1000 + (long)rnd(3000));
            mix_add(ctx, i);
            adds++;
        } else if (r < 92) {
            i = (int)rnd(N_EMPTY);
            empty_removes++;
            CHECK_EQ(SSL_CTX_remove_session(ctx, all[i]), 0, "remove of an empty-id session");
            CHECK_EQ(cb_calls, cb_before, "callbacks after removing an empty-id session");
            CHECK_EQ(SSL_CTX_sess_number(ctx), before, "count after removing an empty-id session");
        } else if (r < 98) {
            int was;

            i = N_EMPTY + (int)rnd(N_NAMED);
            was = cached[i];
            remove_calls++;
            CHECK_EQ(SSL_CTX_remove_session(ctx, all[i]), was, "remove of a named session");
            CHECK_EQ(cb_calls, cb_before + 1, "callbacks after removing a named session");
            cached[i] = 0;
        } else {
            flushes++;
            SSL_CTX_flush_sessions(ctx, rnd(10) == 0 ? 0 : 1000 + (long)rnd(3000));
            CHECK(SSL_CTX_sess_number(ctx) <= before, "a flush grew the cache");
        }
        after = SSL_CTX_sess_number(ctx);
        if (after != model_count()) {
            if (mismatches < 5)
                printf("FAIL  %s: op %d: SSL_CTX_sess_number %ld, but the callbacks leave %ld\n",
                       label, op, after, model_count());
            mismatches++;
        }
        if (r >= 85)
            continue;
        if (after > max_seen)
            max_seen = after;
        if (after > limit) {
            if (over < 5)
                printf("FAIL  %s: op %d: SSL_CTX_sess_number %ld > %ld after an add\n",
                       label, op, after, limit);
            over++;
        }
    }
    if (over > 0) {
        printf("FAIL  %s: the cache exceeded its limit after %d add(s) (max %ld)\n",
               label, over, max_seen);
        failures++;
    }
    if (mismatches > 0) {
        printf("FAIL  %s: %d time(s) the count disagreed with adds, removes and callbacks\n",
               label, mismatches);
        failures++;
    }
    /* the named 0x304 sessions the model holds are exactly those that match */
    {
        SSL *ssl = SSL_new(ctx);

        FATAL_IF(ssl == NULL, "SSL_new");
        for (i = N_EMPTY; i < N_EMPTY + N_NAMED; i++) {
            unsigned int len = 0;
            const unsigned char *id = SSL_SESSION_get_id(all[i], &len);

            if (SSL_SESSION_get_protocol_version(all[i]) == TLS1_3_VERSION)
                CHECK_EQ(SSL_has_matching_session_id(ssl, id, len), cached[i],
                         "a named session matches exactly when the model holds it");
        }
        CHECK_EQ(SSL_has_matching_session_id(ssl, (const unsigned char *)"", 0),
                 cached[5] || cached[5 + N_VERSIONS],
                 "the empty 0x304 id matches exactly when the model holds one");
        SSL_free(ssl);
    }
    CHECK(size <= 1 || max_seen == limit, "the cache never filled (max %ld, limit %ld)",
          max_seen, limit);
    CHECK(SSL_CTX_sess_cache_full(ctx) > 0, "no eviction happened");
    CHECK(empty_adds > 0 && model_replaced > 0, "no empty-id add or replacement happened");
    printf("      %s: %ld adds (%ld new empty-id, %ld replacing), %ld removes (+%ld empty-id), "
           "%ld flushes, %ld evictions, max %ld\n",
           label, adds, empty_adds, model_replaced, remove_calls, empty_removes, flushes,
           SSL_CTX_sess_cache_full(ctx), max_seen);
    {
        long left = SSL_CTX_sess_number(ctx);
        int before = cb_calls;

        SSL_CTX_free(ctx);
        CHECK_EQ(cb_calls - before, left, "callbacks of the final free");
        CHECK_EQ(model_count(), 0, "sessions the final free did not report");
    }
    model_n = 0;
    for (i = 0; i < N_EMPTY + N_NAMED; i++)
        SSL_SESSION_free(all[i]);
}

int main(void)
{
    static const long sizes[] = { 1, 2, 3, 4, 5, 8, 16 };
    size_t i;

    signal(SIGALRM, on_alarm);
    alarm(10);
    collisions_and_remove();
    eviction_at_tail();
    eviction_at_head();
    for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
        random_mix(sizes[i], 0x5e551 + i);

    alarm(0);
    ERR_clear_error();
    printf("%s: %d failed check(s)\n", failures ? "FAIL" : "ok", failures);
    return failures == 0 ? 0 : 1;
}
