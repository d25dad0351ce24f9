/*
 * certs_ct_sct_extension.c - CT validation and a custom extension for SCTs
 * (type 18, sent in the ClientHello) exclude each other, as in OpenSSL: with
 * CT enabled the custom extension is refused (0), and with such an
 * extension CT validation is refused (0,
 * SSL_R_CUSTOM_EXT_HANDLER_ALREADY_INSTALLED). sessl accepted both (found by
 * the sequence tester, tests-c/difffuzz). Twice-built.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void errs(const char *label)
{
    unsigned long e;
    const char *func;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("%s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
}

static int add_cb(SSL *s, unsigned int t, unsigned int ctx, const unsigned char **out, size_t *outlen, X509 *x,
                  size_t chainidx, int *al, void *arg)
{
    (void)s, (void)t, (void)ctx, (void)out, (void)outlen, (void)x, (void)chainidx, (void)al, (void)arg;
    return 0;
}

int main(void)
{
    SSL_CTX *ct = SSL_CTX_new(TLS_method()), *ext = SSL_CTX_new(TLS_method()), *srv = SSL_CTX_new(TLS_method());
    SSL *s;

    printf("enable_ct = %d\n", SSL_CTX_enable_ct(ct, SSL_CT_VALIDATION_PERMISSIVE));
    printf("then add_client_custom_ext 18 = %d\n", SSL_CTX_add_client_custom_ext(ct, 18, NULL, NULL, NULL, NULL, NULL));
    errs("client 18");
    printf("then add_server_custom_ext 18 = %d\n", SSL_CTX_add_server_custom_ext(ct, 18, NULL, NULL, NULL, NULL, NULL));
    errs("server 18");
    printf("then add_custom_ext 18 in the ClientHello = %d\n",
           SSL_CTX_add_custom_ext(ct, 18, SSL_EXT_CLIENT_HELLO, add_cb, NULL, NULL, NULL, NULL));
    errs("custom 18");
    printf("then add_custom_ext 18 elsewhere = %d\n",
           SSL_CTX_add_custom_ext(ct, 18, SSL_EXT_TLS1_3_CERTIFICATE, add_cb, NULL, NULL, NULL, NULL));
    errs("custom 18 elsewhere");
    printf("then add_client_custom_ext 1000 = %d\n", SSL_CTX_add_client_custom_ext(ct, 1000, NULL, NULL, NULL, NULL, NULL));
    errs("client 1000");

    printf("add_client_custom_ext 18 = %d\n", SSL_CTX_add_client_custom_ext(ext, 18, NULL, NULL, NULL, NULL, NULL));
    printf("then enable_ct = %d\n", SSL_CTX_enable_ct(ext, SSL_CT_VALIDATION_STRICT));
    errs("enable_ct");
    printf("then set_ct_validation_callback NULL = %d\n", SSL_CTX_set_ct_validation_callback(ext, NULL, NULL));
    errs("NULL callback");
    s = SSL_new(ext);
    printf("SSL_enable_ct = %d\n", SSL_enable_ct(s, SSL_CT_VALIDATION_PERMISSIVE));
    errs("SSL_enable_ct");
    printf("SSL_ct_is_enabled = %d\n", SSL_ct_is_enabled(s));
    /* the connection's current context decides */
    SSL_set_SSL_CTX(s, srv);
    printf("after SSL_set_SSL_CTX, SSL_enable_ct = %d\n", SSL_enable_ct(s, SSL_CT_VALIDATION_PERMISSIVE));
    errs("switched");
    printf("add_server_custom_ext 18 = %d\n", SSL_CTX_add_server_custom_ext(srv, 18, NULL, NULL, NULL, NULL, NULL));
    printf("then enable_ct = %d\n", SSL_CTX_enable_ct(srv, SSL_CT_VALIDATION_PERMISSIVE));
    errs("server ext");
    SSL_free(s);
    SSL_CTX_free(ct);
    SSL_CTX_free(ext);
    SSL_CTX_free(srv);
    return 0;
}
