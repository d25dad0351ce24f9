/*
 * cache_stress.c - sessl-only: the session cache under concurrent use.
 *
 * sessl's cache (src/core/cache.rs) takes a write lock for add, remove, flush
 * and the re-ordering done by SSL_SESSION_set_time / set_timeout of a cached
 * session, a read lock for lookups, runs remove callbacks after the lock is
 * released, and keeps each session in one cache at a time. OpenSSL 3.0 runs
 * remove callbacks inside the lock and races SSL_set_session against
 * SSL_get1_session; this test is sessl-only.
 *
 * A pool of POOL sessions (unique 16-byte ids that encode their index,
 * protocol version 0x304, cipher TLS_AES_128_GCM_SHA256, random times) and
 * one context with a small cache (size 64: it holds 63, so eviction happens
 * constantly). Four kinds of threads, 8 in all by default:
 *   3 "cache"  threads: SSL_CTX_add_session / SSL_CTX_remove_session of
 *              random pool sessions, counting the return values;
 *   1 "time"   thread: SSL_CTX_flush_sessions with a random t (sometimes 0),
 *              SSL_SESSION_set_time / set_timeout of random pool sessions,
 *              cached or not;
 *   2 "ssl"    threads: on two shared SSLs of the context, SSL_set_session
 *              to a random pool session (or NULL), SSL_get1_session + read
 *              its id, time and timeout + SSL_SESSION_free, and
 *              SSL_has_matching_session_id of random pool ids;
 *   2 "codec"  threads: SSL_SESSION_dup of random pool sessions (the copy
 *              has the original's id, cipher and version, in-range times) +
 *              SSL_SESSION_free, and i2d_SSL_SESSION of random pool sessions
 *              into a buffer, then d2i_SSL_SESSION into a new session (freed
 *              again) or into the session the thread made before the start
 *              (the same pointer comes back): the decoded id is the one read
 *              before encoding.
 * The remove callback counts its calls atomically and checks that it got a
 * pool session of this context. An ex_data index, registered before any
 * session exists, counts every session made (SSL_SESSION_new, dup, d2i: its
 * new callback) and every session freed (its free callback).
 *
 * Each thread stops after RUN_SECONDS or MAX_ITERS iterations, whichever
 * comes first, but not before MIN_ITERS iterations (valgrind runs the same
 * binary and schedules threads unfairly; the threads also yield now and then
 * so that valgrind interleaves them). Arguments override the seconds and the
 * number of threads of each kind, 2 to MAX_THREADS in all:
 *   cache_stress [seconds] [cache time ssl codec]
 * At the end:
 *   - SSL_CTX_sess_number equals the number of pool sessions that
 *     SSL_has_matching_session_id finds, and is at most 63;
 *   - every session that entered the cache left it through a successful
 *     remove or a callback (eviction, flush) or is still cached:
 *     callbacks = remove calls + successful adds - successful removes - cached;
 *   - the final SSL_CTX_free calls the callback once per cached session;
 *   - every pool session can then be added to a fresh context (no session
 *     is left linked to the freed cache);
 *   - after the threads: the sessions alive are the pool and the codec
 *     threads' own ones (created - freed), and every session created is one
 *     the test made (pool, own, copies, new decodes);
 *   - every session is freed exactly once: after everything is freed, the
 *     free callback ran as often as the new callback (created == freed); the
 *     suite's valgrind and AddressSanitizer runs also prove there is no leak
 *     and no double free.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "check_util.h"

#define POOL 256
#define CACHE_SIZE 64
#define ID_LEN 16
#define RUN_SECONDS 2.0
#define MAX_ITERS 50000000L
/* Iterations every thread makes even past the deadline: under valgrind, whose
 * scheduler is unfair, a thread may otherwise not run before the deadline. */
#define MIN_ITERS 5000L
/* Threads yield every YIELD_EVERY iterations so valgrind interleaves them. */
#define YIELD_EVERY 64
/* Room for the DER of a pool session (about 100 bytes). */
#define DER_MAX 1024
#define MAX_THREADS 8
/* Threads of each kind by default: cache, time, ssl, codec. */
#define N_CACHE_THREADS 3
#define N_TIME_THREADS 1
#define N_SSL_THREADS 2
#define N_CODEC_THREADS 2

enum kind { KIND_CACHE, KIND_TIME, KIND_SSL, KIND_CODEC, N_KINDS };
static const char *const kind_names[N_KINDS] = { "cache", "time", "ssl", "codec" };

static int failures;

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL  line %d: ", __LINE__);                      \
            printf(__VA_ARGS__);                                      \
            printf("\n");                                             \
            failures++;                                               \
        }                                                             \
    } while (0)

DEFINE_ON_ALARM("FAIL  timeout: the stress run did not finish (deadlock?)\n")

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- shared state */

static SSL_SESSION *pool[POOL];
static unsigned char pool_id[POOL][ID_LEN];
static SSL_CTX *ctx;
static SSL *ssls[2];
static const SSL_CIPHER *pool_cipher;
static double deadline;

/* __atomic counters */
static long cb_calls, cb_bad, read_bad, codec_bad;
/* sessions made and freed, counted by the ex_data callbacks (__atomic) */
static long sessions_created, sessions_freed;

static void session_new_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ptr;
    (void)ad;
    (void)idx;
    (void)argl;
    (void)argp;
    if (parent != NULL)
        __atomic_add_fetch(&sessions_created, 1, __ATOMIC_SEQ_CST);
}

static void session_free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ptr;
    (void)ad;
    (void)idx;
    (void)argl;
    (void)argp;
    if (parent != NULL)
        __atomic_add_fetch(&sessions_freed, 1, __ATOMIC_SEQ_CST);
}

static void make_id(int i, unsigned char *id)
{
    int j;

    id[0] = 'P';
    id[1] = (unsigned char)(i >> 8);
    id[2] = (unsigned char)i;
    for (j = 3; j < ID_LEN; j++)
        id[j] = (unsigned char)(i * 31 + j * 7);
}

/* The pool index an id names, or -1. */
static int id_index(const unsigned char *id, unsigned int len)
{
    int i;

    if (id == NULL || len != ID_LEN || id[0] != 'P')
        return -1;
    i = (id[1] << 8) | id[2];
    if (i >= POOL || memcmp(id, pool_id[i], ID_LEN) != 0)
        return -1;
    return i;
}

static void remove_cb(SSL_CTX *c, SSL_SESSION *s)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    int i = id_index(id, len);

    __atomic_add_fetch(&cb_calls, 1, __ATOMIC_SEQ_CST);
    if (c != ctx || i < 0 || pool[i] != s)
        __atomic_add_fetch(&cb_bad, 1, __ATOMIC_SEQ_CST);
}

static unsigned long rnd(unsigned long *state)
{
    unsigned long x = *state;

    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    return x;
}

struct worker {
    pthread_t thread;
    enum kind kind;
    int n;
    unsigned long seed;
    pthread_barrier_t *start;
    long iters;
    /* cache threads */
    long adds, adds_new, remove_calls, removes_found;
    /* time thread */
    long flushes, set_times, set_timeouts;
    /* ssl threads */
    long sets, gets, got_null, matches;
    /* codec threads: the session it decodes into, made by the thread */
    SSL_SESSION *own;
    long dups, encodes, decodes_new, decodes_into;
};

static int out_of_time(long i)
{
    if (i % YIELD_EVERY != 0)
        return 0;
    sched_yield();
    return i >= MAX_ITERS || (i >= MIN_ITERS && now_seconds() > deadline);
}

static void *cache_main(void *arg)
{
    struct worker *w = arg;
    long i;

    pthread_barrier_wait(w->start);
    for (i = 0; !out_of_time(i); i++) {
        unsigned long r = rnd(&w->seed);
        SSL_SESSION *s = pool[(r >> 8) % POOL];

        if (r % 3 != 0) {
            w->adds++;
            w->adds_new += SSL_CTX_add_session(ctx, s) == 1;
        } else {
            w->remove_calls++;
            w->removes_found += SSL_CTX_remove_session(ctx, s) == 1;
        }
    }
    w->iters = i;
    return NULL;
}

static void *time_main(void *arg)
{
    struct worker *w = arg;
    long i;

    pthread_barrier_wait(w->start);
    for (i = 0; !out_of_time(i); i++) {
        unsigned long r = rnd(&w->seed);
        SSL_SESSION *s = pool[(r >> 8) % POOL];

        switch (r % 20) {
        case 0:
            w->flushes++;
            /* sessions expire between 1000 and 4000 */
            SSL_CTX_flush_sessions(ctx, (r >> 16) % 25 == 0 ? 0 : 1500 + (long)((r >> 20) % 2500));
            break;
        case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10:
            w->set_times++;
            SSL_SESSION_set_time(s, 1000 + (long)((r >> 20) % 2000));
            break;
        default:
            w->set_timeouts++;
            if (SSL_SESSION_set_timeout(s, (long)((r >> 20) % 1000)) != 1)
                __atomic_add_fetch(&read_bad, 1, __ATOMIC_SEQ_CST);
            break;
        }
    }
    w->iters = i;
    return NULL;
}

static void *ssl_main(void *arg)
{
    struct worker *w = arg;
    long i;

    pthread_barrier_wait(w->start);
    for (i = 0; !out_of_time(i); i++) {
        unsigned long r = rnd(&w->seed);
        SSL *ssl = ssls[(r >> 4) & 1];
        int k = (int)((r >> 8) % POOL);

        switch (r % 8) {
        case 0:
            w->sets++;
            if (SSL_set_session(ssl, (r >> 20) % 8 == 0 ? NULL : pool[k]) != 1)
                __atomic_add_fetch(&read_bad, 1, __ATOMIC_SEQ_CST);
            break;
        case 1:
            w->matches += SSL_has_matching_session_id(ssl, pool_id[k], ID_LEN) == 1;
            break;
        default: {
            SSL_SESSION *s = SSL_get1_session(ssl);
            unsigned int len = 0;
            const unsigned char *id;
            long t, to;
            int idx;

            w->gets++;
            if (s == NULL) {
                w->got_null++;
                break;
            }
            id = SSL_SESSION_get_id(s, &len);
            idx = id_index(id, len);
            t = SSL_SESSION_get_time(s);
            to = SSL_SESSION_get_timeout(s);
            if (idx < 0 || pool[idx] != s || t < 1000 || t >= 3000 || to < 0 || to >= 1000
                || SSL_SESSION_get_protocol_version(s) != TLS1_3_VERSION)
                __atomic_add_fetch(&read_bad, 1, __ATOMIC_SEQ_CST);
            SSL_SESSION_free(s);
            break;
        }
        }
    }
    w->iters = i;
    return NULL;
}

/* Whether s has the id id/len; s's own id is read once. */
static int has_id(const SSL_SESSION *s, const unsigned char *id, unsigned int len)
{
    unsigned int slen = 0;
    const unsigned char *sid = SSL_SESSION_get_id(s, &slen);

    return sid != NULL && slen == len && memcmp(sid, id, len) == 0;
}

/* What a copy or a decoding of a pool session must hold besides its id. */
static int looks_like_pool(const SSL_SESSION *s)
{
    long t = SSL_SESSION_get_time(s), to = SSL_SESSION_get_timeout(s);

    return t >= 1000 && t < 3000 && to >= 0 && to < 1000
        && SSL_SESSION_get_protocol_version(s) == TLS1_3_VERSION
        && SSL_SESSION_get0_cipher(s) == pool_cipher;
}

static void *codec_main(void *arg)
{
    struct worker *w = arg;
    long i;

    w->own = SSL_SESSION_new();
    FATAL_IF(w->own == NULL, "SSL_SESSION_new");
    pthread_barrier_wait(w->start);
    for (i = 0; !out_of_time(i); i++) {
        unsigned long r = rnd(&w->seed);
        int k = (int)((r >> 8) % POOL);
        SSL_SESSION *s = pool[k];
        unsigned char id[SSL_MAX_SSL_SESSION_ID_LENGTH];
        unsigned int len = 0;
        const unsigned char *sid = SSL_SESSION_get_id(s, &len);

        /* the id as it is now (pool ids never change) */
        if (sid == NULL || len != ID_LEN || memcmp(sid, pool_id[k], ID_LEN) != 0) {
            __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
            continue;
        }
        memcpy(id, sid, len);
        if (r % 4 == 0) {
            SSL_SESSION *copy = SSL_SESSION_dup(s);

            w->dups++;
            if (copy == NULL || copy == s || !has_id(copy, id, len) || !looks_like_pool(copy))
                __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
            SSL_SESSION_free(copy);
        } else {
            unsigned char der[DER_MAX], *p = der;
            const unsigned char *q = der;
            /* the time thread may change the timeout's length in between */
            int need = i2d_SSL_SESSION(s, NULL), n;

            if (need <= 0 || need > DER_MAX / 2) {
                __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
                continue;
            }
            n = i2d_SSL_SESSION(s, &p);
            w->encodes++;
            if (n <= 0 || n > DER_MAX / 2 + 16 || p != der + n) {
                __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
                continue;
            }
            if (r % 4 == 1) {
                /* into the thread's own session: the same pointer comes back */
                SSL_SESSION *a = w->own, *d = d2i_SSL_SESSION(&a, &q, n);

                w->decodes_into++;
                if (d != w->own || a != w->own || q != der + n || !has_id(d, id, len) || !looks_like_pool(d))
                    __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
            } else {
                SSL_SESSION *d = d2i_SSL_SESSION(NULL, &q, n);

                w->decodes_new++;
                if (d == NULL || d == s || q != der + n || !has_id(d, id, len) || !looks_like_pool(d))
                    __atomic_add_fetch(&codec_bad, 1, __ATOMIC_SEQ_CST);
                SSL_SESSION_free(d);
            }
        }
    }
    w->iters = i;
    return NULL;
}

/* A whole non-negative number, or -1. */
static long parse_count(const char *arg)
{
    char *end;
    long v = strtol(arg, &end, 10);

    return end == arg || *end != '\0' || v < 0 ? -1 : v;
}

#define USAGE "usage: cache_stress [seconds] [cache time ssl codec] (2 to 8 threads in all)"

int main(int argc, char **argv)
{
    static void *(*const mains[N_KINDS])(void *) = { cache_main, time_main, ssl_main, codec_main };
    struct worker w[MAX_THREADS];
    long n_kind[N_KINDS] = { N_CACHE_THREADS, N_TIME_THREADS, N_SSL_THREADS, N_CODEC_THREADS };
    int n_workers = 0;
    pthread_barrier_t start;
    double seconds = RUN_SECONDS, t0, elapsed;
    long adds = 0, adds_new = 0, remove_calls = 0, removes_found = 0;
    long dups = 0, decodes_new = 0;
    long number, confirmed = 0, cb_before_free, cb_at_end, created, freed;
    unsigned long seed = 0x243f6a8885a308d3UL;
    SSL_CTX *fresh;
    int i, k, ex_index;

    /* cache_stress [seconds] [cache time ssl codec] */
    FATAL_IF(argc != 1 && argc != 2 && argc != 1 + N_KINDS && argc != 2 + N_KINDS, USAGE);
    if (argc == 2 || argc == 2 + N_KINDS) {
        seconds = strtod(argv[1], NULL);
        FATAL_IF(seconds <= 0, USAGE);
    }
    if (argc > 2) {
        for (k = 0; k < N_KINDS; k++) {
            n_kind[k] = parse_count(argv[argc - N_KINDS + k]);
            FATAL_IF(n_kind[k] < 0 || n_kind[k] > MAX_THREADS, USAGE);
        }
    }
    for (k = 0; k < N_KINDS; k++)
        n_workers += (int)n_kind[k];
    FATAL_IF(n_workers < 2 || n_workers > MAX_THREADS, USAGE);
    signal(SIGALRM, on_alarm);
    alarm((unsigned int)seconds + 60);

    /* before any session exists, so that every one is counted */
    ex_index = SSL_SESSION_get_ex_new_index(0, NULL, session_new_cb, NULL, session_free_cb);
    FATAL_IF(ex_index < 0, "SSL_SESSION_get_ex_new_index");

    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    SSL_CTX_sess_set_cache_size(ctx, CACHE_SIZE);
    for (i = 0; i < 2; i++) {
        ssls[i] = SSL_new(ctx);
        FATAL_IF(ssls[i] == NULL, "SSL_new");
        FATAL_IF(SSL_version(ssls[i]) != TLS1_3_VERSION, "SSL_version is not 0x304");
    }
    /* TLS_AES_128_GCM_SHA256: i2d_SSL_SESSION needs a cipher */
    pool_cipher = SSL_CIPHER_find(ssls[0], (const unsigned char *)"\x13\x01");
    FATAL_IF(pool_cipher == NULL, "SSL_CIPHER_find(0x1301)");
    for (i = 0; i < POOL; i++) {
        pool[i] = SSL_SESSION_new();
        FATAL_IF(pool[i] == NULL, "SSL_SESSION_new");
        make_id(i, pool_id[i]);
        FATAL_IF(SSL_SESSION_set1_id(pool[i], pool_id[i], ID_LEN) != 1, "set1_id");
        FATAL_IF(SSL_SESSION_set_protocol_version(pool[i], TLS1_3_VERSION) != 1, "set_protocol_version");
        FATAL_IF(SSL_SESSION_set_cipher(pool[i], pool_cipher) != 1, "set_cipher");
        SSL_SESSION_set_time(pool[i], 1000 + (long)(rnd(&seed) % 2000));
        FATAL_IF(SSL_SESSION_set_timeout(pool[i], (long)(rnd(&seed) % 1000)) != 1, "set_timeout");
    }
    CHECK(__atomic_load_n(&sessions_created, __ATOMIC_SEQ_CST) == POOL,
          "the new callback ran %ld times for %d SSL_SESSION_new", sessions_created, POOL);

    memset(w, 0, sizeof(w));
    FATAL_IF(pthread_barrier_init(&start, NULL, (unsigned int)n_workers + 1) != 0, "pthread_barrier_init");
    /* the kinds in order: the cache threads, then time, ssl, codec */
    for (i = 0, k = 0; k < N_KINDS; k++) {
        long j;

        for (j = 0; j < n_kind[k]; j++, i++) {
            w[i].n = i;
            w[i].kind = (enum kind)k;
            w[i].start = &start;
            w[i].seed = seed + 0x9e3779b97f4a7c15UL * (unsigned long)(i + 1);
            FATAL_IF(pthread_create(&w[i].thread, NULL, mains[k], &w[i]) != 0, "pthread_create");
        }
    }
    t0 = now_seconds();
    deadline = t0 + seconds;
    pthread_barrier_wait(&start);
    for (i = 0; i < n_workers; i++)
        FATAL_IF(pthread_join(w[i].thread, NULL) != 0, "pthread_join");
    elapsed = now_seconds() - t0;
    pthread_barrier_destroy(&start);

    for (i = 0; i < n_workers; i++) {
        printf("      %-5s thread %d: %ld iterations", kind_names[w[i].kind], i, w[i].iters);
        switch (w[i].kind) {
        case KIND_CACHE:
            printf(" (%ld adds, %ld new; %ld removes, %ld found)", w[i].adds, w[i].adds_new,
                   w[i].remove_calls, w[i].removes_found);
            break;
        case KIND_TIME:
            printf(" (%ld flushes, %ld set_time, %ld set_timeout)", w[i].flushes, w[i].set_times,
                   w[i].set_timeouts);
            break;
        case KIND_SSL:
            printf(" (%ld set_session, %ld get1 [%ld NULL], %ld matches)", w[i].sets, w[i].gets,
                   w[i].got_null, w[i].matches);
            break;
        default:
            printf(" (%ld dup, %ld i2d, %ld d2i new, %ld d2i into its own)", w[i].dups, w[i].encodes,
                   w[i].decodes_new, w[i].decodes_into);
            break;
        }
        printf("\n");
        CHECK(w[i].iters >= MIN_ITERS, "%s thread %d made only %ld iterations", kind_names[w[i].kind], i,
              w[i].iters);
        adds += w[i].adds;
        adds_new += w[i].adds_new;
        remove_calls += w[i].remove_calls;
        removes_found += w[i].removes_found;
        dups += w[i].dups;
        decodes_new += w[i].decodes_new;
    }

    /* alive: the pool and the codec threads' own sessions; made: those, the
     * copies and the new decodes */
    created = __atomic_load_n(&sessions_created, __ATOMIC_SEQ_CST);
    freed = __atomic_load_n(&sessions_freed, __ATOMIC_SEQ_CST);
    printf("      sessions: %ld created, %ld freed (%ld dups, %ld new decodes)\n", created, freed, dups,
           decodes_new);
    CHECK(created - freed == POOL + n_kind[KIND_CODEC],
          "%ld sessions alive after the threads (created %ld - freed %ld), expected %d pool + %ld own",
          created - freed, created, freed, POOL, n_kind[KIND_CODEC]);
    CHECK(created == POOL + n_kind[KIND_CODEC] + dups + decodes_new,
          "%ld sessions created, but pool + own + dups + new decodes = %d + %ld + %ld + %ld = %ld",
          created, POOL, n_kind[KIND_CODEC], dups, decodes_new,
          POOL + n_kind[KIND_CODEC] + dups + decodes_new);

    /* what is cached, two ways */
    number = SSL_CTX_sess_number(ctx);
    for (i = 0; i < POOL; i++)
        confirmed += SSL_has_matching_session_id(ssls[0], pool_id[i], ID_LEN) == 1;
    cb_before_free = __atomic_load_n(&cb_calls, __ATOMIC_SEQ_CST);
    printf("      %.2f s: %ld adds (%ld new), %ld callbacks, %ld evictions, %ld cached at the end\n",
           elapsed, adds, adds_new, cb_before_free, SSL_CTX_sess_cache_full(ctx), number);

    CHECK(number == confirmed,
          "SSL_CTX_sess_number is %ld, but SSL_has_matching_session_id finds %ld pool sessions",
          number, confirmed);
    CHECK(number <= CACHE_SIZE - 1, "%ld sessions cached, the limit is %d", number, CACHE_SIZE - 1);
    CHECK(cb_before_free == remove_calls + adds_new - removes_found - number,
          "%ld callbacks, but remove calls + new entries - found removes - cached = "
          "%ld + %ld - %ld - %ld = %ld",
          cb_before_free, remove_calls, adds_new, removes_found, number,
          remove_calls + adds_new - removes_found - number);
    if (n_kind[KIND_CACHE] > 0) {
        CHECK(SSL_CTX_sess_cache_full(ctx) > 0, "no eviction happened");
        CHECK(cb_before_free > remove_calls, "no eviction or flush reached the callback");
    }
    CHECK(__atomic_load_n(&cb_bad, __ATOMIC_SEQ_CST) == 0,
          "%ld remove callbacks got a wrong context or session", cb_bad);
    CHECK(__atomic_load_n(&read_bad, __ATOMIC_SEQ_CST) == 0,
          "%ld reads or set calls of the ssl/time threads went wrong", read_bad);
    CHECK(__atomic_load_n(&codec_bad, __ATOMIC_SEQ_CST) == 0,
          "%ld dups, encodings or decodings of the codec threads went wrong", codec_bad);

    for (i = 0; i < 2; i++)
        SSL_free(ssls[i]);
    SSL_CTX_free(ctx);
    cb_at_end = __atomic_load_n(&cb_calls, __ATOMIC_SEQ_CST);
    CHECK(cb_at_end - cb_before_free == number,
          "the final SSL_CTX_free made %ld callbacks for %ld cached sessions",
          cb_at_end - cb_before_free, number);

    /* nothing is left linked to the freed cache */
    fresh = SSL_CTX_new(TLS_method());
    FATAL_IF(fresh == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_cache_size(fresh, 0);
    for (i = 0; i < POOL; i++)
        CHECK(SSL_CTX_add_session(fresh, pool[i]) == 1,
              "pool session %d cannot be added to a fresh context", i);
    CHECK(SSL_CTX_sess_number(fresh) == POOL, "the fresh context holds %ld, not %d",
          SSL_CTX_sess_number(fresh), POOL);
    SSL_CTX_free(fresh);

    for (i = 0; i < POOL; i++)
        SSL_SESSION_free(pool[i]);
    for (i = 0; i < n_workers; i++)
        SSL_SESSION_free(w[i].own);

    /* every session made was freed once: none leaked, none freed twice */
    created = __atomic_load_n(&sessions_created, __ATOMIC_SEQ_CST);
    freed = __atomic_load_n(&sessions_freed, __ATOMIC_SEQ_CST);
    CHECK(created == freed, "%ld sessions created, %ld freed", created, freed);
    alarm(0);
    ERR_clear_error();
    printf("%s: %d failed check(s)\n", failures ? "FAIL" : "ok", failures);
    return failures == 0 ? 0 : 1;
}
