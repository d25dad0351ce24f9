/*
 * session_null.c - NULL arguments that OpenSSL 3.0 tolerates without
 * crashing (each one was run against the system OpenSSL 3.0.19).  NULL
 * arguments on which OpenSSL crashes (SSL_SESSION_up_ref(NULL),
 * SSL_get_session(NULL), ...) are deliberately absent: sessl's behaviour
 * there is a documented deviation with tests of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

static void test_free_null(void)
{
    printf("== free(NULL)\n");
    SSL_SESSION_free(NULL);
    printf("SSL_SESSION_free(NULL) ok\n");
    SSL_CTX_free(NULL);
    printf("SSL_CTX_free(NULL) ok\n");
    SSL_free(NULL);
    printf("SSL_free(NULL) ok\n");
    print_errors("free(NULL)");
}

static void test_null_session_time(void)
{
    printf("== NULL session time/timeout\n");
    printf("SSL_SESSION_get_time(NULL)=%ld\n", SSL_SESSION_get_time(NULL));
    printf("SSL_SESSION_get_timeout(NULL)=%ld\n", SSL_SESSION_get_timeout(NULL));
    printf("SSL_SESSION_set_time(NULL,5)=%ld\n", SSL_SESSION_set_time(NULL, 5));
    printf("SSL_SESSION_set_time(NULL,0)=%ld\n", SSL_SESSION_set_time(NULL, 0));
    printf("SSL_SESSION_set_timeout(NULL,5)=%ld\n", SSL_SESSION_set_timeout(NULL, 5));
    printf("SSL_SESSION_set_timeout(NULL,-1)=%ld\n", SSL_SESSION_set_timeout(NULL, -1));
    printf("SSL_get_time(NULL)=%ld\n", SSL_get_time(NULL));
    printf("SSL_set_time(NULL,7)=%ld\n", SSL_set_time(NULL, 7));
    printf("SSL_get_timeout(NULL)=%ld\n", SSL_get_timeout(NULL));
    printf("SSL_set_timeout(NULL,7)=%ld\n", SSL_set_timeout(NULL, 7));
    print_errors("NULL session time");
}

static void test_null_ctx(void)
{
    SSL_CTX *ctx;
    SSL *ssl;

    printf("== NULL context / method\n");
    printf("SSL_CTX_get_timeout(NULL)=%ld\n", SSL_CTX_get_timeout(NULL));
    printf("SSL_CTX_set_timeout(NULL,5)=%ld\n", SSL_CTX_set_timeout(NULL, 5));
    print_errors("ctx timeout NULL");

    ctx = SSL_CTX_new(NULL);
    printf("SSL_CTX_new(NULL) null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new(NULL)");
    ctx = SSL_CTX_new_ex(NULL, NULL, NULL);
    printf("SSL_CTX_new_ex(NULL,NULL,NULL) null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new_ex(NULL,NULL,NULL)");
    ctx = SSL_CTX_new_ex(NULL, "provider=default", NULL);
    printf("SSL_CTX_new_ex(NULL,propq,NULL) null=%d\n", ctx == NULL);
    print_errors("SSL_CTX_new_ex(NULL,propq,NULL)");

    ssl = SSL_new(NULL);
    printf("SSL_new(NULL) null=%d\n", ssl == NULL);
    print_errors("SSL_new(NULL)");
}

static void test_null_out_params(void)
{
    SSL_SESSION *s = SSL_SESSION_new();
    const unsigned char *p;
    const unsigned char id[3] = { 0xaa, 0xbb, 0xcc };
    size_t len = 99;

    printf("== NULL out-parameters\n");
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s, id, 3) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set1_id_context(s, id, 2) != 1, "set1_id_context");
    FATAL_IF(SSL_SESSION_set1_master_key(s, id, 3) != 1, "set1_master_key");

    p = SSL_SESSION_get_id(s, NULL);
    printf("get_id(s,NULL) non_null=%d first=%02x\n", p != NULL, p ? p[0] : 0);
    p = SSL_SESSION_get0_id_context(s, NULL);
    printf("get0_id_context(s,NULL) non_null=%d first=%02x\n", p != NULL, p ? p[0] : 0);
    SSL_SESSION_get0_ticket(s, NULL, &len);
    printf("get0_ticket(s,NULL,&len) len=%lu\n", (unsigned long)len);
    printf("get_master_key(s,NULL,0)=%lu\n",
           (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0));
    print_errors("out params");
    SSL_SESSION_free(s);
}

static void test_null_data(void)
{
    SSL_SESSION *s = SSL_SESSION_new();
    const unsigned char d[4] = { 1, 2, 3, 4 };
    const unsigned char *p = NULL;
    void *vp = NULL;
    unsigned int ulen = 99;
    size_t len = 99;

    printf("== NULL data pointers in setters\n");
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s, d, 4) != 1, "set1_id");
    FATAL_IF(SSL_SESSION_set1_id_context(s, d, 4) != 1, "set1_id_context");
    FATAL_IF(SSL_SESSION_set1_hostname(s, "h.example") != 1, "set1_hostname");
    FATAL_IF(SSL_SESSION_set1_alpn_selected(s, d, 4) != 1, "alpn");
    FATAL_IF(SSL_SESSION_set1_ticket_appdata(s, d, 4) != 1, "appdata");
    FATAL_IF(SSL_SESSION_set1_master_key(s, d, 4) != 1, "set1_master_key");

    printf("set1_id(NULL,0)=%d\n", SSL_SESSION_set1_id(s, NULL, 0));
    SSL_SESSION_get_id(s, &ulen);
    printf("id_len=%u resumable=%d\n", ulen, SSL_SESSION_is_resumable(s));
    printf("set1_id(NULL,33)=%d\n", SSL_SESSION_set1_id(s, NULL, 33));
    print_errors("set1_id(NULL,33)");

    printf("set1_id_context(NULL,0)=%d\n", SSL_SESSION_set1_id_context(s, NULL, 0));
    SSL_SESSION_get0_id_context(s, &ulen);
    printf("sid_ctx_len=%u\n", ulen);
    printf("set1_id_context(NULL,33)=%d\n", SSL_SESSION_set1_id_context(s, NULL, 33));
    print_errors("set1_id_context(NULL,33)");

    printf("set1_hostname(NULL)=%d\n", SSL_SESSION_set1_hostname(s, NULL));
    printf("hostname null=%d\n", SSL_SESSION_get0_hostname(s) == NULL);

    printf("set1_alpn_selected(NULL,0)=%d\n", SSL_SESSION_set1_alpn_selected(s, NULL, 0));
    SSL_SESSION_get0_alpn_selected(s, &p, &len);
    printf("alpn null=%d len=%lu\n", p == NULL, (unsigned long)len);
    FATAL_IF(SSL_SESSION_set1_alpn_selected(s, d, 4) != 1, "alpn");
    printf("set1_alpn_selected(NULL,4)=%d\n", SSL_SESSION_set1_alpn_selected(s, NULL, 4));
    SSL_SESSION_get0_alpn_selected(s, &p, &len);
    printf("alpn null=%d len=%lu\n", p == NULL, (unsigned long)len);

    printf("set1_ticket_appdata(NULL,0)=%d\n", SSL_SESSION_set1_ticket_appdata(s, NULL, 0));
    printf("get0_ticket_appdata=%d", SSL_SESSION_get0_ticket_appdata(s, &vp, &len));
    printf(" null=%d len=%lu\n", vp == NULL, (unsigned long)len);
    FATAL_IF(SSL_SESSION_set1_ticket_appdata(s, d, 4) != 1, "appdata");
    printf("set1_ticket_appdata(NULL,4)=%d\n", SSL_SESSION_set1_ticket_appdata(s, NULL, 4));
    printf("get0_ticket_appdata=%d", SSL_SESSION_get0_ticket_appdata(s, &vp, &len));
    printf(" null=%d len=%lu\n", vp == NULL, (unsigned long)len);

    printf("set1_master_key(NULL,513)=%d\n", SSL_SESSION_set1_master_key(s, NULL, 513));
    printf("master_key_len=%lu\n", (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0));
    print_errors("null data");
    SSL_SESSION_free(s);
}

static void test_null_on_ssl(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    SSL_SESSION *s;

    printf("== NULL session / sid ctx on SSL and SSL_CTX\n");
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    ssl = SSL_new(ctx);
    FATAL_IF(ssl == NULL, "SSL_new");

    printf("SSL_set_session(fresh,NULL)=%d\n", SSL_set_session(ssl, NULL));
    printf("session null=%d\n", SSL_get_session(ssl) == NULL);
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    printf("SSL_set_session(s)=%d\n", SSL_set_session(ssl, s));
    SSL_SESSION_free(s);
    printf("SSL_set_session(NULL)=%d\n", SSL_set_session(ssl, NULL));
    printf("session null=%d\n", SSL_get_session(ssl) == NULL);

    printf("SSL_CTX_set_session_id_context(ctx,NULL,0)=%d\n",
           SSL_CTX_set_session_id_context(ctx, NULL, 0));
    printf("SSL_CTX_set_session_id_context(ctx,NULL,33)=%d\n",
           SSL_CTX_set_session_id_context(ctx, NULL, 33));
    print_errors("ctx sid_ctx NULL");
    printf("SSL_set_session_id_context(ssl,NULL,0)=%d\n",
           SSL_set_session_id_context(ssl, NULL, 0));
    printf("SSL_set_session_id_context(ssl,NULL,33)=%d\n",
           SSL_set_session_id_context(ssl, NULL, 33));
    print_errors("ssl sid_ctx NULL");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    ERR_clear_error();
    test_free_null();
    test_null_session_time();
    test_null_ctx();
    test_null_out_params();
    test_null_data();
    test_null_on_ssl();
    printf("done\n");
    return 0;
}
