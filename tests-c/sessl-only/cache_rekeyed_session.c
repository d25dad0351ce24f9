/*
 * cache_rekeyed_session.c - a cached session whose key changes (d2i into it,
 * SSL_SESSION_set1_id, set_protocol_version) stays cached under the key it was
 * added with, until it leaves the cache. OpenSSL keeps it in the hash bucket of
 * its old id but compares the new fields, so what it finds then depends on
 * bucket accidents, and it can hold the session twice and leak it.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>

static int failures;

#define CHECK(cond, what)                                              \
    do {                                                               \
        if (cond) {                                                    \
            printf("ok    %s\n", what);                                \
        } else {                                                       \
            printf("FAIL  %s (line %d)\n", what, __LINE__);            \
            failures++;                                                \
        }                                                              \
    } while (0)

static int removed;

static void on_remove(SSL_CTX *ctx, SSL_SESSION *s)
{
    (void)ctx;
    (void)s;
    removed++;
}

int main(void)
{
    /* TLS 1.2, cipher c02f, id aabb */
    static const unsigned char der[] = { 0x30, 0x16, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02,
                                         0xc0, 0x2f, 0x04, 0x02, 0xaa, 0xbb, 0x04, 0x00, 0xb3, 0x03, 0x02,
                                         0x01, 0x00 };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new(), *a = s;
    const unsigned char *p = der;

    SSL_CTX_sess_set_remove_cb(ctx, on_remove);
    SSL_SESSION_set1_id(s, (const unsigned char *)"IDIDIDID", 8);
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    CHECK(SSL_CTX_add_session(ctx, s) == 1, "added under (TLS 1.3, IDIDIDID)");
    CHECK(d2i_SSL_SESSION(&a, &p, (long)sizeof(der)) == s, "decoded into the cached session");
    CHECK(SSL_SESSION_get_protocol_version(s) == TLS1_2_VERSION, "its fields changed");
    CHECK(SSL_has_matching_session_id(ssl, (const unsigned char *)"IDIDIDID", 8) == 1,
          "still found under the key it was added with");
    CHECK(SSL_has_matching_session_id(ssl, (const unsigned char *)"\xaa\xbb", 2) == 0,
          "not found under its new id");
    CHECK(SSL_CTX_add_session(ctx, s) == 0, "adding it again: already cached, not a second entry");
    CHECK(SSL_CTX_sess_number(ctx) == 1, "one entry");
    CHECK(SSL_CTX_remove_session(ctx, s) == 0, "remove by its new key finds nothing");
    CHECK(SSL_CTX_sess_number(ctx) == 1, "still one entry");
    SSL_SESSION_set1_id(s, (const unsigned char *)"IDIDIDID", 8);
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    CHECK(SSL_CTX_remove_session(ctx, s) == 1, "remove by the original key finds it");
    CHECK(SSL_CTX_sess_number(ctx) == 0 && removed == 2, "gone; one callback per remove");

    /* re-keyed while cached, then flushed: it leaves once, with its callback */
    removed = 0;
    CHECK(SSL_CTX_add_session(ctx, s) == 1, "added again");
    SSL_SESSION_set1_id(s, (const unsigned char *)"\x01", 1);
    SSL_CTX_flush_sessions(ctx, 0);
    CHECK(SSL_CTX_sess_number(ctx) == 0 && removed == 1, "flushed once");

    SSL_SESSION_free(s);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return failures != 0;
}
