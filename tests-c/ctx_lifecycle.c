/*
 * ctx_lifecycle.c - SSL_CTX creation, reference counting, timeout and
 * session id context behaviour.
 *
 * Prints deterministic text only; exits non-zero only when something that
 * must work (e.g. SSL_CTX_new with a valid method) fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

static void test_methods(void)
{
    const SSL_METHOD *m = TLS_method();
    const SSL_METHOD *mc = TLS_client_method();
    const SSL_METHOD *ms = TLS_server_method();

    printf("== methods\n");
    printf("TLS_method non_null=%d\n", m != NULL);
    printf("TLS_client_method non_null=%d\n", mc != NULL);
    printf("TLS_server_method non_null=%d\n", ms != NULL);
    printf("TLS_method stable=%d\n", TLS_method() == m);
    printf("TLS_client_method stable=%d\n", TLS_client_method() == mc);
    printf("TLS_server_method stable=%d\n", TLS_server_method() == ms);
    printf("method != client=%d method != server=%d client != server=%d\n",
           m != mc, m != ms, mc != ms);
}

static void test_new_per_method(void)
{
    struct {
        const char *name;
        const SSL_METHOD *(*fn)(void);
    } meths[3];
    int i;

    meths[0].name = "TLS_method";
    meths[0].fn = TLS_method;
    meths[1].name = "TLS_client_method";
    meths[1].fn = TLS_client_method;
    meths[2].name = "TLS_server_method";
    meths[2].fn = TLS_server_method;

    printf("== SSL_CTX_new per method\n");
    for (i = 0; i < 3; i++) {
        SSL_CTX *ctx;

        ERR_clear_error();
        ctx = SSL_CTX_new(meths[i].fn());
        printf("%s: SSL_CTX_new non_null=%d\n", meths[i].name, ctx != NULL);
        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        printf("%s: default timeout=%ld\n", meths[i].name,
               SSL_CTX_get_timeout(ctx));
        print_errors(meths[i].name);
        SSL_CTX_free(ctx);
    }
}

static void test_new_ex(void)
{
    SSL_CTX *ctx;

    printf("== SSL_CTX_new_ex\n");
    ERR_clear_error();
    ctx = SSL_CTX_new_ex(NULL, NULL, TLS_method());
    printf("new_ex(NULL,NULL,TLS_method) non_null=%d\n", ctx != NULL);
    FATAL_IF(ctx == NULL, "SSL_CTX_new_ex NULL propq");
    printf("new_ex timeout=%ld\n", SSL_CTX_get_timeout(ctx));
    print_errors("new_ex null propq");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new_ex(NULL, "provider=default", TLS_client_method());
    printf("new_ex(NULL,\"provider=default\",TLS_client_method) non_null=%d\n",
           ctx != NULL);
    FATAL_IF(ctx == NULL, "SSL_CTX_new_ex provider=default");
    printf("new_ex propq timeout=%ld\n", SSL_CTX_get_timeout(ctx));
    print_errors("new_ex provider=default");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new_ex(NULL, "provider=default", TLS_server_method());
    printf("new_ex(NULL,\"provider=default\",TLS_server_method) non_null=%d\n",
           ctx != NULL);
    FATAL_IF(ctx == NULL, "SSL_CTX_new_ex provider=default server");
    print_errors("new_ex provider=default server");
    SSL_CTX_free(ctx);
}

static void test_new_null(void)
{
    SSL_CTX *ctx;

    printf("== SSL_CTX_new(NULL)\n");
    ERR_clear_error();
    ctx = SSL_CTX_new(NULL);
    printf("SSL_CTX_new(NULL) is_null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new(NULL)");
    SSL_CTX_free(ctx); /* NULL: no-op */

    ctx = SSL_CTX_new_ex(NULL, NULL, NULL);
    printf("SSL_CTX_new_ex(NULL,NULL,NULL) is_null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new_ex(NULL,NULL,NULL)");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new_ex(NULL, "provider=default", NULL);
    printf("SSL_CTX_new_ex(NULL,propq,NULL) is_null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new_ex(NULL,propq,NULL)");
    SSL_CTX_free(ctx);
}

static void test_up_ref(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    int i;

    printf("== SSL_CTX_up_ref / free\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("up_ref=%d\n", SSL_CTX_up_ref(ctx));
    SSL_CTX_free(ctx);
    /* one reference left: still usable */
    printf("after one free: set_timeout prev=%ld\n", SSL_CTX_set_timeout(ctx, 77));
    printf("after one free: get_timeout=%ld\n", SSL_CTX_get_timeout(ctx));
    SSL_CTX_free(ctx);

    /* several up_refs, balanced by as many frees */
    ctx = SSL_CTX_new(TLS_server_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    for (i = 0; i < 3; i++)
        printf("up_ref[%d]=%d\n", i, SSL_CTX_up_ref(ctx));
    for (i = 0; i < 3; i++) {
        SSL_CTX_free(ctx);
        printf("after free[%d]: get_timeout=%ld\n", i, SSL_CTX_get_timeout(ctx));
    }
    SSL_CTX_free(ctx);
}

static void test_timeout(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    static const long vals[] = { 100, -5, 0, 1, -1, 2147483647L, 300, 7200 };
    size_t i;

    printf("== SSL_CTX_set_timeout / get_timeout\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("initial get_timeout=%ld\n", SSL_CTX_get_timeout(ctx));
    for (i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        long prev = SSL_CTX_set_timeout(ctx, vals[i]);
        long now = SSL_CTX_get_timeout(ctx);

        printf("set_timeout(%ld) prev=%ld get=%ld\n", vals[i], prev, now);
    }
    print_errors("timeouts");
    SSL_CTX_free(ctx);
}

static void test_sid_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    unsigned char buf[40];
    static const unsigned int lens[] = { 0, 1, 31, 32, 33, 40 };
    size_t i;
    int r;

    printf("== SSL_CTX_set_session_id_context\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(0xA0 + i);

    ERR_clear_error();
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        char label[64];

        r = SSL_CTX_set_session_id_context(ctx, buf, lens[i]);
        sprintf(label, "ctx sid_ctx len=%u", lens[i]);
        printf("%s ret=%d\n", label, r);
        print_errors(label);
    }

    r = SSL_CTX_set_session_id_context(ctx, NULL, 0);
    printf("ctx sid_ctx NULL,0 ret=%d\n", r);
    print_errors("ctx sid_ctx NULL,0");

    /* several failures queue several errors */
    r = SSL_CTX_set_session_id_context(ctx, buf, 33);
    printf("ctx sid_ctx 33 (1st) ret=%d\n", r);
    r = SSL_CTX_set_session_id_context(ctx, buf, 34);
    printf("ctx sid_ctx 34 (2nd) ret=%d\n", r);
    printf("peek non_zero=%d\n", ERR_peek_error() != 0);
    print_errors("two failures");
    printf("after drain peek=%lu\n", ERR_peek_error());

    /* ERR_clear_error empties the queue */
    r = SSL_CTX_set_session_id_context(ctx, buf, 33);
    printf("ctx sid_ctx 33 ret=%d\n", r);
    ERR_clear_error();
    print_errors("after ERR_clear_error");

    /* a context still works after failures */
    printf("ctx timeout still=%ld\n", SSL_CTX_get_timeout(ctx));
    SSL_CTX_free(ctx);
}

int main(void)
{
    ERR_clear_error();
    test_methods();
    test_new_per_method();
    test_new_ex();
    test_new_null();
    test_up_ref();
    test_timeout();
    test_sid_ctx();
    printf("done\n");
    return 0;
}
