/*
 * conf_certs.c - SSL_CONF_cmd's file commands (SSL_CONF_FLAG_CERTIFICATE):
 * Certificate/-cert, PrivateKey/-key, ServerInfoFile, the chain and verify
 * stores (ChainCAFile/Path/Store, VerifyCAFile/Path/Store), the CA name lists
 * (RequestCAFile/Path/Store, ClientCAFile/Path/Store), DHParameters/-dhparam;
 * then SSL_CONF_CTX_finish: keys loaded from the certificate files under
 * SSL_CONF_FLAG_REQUIRE_PRIVATE, the collected CA names given to the object.
 * Effects are read back through the certificate, key, store and list getters,
 * on an SSL_CTX, an SSL and no object.
 */
#include <openssl/x509.h>
#include "conf_util.h"

static const char *subject(const X509 *x)
{
    static char buf[256];

    if (x == NULL)
        return "(null)";
    X509_NAME_oneline(X509_get_subject_name(x), buf, (int)sizeof(buf));
    return buf;
}

static const char *key_desc(const EVP_PKEY *k)
{
    static char buf[64];

    if (k == NULL)
        return "(null)";
    sprintf(buf, "%s/%d", EVP_PKEY_get0_type_name(k), EVP_PKEY_get_bits(k));
    return buf;
}

static void print_names(const char *label, const STACK_OF(X509_NAME) *sk)
{
    char buf[256];
    int i;

    if (sk == NULL) {
        printf("%s: (null list)\n", label);
        return;
    }
    printf("%s: %d names\n", label, sk_X509_NAME_num(sk));
    for (i = 0; i < sk_X509_NAME_num(sk); i++) {
        X509_NAME_oneline(sk_X509_NAME_value(sk, i), buf, (int)sizeof(buf));
        printf("%s:   %s\n", label, buf);
    }
}

static void print_store(const char *label, X509_STORE *st)
{
    if (st == NULL) {
        printf("%s: no store\n", label);
        return;
    }
    printf("%s: store with %d objects\n", label, sk_X509_OBJECT_num(X509_STORE_get0_objects(st)));
}

static void show_ctx(const char *label, SSL_CTX *ctx)
{
    X509_STORE *st = NULL;
    char l[100];

    printf("%s: cert=%s key=%s\n", label, subject(SSL_CTX_get0_certificate(ctx)),
           key_desc(SSL_CTX_get0_privatekey(ctx)));
    SSL_CTX_get0_chain_cert_store(ctx, &st);
    snprintf(l, sizeof(l), "%s chain", label);
    print_store(l, st);
    st = NULL;
    SSL_CTX_get0_verify_cert_store(ctx, &st);
    snprintf(l, sizeof(l), "%s verify", label);
    print_store(l, st);
    snprintf(l, sizeof(l), "%s CA list", label);
    print_names(l, SSL_CTX_get0_CA_list(ctx));
    snprintf(l, sizeof(l), "%s client CA list", label);
    print_names(l, SSL_CTX_get_client_CA_list(ctx));
}

static void show_ssl(const char *label, SSL *s)
{
    X509_STORE *st = NULL;
    char l[100];

    printf("%s: cert=%s key=%s\n", label, subject(SSL_get_certificate(s)),
           key_desc(SSL_get_privatekey(s)));
    SSL_get0_chain_cert_store(s, &st);
    snprintf(l, sizeof(l), "%s chain", label);
    print_store(l, st);
    st = NULL;
    SSL_get0_verify_cert_store(s, &st);
    snprintf(l, sizeof(l), "%s verify", label);
    print_store(l, st);
    snprintf(l, sizeof(l), "%s CA list", label);
    print_names(l, SSL_get0_CA_list(s));
    snprintf(l, sizeof(l), "%s client CA list", label);
    print_names(l, SSL_get_client_CA_list(s));
}

static SSL_CONF_CTX *conf(unsigned int flags)
{
    SSL_CONF_CTX *cctx = SSL_CONF_CTX_new();

    FATAL_IF(cctx == NULL, "SSL_CONF_CTX_new");
    SSL_CONF_CTX_set_flags(cctx, flags);
    return cctx;
}

#define SRV (SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_CERTIFICATE \
             | SSL_CONF_FLAG_SHOW_ERRORS)
#define CLI (SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_CERTIFICATE \
             | SSL_CONF_FLAG_SHOW_ERRORS)

int main(void)
{
    SSL_CTX *ctx;
    SSL *s;
    SSL_CONF_CTX *cctx;

    printf("== certificate and key\n");
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "Certificate", FIX("rsa.pem"));
    show_ctx("ctx", ctx);
    run_cmd(cctx, "PrivateKey", FIX("rsa.key"));
    show_ctx("ctx", ctx);
    printf("check_private_key=%d\n", SSL_CTX_check_private_key(ctx));
    run_cmd(cctx, "Certificate", FIX("ec.pem"));
    run_cmd(cctx, "PrivateKey", FIX("rsa.key"));
    run_cmd(cctx, "PrivateKey", FIX("ec.key"));
    show_ctx("ctx", ctx);
    run_cmd(cctx, "Certificate", FIX("missing.pem"));
    run_cmd(cctx, "PrivateKey", FIX("missing.key"));
    run_cmd(cctx, "Certificate", FIX("rsa.key"));
    run_cmd(cctx, "PrivateKey", FIX("rsa.pem"));
    run_cmd(cctx, "Certificate", FIX("rsa_chain.pem"));
    show_ctx("ctx", ctx);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    printf("== command-line names, client\n");
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(CLI);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "-cert", FIX("ec.pem"));
    run_cmd(cctx, "-key", FIX("ec.key"));
    run_cmd(cctx, "-chainCAfile", FIX("cas.pem"));
    run_cmd(cctx, "-verifyCAfile", FIX("ca.pem"));
    run_cmd(cctx, "-chainCApath", FIX("cadir"));
    run_cmd(cctx, "-verifyCApath", FIX("cadir"));
    run_cmd(cctx, "-chainCAstore", FIX("inter.pem"));
    run_cmd(cctx, "-verifyCAstore", FIX("cas.pem"));
    run_cmd(cctx, "-requestCAFile", FIX("cas.pem"));
    run_cmd(cctx, "-requestCAStore", FIX("ca.pem"));
    run_cmd(cctx, "-dhparam", FIX("dh2048.pem"));
    run_cmd(cctx, "-verifyCAfile", FIX("missing.pem"));
    run_cmd(cctx, "-chainCAstore", FIX("missing.pem"));
    show_ctx("ctx", ctx);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("ctx", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    printf("== stores and CA names, server file names\n");
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "ChainCAFile", FIX("ca.pem"));
    run_cmd(cctx, "ChainCAFile", FIX("inter.pem"));
    run_cmd(cctx, "ChainCAPath", FIX("cadir"));
    run_cmd(cctx, "ChainCAStore", FIX("cas.pem"));
    run_cmd(cctx, "VerifyCAFile", FIX("cas.pem"));
    run_cmd(cctx, "VerifyCAPath", FIX("missing"));
    run_cmd(cctx, "VerifyCAStore", FIX("ca.pem"));
    run_cmd(cctx, "VerifyCAFile", FIX("rsa.key"));
    run_cmd(cctx, "RequestCAFile", FIX("ca.pem"));
    run_cmd(cctx, "ClientCAFile", FIX("cas.pem"));
    run_cmd(cctx, "RequestCAPath", FIX("cadir"));
    run_cmd(cctx, "ClientCAPath", FIX("cadir"));
    run_cmd(cctx, "RequestCAStore", FIX("inter.pem"));
    run_cmd(cctx, "ClientCAStore", FIX("rsa.pem"));
    run_cmd(cctx, "RequestCAFile", FIX("missing.pem"));
    run_cmd(cctx, "ClientCAPath", FIX("missing"));
    run_cmd(cctx, "RequestCAStore", FIX("missing.pem"));
    run_cmd(cctx, "ServerInfoFile", FIX("serverinfo.pem"));
    run_cmd(cctx, "ServerInfoFile", FIX("serverinfo_badlen.pem"));
    run_cmd(cctx, "ServerInfoFile", FIX("missing.pem"));
    run_cmd(cctx, "DHParameters", FIX("dh2048.pem"));
    run_cmd(cctx, "DHParameters", FIX("rsa.key"));
    run_cmd(cctx, "DHParameters", FIX("missing.pem"));
    show_ctx("before finish", ctx);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after finish", ctx);
    /* a second finish has no names left to give */
    SSL_CTX_set0_CA_list(ctx, NULL);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after second finish", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    printf("== finish: keys from the certificate files (REQUIRE_PRIVATE)\n");
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV | SSL_CONF_FLAG_REQUIRE_PRIVATE);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "Certificate", FIX("ec_with_key.pem"));
    run_cmd(cctx, "Certificate", FIX("rsa_with_key.pem"));
    show_ctx("before finish", ctx);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after finish", ctx);
    printf("check_private_key=%d\n", SSL_CTX_check_private_key(ctx));
    print_errors_data("check");
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV | SSL_CONF_FLAG_REQUIRE_PRIVATE);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "Certificate", FIX("rsa.pem"));
    printf("finish (no key in the file)=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after finish", ctx);
    run_cmd(cctx, "PrivateKey", FIX("rsa.key"));
    printf("finish (key given)=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after finish", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    /* without REQUIRE_PRIVATE nothing is loaded; set later, nothing was noted */
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "Certificate", FIX("rsa_with_key.pem"));
    SSL_CONF_CTX_set_flags(cctx, SSL_CONF_FLAG_REQUIRE_PRIVATE);
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ctx("after finish", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_CTX_free(ctx);

    printf("== on a connection\n");
    ctx = SSL_CTX_new(TLS_method());
    s = SSL_new(ctx);
    cctx = conf(SRV | SSL_CONF_FLAG_REQUIRE_PRIVATE);
    SSL_CONF_CTX_set_ssl(cctx, s);
    run_cmd(cctx, "Certificate", FIX("rsa_with_key.pem"));
    run_cmd(cctx, "ServerInfoFile", FIX("serverinfo.pem"));
    run_cmd(cctx, "VerifyCAFile", FIX("cas.pem"));
    run_cmd(cctx, "ChainCAFile", FIX("ca.pem"));
    run_cmd(cctx, "ClientCAFile", FIX("cas.pem"));
    run_cmd(cctx, "DHParameters", FIX("dh2048.pem"));
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    show_ssl("ssl", s);
    show_ctx("its ctx", ctx);
    printf("check_private_key=%d\n", SSL_check_private_key(s));
    SSL_CONF_CTX_free(cctx);
    SSL_free(s);
    SSL_CTX_free(ctx);

    printf("== a connection's stores are its context's\n");
    ctx = SSL_CTX_new(TLS_method());
    cctx = conf(SRV);
    SSL_CONF_CTX_set_ssl_ctx(cctx, ctx);
    run_cmd(cctx, "VerifyCAFile", FIX("ca.pem"));
    s = SSL_new(ctx);
    SSL_CONF_CTX_set_ssl(cctx, s);
    run_cmd(cctx, "VerifyCAFile", FIX("inter.pem"));
    show_ssl("ssl", s);
    show_ctx("ctx", ctx);
    SSL_CONF_CTX_free(cctx);
    SSL_free(s);
    SSL_CTX_free(ctx);

    printf("== no object\n");
    cctx = conf(SRV | SSL_CONF_FLAG_REQUIRE_PRIVATE);
    run_cmd(cctx, "Certificate", FIX("rsa.pem"));
    run_cmd(cctx, "PrivateKey", FIX("missing.key"));
    run_cmd(cctx, "ServerInfoFile", FIX("missing.pem"));
    run_cmd(cctx, "VerifyCAFile", FIX("missing.pem"));
    run_cmd(cctx, "DHParameters", FIX("missing.pem"));
    run_cmd(cctx, "RequestCAFile", FIX("cas.pem"));
    run_cmd(cctx, "RequestCAFile", FIX("missing.pem"));
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    print_errors_data("finish");
    SSL_CONF_CTX_free(cctx);

    /* names collected but never given are freed with the SSL_CONF_CTX */
    cctx = conf(SRV);
    run_cmd(cctx, "ClientCAFile", FIX("cas.pem"));
    SSL_CONF_CTX_free(cctx);

    /* file commands need SSL_CONF_FLAG_CERTIFICATE */
    cctx = conf(SSL_CONF_FLAG_FILE | SSL_CONF_FLAG_SERVER | SSL_CONF_FLAG_SHOW_ERRORS);
    run_cmd(cctx, "Certificate", FIX("rsa.pem"));
    run_cmd(cctx, "VerifyCAFile", FIX("ca.pem"));
    run_cmd(cctx, "DHParameters", FIX("dh2048.pem"));
    SSL_CONF_CTX_free(cctx);
    cctx = conf(SSL_CONF_FLAG_CMDLINE | SSL_CONF_FLAG_CLIENT | SSL_CONF_FLAG_CERTIFICATE
                | SSL_CONF_FLAG_SHOW_ERRORS);
    run_cmd(cctx, "-dhparam", FIX("dh2048.pem"));
    run_cmd(cctx, "-requestCAPath", FIX("cadir"));
    printf("finish=%d\n", SSL_CONF_CTX_finish(cctx));
    SSL_CONF_CTX_free(cctx);
    print_errors_data("end");
    return 0;
}
