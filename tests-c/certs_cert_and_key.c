/*
 * certs_cert_and_key.c - SSL_CTX_use_cert_and_key and SSL_use_cert_and_key:
 * certificate, key and chain set at once into the certificate's slot; a NULL
 * key (the certificate's public key is used), a mismatched key, a NULL
 * certificate, override 0 on an occupied slot, the chain's certificates
 * shared, and what SSL_new copies afterwards.
 */
#include "certs_util.h"

static void show(const char *label, SSL_CTX *ctx, SSL *ssl)
{
    if (ctx != NULL)
        printf("%s: ctx cert=%s key=%s check=%d\n", label, subject(SSL_CTX_get0_certificate(ctx)),
               key_desc(SSL_CTX_get0_privatekey(ctx)), SSL_CTX_check_private_key(ctx));
    if (ssl != NULL)
        printf("%s: ssl cert=%s key=%s check=%d\n", label, subject(SSL_get_certificate(ssl)),
               key_desc(SSL_get_privatekey(ssl)), SSL_check_private_key(ssl));
    ERR_clear_error();
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    X509 *rsa = read_cert(FIX("rsa.pem"));
    X509 *ec = read_cert(FIX("ec.pem"));
    X509 *inter = read_cert(FIX("inter.pem"));
    EVP_PKEY *rsak = read_key(FIX("rsa.key"));
    EVP_PKEY *eck = read_key(FIX("ec.key"));
    STACK_OF(X509) *chain = sk_X509_new_null();

    sk_X509_push(chain, inter);
    printf("mismatch=%d\n", SSL_CTX_use_cert_and_key(ctx, rsa, eck, NULL, 1));
    print_errors("mismatch");
    printf("NULL cert=%d\n", SSL_CTX_use_cert_and_key(ctx, NULL, rsak, NULL, 1));
    print_errors("NULL cert");
    {
        X509 *weak = read_cert(FIX("weak.pem"));
        EVP_PKEY *weakk = read_key(FIX("weak.key"));
        STACK_OF(X509) *weak_chain = sk_X509_new_null();

        printf("weak cert=%d\n", SSL_CTX_use_cert_and_key(ctx, weak, weakk, NULL, 1));
        print_errors("weak cert");
        sk_X509_push(weak_chain, weak);
        printf("weak chain=%d\n", SSL_CTX_use_cert_and_key(ctx, rsa, rsak, weak_chain, 1));
        print_errors("weak chain");
        sk_X509_free(weak_chain);
        X509_free(weak);
        EVP_PKEY_free(weakk);
    }
    show("after failures", ctx, NULL);
    printf("rsa=%d\n", SSL_CTX_use_cert_and_key(ctx, rsa, rsak, chain, 0));
    print_errors("rsa");
    show("rsa", ctx, NULL);
    printf("rsa again, no override=%d\n", SSL_CTX_use_cert_and_key(ctx, rsa, rsak, NULL, 0));
    print_errors("no override");
    printf("ec, NULL key=%d\n", SSL_CTX_use_cert_and_key(ctx, ec, NULL, NULL, 0));
    print_errors("ec NULL key");
    show("ec NULL key", ctx, NULL);
    printf("ec key is the cert's public key: %d\n",
           EVP_PKEY_eq(SSL_CTX_get0_privatekey(ctx), X509_get0_pubkey(ec)) == 1);
    printf("ec, override=%d\n", SSL_CTX_use_cert_and_key(ctx, ec, eck, chain, 1));
    show("ec", ctx, NULL);
    printf("ec key is the one given: %d\n", SSL_CTX_get0_privatekey(ctx) == eck);

    ssl = SSL_new(ctx);
    show("ssl_new", ctx, ssl);
    printf("ssl rsa, no override=%d\n", SSL_use_cert_and_key(ssl, rsa, rsak, NULL, 0));
    print_errors("ssl rsa");
    show("ssl rsa", ctx, ssl);
    printf("ssl ec, no override=%d\n", SSL_use_cert_and_key(ssl, ec, eck, NULL, 0));
    print_errors("ssl ec no override");
    printf("ssl mismatch=%d\n", SSL_use_cert_and_key(ssl, ec, rsak, NULL, 1));
    print_errors("ssl mismatch");
    SSL_certs_clear(ssl);
    printf("ssl after clear, no override=%d\n", SSL_use_cert_and_key(ssl, ec, eck, NULL, 0));
    show("ssl after clear", ctx, ssl);

    /* the context's and connection's references outlive the caller's */
    sk_X509_free(chain);
    X509_free(rsa);
    X509_free(ec);
    X509_free(inter);
    EVP_PKEY_free(rsak);
    EVP_PKEY_free(eck);
    show("caller's references released", ctx, ssl);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
