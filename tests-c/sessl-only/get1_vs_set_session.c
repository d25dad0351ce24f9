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
 *     the previous session is freed when it is replaced (every sixth
 *     iteration sets NULL instead). A reader that took a reference to a freed
 *     session would read freed memory: valgrind reports it, and natively the
 *     tag or id is likely to be wrong. (Built against OpenSSL 3.0.19 instead,
 *     this variant aborts natively with "double free or corruption", and
 *     valgrind reports SSL_get1_session's up_ref on freed sessions.)
 *   variant "held": as "fresh", but the writer leaves each session in place
 *     until the readers have taken 1500 to 5500 references to it, so that
 *     many references are handed out from one stored session (sessl's slot
 *     tops up its reserve every 2048) before it is replaced and freed.
 *
 * Each reader goes on until it has read DEFAULT_READS sessions and seen at
 * least two different tags (so it really overlapped the writer; NULL reads
 * do not count), with a time limit so that a stalled writer cannot hang
 * the test. The count is the same natively and under valgrind (the suite
 * runs the same binary both ways, without arguments): 0.2-0.5 s natively,
 * about 4 s under valgrind (measured on 2 cores, also under load). An
 * optional argument overrides it.
 *
 * Exits 0 if every read saw a valid tag and id, every reader read its
 * DEFAULT_READS sessions and saw at least two tags, and every SSL_set_session
 * returned 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "check_util.h"

#define N_TAGS 5
#define TAG_BASE 1000L
#define N_READERS 2
/* Non-NULL reads per reader, per variant. */
#define DEFAULT_READS 200000L
/* A reader gives up after this long (only if the writer stalls). */
#define READER_TIME_LIMIT 60.0
/* Readers yield every this many reads, and after each NULL read, so that the
 * writer also runs under valgrind, whose scheduler favours a spinning thread. */
#define READER_YIELD_EVERY 64L
/*
 * The writer stays within this many SSL_set_session calls per session read
 * (plus a head start), yielding while it is ahead, and only while the SSL
 * holds a session (so the readers can catch up): natively it seldom gets
 * there, but valgrind's scheduler can starve the readers and let the writer
 * spin for tens of seconds.
 */
#define WRITES_PER_READ 2L
#define WRITER_HEAD_START 1000L

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

enum variant { FIXED, FRESH, HELD };

struct shared {
    SSL *ssl;
    enum variant variant;
    SSL_SESSION *fixed[N_TAGS];   /* variant "fixed": the sessions cycled */
    long reads;                   /* per reader */
    pthread_barrier_t start;
    int readers_done;             /* __atomic */
    struct reader *readers;       /* N_READERS of them */
};

struct reader {
    pthread_t thread;
    struct shared *sh;
    int id;
    long progress;                /* __atomic: sessions read so far, for the writer */
    long nonnull, null, bad, distinct;
    long seen[N_TAGS];
};

struct writer {
    pthread_t thread;
    struct shared *sh;
    long iterations, set_failures, yields;
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

static double now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *reader_main(void *arg)
{
    struct reader *r = arg;
    struct shared *sh = r->sh;
    double start;
    long i;

    pthread_barrier_wait(&sh->start);
    start = now_seconds();
    for (i = 1;; i++) {
        SSL_SESSION *s;

        if (r->nonnull >= sh->reads && r->distinct >= 2)
            break;
        if (i % 4096 == 0 && now_seconds() - start > READER_TIME_LIMIT) {
            printf("      reader %d: gave up after %.0f s\n", r->id, READER_TIME_LIMIT);
            break;
        }
        if (i % READER_YIELD_EVERY == 0)
            sched_yield();
        s = SSL_get1_session(sh->ssl);
        if (s == NULL) {
            r->null++;
            sched_yield();
            continue;
        }
        r->nonnull++;
        __atomic_store_n(&r->progress, r->nonnull, __ATOMIC_RELAXED);
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
        long progress = 0;
        int i;

        for (i = 0; i < N_READERS; i++)
            progress += __atomic_load_n(&sh->readers[i].progress, __ATOMIC_RELAXED);
        /* idx 0 follows a NULL: never wait with the SSL empty. */
        if (sh->variant != HELD && idx != 0
            && k >= WRITES_PER_READ * progress + WRITER_HEAD_START) {
            w->yields++;
            sched_yield();
            continue;
        }

        if (idx == N_TAGS) {
            if (SSL_set_session(sh->ssl, NULL) != 1)
                w->set_failures++;
        } else if (sh->variant != FIXED) {
            SSL_SESSION *s = tagged_session(idx);

            if (SSL_set_session(sh->ssl, s) != 1)
                w->set_failures++;
            /* The SSL now holds the only reference. */
            SSL_SESSION_free(s);
            if (sh->variant == HELD) {
                long until = progress + 1500 + (k * 797) % 4000;

                while (__atomic_load_n(&sh->readers_done, __ATOMIC_SEQ_CST) < N_READERS) {
                    long now = 0;

                    for (i = 0; i < N_READERS; i++)
                        now += __atomic_load_n(&sh->readers[i].progress, __ATOMIC_RELAXED);
                    if (now >= until)
                        break;
                    w->yields++;
                    sched_yield();
                }
            }
        } else {
            if (SSL_set_session(sh->ssl, sh->fixed[idx]) != 1)
                w->set_failures++;
        }
        k++;
    }
    w->iterations = k;
    return NULL;
}

/* Runs one variant; returns the number of failed checks. */
static int run_variant(enum variant variant, long reads)
{
    const char *name = variant == FIXED ? "fixed" : variant == FRESH ? "fresh" : "held";
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
    sh.variant = variant;
    sh.reads = reads;
    sh.readers = readers;
    if (variant == FIXED) {
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
    printf("      %s: writer: %ld SSL_set_session calls, %ld yields; tags seen:",
           name, writer.iterations, writer.yields);
    for (j = 0; j < N_TAGS; j++)
        printf(" %ld=%ld", TAG_BASE + j, per_tag[j]);
    printf("; %.2f s\n", now_seconds() - t0);
    printf("      %s: readers in all: %ld sessions, %ld NULL, %ld bad\n", name, nonnull, null, bad);

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
    if (variant == FIXED) {
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
    failed += run_variant(FIXED, reads);
    failed += run_variant(FRESH, reads);
    failed += run_variant(HELD, reads);
    ERR_clear_error();
    printf("%s: %d failed check(s)\n", failed ? "FAIL" : "ok", failed);
    return failed == 0 ? 0 : 1;
}
