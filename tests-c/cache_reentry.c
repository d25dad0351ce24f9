/*
 * cache_reentry.c - cache calls on a context from inside its own remove
 * callback, where OpenSSL 3.0 holds the context's cache lock: eviction
 * (SSL_CTX_add_session into a full cache), SSL_CTX_flush_sessions and the
 * final SSL_CTX_free. There OpenSSL's nested lock call fails (glibc's rwlock
 * answers EDEADLK to the thread that holds it), and each function that takes
 * the lock returns its failure value having done nothing; the functions that
 * take no lock work. sessl runs callbacks outside its lock but gives the same
 * answers to the thread that runs them.
 *
 * Each scenario caches a..d (expiring 1100..1400) in the main context and
 * triggers one path; the first callback of the main context runs every nested
 * call once and prints what it returned and what it did. A second context
 * ("other") takes calls too: its lock is another lock, so they work (its own
 * callback nests). Afterwards: the callback log, the count and what is cached.
 *
 * Then an eviction callback that lowers the cache size: OpenSSL's eviction
 * loop reads the size again after each callback, and counts each eviction
 * (SSL_CTX_sess_cache_full) after its callback.
 *
 * Then the release of an evicted session, which OpenSSL makes under the
 * lock too, right after its callback: an ex_data free callback adding to
 * the context then fails (a flush releases after the unlock: there it works).
 *
 * Then the recursion case: a callback that removes the session it is passed
 * from its own context, during a flush, an eviction and a final free. The
 * nested remove returns 0 (OpenSSL) and calls no callback, so it ends.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "cache_util.h"

static SSL_CTX *main_ctx, *other_ctx;
static SSL *probe_ssl;
static int armed, in_final_free;
static void (*armed_action)(SSL_CTX *ctx, SSL_SESSION *s);
static SSL_SESSION *sa, *sb, *sc, *sd, *sx, *sn, *so;

static const char *name_of(const SSL_SESSION *s)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    static char buf[8];

    snprintf(buf, sizeof(buf), "%.*s", (int)len, (const char *)id);
    return buf;
}

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    size_t used = strlen(cb_log);

    cb_calls++;
    snprintf(cb_log + used, sizeof(cb_log) - used, " %s%s%s",
             ctx == main_ctx ? "" : ctx == other_ctx ? "other:" : "?:", name_of(s),
             SSL_SESSION_is_resumable(s) ? "(R)" : "");
    if (armed && ctx == main_ctx) {
        armed = 0;
        armed_action(ctx, s);
    }
}

static int matches(const char *id)
{
    return SSL_has_matching_session_id(probe_ssl, (const unsigned char *)id,
                                       (unsigned int)strlen(id));
}

static SSL_SESSION *mk13(const char *id, long time)
{
    SSL_SESSION *s = mk(id, time, 100);

    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    return s;
}

/* One value per call, so that calls run in the order they are printed. */
#define SHOW(label, expr) printf(" %s=%ld", (label), (long)(expr))

/* Every nested call, on the main context and on the other one. */
static int gen_id(SSL *ssl, unsigned char *id, unsigned int *len)
{
    (void)ssl; (void)id; (void)len;
    return 1;
}

static void reenter(SSL_CTX *ctx, SSL_SESSION *s)
{
    SSL_CTX *tmp;
    SSL *ssl;
    long prev;

    printf("  in callback for %s:", name_of(s));
    SHOW("number", SSL_CTX_sess_number(ctx));
    SHOW("cache_full", SSL_CTX_sess_cache_full(ctx));
    SHOW("hits", SSL_CTX_sess_hits(ctx));
    SHOW("misses", SSL_CTX_sess_misses(ctx));
    SHOW("timeouts", SSL_CTX_sess_timeouts(ctx));
    SHOW("cache_size", SSL_CTX_sess_get_cache_size(ctx));
    SHOW("mode", SSL_CTX_get_session_cache_mode(ctx));
    SHOW("timeout", SSL_CTX_get_timeout(ctx));
    printf("\n ");
    SHOW("SSL_CTX_sessions items",
         OPENSSL_LH_num_items((OPENSSL_LHASH *)SSL_CTX_sessions(ctx)));
    SHOW("has_matching(b)", matches("b"));
    SHOW("has_matching(passed)", matches(name_of(s)));
    if (sn != NULL)
        SHOW("has_matching(n)", matches("n"));
    printf("\n ");

    SHOW("add(x)", SSL_CTX_add_session(ctx, sx));
    SHOW("add(b)", SSL_CTX_add_session(ctx, sb));
    SHOW("add(passed)", SSL_CTX_add_session(ctx, s));
    SHOW("number", SSL_CTX_sess_number(ctx));
    printf("\n ");
    SHOW("remove(b)", SSL_CTX_remove_session(ctx, sb));
    SHOW("b resumable", SSL_SESSION_is_resumable(sb));
    SHOW("remove(x)", SSL_CTX_remove_session(ctx, sx));
    SHOW("x resumable", SSL_SESSION_is_resumable(sx));
    SHOW("remove(passed)", SSL_CTX_remove_session(ctx, s));
    SHOW("number", SSL_CTX_sess_number(ctx));
    printf("\n");
    show_cb("  after nested removes");

    SSL_CTX_flush_sessions(ctx, 0);
    printf("  flush(0):");
    SHOW("number", SSL_CTX_sess_number(ctx));
    printf("\n");
    show_cb("  after nested flush");

    printf(" ");
    SHOW("set_time(c, 9000)", SSL_SESSION_set_time(sc, 9000));
    SHOW("time(c)", SSL_SESSION_get_time(sc));
    SHOW("set_timeout(c, 5000)", SSL_SESSION_set_timeout(sc, 5000));
    SHOW("timeout(c)", SSL_SESSION_get_timeout(sc));
    printf("\n ");
    SHOW("set_time(passed, 7000)", SSL_SESSION_set_time(s, 7000));
    SHOW("set_timeout(passed, 100)", SSL_SESSION_set_timeout(s, 100));
    SHOW("set_time(x, 3000)", SSL_SESSION_set_time(sx, 3000));
    if (sn != NULL) {
        /* eviction: the session being added */
        SHOW("set_time(n, 1500)", SSL_SESSION_set_time(sn, 1500));
        SHOW("time(n)", SSL_SESSION_get_time(sn));
    }
    printf("\n ");

    prev = SSL_CTX_sess_set_cache_size(ctx, 1);
    SHOW("set_cache_size(1)", prev);
    SHOW("number", SSL_CTX_sess_number(ctx));
    SHOW("restored", SSL_CTX_sess_set_cache_size(ctx, prev));
    prev = SSL_CTX_set_timeout(ctx, 77);
    SHOW("set_timeout(ctx, 77)", prev);
    SHOW("restored", SSL_CTX_set_timeout(ctx, prev));
    prev = SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_BOTH);
    SHOW("set_cache_mode", prev);
    SHOW("restored", SSL_CTX_set_session_cache_mode(ctx, prev));
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    SHOW("get_remove_cb ok", SSL_CTX_sess_get_remove_cb(ctx) == remove_cb);
    /* stored under the context's write lock in OpenSSL */
    SHOW("set_generate_session_id", SSL_CTX_set_generate_session_id(ctx, gen_id));
    SHOW("set_generate_session_id(NULL)", SSL_CTX_set_generate_session_id(ctx, NULL));
    printf("\n ");

    SHOW("SSL_set_session(b)", SSL_set_session(probe_ssl, sb));
    SHOW("get0 is b", SSL_get0_session(probe_ssl) == sb);
    SHOW("SSL_set_session(NULL)", SSL_set_session(probe_ssl, NULL));
    if (!in_final_free) {
        /* (a new reference to a context being freed would free it twice) */
        ssl = SSL_new(ctx);
        SHOW("SSL_new", ssl != NULL);
        SHOW("SSL_clear", SSL_clear(ssl));
        SSL_free(ssl);
        tmp = ctx;
        SHOW("up_ref", SSL_CTX_up_ref(tmp));
        SSL_CTX_free(tmp);
        SHOW("number", SSL_CTX_sess_number(ctx));
    }
    printf("\n ");

    /* another context: another lock */
    SHOW("other: add(o)", SSL_CTX_add_session(other_ctx, so));
    SHOW("number", SSL_CTX_sess_number(other_ctx));
    SHOW("has_matching(o)", SSL_has_matching_session_id(probe_ssl, (const unsigned char *)"o", 1));
    SHOW("remove(o)", SSL_CTX_remove_session(other_ctx, so));
    SHOW("number", SSL_CTX_sess_number(other_ctx));
    SHOW("main number", SSL_CTX_sess_number(ctx));
    printf("\n");
    print_errors("  nested");
}

static void setup(const char *title)
{
    printf("== %s\n", title);
    sa = mk13("a", 1000);
    sb = mk13("b", 1100);
    sc = mk13("c", 1200);
    sd = mk13("d", 1300);
    sx = mk13("x", 5000);
    so = mk13("o", 5000);
    sn = NULL;
    main_ctx = SSL_CTX_new(TLS_method());
    other_ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(main_ctx == NULL || other_ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(main_ctx, remove_cb);
    SSL_CTX_sess_set_remove_cb(other_ctx, remove_cb);
    probe_ssl = SSL_new(main_ctx);
    FATAL_IF(probe_ssl == NULL, "SSL_new");
    FATAL_IF(SSL_CTX_add_session(main_ctx, sa) != 1 || SSL_CTX_add_session(main_ctx, sb) != 1 ||
             SSL_CTX_add_session(main_ctx, sc) != 1 || SSL_CTX_add_session(main_ctx, sd) != 1,
             "add a..d");
    cb_log[0] = 0;
    cb_calls = 0;
}

/* After the trigger: the log, the count, what is cached, times and marks. */
static void report(int ctx_alive)
{
    show_cb("callbacks");
    printf("resumable a=%d b=%d c=%d d=%d x=%d\n", SSL_SESSION_is_resumable(sa),
           SSL_SESSION_is_resumable(sb), SSL_SESSION_is_resumable(sc),
           SSL_SESSION_is_resumable(sd), SSL_SESSION_is_resumable(sx));
    printf("time(c)=%ld timeout(c)=%ld time(a)=%ld timeout(a)=%ld\n", SSL_SESSION_get_time(sc),
           SSL_SESSION_get_timeout(sc), SSL_SESSION_get_time(sa), SSL_SESSION_get_timeout(sa));
    if (ctx_alive) {
        printf("number=%ld cached: a=%d b=%d c=%d d=%d x=%d n=%d\n",
               SSL_CTX_sess_number(main_ctx), matches("a"), matches("b"), matches("c"),
               matches("d"), matches("x"), matches("n"));
        SSL_free(probe_ssl);
        SSL_CTX_free(main_ctx);
        show_cb("final free");
    }
    SSL_CTX_free(other_ctx);
    SSL_SESSION_free(sa);
    SSL_SESSION_free(sb);
    SSL_SESSION_free(sc);
    SSL_SESSION_free(sd);
    SSL_SESSION_free(sx);
    SSL_SESSION_free(so);
    if (sn != NULL)
        SSL_SESSION_free(sn);
    show_cb("releases");
}

static void scenario_flush(void)
{
    setup("flush");
    armed = 1;
    armed_action = reenter;
    SSL_CTX_flush_sessions(main_ctx, 1250);   /* a and b expired */
    report(1);
}

static void scenario_evict(void)
{
    setup("evict");
    sn = mk13("n", 1500);
    SSL_CTX_sess_set_cache_size(main_ctx, 5);   /* holds 4: adding n evicts a */
    armed = 1;
    armed_action = reenter;
    printf("add(n)=%d\n", SSL_CTX_add_session(main_ctx, sn));
    report(1);
}

static void scenario_free(void)
{
    setup("final free");
    armed = 1;
    armed_action = reenter;
    SSL_free(probe_ssl);
    probe_ssl = SSL_new(other_ctx);   /* has_matching needs an SSL; it asks other */
    FATAL_IF(probe_ssl == NULL, "SSL_new");
    in_final_free = 1;
    SSL_CTX_free(main_ctx);
    in_final_free = 0;
    SSL_free(probe_ssl);
    report(0);
}

/* ------------------------------------------------------------ shrinking */

static int shrink_armed;

/* Logs the count and sess_cache_full each callback sees; the first lowers the
 * cache size, which the running eviction obeys. */
static void shrink_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    printf("  callback for %s: number=%ld", name_of(s), SSL_CTX_sess_number(ctx));
    printf(" cache_full=%ld\n", SSL_CTX_sess_cache_full(ctx));
    if (shrink_armed) {
        shrink_armed = 0;
        printf("  set_cache_size(2)=%ld\n", SSL_CTX_sess_set_cache_size(ctx, 2));
    }
}

static void shrinking(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_SESSION *s[5];
    const char *names[5] = { "a", "b", "c", "d", "n" };
    int i;

    printf("== cache size lowered in an eviction callback\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, shrink_cb);
    SSL_CTX_sess_set_cache_size(ctx, 5);
    for (i = 0; i < 5; i++)
        s[i] = mk(names[i], 1000 + 100 * i, 100);
    for (i = 0; i < 4; i++)
        FATAL_IF(SSL_CTX_add_session(ctx, s[i]) != 1, "add");
    shrink_armed = 1;
    printf("add(n)=%d\n", SSL_CTX_add_session(ctx, s[4]));
    printf("number=%ld", SSL_CTX_sess_number(ctx));
    printf(" cache_full=%ld\n", SSL_CTX_sess_cache_full(ctx));
    SSL_CTX_free(ctx);
    for (i = 0; i < 5; i++)
        SSL_SESSION_free(s[i]);
}

/* ------------------------------------------------------------ releases */

static SSL_CTX *release_ctx;
static SSL_SESSION *release_x;
static int release_idx;

/* The ex_data free callback of a session's release adds x to the context. */
static void release_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl,
                         void *argp)
{
    (void)parent; (void)ad; (void)idx; (void)argl; (void)argp;
    if (ptr != NULL)
        printf("  release of %s: add(x)=%d\n", (const char *)ptr,
               SSL_CTX_add_session(release_ctx, release_x));
}

static void release_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    (void)ctx;
    printf("  callback for %s\n", name_of(s));
}

static SSL_SESSION *mk_tagged(const char *id, long time)
{
    SSL_SESSION *s = mk(id, time, 100);

    FATAL_IF(SSL_SESSION_set_ex_data(s, release_idx, (void *)id) != 1, "set_ex_data");
    return s;
}

/* OpenSSL releases an evicted session right after its callback, still under
 * the lock (a flush releases its sessions after the unlock). */
static void releases(void)
{
    SSL_SESSION *s;

    printf("== releases of evicted and flushed sessions\n");
    release_idx = SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, release_free);
    FATAL_IF(release_idx < 0, "SSL_SESSION_get_ex_new_index");
    release_ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(release_ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(release_ctx, release_cb);
    SSL_CTX_sess_set_cache_size(release_ctx, 2);   /* holds 1 */
    release_x = mk_tagged("x", 5000);
    s = mk_tagged("a", 1000);
    printf("add(a)=%d\n", SSL_CTX_add_session(release_ctx, s));
    SSL_SESSION_free(s);
    s = mk_tagged("b", 1100);
    printf("add(b)=%d\n", SSL_CTX_add_session(release_ctx, s));
    SSL_SESSION_free(s);
    printf("flush:\n");
    SSL_CTX_flush_sessions(release_ctx, 0);
    printf("number=%ld\n", SSL_CTX_sess_number(release_ctx));
    SSL_CTX_free(release_ctx);
    FATAL_IF(SSL_SESSION_set_ex_data(release_x, release_idx, NULL) != 1, "set_ex_data");
    SSL_SESSION_free(release_x);
}

/* ------------------------------------------------------------ recursion */

static int depth, max_depth;

static void remove_self_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    int r;

    depth++;
    if (depth > max_depth)
        max_depth = depth;
    if (depth < 20) {
        r = SSL_CTX_remove_session(ctx, s);
        printf("  callback for %s (depth %d): nested remove(passed)=%d\n", name_of(s), depth, r);
    }
    depth--;
}

static void recursion(void)
{
    SSL_CTX *ctx;
    SSL_SESSION *a = mk("a", 1000, 100), *b = mk("b", 1100, 100), *n = mk("n", 1200, 100);

    printf("== recursion\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_self_cb);
    FATAL_IF(SSL_CTX_add_session(ctx, a) != 1 || SSL_CTX_add_session(ctx, b) != 1, "add");
    printf("flush:\n");
    SSL_CTX_flush_sessions(ctx, 0);
    printf("number=%ld\n", SSL_CTX_sess_number(ctx));
    FATAL_IF(SSL_CTX_add_session(ctx, a) != 1 || SSL_CTX_add_session(ctx, b) != 1, "add");
    SSL_CTX_sess_set_cache_size(ctx, 2);
    printf("evict: add(n)=%d\n", SSL_CTX_add_session(ctx, n));
    printf("number=%ld\n", SSL_CTX_sess_number(ctx));
    printf("final free:\n");
    SSL_CTX_free(ctx);
    printf("max depth=%d\n", max_depth);
    SSL_SESSION_free(a);
    SSL_SESSION_free(b);
    SSL_SESSION_free(n);
}

int main(void)
{
    scenario_flush();
    scenario_evict();
    scenario_free();
    shrinking();
    releases();
    recursion();
    print_errors("end");
    return 0;
}
