/*
 * cache_check.h - the checks of the sessl-only cache tests cache_empty_ids,
 * cache_reentrant_callbacks and cache_two_contexts, besides check_util.h:
 * CHECK(cond, printf arguments...) prints "FAIL  <section>: line N: <message>"
 * and counts the failure in `failures` (main reports the count); CHECK_EQ
 * compares two values as longs. Each test sets `section` as it goes.
 * cached_in() asks whether a context caches a session of a given id.
 */
#ifndef SESSL_TESTS_CACHE_CHECK_H
#define SESSL_TESTS_CACHE_CHECK_H

#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "check_util.h"

static int failures;
static const char *section = "";

#define CHECK(cond, ...)                                              \
    do {                                                              \
        if (!(cond)) {                                                \
            printf("FAIL  %s: line %d: ", section, __LINE__);         \
            printf(__VA_ARGS__);                                      \
            printf("\n");                                             \
            failures++;                                               \
        }                                                             \
    } while (0)

#define CHECK_EQ(got, want, what)                                     \
    do {                                                              \
        long got_ = (long)(got), want_ = (long)(want);                \
        CHECK(got_ == want_, "%s: got %ld, want %ld", (what), got_, want_); \
    } while (0)

/*
 * Whether ctx caches a session with id NAME (ASCII), asked through a new SSL of
 * ctx, so for ctx's protocol version (0x304).
 */
static inline int cached_in(SSL_CTX *ctx, const char *name)
{
    SSL *ssl = SSL_new(ctx);
    int r;

    FATAL_IF(ssl == NULL, "SSL_new");
    r = SSL_has_matching_session_id(ssl, (const unsigned char *)name, (unsigned int)strlen(name));
    SSL_free(ssl);
    return r;
}

#endif
