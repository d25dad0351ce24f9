/*
 * certs_chain_file_chain.c - OpenSSL 3.0 keeps one chain per certificate
 * (CERT_PKEY's chain): the chain file's certificates after the first, the
 * chain commands (SSL_CTX_add0/add1_chain_cert, set0/set1_chain,
 * clear_chain_certs) and SSL_CTX_get0_chain_certs all act on the current
 * certificate's chain, and SSL_CTX_get_extra_chain_certs shows it while the
 * context has no extra certificates. sessl kept the chain commands' chain
 * apart from the chain file's. Twice-built.
 */
#include "certs_util.h"

static void show_chain(const char *label, STACK_OF(X509) *sk)
{
    int i;

    if (sk == NULL) {
        printf("%s: none\n", label);
        return;
    }
    printf("%s: %d\n", label, sk_X509_num(sk));
    for (i = 0; i < sk_X509_num(sk); i++)
        printf("%s:   %s\n", label, subject(sk_X509_value(sk, i)));
}

static void show_ctx(const char *label, SSL_CTX *ctx)
{
    STACK_OF(X509) *sk = NULL;
    char buf[128];
    long r;

    r = SSL_CTX_get0_chain_certs(ctx, &sk);
    sprintf(buf, "%s ctx chain (r=%ld)", label, r);
    show_chain(buf, sk);
    sk = NULL;
    r = SSL_CTX_get_extra_chain_certs(ctx, &sk);
    sprintf(buf, "%s ctx extra-or-chain (r=%ld)", label, r);
    show_chain(buf, sk);
    sk = NULL;
    r = SSL_CTX_get_extra_chain_certs_only(ctx, &sk);
    sprintf(buf, "%s ctx extra only (r=%ld)", label, r);
    show_chain(buf, sk);
}

static void show_ssl(const char *label, SSL *s)
{
    STACK_OF(X509) *sk = NULL;
    char buf[128];
    long r;

    r = SSL_get0_chain_certs(s, &sk);
    sprintf(buf, "%s ssl chain (r=%ld)", label, r);
    show_chain(buf, sk);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509 *inter = read_cert(FIX("inter.pem")), *ca = read_cert(FIX("ca.pem"));
    STACK_OF(X509) *sk;
    SSL *s, *s2;

    show_ctx("new", ctx);
    printf("chain file: %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    print_errors("chain file");
    show_ctx("after chain file", ctx);

    s = SSL_new(ctx);
    show_ssl("new ssl", s);
    printf("ssl add1 ca: %ld\n", SSL_add1_chain_cert(s, ca));
    show_ssl("ssl after add1", s);
    show_ctx("ctx after ssl add1", ctx);

    printf("ctx add1 ca: %ld\n", SSL_CTX_add1_chain_cert(ctx, ca));
    show_ctx("after add1", ctx);
    X509_up_ref(inter);
    printf("ctx add0 inter: %ld\n", SSL_CTX_add0_chain_cert(ctx, inter));
    show_ctx("after add0", ctx);

    printf("ctx clear: %ld\n", SSL_CTX_clear_chain_certs(ctx));
    show_ctx("after clear", ctx);

    sk = sk_X509_new_null();
    sk_X509_push(sk, ca);
    printf("ctx set1: %ld\n", SSL_CTX_set1_chain(ctx, sk));
    show_ctx("after set1", ctx);
    sk_X509_free(sk);

    printf("ctx chain file again: %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    show_ctx("after chain file again", ctx);

    /* extra certificates hide the chain from get_extra_chain_certs */
    X509_up_ref(ca);
    printf("ctx add extra: %ld\n", SSL_CTX_add_extra_chain_cert(ctx, ca));
    show_ctx("after extra", ctx);
    printf("ctx clear extra: %ld\n", SSL_CTX_clear_extra_chain_certs(ctx));
    show_ctx("after clear extra", ctx);

    /* a connection's chain file, and one made after */
    printf("ssl chain file: %d\n", SSL_use_certificate_chain_file(s, FIX("rsa_chain.pem")));
    show_ssl("ssl after chain file", s);
    printf("ssl clear: %ld\n", SSL_clear_chain_certs(s));
    show_ssl("ssl after clear", s);
    sk = sk_X509_new_null();
    X509_up_ref(inter);
    sk_X509_push(sk, inter);
    printf("ssl set0: %ld\n", SSL_set0_chain(s, sk));
    show_ssl("ssl after set0", s);
    s2 = SSL_new(ctx);
    show_ssl("second ssl", s2);
    print_errors("end");

    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
    X509_free(inter);
    X509_free(ca);
    return 0;
}
