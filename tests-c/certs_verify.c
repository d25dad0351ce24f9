/*
 * certs_verify.c - verification settings of a context and a connection:
 * verify mode, depth and callback (and what SSL_new copies of them), the
 * verify result, the context's X509_STORE (its replacement, set0 vs set1
 * ownership, loading CA files and directories, default paths), the
 * X509_VERIFY_PARAM (set1, purpose, trust, hosts, host flags, peername),
 * the certificate callbacks' setters and getters, the X509_STORE_CTX ex_data
 * index, and the peer getters of a connection that has not handshaken.
 */
#include "certs_util.h"
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

static int verify_a(int ok, X509_STORE_CTX *c)
{
    (void)c;
    return ok;
}

static int verify_b(int ok, X509_STORE_CTX *c)
{
    (void)c;
    return !ok;
}

static int client_cert_cb(SSL *s, X509 **x, EVP_PKEY **k)
{
    (void)s;
    (void)x;
    (void)k;
    return 0;
}

static int cert_cb(SSL *s, void *arg)
{
    (void)s;
    (void)arg;
    return 1;
}

static int cert_verify_cb(X509_STORE_CTX *c, void *arg)
{
    (void)c;
    (void)arg;
    return 1;
}

static const char *cb_name(SSL_verify_cb cb)
{
    return cb == NULL ? "NULL" : cb == verify_a ? "a" : cb == verify_b ? "b" : "?";
}

static int store_count(X509_STORE *st)
{
    return st == NULL ? -1 : sk_X509_OBJECT_num(X509_STORE_get0_objects(st));
}

/* The param's host names and IP address. */
static void show_hosts(SSL *ssl)
{
    X509_VERIFY_PARAM *p = SSL_get0_param(ssl);
    char *ip = X509_VERIFY_PARAM_get1_ip_asc(p);
    const char *h0 = X509_VERIFY_PARAM_get0_host(p, 0);
    const char *h1 = X509_VERIFY_PARAM_get0_host(p, 1);

    printf("  hosts: %s %s ip: %s\n", h0 ? h0 : "-", h1 ? h1 : "-", ip ? ip : "-");
    OPENSSL_free(ip);
    ERR_clear_error(); /* get1_ip_asc without an address queues an error */
}

static void test_verify_settings(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl, *ssl2;

    printf("ctx: mode=%d depth=%d cb=%s\n", SSL_CTX_get_verify_mode(ctx),
           SSL_CTX_get_verify_depth(ctx), cb_name(SSL_CTX_get_verify_callback(ctx)));
    ssl = SSL_new(ctx);
    printf("ssl: mode=%d depth=%d cb=%s result=%ld\n", SSL_get_verify_mode(ssl),
           SSL_get_verify_depth(ssl), cb_name(SSL_get_verify_callback(ssl)),
           SSL_get_verify_result(ssl));

    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_a);
    SSL_CTX_set_verify_depth(ctx, 5);
    printf("ctx: mode=%d depth=%d cb=%s\n", SSL_CTX_get_verify_mode(ctx),
           SSL_CTX_get_verify_depth(ctx), cb_name(SSL_CTX_get_verify_callback(ctx)));
    printf("old ssl: mode=%d depth=%d cb=%s\n", SSL_get_verify_mode(ssl),
           SSL_get_verify_depth(ssl), cb_name(SSL_get_verify_callback(ssl)));
    ssl2 = SSL_new(ctx);
    printf("new ssl: mode=%d depth=%d cb=%s\n", SSL_get_verify_mode(ssl2),
           SSL_get_verify_depth(ssl2), cb_name(SSL_get_verify_callback(ssl2)));

    /* SSL_set_verify with a NULL callback keeps the callback; the context's
     * setter replaces it with NULL */
    SSL_set_verify(ssl2, SSL_VERIFY_NONE, NULL);
    printf("ssl2 set_verify(NONE, NULL): mode=%d cb=%s\n", SSL_get_verify_mode(ssl2),
           cb_name(SSL_get_verify_callback(ssl2)));
    SSL_set_verify(ssl2, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE, verify_b);
    SSL_set_verify_depth(ssl2, 2);
    printf("ssl2: mode=%d depth=%d cb=%s\n", SSL_get_verify_mode(ssl2),
           SSL_get_verify_depth(ssl2), cb_name(SSL_get_verify_callback(ssl2)));
    printf("ctx unchanged: mode=%d depth=%d cb=%s\n", SSL_CTX_get_verify_mode(ctx),
           SSL_CTX_get_verify_depth(ctx), cb_name(SSL_CTX_get_verify_callback(ctx)));
    SSL_CTX_set_verify(ctx, SSL_VERIFY_POST_HANDSHAKE, NULL);
    printf("ctx set_verify(POST_HANDSHAKE, NULL): mode=%d cb=%s\n", SSL_CTX_get_verify_mode(ctx),
           cb_name(SSL_CTX_get_verify_callback(ctx)));
    SSL_CTX_set_verify_depth(ctx, -7);
    printf("ctx depth -7: %d\n", SSL_CTX_get_verify_depth(ctx));

    SSL_set_verify_result(ssl2, X509_V_ERR_CERT_HAS_EXPIRED);
    printf("result: ssl2=%ld ssl=%ld\n", SSL_get_verify_result(ssl2), SSL_get_verify_result(ssl));
    SSL_set_verify_result(ssl2, -12345);
    printf("result: ssl2=%ld\n", SSL_get_verify_result(ssl2));

    /* the param: SSL_new inherits the context's, later changes stay apart */
    printf("param ctx!=ssl: %d\n", (void *)SSL_CTX_get0_param(ctx) != (void *)SSL_get0_param(ssl2));
    printf("ctx purpose ok=%d bad=%d\n", SSL_CTX_set_purpose(ctx, X509_PURPOSE_SSL_CLIENT),
           SSL_CTX_set_purpose(ctx, 9999));
    print_errors("purpose");
    printf("ctx trust ok=%d bad=%d\n", SSL_CTX_set_trust(ctx, X509_TRUST_SSL_CLIENT),
           SSL_CTX_set_trust(ctx, 9999));
    print_errors("trust");
    printf("ssl purpose=%d trust=%d\n", SSL_set_purpose(ssl2, X509_PURPOSE_SSL_SERVER),
           SSL_set_trust(ssl2, X509_TRUST_SSL_SERVER));

    SSL_free(ssl);
    ssl = SSL_new(ctx);
    printf("new ssl: depth=%d mode=%d cb=%s\n", SSL_get_verify_depth(ssl), SSL_get_verify_mode(ssl),
           cb_name(SSL_get_verify_callback(ssl)));

    {
        X509_VERIFY_PARAM *vpm = X509_VERIFY_PARAM_new();
        X509_VERIFY_PARAM_set_depth(vpm, 11);
        X509_VERIFY_PARAM_set_flags(vpm, X509_V_FLAG_PARTIAL_CHAIN);
        printf("set1_param ctx=%d ssl=%d\n", SSL_CTX_set1_param(ctx, vpm), SSL_set1_param(ssl, vpm));
        X509_VERIFY_PARAM_set_depth(vpm, 12);
        printf("after set1: ctx depth=%d flags=%lx ssl depth=%d (param copied, not kept)\n",
               SSL_CTX_get_verify_depth(ctx),
               (unsigned long)X509_VERIFY_PARAM_get_flags(SSL_CTX_get0_param(ctx)),
               SSL_get_verify_depth(ssl));
        X509_VERIFY_PARAM_free(vpm);
    }

    /* hosts; an address given as a host name is the address to check */
    printf("peername=%s\n", SSL_get0_peername(ssl) == NULL ? "(null)" : SSL_get0_peername(ssl));
    printf("set1_host=%d\n", SSL_set1_host(ssl, "server.example"));
    show_hosts(ssl);
    printf("add1_host=%d\n", SSL_add1_host(ssl, "other.example"));
    show_hosts(ssl);
    printf("set1_host(NULL)=%d\n", SSL_set1_host(ssl, NULL));
    show_hosts(ssl);
    printf("set1_host=%d\n", SSL_set1_host(ssl, "a.example"));
    printf("set1_host(ip)=%d\n", SSL_set1_host(ssl, "192.0.2.7"));
    show_hosts(ssl);
    printf("add1_host(second ip)=%d\n", SSL_add1_host(ssl, "192.0.2.8"));
    show_hosts(ssl);
    printf("set1_host(other ip)=%d\n", SSL_set1_host(ssl, "2001:db8::1"));
    show_hosts(ssl);
    printf("set1_host(name)=%d\n", SSL_set1_host(ssl, "b.example"));
    show_hosts(ssl);
    printf("add1_host(NULL)=%d\n", SSL_add1_host(ssl, NULL));
    show_hosts(ssl);
    SSL_free(ssl);
    ssl = SSL_new(ctx);
    printf("fresh add1_host(ip)=%d\n", SSL_add1_host(ssl, "192.0.2.9"));
    printf("add1_host(name)=%d\n", SSL_add1_host(ssl, "c.example"));
    show_hosts(ssl);
    SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    printf("hostflags=%u\n", X509_VERIFY_PARAM_get_hostflags(SSL_get0_param(ssl)));
    print_errors("hosts");

    SSL_free(ssl);
    SSL_free(ssl2);
    SSL_CTX_free(ctx);
}

static void test_store(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509_STORE *st, *mine;

    st = SSL_CTX_get_cert_store(ctx);
    printf("store non-NULL=%d same again=%d count=%d\n", st != NULL, st == SSL_CTX_get_cert_store(ctx),
           store_count(st));
    printf("load file=%d\n", SSL_CTX_load_verify_file(ctx, FIX("cas.pem")));
    printf("  count=%d\n", store_count(st));
    printf("load file again=%d\n", SSL_CTX_load_verify_file(ctx, FIX("cas.pem")));
    printf("  count=%d\n", store_count(st));
    print_errors("load again");
    printf("load missing=%d\n", SSL_CTX_load_verify_file(ctx, FIX("nope.pem")));
    print_errors("load missing");
    printf("load locations(NULL, NULL)=%d\n", SSL_CTX_load_verify_locations(ctx, NULL, NULL));
    print_errors("locations NULL");
    printf("load locations(file, NULL)=%d\n", SSL_CTX_load_verify_locations(ctx, FIX("rsa.pem"), NULL));
    printf("  count=%d\n", store_count(st));
    printf("load locations(missing, dir)=%d\n",
           SSL_CTX_load_verify_locations(ctx, FIX("nope.pem"), "tests-c/fixtures/certs"));
    print_errors("locations missing");
    printf("load dir=%d\n", SSL_CTX_load_verify_dir(ctx, "tests-c/fixtures/certs"));
    printf("  count=%d\n", store_count(st));
    print_errors("load dir");
    printf("load locations(NULL, dir)=%d\n", SSL_CTX_load_verify_locations(ctx, NULL, "/nonexistent-dir"));
    print_errors("locations dir");
    printf("load store=%d\n", SSL_CTX_load_verify_store(ctx, "tests-c/fixtures/certs/ec.pem"));
    printf("  count=%d\n", store_count(st));
    print_errors("load store");
    printf("load store missing=%d\n", SSL_CTX_load_verify_store(ctx, "file:/nonexistent.pem"));
    ERR_clear_error();

    /* set takes over the reference, set1 adds one */
    mine = X509_STORE_new();
    SSL_CTX_set1_cert_store(ctx, mine);
    printf("set1: same=%d count=%d\n", SSL_CTX_get_cert_store(ctx) == mine, store_count(mine));
    X509_STORE_free(mine);
    printf("still there=%d count=%d\n", SSL_CTX_get_cert_store(ctx) == mine,
           store_count(SSL_CTX_get_cert_store(ctx)));
    SSL_CTX_set_cert_store(ctx, NULL);
    printf("set NULL: store NULL=%d\n", SSL_CTX_get_cert_store(ctx) == NULL);
    mine = X509_STORE_new();
    SSL_CTX_set_cert_store(ctx, mine);
    printf("set: same=%d\n", SSL_CTX_get_cert_store(ctx) == mine);
    printf("default paths=%d dir=%d file=%d store=%d\n", SSL_CTX_set_default_verify_paths(ctx),
           SSL_CTX_set_default_verify_dir(ctx), SSL_CTX_set_default_verify_file(ctx),
           SSL_CTX_set_default_verify_store(ctx));
    print_errors("defaults");
    SSL_CTX_free(ctx);
}

static void test_callbacks_and_peer(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    int idx1, idx2;

    printf("client_cert_cb NULL=%d\n", SSL_CTX_get_client_cert_cb(ctx) == NULL);
    SSL_CTX_set_client_cert_cb(ctx, client_cert_cb);
    printf("client_cert_cb set=%d\n", SSL_CTX_get_client_cert_cb(ctx) == client_cert_cb);
    SSL_CTX_set_client_cert_cb(ctx, NULL);
    printf("client_cert_cb cleared=%d\n", SSL_CTX_get_client_cert_cb(ctx) == NULL);
    SSL_CTX_set_cert_cb(ctx, cert_cb, ctx);
    SSL_CTX_set_cert_verify_callback(ctx, cert_verify_cb, ctx);
    ssl = SSL_new(ctx);
    SSL_set_cert_cb(ssl, cert_cb, NULL);
    SSL_set_cert_cb(ssl, NULL, NULL);

    printf("client cert engine NULL=%d\n", SSL_CTX_set_client_cert_engine(ctx, NULL));
    print_errors("client cert engine NULL");

    idx1 = SSL_get_ex_data_X509_STORE_CTX_idx();
    idx2 = SSL_get_ex_data_X509_STORE_CTX_idx();
    printf("store ctx idx=%d again=%d\n", idx1, idx2);

    printf("peer: get0=%d get1=%d chain=%d verified=%d\n", SSL_get0_peer_certificate(ssl) == NULL,
           SSL_get1_peer_certificate(ssl) == NULL, SSL_get_peer_cert_chain(ssl) == NULL,
           SSL_get0_verified_chain(ssl) == NULL);
    print_errors("peer");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    test_verify_settings();
    test_store();
    test_callbacks_and_peer();
    return 0;
}
