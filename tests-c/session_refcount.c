/*
 * session_refcount.c - reference counting of SSL_SESSION objects held by SSL
 * objects: SSL_get_session / get0 / get1, SSL_set_session, SSL_copy_session_id,
 * SSL_SESSION_up_ref / free.
 *
 * Reference counts are not directly observable; each scenario reads a
 * session through the remaining holders after the other holders released it
 * (valgrind then proves nothing was freed too early or leaked).  Sessions are
 * tagged with a distinct timeout so that reads identify them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

/* A new session tagged by its timeout. */
static SSL_SESSION *tagged_session(long tag)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set_timeout(s, tag) != 1, "SSL_SESSION_set_timeout");
    return s;
}

static SSL *new_ssl(SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);

    FATAL_IF(ssl == NULL, "SSL_new");
    return ssl;
}

/* Tag of the session an SSL holds, or -1 if none. */
static long tag_of(const SSL *ssl)
{
    SSL_SESSION *s = SSL_get_session(ssl);

    return s == NULL ? -1 : SSL_SESSION_get_timeout(s);
}

static void test_fresh(SSL_CTX *ctx)
{
    SSL *ssl = new_ssl(ctx);
    SSL_SESSION *g1;

    printf("== fresh SSL\n");
    printf("get_session null=%d\n", SSL_get_session(ssl) == NULL);
    printf("get0_session null=%d\n", SSL_get0_session(ssl) == NULL);
    g1 = SSL_get1_session(ssl);
    printf("get1_session null=%d\n", g1 == NULL);
    SSL_SESSION_free(g1);
    SSL_free(ssl);
}

static void test_set_session(SSL_CTX *ctx)
{
    SSL *ssl = new_ssl(ctx);
    SSL_SESSION *s = tagged_session(101);
    SSL_SESSION *g;
    int i;

    printf("== SSL_set_session takes a reference\n");
    printf("set_session ret=%d\n", SSL_set_session(ssl, s));
    printf("get_session==s %d get0_session==s %d\n",
           SSL_get_session(ssl) == s, SSL_get0_session(ssl) == s);
    printf("session_reused=%d\n", SSL_session_reused(ssl));
    SSL_SESSION_free(s); /* drop the application's reference */
    printf("after app free: still same=%d tag=%ld\n",
           SSL_get_session(ssl) == s, tag_of(ssl));

    printf("-- get1 / free pairs\n");
    for (i = 0; i < 3; i++) {
        g = SSL_get1_session(ssl);
        printf("get1[%d]==s %d tag=%ld\n", i, g == s, SSL_SESSION_get_timeout(g));
        SSL_SESSION_free(g);
    }
    printf("after pairs tag=%ld\n", tag_of(ssl));

    printf("-- same session set twice\n");
    g = SSL_get1_session(ssl); /* app reference again */
    printf("set same ret=%d\n", SSL_set_session(ssl, g));
    printf("set same again ret=%d\n", SSL_set_session(ssl, g));
    printf("still same=%d tag=%ld\n", SSL_get_session(ssl) == s, tag_of(ssl));

    printf("-- set NULL drops the SSL's reference\n");
    printf("set NULL ret=%d\n", SSL_set_session(ssl, NULL));
    printf("get_session null=%d tag=%ld\n", SSL_get_session(ssl) == NULL, tag_of(ssl));
    printf("app ref still readable tag=%ld\n", SSL_SESSION_get_timeout(g));
    printf("set NULL again ret=%d\n", SSL_set_session(ssl, NULL));

    printf("-- replace one session by another\n");
    printf("set g ret=%d\n", SSL_set_session(ssl, g));
    SSL_SESSION_free(g); /* now only the SSL holds g */
    s = tagged_session(102);
    printf("set s2 ret=%d\n", SSL_set_session(ssl, s));
    printf("now tag=%ld\n", tag_of(ssl));
    SSL_SESSION_free(s);
    printf("s2 held by SSL tag=%ld\n", tag_of(ssl));
    print_errors("set_session");
    SSL_free(ssl); /* frees s2 */
}

static void test_two_ssls(SSL_CTX *ctx1, SSL_CTX *ctx2)
{
    SSL *a = new_ssl(ctx1);
    SSL *b = new_ssl(ctx1);
    SSL *c = new_ssl(ctx2);
    SSL_SESSION *s = tagged_session(201);

    printf("== one session on several SSLs and contexts\n");
    printf("set a=%d b=%d c=%d\n", SSL_set_session(a, s),
           SSL_set_session(b, s), SSL_set_session(c, s));
    SSL_SESSION_free(s);
    printf("shared: a==b %d b==c %d tag=%ld\n",
           SSL_get_session(a) == SSL_get_session(b),
           SSL_get_session(b) == SSL_get_session(c), tag_of(c));
    SSL_free(a);
    printf("after SSL_free(a): b tag=%ld c tag=%ld\n", tag_of(b), tag_of(c));
    printf("set b NULL ret=%d\n", SSL_set_session(b, NULL));
    printf("after b drops: c tag=%ld same=%d\n", tag_of(c), SSL_get_session(c) == s);

    /* move: c -> b (other context) then c drops it */
    printf("move to b ret=%d\n", SSL_set_session(b, SSL_get_session(c)));
    printf("c set NULL ret=%d\n", SSL_set_session(c, NULL));
    printf("b tag=%ld same=%d c null=%d\n", tag_of(b), SSL_get_session(b) == s,
           SSL_get_session(c) == NULL);
    SSL_free(c);
    SSL_free(b); /* last holder */
    print_errors("two ssls");
}

static void test_survives_ssl_free(SSL_CTX *ctx)
{
    SSL *ssl = new_ssl(ctx);
    SSL_SESSION *s = tagged_session(301);
    SSL_SESSION *g;

    printf("== session survives SSL_free when get1'd\n");
    printf("set ret=%d\n", SSL_set_session(ssl, s));
    SSL_SESSION_free(s);
    g = SSL_get1_session(ssl);
    printf("get1==s %d\n", g == s);
    SSL_free(ssl);
    printf("after SSL_free: tag=%ld\n", SSL_SESSION_get_timeout(g));
    printf("after SSL_free: set_time ret=%ld\n", SSL_SESSION_set_time(g, 5));
    printf("after SSL_free: get_time=%ld\n", SSL_SESSION_get_time(g));
    SSL_SESSION_free(g);
}

static void test_copy_session_id(SSL_CTX *ctx1, SSL_CTX *ctx2)
{
    SSL *from = new_ssl(ctx1);
    SSL *to = new_ssl(ctx1);
    SSL *other = new_ssl(ctx2);
    SSL_SESSION *s = tagged_session(401);
    SSL_SESSION *t = tagged_session(402);
    int r;

    printf("== SSL_copy_session_id\n");
    ERR_clear_error();
    r = SSL_copy_session_id(to, from);
    printf("both empty: ret=%d to null=%d\n", r, SSL_get_session(to) == NULL);

    printf("set from ret=%d\n", SSL_set_session(from, s));
    SSL_SESSION_free(s);
    r = SSL_copy_session_id(to, from);
    printf("from has session: ret=%d shared=%d tag=%ld\n", r,
           SSL_get_session(to) == SSL_get_session(from), tag_of(to));
    r = SSL_copy_session_id(to, from);
    printf("copy again: ret=%d shared=%d\n", r,
           SSL_get_session(to) == SSL_get_session(from));
    SSL_free(from);
    printf("after SSL_free(from): to tag=%ld same=%d\n", tag_of(to),
           SSL_get_session(to) == s);

    /* other context, same method; other already holds t */
    printf("set other ret=%d\n", SSL_set_session(other, t));
    SSL_SESSION_free(t);
    r = SSL_copy_session_id(other, to);
    printf("across contexts: ret=%d shared=%d tag=%ld\n", r,
           SSL_get_session(other) == SSL_get_session(to), tag_of(other));

    /* from without a session: to loses its session */
    from = new_ssl(ctx1);
    r = SSL_copy_session_id(to, from);
    printf("from empty: ret=%d to null=%d other tag=%ld\n", r,
           SSL_get_session(to) == NULL, tag_of(other));
    print_errors("copy_session_id");
    SSL_free(from);
    SSL_free(to);
    SSL_free(other);
}

static void test_session_up_ref(void)
{
    SSL_SESSION *s = tagged_session(501);
    int i;

    printf("== SSL_SESSION_up_ref / free\n");
    for (i = 0; i < 3; i++)
        printf("up_ref[%d]=%d\n", i, SSL_SESSION_up_ref(s));
    for (i = 0; i < 3; i++) {
        SSL_SESSION_free(s);
        printf("after free[%d]: tag=%ld\n", i, SSL_SESSION_get_timeout(s));
    }
    SSL_SESSION_free(s); /* last one */
    SSL_SESSION_free(NULL);
    printf("SSL_SESSION_free(NULL) ok\n");
}

int main(void)
{
    SSL_CTX *ctx1 = SSL_CTX_new(TLS_client_method());
    SSL_CTX *ctx2 = SSL_CTX_new(TLS_client_method());

    FATAL_IF(ctx1 == NULL || ctx2 == NULL, "SSL_CTX_new");
    ERR_clear_error();
    test_fresh(ctx1);
    test_set_session(ctx1);
    test_two_ssls(ctx1, ctx2);
    test_survives_ssl_free(ctx2);
    test_copy_session_id(ctx1, ctx2);
    test_session_up_ref();
    SSL_CTX_free(ctx1);
    SSL_CTX_free(ctx2);
    printf("done\n");
    return 0;
}
