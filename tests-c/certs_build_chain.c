/*
 * certs_build_chain.c - SSL_CTX_build_cert_chain / SSL_build_cert_chain in
 * OpenSSL 3.0 replace the current certificate's chain with the one
 * verification builds: from the chain store, else the context's certificate
 * store (with SSL_BUILD_CHAIN_FLAG_UNTRUSTED the chain helps as untrusted
 * certificates; with SSL_BUILD_CHAIN_FLAG_CHECK the chain and the certificate
 * are the only trusted ones), without the end entity, without a self-signed
 * root with SSL_BUILD_CHAIN_FLAG_NO_ROOT; a failed verification is
 * SSL_R_CERTIFICATE_VERIFY_FAILED, or 2 with SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR
 * (its error queued unless SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR). sessl refused
 * every build as if no certificate were set. Twice-built.
 */
#include "certs_util.h"

static void show_chain(const char *label, long r, STACK_OF(X509) *sk)
{
    int i;

    printf("%s = %ld: chain %d\n", label, r, sk == NULL ? -1 : sk_X509_num(sk));
    for (i = 0; sk != NULL && i < sk_X509_num(sk); i++)
        printf("%s:   %s\n", label, subject(sk_X509_value(sk, i)));
    print_errors(label);
}

static void build_ctx(const char *label, SSL_CTX *ctx, long flags)
{
    STACK_OF(X509) *sk = NULL;
    long r = SSL_CTX_build_cert_chain(ctx, flags);

    SSL_CTX_get0_chain_certs(ctx, &sk);
    show_chain(label, r, sk);
}

static void build_ssl(const char *label, SSL *s, long flags)
{
    STACK_OF(X509) *sk = NULL;
    long r = SSL_build_cert_chain(s, flags);

    SSL_get0_chain_certs(s, &sk);
    show_chain(label, r, sk);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *ctx2 = SSL_CTX_new(TLS_method());
    X509_STORE *roots = X509_STORE_new(), *inter_only = X509_STORE_new();
    X509 *ca = read_cert(FIX("ca.pem")), *inter = read_cert(FIX("inter.pem"));
    SSL *s;

    X509_STORE_add_cert(roots, ca);
    X509_STORE_add_cert(inter_only, inter);

    build_ctx("no certificate", ctx, 0);
    printf("use rsa: %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.pem"), SSL_FILETYPE_PEM));
    build_ctx("empty store", ctx, 0);
    build_ctx("empty store, ignore", ctx, SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR);
    build_ctx("empty store, ignore+clear", ctx, SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR | SSL_BUILD_CHAIN_FLAG_CLEAR_ERROR);
    build_ctx("check, no chain", ctx, SSL_BUILD_CHAIN_FLAG_CHECK);

    printf("load cas: %d\n", SSL_CTX_load_verify_locations(ctx, FIX("cas.pem"), NULL));
    build_ctx("cert store", ctx, 0);
    build_ctx("cert store, no root", ctx, SSL_BUILD_CHAIN_FLAG_NO_ROOT);
    build_ctx("cert store, untrusted", ctx, SSL_BUILD_CHAIN_FLAG_UNTRUSTED);

    /* the chain store wins over the certificate store */
    printf("chain store (root only): %ld\n", SSL_CTX_set1_chain_cert_store(ctx, roots));
    build_ctx("root only", ctx, 0);
    build_ctx("root only, ignore", ctx, SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR);
    printf("chain file: %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    build_ctx("root only, untrusted chain", ctx, SSL_BUILD_CHAIN_FLAG_UNTRUSTED);
    build_ctx("root only, untrusted chain, no root", ctx,
              SSL_BUILD_CHAIN_FLAG_UNTRUSTED | SSL_BUILD_CHAIN_FLAG_NO_ROOT);
    printf("chain store (intermediate only): %ld\n", SSL_CTX_set1_chain_cert_store(ctx, inter_only));
    build_ctx("intermediate only", ctx, 0);
    build_ctx("intermediate only, ignore", ctx, SSL_BUILD_CHAIN_FLAG_IGNORE_ERROR);

    /* CHECK: the chain itself (with the certificate) is the trust */
    SSL_CTX_set_security_level(ctx2, 0);
    printf("ctx2 chain file: %d\n", SSL_CTX_use_certificate_chain_file(ctx2, FIX("rsa_chain.pem")));
    build_ctx("ctx2 check", ctx2, SSL_BUILD_CHAIN_FLAG_CHECK);
    printf("ctx2 add1 ca: %ld\n", SSL_CTX_add1_chain_cert(ctx2, ca));
    build_ctx("ctx2 check with root", ctx2, SSL_BUILD_CHAIN_FLAG_CHECK);
    printf("ctx2 add1 ca: %ld\n", SSL_CTX_add1_chain_cert(ctx2, ca));
    build_ctx("ctx2 check with root, no root", ctx2, SSL_BUILD_CHAIN_FLAG_CHECK | SSL_BUILD_CHAIN_FLAG_NO_ROOT);

    /* a connection: its context's certificate store, or its chain store */
    s = SSL_new(ctx2);
    build_ssl("ssl ctx2 store", s, 0);
    printf("ssl chain store: %ld\n", SSL_set1_chain_cert_store(s, roots));
    build_ssl("ssl untrusted", s, SSL_BUILD_CHAIN_FLAG_UNTRUSTED);
    printf("ssl use ec: %d\n", SSL_use_certificate_file(s, FIX("ec.pem"), SSL_FILETYPE_PEM));
    build_ssl("ssl ec", s, 0);
    printf("ssl set ctx: %d\n", SSL_set_SSL_CTX(s, ctx) == ctx);
    build_ssl("ssl switched", s, 0);

    SSL_free(s);
    SSL_CTX_free(ctx);
    SSL_CTX_free(ctx2);
    X509_STORE_free(roots);
    X509_STORE_free(inter_only);
    X509_free(ca);
    X509_free(inter);
    return 0;
}
