/*
 * security_srp_method_state.c - the other places where OpenSSL makes a
 * connection's method state anew and so sets up its SRP state again from
 * its context (dropping SSL_set_srp_server_param's numbers and info):
 * SSL_stateless and DTLSv1_listen (through SSL_clear, when the connection's
 * method is not its context's), and SSL_copy_session_id when the source's
 * method is another than the target's context's (or the target's method was
 * of another version). The getters SSL_get_srp_username / userinfo / g / N
 * and SRP_Calc_A_param (0 without N and g) show it. sessl kept the old state
 * there (found by the sequence tester, tests-c/difffuzz). Twice-built.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/srp.h>
#include <openssl/err.h>

static void set_param(SSL *s)
{
    BIGNUM *n = BN_new(), *g = BN_new(), *sa = BN_new(), *v = BN_new();

    BN_set_word(n, 101);
    BN_set_word(g, 2);
    BN_set_word(sa, 5);
    BN_set_word(v, 7);
    printf("SSL_set_srp_server_param = %d\n", SSL_set_srp_server_param(s, n, g, sa, v, (char *)"own info"));
    BN_free(n);
    BN_free(g);
    BN_free(sa);
    BN_free(v);
}

static void show(const char *label, SSL *s)
{
    const char *u = SSL_get_srp_username(s), *i = SSL_get_srp_userinfo(s);

    printf("%s: username %s, userinfo %s, g %s, N %s", label, u ? u : "NULL", i ? i : "NULL",
           SSL_get_srp_g(s) ? "set" : "NULL", SSL_get_srp_N(s) ? "set" : "NULL");
    printf(", SRP_Calc_A_param = %d\n", SRP_Calc_A_param(s));
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *dctx = SSL_CTX_new(DTLS_method());
    SSL *s = SSL_new(ctx), *t = SSL_new(ctx), *f = SSL_new(ctx), *same = SSL_new(ctx), *d;
    BIO_ADDR *addr = BIO_ADDR_new();

    SSL_CTX_set_srp_username(ctx, (char *)"ctx user");
    SSL_CTX_set_srp_password(ctx, (char *)"ctx password");
    SSL_CTX_set_srp_username(dctx, (char *)"dtls user");

    /* TLS_server_method is of TLS_method's version: no new state there */
    SSL_set_ssl_method(s, TLS_server_method());
    set_param(s);
    show("before SSL_stateless", s);
    printf("SSL_stateless = %d\n", SSL_stateless(s));
    ERR_clear_error();
    show("after SSL_stateless (another method than the context's)", s);
    set_param(s);
    printf("SSL_stateless = %d\n", SSL_stateless(s));
    ERR_clear_error();
    show("after SSL_stateless (the context's method)", s);

    SSL_set_ssl_method(f, TLS_server_method());
    set_param(t);
    printf("SSL_copy_session_id from TLS_server_method = %d\n", SSL_copy_session_id(t, f));
    show("target", t);
    set_param(t);
    printf("SSL_copy_session_id from TLS_method = %d\n", SSL_copy_session_id(t, same));
    show("target", t);
    SSL_set_ssl_method(t, TLSv1_2_method());
    set_param(t);
    printf("SSL_copy_session_id of a TLSv1_2_method target from TLS_method = %d\n", SSL_copy_session_id(t, same));
    show("target", t);
    set_param(t);
    printf("SSL_copy_session_id to itself = %d\n", SSL_copy_session_id(t, t));
    show("target", t);

    d = SSL_new(dctx);
    SSL_set_ssl_method(d, DTLS_server_method());
    set_param(d);
    show("before DTLSv1_listen", d);
    printf("DTLSv1_listen = %d\n", DTLSv1_listen(d, addr));
    ERR_clear_error();
    show("after DTLSv1_listen", d);

    BIO_ADDR_free(addr);
    SSL_free(d);
    SSL_free(same);
    SSL_free(f);
    SSL_free(t);
    SSL_free(s);
    SSL_CTX_free(dctx);
    SSL_CTX_free(ctx);
    return 0;
}
