/*
 * null_arguments.c - sessl-only: every function of include/openssl/ssl.h
 * called with NULL for each of its pointer arguments.
 *
 * COMPATIBILITY.md, "Deliberate deviations": where OpenSSL 3.0 crashes on a
 * NULL object, a NULL data pointer with a non-zero length, or a NULL
 * out-pointer, sessl returns the function's failure value (0, NULL or
 * nothing) and leaves every object as it was.  The calls that OpenSSL 3.0.19
 * was seen to survive are here too, with OpenSSL's results:
 * SSL_SESSION_free(NULL), SSL_CTX_free(NULL), SSL_free(NULL),
 * SSL_CTX_get/set_timeout(NULL, ..) -> 0, SSL_SESSION_get/set_time(out)(NULL)
 * -> 0, SSL_set_session(ssl, NULL) -> 1, the "too long" length checks that
 * come before the object is touched, SSL_CTX_ctrl(NULL, ..) -> 0,
 * SSL_CTX_remove_session(ctx, NULL) -> 0, SSL_has_matching_session_id(ssl,
 * NULL, 0) and (NULL, id, 33) -> 0, SSL_CTX_sess_set_remove_cb(ctx, NULL),
 * SSL_CTX_set_generate_session_id(ctx, NULL) and
 * SSL_set_generate_session_id(ssl, NULL) -> 1.
 * Also covered: SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s))
 * keeps the hostname (OpenSSL reads the freed old string), the other setters
 * given the session's own buffers, and SSL_CTX_new with a pointer that is not
 * a method fails with SSL_R_NULL_SSL_METHOD_PASSED instead of using it.
 *
 * Two NULL-data cases are not failures, because OpenSSL defines them and
 * sessl matches OpenSSL wherever OpenSSL does not crash:
 * SSL_SESSION_set1_alpn_selected(s, NULL, 5) and
 * SSL_SESSION_set1_ticket_appdata(s, NULL, 5) return 1 and clear the field.
 * Likewise a NULL pointer with length 0 is the empty value (returns 1).
 *
 * Prints one line per check ("ok ..." / "FAIL ..."); exits 1 if any failed.
 * Run against sessl only: OpenSSL 3.0 crashes on most of these calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <openssl/ssl.h>
#include <openssl/pem.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "check_util.h"

/*
 * OpenSSL's header makes SSL_get0_session a macro for SSL_get_session; sessl
 * also exports a function of that name, which is called directly here.
 */
#undef SSL_get0_session
SSL_SESSION *SSL_get0_session(const SSL *ssl);

static int n_checks;
static int n_failed;

static void check(int cond, const char *what, int line)
{
    n_checks++;
    if (cond) {
        printf("ok    %s\n", what);
    } else {
        n_failed++;
        printf("FAIL  %s (line %d)\n", what, line);
    }
    fflush(stdout);
}

/* CHECK(expr): the expression's text is the check's name. */
#define CHECK(cond) check((cond) ? 1 : 0, #cond, __LINE__)
/* CHECKM(expr, "name"): for compound conditions. */
#define CHECKM(cond, what) check((cond) ? 1 : 0, (what), __LINE__)

/* Pops the whole queue: 1 if it held exactly one error, with lib and reason. */
static int exactly_one_error(int lib, int reason)
{
    unsigned long e = ERR_get_error();
    int n = 0, match;

    match = e != 0 && ERR_GET_LIB(e) == lib && ERR_GET_REASON(e) == reason;
    if (e != 0)
        n = 1;
    while (ERR_get_error() != 0)
        n++;
    if (!match || n != 1)
        printf("      (queue: first lib=%d reason=%d, %d error(s))\n",
               e ? ERR_GET_LIB(e) : 0, e ? ERR_GET_REASON(e) : 0, n);
    return match && n == 1;
}

/* ------------------------------------------------------------------ snapshots */

static const unsigned char ID[] = "ID-0123456789";
static const unsigned char SIDCTX[] = "CTX-ABC";
static const char HOST[] = "host.example";
static const unsigned char ALPN[] = "h2";
static const unsigned char APPDATA[] = "APPDATA";
#define MK_LEN 48

/* Every field of a session this header can read. */
struct session_state {
    unsigned char id[SSL_MAX_SSL_SESSION_ID_LENGTH];
    unsigned int id_len;
    int id_ptr_null;
    unsigned char sid_ctx[SSL_MAX_SID_CTX_LENGTH];
    unsigned int sid_ctx_len;
    int sid_ctx_ptr_null;
    unsigned char master_key[600];
    size_t master_key_len;
    int has_host;
    char host[64];
    unsigned char alpn[64];
    size_t alpn_len;
    unsigned char appdata[64];
    size_t appdata_len;
    int appdata_ret;
    int has_ticket;
    size_t ticket_len;
    long time;
    long timeout;
    int protocol_version;
    uint32_t max_early_data;
    unsigned int max_fragment_length;
    unsigned int compress_id;
    unsigned long ticket_lifetime_hint;
    int resumable;
};

static void snapshot(SSL_SESSION *s, struct session_state *st)
{
    const unsigned char *p;
    const unsigned char *cp;
    void *vp;
    unsigned int n;
    size_t len;
    const char *h;

    memset(st, 0, sizeof(*st));
    n = 0;
    p = SSL_SESSION_get_id(s, &n);
    st->id_ptr_null = p == NULL;
    st->id_len = n;
    if (p != NULL && n <= sizeof(st->id))
        memcpy(st->id, p, n);
    n = 0;
    p = SSL_SESSION_get0_id_context(s, &n);
    st->sid_ctx_ptr_null = p == NULL;
    st->sid_ctx_len = n;
    if (p != NULL && n <= sizeof(st->sid_ctx))
        memcpy(st->sid_ctx, p, n);
    st->master_key_len = SSL_SESSION_get_master_key(s, st->master_key, sizeof(st->master_key));
    h = SSL_SESSION_get0_hostname(s);
    st->has_host = h != NULL;
    if (h != NULL) {
        strncpy(st->host, h, sizeof(st->host) - 1);
        st->host[sizeof(st->host) - 1] = '\0';
    }
    cp = NULL;
    len = 0;
    SSL_SESSION_get0_alpn_selected(s, &cp, &len);
    st->alpn_len = len;
    if (cp != NULL && len <= sizeof(st->alpn))
        memcpy(st->alpn, cp, len);
    vp = NULL;
    len = 0;
    st->appdata_ret = SSL_SESSION_get0_ticket_appdata(s, &vp, &len);
    st->appdata_len = len;
    if (vp != NULL && len <= sizeof(st->appdata))
        memcpy(st->appdata, vp, len);
    st->has_ticket = SSL_SESSION_has_ticket(s);
    cp = NULL;
    len = 0;
    SSL_SESSION_get0_ticket(s, &cp, &len);
    st->ticket_len = len;
    st->time = SSL_SESSION_get_time(s);
    st->timeout = SSL_SESSION_get_timeout(s);
    st->protocol_version = SSL_SESSION_get_protocol_version(s);
    st->max_early_data = SSL_SESSION_get_max_early_data(s);
    st->max_fragment_length = SSL_SESSION_get_max_fragment_length(s);
    st->compress_id = SSL_SESSION_get_compress_id(s);
    st->ticket_lifetime_hint = SSL_SESSION_get_ticket_lifetime_hint(s);
    st->resumable = SSL_SESSION_is_resumable(s);
}

static int same_state(const struct session_state *a, const struct session_state *b)
{
    return a->id_len == b->id_len && a->id_ptr_null == b->id_ptr_null
        && memcmp(a->id, b->id, a->id_len <= sizeof(a->id) ? a->id_len : 0) == 0
        && a->sid_ctx_len == b->sid_ctx_len && a->sid_ctx_ptr_null == b->sid_ctx_ptr_null
        && memcmp(a->sid_ctx, b->sid_ctx, a->sid_ctx_len <= sizeof(a->sid_ctx) ? a->sid_ctx_len : 0) == 0
        && a->master_key_len == b->master_key_len
        && memcmp(a->master_key, b->master_key,
                  a->master_key_len <= sizeof(a->master_key) ? a->master_key_len : 0) == 0
        && a->has_host == b->has_host && strcmp(a->host, b->host) == 0
        && a->alpn_len == b->alpn_len
        && memcmp(a->alpn, b->alpn, a->alpn_len <= sizeof(a->alpn) ? a->alpn_len : 0) == 0
        && a->appdata_ret == b->appdata_ret && a->appdata_len == b->appdata_len
        && memcmp(a->appdata, b->appdata, a->appdata_len <= sizeof(a->appdata) ? a->appdata_len : 0) == 0
        && a->has_ticket == b->has_ticket && a->ticket_len == b->ticket_len
        && a->time == b->time && a->timeout == b->timeout
        && a->protocol_version == b->protocol_version
        && a->max_early_data == b->max_early_data
        && a->max_fragment_length == b->max_fragment_length
        && a->compress_id == b->compress_id
        && a->ticket_lifetime_hint == b->ticket_lifetime_hint
        && a->resumable == b->resumable;
}

/* A session with every settable field set to a known value. */
static SSL_SESSION *full_session(void)
{
    SSL_SESSION *s = SSL_SESSION_new();
    unsigned char mk[MK_LEN];
    int i;

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    for (i = 0; i < MK_LEN; i++)
        mk[i] = (unsigned char)(0xA0 + i);
    FATAL_IF(SSL_SESSION_set1_id(s, ID, sizeof(ID) - 1) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set1_id_context(s, SIDCTX, sizeof(SIDCTX) - 1) != 1, "set1_id_context");
    FATAL_IF(SSL_SESSION_set1_master_key(s, mk, MK_LEN) != 1, "set1_master_key");
    FATAL_IF(SSL_SESSION_set1_hostname(s, HOST) != 1, "set1_hostname");
    FATAL_IF(SSL_SESSION_set1_alpn_selected(s, ALPN, sizeof(ALPN) - 1) != 1, "set1_alpn_selected");
    FATAL_IF(SSL_SESSION_set1_ticket_appdata(s, APPDATA, sizeof(APPDATA) - 1) != 1, "set1_ticket_appdata");
    FATAL_IF(SSL_SESSION_set_timeout(s, 777) != 1, "set_timeout");
    FATAL_IF(SSL_SESSION_set_time(s, 123456) != 123456, "set_time");
    FATAL_IF(SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION) != 1, "set_protocol_version");
    FATAL_IF(SSL_SESSION_set_max_early_data(s, 42) != 1, "set_max_early_data");
    return s;
}

/* The snapshot of full_session(), checked once against the values set. */
static void check_full_state(const struct session_state *st)
{
    CHECKM(st->id_len == sizeof(ID) - 1 && memcmp(st->id, ID, st->id_len) == 0,
           "full session: id as set");
    CHECKM(st->sid_ctx_len == sizeof(SIDCTX) - 1 && memcmp(st->sid_ctx, SIDCTX, st->sid_ctx_len) == 0,
           "full session: id context as set");
    CHECKM(st->master_key_len == MK_LEN && st->master_key[0] == 0xA0 && st->master_key[MK_LEN - 1] == 0xA0 + MK_LEN - 1,
           "full session: master key as set");
    CHECKM(st->has_host && strcmp(st->host, HOST) == 0, "full session: hostname as set");
    CHECKM(st->alpn_len == sizeof(ALPN) - 1 && memcmp(st->alpn, ALPN, st->alpn_len) == 0,
           "full session: alpn as set");
    CHECKM(st->appdata_ret == 1 && st->appdata_len == sizeof(APPDATA) - 1
           && memcmp(st->appdata, APPDATA, st->appdata_len) == 0,
           "full session: ticket appdata as set");
    CHECKM(st->timeout == 777 && st->time == 123456 && st->protocol_version == TLS1_2_VERSION
           && st->max_early_data == 42 && st->resumable == 1,
           "full session: timeout, time, version, max_early_data, resumable as set");
}

/* Checks that `s` still has the state `before` after the calls named `what`. */
static void check_unchanged(SSL_SESSION *s, const struct session_state *before, const char *what)
{
    struct session_state now;
    char buf[256];

    snapshot(s, &now);
    snprintf(buf, sizeof(buf), "session unchanged after %s", what);
    CHECKM(same_state(before, &now), buf);
}

/* ------------------------------------------------------------------ SSL_CTX */

static void test_methods(void)
{
    printf("== methods\n");
    CHECK(TLS_method() != NULL);
    CHECK(TLS_client_method() != NULL);
    CHECK(TLS_server_method() != NULL);
    CHECK(TLS_method() != TLS_client_method() && TLS_method() != TLS_server_method()
          && TLS_client_method() != TLS_server_method());
}

static void test_ctx_new(void)
{
    static unsigned char not_a_method[512];
    SSL_CTX *ctx, *good;
    SSL_SESSION *s;
    long l = 0;

    printf("== SSL_CTX_new / SSL_CTX_new_ex with NULL or foreign methods\n");
    memset(not_a_method, 0xff, sizeof(not_a_method));
    good = SSL_CTX_new(TLS_method());
    FATAL_IF(good == NULL, "SSL_CTX_new(TLS_method())");
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    ERR_clear_error();

    CHECK(SSL_CTX_new(NULL) == NULL);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(NULL): one error, lib 20 reason 196");
    CHECK(SSL_CTX_new_ex(NULL, NULL, NULL) == NULL);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new_ex(NULL,NULL,NULL): one error, lib 20 reason 196");
    CHECK(SSL_CTX_new_ex(NULL, "provider=default", NULL) == NULL);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new_ex(NULL,propq,NULL): one error, lib 20 reason 196");

    /* Pointers that are not methods: a buffer of 0xff bytes, a method's
     * address plus one, an SSL_CTX, an SSL_SESSION, a stack variable. */
    ctx = SSL_CTX_new((const SSL_METHOD *)(const void *)not_a_method);
    CHECKM(ctx == NULL, "SSL_CTX_new((const SSL_METHOD *)static_buffer) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(static_buffer): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new((const SSL_METHOD *)(const void *)((const char *)(const void *)TLS_method() + 1));
    CHECKM(ctx == NULL, "SSL_CTX_new(TLS_method() + 1 byte) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(TLS_method() + 1 byte): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new((const SSL_METHOD *)(const void *)good);
    CHECKM(ctx == NULL, "SSL_CTX_new((const SSL_METHOD *)an_SSL_CTX) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(an_SSL_CTX): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new((const SSL_METHOD *)(const void *)s);
    CHECKM(ctx == NULL, "SSL_CTX_new((const SSL_METHOD *)an_SSL_SESSION) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(an_SSL_SESSION): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new((const SSL_METHOD *)(const void *)&l);
    CHECKM(ctx == NULL, "SSL_CTX_new((const SSL_METHOD *)&stack_long) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new(&stack_long): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new_ex(NULL, NULL, (const SSL_METHOD *)(const void *)not_a_method);
    CHECKM(ctx == NULL, "SSL_CTX_new_ex(NULL, NULL, static_buffer) == NULL");
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_METHOD_PASSED),
           "SSL_CTX_new_ex(NULL, NULL, static_buffer): one error, lib 20 reason 196");
    SSL_CTX_free(ctx);

    /* The objects whose addresses were passed are untouched. */
    CHECK(SSL_CTX_get_timeout(good) == 7200);
    CHECK(SSL_SESSION_get_timeout(s) == 304);
    CHECKM(not_a_method[0] == 0xff && not_a_method[sizeof(not_a_method) - 1] == 0xff,
           "static buffer passed as a method is unchanged");

    /* And the real methods still work, with no error. */
    ctx = SSL_CTX_new(TLS_client_method());
    CHECKM(ctx != NULL && ERR_peek_error() == 0, "SSL_CTX_new(TLS_client_method()) still works");
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new_ex(NULL, NULL, TLS_server_method());
    CHECKM(ctx != NULL && ERR_peek_error() == 0, "SSL_CTX_new_ex(NULL, NULL, TLS_server_method()) works");
    SSL_CTX_free(ctx);

    SSL_SESSION_free(s);
    SSL_CTX_free(good);
    ERR_clear_error();
}

static void test_ctx_null(void)
{
    static const unsigned char sid[] = "SIDCTX";
    static unsigned char long_sid[SSL_MAX_SID_CTX_LENGTH + 1];
    SSL_CTX *ctx;

    printf("== SSL_CTX functions with NULL\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    FATAL_IF(SSL_CTX_set_timeout(ctx, 1234) != 7200, "SSL_CTX_set_timeout");
    ERR_clear_error();

    CHECK(SSL_CTX_up_ref(NULL) == 0);
    SSL_CTX_free(NULL);
    CHECKM(1, "SSL_CTX_free(NULL) returns");
    CHECK(SSL_CTX_get_timeout(NULL) == 0);
    CHECK(SSL_CTX_set_timeout(NULL, 5) == 0);
    CHECK(SSL_CTX_set_timeout(NULL, -5) == 0);
    CHECK(SSL_CTX_set_session_id_context(NULL, sid, 5) == 0);
    CHECK(SSL_CTX_set_session_id_context(NULL, NULL, 5) == 0);
    CHECK(SSL_CTX_set_session_id_context(NULL, NULL, 0) == 0);
    CHECK(SSL_CTX_set_session_id_context(NULL, sid, 0) == 0);
    ERR_clear_error();
    CHECK(SSL_CTX_set_session_id_context(NULL, long_sid, sizeof(long_sid)) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG),
           "SSL_CTX_set_session_id_context(NULL, buf, 33): one error, lib 20 reason 273");
    CHECK(SSL_CTX_set_session_id_context(ctx, NULL, 5) == 0);
    CHECK(SSL_CTX_set_session_id_context(ctx, NULL, UINT_MAX) == 0);
    ERR_clear_error();
    CHECK(SSL_CTX_get_timeout(ctx) == 1234);
    /* NULL with length 0 is the empty id context, as in OpenSSL. */
    CHECK(SSL_CTX_set_session_id_context(ctx, NULL, 0) == 1);
    CHECKM(ERR_peek_error() == 0, "SSL_CTX_set_session_id_context(ctx, NULL, 0): no error");
    CHECK(SSL_CTX_get_timeout(ctx) == 1234);
    SSL_CTX_free(ctx);
    ERR_clear_error();
}

/* ------------------------------------------------------------------ SSL_SESSION */

static void test_session_null_object(void)
{
    static const unsigned char buf[64] = "0123456789abcdef0123456789abcdef0123456789abcdef";
    static unsigned char long_buf[600];
    unsigned char out[64];
    const unsigned char *p;
    const unsigned char *sentinel = buf;
    void *vp;
    unsigned int len;
    size_t slen;
    int i, untouched;

    printf("== SSL_SESSION functions with a NULL session\n");
    ERR_clear_error();

    SSL_SESSION_free(NULL);
    CHECKM(1, "SSL_SESSION_free(NULL) returns");
    CHECK(SSL_SESSION_up_ref(NULL) == 0);
    CHECK(SSL_SESSION_dup(NULL) == NULL);
    CHECK(SSL_SESSION_is_resumable(NULL) == 0);

    len = 12345;
    CHECK(SSL_SESSION_get_id(NULL, &len) == NULL);
    CHECKM(len == 12345 || len == 0, "SSL_SESSION_get_id(NULL, &len): len untouched or 0");
    CHECK(SSL_SESSION_get_id(NULL, NULL) == NULL);
    CHECK(SSL_SESSION_set1_id(NULL, buf, 5) == 0);
    CHECK(SSL_SESSION_set1_id(NULL, NULL, 5) == 0);
    CHECK(SSL_SESSION_set1_id(NULL, NULL, 0) == 0);
    CHECK(SSL_SESSION_set1_id(NULL, buf, 0) == 0);
    ERR_clear_error();
    CHECK(SSL_SESSION_set1_id(NULL, buf, 33) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_TOO_LONG),
           "SSL_SESSION_set1_id(NULL, buf, 33): one error, lib 20 reason 408");

    len = 12345;
    CHECK(SSL_SESSION_get0_id_context(NULL, &len) == NULL);
    CHECKM(len == 12345 || len == 0, "SSL_SESSION_get0_id_context(NULL, &len): len untouched or 0");
    CHECK(SSL_SESSION_get0_id_context(NULL, NULL) == NULL);
    CHECK(SSL_SESSION_set1_id_context(NULL, buf, 5) == 0);
    CHECK(SSL_SESSION_set1_id_context(NULL, NULL, 5) == 0);
    CHECK(SSL_SESSION_set1_id_context(NULL, NULL, 0) == 0);
    CHECK(SSL_SESSION_set1_id_context(NULL, buf, 0) == 0);
    ERR_clear_error();
    CHECK(SSL_SESSION_set1_id_context(NULL, buf, 33) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG),
           "SSL_SESSION_set1_id_context(NULL, buf, 33): one error, lib 20 reason 273");

    CHECK(SSL_SESSION_get_time(NULL) == 0);
    CHECK(SSL_SESSION_set_time(NULL, 5) == 0);
    CHECK(SSL_SESSION_get_timeout(NULL) == 0);
    CHECK(SSL_SESSION_set_timeout(NULL, 5) == 0);
    CHECK(SSL_SESSION_set_timeout(NULL, -1) == 0);
    CHECK(SSL_get_time(NULL) == 0);
    CHECK(SSL_set_time(NULL, 7) == 0);
    CHECK(SSL_get_timeout(NULL) == 0);
    CHECK(SSL_set_timeout(NULL, 7) == 0);

    CHECK(SSL_SESSION_get_protocol_version(NULL) == 0);
    CHECK(SSL_SESSION_set_protocol_version(NULL, TLS1_2_VERSION) == 0);

    memset(out, 0x5a, sizeof(out));
    CHECK(SSL_SESSION_get_master_key(NULL, out, 10) == 0);
    untouched = 1;
    for (i = 0; i < (int)sizeof(out); i++)
        untouched &= out[i] == 0x5a;
    CHECKM(untouched, "SSL_SESSION_get_master_key(NULL, out, 10): out untouched");
    CHECK(SSL_SESSION_get_master_key(NULL, NULL, 0) == 0);
    CHECK(SSL_SESSION_get_master_key(NULL, NULL, 10) == 0);
    CHECK(SSL_SESSION_get_master_key(NULL, out, 0) == 0);
    CHECK(SSL_SESSION_set1_master_key(NULL, buf, 48) == 0);
    CHECK(SSL_SESSION_set1_master_key(NULL, NULL, 5) == 0);
    CHECK(SSL_SESSION_set1_master_key(NULL, NULL, 0) == 0);
    ERR_clear_error();
    CHECK(SSL_SESSION_set1_master_key(NULL, long_buf, 513) == 0);
    CHECKM(ERR_peek_error() == 0, "SSL_SESSION_set1_master_key(NULL, buf, 513): no error (as OpenSSL)");

    CHECK(SSL_SESSION_get0_hostname(NULL) == NULL);
    CHECK(SSL_SESSION_set1_hostname(NULL, "a") == 0);
    CHECK(SSL_SESSION_set1_hostname(NULL, NULL) == 0);

    p = sentinel;
    slen = 777;
    SSL_SESSION_get0_alpn_selected(NULL, &p, &slen);
    CHECKM((p == sentinel && slen == 777) || (p == NULL && slen == 0),
           "SSL_SESSION_get0_alpn_selected(NULL, &p, &len): outputs untouched or NULL/0");
    SSL_SESSION_get0_alpn_selected(NULL, NULL, NULL);
    CHECKM(1, "SSL_SESSION_get0_alpn_selected(NULL, NULL, NULL) returns");
    CHECK(SSL_SESSION_set1_alpn_selected(NULL, buf, 3) == 0);
    CHECK(SSL_SESSION_set1_alpn_selected(NULL, NULL, 5) == 0);
    CHECK(SSL_SESSION_set1_alpn_selected(NULL, NULL, 0) == 0);

    CHECK(SSL_SESSION_has_ticket(NULL) == 0);
    p = sentinel;
    slen = 777;
    SSL_SESSION_get0_ticket(NULL, &p, &slen);
    CHECKM((p == sentinel && slen == 777) || (p == NULL && slen == 0),
           "SSL_SESSION_get0_ticket(NULL, &p, &len): outputs untouched or NULL/0");
    SSL_SESSION_get0_ticket(NULL, NULL, NULL);
    CHECKM(1, "SSL_SESSION_get0_ticket(NULL, NULL, NULL) returns");
    CHECK(SSL_SESSION_get_ticket_lifetime_hint(NULL) == 0);

    vp = (void *)out;
    slen = 777;
    CHECK(SSL_SESSION_get0_ticket_appdata(NULL, &vp, &slen) == 0);
    CHECKM((vp == (void *)out && slen == 777) || (vp == NULL && slen == 0),
           "SSL_SESSION_get0_ticket_appdata(NULL, &p, &len): outputs untouched or NULL/0");
    CHECK(SSL_SESSION_get0_ticket_appdata(NULL, NULL, NULL) == 0);
    CHECK(SSL_SESSION_set1_ticket_appdata(NULL, buf, 3) == 0);
    CHECK(SSL_SESSION_set1_ticket_appdata(NULL, NULL, 5) == 0);
    CHECK(SSL_SESSION_set1_ticket_appdata(NULL, NULL, 0) == 0);

    CHECK(SSL_SESSION_get_max_early_data(NULL) == 0);
    CHECK(SSL_SESSION_set_max_early_data(NULL, 5) == 0);
    CHECK(SSL_SESSION_get_max_fragment_length(NULL) == 0);
    CHECK(SSL_SESSION_get_compress_id(NULL) == 0);
    ERR_clear_error();
}

static void test_session_null_data(void)
{
    SSL_SESSION *s;
    struct session_state before;
    unsigned char out[64];
    const unsigned char *p;
    const unsigned char *q;
    void *vp;
    unsigned int len, len2;
    size_t slen;

    printf("== SSL_SESSION functions with NULL data, NULL out-pointers\n");
    s = full_session();
    snapshot(s, &before);
    check_full_state(&before);
    ERR_clear_error();

    /* NULL data with a non-zero length: 0, nothing changes. */
    CHECK(SSL_SESSION_set1_id(s, NULL, 5) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_id(s, NULL, 5)");
    CHECK(SSL_SESSION_set1_id(s, NULL, SSL_MAX_SSL_SESSION_ID_LENGTH) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_id(s, NULL, 32)");
    CHECK(SSL_SESSION_set1_id_context(s, NULL, 5) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_id_context(s, NULL, 5)");
    CHECK(SSL_SESSION_set1_id_context(s, NULL, SSL_MAX_SID_CTX_LENGTH) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_id_context(s, NULL, 32)");
    CHECK(SSL_SESSION_set1_master_key(s, NULL, 5) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_master_key(s, NULL, 5)");
    CHECK(SSL_SESSION_set1_master_key(s, NULL, 48) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_master_key(s, NULL, 48)");
    CHECK(SSL_SESSION_set1_master_key(s, NULL, 512) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_master_key(s, NULL, 512)");
    /* Over the limits the length check comes first, as in OpenSSL. */
    ERR_clear_error();
    CHECK(SSL_SESSION_set1_id(s, NULL, 33) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_TOO_LONG),
           "SSL_SESSION_set1_id(s, NULL, 33): one error, lib 20 reason 408");
    CHECK(SSL_SESSION_set1_id_context(s, NULL, 33) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG),
           "SSL_SESSION_set1_id_context(s, NULL, 33): one error, lib 20 reason 273");
    CHECK(SSL_SESSION_set1_master_key(s, NULL, 513) == 0);
    check_unchanged(s, &before, "SSL_SESSION_set1_id/id_context/master_key(s, NULL, too long)");
    ERR_clear_error();

    /* NULL out-pointers: that output is skipped. */
    len = 999;
    p = SSL_SESSION_get_id(s, &len);
    q = SSL_SESSION_get_id(s, NULL);
    CHECKM(q != NULL && q == p && len == sizeof(ID) - 1 && memcmp(q, ID, len) == 0,
           "SSL_SESSION_get_id(s, NULL) == the id pointer");
    len2 = 999;
    p = SSL_SESSION_get0_id_context(s, &len2);
    q = SSL_SESSION_get0_id_context(s, NULL);
    CHECKM(q != NULL && q == p && len2 == sizeof(SIDCTX) - 1 && memcmp(q, SIDCTX, len2) == 0,
           "SSL_SESSION_get0_id_context(s, NULL) == the id context pointer");

    memset(out, 0x5a, sizeof(out));
    CHECK(SSL_SESSION_get_master_key(s, NULL, 5) == 0);
    CHECK(SSL_SESSION_get_master_key(s, NULL, 48) == 0);
    CHECK(SSL_SESSION_get_master_key(s, NULL, 100) == 0);
    /* Length 0 asks for the key's length (OpenSSL: 48, no crash). */
    CHECK(SSL_SESSION_get_master_key(s, NULL, 0) == MK_LEN);

    SSL_SESSION_get0_alpn_selected(s, NULL, NULL);
    CHECKM(1, "SSL_SESSION_get0_alpn_selected(s, NULL, NULL) returns");
    p = NULL;
    SSL_SESSION_get0_alpn_selected(s, &p, NULL);
    CHECKM(p != NULL && memcmp(p, ALPN, sizeof(ALPN) - 1) == 0,
           "SSL_SESSION_get0_alpn_selected(s, &p, NULL) sets p");
    slen = 0;
    SSL_SESSION_get0_alpn_selected(s, NULL, &slen);
    CHECK(slen == sizeof(ALPN) - 1);

    SSL_SESSION_get0_ticket(s, NULL, NULL);
    CHECKM(1, "SSL_SESSION_get0_ticket(s, NULL, NULL) returns");
    p = ALPN;
    SSL_SESSION_get0_ticket(s, &p, NULL);
    CHECKM(p == NULL, "SSL_SESSION_get0_ticket(s, &p, NULL): p = NULL (no ticket)");
    slen = 777;
    SSL_SESSION_get0_ticket(s, NULL, &slen);
    CHECKM(slen == 0, "SSL_SESSION_get0_ticket(s, NULL, &len): len = 0 (no ticket)");

    CHECK(SSL_SESSION_get0_ticket_appdata(s, NULL, NULL) == 1);
    vp = NULL;
    CHECK(SSL_SESSION_get0_ticket_appdata(s, &vp, NULL) == 1);
    CHECKM(vp != NULL && memcmp(vp, APPDATA, sizeof(APPDATA) - 1) == 0,
           "SSL_SESSION_get0_ticket_appdata(s, &p, NULL) sets p");
    slen = 0;
    CHECK(SSL_SESSION_get0_ticket_appdata(s, NULL, &slen) == 1);
    CHECK(slen == sizeof(APPDATA) - 1);

    check_unchanged(s, &before, "the NULL out-pointer getters");
    CHECKM(ERR_peek_error() == 0, "no error queued by the NULL data / out-pointer calls on a valid session");
    ERR_clear_error();
    SSL_SESSION_free(s);
}

/* A session's own buffers passed back to its setters. */
static void test_session_aliasing(void)
{
    SSL_SESSION *s;
    struct session_state before;
    const unsigned char *p;
    void *vp;
    unsigned int len;
    size_t slen;
    const char *h;

    printf("== SSL_SESSION setters given the session's own buffers\n");
    s = full_session();
    snapshot(s, &before);

    h = SSL_SESSION_get0_hostname(s);
    CHECK(SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s)) == 1);
    h = SSL_SESSION_get0_hostname(s);
    CHECKM(h != NULL && strcmp(h, HOST) == 0,
           "SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s)): hostname still \"host.example\"");
    CHECK(SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s)) == 1);
    CHECK(SSL_SESSION_set1_hostname(s, SSL_SESSION_get0_hostname(s)) == 1);
    h = SSL_SESSION_get0_hostname(s);
    CHECKM(h != NULL && strcmp(h, HOST) == 0, "hostname intact after three self-assignments");
    /* A suffix of the current hostname. */
    h = SSL_SESSION_get0_hostname(s);
    CHECK(SSL_SESSION_set1_hostname(s, h + 5) == 1);
    h = SSL_SESSION_get0_hostname(s);
    CHECKM(h != NULL && strcmp(h, "example") == 0,
           "SSL_SESSION_set1_hostname(s, get0_hostname(s) + 5) -> \"example\"");
    CHECK(SSL_SESSION_set1_hostname(s, HOST) == 1);

    p = SSL_SESSION_get_id(s, &len);
    CHECK(SSL_SESSION_set1_id(s, p, len) == 1);
    p = SSL_SESSION_get0_id_context(s, &len);
    CHECK(SSL_SESSION_set1_id_context(s, p, len) == 1);
    p = NULL;
    slen = 0;
    SSL_SESSION_get0_alpn_selected(s, &p, &slen);
    CHECK(SSL_SESSION_set1_alpn_selected(s, p, slen) == 1);
    vp = NULL;
    slen = 0;
    SSL_SESSION_get0_ticket_appdata(s, &vp, &slen);
    CHECK(SSL_SESSION_set1_ticket_appdata(s, vp, slen) == 1);
    check_unchanged(s, &before, "every setter given its own current value");

    SSL_SESSION_free(s);
}

/* Calls that change the session, last: OpenSSL's defined results. */
static void test_session_null_defined(void)
{
    SSL_SESSION *s;
    const unsigned char *p;
    void *vp;
    unsigned int len;
    size_t slen;

    printf("== SSL_SESSION NULL arguments that OpenSSL defines\n");
    s = full_session();
    ERR_clear_error();

    /* NULL with length 0: the empty value. */
    CHECK(SSL_SESSION_set1_id(s, NULL, 0) == 1);
    len = 99;
    p = SSL_SESSION_get_id(s, &len);
    CHECKM(p != NULL && len == 0, "after set1_id(s, NULL, 0): id empty");
    CHECK(SSL_SESSION_set1_id_context(s, NULL, 0) == 1);
    len = 99;
    p = SSL_SESSION_get0_id_context(s, &len);
    CHECKM(p != NULL && len == 0, "after set1_id_context(s, NULL, 0): id context empty");
    CHECK(SSL_SESSION_set1_master_key(s, NULL, 0) == 1);
    CHECK(SSL_SESSION_get_master_key(s, NULL, 0) == 0);
    CHECK(SSL_SESSION_get_master_key(s, NULL, 5) == 0);

    /* OpenSSL: returns 1 and clears, with a non-zero length too. */
    CHECK(SSL_SESSION_set1_alpn_selected(s, NULL, 5) == 1);
    p = ALPN;
    slen = 99;
    SSL_SESSION_get0_alpn_selected(s, &p, &slen);
    CHECKM(p == NULL && slen == 0, "after set1_alpn_selected(s, NULL, 5): cleared");
    CHECK(SSL_SESSION_set1_ticket_appdata(s, NULL, 5) == 1);
    vp = (void *)s;
    slen = 99;
    CHECK(SSL_SESSION_get0_ticket_appdata(s, &vp, &slen) == 1);
    CHECKM(vp == NULL && slen == 0, "after set1_ticket_appdata(s, NULL, 5): cleared");
    CHECK(SSL_SESSION_set1_hostname(s, NULL) == 1);
    CHECK(SSL_SESSION_get0_hostname(s) == NULL);
    CHECKM(ERR_peek_error() == 0, "no error queued by these calls");
    ERR_clear_error();
    SSL_SESSION_free(s);
}

/* ------------------------------------------------------------------ SSL */

struct ssl_state {
    SSL_CTX *ctx;
    SSL_SESSION *session;
    int version, is_server, shutdown, in_init, in_before, finished, reused;
    long default_timeout;
    long session_timeout;
};

static void ssl_snapshot(const SSL *ssl, struct ssl_state *st)
{
    memset(st, 0, sizeof(*st));
    st->ctx = SSL_get_SSL_CTX(ssl);
    st->session = SSL_get_session(ssl);
    st->version = SSL_version(ssl);
    st->is_server = SSL_is_server(ssl);
    st->shutdown = SSL_get_shutdown(ssl);
    st->in_init = SSL_in_init(ssl);
    st->in_before = SSL_in_before(ssl);
    st->finished = SSL_is_init_finished(ssl);
    st->reused = SSL_session_reused(ssl);
    st->default_timeout = SSL_get_default_timeout(ssl);
    st->session_timeout = st->session ? SSL_SESSION_get_timeout(st->session) : -1;
}

static void check_ssl_unchanged(const SSL *ssl, const struct ssl_state *before, const char *what)
{
    struct ssl_state now;
    char buf[256];

    ssl_snapshot(ssl, &now);
    snprintf(buf, sizeof(buf), "SSL unchanged after %s", what);
    CHECKM(now.ctx == before->ctx && now.session == before->session
           && now.version == before->version && now.is_server == before->is_server
           && now.shutdown == before->shutdown && now.in_init == before->in_init
           && now.in_before == before->in_before && now.finished == before->finished
           && now.reused == before->reused && now.default_timeout == before->default_timeout
           && now.session_timeout == before->session_timeout,
           buf);
}

static void test_ssl_null_object(void)
{
    static const unsigned char sid[] = "SSLSID";
    static unsigned char long_sid[SSL_MAX_SID_CTX_LENGTH + 1];
    SSL_CTX *ctx;
    SSL *ssl;
    SSL_SESSION *s;
    struct ssl_state before;

    printf("== SSL functions with a NULL SSL\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set_timeout(s, 4242) != 1, "set_timeout");
    FATAL_IF(SSL_set_session(ssl, s) != 1, "SSL_set_session");
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN);
    ssl_snapshot(ssl, &before);
    ERR_clear_error();

    CHECK(SSL_new(NULL) == NULL);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_NULL_SSL_CTX),
           "SSL_new(NULL): one error, lib 20 reason 195");
    CHECK(SSL_up_ref(NULL) == 0);
    SSL_free(NULL);
    CHECKM(1, "SSL_free(NULL) returns");
    CHECK(SSL_clear(NULL) == 0);
    CHECK(SSL_get_SSL_CTX(NULL) == NULL);
    CHECK(SSL_version(NULL) == 0);
    CHECK(SSL_is_server(NULL) == 0);
    SSL_set_connect_state(NULL);
    CHECKM(1, "SSL_set_connect_state(NULL) returns");
    SSL_set_accept_state(NULL);
    CHECKM(1, "SSL_set_accept_state(NULL) returns");
    CHECK(SSL_get_default_timeout(NULL) == 0);
    CHECK(SSL_set_session_id_context(NULL, sid, 5) == 0);
    CHECK(SSL_set_session_id_context(NULL, NULL, 5) == 0);
    CHECK(SSL_set_session_id_context(NULL, NULL, 0) == 0);
    CHECK(SSL_set_session_id_context(NULL, sid, 0) == 0);
    ERR_clear_error();
    CHECK(SSL_set_session_id_context(NULL, long_sid, sizeof(long_sid)) == 0);
    CHECKM(exactly_one_error(ERR_LIB_SSL, SSL_R_SSL_SESSION_ID_CONTEXT_TOO_LONG),
           "SSL_set_session_id_context(NULL, buf, 33): one error, lib 20 reason 273");
    CHECK(SSL_session_reused(NULL) == 0);
    CHECK(SSL_cache_hit(NULL) == 0);
    CHECK(SSL_get_shutdown(NULL) == 0);
    SSL_set_shutdown(NULL, SSL_RECEIVED_SHUTDOWN);
    CHECKM(1, "SSL_set_shutdown(NULL, 2) returns");
    CHECK(SSL_in_init(NULL) == 0);
    CHECK(SSL_in_before(NULL) == 0);
    CHECK(SSL_is_init_finished(NULL) == 0);
    CHECK(SSL_in_connect_init(NULL) == 0);
    CHECK(SSL_in_accept_init(NULL) == 0);
    CHECK(SSL_get_session(NULL) == NULL);
    CHECK(SSL_get0_session(NULL) == NULL);
    CHECK(SSL_get1_session(NULL) == NULL);
    CHECK(SSL_set_session(NULL, NULL) == 0);
    CHECK(SSL_set_session(NULL, s) == 0);
    CHECK(SSL_copy_session_id(NULL, NULL) == 0);
    CHECK(SSL_copy_session_id(NULL, ssl) == 0);
    CHECK(SSL_dup(NULL) == NULL);
    {
        /* OpenSSL's ssl BIO reads the NULL connection's read BIO (crash). */
        BIO *b = BIO_new(BIO_f_ssl());
        SSL *got = ssl;
        char buf[4];

        CHECK(b != NULL && BIO_set_ssl(b, NULL, BIO_CLOSE) == 1);
        CHECK(BIO_get_ssl(b, &got) == 0 && got == ssl);
        CHECK(BIO_next(b) == NULL);
        CHECK(BIO_read(b, buf, sizeof(buf)) == -1 && BIO_write(b, "x", 1) == -1);
        CHECK(BIO_callback_ctrl(b, BIO_CTRL_SET_CALLBACK, NULL) <= 0);
        CHECK(BIO_free(b) == 1);
        /* NULL arguments OpenSSL handles: the same results here. */
        CHECK(BIO_new_ssl(NULL, 1) == NULL);
        CHECK(BIO_new_ssl_connect(NULL) == NULL);
        CHECK(BIO_new_buffer_ssl_connect(NULL) == NULL);
        CHECK(BIO_ssl_copy_session_id(NULL, NULL) == 0);
        BIO_ssl_shutdown(NULL);
        ERR_clear_error();
    }

    /* None of these touched the objects they could have reached. */
    check_ssl_unchanged(ssl, &before, "the NULL-SSL calls");
    CHECK(SSL_SESSION_get_timeout(s) == 4242);

    ERR_clear_error();
    SSL_SESSION_free(s); /* the SSL still holds it */
    CHECK(SSL_get_session(ssl) == before.session);
    CHECK(SSL_SESSION_get_timeout(SSL_get_session(ssl)) == 4242);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_ssl_null_args(void)
{
    SSL_CTX *ctx;
    SSL *ssl, *ssl2;
    SSL_SESSION *s, *s2, *got;
    struct ssl_state before, before2;

    printf("== SSL functions with a valid SSL and NULL arguments\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    ssl2 = SSL_new(ctx);
    FATAL_IF(ssl == NULL || ssl2 == NULL, "SSL_new");
    s = SSL_SESSION_new();
    s2 = SSL_SESSION_new();
    FATAL_IF(s == NULL || s2 == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set_timeout(s, 1111) != 1, "set_timeout");
    FATAL_IF(SSL_SESSION_set_timeout(s2, 2222) != 1, "set_timeout");
    FATAL_IF(SSL_set_session(ssl, s) != 1, "SSL_set_session");
    FATAL_IF(SSL_set_session(ssl2, s2) != 1, "SSL_set_session");
    SSL_SESSION_free(s);
    SSL_SESSION_free(s2);
    SSL_set_accept_state(ssl);
    SSL_set_connect_state(ssl2);
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    ssl_snapshot(ssl, &before);
    ssl_snapshot(ssl2, &before2);
    ERR_clear_error();

    CHECK(SSL_set_session_id_context(ssl, NULL, 5) == 0);
    check_ssl_unchanged(ssl, &before, "SSL_set_session_id_context(ssl, NULL, 5)");
    CHECK(SSL_set_session_id_context(ssl, NULL, SSL_MAX_SID_CTX_LENGTH) == 0);
    CHECK(SSL_set_session_id_context(ssl, NULL, UINT_MAX) == 0);
    ERR_clear_error();
    CHECK(SSL_copy_session_id(ssl2, NULL) == 0);
    check_ssl_unchanged(ssl2, &before2, "SSL_copy_session_id(ssl2, NULL)");
    CHECK(SSL_copy_session_id(NULL, ssl2) == 0);
    check_ssl_unchanged(ssl2, &before2, "SSL_copy_session_id(NULL, ssl2)");
    check_ssl_unchanged(ssl, &before, "the calls on ssl2");

    /* SSL_get1_session on a valid SSL, for completeness. */
    got = SSL_get1_session(ssl);
    CHECKM(got == before.session && SSL_SESSION_get_timeout(got) == 1111,
           "SSL_get1_session(ssl) is its session");
    SSL_SESSION_free(got);

    /* Defined by OpenSSL: NULL with length 0 is the empty id context, and
     * SSL_set_session(ssl, NULL) drops the session (returns 1). */
    CHECK(SSL_set_session_id_context(ssl, NULL, 0) == 1);
    check_ssl_unchanged(ssl, &before, "SSL_set_session_id_context(ssl, NULL, 0)");
    CHECK(SSL_set_session(ssl, NULL) == 1);
    CHECK(SSL_get_session(ssl) == NULL);
    CHECK(SSL_get0_session(ssl) == NULL);
    CHECK(SSL_get1_session(ssl) == NULL);
    CHECKM(ERR_peek_error() == 0, "no error queued by these calls");
    ERR_clear_error();

    SSL_free(ssl);
    SSL_free(ssl2);
    SSL_CTX_free(ctx);
}

/* ------------------------------------------------------------------ session cache */

static int remove_cb_calls;

static void count_remove(SSL_CTX *ctx, SSL_SESSION *sess)
{
    (void)ctx;
    (void)sess;
    remove_cb_calls++;
}

static int new_session_cb(SSL *ssl, SSL_SESSION *sess)
{
    (void)ssl;
    (void)sess;
    return 0;
}

static SSL_SESSION *get_session_cb(SSL *ssl, const unsigned char *data, int len, int *copy)
{
    (void)ssl;
    (void)data;
    (void)len;
    (void)copy;
    return NULL;
}

static int generate_id_cb(SSL *ssl, unsigned char *id, unsigned int *id_len)
{
    (void)ssl;
    (void)id;
    (void)id_len;
    return 1;
}

/* What the SSL_CTX_ctrl getters and the callback getters report. */
struct cache_state {
    long number, size, mode, full;
    long counters[10];
    RemoveSessionCb remove_cb;
    NewSessionCb new_cb;
    GetSessionCb get_cb;
};

static void cache_snapshot(SSL_CTX *ctx, struct cache_state *st)
{
    memset(st, 0, sizeof(*st));
    st->number = SSL_CTX_sess_number(ctx);
    st->size = SSL_CTX_sess_get_cache_size(ctx);
    st->mode = SSL_CTX_get_session_cache_mode(ctx);
    st->full = SSL_CTX_sess_cache_full(ctx);
    st->counters[0] = SSL_CTX_sess_connect(ctx);
    st->counters[1] = SSL_CTX_sess_connect_good(ctx);
    st->counters[2] = SSL_CTX_sess_connect_renegotiate(ctx);
    st->counters[3] = SSL_CTX_sess_accept(ctx);
    st->counters[4] = SSL_CTX_sess_accept_good(ctx);
    st->counters[5] = SSL_CTX_sess_accept_renegotiate(ctx);
    st->counters[6] = SSL_CTX_sess_hits(ctx);
    st->counters[7] = SSL_CTX_sess_cb_hits(ctx);
    st->counters[8] = SSL_CTX_sess_misses(ctx);
    st->counters[9] = SSL_CTX_sess_timeouts(ctx);
    st->remove_cb = SSL_CTX_sess_get_remove_cb(ctx);
    st->new_cb = SSL_CTX_sess_get_new_cb(ctx);
    st->get_cb = SSL_CTX_sess_get_get_cb(ctx);
}

static void check_cache_unchanged(SSL_CTX *ctx, const struct cache_state *before, const char *what)
{
    struct cache_state now;
    char buf[256];
    int i, same;

    cache_snapshot(ctx, &now);
    same = now.number == before->number && now.size == before->size
        && now.mode == before->mode && now.full == before->full
        && now.remove_cb == before->remove_cb && now.new_cb == before->new_cb
        && now.get_cb == before->get_cb;
    for (i = 0; i < 10; i++)
        same &= now.counters[i] == before->counters[i];
    snprintf(buf, sizeof(buf), "cache unchanged after %s", what);
    CHECKM(same, buf);
}

static void test_cache_null(void)
{
    static const int ctrl_cmds[] = {
        SSL_CTRL_SESS_NUMBER, SSL_CTRL_SESS_CONNECT, SSL_CTRL_SESS_CONNECT_GOOD,
        SSL_CTRL_SESS_CONNECT_RENEGOTIATE, SSL_CTRL_SESS_ACCEPT, SSL_CTRL_SESS_ACCEPT_GOOD,
        SSL_CTRL_SESS_ACCEPT_RENEGOTIATE, SSL_CTRL_SESS_HIT, SSL_CTRL_SESS_CB_HIT,
        SSL_CTRL_SESS_MISSES, SSL_CTRL_SESS_TIMEOUTS, SSL_CTRL_SESS_CACHE_FULL,
        SSL_CTRL_SET_SESS_CACHE_SIZE, SSL_CTRL_GET_SESS_CACHE_SIZE,
        SSL_CTRL_SET_SESS_CACHE_MODE, SSL_CTRL_GET_SESS_CACHE_MODE,
    };
    static const unsigned char other_id[] = "OTHER-ID";
    SSL_CTX *ctx;
    SSL *ssl;
    SSL_SESSION *s, *s2;
    struct cache_state before;
    struct session_state s_before;
    size_t i;
    int all_zero;

    printf("== session cache functions with NULL\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    s = full_session();
    /* The cache key is (protocol version, id): match the SSL's version. */
    FATAL_IF(SSL_SESSION_set_protocol_version(s, SSL_version(ssl)) != 1, "set_protocol_version");
    s2 = SSL_SESSION_new();
    FATAL_IF(s2 == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s2, other_id, sizeof(other_id) - 1) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set_protocol_version(s2, SSL_version(ssl)) != 1, "set_protocol_version");
    SSL_CTX_sess_set_remove_cb(ctx, count_remove);
    SSL_CTX_sess_set_new_cb(ctx, new_session_cb);
    SSL_CTX_sess_set_get_cb(ctx, get_session_cb);
    FATAL_IF(SSL_CTX_set_generate_session_id(ctx, generate_id_cb) != 1, "SSL_CTX_set_generate_session_id");
    FATAL_IF(SSL_set_generate_session_id(ssl, generate_id_cb) != 1, "SSL_set_generate_session_id");
    FATAL_IF(SSL_CTX_add_session(ctx, s) != 1, "SSL_CTX_add_session");
    cache_snapshot(ctx, &before);
    snapshot(s, &s_before);
    CHECKM(before.number == 1 && before.remove_cb == count_remove && before.new_cb == new_session_cb
           && before.get_cb == get_session_cb && s_before.resumable == 1,
           "cache set up: one session, three callbacks");
    CHECK(SSL_has_matching_session_id(ssl, ID, sizeof(ID) - 1) == 1);
    remove_cb_calls = 0;
    ERR_clear_error();

    /* SSL_CTX_ctrl and its macros on a NULL context. */
    all_zero = 1;
    for (i = 0; i < sizeof(ctrl_cmds) / sizeof(ctrl_cmds[0]); i++) {
        all_zero &= SSL_CTX_ctrl(NULL, ctrl_cmds[i], 0, NULL) == 0;
        all_zero &= SSL_CTX_ctrl(NULL, ctrl_cmds[i], 10, NULL) == 0;
    }
    CHECKM(all_zero, "SSL_CTX_ctrl(NULL, every session command, 0 or 10, NULL) == 0");
    CHECK(SSL_CTX_ctrl(NULL, 12345, 1, NULL) == 0);
    CHECK(SSL_CTX_sess_number(NULL) == 0);
    CHECK(SSL_CTX_sess_connect(NULL) == 0);
    CHECK(SSL_CTX_sess_connect_good(NULL) == 0);
    CHECK(SSL_CTX_sess_connect_renegotiate(NULL) == 0);
    CHECK(SSL_CTX_sess_accept(NULL) == 0);
    CHECK(SSL_CTX_sess_accept_renegotiate(NULL) == 0);
    CHECK(SSL_CTX_sess_accept_good(NULL) == 0);
    CHECK(SSL_CTX_sess_hits(NULL) == 0);
    CHECK(SSL_CTX_sess_cb_hits(NULL) == 0);
    CHECK(SSL_CTX_sess_misses(NULL) == 0);
    CHECK(SSL_CTX_sess_timeouts(NULL) == 0);
    CHECK(SSL_CTX_sess_cache_full(NULL) == 0);
    CHECK(SSL_CTX_sess_set_cache_size(NULL, 10) == 0);
    CHECK(SSL_CTX_sess_get_cache_size(NULL) == 0);
    CHECK(SSL_CTX_set_session_cache_mode(NULL, SSL_SESS_CACHE_BOTH) == 0);
    CHECK(SSL_CTX_get_session_cache_mode(NULL) == 0);
    /* The unused pointer argument may be NULL on a valid context. */
    CHECK(SSL_CTX_ctrl(ctx, SSL_CTRL_SESS_NUMBER, 0, NULL) == 1);
    check_cache_unchanged(ctx, &before, "SSL_CTX_ctrl(NULL, ...)");

    /* add / remove / flush. */
    CHECK(SSL_CTX_add_session(NULL, s2) == 0);
    CHECK(SSL_CTX_add_session(NULL, s) == 0);
    CHECK(SSL_CTX_add_session(ctx, NULL) == 0);
    CHECK(SSL_CTX_add_session(NULL, NULL) == 0);
    check_cache_unchanged(ctx, &before, "SSL_CTX_add_session with NULL");
    CHECK(SSL_CTX_remove_session(NULL, s) == 0);
    CHECK(SSL_CTX_remove_session(ctx, NULL) == 0);
    CHECK(SSL_CTX_remove_session(NULL, NULL) == 0);
    check_cache_unchanged(ctx, &before, "SSL_CTX_remove_session with NULL");
    check_unchanged(s, &s_before, "SSL_CTX_add/remove_session with a NULL context");
    SSL_CTX_flush_sessions(NULL, 0);
    SSL_CTX_flush_sessions(NULL, LONG_MAX);
    CHECKM(1, "SSL_CTX_flush_sessions(NULL, 0 and LONG_MAX) return");
    SSL_CTX_flush_sessions_ex(NULL, (time_t)0);
    SSL_CTX_flush_sessions_ex(NULL, (time_t)LONG_MAX);
    CHECKM(1, "SSL_CTX_flush_sessions_ex(NULL, 0 and LONG_MAX) return");
    check_cache_unchanged(ctx, &before, "SSL_CTX_flush_sessions(_ex)(NULL, ...)");

    /* Callbacks. */
    SSL_CTX_sess_set_remove_cb(NULL, count_remove);
    SSL_CTX_sess_set_remove_cb(NULL, NULL);
    CHECKM(1, "SSL_CTX_sess_set_remove_cb(NULL, cb and NULL) return");
    CHECK(SSL_CTX_sess_get_remove_cb(NULL) == NULL);
    SSL_CTX_sess_set_new_cb(NULL, new_session_cb);
    SSL_CTX_sess_set_new_cb(NULL, NULL);
    CHECKM(1, "SSL_CTX_sess_set_new_cb(NULL, cb and NULL) return");
    CHECK(SSL_CTX_sess_get_new_cb(NULL) == NULL);
    SSL_CTX_sess_set_get_cb(NULL, get_session_cb);
    SSL_CTX_sess_set_get_cb(NULL, NULL);
    CHECKM(1, "SSL_CTX_sess_set_get_cb(NULL, cb and NULL) return");
    CHECK(SSL_CTX_sess_get_get_cb(NULL) == NULL);
    CHECK(SSL_CTX_set_generate_session_id(NULL, generate_id_cb) == 0);
    CHECK(SSL_CTX_set_generate_session_id(NULL, NULL) == 0);
    CHECK(SSL_set_generate_session_id(NULL, generate_id_cb) == 0);
    CHECK(SSL_set_generate_session_id(NULL, NULL) == 0);
    check_cache_unchanged(ctx, &before, "the callback setters and getters on NULL");

    CHECK(SSL_CTX_sessions(NULL) == NULL);

    /* SSL_has_matching_session_id. */
    CHECK(SSL_has_matching_session_id(NULL, ID, sizeof(ID) - 1) == 0);
    CHECK(SSL_has_matching_session_id(NULL, NULL, 5) == 0);
    CHECK(SSL_has_matching_session_id(NULL, NULL, 0) == 0);
    CHECK(SSL_has_matching_session_id(NULL, ID, SSL_MAX_SSL_SESSION_ID_LENGTH + 1) == 0);
    CHECK(SSL_has_matching_session_id(ssl, NULL, sizeof(ID) - 1) == 0);
    CHECK(SSL_has_matching_session_id(ssl, NULL, 5) == 0);
    CHECK(SSL_has_matching_session_id(ssl, NULL, SSL_MAX_SSL_SESSION_ID_LENGTH) == 0);
    CHECK(SSL_has_matching_session_id(ssl, NULL, UINT_MAX) == 0);
    /* NULL with length 0 is the empty id: no cached session has it (OpenSSL: 0). */
    CHECK(SSL_has_matching_session_id(ssl, NULL, 0) == 0);
    CHECK(SSL_has_matching_session_id(ssl, ID, sizeof(ID) - 1) == 1);
    check_cache_unchanged(ctx, &before, "SSL_has_matching_session_id with NULL");
    check_unchanged(s, &s_before, "the NULL calls on the cache");
    CHECKM(remove_cb_calls == 0, "the remove callback was not called by any NULL call");
    /* OpenSSL queues nothing for the NULL calls it survives; sessl none at all. */
    CHECKM(ERR_peek_error() == 0, "no error queued by the NULL cache calls");
    ERR_clear_error();

    /* The objects still work: the NULL calls marked nothing. */
    CHECK(SSL_CTX_add_session(ctx, s2) == 1);
    CHECK(SSL_CTX_sess_number(ctx) == 2);
    CHECK(SSL_CTX_remove_session(ctx, s) == 1);
    CHECKM(remove_cb_calls == 1, "SSL_CTX_remove_session(ctx, s) called the remove callback once");
    CHECK(SSL_CTX_sessions(ctx) != NULL);

    /* Defined by OpenSSL: a NULL callback unsets it, and the generate-id
     * setters accept NULL (return 1). */
    SSL_CTX_sess_set_remove_cb(ctx, NULL);
    CHECK(SSL_CTX_sess_get_remove_cb(ctx) == NULL);
    SSL_CTX_sess_set_new_cb(ctx, NULL);
    CHECK(SSL_CTX_sess_get_new_cb(ctx) == NULL);
    SSL_CTX_sess_set_get_cb(ctx, NULL);
    CHECK(SSL_CTX_sess_get_get_cb(ctx) == NULL);
    CHECK(SSL_CTX_set_generate_session_id(ctx, NULL) == 1);
    CHECK(SSL_set_generate_session_id(ssl, NULL) == 1);
    CHECKM(ERR_peek_error() == 0, "no error queued by these calls");
    ERR_clear_error();

    SSL_SESSION_free(s);
    SSL_SESSION_free(s2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    CHECKM(remove_cb_calls == 1, "the unset remove callback was not called by SSL_CTX_free");
}

/* Ciphers, DER/PEM, printing, the peer and ex_data (added with serialization). */
/* ------------------------------------------------------------------ SSL_CONF */

/* OpenSSL 3.0 dereferences a NULL SSL_CONF_CTX in every function but
 * SSL_CONF_CTX_free (and SSL_CONF_cmd / SSL_CONF_cmd_value_type with a NULL
 * command, which fail first); sessl returns the failure value and queues
 * nothing. SSL_CONF_cmd_argv also crashes on a NULL argv. SSL_CTX_config and
 * SSL_config with a NULL object are defined: 0 and ERR_R_PASSED_NULL_PARAMETER. */
static void test_conf_null(void)
{
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();
    int argc = 1;

    ERR_clear_error();
    SSL_CONF_CTX_free(NULL);
    CHECK(SSL_CONF_CTX_set_flags(NULL, SSL_CONF_FLAG_FILE) == 0);
    CHECK(SSL_CONF_CTX_clear_flags(NULL, SSL_CONF_FLAG_FILE) == 0);
    CHECK(SSL_CONF_CTX_set1_prefix(NULL, "x") == 0);
    SSL_CONF_CTX_set_ssl(NULL, NULL);
    SSL_CONF_CTX_set_ssl_ctx(NULL, NULL);
    CHECK(SSL_CONF_CTX_finish(NULL) == 0);
    CHECK(SSL_CONF_cmd(NULL, "CipherString", "HIGH") == -2);
    CHECK(SSL_CONF_cmd_value_type(NULL, "CipherString") == SSL_CONF_TYPE_UNKNOWN);
    CHECK(SSL_CONF_cmd_argv(NULL, &argc, NULL) == 0);
    CHECK(SSL_CONF_cmd_argv(cctx, &argc, NULL) == 0);
    CHECK(argc == 1);
    CHECK(ERR_peek_error() == 0);
    /* defined by OpenSSL too: a NULL command is SSL_R_INVALID_NULL_CMD_NAME */
    CHECK(SSL_CONF_cmd(NULL, NULL, "x") == 0);
    CHECK(exactly_one_error(ERR_LIB_SSL, SSL_R_INVALID_NULL_CMD_NAME));
    /* and NULL objects to the config functions are ERR_R_PASSED_NULL_PARAMETER */
    CHECK(SSL_CTX_config(NULL, NULL) == 0);
    CHECK(exactly_one_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER));
    CHECK(SSL_config(NULL, "x") == 0);
    CHECK(exactly_one_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER));
    SSL_add_ssl_module();
    CHECK(ERR_peek_error() == 0);
    SSL_CONF_CTX_free(cctx);
}

/* ------------------------------------------------------------------ certificates */

/* The certificate family with a NULL context or connection: the failure value
 * (0, NULL or nothing), no error where OpenSSL's own NULL checks raise none.
 * With a live object and NULL data, OpenSSL's results. */
static void test_certs_null(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    STACK_OF(X509_NAME) *sk;

    CHECKM(SSL_CTX_use_certificate(NULL, NULL) == 0 && SSL_use_certificate(NULL, NULL) == 0,
           "use_certificate(NULL)");
    CHECKM(SSL_CTX_use_certificate_ASN1(NULL, 0, NULL) == 0 && SSL_use_certificate_ASN1(NULL, NULL, 0) == 0,
           "use_certificate_ASN1(NULL)");
    CHECKM(SSL_CTX_use_certificate_file(NULL, NULL, 1) == 0 && SSL_use_certificate_file(NULL, NULL, 1) == 0,
           "use_certificate_file(NULL)");
    CHECKM(SSL_CTX_use_certificate_chain_file(NULL, NULL) == 0 && SSL_use_certificate_chain_file(NULL, NULL) == 0,
           "use_certificate_chain_file(NULL)");
    CHECKM(SSL_CTX_use_PrivateKey(NULL, NULL) == 0 && SSL_use_PrivateKey(NULL, NULL) == 0,
           "use_PrivateKey(NULL)");
    CHECKM(SSL_CTX_use_PrivateKey_ASN1(0, NULL, NULL, 0) == 0 && SSL_use_PrivateKey_ASN1(0, NULL, NULL, 0) == 0,
           "use_PrivateKey_ASN1(NULL)");
    CHECKM(SSL_CTX_use_PrivateKey_file(NULL, NULL, 1) == 0 && SSL_use_PrivateKey_file(NULL, NULL, 1) == 0,
           "use_PrivateKey_file(NULL)");
    CHECKM(SSL_CTX_use_RSAPrivateKey(NULL, NULL) == 0 && SSL_use_RSAPrivateKey(NULL, NULL) == 0,
           "use_RSAPrivateKey(NULL)");
    CHECKM(SSL_CTX_use_RSAPrivateKey_ASN1(NULL, NULL, 0) == 0 && SSL_use_RSAPrivateKey_ASN1(NULL, NULL, 0) == 0,
           "use_RSAPrivateKey_ASN1(NULL)");
    CHECKM(SSL_CTX_use_RSAPrivateKey_file(NULL, NULL, 1) == 0 && SSL_use_RSAPrivateKey_file(NULL, NULL, 1) == 0,
           "use_RSAPrivateKey_file(NULL)");
    ERR_clear_error(); /* NULL objects with NULL data queue PASSED_NULL_PARAMETER first */
    CHECKM(SSL_CTX_check_private_key(NULL) == 0 && exactly_one_error(ERR_LIB_SSL, 177 /* SSL_R_NO_CERTIFICATE_ASSIGNED */),
           "SSL_CTX_check_private_key(NULL): NO_CERTIFICATE_ASSIGNED, as OpenSSL");
    CHECKM(SSL_check_private_key(NULL) == 0 && exactly_one_error(ERR_LIB_SSL, ERR_R_PASSED_NULL_PARAMETER),
           "SSL_check_private_key(NULL): PASSED_NULL_PARAMETER, as OpenSSL");
    CHECKM(SSL_CTX_get0_certificate(NULL) == NULL && SSL_CTX_get0_privatekey(NULL) == NULL &&
           SSL_get_certificate(NULL) == NULL && SSL_get_privatekey(NULL) == NULL, "cert/key getters(NULL)");
    SSL_certs_clear(NULL);

    SSL_CTX_set_default_passwd_cb(NULL, NULL);
    SSL_CTX_set_default_passwd_cb_userdata(NULL, NULL);
    SSL_set_default_passwd_cb(NULL, NULL);
    SSL_set_default_passwd_cb_userdata(NULL, NULL);
    CHECKM(SSL_CTX_get_default_passwd_cb(NULL) == NULL && SSL_CTX_get_default_passwd_cb_userdata(NULL) == NULL &&
           SSL_get_default_passwd_cb(NULL) == NULL && SSL_get_default_passwd_cb_userdata(NULL) == NULL,
           "passwd getters(NULL)");

    SSL_CTX_set_verify(NULL, 1, NULL);
    SSL_set_verify(NULL, 1, NULL);
    SSL_CTX_set_verify_depth(NULL, 3);
    SSL_set_verify_depth(NULL, 3);
    SSL_set_verify_result(NULL, 3);
    CHECKM(SSL_CTX_get_verify_mode(NULL) == 0 && SSL_get_verify_mode(NULL) == 0 &&
           SSL_CTX_get_verify_depth(NULL) == 0 && SSL_get_verify_depth(NULL) == 0 &&
           SSL_CTX_get_verify_callback(NULL) == NULL && SSL_get_verify_callback(NULL) == NULL &&
           SSL_get_verify_result(NULL) == 0, "verify getters(NULL)");
    CHECKM(SSL_CTX_get0_param(NULL) == NULL && SSL_get0_param(NULL) == NULL, "get0_param(NULL)");
    CHECKM(SSL_CTX_set1_param(NULL, NULL) == 0 && SSL_set1_param(NULL, NULL) == 0, "set1_param(NULL)");
    CHECKM(SSL_CTX_set_purpose(NULL, 1) == 0 && SSL_set_purpose(NULL, 1) == 0, "set_purpose(NULL)");
    CHECKM(SSL_CTX_set_trust(NULL, 1) == 0 && SSL_set_trust(NULL, 1) == 0, "set_trust(NULL)");
    CHECKM(SSL_set1_host(NULL, "a") == 0 && SSL_add1_host(NULL, "a") == 0, "set1/add1_host(NULL)");
    SSL_set_hostflags(NULL, 0);
    CHECKM(SSL_get0_peername(NULL) == NULL, "SSL_get0_peername(NULL)");
    CHECKM(SSL_get_ex_data_X509_STORE_CTX_idx() >= 0, "SSL_get_ex_data_X509_STORE_CTX_idx");

    CHECKM(SSL_CTX_get_cert_store(NULL) == NULL, "SSL_CTX_get_cert_store(NULL)");
    SSL_CTX_set_cert_store(NULL, NULL);
    SSL_CTX_set1_cert_store(NULL, NULL);
    CHECKM(SSL_CTX_load_verify_file(NULL, NULL) == 0 && SSL_CTX_load_verify_dir(NULL, NULL) == 0 &&
           SSL_CTX_load_verify_store(NULL, NULL) == 0 && SSL_CTX_load_verify_locations(NULL, NULL, NULL) == 0 &&
           SSL_CTX_load_verify_locations(NULL, "x", NULL) == 0, "load_verify_*(NULL)");
    CHECKM(SSL_CTX_set_default_verify_paths(NULL) == 0 && SSL_CTX_set_default_verify_dir(NULL) == 0 &&
           SSL_CTX_set_default_verify_file(NULL) == 0 && SSL_CTX_set_default_verify_store(NULL) == 0,
           "set_default_verify_*(NULL)");
    SSL_CTX_set_cert_verify_callback(NULL, NULL, NULL);
    SSL_CTX_set_cert_cb(NULL, NULL, NULL);
    SSL_set_cert_cb(NULL, NULL, NULL);
    SSL_CTX_set_client_cert_cb(NULL, NULL);
    CHECKM(SSL_CTX_get_client_cert_cb(NULL) == NULL, "SSL_CTX_get_client_cert_cb(NULL)");
    CHECKM(SSL_get0_peer_certificate(NULL) == NULL && SSL_get1_peer_certificate(NULL) == NULL &&
           SSL_get_peer_cert_chain(NULL) == NULL && SSL_get0_verified_chain(NULL) == NULL, "peer getters(NULL)");

    SSL_CTX_set_client_CA_list(NULL, NULL);
    SSL_set_client_CA_list(NULL, NULL);
    SSL_CTX_set0_CA_list(NULL, NULL);
    SSL_set0_CA_list(NULL, NULL);
    CHECKM(SSL_CTX_get_client_CA_list(NULL) == NULL && SSL_get_client_CA_list(NULL) == NULL &&
           SSL_CTX_get0_CA_list(NULL) == NULL && SSL_get0_CA_list(NULL) == NULL &&
           SSL_get0_peer_CA_list(NULL) == NULL, "CA list getters(NULL)");
    CHECKM(SSL_CTX_add_client_CA(NULL, NULL) == 0 && SSL_add_client_CA(NULL, NULL) == 0 &&
           SSL_CTX_add1_to_CA_list(NULL, NULL) == 0 && SSL_add1_to_CA_list(NULL, NULL) == 0 &&
           SSL_CTX_add_client_CA(ctx, NULL) == 0 && SSL_add1_to_CA_list(ssl, NULL) == 0, "CA list adds(NULL)");
    sk = SSL_dup_CA_list(NULL);
    CHECKM(sk != NULL && sk_X509_NAME_num(sk) == 0, "SSL_dup_CA_list(NULL): an empty list, as OpenSSL");
    sk_X509_NAME_free(sk);
    CHECKM(SSL_load_client_CA_file(NULL) == NULL && SSL_load_client_CA_file_ex(NULL, NULL, NULL) == NULL,
           "SSL_load_client_CA_file(NULL)");
    CHECKM(SSL_add_file_cert_subjects_to_stack(NULL, NULL) == 0 && SSL_add_dir_cert_subjects_to_stack(NULL, NULL) == 0 &&
           SSL_add_store_cert_subjects_to_stack(NULL, NULL) == 0, "add_*_cert_subjects_to_stack(NULL)");
    CHECKM(SSL_CTX_set0_tmp_dh_pkey(NULL, NULL) == 0 && SSL_set0_tmp_dh_pkey(NULL, NULL) == 0, "set0_tmp_dh_pkey(NULL)");
    SSL_CTX_set_tmp_dh_callback(NULL, NULL);
    SSL_set_tmp_dh_callback(NULL, NULL);
    CHECKM(SSL_CTX_set_ct_validation_callback(NULL, NULL, NULL) == 0 && SSL_set_ct_validation_callback(NULL, NULL, NULL) == 0 &&
           SSL_CTX_enable_ct(NULL, 0) == 0 && SSL_enable_ct(NULL, 0) == 0 && SSL_CTX_ct_is_enabled(NULL) == 0 &&
           SSL_ct_is_enabled(NULL) == 0 && SSL_get0_peer_scts(NULL) == NULL, "CT functions(NULL)");
    CHECKM(SSL_CTX_get0_ctlog_store(NULL) == NULL && SSL_CTX_set_default_ctlog_list_file(NULL) == 0 &&
           SSL_CTX_set_ctlog_list_file(NULL, NULL) == 0, "ctlog functions(NULL)");
    SSL_CTX_set0_ctlog_store(NULL, NULL);
    CHECKM(SSL_CTX_dane_enable(NULL) == 0 && SSL_CTX_dane_mtype_set(NULL, NULL, 1, 1) == 0 &&
           SSL_dane_enable(NULL, NULL) == 0 && SSL_dane_tlsa_add(NULL, 0, 0, 0, NULL, 0) == 0 &&
           SSL_get0_dane_authority(NULL, NULL, NULL) == -1 && SSL_get0_dane_tlsa(NULL, NULL, NULL, NULL, NULL, NULL) == -1 &&
           SSL_get0_dane(NULL) == NULL && SSL_CTX_dane_set_flags(NULL, 1) == 0 && SSL_CTX_dane_clear_flags(NULL, 1) == 0 &&
           SSL_dane_set_flags(NULL, 1) == 0 && SSL_dane_clear_flags(NULL, 1) == 0, "DANE functions(NULL)");
    {
        SSL_CTX *c2 = SSL_CTX_new(TLS_method());
        CHECKM(SSL_CTX_dane_mtype_set(c2, NULL, 0, 0) == 1,
               "SSL_CTX_dane_mtype_set(ctx not DANE-enabled, NULL, 0, 0): 1 (OpenSSL writes through NULL)");
        SSL_CTX_free(c2);
    }
    CHECKM(SSL_check_chain(NULL, NULL, NULL, NULL) == 0 && SSL_CTX_set_client_cert_engine(NULL, NULL) == 0,
           "SSL_check_chain, SSL_CTX_set_client_cert_engine(NULL)");
    ERR_clear_error();
    CHECKM(SSL_CTX_use_serverinfo(NULL, NULL, 0) == 0 && SSL_CTX_use_serverinfo_ex(NULL, 2, NULL, 0) == 0 &&
           SSL_CTX_use_serverinfo_file(NULL, NULL) == 0, "use_serverinfo*(NULL)");
    ERR_clear_error();
    CHECKM(SSL_CTX_use_cert_and_key(NULL, NULL, NULL, NULL, 1) == 0 && SSL_use_cert_and_key(NULL, NULL, NULL, NULL, 1) == 0,
           "use_cert_and_key(NULL)");
    ERR_clear_error();
    {
        /* At security level 0 OpenSSL checks the missing certificate's
         * signature flags (a crash); sessl fails as at the other levels,
         * with SSL_R_EE_KEY_TOO_SMALL (399, not in sessl's header). */
        SSL_CTX *c0 = SSL_CTX_new(TLS_method());
        SSL *s0;
        SSL_CTX_set_security_level(c0, 0);
        s0 = SSL_new(c0);
        SSL_set_security_level(s0, 0);
        CHECKM(SSL_CTX_use_cert_and_key(c0, NULL, NULL, NULL, 1) == 0 &&
               ERR_GET_REASON(ERR_get_error()) == 399,
               "SSL_CTX_use_cert_and_key(level 0 ctx, NULL cert): 0, ee key too small");
        CHECKM(SSL_use_cert_and_key(s0, NULL, NULL, NULL, 1) == 0 &&
               ERR_GET_REASON(ERR_get_error()) == 399,
               "SSL_use_cert_and_key(level 0 ssl, NULL cert): 0, ee key too small");
        ERR_clear_error();
        SSL_free(s0);
        SSL_CTX_free(c0);
    }

    CHECKM(SSL_get_verify_mode(ssl) == 0 && SSL_CTX_get_cert_store(ctx) != NULL, "objects still work");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_serialization_null(void)
{
    static const unsigned char der[] = { 0x30, 0x23, 0x02, 0x01, 0x01, 0x02, 0x02, 0x03, 0x03, 0x04, 0x02,
                                         0xc0, 0x2f, 0x04, 0x00, 0x04, 0x00, 0xa4, 0x02, 0x04, 0x00, 0xa5,
                                         0x03, 0x02, 0x01, 0x01, 0xb1, 0x04, 0x02, 0x02, 0x00, 0xff, 0xb3,
                                         0x03, 0x02, 0x01, 0x00 };
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    const SSL_CIPHER *c = SSL_CIPHER_find(ssl, (const unsigned char *)"\xc0\x2f");
    const unsigned char *p = NULL;
    unsigned char *out = NULL;
    SSL_SESSION *s = SSL_SESSION_new(), *a = NULL;
    BIO *mem = BIO_new(BIO_s_mem());
    int alg = -7;
    char buf[128];

    CHECKM(c != NULL, "SSL_CIPHER_find finds c02f");
    CHECKM(SSL_CIPHER_find(NULL, (const unsigned char *)"\xc0\x2f") == NULL, "SSL_CIPHER_find(NULL ssl)");
    CHECKM(SSL_CIPHER_find(ssl, NULL) == NULL, "SSL_CIPHER_find(ssl, NULL)");
    CHECKM(strcmp(SSL_CIPHER_get_name(NULL), "(NONE)") == 0, "SSL_CIPHER_get_name(NULL)");
    CHECKM(strcmp(SSL_CIPHER_standard_name(NULL), "(NONE)") == 0, "SSL_CIPHER_standard_name(NULL)");
    CHECKM(strcmp(SSL_CIPHER_get_version(NULL), "(NONE)") == 0, "SSL_CIPHER_get_version(NULL)");
    CHECKM(SSL_CIPHER_get_id(NULL) == 0, "SSL_CIPHER_get_id(NULL)");
    CHECKM(SSL_CIPHER_get_protocol_id(NULL) == 0, "SSL_CIPHER_get_protocol_id(NULL)");
    CHECKM(SSL_CIPHER_get_bits(NULL, &alg) == 0 && alg == -7, "SSL_CIPHER_get_bits(NULL, &alg)");
    CHECKM(SSL_CIPHER_get_bits(c, NULL) > 0, "SSL_CIPHER_get_bits(c, NULL)");
    CHECKM(SSL_CIPHER_description(NULL, buf, sizeof(buf)) == NULL, "SSL_CIPHER_description(NULL)");
    CHECKM(SSL_SESSION_get0_cipher(NULL) == NULL, "SSL_SESSION_get0_cipher(NULL)");
    CHECKM(SSL_SESSION_set_cipher(NULL, c) == 0, "SSL_SESSION_set_cipher(NULL, c)");

    CHECKM(i2d_SSL_SESSION(NULL, &out) == 0 && out == NULL, "i2d_SSL_SESSION(NULL, &p)");
    CHECKM(i2d_SSL_SESSION(s, NULL) == 0, "i2d_SSL_SESSION of a cipherless session");
    CHECKM(d2i_SSL_SESSION(NULL, NULL, (long)sizeof(der)) == NULL, "d2i_SSL_SESSION(NULL, NULL, n)");
    CHECKM(d2i_SSL_SESSION(&a, &p, (long)sizeof(der)) == NULL && a == NULL, "d2i_SSL_SESSION with *pp NULL");
    CHECKM(d2i_SSL_SESSION_ex(NULL, NULL, (long)sizeof(der), NULL, NULL) == NULL, "d2i_SSL_SESSION_ex(NULL, NULL, n)");
    p = der;
    CHECKM(d2i_SSL_SESSION(NULL, &p, -1) == NULL && p == der, "d2i_SSL_SESSION with a negative length");
    ERR_clear_error();

    CHECKM(PEM_write_bio_SSL_SESSION(NULL, s) == 0, "PEM_write_bio_SSL_SESSION(NULL bio)");
    CHECKM(PEM_write_bio_SSL_SESSION(mem, NULL) == 0, "PEM_write_bio_SSL_SESSION(NULL session)");
    CHECKM(PEM_write_SSL_SESSION(NULL, s) == 0, "PEM_write_SSL_SESSION(NULL file)");
    CHECKM(PEM_read_bio_SSL_SESSION(NULL, NULL, NULL, NULL) == NULL, "PEM_read_bio_SSL_SESSION(NULL bio)");
    CHECKM(PEM_read_SSL_SESSION(NULL, NULL, NULL, NULL) == NULL, "PEM_read_SSL_SESSION(NULL file)");
    ERR_clear_error();

    CHECKM(SSL_SESSION_print(NULL, s) == 0, "SSL_SESSION_print(NULL bio)");
    CHECKM(SSL_SESSION_print(mem, NULL) == 0, "SSL_SESSION_print(bio, NULL)");
    CHECKM(SSL_SESSION_print_fp(NULL, s) == 0, "SSL_SESSION_print_fp(NULL file)");
    CHECKM(SSL_SESSION_print_keylog(NULL, s) == 0, "SSL_SESSION_print_keylog(NULL bio)");
    CHECKM(SSL_SESSION_print_keylog(mem, NULL) == 0, "SSL_SESSION_print_keylog(bio, NULL)");

    CHECKM(SSL_SESSION_get0_peer(NULL) == NULL, "SSL_SESSION_get0_peer(NULL)");
    CHECKM(SSL_SESSION_get0_peer(s) == NULL, "SSL_SESSION_get0_peer of a new session");
    CHECKM(SSL_SESSION_get_ex_data(NULL, 0) == NULL, "SSL_SESSION_get_ex_data(NULL)");
    CHECKM(SSL_SESSION_set_ex_data(NULL, 0, buf) == 0, "SSL_SESSION_set_ex_data(NULL)");
    CHECKM(SSL_SESSION_set_ex_data(s, 0, buf) == 1 && SSL_SESSION_get_ex_data(s, 0) == buf,
          "ex_data still works after the NULL calls");

    BIO_free(mem);
    SSL_SESSION_free(s);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* The I/O and handshake calls on a NULL connection or context: their failure
 * values, nothing queued. */
static void test_io_null(void)
{
    char buf[8];
    size_t n = 7;

    printf("== I/O and handshake calls with NULL\n");
    ERR_clear_error();
    SSL_set_bio(NULL, NULL, NULL);
    SSL_set0_rbio(NULL, NULL);
    SSL_set0_wbio(NULL, NULL);
    CHECK(SSL_get_rbio(NULL) == NULL);
    CHECK(SSL_get_wbio(NULL) == NULL);
    CHECK(SSL_set_fd(NULL, 0) == 0);
    CHECK(SSL_set_rfd(NULL, 0) == 0);
    CHECK(SSL_set_wfd(NULL, 0) == 0);
    CHECK(SSL_get_fd(NULL) == -1);
    CHECK(SSL_get_rfd(NULL) == -1);
    CHECK(SSL_get_wfd(NULL) == -1);
    CHECK(SSL_pending(NULL) == 0);
    CHECK(SSL_has_pending(NULL) == 0);
    CHECK(SSL_want(NULL) == SSL_NOTHING);
    CHECK(SSL_get_error(NULL, 0) == SSL_ERROR_SSL);
    CHECK(SSL_get_state(NULL) == TLS_ST_BEFORE);
    CHECK(strcmp(SSL_state_string(NULL), "PINIT") == 0);
    CHECK(strcmp(SSL_state_string_long(NULL), "before SSL initialization") == 0);
    CHECK(strcmp(SSL_rstate_string(NULL), "RH") == 0);
    CHECK(strcmp(SSL_rstate_string_long(NULL), "read header") == 0);
    CHECK(strcmp(SSL_get_version(NULL), "unknown") == 0);
    SSL_set_quiet_shutdown(NULL, 1);
    CHECK(SSL_get_quiet_shutdown(NULL) == 0);
    SSL_CTX_set_quiet_shutdown(NULL, 1);
    CHECK(SSL_CTX_get_quiet_shutdown(NULL) == 0);
    SSL_set_read_ahead(NULL, 1);
    CHECK(SSL_get_read_ahead(NULL) == 0);
    CHECK(strcmp(SSL_alert_type_string(0x200), "F") == 0);
    CHECK(strcmp(SSL_alert_type_string_long(0x100), "warning") == 0);
    CHECK(strcmp(SSL_alert_desc_string(0), "CN") == 0);
    CHECK(strcmp(SSL_alert_desc_string_long(0), "close notify") == 0);
    CHECK(SSL_connect(NULL) == -1);
    CHECK(SSL_accept(NULL) == -1);
    CHECK(SSL_do_handshake(NULL) == -1);
    CHECK(SSL_read(NULL, buf, sizeof(buf)) == -1);
    CHECK(SSL_read_ex(NULL, buf, sizeof(buf), &n) == 0 && n == 7);
    CHECK(SSL_peek(NULL, buf, sizeof(buf)) == -1);
    CHECK(SSL_peek_ex(NULL, buf, sizeof(buf), NULL) == 0);
    CHECK(SSL_write(NULL, buf, sizeof(buf)) == -1);
    CHECK(SSL_write_ex(NULL, buf, sizeof(buf), NULL) == 0);
    CHECK(SSL_sendfile(NULL, 0, 0, 1, 0) == -1);
    CHECK(SSL_shutdown(NULL) == -1);
    CHECK(SSL_renegotiate(NULL) == 0);
    CHECK(SSL_renegotiate_abbreviated(NULL) == 0);
    CHECK(SSL_renegotiate_pending(NULL) == 0);
    CHECK(SSL_key_update(NULL, SSL_KEY_UPDATE_REQUESTED) == 0);
    CHECK(SSL_get_key_update_type(NULL) == SSL_KEY_UPDATE_NONE);
    CHECK(SSL_verify_client_post_handshake(NULL) == 0);
    CHECK(SSL_new_session_ticket(NULL) == 0);
    CHECK(SSL_get_early_data_status(NULL) == SSL_EARLY_DATA_NOT_SENT);
    CHECK(SSL_write_early_data(NULL, buf, 1, &n) == 0);
    CHECK(SSL_read_early_data(NULL, buf, 1, &n) == SSL_READ_EARLY_DATA_ERROR);
    CHECK(SSL_stateless(NULL) == -1);
    CHECK(DTLSv1_listen(NULL, NULL) == -1);
    CHECK(SSL_get_finished(NULL, buf, sizeof(buf)) == 0);
    CHECK(SSL_get_peer_finished(NULL, buf, sizeof(buf)) == 0);
    CHECK(SSL_client_version(NULL) == 0);
    CHECK(SSL_export_keying_material(NULL, (unsigned char *)buf, 1, "l", 1, NULL, 0, 0) == -1);
    CHECK(SSL_export_keying_material_early(NULL, (unsigned char *)buf, 1, "l", 1, NULL, 0) == 0);
    CHECK(SSL_waiting_for_async(NULL) == 0);
    CHECK(SSL_get_async_status(NULL, NULL) == 0);
    CHECK(SSL_get_all_async_fds(NULL, NULL, NULL) == 0);
    CHECK(SSL_get_changed_async_fds(NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_client_hello_isv2(NULL) == 0);
    CHECK(SSL_client_hello_get0_legacy_version(NULL) == 0);
    CHECK(SSL_client_hello_get0_random(NULL, NULL) == 0);
    CHECK(SSL_client_hello_get0_session_id(NULL, NULL) == 0);
    CHECK(SSL_client_hello_get0_ciphers(NULL, NULL) == 0);
    CHECK(SSL_client_hello_get0_compression_methods(NULL, NULL) == 0);
    CHECK(SSL_client_hello_get1_extensions_present(NULL, NULL, NULL) == 0);
    CHECK(SSL_client_hello_get0_ext(NULL, 0, NULL, NULL) == 0);
    CHECK(ERR_peek_error() == 0);
}

/* Cipher lists, security levels and the SSL_CIPHER nid accessors. */
static void test_cipher_lists_null(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    const SSL_CIPHER *c = SSL_CIPHER_find(ssl, (const unsigned char *)"\xc0\x2f");
    STACK_OF(SSL_CIPHER) *sk = NULL, *scsvs = NULL;
    char buf[64];

    CHECKM(SSL_CTX_set_cipher_list(NULL, "ALL") == 0, "SSL_CTX_set_cipher_list(NULL, ..)");
    CHECKM(SSL_CTX_set_cipher_list(ctx, NULL) == 0 && ERR_peek_error() == 0, "SSL_CTX_set_cipher_list(ctx, NULL): 0, no error (as OpenSSL)");
    CHECKM(SSL_set_cipher_list(NULL, "ALL") == 0, "SSL_set_cipher_list(NULL, ..)");
    CHECKM(SSL_set_cipher_list(ssl, NULL) == 0 && ERR_peek_error() == 0, "SSL_set_cipher_list(ssl, NULL): 0, no error (as OpenSSL)");
    CHECKM(SSL_CTX_set_ciphersuites(NULL, "") == 0, "SSL_CTX_set_ciphersuites(NULL, ..)");
    CHECKM(SSL_CTX_set_ciphersuites(ctx, NULL) == 0, "SSL_CTX_set_ciphersuites(ctx, NULL)");
    CHECKM(SSL_set_ciphersuites(NULL, "") == 0, "SSL_set_ciphersuites(NULL, ..)");
    CHECKM(SSL_set_ciphersuites(ssl, NULL) == 0, "SSL_set_ciphersuites(ssl, NULL)");
    CHECKM(sk_SSL_CIPHER_num(SSL_get_ciphers(ssl)) == 60, "the lists are unchanged");
    CHECKM(SSL_CTX_get_ciphers(NULL) == NULL, "SSL_CTX_get_ciphers(NULL) (as OpenSSL)");
    CHECKM(SSL_get_ciphers(NULL) == NULL, "SSL_get_ciphers(NULL) (as OpenSSL)");
    CHECKM(SSL_get1_supported_ciphers(NULL) == NULL, "SSL_get1_supported_ciphers(NULL) (as OpenSSL)");
    CHECKM(SSL_get_client_ciphers(NULL) == NULL, "SSL_get_client_ciphers(NULL) (as OpenSSL)");
    CHECKM(SSL_get_shared_ciphers(NULL, buf, sizeof(buf)) == NULL, "SSL_get_shared_ciphers(NULL, ..)");
    CHECKM(SSL_get_shared_ciphers(ssl, NULL, 100) == NULL, "SSL_get_shared_ciphers(ssl, NULL, 100)");
    CHECKM(SSL_get_cipher_list(NULL, 0) == NULL, "SSL_get_cipher_list(NULL, 0) (as OpenSSL)");
    CHECKM(SSL_get_current_cipher(NULL) == NULL, "SSL_get_current_cipher(NULL)");
    CHECKM(SSL_get_pending_cipher(NULL) == NULL, "SSL_get_pending_cipher(NULL)");
    CHECKM(strcmp(OPENSSL_cipher_name(NULL), "(NONE)") == 0, "OPENSSL_cipher_name(NULL) (as OpenSSL)");
    CHECKM(SSL_bytes_to_cipher_list(NULL, (const unsigned char *)"\xc0\x2f", 2, 0, &sk, &scsvs) == 0
               && sk == NULL && scsvs == NULL, "SSL_bytes_to_cipher_list(NULL ssl, ..)");
    CHECKM(SSL_bytes_to_cipher_list(ssl, NULL, 2, 0, &sk, &scsvs) == 0 && sk == NULL,
           "SSL_bytes_to_cipher_list(ssl, NULL, 2, ..)");
    CHECKM(SSL_bytes_to_cipher_list(ssl, (const unsigned char *)"\xc0\x2f", 2, 0, NULL, NULL) == 1,
           "SSL_bytes_to_cipher_list with NULL outputs (as OpenSSL)");
    CHECKM(OSSL_default_cipher_list() != NULL && OSSL_default_ciphersuites() != NULL, "OSSL_default_* (no arguments)");
    CHECKM(SSL_CTX_get_security_level(NULL) == 0, "SSL_CTX_get_security_level(NULL)");
    SSL_CTX_set_security_level(NULL, 3);
    CHECKM(SSL_get_security_level(NULL) == 0, "SSL_get_security_level(NULL)");
    SSL_set_security_level(NULL, 3);
    CHECKM(SSL_CTX_get_security_level(ctx) == 2 && SSL_get_security_level(ssl) == 2, "levels unchanged by the NULL setters");
    CHECKM(SSL_CIPHER_get_kx_nid(NULL) == NID_undef, "SSL_CIPHER_get_kx_nid(NULL)");
    CHECKM(SSL_CIPHER_get_auth_nid(NULL) == NID_undef, "SSL_CIPHER_get_auth_nid(NULL)");
    CHECKM(SSL_CIPHER_get_cipher_nid(NULL) == NID_undef, "SSL_CIPHER_get_cipher_nid(NULL)");
    CHECKM(SSL_CIPHER_get_digest_nid(NULL) == NID_undef, "SSL_CIPHER_get_digest_nid(NULL)");
    CHECKM(SSL_CIPHER_get_handshake_digest(NULL) == NULL, "SSL_CIPHER_get_handshake_digest(NULL)");
    CHECKM(SSL_CIPHER_is_aead(NULL) == 0, "SSL_CIPHER_is_aead(NULL)");
    CHECKM(SSL_CIPHER_is_aead(c) == 1 && SSL_CIPHER_get_kx_nid(c) != NID_undef, "the accessors still work");
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* The ctrl family on NULL objects and pointers: the failure value, nothing
 * written (OpenSSL dereferences the object in all of these). */
static void test_ctrl_null(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = ctx ? SSL_new(ctx) : NULL;
    unsigned char buf[8];
    int nid = 5;

    FATAL_IF(ssl == NULL, "SSL_new");
    CHECK(SSL_ctrl(NULL, SSL_CTRL_MODE, 1, NULL) == 0);
    CHECK(SSL_callback_ctrl(NULL, SSL_CTRL_SET_MSG_CALLBACK, NULL) == 0);
    CHECK(SSL_CTX_callback_ctrl(NULL, SSL_CTRL_SET_MSG_CALLBACK, NULL) == 0);
    CHECK(SSL_CTX_callback_ctrl(ctx, SSL_CTRL_SET_MSG_CALLBACK, NULL) == 1);
    CHECK(SSL_CTX_get_options(NULL) == 0);
    CHECK(SSL_get_options(NULL) == 0);
    CHECK(SSL_CTX_set_options(NULL, 1) == 0);
    CHECK(SSL_set_options(NULL, 1) == 0);
    CHECK(SSL_CTX_clear_options(NULL, 1) == 0);
    CHECK(SSL_clear_options(NULL, 1) == 0);
    CHECK(SSL_CTX_set_num_tickets(NULL, 1) == 0);
    CHECK(SSL_CTX_get_num_tickets(NULL) == 0);
    CHECK(SSL_set_num_tickets(NULL, 1) == 0);
    CHECK(SSL_get_num_tickets(NULL) == 0);
    CHECK(SSL_CTX_set_max_early_data(NULL, 1) == 0);
    CHECK(SSL_CTX_get_max_early_data(NULL) == 0);
    CHECK(SSL_set_max_early_data(NULL, 1) == 0);
    CHECK(SSL_get_max_early_data(NULL) == 0);
    CHECK(SSL_CTX_set_recv_max_early_data(NULL, 1) == 0);
    CHECK(SSL_CTX_get_recv_max_early_data(NULL) == 0);
    CHECK(SSL_set_recv_max_early_data(NULL, 1) == 0);
    CHECK(SSL_get_recv_max_early_data(NULL) == 0);
    CHECK(SSL_CTX_set_block_padding(NULL, 16) == 0);
    CHECK(SSL_set_block_padding(NULL, 16) == 0);
    SSL_CTX_set_default_read_buffer_len(NULL, 10);
    SSL_set_default_read_buffer_len(NULL, 10);
    CHECK(SSL_CTX_set_tlsext_max_fragment_length(NULL, 1) == 0);
    CHECK(SSL_set_tlsext_max_fragment_length(NULL, 1) == 0);
    SSL_CTX_set_post_handshake_auth(NULL, 1);
    SSL_set_post_handshake_auth(NULL, 1);
    CHECK(SSL_alloc_buffers(NULL) == 0);
    CHECK(SSL_free_buffers(NULL) == 0);
    SSL_set_debug(NULL, 1);
    CHECK(SSL_CTX_get_ssl_method(NULL) == NULL);
    CHECK(SSL_get_ssl_method(NULL) == NULL);
    CHECK(SSL_CTX_set_ssl_version(NULL, TLS_method()) == 0);
    CHECK(SSL_CTX_set_ssl_version(ctx, NULL) == 0);
    CHECK(SSL_set_ssl_method(NULL, TLS_method()) == 0);
    CHECK(SSL_set_ssl_method(ssl, NULL) == 0);
    CHECK(SSL_set_SSL_CTX(NULL, ctx) == NULL);
    CHECK(SSL_set_SSL_CTX(ssl, NULL) == ctx);
    CHECK(SSL_client_version(NULL) == 0);
    CHECK(SSL_is_dtls(NULL) == 0);
    CHECK(SSL_get_servername(NULL, 0) == NULL);
    CHECK(SSL_get_servername_type(NULL) == -1);
    CHECK(SSL_get_finished(NULL, NULL, 8) == 0);
    CHECK(SSL_get_peer_finished(NULL, NULL, 8) == 0);
    CHECK(SSL_get_client_random(NULL, buf, 8) == 0);
    CHECK(SSL_get_server_random(NULL, buf, 8) == 0);
    CHECK(SSL_get_client_random(ssl, NULL, 8) == 8);
    CHECK(SSL_get_server_random(ssl, NULL, 8) == 8);
    CHECK(SSL_get_shared_sigalgs(NULL, 0, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_get_sigalgs(NULL, 0, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_get_peer_signature_type_nid(NULL, &nid) == 0 && nid == 5);
    CHECK(SSL_get_signature_type_nid(NULL, NULL) == 0);
    CHECK(SSL_group_to_name(NULL, 415) == NULL);
    CHECK(SSL_get_current_compression(NULL) == NULL);
    CHECK(SSL_get_current_expansion(NULL) == NULL);
    CHECK(SSL_CTX_set_tlsext_use_srtp(NULL, "SRTP_AES128_CM_SHA1_80") == 1);
    CHECK(SSL_CTX_set_tlsext_use_srtp(ctx, NULL) == 1);
    CHECK(SSL_set_tlsext_use_srtp(NULL, "SRTP_AES128_CM_SHA1_80") == 1);
    CHECK(SSL_get_srtp_profiles(NULL) == NULL);
    CHECK(SSL_get_selected_srtp_profile(NULL) == NULL);
    CHECK(DTLS_get_data_mtu(NULL) == 0);
    CHECK(strcmp(SSL_get_version(NULL), "unknown") == 0);
    CHECK(SSL_get_early_data_status(NULL) == 0);
    DTLS_set_timer_cb(NULL, NULL);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    ERR_clear_error();
}

/* The callbacks family: NULL objects give the failure value and change
 * nothing; NULL callbacks and NULL out-pointers are accepted. */
static void test_callbacks_null(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    const unsigned char *data = (const unsigned char *)"x";
    unsigned char *out = (unsigned char *)"x";
    unsigned int len = 9;
    unsigned char outlen = 9;
    int buf;

    CHECK(OPENSSL_init_ssl(0, NULL) == 1);
    CHECK(ERR_load_SSL_strings() == 1);
    CHECK(SSL_set_ex_data(NULL, 0, &buf) == 0);
    CHECK(SSL_get_ex_data(NULL, 0) == NULL);
    CHECK(SSL_CTX_set_ex_data(NULL, 0, &buf) == 0);
    CHECK(SSL_CTX_get_ex_data(NULL, 0) == NULL);
    SSL_CTX_set_info_callback(NULL, NULL);
    SSL_set_info_callback(NULL, NULL);
    CHECK(SSL_CTX_get_info_callback(NULL) == NULL);
    CHECK(SSL_get_info_callback(NULL) == NULL);
    SSL_CTX_set_msg_callback(NULL, NULL);
    SSL_set_msg_callback(NULL, NULL);
    SSL_CTX_set_keylog_callback(NULL, NULL);
    CHECK(SSL_CTX_get_keylog_callback(NULL) == NULL);
    SSL_CTX_set_psk_client_callback(NULL, NULL);
    SSL_set_psk_client_callback(NULL, NULL);
    SSL_CTX_set_psk_server_callback(NULL, NULL);
    SSL_set_psk_server_callback(NULL, NULL);
    SSL_CTX_set_psk_find_session_callback(NULL, NULL);
    SSL_set_psk_find_session_callback(NULL, NULL);
    SSL_CTX_set_psk_use_session_callback(NULL, NULL);
    SSL_set_psk_use_session_callback(NULL, NULL);
    SSL_CTX_set_not_resumable_session_callback(NULL, NULL);
    SSL_set_not_resumable_session_callback(NULL, NULL);
    SSL_CTX_set_cookie_generate_cb(NULL, NULL);
    SSL_CTX_set_cookie_verify_cb(NULL, NULL);
    SSL_CTX_set_stateless_cookie_generate_cb(NULL, NULL);
    SSL_CTX_set_stateless_cookie_verify_cb(NULL, NULL);
    SSL_CTX_set_alpn_select_cb(NULL, NULL, NULL);
    SSL_CTX_set_next_proto_select_cb(NULL, NULL, NULL);
    SSL_CTX_set_next_protos_advertised_cb(NULL, NULL, NULL);
    CHECK(SSL_CTX_set_alpn_protos(NULL, (const unsigned char *)"\x02h2", 3) == 1);
    CHECK(SSL_set_alpn_protos(NULL, (const unsigned char *)"\x02h2", 3) == 1);
    CHECK(SSL_CTX_set_alpn_protos(ctx, NULL, 3) == 0);
    SSL_get0_alpn_selected(NULL, &data, &len);
    CHECK(data == NULL && len == 0);
    SSL_get0_alpn_selected(ssl, NULL, NULL);
    data = (const unsigned char *)"x";
    len = 9;
    SSL_get0_next_proto_negotiated(NULL, &data, &len);
    CHECK(data == NULL && len == 0);
    SSL_get0_next_proto_negotiated(ssl, NULL, NULL);
    CHECK(SSL_select_next_proto(NULL, NULL, NULL, 5, NULL, 5) == OPENSSL_NPN_NO_OVERLAP);
    CHECK(SSL_select_next_proto(&out, &outlen, NULL, 5, NULL, 5) == OPENSSL_NPN_NO_OVERLAP);
    CHECK(out == NULL && outlen == 0);
    CHECK(SSL_CTX_use_psk_identity_hint(NULL, "hint") == 0);
    CHECK(SSL_use_psk_identity_hint(NULL, "hint") == 0);
    CHECK(SSL_get_psk_identity_hint(NULL) == NULL);
    CHECK(SSL_get_psk_identity(NULL) == NULL);
    CHECK(SSL_CTX_set_session_ticket_cb(NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_CTX_set_tlsext_ticket_key_evp_cb(NULL, NULL) == 0);
    CHECK(SSL_set_session_ticket_ext(NULL, NULL, 5) == 0);
    CHECK(SSL_set_session_ticket_ext(ssl, NULL, 5) == 1);
    CHECK(SSL_set_session_ticket_ext_cb(NULL, NULL, NULL) == 0);
    CHECK(SSL_set_session_secret_cb(NULL, NULL, NULL) == 0);
    SSL_CTX_set_client_hello_cb(NULL, NULL, NULL);
    SSL_CTX_set_allow_early_data_cb(NULL, NULL, NULL);
    SSL_set_allow_early_data_cb(NULL, NULL, NULL);
    CHECK(SSL_CTX_set_async_callback(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_async_callback_arg(NULL, NULL) == 0);
    CHECK(SSL_set_async_callback(NULL, NULL) == 0);
    CHECK(SSL_set_async_callback_arg(NULL, NULL) == 0);
    SSL_CTX_set_record_padding_callback(NULL, NULL);
    SSL_CTX_set_record_padding_callback_arg(NULL, NULL);
    CHECK(SSL_CTX_get_record_padding_callback_arg(NULL) == NULL);
    CHECK(SSL_set_record_padding_callback(NULL, NULL) == 0);
    SSL_set_record_padding_callback_arg(NULL, NULL);
    CHECK(SSL_get_record_padding_callback_arg(NULL) == NULL);
    CHECK(SSL_CTX_add_client_custom_ext(NULL, 1000, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_CTX_add_server_custom_ext(NULL, 1000, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_CTX_add_custom_ext(NULL, 1000, 0, NULL, NULL, NULL, NULL, NULL) == 0);
    CHECK(SSL_CTX_has_client_custom_ext(NULL, 1000) == 0);
    CHECK(SSL_extension_supported(16) == 1);
    CHECK(SSL_COMP_get_compression_methods() != NULL);
    CHECK(SSL_COMP_set0_compression_methods(SSL_COMP_get_compression_methods())
          == SSL_COMP_get_compression_methods());
    CHECK(SSL_COMP_add_compression_method(200, NULL) == 1);
    CHECK(SSL_COMP_get_name(NULL) == NULL);
    CHECK(SSL_COMP_get0_name(NULL) == NULL);
    CHECK(SSL_COMP_get_id(NULL) == -1);
    CHECK(SSL_get_current_compression(NULL) == NULL);
    CHECK(SSL_get_current_expansion(NULL) == NULL);
    CHECK(ERR_peek_error() == 0);
    CHECK(SSL_CTX_set_srp_username(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_srp_password(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_srp_strength(NULL, 1024) == 0);
    CHECK(SSL_CTX_set_srp_cb_arg(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_srp_client_pwd_callback(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_srp_verify_param_callback(NULL, NULL) == 0);
    CHECK(SSL_CTX_set_srp_username_callback(NULL, NULL) == 0);
    CHECK(SSL_get_srp_username(NULL) == NULL);
    CHECK(SSL_get_srp_userinfo(NULL) == NULL);
    CHECK(SSL_get_srp_g(NULL) == NULL);
    CHECK(SSL_get_srp_N(NULL) == NULL);
    CHECK(SSL_set_srp_server_param(NULL, NULL, NULL, NULL, NULL, NULL) == -1);
    CHECK(SSL_set_srp_server_param(ssl, NULL, NULL, NULL, NULL, NULL) == -1);
    CHECK(SRP_Calc_A_param(NULL) == 0);
    CHECK(SSL_SRP_CTX_free(NULL) == 0);
    CHECK(SSL_SRP_CTX_init(NULL) == 0);
    CHECK(SSL_CTX_SRP_CTX_free(NULL) == 0);
    CHECK(SSL_CTX_SRP_CTX_init(NULL) == 0);
    CHECK(ERR_peek_error() == 0);
    /* NULL engine: ENGINE_init fails; libcrypto's error, then libssl's. */
    CHECK(SSL_CTX_set_client_cert_engine(NULL, NULL) == 0);
    CHECK(ERR_GET_LIB(ERR_peek_last_error()) == ERR_LIB_SSL);
    ERR_clear_error();
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

/* The security family: NULL objects do nothing / return the failure value;
 * SSL_trace with a NULL connection decodes as for a TLS client, with a NULL
 * BIO or NULL bytes prints nothing. */
/* SSL_AD_UNKNOWN_PSK_IDENTITY (sessl's header has no alert constants). */
#define SSL_AD_UNKNOWN_PSK_IDENTITY_VALUE 115

static void test_security_null(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    BIO *bio = BIO_new(BIO_s_mem());
    static const unsigned char header[5] = { 22, 3, 3, 0, 4 };
    char *text;
    int ad = -1;

    SSL_CTX_set_security_callback(NULL, NULL);
    CHECK(SSL_CTX_get_security_callback(NULL) == NULL);
    SSL_set_security_callback(NULL, NULL);
    CHECK(SSL_get_security_callback(NULL) == NULL);
    SSL_CTX_set0_security_ex_data(NULL, NULL);
    CHECK(SSL_CTX_get0_security_ex_data(NULL) == NULL);
    SSL_set0_security_ex_data(NULL, NULL);
    CHECK(SSL_get0_security_ex_data(NULL) == NULL);
    SSL_set_security_callback(ssl, NULL);
    CHECK(SSL_get_security_callback(ssl) == NULL);
    SSL_trace(0, 0, SSL3_RT_HEADER, NULL, 5, ssl, bio);
    SSL_trace(0, 0, SSL3_RT_HEADER, header, 5, ssl, NULL);
    CHECK(BIO_get_mem_data(bio, &text) == 0);
    SSL_trace(0, 0, SSL3_RT_HEADER, header, 5, NULL, bio);
    CHECK(BIO_get_mem_data(bio, &text) > 0 && strncmp(text, "Received Record", 15) == 0);
    CHECK(SSL_test_functions() != NULL);
    CHECK(SSL_set_srp_server_param_pw(NULL, NULL, NULL, NULL) == -1);
    CHECK(SSL_set_srp_server_param_pw(NULL, "u", "p", "2048") == -1);
    CHECK(SSL_srp_server_param_with_username(NULL, NULL) == SSL3_AL_FATAL);
    CHECK(SSL_srp_server_param_with_username(NULL, &ad) == SSL3_AL_FATAL);
    CHECK(ad == SSL_AD_UNKNOWN_PSK_IDENTITY_VALUE);
    CHECK(SSL_srp_server_param_with_username(ssl, NULL) == SSL3_AL_FATAL);
    BIO_free(bio);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    test_methods();
    test_ctx_new();
    test_ctx_null();
    test_session_null_object();
    test_session_null_data();
    test_session_aliasing();
    test_session_null_defined();
    test_ssl_null_object();
    test_ssl_null_args();
    test_cache_null();
    test_serialization_null();
    test_io_null();
    test_cipher_lists_null();
    test_ctrl_null();
    test_callbacks_null();
    test_certs_null();
    test_conf_null();
    test_security_null();

    ERR_clear_error();
    printf("%d checks, %d failed\n", n_checks, n_failed);
    return n_failed == 0 ? 0 : 1;
}
