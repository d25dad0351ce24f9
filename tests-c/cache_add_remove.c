/*
 * cache_add_remove.c - SSL_CTX_add_session / SSL_CTX_remove_session /
 * SSL_has_matching_session_id on an SSL_CTX session cache: return values,
 * the cache key (protocol version, id), SSL_CTX_sess_number, the
 * not-resumable mark, and which callbacks the explicit calls invoke.
 *
 * Sessions are named by their id bytes (ASCII) and protocol version, never
 * by pointer.  Reference counts are proven by valgrind: a session the cache
 * should still hold is read after the application dropped its reference.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

/* A session with an ASCII id (may be ""), a protocol version and times. */
static SSL_SESSION *mk(const char *id, int version)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s, (const unsigned char *)id,
                                 (unsigned int)strlen(id)) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set_protocol_version(s, version) != 1, "set_protocol_version");
    SSL_SESSION_set_time(s, 1000);
    FATAL_IF(SSL_SESSION_set_timeout(s, 100) != 1, "set_timeout");
    return s;
}

/* "id/version", "<empty>/version" for an empty id. */
static const char *name(const SSL_SESSION *s, char *buf, size_t n)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);

    if (len == 0)
        snprintf(buf, n, "<empty>/%x", (unsigned)SSL_SESSION_get_protocol_version(s));
    else
        snprintf(buf, n, "%.*s/%x", (int)len, (const char *)id,
                 (unsigned)SSL_SESSION_get_protocol_version(s));
    return buf;
}

/* Callback bookkeeping. */
static int remove_calls, new_calls, get_calls;
static char remove_log[2048];
static const SSL_SESSION *remove_last;
static int remove_last_resumable = -1;

static void remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    char b[64];

    (void)ctx;
    remove_calls++;
    remove_last = s;
    remove_last_resumable = SSL_SESSION_is_resumable(s);
    if (strlen(remove_log) + 80 < sizeof(remove_log)) {
        strcat(remove_log, " ");
        strcat(remove_log, name(s, b, sizeof(b)));
    }
}

static int new_cb(SSL *ssl, SSL_SESSION *s)
{
    (void)ssl, (void)s;
    new_calls++;
    return 0;
}

static SSL_SESSION *get_cb(SSL *ssl, const unsigned char *id, int len, int *copy)
{
    (void)ssl, (void)id, (void)len, (void)copy;
    get_calls++;
    return NULL;
}

/*
 * Prints and clears the remove_cb log: the calls, the sessions passed, whether
 * the last one was 'arg' and whether it was still resumable inside the callback.
 */
static void show_cb(const char *label, const SSL_SESSION *arg)
{
    printf("%s: remove_cb calls=%d [%s ] arg_is_expected=%d resumable_in_cb=%d\n",
           label, remove_calls, remove_log, arg != NULL && remove_last == arg,
           remove_last_resumable);
    remove_calls = 0;
    remove_log[0] = '\0';
    remove_last = NULL;
    remove_last_resumable = -1;
}

/* add / remove with the return value and the entry count after the call. */
static void add(SSL_CTX *ctx, SSL_SESSION *s, const char *label)
{
    int r = SSL_CTX_add_session(ctx, s);

    printf("%s=%d number=%ld\n", label, r, SSL_CTX_sess_number(ctx));
}

/* Adds a new session that only the cache will hold. */
static void add_new(SSL_CTX *ctx, const char *id, int version)
{
    SSL_SESSION *s = mk(id, version);
    char label[64];

    snprintf(label, sizeof(label), "add %s/%x", id, (unsigned)version);
    add(ctx, s, label);
    SSL_SESSION_free(s);
}

static SSL_CTX *new_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, remove_cb);
    SSL_CTX_sess_set_new_cb(ctx, new_cb);
    SSL_CTX_sess_set_get_cb(ctx, get_cb);
    return ctx;
}

static void test_add_basic(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *a = mk("AAAA", 0x303);
    SSL_SESSION *a2 = mk("AAAA", 0x303);
    char buf[64];

    printf("== add: new, same object, same key\n");
    printf("number empty=%ld\n", SSL_CTX_sess_number(ctx));
    add(ctx, a, "add a");
    add(ctx, a, "add a again");
    add(ctx, a, "add a third");
    SSL_SESSION_free(a); /* only the cache's reference remains */
    printf("a after app free: %s resumable=%d\n", name(a, buf, sizeof(buf)),
           SSL_SESSION_is_resumable(a));
    show_cb("after adds", NULL);

    SSL_SESSION_up_ref(a); /* keep a to inspect it after replacement */
    SSL_SESSION_set_timeout(a2, 222);
    add(ctx, a2, "add a2 (other object, same key)");
    printf("old a resumable=%d a2 resumable=%d\n", SSL_SESSION_is_resumable(a),
           SSL_SESSION_is_resumable(a2));
    show_cb("after replace", NULL);
    add(ctx, a, "add a back");
    add(ctx, a2, "add a2 back");
    show_cb("after swaps", NULL);

    printf("-- key includes the protocol version\n");
    add_new(ctx, "AAAA", 0x304);
    add_new(ctx, "AAAA", 0);
    add_new(ctx, "AAAB", 0x303);
    add_new(ctx, "AAA", 0x303); /* a prefix of AAAA */
    show_cb("after key adds", NULL);
    printf("callbacks: new_cb=%d get_cb=%d\n", new_calls, get_calls);

    SSL_SESSION_free(a);
    SSL_SESSION_free(a2); /* both still referenced: a2 by the cache */
    print_errors("add basic");
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

static void test_remove(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *a = mk("RRRR", 0x303);
    SSL_SESSION *a2 = mk("RRRR", 0x303);
    SSL_SESSION *v = mk("RRRR", 0x304);
    SSL_SESSION *x = mk("XXXX", 0x303);
    SSL_SESSION *e = mk("", 0x303);
    int r;

    printf("== remove\n");
    add(ctx, a, "add a");
    r = SSL_CTX_remove_session(ctx, a);
    printf("remove a=%d number=%ld a resumable=%d\n", r, SSL_CTX_sess_number(ctx),
           SSL_SESSION_is_resumable(a));
    show_cb("remove a", a);
    r = SSL_CTX_remove_session(ctx, a);
    printf("remove a again=%d number=%ld\n", r, SSL_CTX_sess_number(ctx));
    show_cb("remove a again", a);

    printf("-- not found: argument still marked, callback still called\n");
    printf("x resumable before=%d\n", SSL_SESSION_is_resumable(x));
    r = SSL_CTX_remove_session(ctx, x);
    printf("remove x (never added)=%d x resumable=%d\n", r, SSL_SESSION_is_resumable(x));
    show_cb("remove x", x);

    printf("-- key lookup: the argument is marked, not the cached object\n");
    add(ctx, a2, "add a2");
    printf("a2 resumable=%d\n", SSL_SESSION_is_resumable(a2));
    printf("v (RRRR/304) resumable=%d\n", SSL_SESSION_is_resumable(v));
    r = SSL_CTX_remove_session(ctx, v);
    printf("remove v (other version)=%d number=%ld v resumable=%d a2 resumable=%d\n", r,
           SSL_CTX_sess_number(ctx), SSL_SESSION_is_resumable(v), SSL_SESSION_is_resumable(a2));
    show_cb("remove v", v);
    SSL_SESSION_free(v);
    v = mk("RRRR", 0x303); /* same key as a2, other object */
    r = SSL_CTX_remove_session(ctx, v);
    printf("remove same-key object=%d number=%ld arg resumable=%d cached a2 resumable=%d\n",
           r, SSL_CTX_sess_number(ctx), SSL_SESSION_is_resumable(v),
           SSL_SESSION_is_resumable(a2));
    show_cb("remove same-key", v);
    r = SSL_CTX_remove_session(ctx, a2);
    printf("remove a2 after=%d a2 resumable=%d\n", r, SSL_SESSION_is_resumable(a2));
    show_cb("remove a2", a2);
    add(ctx, a2, "re-add a2 (marked)");
    printf("a2 resumable=%d\n", SSL_SESSION_is_resumable(a2));

    printf("-- NULL and empty id\n");
    r = SSL_CTX_remove_session(ctx, NULL);
    printf("remove NULL=%d number=%ld\n", r, SSL_CTX_sess_number(ctx));
    show_cb("remove NULL", NULL);
    r = SSL_CTX_remove_session(ctx, e);
    printf("remove empty (not cached)=%d number=%ld\n", r, SSL_CTX_sess_number(ctx));
    show_cb("remove empty", NULL);
    printf("callbacks: new_cb=%d get_cb=%d\n", new_calls, get_calls);
    print_errors("remove");

    SSL_SESSION_free(a);
    SSL_SESSION_free(a2);
    SSL_SESSION_free(v);
    SSL_SESSION_free(x);
    SSL_SESSION_free(e);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

static void test_empty_id(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *e1 = mk("", 0x303);
    SSL_SESSION *e2 = mk("", 0x303);
    SSL_SESSION *e3 = mk("", 0x304);
    SSL_SESSION *s = mk("SSSS", 0x303);

    printf("== empty-id sessions\n");
    printf("e1 resumable=%d\n", SSL_SESSION_is_resumable(e1));
    add(ctx, e1, "add e1");
    add(ctx, e1, "add e1 again");
    add(ctx, e2, "add e2");
    add(ctx, e3, "add e3 (other version)");
    add(ctx, s, "add SSSS");
    show_cb("empty adds", NULL);
    printf("remove e2 (cached)=%d\n", SSL_CTX_remove_session(ctx, e2));
    printf("number=%ld\n", SSL_CTX_sess_number(ctx));
    show_cb("remove e2", NULL);
    printf("callbacks: new_cb=%d get_cb=%d\n", new_calls, get_calls);
    print_errors("empty id");
    SSL_SESSION_free(e1);
    SSL_SESSION_free(e2);
    SSL_SESSION_free(e3);
    SSL_SESSION_free(s);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

static void test_matching(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s;
    unsigned char big[33];
    const char *ids[3] = { "M303", "M304", "M000" };
    int vers[3] = { 0x303, 0x304, 0 };
    int i;

    FATAL_IF(ssl == NULL, "SSL_new");
    printf("== SSL_has_matching_session_id\n");
    printf("SSL_version=%x\n", (unsigned)SSL_version(ssl));
    for (i = 0; i < 3; i++)
        add_new(ctx, ids[i], vers[i]);
    for (i = 0; i < 3; i++)
        printf("match %s=%d\n", ids[i],
               SSL_has_matching_session_id(ssl, (const unsigned char *)ids[i], 4));
    printf("match M30 (prefix)=%d\n",
           SSL_has_matching_session_id(ssl, (const unsigned char *)"M30", 3));
    printf("match NOPE=%d\n", SSL_has_matching_session_id(ssl, (const unsigned char *)"NOPE", 4));
    printf("match len 0=%d\n", SSL_has_matching_session_id(ssl, (const unsigned char *)"", 0));

    memset(big, 'Z', sizeof(big));
    s = mk("", 0x304);
    FATAL_IF(SSL_SESSION_set1_id(s, big, 32) != 1, "set1_id 32");
    printf("add Z*32/304=%d\n", SSL_CTX_add_session(ctx, s));
    SSL_SESSION_free(s);
    printf("match Z*32=%d\n", SSL_has_matching_session_id(ssl, big, 32));
    printf("match Z*33=%d\n", SSL_has_matching_session_id(ssl, big, 33));
    printf("match Z*1000=%d\n", SSL_has_matching_session_id(ssl, big, 1000));
    printf("NULL ssl, len 33=%d\n", SSL_has_matching_session_id(NULL, big, 33));

    s = mk("", 0x304);
    printf("add <empty>/304=%d\n", SSL_CTX_add_session(ctx, s));
    printf("match len 0 with empty/304 cached=%d\n",
           SSL_has_matching_session_id(ssl, (const unsigned char *)"", 0));
    SSL_SESSION_free(s);
    printf("callbacks: new_cb=%d get_cb=%d\n", new_calls, get_calls);
    print_errors("matching");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

static void test_dup(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *s = mk("DDDD", 0x303);
    SSL_SESSION *d;

    printf("== dup of a cached session\n");
    printf("add s=%d\n", SSL_CTX_add_session(ctx, s));
    d = SSL_SESSION_dup(s);
    FATAL_IF(d == NULL, "SSL_SESSION_dup");
    SSL_SESSION_set_timeout(d, 333);
    add(ctx, d, "add dup");
    printf("s resumable=%d dup resumable=%d\n", SSL_SESSION_is_resumable(s),
           SSL_SESSION_is_resumable(d));
    show_cb("add dup", NULL);
    printf("add dup again=%d\n", SSL_CTX_add_session(ctx, d));
    SSL_SESSION_free(s); /* s was dropped by the cache: freed here */
    printf("remove s key=%d\n", SSL_CTX_remove_session(ctx, d));
    show_cb("remove dup", d);
    SSL_SESSION_free(d);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

static void test_update_time(void)
{
    SSL_CTX *ctx = new_ctx();
    SSL_SESSION *s = mk("UUUU", 0x303);

    printf("== UPDATE_TIME mode\n");
    printf("set mode prev=%ld\n", SSL_CTX_set_session_cache_mode(ctx, 0x402));
    add(ctx, s, "add");
    printf("time_is_1000=%d\n", SSL_SESSION_get_time(s) == 1000);
    SSL_SESSION_set_time(s, 1000);
    printf("time_is_1000=%d\n", SSL_SESSION_get_time(s) == 1000);
    add(ctx, s, "add again");
    printf("time_is_1000=%d\n", SSL_SESSION_get_time(s) == 1000);
    printf("timeout=%ld\n", SSL_SESSION_get_timeout(s));
    SSL_SESSION_free(s);
    SSL_CTX_free(ctx);
    show_cb("SSL_CTX_free", NULL);
}

int main(void)
{
    ERR_clear_error();
    test_add_basic();
    test_remove();
    test_empty_id();
    test_matching();
    test_dup();
    test_update_time();
    printf("total: new_cb=%d get_cb=%d\n", new_calls, get_calls);
    printf("done\n");
    return 0;
}
