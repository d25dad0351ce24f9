/*
 * ssl_lifecycle.c - SSL object creation, its link to the SSL_CTX, reference
 * counting, role, shutdown flags, handshake-state predicates, session id
 * context limits and SSL_clear.
 *
 * Prints deterministic text only; exits non-zero only when something that
 * must work (object creation with valid arguments) fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

/* One line describing the state predicates of an SSL. */
static void print_state(const char *label, const SSL *ssl)
{
    printf("%s: server=%d version=0x%x in_init=%d in_before=%d "
           "init_finished=%d shutdown=%d reused=%d\n",
           label, SSL_is_server(ssl), (unsigned int)SSL_version(ssl),
           SSL_in_init(ssl), SSL_in_before(ssl), SSL_is_init_finished(ssl),
           SSL_get_shutdown(ssl), SSL_session_reused(ssl));
}

struct meth {
    const char *name;
    const SSL_METHOD *(*fn)(void);
};

static const struct meth meths[3] = {
    { "TLS_method", TLS_method },
    { "TLS_client_method", TLS_client_method },
    { "TLS_server_method", TLS_server_method }
};

static void test_new_per_method(void)
{
    int i;

    printf("== SSL_new per method\n");
    for (i = 0; i < 3; i++) {
        SSL_CTX *ctx;
        SSL *ssl;

        ERR_clear_error();
        ctx = SSL_CTX_new(meths[i].fn());
        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        ssl = SSL_new(ctx);
        printf("%s: SSL_new non_null=%d\n", meths[i].name, ssl != NULL);
        FATAL_IF(ssl == NULL, "SSL_new");
        printf("%s: get_SSL_CTX==ctx %d\n", meths[i].name,
               SSL_get_SSL_CTX(ssl) == ctx);
        printf("%s: default_timeout=%ld session_null=%d\n", meths[i].name,
               SSL_get_default_timeout(ssl), SSL_get_session(ssl) == NULL);
        print_state(meths[i].name, ssl);

        SSL_set_connect_state(ssl);
        print_state("  after set_connect_state", ssl);
        SSL_set_accept_state(ssl);
        print_state("  after set_accept_state", ssl);
        SSL_set_connect_state(ssl);
        print_state("  after set_connect_state again", ssl);
        print_errors(meths[i].name);

        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }
}

static void test_ctx_kept_alive(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *a, *b;
    SSL_CTX *got;

    printf("== SSL keeps its SSL_CTX alive\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("set_timeout prev=%ld\n", SSL_CTX_set_timeout(ctx, 555));
    a = SSL_new(ctx);
    b = SSL_new(ctx);
    FATAL_IF(a == NULL || b == NULL, "SSL_new");
    printf("a ctx==ctx %d, b ctx==ctx %d\n",
           SSL_get_SSL_CTX(a) == ctx, SSL_get_SSL_CTX(b) == ctx);

    SSL_CTX_free(ctx); /* the application's reference */
    got = SSL_get_SSL_CTX(a);
    printf("after SSL_CTX_free: a ctx non_null=%d same_as_b=%d timeout=%ld\n",
           got != NULL, got == SSL_get_SSL_CTX(b), SSL_CTX_get_timeout(got));
    SSL_free(a);
    got = SSL_get_SSL_CTX(b);
    printf("after SSL_free(a): b ctx timeout=%ld\n", SSL_CTX_get_timeout(got));
    printf("set_timeout through b's ctx prev=%ld\n", SSL_CTX_set_timeout(got, 42));
    printf("get_timeout through b's ctx now=%ld\n", SSL_CTX_get_timeout(got));
    SSL_free(b); /* last reference to the context goes here */

    /* SSL_CTX_up_ref by the app + SSL: three references */
    ctx = SSL_CTX_new(TLS_server_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("ctx up_ref=%d\n", SSL_CTX_up_ref(ctx));
    a = SSL_new(ctx);
    FATAL_IF(a == NULL, "SSL_new");
    SSL_CTX_free(ctx);
    SSL_free(a);
    printf("after SSL_free + one SSL_CTX_free: timeout=%ld\n",
           SSL_CTX_get_timeout(ctx));
    SSL_CTX_free(ctx);
}

static void test_ssl_up_ref(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl;
    int i;

    printf("== SSL_up_ref / SSL_free\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    printf("up_ref=%d\n", SSL_up_ref(ssl));
    SSL_free(ssl);
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN);
    printf("after one free: server=%d shutdown=%d ctx==ctx %d\n",
           SSL_is_server(ssl), SSL_get_shutdown(ssl), SSL_get_SSL_CTX(ssl) == ctx);
    for (i = 0; i < 2; i++)
        printf("up_ref[%d]=%d\n", i, SSL_up_ref(ssl));
    SSL_free(ssl);
    SSL_free(ssl);
    printf("after two more frees: shutdown=%d\n", SSL_get_shutdown(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_shutdown(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    int m, r;

    printf("== shutdown flags\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    printf("SENT=%d RECEIVED=%d initial=%d\n", SSL_SENT_SHUTDOWN,
           SSL_RECEIVED_SHUTDOWN, SSL_get_shutdown(ssl));
    for (m = 0; m <= 3; m++) {
        SSL_set_shutdown(ssl, m);
        printf("set_shutdown(%d) get=%d\n", m, SSL_get_shutdown(ssl));
    }
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_set_connect_state(ssl);
    printf("after set_connect_state shutdown=%d\n", SSL_get_shutdown(ssl));
    SSL_set_shutdown(ssl, SSL_RECEIVED_SHUTDOWN);
    SSL_set_accept_state(ssl);
    printf("after set_accept_state shutdown=%d\n", SSL_get_shutdown(ssl));
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN);
    r = SSL_clear(ssl);
    printf("SSL_clear ret=%d shutdown=%d\n", r, SSL_get_shutdown(ssl));
    print_errors("shutdown");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_default_timeout(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;

    printf("== SSL_get_default_timeout\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    printf("ctx set_timeout prev=%ld\n", SSL_CTX_set_timeout(ctx, 100));
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    printf("default_timeout with ctx timeout 100: %ld\n",
           SSL_get_default_timeout(ssl));
    printf("ctx set_timeout prev=%ld\n", SSL_CTX_set_timeout(ctx, -3));
    printf("default_timeout with ctx timeout -3: %ld\n",
           SSL_get_default_timeout(ssl));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_sid_ctx(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    SSL *ssl;
    unsigned char buf[40];
    static const unsigned int lens[] = { 0, 1, 32, 33, 40 };
    size_t i;
    int r;

    printf("== SSL_set_session_id_context\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");
    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(0x10 + i);
    ERR_clear_error();
    for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
        char label[64];

        r = SSL_set_session_id_context(ssl, buf, lens[i]);
        sprintf(label, "ssl sid_ctx len=%u", lens[i]);
        printf("%s ret=%d\n", label, r);
        print_errors(label);
    }
    r = SSL_set_session_id_context(ssl, NULL, 0);
    printf("ssl sid_ctx NULL,0 ret=%d\n", r);
    print_errors("ssl sid_ctx NULL,0");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

static void test_clear(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl;
    SSL_SESSION *sess;
    int r;

    printf("== SSL_clear\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");

    ERR_clear_error();
    r = SSL_clear(ssl);
    printf("clear fresh ret=%d session_null=%d\n", r, SSL_get_session(ssl) == NULL);
    print_state("after clear fresh", ssl);

    sess = SSL_SESSION_new();
    FATAL_IF(sess == NULL, "SSL_SESSION_new");
    printf("set_time ret=%ld\n", SSL_SESSION_set_time(sess, 1000));
    printf("set_timeout ret=%ld\n", SSL_SESSION_set_timeout(sess, 50));
    printf("set_session ret=%d\n", SSL_set_session(ssl, sess));
    SSL_SESSION_free(sess); /* the SSL holds the remaining reference */
    SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
    SSL_set_accept_state(ssl);
    SSL_set_shutdown(ssl, SSL_RECEIVED_SHUTDOWN);

    r = SSL_clear(ssl);
    printf("clear ret=%d\n", r);
    printf("after clear: session same pointer=%d\n", SSL_get_session(ssl) == sess);
    printf("after clear: session time=%ld timeout=%ld\n",
           SSL_SESSION_get_time(SSL_get_session(ssl)),
           SSL_SESSION_get_timeout(SSL_get_session(ssl)));
    printf("after clear: ctx==ctx %d default_timeout=%ld\n",
           SSL_get_SSL_CTX(ssl) == ctx, SSL_get_default_timeout(ssl));
    print_state("after clear", ssl);

    r = SSL_clear(ssl);
    printf("second clear ret=%d session same pointer=%d\n", r,
           SSL_get_session(ssl) == sess);
    print_errors("clear");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    ERR_clear_error();
    test_new_per_method();
    test_ctx_kept_alive();
    test_ssl_up_ref();
    test_shutdown();
    test_default_timeout();
    test_sid_ctx();
    test_clear();
    printf("done\n");
    return 0;
}
