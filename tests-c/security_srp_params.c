/*
 * security_srp_params.c - the SRP server parameters (deprecated 3.0 API):
 * SSL_set_srp_server_param_pw sets N and g from a known group (by id; NULL
 * for the default) and computes a salt and verifier, -1 for an unknown group
 * or a missing user or password; SSL_srp_server_param_with_username calls
 * the context's username callback (its result and alert returned), then
 * needs N, g, s and v: 0, or SSL3_AL_FATAL with the internal_error alert.
 * SSL_test_functions returns the same non-NULL table every time.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/srp.h>
#include <openssl/bn.h>
#include <openssl/err.h>

static int cb_result, cb_calls;
static void *cb_seen_arg;

static int user_cb(SSL *s, int *ad, void *arg)
{
    (void)s;
    cb_calls++;
    cb_seen_arg = arg;
    printf("  callback: ad=%d\n", *ad);
    if (cb_result != 0)
        *ad = 49; /* access_denied */
    return cb_result;
}

static void errors(void)
{
    unsigned long e;

    while ((e = ERR_get_error()) != 0)
        printf("  error lib=%d reason=%d\n", ERR_GET_LIB(e), ERR_GET_REASON(e));
}

static void show(const char *what, SSL *s)
{
    const BIGNUM *n = SSL_get_srp_N(s), *g = SSL_get_srp_g(s);
    char *user = SSL_get_srp_username(s);
    char *gs = g ? BN_bn2dec(g) : NULL;

    printf("%s: N bits %d, g %s, username %s\n", what, n ? BN_num_bits(n) : -1,
           gs ? gs : "NULL", user ? user : "NULL");
    OPENSSL_free(gs);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    int ad = -1, r;
    static const char *groups[] = { "1024", "1536", "2048", "3072", "4096", "6144", "8192", "512", "bogus", NULL };
    int i;

    show("new", s);
    ad = -1;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("with_username, nothing set: %d ad=%d\n", r, ad);
    for (i = 0; i < (int)(sizeof(groups) / sizeof(groups[0])); i++) {
        char label[64];

        r = SSL_set_srp_server_param_pw(s, "alice", "password", groups[i]);
        sprintf(label, "param_pw group %s -> %d", groups[i] ? groups[i] : "NULL", r);
        show(label, s);
        errors();
    }
    r = SSL_set_srp_server_param_pw(s, NULL, "password", "2048");
    printf("param_pw NULL user: %d\n", r);
    show("after", s);
    errors();
    ad = -1;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("with_username, no verifier: %d ad=%d\n", r, ad);
    r = SSL_set_srp_server_param_pw(s, "alice", NULL, "2048");
    printf("param_pw NULL password: %d\n", r);
    errors();
    r = SSL_set_srp_server_param_pw(s, "alice", "pw", "1536");
    printf("param_pw: %d\n", r);
    ad = -1;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("with_username, all set: %d ad=%d\n", r, ad);
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("with_username again: %d ad=%d\n", r, ad);
    errors();
    SSL_free(s);

    /* the context's username callback, copied by SSL_new */
    SSL_CTX_set_srp_username_callback(ctx, user_cb);
    SSL_CTX_set_srp_cb_arg(ctx, &cb_calls);
    s = SSL_new(ctx);
    cb_result = 0;
    ad = -1;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("callback returning 0, nothing set: %d ad=%d calls=%d arg=%d\n", r, ad, cb_calls,
           cb_seen_arg == &cb_calls);
    cb_result = SSL3_AL_FATAL;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("callback returning fatal: %d ad=%d calls=%d\n", r, ad, cb_calls);
    cb_result = 99;
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("callback returning 99: %d ad=%d calls=%d\n", r, ad, cb_calls);
    cb_result = 0;
    SSL_set_srp_server_param_pw(s, "bob", "secret", NULL);
    r = SSL_srp_server_param_with_username(s, &ad);
    printf("callback returning 0, all set: %d ad=%d calls=%d\n", r, ad, cb_calls);
    show("with default group", s);
    SSL_free(s);
    SSL_CTX_free(ctx);

    printf("test functions: %d, same again: %d\n", SSL_test_functions() != NULL,
           SSL_test_functions() == SSL_test_functions());
    return 0;
}
