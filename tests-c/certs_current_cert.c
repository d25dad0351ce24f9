/*
 * certs_current_cert.c - OpenSSL 3.0 keeps a certificate, key and chain per
 * key type (RSA, RSA-PSS, DSA, EC, GOST, Ed25519, Ed448) and a current one,
 * the one last set. SSL_CTX_set_current_cert / SSL_set_current_cert
 * (SSL_CERT_SET_FIRST, SSL_CERT_SET_NEXT: the first, or next after the
 * current, key type holding both a certificate and a key; SSL_CERT_SET_SERVER:
 * the handshake's, none before one) and SSL_CTX_select_current_cert /
 * SSL_select_current_cert (the key type holding that certificate, by pointer,
 * then by comparison, with a key) change which is current, and with it what
 * the getters, check_private_key and the chain commands see. sessl always
 * returned 0 there. Twice-built.
 */
#include "certs_util.h"

static X509 *rsa, *ec, *rsa_copy;
static EVP_PKEY *rsa_key, *ec_key;

static const char *name_of(const X509 *x)
{
    return x == NULL ? "none" : x == rsa ? "rsa" : x == ec ? "ec" : x == rsa_copy ? "rsa-copy" : "other";
}

static const char *key_of(const EVP_PKEY *k)
{
    return k == NULL ? "none" : k == rsa_key ? "rsa" : k == ec_key ? "ec" : "other";
}

static int chain_len(STACK_OF(X509) *sk)
{
    return sk == NULL ? -1 : sk_X509_num(sk);
}

static void show_ctx(const char *label, SSL_CTX *ctx)
{
    STACK_OF(X509) *sk = NULL;

    SSL_CTX_get0_chain_certs(ctx, &sk);
    printf("%s: cert %s key %s chain %d\n", label, name_of(SSL_CTX_get0_certificate(ctx)),
           key_of(SSL_CTX_get0_privatekey(ctx)), chain_len(sk));
    printf("%s: check %d\n", label, SSL_CTX_check_private_key(ctx));
    print_errors(label);
}

static void show_ssl(const char *label, SSL *s)
{
    STACK_OF(X509) *sk = NULL;

    SSL_get0_chain_certs(s, &sk);
    printf("%s: cert %s key %s chain %d\n", label, name_of(SSL_get_certificate(s)), key_of(SSL_get_privatekey(s)),
           chain_len(sk));
    printf("%s: check %d\n", label, SSL_check_private_key(s));
    print_errors(label);
}

static void walk_ctx(const char *label, SSL_CTX *ctx)
{
    char buf[128];
    long r;
    int i;

    r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_FIRST);
    sprintf(buf, "%s first=%ld", label, r);
    show_ctx(buf, ctx);
    for (i = 0; i < 3; i++) {
        r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_NEXT);
        sprintf(buf, "%s next%d=%ld", label, i, r);
        show_ctx(buf, ctx);
    }
    r = SSL_CTX_set_current_cert(ctx, SSL_CERT_SET_SERVER);
    sprintf(buf, "%s server=%ld", label, r);
    show_ctx(buf, ctx);
    r = SSL_CTX_set_current_cert(ctx, 7);
    sprintf(buf, "%s op7=%ld", label, r);
    show_ctx(buf, ctx);
}

static void walk_ssl(const char *label, SSL *s)
{
    char buf[128];
    long r;
    int i;

    r = SSL_set_current_cert(s, SSL_CERT_SET_FIRST);
    sprintf(buf, "%s first=%ld", label, r);
    show_ssl(buf, s);
    for (i = 0; i < 3; i++) {
        r = SSL_set_current_cert(s, SSL_CERT_SET_NEXT);
        sprintf(buf, "%s next%d=%ld", label, i, r);
        show_ssl(buf, s);
    }
    r = SSL_set_current_cert(s, SSL_CERT_SET_SERVER);
    sprintf(buf, "%s server=%ld", label, r);
    show_ssl(buf, s);
}

static void select_ctx(const char *label, SSL_CTX *ctx, X509 *x)
{
    char buf[128];

    sprintf(buf, "%s select %s=%ld", label, name_of(x), SSL_CTX_select_current_cert(ctx, x));
    show_ctx(buf, ctx);
}

static void select_ssl(const char *label, SSL *s, X509 *x)
{
    char buf[128];

    sprintf(buf, "%s select %s=%ld", label, name_of(x), SSL_select_current_cert(s, x));
    show_ssl(buf, s);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    X509 *ca = read_cert(FIX("ca.pem")), *weak = read_cert(FIX("weak.pem"));
    EVP_PKEY *weak_key = read_key(FIX("weak.key"));
    SSL_CTX *ctx2;
    SSL *s, *s2;

    rsa = read_cert(FIX("rsa.pem"));
    rsa_copy = read_cert(FIX("rsa.pem"));
    ec = read_cert(FIX("ec.pem"));
    rsa_key = read_key(FIX("rsa.key"));
    ec_key = read_key(FIX("ec.key"));

    /* nothing set: nothing to choose */
    show_ctx("empty", ctx);
    walk_ctx("empty", ctx);
    select_ctx("empty", ctx, rsa);
    select_ctx("empty", ctx, NULL);

    /* a chain on the RSA slot, then an EC certificate: its slot is current */
    printf("add1 ca: %ld\n", SSL_CTX_add1_chain_cert(ctx, ca));
    printf("use rsa: %d\n", SSL_CTX_use_certificate(ctx, rsa));
    show_ctx("rsa cert", ctx);
    printf("use ec: %d\n", SSL_CTX_use_certificate(ctx, ec));
    show_ctx("ec cert", ctx);
    /* a certificate without a key is never chosen */
    walk_ctx("no keys", ctx);
    select_ctx("no keys", ctx, rsa);
    printf("use ec key: %d\n", SSL_CTX_use_PrivateKey(ctx, ec_key));
    show_ctx("ec key", ctx);
    walk_ctx("ec only", ctx);
    select_ctx("ec only", ctx, rsa);
    printf("use rsa key: %d\n", SSL_CTX_use_PrivateKey(ctx, rsa_key));
    show_ctx("rsa key", ctx);
    /* a key set makes its slot current; a key of another type than the
     * current certificate goes to its own slot */
    printf("use ec key again: %d\n", SSL_CTX_use_PrivateKey(ctx, ec_key));
    show_ctx("ec key again", ctx);
    printf("use rsa cert again: %d\n", SSL_CTX_use_certificate(ctx, rsa));
    show_ctx("rsa cert again", ctx);
    walk_ctx("both", ctx);
    select_ctx("both", ctx, ec);
    select_ctx("both", ctx, rsa_copy);
    select_ctx("both", ctx, ca);
    select_ctx("both", ctx, rsa);
    printf("ec chain add1: %ld\n", (SSL_CTX_select_current_cert(ctx, ec), SSL_CTX_add1_chain_cert(ctx, ca)));
    show_ctx("ec chain", ctx);

    /* a connection copies the slots and which is current */
    s = SSL_new(ctx);
    show_ssl("new ssl", s);
    walk_ssl("ssl", s);
    select_ssl("ssl", s, rsa);
    select_ssl("ssl", s, ec);
    select_ssl("ssl", s, ca);
    SSL_certs_clear(s);
    show_ssl("ssl cleared", s);
    walk_ssl("ssl cleared", s);

    /* the current slot is part of the CERT that SSL_copy_session_id shares */
    s2 = SSL_new(ctx);
    SSL_set_session_id_context(s2, (const unsigned char *)"x", 1);
    SSL_copy_session_id(s, s2);
    select_ssl("shared s2", s2, rsa);
    show_ssl("shared s", s);
    SSL_set_current_cert(s, SSL_CERT_SET_NEXT);
    show_ssl("shared s2 after next on s", s2);

    /* keys first, and keys that do not match their slot's certificate */
    ctx2 = SSL_CTX_new(TLS_method());
    SSL_CTX_set_security_level(ctx2, 0); /* the weak certificate too */
    printf("ctx2 use ec key: %d\n", SSL_CTX_use_PrivateKey(ctx2, ec_key));
    show_ctx("ctx2 ec key", ctx2);
    printf("ctx2 use rsa: %d\n", SSL_CTX_use_certificate(ctx2, rsa));
    show_ctx("ctx2 rsa", ctx2);
    printf("ctx2 use ec: %d\n", SSL_CTX_use_certificate(ctx2, ec));
    show_ctx("ctx2 ec", ctx2);
    walk_ctx("ctx2", ctx2);
    printf("ctx2 use weak key: %d\n", SSL_CTX_use_PrivateKey(ctx2, weak_key));
    show_ctx("ctx2 weak key", ctx2);
    printf("ctx2 use rsa key: %d\n", SSL_CTX_use_PrivateKey(ctx2, rsa_key));
    show_ctx("ctx2 rsa key", ctx2);
    printf("ctx2 use weak: %d\n", SSL_CTX_use_certificate(ctx2, weak));
    show_ctx("ctx2 weak", ctx2);
    walk_ctx("ctx2 weak", ctx2);
    select_ctx("ctx2", ctx2, rsa);
    select_ctx("ctx2", ctx2, weak);

    SSL_CTX_free(ctx2);
    X509_free(weak);
    EVP_PKEY_free(weak_key);
    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
    X509_free(ca);
    X509_free(rsa);
    X509_free(rsa_copy);
    X509_free(ec);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(ec_key);
    return 0;
}
