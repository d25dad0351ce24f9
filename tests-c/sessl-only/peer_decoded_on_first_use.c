/*
 * peer_decoded_on_first_use.c - sessl-only: the X509 of a session's peer
 * certificate is built when it is first asked for, not by d2i_SSL_SESSION.
 *
 * OpenSSL builds it inside d2i_SSL_SESSION, where ~94% of the time goes to the
 * public key (BENCHMARKS.md). sessl checks the certificate's shape there (so
 * d2i fails exactly when OpenSSL's does: der_peer_mutations.c) and decodes the
 * X509 on the first SSL_SESSION_get0_peer. The difference shows only through
 * libcrypto's X509 ex_data callbacks, which see the X509 come into existence
 * later, or never when nobody asks for it. This test pins that down:
 *   - d2i_SSL_SESSION makes no X509; get0_peer makes one, with the callbacks
 *     d2i_X509 runs (as OpenSSL's d2i_SSL_SESSION runs them), once;
 *   - later calls, and copies (SSL_SESSION_dup), give the same X509, decoded or
 *     not when the copy was made;
 *   - the X509 is freed with the last session that holds it;
 *   - a session never asked for its peer makes and frees no X509;
 *   - d2i into an existing session replaces its certificate;
 *   - threads asking for the peer of one session at once all get the one X509
 *     (also run under ThreadSanitizer: make test-tsan).
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

static int made, freed;

static void on_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    made++;
}

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    freed++;
}

static int failures;

/* X509 objects alive. */
#define LIVE() (made - freed)

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s (made %d, freed %d)\n", __LINE__, #cond, \
                   made, freed);                                           \
            failures++;                                                    \
        }                                                                  \
    } while (0)

#define THREADS 4

struct asker {
    pthread_barrier_t *start;
    SSL_SESSION *s;
    X509 *got;
};

static void *ask(void *arg)
{
    struct asker *a = (struct asker *)arg;

    pthread_barrier_wait(a->start);
    a->got = SSL_SESSION_get0_peer(a->s);
    return NULL;
}

static unsigned char der[8192];
static long der_len;

static SSL_SESSION *decode(SSL_SESSION **into)
{
    const unsigned char *p = der;

    return d2i_SSL_SESSION(into, &p, der_len);
}

int main(void)
{
    FILE *f = fopen("tests-c/fixtures/tls13.der", "rb");
    SSL_SESSION *s, *copy, *other;
    X509 *x;
    int per_x509;

    if (f == NULL) {
        printf("run from the repository root\n");
        return 1;
    }
    der_len = (long)fread(der, 1, sizeof(der), f);
    fclose(f);
    if (CRYPTO_get_ex_new_index(CRYPTO_EX_INDEX_X509, 0, NULL, on_new, NULL, on_free) < 0) {
        printf("CRYPTO_get_ex_new_index failed\n");
        return 1;
    }

    /* Never asked for: no X509 at all, not even briefly. */
    made = freed = 0;
    s = decode(NULL);
    CHECK(s != NULL);
    copy = SSL_SESSION_dup(s);
    CHECK(copy != NULL);
    SSL_SESSION_free(copy);
    SSL_SESSION_free(s);
    CHECK(made == 0 && freed == 0);

    /* Asked for: one X509 (the callbacks one d2i_X509 runs), shared by later
     * calls and by copies. */
    made = freed = 0;
    s = decode(NULL);
    copy = SSL_SESSION_dup(s);            /* copied before the decoding */
    CHECK(made == 0);
    x = SSL_SESSION_get0_peer(s);
    CHECK(x != NULL && LIVE() == 1);
    per_x509 = made;
    {
        /* The same certificate through d2i_X509 runs the same callbacks. */
        int made_before = made, freed_before = freed;
        unsigned char *cert = NULL;
        const unsigned char *p;
        int len = i2d_X509(x, &cert);
        X509 *ref;

        p = cert;
        ref = d2i_X509(NULL, &p, len);
        CHECK(ref != NULL && made - made_before == per_x509 && freed - freed_before == per_x509 - 1);
        X509_free(ref);
        OPENSSL_free(cert);
        made = made_before;               /* that X509 was not the session's */
        freed = freed_before;
    }
    CHECK(SSL_SESSION_get0_peer(s) == x);
    CHECK(SSL_SESSION_get0_peer(copy) == x);
    other = SSL_SESSION_dup(s);           /* copied after it */
    CHECK(SSL_SESSION_get0_peer(other) == x);
    CHECK(made == per_x509 && LIVE() == 1);
    SSL_SESSION_free(s);
    SSL_SESSION_free(copy);
    CHECK(LIVE() == 1);                   /* `other` still holds it */
    CHECK(X509_get_subject_name(SSL_SESSION_get0_peer(other)) != NULL);
    SSL_SESSION_free(other);
    CHECK(LIVE() == 0);

    /* d2i into an existing session: the new certificate replaces the old one,
     * whose X509 goes with it; the new one is decoded when asked for. */
    made = freed = 0;
    s = decode(NULL);
    x = SSL_SESSION_get0_peer(s);
    CHECK(x != NULL && LIVE() == 1);
    CHECK(decode(&s) == s);
    CHECK(LIVE() == 0 && made == per_x509);
    CHECK(SSL_SESSION_get0_peer(s) != NULL);
    CHECK(LIVE() == 1 && made == 2 * per_x509);
    SSL_SESSION_free(s);
    CHECK(LIVE() == 0);

    /* Several threads ask at once: one decoding, one X509 for all. */
    {
        pthread_barrier_t start;
        pthread_t th[THREADS];
        struct asker a[THREADS];
        int k, round;

        for (round = 0; round < 20; round++) {
            made = freed = 0;
            s = decode(NULL);
            pthread_barrier_init(&start, NULL, THREADS);
            for (k = 0; k < THREADS; k++) {
                a[k].start = &start;
                a[k].s = s;
                a[k].got = NULL;
                pthread_create(&th[k], NULL, ask, &a[k]);
            }
            for (k = 0; k < THREADS; k++)
                pthread_join(th[k], NULL);
            pthread_barrier_destroy(&start);
            for (k = 0; k < THREADS; k++)
                CHECK(a[k].got != NULL && a[k].got == a[0].got);
            CHECK(LIVE() == 1 && made == per_x509);
            SSL_SESSION_free(s);
            CHECK(LIVE() == 0);
        }
    }

    if (failures == 0)
        printf("ok\n");
    return failures != 0;
}
