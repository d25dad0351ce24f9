/*
 * cache_reentrant_callbacks.c - sessl-only: a remove callback that re-enters
 * the session cache.
 *
 * COMPATIBILITY / spec section 4: OpenSSL 3.0 runs remove_cb while it holds
 * the cache lock during eviction, flush and the final free, so a cache call on
 * the same context from the callback fails there (glibc's rwlock refuses the
 * nested lock; POSIX leaves it undefined), and one from another thread waits.
 * sessl runs remove callbacks after the lock is released (other threads go
 * on), drops the cache's reference to a removed session only after its
 * callback returned, and gives the callback's own thread OpenSSL's failures:
 * the expectations below are OpenSSL's results on glibc (built against
 * OpenSSL, this test passes too). SSL_CTX_remove_session runs its callback
 * after the unlock in OpenSSL as well, so there every nested call works.
 *
 * Each scenario builds a context with known sessions (ids "a", "b", ...,
 * fixed expiry times) and a second context "other" with two cached sessions,
 * then triggers the remove callback through one path:
 *   remove   SSL_CTX_remove_session
 *   evict    SSL_CTX_add_session into a full cache
 *   flush    SSL_CTX_flush_sessions
 *   free     the final SSL_CTX_free
 * The first callback of the scenario (the "armed" one) re-enters: it calls
 * SSL_CTX_add_session (another session), SSL_CTX_remove_session,
 * SSL_CTX_flush_sessions, SSL_CTX_sess_number, SSL_SESSION_set_time of a
 * cached session, SSL_CTX_sess_set/get_remove_cb, SSL_has_matching_session_id
 * (when the scenario has an SSL), SSL_CTX_free of an extra reference to its
 * own context (remove scenario), SSL_CTX_free of the other context (whose
 * callbacks then nest; in the flush scenario the nested callback for o2 tries
 * to add o2 to the main context, which refuses), and every callback frees
 * the application's reference to a session the application handed over to
 * it, then reads that session
 * (the cache's reference must keep it alive until the callback returns).
 *
 * In eviction, flush and the final free, the nested calls on the same
 * context fail (add, remove and set_time return 0, flush and
 * SSL_has_matching_session_id find nothing, none calls a callback) while those
 * on the other context work; a cache size lowered by an eviction callback
 * makes that eviction go on, and the eviction is counted (sess_cache_full)
 * after its callback, as in OpenSSL.
 *
 * Another thread is not blocked by a callback running (the deviation that
 * remains): during a flush callback, a thread adds, removes, looks up and
 * re-times sessions of the same context, and the flush leaves what it added
 * or re-timed to the next one.
 *
 * Afterwards: the return values, SSL_CTX_sess_number, which ids are still
 * cached, the exact order of all callbacks, the not-resumable marks, and that
 * sessions taken out of a cache can be added to a fresh context.
 *
 * alarm(10): a deadlock fails the test instead of hanging it.
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

DEFINE_ON_ALARM("FAIL  timeout: deadlock in a re-entrant remove callback?\n")

/* ---------------------------------------------------------------- registry */

#define MAX_SESS 32

struct tracked {
    SSL_SESSION *s;
    char name[8];
    long expiry_time;   /* the time set on it (timeout is 100) */
    int handed_over;    /* the app gave its reference to the callback */
    int freed_by_cb;    /* the callback released that reference */
};

static struct tracked reg[MAX_SESS];
static int n_reg;

static struct tracked *find(const SSL_SESSION *s)
{
    int i;

    for (i = 0; i < n_reg; i++)
        if (reg[i].s == s)
            return &reg[i];
    return NULL;
}

/* A session with id NAME, time T and timeout 100 (so it expires at T + 100). */
static SSL_SESSION *mk(const char *name, long t)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(n_reg >= MAX_SESS, "registry full");
    FATAL_IF(SSL_SESSION_set1_id(s, (const unsigned char *)name, (unsigned int)strlen(name)) != 1,
             "set1_id");
    SSL_SESSION_set_time(s, t);
    FATAL_IF(SSL_SESSION_set_timeout(s, 100) != 1, "set_timeout");
    memset(&reg[n_reg], 0, sizeof(reg[n_reg]));
    reg[n_reg].s = s;
    strncpy(reg[n_reg].name, name, sizeof(reg[n_reg].name) - 1);
    reg[n_reg].expiry_time = t;
    n_reg++;
    return s;
}

static SSL_SESSION *by_name(const char *name)
{
    int i;

    for (i = 0; i < n_reg; i++)
        if (strcmp(reg[i].name, name) == 0)
            return reg[i].s;
    FATAL_IF(1, name);
    return NULL;
}

/* Gives the application's reference to NAME to the remove callback. */
static void hand_over(const char *name)
{
    struct tracked *t = find(by_name(name));

    t->handed_over = 1;
}

/* Frees the app's references to every session it did not hand over (or that
 * the callback never received, which a CHECK has already reported). */
static void release_all(void)
{
    int i;

    for (i = 0; i < n_reg; i++) {
        if (reg[i].handed_over && reg[i].freed_by_cb)
            continue;
        SSL_SESSION_free(reg[i].s);
    }
    n_reg = 0;
}

/* ---------------------------------------------------------------- callback */

static char cb_log[1024];
static int cb_depth;
static int armed;                  /* the next callback runs the re-entry */
static void (*armed_action)(SSL_CTX *ctx, SSL_SESSION *s);
static SSL_CTX *main_ctx, *other_ctx;
/* flush scenario: the callback for other:o2 (nested, during the other
 * context's final free) adds o2 to the main context */
static int o2_to_main;

static void log_call(SSL_CTX *ctx, SSL_SESSION *s)
{
    struct tracked *t = find(s);
    const char *who = t != NULL ? t->name : "?";
    const char *where = ctx == main_ctx ? "" : ctx == other_ctx ? "other:" : "ctx?:";
    size_t used = strlen(cb_log);

    snprintf(cb_log + used, sizeof(cb_log) - used, "%s%s%s", used ? "," : "", where, who);
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    struct tracked *t = find(s);
    unsigned int len = 0;
    const unsigned char *id;

    log_call(ctx, s);
    CHECK(t != NULL, "remove_cb got an unknown session %p", (void *)s);
    if (t == NULL)
        return;
    /* The session passed must be the one its id says. */
    id = SSL_SESSION_get_id(s, &len);
    CHECK(id != NULL && len == strlen(t->name) && memcmp(id, t->name, len) == 0,
          "remove_cb: session %s has a wrong id", t->name);

    if (t->handed_over && !t->freed_by_cb) {
        t->freed_by_cb = 1;
        SSL_SESSION_free(s);
        /* The cache still holds its reference until this callback returns. */
        id = SSL_SESSION_get_id(s, &len);
        CHECK(id != NULL && len == strlen(t->name) && memcmp(id, t->name, len) == 0,
              "remove_cb: handed-over session %s unreadable after SSL_SESSION_free", t->name);
        CHECK_EQ(SSL_SESSION_get_timeout(s), 100, "timeout of the handed-over session");
    }

    if (o2_to_main && ctx == other_ctx && strcmp(t->name, "o2") == 0) {
        o2_to_main = 0;
        CHECK_EQ(SSL_CTX_add_session(main_ctx, s), 0,
                 "add o2 to the main context (whose flush is running) in its remove_cb from "
                 "the other's final free");
    }

    if (armed && cb_depth == 0) {
        armed = 0;
        cb_depth++;
        armed_action(ctx, s);
        cb_depth--;
    }
}

/* ---------------------------------------------------------------- helpers */

static SSL_CTX *new_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    return ctx;
}

static void add_ok(SSL_CTX *ctx, const char *name)
{
    CHECK(SSL_CTX_add_session(ctx, by_name(name)) == 1, "SSL_CTX_add_session(%s) != 1", name);
}

/* "a,b,..." must be exactly the ids cached in ctx, and its session count. */
static void expect_cached(SSL_CTX *ctx, const char *names, const char *all)
{
    char buf[256];
    char *tok, *save = NULL;
    int n = 0;

    strncpy(buf, all, sizeof(buf) - 1);
    buf[sizeof(buf) - 1] = 0;
    for (tok = strtok_r(buf, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        int want = strstr(names, tok) != NULL;   /* single-letter names: exact enough */
        int got = cached_in(ctx, tok);

        CHECK(got == want, "session %s: cached %d, want %d", tok, got, want);
        n += want;
    }
    CHECK_EQ(SSL_CTX_sess_number(ctx), n, "SSL_CTX_sess_number");
}

static void expect_log(const char *want)
{
    CHECK(strcmp(cb_log, want) == 0, "callbacks were [%s], want [%s]", cb_log, want);
}

/* NAME must be marked not resumable (taken out of a cache) or not. */
static void expect_resumable(const char *name, int want)
{
    CHECK_EQ(SSL_SESSION_is_resumable(by_name(name)), want, name);
}

/* A session taken out of every cache can be added to a fresh context. */
static void expect_addable(const char *name)
{
    SSL_CTX *fresh = SSL_CTX_new(TLS_method());

    FATAL_IF(fresh == NULL, "SSL_CTX_new");
    CHECK(SSL_CTX_add_session(fresh, by_name(name)) == 1,
          "session %s cannot be added to a fresh context", name);
    SSL_CTX_free(fresh);
}

static void set_version(const char *names)
{
    const char *p;

    for (p = names; *p; p++) {
        char n[2] = { *p, 0 };

        if (*p == ',')
            continue;
        SSL_SESSION_set_protocol_version(by_name(n), TLS1_3_VERSION);
    }
}

/* The other context: o1 (handed over) and o2 cached. */
static void make_other(void)
{
    SSL_SESSION *o1 = mk("o1", 1000), *o2 = mk("o2", 1100);

    SSL_SESSION_set_protocol_version(o1, TLS1_3_VERSION);
    SSL_SESSION_set_protocol_version(o2, TLS1_3_VERSION);
    other_ctx = new_ctx();
    CHECK(SSL_CTX_add_session(other_ctx, o1) == 1, "add o1 to other");
    CHECK(SSL_CTX_add_session(other_ctx, o2) == 1, "add o2 to other");
    hand_over("o1");
}

static void begin(const char *name)
{
    section = name;
    cb_log[0] = 0;
    cb_depth = 0;
    armed = 1;
    o2_to_main = 0;
    n_reg = 0;
    main_ctx = other_ctx = NULL;
}

/* ---------------------------------------------------------------- re-entry */

static SSL *probe_ssl;   /* an SSL of the main context, NULL in the free path */

/* The common tail of every re-entry: free the other context (its callbacks
 * nest here, o1 freed inside one of them), then the count again. */
static void free_other(SSL_CTX *ctx, long want_count)
{
    SSL_CTX_free(other_ctx);
    CHECK_EQ(SSL_CTX_sess_number(ctx), want_count, "count after SSL_CTX_free(other) in remove_cb");
}

static void reenter_remove(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count in remove_cb (a removed)");
    CHECK(SSL_CTX_sess_get_remove_cb(ctx) == remove_cb, "get_remove_cb inside remove_cb");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    SSL_CTX_free(ctx);   /* the extra reference taken before the trigger: not the last */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after dropping an extra reference in remove_cb");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"a", 1), 0,
             "a still matches inside its remove_cb");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"d", 1), 1,
             "d matches inside remove_cb");
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 1, "add x in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 4, "count after adding x");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("b")), 1, "remove b in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after removing b");
    /* d (expires 1400) moves to 9000: the flush below must keep it */
    SSL_SESSION_set_time(by_name("d"), 9000);
    SSL_CTX_flush_sessions(ctx, 1401);   /* c (1300) goes; d and x stay */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 2, "count after flush in remove_cb");
    free_other(ctx, 2);
}

static void scenario_remove(void)
{
    begin("remove");
    mk("a", 1000); mk("b", 1100); mk("c", 1200); mk("d", 1300); mk("x", 5000);
    set_version("a,b,c,d,x");
    make_other();
    main_ctx = new_ctx();
    probe_ssl = SSL_new(main_ctx);
    FATAL_IF(probe_ssl == NULL, "SSL_new");
    add_ok(main_ctx, "a"); add_ok(main_ctx, "b"); add_ok(main_ctx, "c"); add_ok(main_ctx, "d");
    hand_over("a");
    armed_action = reenter_remove;
    FATAL_IF(SSL_CTX_up_ref(main_ctx) != 1, "SSL_CTX_up_ref");   /* dropped by the callback */

    CHECK_EQ(SSL_CTX_remove_session(main_ctx, by_name("a")), 1, "SSL_CTX_remove_session(a)");
    /* a: the app's reference went to the callback; a must not be touched now. */
    CHECK(armed == 0, "the remove callback never ran");
    expect_log("a,b,c,other:o1,other:o2");
    expect_cached(main_ctx, "d,x", "b,c,d,x");
    expect_resumable("b", 0); expect_resumable("c", 0);
    expect_resumable("d", 1); expect_resumable("x", 1); expect_resumable("o2", 0);
    expect_addable("o2"); expect_addable("b");
    CHECK(find(by_name("a"))->freed_by_cb, "the handed-over a was not freed by the callback");
    CHECK(find(by_name("o1"))->freed_by_cb, "the handed-over o1 was not freed by the callback");

    SSL_free(probe_ssl);
    probe_ssl = NULL;
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("x,d");   /* d now expires at 9100, after x (5100) */
    expect_resumable("d", 0); expect_resumable("x", 0);
    release_all();
}

static void reenter_evict(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    /* size 6 holds 5: a was evicted by n's insert */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count in remove_cb (a evicted)");
    /* counted after its callback */
    CHECK_EQ(SSL_CTX_sess_cache_full(ctx), 0, "sess_cache_full in remove_cb");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"n", 1), 0,
             "n matches inside the callback of its own insert");
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 0, "add x in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after the refused add of x");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("c")), 0, "remove c in remove_cb");
    CHECK_EQ(SSL_SESSION_is_resumable(by_name("c")), 1, "c after the refused remove");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after the refused remove of c");
    SSL_CTX_flush_sessions(ctx, 1401);   /* does nothing */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after flush in remove_cb");
    CHECK_EQ(SSL_SESSION_set_time(by_name("d"), 9000), 0, "set_time of cached d in remove_cb");
    CHECK_EQ(SSL_SESSION_get_time(by_name("d")), 1300, "time of d after the refused set_time");
    /* n, being added, is not the cache's yet: its time can change */
    CHECK_EQ(SSL_SESSION_set_time(by_name("n"), 1500), 1500, "set_time of n in remove_cb");
    /* shrinking the cache: this eviction goes on after the callback, to 2 */
    CHECK_EQ(SSL_CTX_sess_set_cache_size(ctx, 3), 6, "set_cache_size in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after shrinking");
    free_other(ctx, 5);
}

static void scenario_evict(void)
{
    begin("evict");
    mk("a", 1000); mk("b", 1100); mk("c", 1200); mk("d", 1300); mk("e", 1350);
    mk("n", 1500); mk("x", 5000); mk("y", 6000);
    set_version("a,b,c,d,e,n,x,y");
    make_other();
    main_ctx = new_ctx();
    probe_ssl = SSL_new(main_ctx);
    FATAL_IF(probe_ssl == NULL, "SSL_new");
    SSL_CTX_sess_set_cache_size(main_ctx, 6);
    add_ok(main_ctx, "a"); add_ok(main_ctx, "b"); add_ok(main_ctx, "c");
    add_ok(main_ctx, "d"); add_ok(main_ctx, "e");
    hand_over("a");
    hand_over("b");   /* freed by the callback of its eviction */
    armed_action = reenter_evict;

    CHECK_EQ(SSL_CTX_sess_number(main_ctx), 5, "count before the evicting add");
    CHECK_EQ(SSL_CTX_add_session(main_ctx, by_name("n")), 1, "the evicting add of n");
    CHECK(armed == 0, "the remove callback never ran");
    /* the size lowered to 3 by a's callback: b, c and d went too */
    expect_log("a,other:o1,other:o2,b,c,d");
    expect_cached(main_ctx, "e,n", "c,d,e,n,x,y");
    CHECK_EQ(SSL_CTX_sess_cache_full(main_ctx), 4, "sess_cache_full after");
    CHECK(find(by_name("a"))->freed_by_cb && find(by_name("b"))->freed_by_cb,
          "the handed-over a and b were not both freed by the callbacks");
    expect_resumable("c", 0); expect_resumable("d", 0);
    expect_resumable("e", 1); expect_resumable("n", 1); expect_resumable("x", 1);

    /* size 3 holds 2: e goes */
    cb_log[0] = 0;
    CHECK_EQ(SSL_CTX_add_session(main_ctx, by_name("y")), 1, "add y after shrinking");
    expect_log("e");
    expect_cached(main_ctx, "n,y", "c,d,e,n,x,y");

    SSL_free(probe_ssl);
    probe_ssl = NULL;
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("n,y");
    release_all();
}

static void reenter_flush(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    /* the flush takes its sessions out one at a time, as OpenSSL's: a is out,
     * b (next) still cached */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count in remove_cb (a flushed, b not yet)");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"b", 1), 0,
             "b (to be flushed after a) matches");
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 0, "add x in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after the refused add of x");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("c")), 0, "remove c in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after the refused remove of c");
    /* b keeps its time: the flush takes it after a */
    CHECK_EQ(SSL_SESSION_set_time(by_name("b"), 8000), 0, "set_time of cached b in remove_cb");
    CHECK_EQ(SSL_SESSION_set_timeout(by_name("b"), 8000), 0, "set_timeout of cached b");
    SSL_CTX_flush_sessions(ctx, 1401);   /* does nothing */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after flush in remove_cb");
    CHECK_EQ(SSL_CTX_add_session(ctx, s), 0, "re-add a in its own remove_cb");
    CHECK_EQ(SSL_CTX_remove_session(ctx, s), 0, "remove a in its own remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after re-adding a");
    o2_to_main = 1;
    free_other(ctx, 5);   /* o2's add to the main context is refused */
    CHECK(o2_to_main == 0, "the nested callback for o2 never ran");
}

static void scenario_flush(void)
{
    begin("flush");
    mk("a", 1000); mk("b", 1100); mk("c", 1200); mk("d", 1300); mk("e", 1400); mk("f", 1500);
    mk("x", 5000);
    set_version("a,b,c,d,e,f,x");
    make_other();
    main_ctx = new_ctx();
    probe_ssl = SSL_new(main_ctx);
    FATAL_IF(probe_ssl == NULL, "SSL_new");
    add_ok(main_ctx, "a"); add_ok(main_ctx, "b"); add_ok(main_ctx, "c");
    add_ok(main_ctx, "d"); add_ok(main_ctx, "e"); add_ok(main_ctx, "f");
    hand_over("a");
    armed_action = reenter_flush;

    /* a (1100) and b (1200) */
    SSL_CTX_flush_sessions(main_ctx, 1250);
    CHECK(armed == 0, "the remove callback never ran");
    expect_log("a,other:o1,other:o2,b");
    expect_cached(main_ctx, "c,d,e,f", "b,c,d,e,f,x,o2");
    expect_resumable("o2", 0);   /* flushed by the other context's free */
    CHECK(find(by_name("a"))->freed_by_cb, "the handed-over a was not freed by the callback");
    expect_resumable("b", 0); expect_resumable("x", 1);
    expect_resumable("c", 1); expect_resumable("e", 1); expect_resumable("f", 1);
    expect_addable("o2"); expect_addable("b");

    SSL_free(probe_ssl);
    probe_ssl = NULL;
    cb_log[0] = 0;
    SSL_CTX_flush_sessions(main_ctx, 1250);   /* nothing left that expired */
    expect_log("");
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("c,d,e,f");
    release_all();
}

static void reenter_free(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    /* the final free takes the sessions out one at a time, as OpenSSL's */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count in remove_cb of the final SSL_CTX_free");
    CHECK(SSL_CTX_sess_get_remove_cb(ctx) == remove_cb, "get_remove_cb inside remove_cb");
    /* a context being freed takes no more sessions, and nothing else of its
     * cache works from its callbacks: the free ends after one callback each */
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 0, "add x in remove_cb of the final free");
    CHECK_EQ(SSL_CTX_add_session(ctx, s), 0, "add a back in its remove_cb of the final free");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after the refused adds");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("b")), 0, "remove b in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after the refused remove of b");
    CHECK_EQ(SSL_SESSION_set_time(by_name("d"), 9000), 0, "set_time of cached d in remove_cb");
    SSL_CTX_flush_sessions(ctx, 2000);   /* does nothing */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after flush in remove_cb");
    free_other(ctx, 3);
}

static void scenario_free(void)
{
    begin("final free");
    mk("a", 1000); mk("b", 1100); mk("c", 1200); mk("d", 1300); mk("x", 5000);
    set_version("a,b,c,d,x");
    make_other();
    main_ctx = new_ctx();
    add_ok(main_ctx, "a"); add_ok(main_ctx, "b"); add_ok(main_ctx, "c"); add_ok(main_ctx, "d");
    hand_over("a");
    hand_over("c");
    armed_action = reenter_free;

    SSL_CTX_free(main_ctx);
    CHECK(armed == 0, "the remove callback never ran");
    CHECK(find(by_name("a"))->freed_by_cb && find(by_name("c"))->freed_by_cb,
          "the handed-over a and c were not both freed by the callbacks");
    expect_log("a,other:o1,other:o2,b,c,d");
    expect_resumable("b", 0); expect_resumable("d", 0);
    expect_resumable("x", 1);   /* its add was refused */
    expect_addable("x"); expect_addable("b"); expect_addable("d"); expect_addable("o2");
    release_all();
}

/* ---------------------------------------------------------------- another thread */

/* What OpenSSL cannot do: another thread uses the cache while a flush
 * callback runs (OpenSSL's thread would wait for the lock the callback's
 * thread holds, and the join below would deadlock). */
static void *other_thread(void *arg)
{
    SSL_CTX *ctx = (SSL_CTX *)arg;
    SSL *ssl = SSL_new(ctx);

    FATAL_IF(ssl == NULL, "SSL_new");
    CHECK_EQ(SSL_has_matching_session_id(ssl, (const unsigned char *)"c", 1), 1,
             "c matches on another thread");
    SSL_free(ssl);
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 1, "add x on another thread");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("c")), 1, "remove c on another thread");
    CHECK_EQ(SSL_SESSION_set_time(by_name("d"), 9000), 9000, "set_time of d on another thread");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count on another thread");
    return NULL;
}

static void reenter_thread(SSL_CTX *ctx, SSL_SESSION *s)
{
    pthread_t t;

    (void)s;
    FATAL_IF(pthread_create(&t, NULL, other_thread, ctx) != 0, "pthread_create");
    FATAL_IF(pthread_join(t, NULL) != 0, "pthread_join");
    /* this thread still gets OpenSSL's failures */
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("y")), 0, "add y on the callback's thread");
}

static void scenario_thread(void)
{
    begin("another thread");
    mk("a", 1000); mk("b", 1100); mk("c", 1200); mk("d", 1300); mk("x", 1000); mk("y", 1000);
    set_version("a,b,c,d,x,y");
    main_ctx = new_ctx();
    add_ok(main_ctx, "a"); add_ok(main_ctx, "b"); add_ok(main_ctx, "c"); add_ok(main_ctx, "d");
    armed_action = reenter_thread;

    /* everything but x (added during the flush, left to the next) and d
     * (re-timed during the flush) */
    SSL_CTX_flush_sessions(main_ctx, 2000);
    CHECK(armed == 0, "the remove callback never ran");
    expect_log("a,c,b");
    expect_cached(main_ctx, "d,x", "a,b,c,d,x,y");
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("x,d");
    release_all();
}

int main(void)
{
    signal(SIGALRM, on_alarm);
    alarm(10);

    scenario_remove();
    scenario_evict();
    scenario_flush();
    scenario_free();
    scenario_thread();

    ERR_clear_error();
    alarm(0);
    printf("%s: %d failed check(s)\n", failures ? "FAIL" : "ok", failures);
    return failures == 0 ? 0 : 1;
}
