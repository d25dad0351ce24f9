/*
 * cache_two_contexts.c - sessl-only: one session, two SSL_CTX caches.
 *
 * OpenSSL 3.0 lets one SSL_SESSION object sit in two caches at once, which
 * corrupts both expiry lists (the session has a single prev/next pair). sessl
 * keeps a session in one cache at a time: SSL_CTX_add_session of a session
 * cached by another context returns 0 and changes nothing (see
 * src/core/cache.rs and the comment on SSL_CTX_add_session in the header).
 *
 * Checks:
 *   - s cached in A: add(B, s) returns 0, B stays empty and gets no callback,
 *     A's entry is intact; add(A, s) returns 0 (already cached);
 *   - remove(A, s) returns 1, then add(B, s) returns 1 and add(A, s) returns 0;
 *   - remove(B, s) while s is cached in A: 0 (removal is by key, B has no
 *     entry) and A's entry stays;
 *   - a dup of a session cached in A can be added to B; remove(B, original)
 *     removes the dup from B (by key) and leaves A alone; chains of
 *     same-key replacements across the two caches;
 *   - SSL_CTX_free(A) while s is cached in A: then add(B, s) returns 1; with
 *     an SSL still holding A, A keeps s until the SSL goes;
 *   - SSL_SESSION_set_time / set_timeout of s re-orders s only in the cache
 *     that holds it (flush and eviction order in both caches), also after s
 *     moved from A to B;
 *   - threads: two concurrent adds of one session to A and B: exactly one
 *     wins; SSL_CTX_free(A) racing add(B, s) for s cached in A: s ends up in
 *     B or nowhere, never lost.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_check.h"

DEFINE_ON_ALARM("FAIL  timeout: deadlock?\n")

/* ---------------------------------------------------------------- callbacks */

static SSL_CTX *ctx_a, *ctx_b;
static char log_a[512], log_b[512];
static long calls_a, calls_b;   /* __atomic in the threaded parts */

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    char *log = ctx == ctx_a ? log_a : ctx == ctx_b ? log_b : NULL;

    if (ctx == ctx_a)
        __atomic_add_fetch(&calls_a, 1, __ATOMIC_SEQ_CST);
    else if (ctx == ctx_b)
        __atomic_add_fetch(&calls_b, 1, __ATOMIC_SEQ_CST);
    if (log != NULL) {
        size_t used = strlen(log);

        snprintf(log + used, 512 - used, "%s%.*s", used ? "," : "", (int)len, (const char *)id);
    }
}

static SSL_CTX *new_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    return ctx;
}

static void fresh_contexts(const char *name)
{
    section = name;
    ctx_a = new_ctx();
    ctx_b = new_ctx();
    log_a[0] = log_b[0] = 0;
    calls_a = calls_b = 0;
}

/* A TLS 1.3 session with id NAME expiring at t + 100. */
static SSL_SESSION *mk(const char *name, long t)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s, (const unsigned char *)name, (unsigned int)strlen(name)) != 1,
             "set1_id");
    FATAL_IF(SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION) != 1, "set_protocol_version");
    SSL_SESSION_set_time(s, t);
    FATAL_IF(SSL_SESSION_set_timeout(s, 100) != 1, "set_timeout");
    return s;
}

static void expect_logs(const char *a, const char *b)
{
    CHECK(strcmp(log_a, a) == 0, "A's callbacks were [%s], want [%s]", log_a, a);
    CHECK(strcmp(log_b, b) == 0, "B's callbacks were [%s], want [%s]", log_b, b);
}

/* ---------------------------------------------------------------- cases */

static void basic(void)
{
    SSL_SESSION *s = mk("s", 1000);

    fresh_contexts("basic");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 0, "add(B, s) while s is cached in A");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 0, "B's count");
    CHECK_EQ(cached_in(ctx_b, "s"), 0, "s in B");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(cached_in(ctx_a, "s"), 1, "s in A");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 0, "add(A, s) again");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(SSL_SESSION_is_resumable(s), 1, "s resumable after the refused add");
    expect_logs("", "");

    /* a flush of B cannot reach s */
    SSL_CTX_flush_sessions(ctx_b, 0);
    CHECK_EQ(cached_in(ctx_a, "s"), 1, "s in A after flush(B, 0)");
    expect_logs("", "");

    /* remove from B: found nothing there (0), A keeps s; the argument is
     * marked not resumable and B's callback runs, as for any remove */
    CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 0, "remove(B, s) while s is cached in A");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count after remove(B, s)");
    CHECK_EQ(cached_in(ctx_a, "s"), 1, "s in A after remove(B, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 0, "add(B, s) after remove(B, s)");
    expect_logs("", "s");

    /* moving s: remove from A, then B accepts it and A refuses it */
    CHECK_EQ(SSL_CTX_remove_session(ctx_a, s), 1, "remove(A, s)");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 0, "A's count after remove(A, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s) after remove(A, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 0, "add(A, s) while s is cached in B");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 0, "A's count");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");
    CHECK_EQ(cached_in(ctx_b, "s"), 1, "s in B");
    expect_logs("s", "s");

    /* and back again */
    CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 1, "remove(B, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s) after remove(B, s)");
    CHECK_EQ(cached_in(ctx_a, "s") + 2 * cached_in(ctx_b, "s"), 1, "s in A only");

    SSL_CTX_free(ctx_a);
    SSL_CTX_free(ctx_b);
    expect_logs("s,s", "s,s");
    SSL_SESSION_free(s);
}

static void dups(void)
{
    SSL_SESSION *s = mk("s", 1000), *d, *d2;

    fresh_contexts("dup");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s)");
    d = SSL_SESSION_dup(s);
    FATAL_IF(d == NULL, "SSL_SESSION_dup");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, d), 1, "add(B, dup of s)");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");
    CHECK_EQ(cached_in(ctx_a, "s") + cached_in(ctx_b, "s"), 2, "s in A and its dup in B");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, d), 0, "add(A, dup) while the dup is cached in B");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 0, "add(B, s) while s is cached in A");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");
    expect_logs("", "");

    /* removal is by key: remove(B, s) takes the dup out of B, A keeps s */
    CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 1, "remove(B, s) with the dup in B");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 0, "B's count");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(cached_in(ctx_a, "s"), 1, "s in A");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 0, "add(B, s) while s is still cached in A");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, d), 1, "add(B, dup) again: it left B");
    expect_logs("", "s");

    /* a second dup replaces s in A (same key, no callback); s is then free to
     * replace the dup in B, and the first dup to replace the second in A */
    d2 = SSL_SESSION_dup(s);
    FATAL_IF(d2 == NULL, "SSL_SESSION_dup");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, d2), 1, "add(A, second dup) replaces s");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s) replaces the dup");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, d), 1, "add(A, first dup) replaces the second");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 0, "add(A, s): s is in B");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, d), 0, "add(B, d): d is in A");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, d2), 1, "add(B, d2): d2 is in no cache, replaces s");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s): s is in no cache, replaces d");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    expect_logs("", "s");

    SSL_CTX_free(ctx_a);
    SSL_CTX_free(ctx_b);
    expect_logs("s", "s,s");
    CHECK_EQ(SSL_SESSION_is_resumable(d), 1, "d left A by replacement: still resumable");
    SSL_SESSION_free(s);
    SSL_SESSION_free(d);
    SSL_SESSION_free(d2);
}

static void free_holder(void)
{
    SSL_SESSION *s = mk("s", 1000), *t = mk("t", 1100);
    SSL *ssl;

    fresh_contexts("SSL_CTX_free of the holder");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, t), 1, "add(A, t)");
    SSL_CTX_free(ctx_a);
    ctx_a = NULL;
    CHECK_EQ(SSL_SESSION_is_resumable(s), 0, "s after A's final free");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s) after SSL_CTX_free(A)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, t), 1, "add(B, t) after SSL_CTX_free(A)");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 2, "B's count");

    /* an SSL keeps A alive: A's free is not its last, s stays in A */
    ctx_a = new_ctx();
    CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 1, "remove(B, s)");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s)");
    ssl = SSL_new(ctx_a);
    FATAL_IF(ssl == NULL, "SSL_new");
    SSL_CTX_free(ctx_a);
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 0, "add(B, s) while an SSL keeps A (and s) alive");
    CHECK_EQ(SSL_has_matching_session_id(ssl, (const unsigned char *)"s", 1), 1,
             "s in A through the SSL");
    SSL_free(ssl);   /* A's last reference */
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s) after the SSL freed A");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 2, "B's count");
    ctx_a = NULL;
    SSL_CTX_free(ctx_b);
    SSL_SESSION_free(s);
    SSL_SESSION_free(t);
}

static void set_time_reorders(void)
{
    SSL_SESSION *s = mk("s", 1000);
    SSL_SESSION *a2 = mk("a2", 1100), *a3 = mk("a3", 1200), *a4 = mk("a4", 1300), *a5 = mk("a5", 5000);
    SSL_SESSION *b1 = mk("b1", 1050), *b2 = mk("b2", 1150), *b3 = mk("b3", 2900), *b4 = mk("b4", 3900);

    fresh_contexts("set_time re-orders");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s)");       /* 1100 */
    CHECK_EQ(SSL_CTX_add_session(ctx_a, a2), 1, "add(A, a2)");     /* 1200 */
    CHECK_EQ(SSL_CTX_add_session(ctx_b, b1), 1, "add(B, b1)");     /* 1150 */
    CHECK_EQ(SSL_CTX_add_session(ctx_b, b2), 1, "add(B, b2)");     /* 1250 */
    CHECK_EQ(SSL_SESSION_set_time(s, 2000), 2000, "set_time(s, 2000)");   /* s: 2100 */

    /* B is unaffected by s's move; s cannot be flushed from B */
    SSL_CTX_flush_sessions(ctx_b, 1151);
    expect_logs("", "b1");
    SSL_CTX_flush_sessions(ctx_a, 1201);   /* a2 (1200) goes, s (2100) stays */
    expect_logs("a2", "b1");
    CHECK_EQ(cached_in(ctx_a, "s"), 1, "s in A after flush(A, 1201)");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");

    /* eviction order in A follows s's new expiry: size 3 holds 2 */
    SSL_CTX_sess_set_cache_size(ctx_a, 3);
    SSL_CTX_sess_set_cache_size(ctx_b, 3);
    CHECK_EQ(SSL_CTX_add_session(ctx_a, a3), 1, "add(A, a3)");     /* 1300 */
    CHECK_EQ(SSL_CTX_add_session(ctx_a, a4), 1, "add(A, a4)");     /* 1400: evicts a3 */
    expect_logs("a2,a3", "b1");
    CHECK_EQ(SSL_SESSION_set_timeout(s, 1), 1, "set_timeout(s, 1)");   /* s: 2001 */
    CHECK_EQ(SSL_SESSION_set_time(s, 0), 0, "set_time(s, 0)");         /* s: 1 */
    /* B: b2 (1250), b3 (3000); the change to s must not move anything in B */
    CHECK_EQ(SSL_CTX_add_session(ctx_b, b3), 1, "add(B, b3)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, b4), 1, "add(B, b4)");   /* evicts b2 */
    expect_logs("a2,a3", "b1,b2");
    CHECK_EQ(SSL_CTX_add_session(ctx_a, a5), 1, "add(A, a5)");   /* evicts s (1), not a4 */
    expect_logs("a2,a3,s", "b1,b2");
    CHECK_EQ(cached_in(ctx_a, "a4") + cached_in(ctx_a, "a5"), 2, "a4 and a5 in A");

    /* move s to B; now its time moves it in B only */
    SSL_SESSION_set_time(s, 10000);   /* s: 10001 */
    CHECK_EQ(SSL_CTX_remove_session(ctx_b, b3), 1, "remove(B, b3)");
    CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s)");   /* B: b4 (4000), s (10001) */
    expect_logs("a2,a3,s", "b1,b2,b3");
    SSL_SESSION_set_time(s, 0);       /* s: 1, first in B */
    SSL_CTX_flush_sessions(ctx_a, 4500);   /* A: a4 (1400) goes, a5 (5100) stays */
    expect_logs("a2,a3,s,a4", "b1,b2,b3");
    SSL_CTX_flush_sessions(ctx_b, 2);      /* s (1) goes, b4 stays */
    expect_logs("a2,a3,s,a4", "b1,b2,b3,s");
    CHECK_EQ(SSL_CTX_sess_number(ctx_a), 1, "A's count");
    CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count");

    SSL_CTX_free(ctx_a);
    SSL_CTX_free(ctx_b);
    expect_logs("a2,a3,s,a4,a5", "b1,b2,b3,s,b4");
    SSL_SESSION_free(s);
    SSL_SESSION_free(a2); SSL_SESSION_free(a3); SSL_SESSION_free(a4); SSL_SESSION_free(a5);
    SSL_SESSION_free(b1); SSL_SESSION_free(b2); SSL_SESSION_free(b3); SSL_SESSION_free(b4);
}

/* ---------------------------------------------------------------- threads */

#define RACE_ROUNDS 600

struct racer {
    pthread_t thread;
    pthread_barrier_t *barrier;
    SSL_CTX **ctx;        /* the context this racer adds to (re-read each round) */
    SSL_SESSION *s;
    int result[RACE_ROUNDS];
    int free_instead;     /* frees *ctx instead of adding */
};

static void *racer_main(void *arg)
{
    struct racer *r = arg;
    int i;

    for (i = 0; i < RACE_ROUNDS; i++) {
        pthread_barrier_wait(r->barrier);   /* round set up */
        if (r->free_instead)
            SSL_CTX_free(*r->ctx);
        else
            r->result[i] = SSL_CTX_add_session(*r->ctx, r->s);
        pthread_barrier_wait(r->barrier);   /* round done */
        pthread_barrier_wait(r->barrier);   /* checked */
    }
    return NULL;
}

/* Two threads add one session to A and to B at the same moment. */
static void race_two_adds(void)
{
    pthread_barrier_t barrier;
    struct racer ra, rb;
    SSL_SESSION *s = mk("s", 1000);
    int i, wins_a = 0, wins_b = 0, both = 0, none = 0;

    fresh_contexts("concurrent adds");
    memset(&ra, 0, sizeof(ra));
    memset(&rb, 0, sizeof(rb));
    FATAL_IF(pthread_barrier_init(&barrier, NULL, 3) != 0, "pthread_barrier_init");
    ra.barrier = rb.barrier = &barrier;
    ra.ctx = &ctx_a;
    rb.ctx = &ctx_b;
    ra.s = rb.s = s;
    FATAL_IF(pthread_create(&ra.thread, NULL, racer_main, &ra) != 0, "pthread_create");
    FATAL_IF(pthread_create(&rb.thread, NULL, racer_main, &rb) != 0, "pthread_create");
    for (i = 0; i < RACE_ROUNDS; i++) {
        long na, nb;

        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier);
        na = SSL_CTX_sess_number(ctx_a);
        nb = SSL_CTX_sess_number(ctx_b);
        if (ra.result[i] && rb.result[i])
            both++;
        else if (ra.result[i])
            wins_a++;
        else if (rb.result[i])
            wins_b++;
        else
            none++;
        CHECK(na == ra.result[i] && nb == rb.result[i],
              "round %d: adds returned A=%d B=%d but the counts are A=%ld B=%ld",
              i, ra.result[i], rb.result[i], na, nb);
        /* take s out of whichever cache holds it for the next round */
        if (ra.result[i])
            SSL_CTX_remove_session(ctx_a, s);
        if (rb.result[i])
            SSL_CTX_remove_session(ctx_b, s);
        pthread_barrier_wait(&barrier);
    }
    pthread_join(ra.thread, NULL);
    pthread_join(rb.thread, NULL);
    pthread_barrier_destroy(&barrier);
    printf("      concurrent adds: %d rounds, A won %d, B won %d\n", RACE_ROUNDS, wins_a, wins_b);
    CHECK(both == 0, "in %d round(s) both contexts accepted the session", both);
    CHECK(none == 0, "in %d round(s) neither context accepted the session", none);
    SSL_CTX_free(ctx_a);
    SSL_CTX_free(ctx_b);
    SSL_SESSION_free(s);
}

/* SSL_CTX_free(A) (its last reference) while another thread adds s, cached in
 * A, to B: the add returns 1 (A already let s go) or 0 (A still held it);
 * afterwards s is in B or in no cache. */
static void race_free_and_add(void)
{
    pthread_barrier_t barrier;
    struct racer rfree, radd;
    SSL_SESSION *s = mk("s", 1000);
    int i, won = 0, lost = 0;

    fresh_contexts("SSL_CTX_free racing add");
    memset(&rfree, 0, sizeof(rfree));
    memset(&radd, 0, sizeof(radd));
    FATAL_IF(pthread_barrier_init(&barrier, NULL, 3) != 0, "pthread_barrier_init");
    rfree.barrier = radd.barrier = &barrier;
    rfree.ctx = &ctx_a;
    rfree.free_instead = 1;
    radd.ctx = &ctx_b;
    radd.s = s;
    FATAL_IF(pthread_create(&rfree.thread, NULL, racer_main, &rfree) != 0, "pthread_create");
    FATAL_IF(pthread_create(&radd.thread, NULL, racer_main, &radd) != 0, "pthread_create");
    for (i = 0; i < RACE_ROUNDS; i++) {
        CHECK_EQ(SSL_CTX_add_session(ctx_a, s), 1, "add(A, s) before the race");
        pthread_barrier_wait(&barrier);
        pthread_barrier_wait(&barrier);
        /* A is gone */
        if (radd.result[i]) {
            won++;
            CHECK_EQ(SSL_CTX_sess_number(ctx_b), 1, "B's count after a winning add");
            CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 1, "remove(B, s) after a winning add");
        } else {
            lost++;
            CHECK_EQ(SSL_CTX_sess_number(ctx_b), 0, "B's count after a refused add");
        }
        CHECK_EQ(SSL_CTX_add_session(ctx_b, s), 1, "add(B, s) after A is freed");
        CHECK_EQ(SSL_CTX_remove_session(ctx_b, s), 1, "remove(B, s)");
        ctx_a = new_ctx();
        pthread_barrier_wait(&barrier);
    }
    pthread_join(rfree.thread, NULL);
    pthread_join(radd.thread, NULL);
    pthread_barrier_destroy(&barrier);
    printf("      SSL_CTX_free racing add: %d rounds, add won %d, refused %d\n", RACE_ROUNDS, won, lost);
    SSL_CTX_free(ctx_a);   /* the one made for a round that never came */
    SSL_CTX_free(ctx_b);
    SSL_SESSION_free(s);
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(20);

    basic();
    dups();
    free_holder();
    set_time_reorders();
    race_two_adds();
    race_free_and_add();

    alarm(0);
    ERR_clear_error();
    printf("%s: %d failed check(s)\n", failures ? "FAIL" : "ok", failures);
    return failures == 0 ? 0 : 1;
}
