/*
 * cache_reentrant_callbacks.c - sessl-only: a remove callback that re-enters
 * the session cache.
 *
 * COMPATIBILITY / spec section 4: OpenSSL 3.0 runs remove_cb while it holds
 * the cache lock during eviction and flush, so a callback that calls back
 * into the cache deadlocks. sessl runs remove callbacks after the lock is
 * released, and drops the cache's reference to a removed session only after
 * its callback returned.
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
 * callbacks then nest; in the flush scenario the nested callback for o2 adds
 * o2 to the main context), and every callback frees the application's reference
 * to a session the application handed over to it, then reads that session
 * (the cache's reference must keep it alive until the callback returns).
 *
 * In the final free the adds are refused (0): a context being freed takes no
 * more sessions, so the free ends whatever its callbacks do; there a session
 * re-timed by a callback must still be removed.
 *
 * Afterwards: the return values, SSL_CTX_sess_number, which ids are still
 * cached, the exact order of all callbacks, the not-resumable marks, and that
 * sessions taken out of a cache can be added to a fresh context.
 *
 * alarm(10): a deadlock fails the test instead of hanging it.
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
        CHECK_EQ(SSL_CTX_add_session(main_ctx, s), 1,
                 "add o2 to the main context in its remove_cb from the other's final free");
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
    CHECK_EQ(SSL_CTX_sess_cache_full(ctx), 1, "sess_cache_full in remove_cb");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"n", 1), 1,
             "n matches inside the callback of its own insert");
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 1, "add x in remove_cb");   /* evicts b */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after adding x (b evicted)");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("c")), 1, "remove c in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 4, "count after removing c");
    SSL_CTX_flush_sessions(ctx, 1401);   /* d (1400) goes */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after flush in remove_cb");
    /* shrinking the cache takes effect at the next add */
    CHECK_EQ(SSL_CTX_sess_set_cache_size(ctx, 3), 6, "set_cache_size in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after shrinking");
    free_other(ctx, 3);
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
    hand_over("b");   /* freed by the nested callback of its eviction */
    armed_action = reenter_evict;

    CHECK_EQ(SSL_CTX_sess_number(main_ctx), 5, "count before the evicting add");
    CHECK_EQ(SSL_CTX_add_session(main_ctx, by_name("n")), 1, "the evicting add of n");
    CHECK(armed == 0, "the remove callback never ran");
    expect_log("a,b,c,d,other:o1,other:o2");
    expect_cached(main_ctx, "e,n,x", "c,d,e,n,x,y");
    CHECK_EQ(SSL_CTX_sess_cache_full(main_ctx), 2, "sess_cache_full after");
    CHECK(find(by_name("a"))->freed_by_cb && find(by_name("b"))->freed_by_cb,
          "the handed-over a and b were not both freed by the callbacks");
    expect_resumable("c", 0); expect_resumable("d", 0);
    expect_resumable("e", 1); expect_resumable("n", 1); expect_resumable("x", 1);

    /* the size set inside the callback (3, holds 2) applies now: e and n go */
    cb_log[0] = 0;
    CHECK_EQ(SSL_CTX_add_session(main_ctx, by_name("y")), 1, "add y after shrinking");
    expect_log("e,n");
    expect_cached(main_ctx, "x,y", "e,n,x,y");

    SSL_free(probe_ssl);
    probe_ssl = NULL;
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("x,y");
    release_all();
}

static void reenter_flush(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    /* the flush takes its sessions out one at a time, as OpenSSL's: a is out,
     * b (next) still cached */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count in remove_cb (a flushed, b not yet)");
    CHECK_EQ(SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"b", 1), 1,
             "b (to be flushed after a) matches");
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 1, "add x in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 6, "count after adding x");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("c")), 1, "remove c in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after removing c");
    SSL_SESSION_set_time(by_name("b"), 8000);   /* moves b after everything: the flush keeps it */
    SSL_CTX_flush_sessions(ctx, 1401);           /* d (1400) goes */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 4, "count after flush in remove_cb");
    /* a, flushed, its callback running: adding it again is a new entry, which
     * this flush leaves (though it expired) to the next one */
    CHECK_EQ(SSL_CTX_add_session(ctx, s), 1, "re-add a in its own remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 5, "count after re-adding a");
    o2_to_main = 1;
    free_other(ctx, 6);   /* o2 joins the main context */
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

    /* a (1100) and b (1200); b is re-timed, a and o2 added, by the callbacks */
    SSL_CTX_flush_sessions(main_ctx, 1250);
    CHECK(armed == 0, "the remove callback never ran");
    expect_log("a,c,d,other:o1,other:o2");
    expect_cached(main_ctx, "a,b,e,f,x,o2", "a,b,c,d,e,f,x,o2");
    expect_resumable("o2", 0);   /* flushed by the other context's free */
    CHECK(find(by_name("a"))->freed_by_cb, "the handed-over a was not freed by the callback");
    expect_resumable("a", 0); expect_resumable("c", 0); expect_resumable("d", 0);
    expect_resumable("b", 1); expect_resumable("e", 1); expect_resumable("f", 1);

    SSL_free(probe_ssl);
    probe_ssl = NULL;
    cb_log[0] = 0;
    SSL_CTX_flush_sessions(main_ctx, 1250);   /* the next flush takes a and o2 (1200) */
    expect_log("a,o2");
    cb_log[0] = 0;
    SSL_CTX_free(main_ctx);
    expect_log("e,f,x,b");
    release_all();
}

static void reenter_free(SSL_CTX *ctx, SSL_SESSION *s)
{
    CHECK(ctx == main_ctx && s == by_name("a"), "armed callback got the wrong arguments");
    /* the final free takes the sessions out one at a time, as OpenSSL's */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count in remove_cb of the final SSL_CTX_free");
    CHECK(SSL_CTX_sess_get_remove_cb(ctx) == remove_cb, "get_remove_cb inside remove_cb");
    /* a context being freed takes no more sessions: OpenSSL's nested add fails
     * too, and so the free ends even when every callback adds its session back */
    CHECK_EQ(SSL_CTX_add_session(ctx, by_name("x")), 0, "add x in remove_cb of the final free");
    CHECK_EQ(SSL_CTX_add_session(ctx, s), 0, "add a back in its remove_cb of the final free");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 3, "count after the refused adds");
    CHECK_EQ(SSL_CTX_remove_session(ctx, by_name("b")), 1, "remove b in remove_cb");
    CHECK_EQ(SSL_CTX_sess_number(ctx), 2, "count after removing b");
    /* d, re-timed while the final free runs, is still removed by it */
    SSL_SESSION_set_time(by_name("d"), 9000);
    SSL_CTX_flush_sessions(ctx, 2000);   /* c (1300) goes, d (9100) stays */
    CHECK_EQ(SSL_CTX_sess_number(ctx), 1, "count after flush in remove_cb");
    free_other(ctx, 1);
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
    expect_log("a,b,c,other:o1,other:o2,d");
    expect_resumable("b", 0); expect_resumable("d", 0);
    expect_resumable("x", 1);   /* its add was refused */
    expect_addable("x"); expect_addable("b"); expect_addable("d"); expect_addable("o2");
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

    ERR_clear_error();
    alarm(0);
    printf("%s: %d failed check(s)\n", failures ? "FAIL" : "ok", failures);
    return failures == 0 ? 0 : 1;
}
