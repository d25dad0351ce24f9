/*
 * get1_vs_set_session.c - sessl-only: SSL_get1_session racing
 * SSL_set_session on the same SSL.
 *
 * COMPATIBILITY.md, "Deliberate deviations": OpenSSL 3.0 read-locks the SSL
 * in SSL_get1_session, but SSL_set_session takes no lock, so a reader can
 * take a reference to a session the writer has just freed (use-after-free).
 * sessl's SSL_get1_session is lock-free and safe against it.
 *
 * One SSL (from an SSL_CTX with TLS_method) is shared by three threads:
 * one writer loops SSL_set_session(ssl, X), and two readers loop
 * SSL_get1_session(ssl); for each non-NULL session they read its timeout,
 * which must be one of the known tags 1000..1004, and its id, which must be
 * the bytes that belong to that tag, then SSL_SESSION_free it.
 *
 *   variant "fixed": X cycles over five long-lived sessions and NULL;
 *   variant "fresh": each iteration the writer makes a new session, sets it,
 *     and frees its own reference at once, so the SSL holds the only one and
 *     the previous session is freed when it is replaced (every fifth
 *     iteration sets NULL instead). A reader that took a reference to a freed
 *     session would read freed memory: valgrind reports it, and natively the
 *     tag or id is likely to be wrong.
 *
 * Each reader goes on until it has read READS sessions and seen at least two
 * different tags (so it really overlapped the writer; NULL reads do not
 * count), with a cap on its attempts so that a stalled writer cannot hang the
 * test. READS is the same natively and under valgrind (the suite runs the same
 * binary both ways, without arguments); it keeps the valgrind run well under
 * 20 s. An optional argument overrides it.
 *
 * Exits 0 if every read saw a valid tag and id, every reader read its READS
 * sessions and saw at least two tags, and every SSL_set_session returned 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

#define N_TAGS 5
#define TAG_BASE 1000L
#define N_READERS 2
/* Non-NULL reads per reader, per variant. */
#define DEFAULT_READS 200000L
/* A reader gives up after this many attempts per read it must do. */
#define ATTEMPTS_PER_READ 1000L

#define FATAL_IF(cond, what)                                          \
    do {                                                              \
        if (cond) {                                                   \
            printf("FAIL  FATAL: %s (line %d)\n", (what), __LINE__); \
            exit(1);                                                  \
        }                                                             \
    } while (0)

/* The id of the session tagged TAG_BASE + idx: 8 + 4 * idx bytes. */
static unsigned int tag_id(int idx, unsigned char *buf)
{
    unsigned int len = 8 + 4 * (unsigned int)idx, j;

    for (j = 0; j < len; j++)
        buf[j] = (unsigned char)(0x11 * (idx + 1) + j);
    return len;
}

static SSL_SESSION *tagged_session(int idx)
{
    unsigned char id[SSL_MAX_SSL_SESSION_ID_LENGTH];
    unsigned int len = tag_id(idx, id);
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set_timeout(s, TAG_BASE + idx) != 1, "SSL_SESSION_set_timeout");
    FATAL_IF(SSL_SESSION_set1_id(s, id, len) != 1, "SSL_SESSION_set1_id");
    return s;
}

struct shared {
    SSL *ssl;
    int fresh;                    /* variant: new session every iteration */
    SSL_SESSION *fixed[N_TAGS];   /* variant "fixed": the sessions cycled */
    long reads;                   /* per reader */
    pthread_barrier_t start;
    int readers_done;             /* __atomic */
};

struct reader {
    pthread_t thread;
    struct shared *sh;
    int id;
    long nonnull, null, bad, distinct;
    long seen[N_TAGS];
};

struct writer {
    pthread_t thread;
    struct shared *sh;
    long iterations, set_failures;
};

/* 0 if `s` is a valid tagged session, else prints why (at most a few times). */
static int check_session(SSL_SESSION *s, struct reader *r)
{
    unsigned char want[SSL_MAX_SSL_SESSION_ID_LENGTH];
    const unsigned char *id;
    unsigned int len = 0, want_len;
    long t = SSL_SESSION_get_timeout(s);
    long idx = t - TAG_BASE;

    if (idx < 0 || idx >= N_TAGS) {
        if (r->bad < 5)
            printf("FAIL  reader %d: session %p has timeout %ld, not a known tag\n",
                   r->id, (void *)s, t);
        return -1;
    }
    id = SSL_SESSION_get_id(s, &len);
    want_len = tag_id((int)idx, want);
    if (id == NULL || len != want_len || memcmp(id, want, len) != 0) {
        if (r->bad < 5)
            printf("FAIL  reader %d: session %p tagged %ld has a wrong id (len %u, want %u)\n",
                   r->id, (void *)s, t, len, want_len);
        return -1;
    }
    /* Read the tag again: the session must not have changed under us. */
    if (SSL_SESSION_get_timeout(s) != t) {
        if (r->bad < 5)
            printf("FAIL  reader %d: session %p changed its tag while held\n", r->id, (void *)s);
        return -1;
    }
    if (r->seen[idx]++ == 0)
        r->distinct++;
    return 0;
}

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    struct shared *sh = r->sh;
    long i;

    pthread_barrier_wait(&sh->start);
    for (i = 0; i < sh->reads * ATTEMPTS_PER_READ; i++) {
        SSL_SESSION *s;

        if (r->nonnull >= sh->reads && r->distinct >= 2)
            break;
        s = SSL_get1_session(sh->ssl);
        if (s == NULL) {
            r->null++;
            continue;
        }
        r->nonnull++;
        if (check_session(s, r) != 0)
            r->bad++;
        SSL_SESSION_free(s);
    }
    __atomic_add_fetch(&sh->readers_done, 1, __ATOMIC_SEQ_CST);
    return NULL;
}

static void *writer_main(void *arg)
{
    struct writer *w = arg;
    struct shared *sh = w->sh;
    long k = 0;

    pthread_barrier_wait(&sh->start);
    while (__atomic_load_n(&sh->readers_done, __ATOMIC_SEQ_CST) < N_READERS) {
        int idx = (int)(k % (N_TAGS + 1));

        if (idx == N_TAGS) {
            if (SSL_set_session(sh->ssl, NULL) != 1)
                w->set_failures++;
        } else if (sh->fresh) {
            SSL_SESSION *s = tagged_session(idx);

            if (SSL_set_session(sh->ssl, s) != 1)
                w->set_failures++;
            /* The SSL now holds the only reference. */
            SSL_SESSION_free(s);
        } else {
            if (SSL_set_session(sh->ssl, sh->fixed[idx]) != 1)
                w->set_failures++;
        }
        k++;
    }
    w->iterations = k;
    return NULL;
}

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Runs one variant; returns the number of failed checks. */
static int run_variant(int fresh, long reads)
{
    const char *name = fresh ? "fresh" : "fixed";
    struct shared sh;
    struct reader readers[N_READERS];
    struct writer writer;
    SSL_CTX *ctx;
    SSL_SESSION *last;
    long nonnull = 0, null = 0, bad = 0, per_tag[N_TAGS];
    int i, j, failed = 0;
    double t0;

    memset(&sh, 0, sizeof(sh));
    memset(readers, 0, sizeof(readers));
    memset(&writer, 0, sizeof(writer));
    memset(per_tag, 0, sizeof(per_tag));

    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    sh.ssl = SSL_new(ctx);
    FATAL_IF(sh.ssl == NULL, "SSL_new");
    sh.fresh = fresh;
    sh.reads = reads;
    if (!fresh) {
        for (i = 0; i < N_TAGS; i++)
            sh.fixed[i] = tagged_session(i);
        FATAL_IF(SSL_set_session(sh.ssl, sh.fixed[0]) != 1, "SSL_set_session");
    } else {
        SSL_SESSION *s = tagged_session(0);

        FATAL_IF(SSL_set_session(sh.ssl, s) != 1, "SSL_set_session");
        SSL_SESSION_free(s);
    }
    FATAL_IF(pthread_barrier_init(&sh.start, NULL, N_READERS + 1) != 0, "pthread_barrier_init");

    t0 = now_seconds();
    writer.sh = &sh;
    FATAL_IF(pthread_create(&writer.thread, NULL, writer_main, &writer) != 0, "pthread_create");
    for (i = 0; i < N_READERS; i++) {
        readers[i].sh = &sh;
        readers[i].id = i;
        FATAL_IF(pthread_create(&readers[i].thread, NULL, reader_main, &readers[i]) != 0,
                 "pthread_create");
    }
    for (i = 0; i < N_READERS; i++)
        FATAL_IF(pthread_join(readers[i].thread, NULL) != 0, "pthread_join");
    FATAL_IF(pthread_join(writer.thread, NULL) != 0, "pthread_join");

    for (i = 0; i < N_READERS; i++) {
        nonnull += readers[i].nonnull;
        null += readers[i].null;
        bad += readers[i].bad;
        for (j = 0; j < N_TAGS; j++)
            per_tag[j] += readers[i].seen[j];
        printf("      %s: reader %d: %ld sessions (%ld tags), %ld NULL, %ld bad\n",
               name, i, readers[i].nonnull, readers[i].distinct, readers[i].null, readers[i].bad);
    }
    printf("      %s: writer: %ld SSL_set_session calls; tags seen:", name, writer.iterations);
    for (j = 0; j < N_TAGS; j++)
        printf(" %ld=%ld", TAG_BASE + j, per_tag[j]);
    printf("; %.2f s\n", now_seconds() - t0);

#define VCHECK(cond, what)                                              \
    do {                                                                \
        if (cond) {                                                     \
            printf("ok    %s: %s\n", name, (what));                     \
        } else {                                                        \
            printf("FAIL  %s: %s\n", name, (what));                     \
            failed++;                                                   \
        }                                                               \
    } while (0)

    VCHECK(bad == 0, "every session read had a known tag and its id");
    for (i = 0; i < N_READERS; i++) {
        VCHECK(readers[i].nonnull >= reads, "a reader read all its sessions");
        VCHECK(readers[i].distinct >= 2, "a reader saw the writer change the session");
    }
    VCHECK(writer.iterations > 0 && writer.set_failures == 0,
           "every SSL_set_session returned 1");

    /* After the race: the SSL holds the last session set (or none). */
    last = SSL_get1_session(sh.ssl);
    if (last != NULL) {
        struct reader r;

        memset(&r, 0, sizeof(r));
        r.id = -1;
        VCHECK(check_session(last, &r) == 0, "the session left in the SSL is valid");
        SSL_SESSION_free(last);
    } else {
        VCHECK(writer.iterations % (N_TAGS + 1) == 0, "the SSL is empty only after a NULL was set");
    }

    pthread_barrier_destroy(&sh.start);
    SSL_free(sh.ssl);
    if (!fresh) {
        for (i = 0; i < N_TAGS; i++) {
            /* Still intact after the SSL released its reference. */
            VCHECK(SSL_SESSION_get_timeout(sh.fixed[i]) == TAG_BASE + i, "a fixed session kept its tag");
            SSL_SESSION_free(sh.fixed[i]);
        }
    }
    SSL_CTX_free(ctx);
#undef VCHECK
    return failed;
}

int main(int argc, char **argv)
{
    long reads = DEFAULT_READS;
    int failed = 0;

    if (argc > 1) {
        reads = strtol(argv[1], NULL, 10);
        FATAL_IF(reads <= 0, "usage: get1_vs_set_session [reads per reader]");
    }
    printf("      %d readers x %ld reads, 1 writer, per variant\n", N_READERS, reads);
    failed += run_variant(0, reads);
    failed += run_variant(1, reads);
    ERR_clear_error();
    printf("%s: %d failed check(s)\n", failed ? "FAIL" : "ok", failed);
    return failed == 0 ? 0 : 1;
}
