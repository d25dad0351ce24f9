/*
 * certs_security_level.c - the security checks of certificates, chain
 * certificates and temporary DH keys follow the security level of the context
 * or connection they are set on (SSL_CTX_set_security_level,
 * SSL_set_security_level, or @SECLEVEL=n in a cipher string), at each level
 * 0..5 and above: the minimum bits are 0, 80, 112, 128, 192, 256, and
 * temporary DH keys need 80 bits even at level 0. Found by the client stage
 * (tests-clients/python.py: load_cert_chain after set_ciphers with @SECLEVEL).
 */
#include "certs_util.h"
#include <openssl/dh.h>

/* `SSL_CTX_use_certificate_file` of each fixture and the chain file. */
static void use_certs(const char *label, SSL_CTX *ctx)
{
    static const char *const files[] = {"weak.pem", "rsa.pem", "ec.pem"};
    char path[128];
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        snprintf(path, sizeof(path), "tests-c/fixtures/certs/%s", files[i]);
        printf("%s %s=%d\n", label, files[i], SSL_CTX_use_certificate_file(ctx, path, SSL_FILETYPE_PEM));
        print_errors(label);
    }
    printf("%s chain rsa_weak_chain.pem=%d\n", label,
           SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_weak_chain.pem")));
    print_errors(label);
    /* The chain commands check each certificate as a CA. */
    {
        X509 *weak = read_cert(FIX("weak.pem")), *inter = read_cert(FIX("inter.pem"));
        STACK_OF(X509) *chain = sk_X509_new_null();

        printf("%s add1_chain_cert(weak)=%d\n", label, (int)SSL_CTX_add1_chain_cert(ctx, weak));
        print_errors(label);
        printf("%s add1_chain_cert(inter)=%d\n", label, (int)SSL_CTX_add1_chain_cert(ctx, inter));
        print_errors(label);
        sk_X509_push(chain, inter);
        sk_X509_push(chain, weak);
        printf("%s set1_chain(inter, weak)=%d\n", label, (int)SSL_CTX_set1_chain(ctx, chain));
        print_errors(label);
        sk_X509_free(chain);
        X509_free(weak);
        X509_free(inter);
    }
}

/* The temporary DH key checks: set0 with keys of 56, 80 and 112 bits (RSA
 * 512, 1024, 2048: only their security bits matter), and the
 * SSL_CTX_set_tmp_dh ctrl with 1024- and 2048-bit groups. */
static EVP_PKEY *dh_keys[3];

static void use_dh(const char *label, SSL_CTX *ctx)
{
    size_t i;
    DH *dh;

    for (i = 0; i < 3; i++) {
        int rv;

        EVP_PKEY_up_ref(dh_keys[i]);
        rv = SSL_CTX_set0_tmp_dh_pkey(ctx, dh_keys[i]);
        printf("%s set0_tmp_dh_pkey(RSA %d)=%d\n", label, EVP_PKEY_get_bits(dh_keys[i]), rv);
        print_errors(label);
        if (rv != 1)
            EVP_PKEY_free(dh_keys[i]);
    }
    dh = DH_get_1024_160();
    printf("%s set_tmp_dh(1024)=%ld\n", label, SSL_CTX_set_tmp_dh(ctx, dh));
    print_errors(label);
    DH_free(dh);
    dh = DH_get_2048_256();
    printf("%s set_tmp_dh(2048)=%ld\n", label, SSL_CTX_set_tmp_dh(ctx, dh));
    print_errors(label);
    DH_free(dh);
}

int main(void)
{
    char label[64], rule[64];
    int level;
    size_t i;

    dh_keys[0] = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)512);
    dh_keys[1] = read_key(FIX("weak.key"));
    dh_keys[2] = read_key(FIX("rsa.key"));
    FATAL_IF(dh_keys[0] == NULL || dh_keys[1] == NULL || dh_keys[2] == NULL, "keys");

    for (level = 0; level <= 6; level++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *ssl;
        X509 *x;

        SSL_CTX_set_security_level(ctx, level);
        snprintf(label, sizeof(label), "ctx level %d", level);
        use_certs(label, ctx);
        use_dh(label, ctx);

        /* The connection's own level, not its context's. */
        ssl = SSL_new(ctx);
        SSL_set_security_level(ssl, 5 - (level % 6));
        x = read_cert(FIX("rsa.pem"));
        printf("ssl level %d use_certificate(rsa)=%d\n", SSL_get_security_level(ssl),
               SSL_use_certificate(ssl, x));
        print_errors("ssl");
        X509_free(x);
        SSL_free(ssl);
        SSL_CTX_free(ctx);

        /* The level a cipher string sets. */
        ctx = SSL_CTX_new(TLS_method());
        snprintf(rule, sizeof(rule), "DEFAULT@SECLEVEL=%d", level);
        printf("%s=%d\n", rule, SSL_CTX_set_cipher_list(ctx, rule));
        snprintf(label, sizeof(label), "cipher string level %d", SSL_CTX_get_security_level(ctx));
        use_certs(label, ctx);
        SSL_CTX_free(ctx);
    }
    for (i = 0; i < 3; i++)
        EVP_PKEY_free(dh_keys[i]);
    return 0;
}
