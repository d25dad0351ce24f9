/*
 * certs_security_level_owner.c - the certificate, key and temporary DH checks
 * follow the security level of the context or connection they are made for
 * (SSL_CTX_set_security_level / SSL_set_security_level), as OpenSSL's
 * ssl_security_cert and SSL_SECOP_TMP_DH do: sessl applied level 2's 112 bits
 * whatever the level (found by the sequence tester, tests-c/difffuzz).
 * Twice-built.
 */
#include "certs_util.h"

static void errs(const char *label)
{
    unsigned long e;
    const char *func;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("%s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
}

/* print_errors (api_util.h) leaves out the function name */
static void (*const unused_print_errors)(const char *) = print_errors;

int main(void)
{
    static const int levels[] = {-1, 0, 1, 2, 3, 4, 5, 6};
    X509 *weak = read_cert(FIX("weak.pem")), *rsa = read_cert(FIX("rsa.pem")), *ec = read_cert(FIX("ec.pem"));
    EVP_PKEY *weak_key = read_key(FIX("weak.key")), *rsa_key = read_key(FIX("rsa.key"));
    EVP_PKEY *ec_key = read_key(FIX("ec.key"));
    size_t i;

    (void)unused_print_errors;
    for (i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *ssl;
        int lv = levels[i];
        char l[64];

        SSL_CTX_set_security_level(ctx, lv);
        ssl = SSL_new(ctx);
        /* the connection's own level differs from its context's */
        SSL_set_security_level(ssl, lv >= 3 ? 0 : 4);
        snprintf(l, sizeof l, "level %d", lv);
        printf("%s: ctx use weak = %d\n", l, SSL_CTX_use_certificate(ctx, weak));
        errs(l);
        printf("%s: ctx use rsa = %d\n", l, SSL_CTX_use_certificate(ctx, rsa));
        errs(l);
        printf("%s: ctx use ec = %d\n", l, SSL_CTX_use_certificate(ctx, ec));
        errs(l);
        printf("%s: ctx chain file weak = %d\n", l, SSL_CTX_use_certificate_chain_file(ctx, FIX("weak.pem")));
        errs(l);
        printf("%s: ctx chain file rsa_weak_chain = %d\n", l,
               SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_weak_chain.pem")));
        errs(l);
        printf("%s: ctx cert_and_key weak = %d\n", l, SSL_CTX_use_cert_and_key(ctx, weak, weak_key, NULL, 1));
        errs(l);
        EVP_PKEY_up_ref(rsa_key);
        if (SSL_CTX_set0_tmp_dh_pkey(ctx, rsa_key) != 1) {
            printf("%s: ctx tmp dh rsa refused\n", l);
            EVP_PKEY_free(rsa_key);
        }
        errs(l);
        EVP_PKEY_up_ref(weak_key);
        if (SSL_CTX_set0_tmp_dh_pkey(ctx, weak_key) != 1) {
            printf("%s: ctx tmp dh weak refused\n", l);
            EVP_PKEY_free(weak_key);
        }
        errs(l);
        printf("%s: ssl (level %d) use weak = %d\n", l, SSL_get_security_level(ssl), SSL_use_certificate(ssl, weak));
        errs(l);
        printf("%s: ssl use rsa = %d\n", l, SSL_use_certificate(ssl, rsa));
        errs(l);
        printf("%s: ssl chain file weak = %d\n", l, SSL_use_certificate_chain_file(ssl, FIX("weak.pem")));
        errs(l);
        printf("%s: ssl cert_and_key weak = %d\n", l, SSL_use_cert_and_key(ssl, weak, weak_key, NULL, 1));
        errs(l);
        EVP_PKEY_up_ref(ec_key);
        if (SSL_set0_tmp_dh_pkey(ssl, ec_key) != 1) {
            printf("%s: ssl tmp dh ec refused\n", l);
            EVP_PKEY_free(ec_key);
        }
        errs(l);
        EVP_PKEY_up_ref(weak_key);
        if (SSL_set0_tmp_dh_pkey(ssl, weak_key) != 1) {
            printf("%s: ssl tmp dh weak refused\n", l);
            EVP_PKEY_free(weak_key);
        }
        errs(l);
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }
    X509_free(weak);
    X509_free(rsa);
    X509_free(ec);
    EVP_PKEY_free(weak_key);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(ec_key);
    return 0;
}
