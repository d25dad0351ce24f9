/*
 * certs_shared_cert.c - SSL_copy_session_id(t, f) makes t share f's CERT in
 * OpenSSL 3.0 (ssl_cert_free(t->cert); t->cert = f->cert, one more
 * reference): afterwards a change through either connection to what the CERT
 * holds (certificates, keys, chains, chain and verify stores, security level,
 * callback and ex data, certificate flags, signature algorithms) shows
 * through the other. SSL_dup of a connection holding a session and
 * BIO_ssl_copy_session_id go through it; SSL_set_SSL_CTX gives the
 * connection its own copy again. sessl copied the state at the time of the
 * call (found by the sequence tester, tests-c/difffuzz). Twice-built.
 */
#include "certs_util.h"

static X509 *rsa, *ec;
static EVP_PKEY *rsa_key, *ec_key;

static int sec_cb(const SSL *s, const SSL_CTX *c, int op, int bits, int nid, void *other, void *ex)
{
    (void)s, (void)c, (void)op, (void)bits, (void)nid, (void)other, (void)ex;
    return 1;
}

static const char *name_of(X509 *x)
{
    return x == NULL ? "none" : x == rsa ? "rsa" : x == ec ? "ec" : "other";
}

static int chain_len(SSL *s)
{
    STACK_OF(X509) *sk = NULL;

    if (!SSL_get0_chain_certs(s, &sk))
        return -2;
    return sk == NULL ? -1 : sk_X509_num(sk);
}

static int ciphers_of(SSL *s)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_get1_supported_ciphers(s);
    int n = sk == NULL ? -1 : sk_SSL_CIPHER_num(sk);

    sk_SSL_CIPHER_free(sk);
    return n;
}

/* everything the CERT holds that can be read, through one connection */
static void show(const char *label, const char *who, SSL *s)
{
    X509_STORE *vs = NULL, *cs = NULL;

    SSL_get0_verify_cert_store(s, &vs);
    SSL_get0_chain_cert_store(s, &cs);
    printf("%s %s: cert %s key %s chain %d level %d cb %s ex %s flags %lx vstore %s cstore %s ciphers %d\n", label,
           who, name_of(SSL_get_certificate(s)),
           SSL_get_privatekey(s) == NULL ? "none" : SSL_get_privatekey(s) == rsa_key ? "rsa" : "ec", chain_len(s),
           SSL_get_security_level(s), SSL_get_security_callback(s) == sec_cb ? "sec_cb" : "other",
           SSL_get0_security_ex_data(s) == (void *)&rsa ? "set" : "unset",
           (unsigned long)SSL_ctrl(s, SSL_CTRL_CERT_FLAGS, 0, NULL), vs == NULL ? "none" : "set",
           cs == NULL ? "none" : "set", ciphers_of(s));
}

static void both(const char *label, SSL *t, SSL *f)
{
    show(label, "t", t);
    show(label, "f", f);
    print_errors(label);
}

/* a change of each kind through `a`, shown through both */
static void change_through(const char *who, SSL *a, SSL *t, SSL *f)
{
    char l[64];
    X509_STORE *st = X509_STORE_new();

    snprintf(l, sizeof l, "via %s use cert", who);
    printf("%s = %d\n", l, SSL_use_certificate(a, rsa));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s use key", who);
    printf("%s = %d\n", l, SSL_use_PrivateKey(a, rsa_key));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s add chain", who);
    printf("%s = %d\n", l, (int)SSL_add1_chain_cert(a, ec));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s level", who);
    SSL_set_security_level(a, a == t ? 3 : 1);
    both(l, t, f);
    snprintf(l, sizeof l, "via %s callback and ex", who);
    SSL_set_security_callback(a, sec_cb);
    SSL_set0_security_ex_data(a, &rsa);
    both(l, t, f);
    snprintf(l, sizeof l, "via %s flags", who);
    printf("%s = %lx\n", l, (unsigned long)SSL_set_cert_flags(a, SSL_CERT_FLAG_SUITEB_128_LOS));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s clear flags", who);
    printf("%s = %lx\n", l, (unsigned long)SSL_clear_cert_flags(a, SSL_CERT_FLAG_SUITEB_128_LOS));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s stores", who);
    printf("%s = %d %d\n", l, (int)SSL_set1_verify_cert_store(a, st), (int)SSL_set1_chain_cert_store(a, st));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s sigalgs", who);
    printf("%s = %d\n", l, (int)SSL_set1_sigalgs_list(a, "ECDSA+SHA256"));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s client sigalgs", who);
    printf("%s = %d\n", l, (int)SSL_set1_client_sigalgs_list(a, "RSA+SHA256"));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s clear chain", who);
    printf("%s = %d\n", l, (int)SSL_clear_chain_certs(a));
    both(l, t, f);
    /* (one chain, the RSA key's: sessl keeps a chain per connection, not per
     * key, and SSL_set_current_cert is not implemented) */
    snprintf(l, sizeof l, "via %s use ec cert", who);
    printf("%s = %d %d\n", l, SSL_use_certificate(a, ec), SSL_use_PrivateKey(a, ec_key));
    both(l, t, f);
    snprintf(l, sizeof l, "via %s certs_clear", who);
    SSL_certs_clear(a);
    both(l, t, f);
    X509_STORE_free(st);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method()), *other = SSL_CTX_new(TLS_client_method());
    SSL *f, *t, *d;
    SSL_SESSION *sess;
    BIO *bt, *bf;

    rsa = read_cert(FIX("rsa.pem"));
    ec = read_cert(FIX("ec.pem"));
    rsa_key = read_key(FIX("rsa.key"));
    ec_key = read_key(FIX("ec.key"));

    /* through f, then through t */
    f = SSL_new(ctx);
    t = SSL_new(ctx);
    printf("copy_session_id = %d\n", SSL_copy_session_id(t, f));
    both("after copy", t, f);
    change_through("f", f, t, f);
    change_through("t", t, t, f);
    both("ctx", t, f);

    /* SSL_clear keeps the sharing; SSL_set_SSL_CTX ends it */
    printf("clear t = %d\n", SSL_clear(t));
    SSL_use_certificate(f, rsa);
    both("after clear", t, f);
    SSL_set_SSL_CTX(t, other);
    SSL_use_certificate(f, ec);
    SSL_set_security_level(f, 4);
    both("after set_SSL_CTX", t, f);

    /* the CERT outlives the first of its connections */
    printf("copy_session_id again = %d\n", SSL_copy_session_id(t, f));
    SSL_free(f);
    SSL_use_PrivateKey(t, ec_key);
    show("after free f", "t", t);

    /* SSL_dup shares the CERT of a connection holding a session, copies it otherwise */
    sess = SSL_SESSION_new();
    printf("set_session = %d\n", SSL_set_session(t, sess));
    d = SSL_dup(t);
    SSL_set_security_level(t, 2);
    SSL_add1_chain_cert(d, rsa);
    both("dup with session", d, t);
    SSL_free(d);
    SSL_set_session(t, NULL);
    d = SSL_dup(t);
    SSL_set_security_level(t, 5);
    SSL_add1_chain_cert(d, ec);
    both("dup without session", d, t);
    SSL_free(d);

    /* BIO_ssl_copy_session_id */
    f = SSL_new(other);
    d = SSL_new(other);
    bt = BIO_new(BIO_f_ssl());
    bf = BIO_new(BIO_f_ssl());
    BIO_set_ssl(bt, d, BIO_CLOSE);
    BIO_set_ssl(bf, f, BIO_CLOSE);
    printf("BIO_ssl_copy_session_id = %d\n", BIO_ssl_copy_session_id(bt, bf));
    SSL_use_certificate(f, rsa);
    SSL_set_security_level(d, 0);
    both("bio copy", d, f);
    BIO_free(bt);
    BIO_free(bf);

    SSL_SESSION_free(sess);
    SSL_free(t);
    SSL_CTX_free(ctx);
    SSL_CTX_free(other);
    X509_free(rsa);
    X509_free(ec);
    EVP_PKEY_free(rsa_key);
    EVP_PKEY_free(ec_key);
    return 0;
}
