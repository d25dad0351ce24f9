/*
 * certs_ct_status_type.c - a CT validation callback set on a connection
 * (SSL_set_ct_validation_callback, SSL_enable_ct, and SSL_new taking its
 * context's callback) also asks for a stapled OCSP response, as in OpenSSL:
 * the connection's status type (SSL_get_tlsext_status_type,
 * SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE) becomes TLSEXT_STATUSTYPE_ocsp and
 * stays so when the callback is removed; the context's own setter leaves the
 * context's status type alone; a refused callback changes nothing. sessl kept
 * the status type apart (found by the sequence tester, tests-c/difffuzz).
 * Twice-built.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static int ct_cb(const CT_POLICY_EVAL_CTX *c, const STACK_OF(SCT) *scts, void *arg)
{
    (void)c, (void)scts, (void)arg;
    return 1;
}

static int old_add(SSL *s, unsigned int t, const unsigned char **out, size_t *outlen, int *al, void *arg)
{
    (void)s, (void)t, (void)out, (void)outlen, (void)al, (void)arg;
    return 0;
}

static void show(const char *what, int r, SSL *s)
{
    printf("%s = %d: status type %ld, ctrl %ld\n", what, r, SSL_get_tlsext_status_type(s),
           SSL_ctrl(s, SSL_CTRL_GET_TLSEXT_STATUS_REQ_TYPE, 0, NULL));
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *ext = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx), *n, *d, *t;
    int r;

    show("new", 1, s);
    r = SSL_set_ct_validation_callback(s, ct_cb, NULL);
    show("SSL_set_ct_validation_callback fn", r, s);
    SSL_set_tlsext_status_type(s, 5);
    r = SSL_set_ct_validation_callback(s, NULL, NULL);
    show("type 5, then callback NULL", r, s);
    r = SSL_enable_ct(s, SSL_CT_VALIDATION_STRICT);
    show("SSL_enable_ct strict", r, s);
    SSL_set_tlsext_status_type(s, 5);
    r = SSL_enable_ct(s, 7);
    show("type 5, then SSL_enable_ct 7", r, s);
    print_errors("bad mode");
    r = SSL_clear(s);
    show("SSL_clear", r, s);

    r = SSL_CTX_set_ct_validation_callback(ctx, ct_cb, NULL);
    printf("SSL_CTX_set_ct_validation_callback = %d: ctx status type %ld\n", r, SSL_CTX_get_tlsext_status_type(ctx));
    n = SSL_new(ctx);
    show("SSL_new of a context validating CT", 1, n);
    SSL_set_tlsext_status_type(n, -1);
    d = SSL_dup(n);
    show("SSL_dup", 1, d);
    SSL_CTX_set_tlsext_status_type(ctx, 7);
    r = SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_PERMISSIVE);
    printf("type 7, then SSL_CTX_enable_ct = %d: ctx status type %ld\n", r, SSL_CTX_get_tlsext_status_type(ctx));
    r = SSL_CTX_set_ct_validation_callback(ctx, NULL, NULL);
    printf("SSL_CTX_set_ct_validation_callback NULL = %d: ctx status type %ld\n", r,
           SSL_CTX_get_tlsext_status_type(ctx));

    /* refused: the context has a client extension for SCTs */
    printf("add_client_custom_ext 18 = %d\n", SSL_CTX_add_client_custom_ext(ext, 18, old_add, NULL, NULL, NULL, NULL));
    t = SSL_new(ext);
    r = SSL_enable_ct(t, SSL_CT_VALIDATION_PERMISSIVE);
    show("refused SSL_enable_ct", r, t);
    print_errors("refused");
    /* a connection moved to a context validating CT keeps its own type */
    SSL_CTX_set_ct_validation_callback(ctx, ct_cb, NULL);
    SSL_set_SSL_CTX(t, ctx);
    show("SSL_set_SSL_CTX to a context validating CT", 1, t);
    SSL_free(t);
    SSL_free(d);
    SSL_free(n);
    SSL_free(s);
    SSL_CTX_free(ext);
    SSL_CTX_free(ctx);
    return 0;
}
