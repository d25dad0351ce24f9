/*
 * bench.c - micro-benchmarks of the libssl session layer.
 *
 * The same source builds against the system OpenSSL and against sessl (see
 * bench/run.sh); it uses only functions declared in sessl's
 * include/openssl/ssl.h.
 *
 *   bench OP      runs one operation and prints "OP <value> <unit>"
 *   bench list    prints the operation names
 *
 * Timing: clock_gettime(CLOCK_MONOTONIC).  Per-call operations are calibrated
 * (doubling the iteration count until a run takes >= 20 ms, which also warms
 * up), then timed in BEST_OF runs of ~0.1 s each (~0.3 s in all), of which
 * the fastest is reported: on a shared machine a run that another process
 * interrupted is slower, never faster.  Cache operations work on a fixed
 * number of sessions created before the clock starts, after an untimed
 * warm-up (a first pass, or a smaller run on a throw-away context), and time
 * only the cache calls; those with several passes report the fastest pass.  Every session has an explicit time (1000), so nothing
 * depends on the wall clock, a distinct random-looking 32-byte id, a 48-byte
 * master key and protocol version 0x304 (TLS 1.3, the version of an SSL made
 * from TLS_method(), which SSL_has_matching_session_id looks up under).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <openssl/ssl.h>

#define ID_LEN 32
#define MK_LEN 48
#define SESS_TIME 1000L
#define BEST_OF 3
#define TARGET_NS 100000000.0 /* ~0.1 s per timed run, BEST_OF of them */
#define CALIB_NS 20000000.0   /* calibration stops at >= 20 ms */

static void die(const char *what)
{
    fprintf(stderr, "bench: %s failed\n", what);
    exit(1);
}

#define CHECK(cond, what)   \
    do {                    \
        if (!(cond))        \
            die(what);      \
    } while (0)

static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

/* Keeps the compiler from dropping results. */
static volatile uintptr_t sink;

/* ---------------------------------------------------------------- helpers */

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/*
 * A 32-byte id, random-looking (OpenSSL hashes the first 4 bytes) and unique
 * per (tag, i): the last 8 bytes hold them verbatim.
 */
static void make_id(unsigned char id[ID_LEN], uint64_t tag, uint64_t i)
{
    uint64_t st = (tag << 40) ^ i ^ 0x5eedULL, w;
    int k;

    for (k = 0; k < 24; k += 8) {
        w = splitmix64(&st);
        memcpy(id + k, &w, 8);
    }
    w = (tag << 48) | i;
    memcpy(id + 24, &w, 8);
}

static SSL_CTX *new_ctx(long cache_size)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    CHECK(ctx != NULL, "SSL_CTX_new");
    if (cache_size >= 0)
        SSL_CTX_sess_set_cache_size(ctx, cache_size);
    return ctx;
}

static SSL *new_ssl(SSL_CTX *ctx, SSL_SESSION *sess)
{
    SSL *ssl = SSL_new(ctx);

    CHECK(ssl != NULL, "SSL_new");
    if (sess != NULL)
        CHECK(SSL_set_session(ssl, sess) == 1, "SSL_set_session");
    return ssl;
}

/* The standard session: id (tag, i), master key, TLS 1.3, time, timeout. */
static SSL_SESSION *make_session(uint64_t tag, uint64_t i, long timeout)
{
    unsigned char id[ID_LEN], mk[MK_LEN];
    SSL_SESSION *s = SSL_SESSION_new();

    CHECK(s != NULL, "SSL_SESSION_new");
    make_id(id, tag, i);
    memset(mk, (int)(i & 0xff), sizeof(mk));
    CHECK(SSL_SESSION_set1_id(s, id, ID_LEN) == 1, "set1_id");
    CHECK(SSL_SESSION_set1_master_key(s, mk, MK_LEN) == 1, "set1_master_key");
    CHECK(SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION) == 1,
          "set_protocol_version");
    SSL_SESSION_set_time(s, SESS_TIME);
    CHECK(SSL_SESSION_set_timeout(s, timeout) == 1, "set_timeout");
    return s;
}

static SSL_SESSION **make_sessions(uint64_t tag, size_t n, long timeout)
{
    SSL_SESSION **v = malloc(n * sizeof(*v));
    size_t i;

    CHECK(v != NULL, "malloc");
    for (i = 0; i < n; i++)
        v[i] = make_session(tag, i, timeout);
    return v;
}

static void free_sessions(SSL_SESSION **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        SSL_SESSION_free(v[i]);
    free(v);
}

static unsigned char *make_ids(uint64_t tag, size_t n)
{
    unsigned char *ids = malloc(n * ID_LEN);
    size_t i;

    CHECK(ids != NULL, "malloc");
    for (i = 0; i < n; i++)
        make_id(ids + i * ID_LEN, tag, i);
    return ids;
}

static void add_all(SSL_CTX *ctx, SSL_SESSION **v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        CHECK(SSL_CTX_add_session(ctx, v[i]) == 1, "SSL_CTX_add_session");
}

static void report(const char *op, double value, const char *unit)
{
    printf("%s %.2f %s\n", op, value, unit);
}

/*
 * Runs fn(arg, n) with a doubling n until one run takes >= CALIB_NS (this is
 * the warm-up), then BEST_OF times with n sized for TARGET_NS; returns the
 * fastest run's ns per iteration.
 */
typedef double (*timed_fn)(void *arg, long n); /* returns elapsed ns */

static double calibrated(timed_fn fn, void *arg)
{
    long n = 1000;
    double t, best;
    int k;

    for (;;) {
        t = fn(arg, n);
        if (t >= CALIB_NS)
            break;
        n *= 2;
    }
    n = (long)((double)n * TARGET_NS / t);
    if (n < 1)
        n = 1;
    best = fn(arg, n);
    for (k = 1; k < BEST_OF; k++) {
        t = fn(arg, n);
        if (t < best)
            best = t;
    }
    return best / (double)n;
}

/* ------------------------------------------------------- per-call ops */

static double loop_get0(void *arg, long n)
{
    SSL *ssl = arg;
    uintptr_t acc = 0;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++)
        acc ^= (uintptr_t)SSL_get0_session(ssl);
    t0 = now_ns() - t0;
    sink = acc;
    return t0;
}

static double loop_get1_free(void *arg, long n)
{
    SSL *ssl = arg;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++) {
        SSL_SESSION *s = SSL_get1_session(ssl);

        SSL_SESSION_free(s);
    }
    return now_ns() - t0;
}

static void op_get0_or_get1(const char *op, timed_fn fn)
{
    SSL_CTX *ctx = new_ctx(-1);
    SSL_SESSION *sess = make_session(1, 1, 300);
    SSL *ssl = new_ssl(ctx, sess);

    CHECK(SSL_get0_session(ssl) == sess, "SSL_get0_session");
    report(op, calibrated(fn, ssl), "ns/op");
    SSL_free(ssl);
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx);
}

/* Two threads; run_2t times from a common start to both threads' end. */
struct worker {
    void *(*body)(struct worker *);
    pthread_barrier_t *start;
    long n;
    SSL *ssl;
    SSL_CTX *ctx;
    SSL_SESSION **sess;
    const unsigned char *ids;
    long m;
    long hits;
};

static void *worker_main(void *arg)
{
    struct worker *w = arg;

    pthread_barrier_wait(w->start);
    return w->body(w);
}

static double run_2t(struct worker w[2], long n)
{
    pthread_barrier_t start;
    pthread_t th[2];
    double t0;
    int k;

    CHECK(pthread_barrier_init(&start, NULL, 3) == 0, "pthread_barrier_init");
    for (k = 0; k < 2; k++) {
        w[k].start = &start;
        w[k].n = n;
        w[k].hits = 0;
        CHECK(pthread_create(&th[k], NULL, worker_main, &w[k]) == 0,
              "pthread_create");
    }
    pthread_barrier_wait(&start);
    t0 = now_ns();
    for (k = 0; k < 2; k++)
        pthread_join(th[k], NULL);
    t0 = now_ns() - t0;
    pthread_barrier_destroy(&start);
    return t0;
}

static void *body_get1_free(struct worker *w)
{
    long i;

    for (i = 0; i < w->n; i++) {
        SSL_SESSION *s = SSL_get1_session(w->ssl);

        SSL_SESSION_free(s);
    }
    return NULL;
}

static double timed_2t(void *arg, long n)
{
    return run_2t(arg, n);
}

static void op_get1_free_2t(void)
{
    SSL_CTX *ctx = new_ctx(-1);
    SSL_SESSION *sess = make_session(1, 1, 300);
    struct worker w[2];
    int k;

    memset(w, 0, sizeof(w));
    for (k = 0; k < 2; k++) {
        w[k].body = body_get1_free;
        w[k].ssl = new_ssl(ctx, sess);
    }
    /* wall time / pairs per thread */
    report("get1_free_2t", calibrated(timed_2t, w), "ns/op");
    for (k = 0; k < 2; k++)
        SSL_free(w[k].ssl);
    SSL_SESSION_free(sess);
    SSL_CTX_free(ctx);
}

static double loop_new_set_free(void *arg, long n)
{
    unsigned char id[ID_LEN], mk[MK_LEN];
    double t0;
    long i;

    (void)arg;
    make_id(id, 2, 0);
    memset(mk, 0x4b, sizeof(mk));
    t0 = now_ns();
    for (i = 0; i < n; i++) {
        SSL_SESSION *s = SSL_SESSION_new();

        id[0] = (unsigned char)i;
        SSL_SESSION_set1_id(s, id, ID_LEN);
        SSL_SESSION_set1_master_key(s, mk, MK_LEN);
        SSL_SESSION_set_timeout(s, 300);
        SSL_SESSION_set1_hostname(s, "www.example.com");
        SSL_SESSION_free(s);
    }
    return now_ns() - t0;
}

static double loop_dup(void *arg, long n)
{
    const SSL_SESSION *src = arg;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++) {
        SSL_SESSION *s = SSL_SESSION_dup(src);

        SSL_SESSION_free(s);
    }
    return now_ns() - t0;
}

static void op_dup(void)
{
    static const unsigned char alpn[] = "h2";
    SSL_SESSION *src = make_session(3, 0, 300);

    CHECK(SSL_SESSION_set1_hostname(src, "www.example.com") == 1, "set1_hostname");
    CHECK(SSL_SESSION_set1_alpn_selected(src, alpn, 2) == 1, "set1_alpn_selected");
    {
        SSL_SESSION *d = SSL_SESSION_dup(src);

        CHECK(d != NULL, "SSL_SESSION_dup");
        CHECK(strcmp(SSL_SESSION_get0_hostname(d), "www.example.com") == 0, "dup hostname");
        SSL_SESSION_free(d);
    }
    report("dup", calibrated(loop_dup, src), "ns/op");
    SSL_SESSION_free(src);
}

/* ------------------------------------------------------------ cache ops */

/* Adds n pre-made sessions into a new context; returns ns of the adds. */
static double time_adds(long cache_size, SSL_SESSION **v, size_t n)
{
    SSL_CTX *ctx = new_ctx(cache_size);
    double t0 = now_ns();

    add_all(ctx, v, n);
    t0 = now_ns() - t0;
    SSL_CTX_free(ctx);
    return t0;
}

/*
 * 200,000 distinct sessions, same timeout, added into a new context with the
 * default cache size (20480), so most adds evict; one untimed warm-up pass,
 * then ADD_PASSES timed passes, each into a fresh context; the fastest counts.
 */
#define ADD_PASSES 3
static void op_add_uniform(void)
{
    const size_t n = 200000;
    SSL_SESSION **v = make_sessions(5, n, 300);
    double t = -1;
    int pass;

    for (pass = 0; pass <= ADD_PASSES; pass++) {
        double tp = time_adds(-1, v, n);

        if (pass > 0 && (t < 0 || tp < t))
            t = tp;
    }
    report("add_uniform", t / (double)n, "ns/op");
    free_sessions(v, n);
}

static SSL_SESSION **make_random_sessions(uint64_t tag, size_t n)
{
    SSL_SESSION **v = malloc(n * sizeof(*v));
    uint64_t rng = 42; /* fixed seed */
    size_t i;

    CHECK(v != NULL, "malloc");
    for (i = 0; i < n; i++)
        v[i] = make_session(tag, i, 1 + (long)(splitmix64(&rng) % 1000000));
    return v;
}

static void op_add_random_40k(void)
{
    const size_t warm = 2000, n = 40000;
    SSL_SESSION **v = make_random_sessions(6, warm);
    double t;

    time_adds(0, v, warm);
    free_sessions(v, warm);
    v = make_random_sessions(7, n);
    t = time_adds(0, v, n);
    report("add_random_40k", t / (double)n, "ns/op");
    free_sessions(v, n);
}

struct lookup_arg {
    SSL *ssl;
    const unsigned char *ids;
    long m;
    int expect;
};

static double loop_lookup(void *arg, long n)
{
    struct lookup_arg *a = arg;
    long i, j = 0, found = 0;
    double t0 = now_ns();

    for (i = 0; i < n; i++) {
        found += SSL_has_matching_session_id(a->ssl, a->ids + j * ID_LEN, ID_LEN);
        if (++j == a->m)
            j = 0;
    }
    t0 = now_ns() - t0;
    CHECK(found == (a->expect ? n : 0), "SSL_has_matching_session_id result");
    return t0;
}

static void op_lookup(const char *op, int hit)
{
    const size_t n = 100000;
    SSL_CTX *ctx = new_ctx(0);
    SSL_SESSION **v = make_sessions(8, n, 300);
    struct lookup_arg a;

    add_all(ctx, v, n);
    a.ssl = new_ssl(ctx, NULL);
    CHECK(SSL_version(a.ssl) == TLS1_3_VERSION, "SSL_version is TLS 1.3");
    a.ids = make_ids(hit ? 8 : 9, n);
    a.m = (long)n;
    a.expect = hit;
    report(op, calibrated(loop_lookup, &a), "ns/op");
    free((void *)a.ids);
    SSL_free(a.ssl);
    SSL_CTX_free(ctx);
    free_sessions(v, n);
}

/* Removes, in a shuffled order, n sessions cached in a new context. */
static double time_removes(SSL_SESSION **v, size_t n)
{
    SSL_CTX *ctx = new_ctx(0);
    size_t *order = malloc(n * sizeof(*order));
    uint64_t rng = 7;
    size_t i;
    double t0;

    CHECK(order != NULL, "malloc");
    for (i = 0; i < n; i++)
        order[i] = i;
    for (i = n - 1; i > 0; i--) {
        size_t j = (size_t)(splitmix64(&rng) % (i + 1)), x = order[i];

        order[i] = order[j];
        order[j] = x;
    }
    add_all(ctx, v, n);
    t0 = now_ns();
    for (i = 0; i < n; i++)
        CHECK(SSL_CTX_remove_session(ctx, v[order[i]]) == 1, "SSL_CTX_remove_session");
    t0 = now_ns() - t0;
    CHECK(SSL_CTX_sess_number(ctx) == 0, "cache empty after removes");
    free(order);
    SSL_CTX_free(ctx);
    return t0;
}

/*
 * 100,000 sessions added (untimed) to a new unlimited cache, then removed in a
 * shuffled order (timed); one untimed warm-up pass, then REMOVE_PASSES timed;
 * the fastest counts.
 */
#define REMOVE_PASSES 4
static void op_remove(void)
{
    const size_t n = 100000;
    SSL_SESSION **v = make_sessions(11, n, 300);
    double t = -1;
    int pass;

    for (pass = 0; pass <= REMOVE_PASSES; pass++) {
        double tp = time_removes(v, n);

        if (pass > 0 && (t < 0 || tp < t))
            t = tp;
    }
    report("remove", t / (double)n, "ns/op");
    free_sessions(v, n);
}

/*
 * n sessions in an unlimited cache, owned by the cache only; session i expires
 * at SESS_TIME + 1 + i (increasing, so OpenSSL inserts each at its list head).
 * A flush at SESS_TIME + 1 + n/2 removes (and frees) the first half.
 */
static void op_flush_half_1m(void)
{
    const long n = 1000000, warm = 20000;
    SSL_CTX *ctx;
    double t0;
    long i;

    for (int round = 0; round < 2; round++) {
        long m = round == 0 ? warm : n;

        ctx = new_ctx(0);
        for (i = 0; i < m; i++) {
            SSL_SESSION *s = make_session(12 + (uint64_t)round, (uint64_t)i, 1 + i);

            CHECK(SSL_CTX_add_session(ctx, s) == 1, "SSL_CTX_add_session");
            SSL_SESSION_free(s);
        }
        CHECK(SSL_CTX_sess_number(ctx) == m, "cache filled");
        t0 = now_ns();
        SSL_CTX_flush_sessions(ctx, SESS_TIME + 1 + m / 2);
        t0 = now_ns() - t0;
        CHECK(SSL_CTX_sess_number(ctx) == m - m / 2, "half flushed");
        if (round == 1)
            report("flush_half_1m", t0 / (double)(m / 2), "ns/op");
        SSL_CTX_free(ctx);
    }
}

static void *body_mix(struct worker *w)
{
    long i, j = 0;

    for (i = 0; i < w->n; i++) {
        SSL_SESSION *s = w->sess[j];

        SSL_CTX_add_session(w->ctx, s);
        w->hits += SSL_has_matching_session_id(w->ssl, w->ids + j * ID_LEN, ID_LEN);
        SSL_CTX_remove_session(w->ctx, s);
        if (++j == w->m)
            j = 0;
    }
    return NULL;
}

static double timed_mix(void *arg, long n)
{
    struct worker *w = arg;
    double t = run_2t(w, n);

    CHECK(w[0].hits == n && w[1].hits == n, "mix_2t lookups hit");
    return t;
}

/*
 * Two threads on one unlimited cache that already holds 10,000 sessions; each
 * thread cycles over its own 10,000 sessions: add, lookup (hit), remove.
 */
static void op_mix_2t(void)
{
    const long per = 10000, base = 10000;
    SSL_CTX *ctx = new_ctx(0);
    SSL_SESSION **bg = make_sessions(20, (size_t)base, 300);
    struct worker w[2];
    int k;

    add_all(ctx, bg, (size_t)base);
    memset(w, 0, sizeof(w));
    for (k = 0; k < 2; k++) {
        w[k].body = body_mix;
        w[k].ctx = ctx;
        w[k].ssl = new_ssl(ctx, NULL);
        w[k].m = per;
        w[k].sess = make_sessions(21 + (uint64_t)k, (size_t)per, 300);
        w[k].ids = make_ids(21 + (uint64_t)k, (size_t)per);
    }
    /* wall time / triples per thread */
    report("mix_2t", calibrated(timed_mix, w), "ns/op");
    CHECK(SSL_CTX_sess_number(ctx) == base, "mix_2t leaves the cache as it was");
    for (k = 0; k < 2; k++) {
        SSL_free(w[k].ssl);
        free_sessions(w[k].sess, (size_t)per);
        free((void *)w[k].ids);
    }
    SSL_CTX_free(ctx);
    free_sessions(bg, (size_t)base);
}

static long vm_rss_bytes(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;

    CHECK(f != NULL, "fopen /proc/self/status");
    while (fgets(line, sizeof(line), f) != NULL)
        if (strncmp(line, "VmRSS:", 6) == 0) {
            kb = strtol(line + 6, NULL, 10);
            break;
        }
    fclose(f);
    CHECK(kb >= 0, "VmRSS");
    return kb * 1024;
}

/*
 * Resident memory per cached session: VmRSS after making 100,000 standard
 * sessions and adding them to an unlimited cache (which then holds the only
 * reference), minus VmRSS before, divided by 100,000.
 */
static void op_mem_100k(void)
{
    const long n = 100000;
    SSL_CTX *ctx = new_ctx(0);
    long before, after, i;

    before = vm_rss_bytes();
    for (i = 0; i < n; i++) {
        SSL_SESSION *s = make_session(30, (uint64_t)i, 300);

        CHECK(SSL_CTX_add_session(ctx, s) == 1, "SSL_CTX_add_session");
        SSL_SESSION_free(s);
    }
    after = vm_rss_bytes();
    CHECK(SSL_CTX_sess_number(ctx) == n, "cache filled");
    report("mem_100k", (double)(after - before) / (double)n, "bytes/session");
    SSL_CTX_free(ctx);
}

/* ------------------------------------------------------- DER encoding */

/* A typical TLS 1.3 client session without a peer certificate: id, 48-byte
 * resumption secret, time, timeout, ticket lifetime hint, 208-byte ticket,
 * age add, ALPN, key exchange group. */
static const char TLS13_HEX[] =
    "30820165020101020203040402130204200102030405060708090a0b0c0d0e0f101112131415161718191a1b"
    "1c1d1e1f20043081deaf76b8f3d7c9c58bb0ed5f83962c136ea4c5dd075272072843a8283a096a58e2b5199f"
    "32d4b2e37f0bbb953c7a09a10602046553f100a20402021c20a4020400a503020112a90402021c20aa81d304"
    "81d099f97d455d5d62b24f3a942a1abc3fa8863fc0ce2037f52f09bd785b22b800d4f2e7b2b614cb600ffc2a"
    "4fe24679845b24886d69bb776fcfa46e54d188889c6f99f97d455d5d62b24f3a942a1abc3fa8863fc0ce2037"
    "f52f09bd785b22b800d4f2e7b2b614cb600ffc2a4fe24679845b24886d69bb776fcfa46e54d188889c6f99f9"
    "7d455d5d62b24f3a942a1abc3fa8863fc0ce2037f52f09bd785b22b800d4f2e7b2b614cb600ffc2a4fe24679"
    "845b24886d69bb776fcfa46e54d188889c6f0bfe935e70c321c7ca3afc75ce0d0ca2ae06020412345678b004"
    "04026832b30302011d";

struct der_arg {
    SSL_SESSION *s;
    int get0_peer;  /* d2i then asks for the peer's X509 (which sessl builds on first use) */
    unsigned char der[8192];
    long len;
};

static double loop_i2d(void *arg, long n)
{
    struct der_arg *a = arg;
    unsigned char out[8192];
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++) {
        unsigned char *p = out;
        sink += (uintptr_t)i2d_SSL_SESSION(a->s, &p);
    }
    return now_ns() - t0;
}

static double loop_d2i(void *arg, long n)
{
    struct der_arg *a = arg;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++) {
        const unsigned char *p = a->der;
        SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, a->len);

        if (a->get0_peer)
            sink += (uintptr_t)SSL_SESSION_get0_peer(s);
        SSL_SESSION_free(s);
    }
    return now_ns() - t0;
}

/* Loads the session an op works on: the TLS 1.3 session above, or the
 * real-handshake TLS 1.3 session (with the server's certificate as peer) kept
 * in tests-c/fixtures. */
static void load_der(struct der_arg *a, int with_peer)
{
    const unsigned char *p = a->der;

    if (with_peer) {
        FILE *f = fopen("tests-c/fixtures/tls13.der", "rb");
        CHECK(f != NULL, "tests-c/fixtures/tls13.der (run from the repository root)");
        a->len = (long)fread(a->der, 1, sizeof(a->der), f);
        fclose(f);
    } else {
        size_t i;
        for (i = 0; TLS13_HEX[2 * i] != 0; i++) {
            unsigned int b;
            sscanf(TLS13_HEX + 2 * i, "%2x", &b);
            a->der[i] = (unsigned char)b;
        }
        a->len = (long)i;
    }
    a->s = d2i_SSL_SESSION(NULL, &p, a->len);
    CHECK(a->s != NULL, "decode the benchmark session");
    CHECK(i2d_SSL_SESSION(a->s, NULL) == a->len, "re-encodes to the same length");
}

/* peer: 0 the session above, 1 the one with a peer certificate, 2 that one with
 * SSL_SESSION_get0_peer after each d2i. */
static void op_der(const char *op, int peer, timed_fn fn)
{
    static struct der_arg a;

    load_der(&a, peer != 0);
    a.get0_peer = peer == 2;
    report(op, calibrated(fn, &a), "ns/op");
    SSL_SESSION_free(a.s);
}

/* ------------------------------------------------------------------ main */

/* ------------------------------------------------------- cipher lists */

static double loop_set_cipher_list(void *arg, long n)
{
    SSL_CTX *ctx = arg;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++)
        CHECK(SSL_CTX_set_cipher_list(ctx, (i & 1) ? "HIGH:!aNULL:!kRSA:@STRENGTH" : "DEFAULT"),
              "SSL_CTX_set_cipher_list");
    return now_ns() - t0;
}

static double loop_get_ciphers(void *arg, long n)
{
    SSL *ssl = arg;
    uintptr_t acc = 0;
    double t0 = now_ns();
    long i;

    /* Only the call itself: the stack's pointer is summed rather than passed
     * to libcrypto's sk_num, whose cost both libraries would share. */
    for (i = 0; i < n; i++)
        acc += (uintptr_t)SSL_get_ciphers(ssl);
    t0 = now_ns() - t0;
    sink = acc;
    return t0;
}

static void op_cipher_list(const char *op, timed_fn fn)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;

    CHECK(ctx != NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    CHECK(ssl != NULL, "SSL_new");
    report(op, calibrated(fn, fn == loop_get_ciphers ? (void *)ssl : (void *)ctx), "ns/op");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* ------------------------------------------------- object lifecycles */

/* SSL_CTX_new + SSL_CTX_free: what a server or client pays per context; with
 * OpenSSL most of it is the default certificate store, cipher lists and
 * method tables built eagerly. */
static double loop_ctx_new_free(void *arg, long n)
{
    const SSL_METHOD *method = TLS_method();
    double t0 = now_ns();
    long i;

    (void)arg;
    for (i = 0; i < n; i++) {
        SSL_CTX *ctx = SSL_CTX_new(method);
        CHECK(ctx != NULL, "SSL_CTX_new");
        SSL_CTX_free(ctx);
    }
    return now_ns() - t0;
}

/* SSL_new + SSL_free on one context: the per-connection cost before any
 * handshake. */
static double loop_ssl_new_free(void *arg, long n)
{
    SSL_CTX *ctx = arg;
    double t0 = now_ns();
    long i;

    for (i = 0; i < n; i++) {
        SSL *ssl = SSL_new(ctx);
        CHECK(ssl != NULL, "SSL_new");
        SSL_free(ssl);
    }
    return now_ns() - t0;
}

static void op_lifecycle(const char *op, timed_fn fn)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    CHECK(ctx != NULL, "SSL_CTX_new");
    report(op, calibrated(fn, ctx), "ns/op");
    SSL_CTX_free(ctx);
}

static const char *const ops[] = {
    "get0", "get1_free", "get1_free_2t", "new_set_free", "dup",
    "add_uniform", "add_random_40k", "lookup_hit", "lookup_miss", "remove",
    "flush_half_1m", "mix_2t", "i2d_tls13", "d2i_tls13", "i2d_tls13_peer", "d2i_tls13_peer",
    "d2i_tls13_peer_get0",
    "mem_100k", "set_cipher_list", "get_ciphers", "ctx_new_free", "ssl_new_free", NULL
};

int main(int argc, char **argv)
{
    const char *op = argc > 1 ? argv[1] : "";
    int k;

    if (strcmp(op, "list") == 0) {
        for (k = 0; ops[k] != NULL; k++)
            printf("%s\n", ops[k]);
        return 0;
    }
    if (strcmp(op, "get0") == 0)
        op_get0_or_get1("get0", loop_get0);
    else if (strcmp(op, "get1_free") == 0)
        op_get0_or_get1("get1_free", loop_get1_free);
    else if (strcmp(op, "get1_free_2t") == 0)
        op_get1_free_2t();
    else if (strcmp(op, "new_set_free") == 0)
        report("new_set_free", calibrated(loop_new_set_free, NULL), "ns/op");
    else if (strcmp(op, "dup") == 0)
        op_dup();
    else if (strcmp(op, "add_uniform") == 0)
        op_add_uniform();
    else if (strcmp(op, "add_random_40k") == 0)
        op_add_random_40k();
    else if (strcmp(op, "lookup_hit") == 0)
        op_lookup("lookup_hit", 1);
    else if (strcmp(op, "lookup_miss") == 0)
        op_lookup("lookup_miss", 0);
    else if (strcmp(op, "remove") == 0)
        op_remove();
    else if (strcmp(op, "flush_half_1m") == 0)
        op_flush_half_1m();
    else if (strcmp(op, "mix_2t") == 0)
        op_mix_2t();
    else if (strcmp(op, "i2d_tls13") == 0)
        op_der(op, 0, loop_i2d);
    else if (strcmp(op, "d2i_tls13") == 0)
        op_der(op, 0, loop_d2i);
    else if (strcmp(op, "i2d_tls13_peer") == 0)
        op_der(op, 1, loop_i2d);
    else if (strcmp(op, "d2i_tls13_peer") == 0)
        op_der(op, 1, loop_d2i);
    else if (strcmp(op, "d2i_tls13_peer_get0") == 0)
        op_der(op, 2, loop_d2i);
    else if (strcmp(op, "mem_100k") == 0)
        op_mem_100k();
    else if (strcmp(op, "set_cipher_list") == 0)
        op_cipher_list(op, loop_set_cipher_list);
    else if (strcmp(op, "get_ciphers") == 0)
        op_cipher_list(op, loop_get_ciphers);
    else if (strcmp(op, "ctx_new_free") == 0)
        op_lifecycle(op, loop_ctx_new_free);
    else if (strcmp(op, "ssl_new_free") == 0)
        op_lifecycle(op, loop_ssl_new_free);
    else {
        fprintf(stderr, "usage: %s OP|list\nOP: ", argv[0]);
        for (k = 0; ops[k] != NULL; k++)
            fprintf(stderr, "%s%s", k ? " " : "", ops[k]);
        fprintf(stderr, "\n");
        return 2;
    }
    return 0;
}
