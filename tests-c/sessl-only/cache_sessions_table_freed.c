/*
 * cache_sessions_table_freed.c - sessl-only: the table SSL_CTX_sessions
 * returns is a snapshot (COMPATIBILITY.md) that holds no references, as
 * OpenSSL's holds none; a lookup of one session reads every other entry of
 * its bucket (libcrypto calls the compare function on each), so a session the
 * program removed from the cache and freed must have left the table before
 * it was freed. Run under valgrind and AddressSanitizer by tests-c/run.sh,
 * which catch a read of freed memory.
 *
 * Also: the session's ex_data free callback runs at the program's
 * SSL_SESSION_free, as on OpenSSL, and may call SSL_CTX_sessions itself
 * (the table's lock is not held then).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/lhash.h>
#include "check_util.h"

static SSL_CTX *ctx;
static int refill_when_freed, freed_sessions, failures;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (!(cond)) {                                                     \
            printf("FAIL line %d: %s\n", __LINE__, #cond);                 \
            failures++;                                                    \
        }                                                                  \
    } while (0)

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    freed_sessions++;
    if (refill_when_freed)
        (void)SSL_CTX_sessions(ctx); /* re-entry: must not deadlock */
}

/* Sessions whose ids share their first four bytes share a bucket. */
static SSL_SESSION *make(unsigned char last)
{
    unsigned char id[8] = { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 0 };
    SSL_SESSION *s = SSL_SESSION_new();

    id[7] = last;
    FATAL_IF(s == NULL || !SSL_SESSION_set1_id(s, id, sizeof(id)), "make");
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    return s;
}

int main(void)
{
    SSL_SESSION *first, *second, *key1 = make(1), *key2 = make(2);
    OPENSSL_LHASH *lh;

    FATAL_IF(SSL_SESSION_get_ex_new_index(0, NULL, NULL, NULL, on_free) < 0, "ex index");
    ctx = SSL_CTX_new(TLS_server_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    first = make(1);
    second = make(2);
    CHECK(SSL_CTX_add_session(ctx, first) == 1);
    CHECK(SSL_CTX_add_session(ctx, second) == 1);
    lh = (OPENSSL_LHASH *)SSL_CTX_sessions(ctx);
    CHECK(lh != NULL && OPENSSL_LH_num_items(lh) == 2);

    /* The first session leaves the cache and the program frees it: freed
     * now (its free callback refills the table), and out of the table. */
    CHECK(SSL_CTX_remove_session(ctx, first) == 1);
    refill_when_freed = 1;
    SSL_SESSION_free(first);
    refill_when_freed = 0;
    CHECK(freed_sessions == 1);

    /* Looking up either reads only live entries (one bucket). */
    CHECK(OPENSSL_LH_num_items(lh) == 1);
    CHECK(OPENSSL_LH_retrieve(lh, key2) == second);
    CHECK(OPENSSL_LH_retrieve(lh, key1) == NULL);

    /* A session still cached, freed by the program: the cache keeps it. */
    SSL_SESSION_free(second);
    CHECK(freed_sessions == 1);
    CHECK(OPENSSL_LH_retrieve(lh, key2) == second);

    /* Removed from the cache while the table is stale (no refill): it is
     * freed by the removal and leaves the table; a session re-added under
     * its key by another object is not taken out by it. */
    first = make(2);
    CHECK(SSL_CTX_remove_session(ctx, second) == 1);
    CHECK(freed_sessions == 2);
    CHECK(OPENSSL_LH_num_items(lh) == 0);
    CHECK(SSL_CTX_add_session(ctx, first) == 1);
    lh = (OPENSSL_LHASH *)SSL_CTX_sessions(ctx);
    CHECK(lh != NULL && OPENSSL_LH_retrieve(lh, key2) == first);
    SSL_SESSION_free(first);
    CHECK(freed_sessions == 2); /* cached */
    SSL_CTX_free(ctx);          /* flushes: freed inside SSL_CTX_free */
    CHECK(freed_sessions == 3);
    SSL_SESSION_free(key1);
    SSL_SESSION_free(key2);

    if (failures == 0)
        printf("ok\n");
    return failures != 0;
}
