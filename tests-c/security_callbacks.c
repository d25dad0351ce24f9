/*
 * security_callbacks.c - the security callback family: a new context's
 * default callback answering as OpenSSL's for every operation and level when
 * C calls it directly; SSL_new copying the callback and its ex pointer; the
 * getters and setters; and the checks of the handshake-free paths
 * (SSL_get1_supported_ciphers, certificates, DH parameters) asking an
 * application callback, whose log of calls (operation, bits, NID, what
 * "other" is) must be OpenSSL's, in OpenSSL's order.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/pem.h>
#include <openssl/dh.h>
#include <openssl/err.h>
#include "test_util.h"

#define FIX(name) ("tests-c/fixtures/certs/" name)

typedef int (*sec_cb)(const SSL *, const SSL_CTX *, int, int, int, void *, void *);

static const void *expect_other;
static int log_calls = 1;
/* Denial rules of the logging callback. */
static int deny_sigalg = -1, deny_version = -1, deny_below_bits = 0, deny_op = -1;

static const char *other_desc(int op, void *other)
{
    static char buf[64];

    if (other == NULL)
        return "-";
    if (other == expect_other)
        return "object";
    switch (op & SSL_SECOP_OTHER_TYPE) {
    case SSL_SECOP_OTHER_CIPHER:
        return SSL_CIPHER_get_name((const SSL_CIPHER *)other);
    case SSL_SECOP_OTHER_SIGALG:
        sprintf(buf, "sigalg %02x%02x", ((unsigned char *)other)[0],
                ((unsigned char *)other)[1]);
        return buf;
    }
    return "other";
}

static int logging_cb(const SSL *s, const SSL_CTX *ctx, int op, int bits,
                      int nid, void *other, void *ex)
{
    int ok = 1;

    if ((op & 0xffff) == 14 && other != NULL
        && (((unsigned char *)other)[0] << 8 | ((unsigned char *)other)[1]) == deny_sigalg)
        ok = 0;
    if (op == SSL_SECOP_VERSION && nid == deny_version)
        ok = 0;
    if (bits < deny_below_bits && op != SSL_SECOP_VERSION)
        ok = 0;
    if (op == deny_op)
        ok = 0;
    if (log_calls)
        printf("    cb(%s%s op=0x%x bits=%d nid=%d other=%s ex=%s) -> %d\n",
               s != NULL ? "ssl" : "", ctx != NULL ? "ctx" : "", op, bits, nid,
               other_desc(op, other), ex == (void *)0x5ec ? "mine" : ex == NULL ? "NULL" : "?",
               ok);
    return ok;
}

static void print_errors(void)
{
    unsigned long e;

    while ((e = ERR_get_error()) != 0)
        printf("  error lib=%d reason=%d\n", ERR_GET_LIB(e), ERR_GET_REASON(e));
}

static void supported(const char *label, SSL *s)
{
    STACK_OF(SSL_CIPHER) *sk;
    int i;

    printf("%s:\n", label);
    sk = SSL_get1_supported_ciphers(s);
    if (sk == NULL) {
        printf("  supported: NULL\n");
        return;
    }
    printf("  supported: %d:", sk_SSL_CIPHER_num(sk));
    for (i = 0; i < sk_SSL_CIPHER_num(sk); i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
    sk_SSL_CIPHER_free(sk);
}

/* The default callback, called directly, for every operation and level. */
static void default_answers(SSL_CTX *ctx, SSL *s, sec_cb cb)
{
    static const int versions[] = { 0x300, 0x301, 0x302, 0x303, 0x304, 0x305 };
    static const int ops[] = {
        SSL_SECOP_CURVE_SUPPORTED, SSL_SECOP_CURVE_SHARED, SSL_SECOP_CURVE_CHECK,
        SSL_SECOP_TMP_DH, SSL_SECOP_TICKET, SSL_SECOP_SIGALG_SUPPORTED,
        SSL_SECOP_SIGALG_SHARED, SSL_SECOP_SIGALG_CHECK, SSL_SECOP_SIGALG_MASK,
        SSL_SECOP_COMPRESSION, SSL_SECOP_EE_KEY, SSL_SECOP_CA_KEY, SSL_SECOP_CA_MD,
        SSL_SECOP_PEER_EE_KEY, SSL_SECOP_PEER_CA_KEY, SSL_SECOP_PEER_CA_MD, 0, 8, 99
    };
    static const int bits[] = { -1, 0, 63, 64, 79, 80, 111, 112, 127, 128, 191, 192, 255, 256, 1000 };
    STACK_OF(SSL_CIPHER) *all;
    int level, i, j;
    char line[4096];

    SSL_CTX_set_cipher_list(ctx, "ALL:COMPLEMENTOFALL");
    all = SSL_CTX_get_ciphers(ctx);
    for (level = -1; level <= 6; level++) {
        SSL_CTX_set_security_level(ctx, level);
        SSL_set_security_level(s, level);
        printf("level %d:\n", level);
        for (i = 0; i < (int)(sizeof(ops) / sizeof(ops[0])); i++) {
            int n = sprintf(line, "  op 0x%x:", ops[i]);
            for (j = 0; j < (int)(sizeof(bits) / sizeof(bits[0])); j++)
                n += sprintf(line + n, " %d", cb(NULL, ctx, ops[i], bits[j], 0, NULL, NULL));
            /* the connection's level when no context is given */
            n += sprintf(line + n, " | ssl:");
            for (j = 0; j < (int)(sizeof(bits) / sizeof(bits[0])); j++)
                n += sprintf(line + n, " %d", cb(s, NULL, ops[i], bits[j], 0, NULL, NULL));
            printf("%s\n", line);
        }
        printf("  versions:");
        for (i = 0; i < (int)(sizeof(versions) / sizeof(versions[0])); i++)
            printf(" %x=%d", versions[i], cb(s, NULL, SSL_SECOP_VERSION, 0, versions[i], NULL, NULL));
        printf("\n");
        for (j = 0; j < 3; j++) {
            static const int cops[] = { SSL_SECOP_CIPHER_SUPPORTED, SSL_SECOP_CIPHER_SHARED, SSL_SECOP_CIPHER_CHECK };
            int n = sprintf(line, "  cipher op 0x%x:", cops[j]);
            for (i = 0; i < sk_SSL_CIPHER_num(all); i++) {
                const SSL_CIPHER *c = sk_SSL_CIPHER_value(all, i);
                n += sprintf(line + n, "%d", cb(NULL, ctx, cops[j], SSL_CIPHER_get_bits(c, NULL), 0, (void *)c, NULL));
                n += sprintf(line + n, "%d", cb(NULL, ctx, cops[j], 256, 0, (void *)c, NULL));
            }
            printf("%s\n", line);
        }
    }
    SSL_CTX_set_security_level(ctx, 2);
    SSL_set_security_level(s, 2);
}

static void dtls_versions(sec_cb cb)
{
    SSL_CTX *ctx = SSL_CTX_new(DTLS_method());
    SSL *s = SSL_new(ctx);
    static const int versions[] = { 0x100, 0xfeff, 0xfefd, 0xfefc, 0x303, 0x304 };
    int level, i;

    for (level = 0; level <= 5; level++) {
        SSL_set_security_level(s, level);
        printf("dtls level %d:", level);
        for (i = 0; i < 6; i++)
            printf(" %x=%d", versions[i], cb(s, NULL, SSL_SECOP_VERSION, 0, versions[i], NULL, NULL));
        printf("\n");
    }
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static X509 *read_cert(const char *path)
{
    FILE *f = fopen(path, "r");
    X509 *x;

    FATAL_IF(f == NULL, path);
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    FATAL_IF(x == NULL, path);
    return x;
}

static EVP_PKEY *read_key(const char *path)
{
    FILE *f = fopen(path, "r");
    EVP_PKEY *k;

    FATAL_IF(f == NULL, path);
    k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    FATAL_IF(k == NULL, path);
    return k;
}

static unsigned int psk_cb(SSL *s, const char *hint, char *id, unsigned int max_id,
                           unsigned char *psk, unsigned int max_psk)
{
    (void)s; (void)hint; (void)id; (void)max_id; (void)psk; (void)max_psk;
    return 0;
}

static void psk_paths(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;

    log_calls = 0;
    SSL_CTX_set_security_callback(ctx, logging_cb);
    SSL_CTX_set_cipher_list(ctx, "PSK:@SECLEVEL=0");
    s = SSL_new(ctx);
    supported("psk, no callback", s);
    SSL_set_psk_client_callback(s, psk_cb);
    supported("psk, connection's client callback", s);
    SSL_free(s);
    SSL_CTX_set_psk_client_callback(ctx, psk_cb);
    s = SSL_new(ctx);
    supported("psk, context's client callback", s);
    SSL_free(s);
    SSL_CTX_free(ctx);
    log_calls = 1;
}

static void supported_paths(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;

    SSL_CTX_set_security_callback(ctx, logging_cb);
    SSL_CTX_set0_security_ex_data(ctx, (void *)0x5ec);
    printf("set_cipher_list (no calls expected):\n");
    printf("  -> %d\n", SSL_CTX_set_cipher_list(ctx, "ALL:@SECLEVEL=1"));
    printf("  -> %d\n", SSL_CTX_set_ciphersuites(ctx, "TLS_AES_128_GCM_SHA256"));
    SSL_CTX_set_cipher_list(ctx, "DEFAULT");
    SSL_CTX_set_ciphersuites(ctx, "TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256");
    s = SSL_new(ctx);
    printf("ssl copies: cb %d ex %d\n", SSL_get_security_callback(s) == logging_cb,
           SSL_get0_security_ex_data(s) == (void *)0x5ec);
    supported("all allowed", s);
    deny_sigalg = 0x0403;
    supported("ecdsa p256 denied", s);
    deny_sigalg = 0x0809;
    supported("rsa pss denied", s);
    deny_sigalg = -1;
    deny_version = 0x304;
    supported("tls1.3 denied", s);
    deny_version = 0x303;
    supported("tls1.2 denied", s);
    deny_version = -1;
    deny_below_bits = 129;
    supported("below 129 bits denied", s);
    deny_below_bits = 0;
    deny_op = SSL_SECOP_CIPHER_SUPPORTED;
    supported("every cipher denied", s);
    deny_op = -1;
    SSL_set_min_proto_version(s, TLS1_2_VERSION);
    supported("min TLS 1.2", s);
    SSL_set_min_proto_version(s, TLS1_3_VERSION);
    supported("min TLS 1.3 (server)", s);
    SSL_set_connect_state(s);
    supported("min TLS 1.3 (client, first)", s);
    supported("min TLS 1.3 (client, again)", s);
    SSL_set_min_proto_version(s, 0);
    SSL_set_max_proto_version(s, TLS1_1_VERSION);
    supported("max TLS 1.1", s);
    SSL_set_max_proto_version(s, 0);
    SSL_set_options(s, SSL_OP_NO_TLSv1_3);
    supported("no TLS 1.3", s);
    SSL_set_options(s, SSL_OP_NO_TLSv1_2);
    supported("no TLS 1.2 and 1.3", s);
    SSL_clear_options(s, SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3);
    SSL_set_cipher_list(s, "SUITEB128");
    supported("suite b 128", s);
    SSL_set_cipher_list(s, "PSK:SRP:aNULL:@SECLEVEL=0");
    supported("psk srp anull, no callbacks", s);
    SSL_set_security_callback(s, NULL);
    printf("NULL callback: %d\n", SSL_get_security_callback(s) == NULL);
    SSL_set_security_callback(s, logging_cb);
    SSL_set0_security_ex_data(s, NULL);
    printf("ssl ex now NULL: %d, ctx's still: %d\n", SSL_get0_security_ex_data(s) == NULL,
           SSL_CTX_get0_security_ex_data(ctx) == (void *)0x5ec);
    SSL_free(s);

    /* configured signature algorithms decide the authentications */
    s = SSL_new(ctx);
    SSL_set1_sigalgs_list(s, "RSA+SHA256:ed25519");
    supported("ssl sigalgs RSA+SHA256:ed25519", s);
    SSL_set1_client_sigalgs_list(s, "ECDSA+SHA384");
    supported("server with client sigalgs ECDSA+SHA384", s);
    SSL_set_connect_state(s);
    supported("client: its own list again", s);
    {
        static const int pairs[] = { NID_sha384, EVP_PKEY_RSA, NID_sha1, EVP_PKEY_DSA };

        SSL_set1_sigalgs(s, pairs, 4);
        supported("ssl sigalgs by NID: RSA+SHA384, DSA+SHA1", s);
    }
    printf("bad list: %ld\n", SSL_set1_sigalgs_list(s, "RSA+SHA999"));
    supported("after a refused list", s);
    SSL_free(s);
    SSL_CTX_set1_sigalgs_list(ctx, "ECDSA+SHA256");
    s = SSL_new(ctx);
    supported("ctx sigalgs ECDSA+SHA256, copied by SSL_new", s);
    SSL_free(s);

    SSL_CTX_set_security_callback(ctx, NULL);
    SSL_CTX_set_security_callback(ctx, logging_cb);
    SSL_CTX_set_cipher_list(ctx, "PSK:SRP:aNULL:@SECLEVEL=0");
    SSL_CTX_set_srp_username(ctx, NULL);
    s = SSL_new(ctx);
    supported("srp configured", s);
    SSL_free(s);
    SSL_CTX_free(ctx);

    {
        /* which SRP settings make the SRP suites possible */
        int i;

        log_calls = 0;
        for (i = 0; i < 7; i++) {
            char label[64];

            ctx = SSL_CTX_new(TLS_method());
            SSL_CTX_set_security_callback(ctx, logging_cb);
            SSL_CTX_set_cipher_list(ctx, "SRP:@SECLEVEL=0");
            switch (i) {
            case 0: SSL_CTX_set_srp_username(ctx, (char *)"user"); break;
            case 1: SSL_CTX_set_srp_password(ctx, (char *)"pw"); break;
            case 2: SSL_CTX_set_srp_strength(ctx, 2048); break;
            case 3: SSL_CTX_set_srp_cb_arg(ctx, NULL); break;
            case 4: SSL_CTX_set_srp_client_pwd_callback(ctx, NULL); break;
            case 5: SSL_CTX_set_srp_verify_param_callback(ctx, NULL); break;
            case 6: SSL_CTX_set_srp_username_callback(ctx, NULL); break;
            }
            s = SSL_new(ctx);
            sprintf(label, "srp setting %d", i);
            supported(label, s);
            SSL_free(s);
            SSL_CTX_free(ctx);
        }
        log_calls = 1;
    }

    ctx = SSL_CTX_new(DTLS_method());
    SSL_CTX_set_security_callback(ctx, logging_cb);
    SSL_CTX_set_cipher_list(ctx, "ALL");
    s = SSL_new(ctx);
    log_calls = 0;
    supported("dtls", s);
    SSL_set_max_proto_version(s, DTLS1_VERSION);
    supported("dtls 1.0", s);
    log_calls = 1;
    SSL_free(s);
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLSv1_2_method());
    SSL_CTX_set_security_callback(ctx, logging_cb);
    s = SSL_new(ctx);
    log_calls = 0;
    supported("tls 1.2 method", s);
    log_calls = 1;
    SSL_free(s);
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLS_method());
    s = SSL_new(ctx);
    SSL_set_security_level(s, 0);
    supported("default callback, level 0", s);
    SSL_set_security_level(s, 3);
    supported("default callback, level 3", s);
    SSL_set_security_level(s, 4);
    supported("default callback, level 4", s);
    SSL_set_security_level(s, 5);
    supported("default callback, level 5", s);
    SSL_set_cipher_list(s, "SUITEB192");
    supported("default callback, level 5, suite b 192", s);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void certificate_paths(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    X509 *rsa = read_cert(FIX("rsa.pem")), *weak = read_cert(FIX("weak.pem"));
    X509 *ca = read_cert(FIX("ca.pem"));
    EVP_PKEY *rsakey = read_key(FIX("rsa.key"));
    STACK_OF(X509) *chain = sk_X509_new_null();

    SSL_CTX_set_security_callback(ctx, logging_cb);
    SSL_CTX_set0_security_ex_data(ctx, (void *)0x5ec);
    expect_other = rsa;
    printf("ctx use_certificate rsa:\n");
    printf("  -> %d\n", SSL_CTX_use_certificate(ctx, rsa));
    print_errors();
    expect_other = weak;
    printf("ctx use_certificate weak:\n");
    printf("  -> %d\n", SSL_CTX_use_certificate(ctx, weak));
    print_errors();
    deny_op = SSL_SECOP_EE_KEY;
    expect_other = rsa;
    printf("ctx use_certificate rsa, ee key denied:\n");
    printf("  -> %d\n", SSL_CTX_use_certificate(ctx, rsa));
    print_errors();
    deny_op = SSL_SECOP_CA_MD;
    printf("ctx use_certificate rsa, ca md denied:\n");
    printf("  -> %d\n", SSL_CTX_use_certificate(ctx, rsa));
    print_errors();
    deny_op = -1;
    s = SSL_new(ctx);
    printf("ssl use_certificate rsa:\n");
    printf("  -> %d\n", SSL_use_certificate(s, rsa));
    print_errors();
    printf("ctx chain file:\n");
    expect_other = NULL;
    printf("  -> %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    print_errors();
    deny_op = SSL_SECOP_CA_KEY;
    printf("ctx chain file, ca key denied:\n");
    printf("  -> %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    print_errors();
    deny_op = -1;
    sk_X509_push(chain, ca);
    printf("use_cert_and_key:\n");
    printf("  -> %d\n", SSL_CTX_use_cert_and_key(ctx, rsa, rsakey, chain, 1));
    print_errors();
    deny_op = SSL_SECOP_CA_KEY;
    printf("use_cert_and_key, ca key denied:\n");
    printf("  -> %d\n", SSL_CTX_use_cert_and_key(ctx, rsa, rsakey, chain, 1));
    print_errors();
    deny_op = -1;
    {
        DH *dh = DH_get_2048_256();
        EVP_PKEY *pk = EVP_PKEY_new();

        printf("ctx set_tmp_dh:\n");
        printf("  -> %ld\n", SSL_CTX_set_tmp_dh(ctx, dh));
        print_errors();
        deny_op = SSL_SECOP_TMP_DH;
        printf("ssl set_tmp_dh, denied:\n");
        printf("  -> %ld\n", SSL_set_tmp_dh(s, dh));
        print_errors();
        EVP_PKEY_set1_DH(pk, dh);
        printf("ctx set0_tmp_dh_pkey, denied:\n");
        printf("  -> %d\n", SSL_CTX_set0_tmp_dh_pkey(ctx, pk));
        print_errors();
        deny_op = -1;
        printf("ssl set0_tmp_dh_pkey:\n");
        printf("  -> %d\n", SSL_set0_tmp_dh_pkey(s, pk));
        print_errors();
        DH_free(dh);
    }
    SSL_free(s);
    SSL_CTX_free(ctx);

    /* chain certificates set through SSL_CTX_ctrl / SSL_ctrl */
    ctx = SSL_CTX_new(TLS_method());
    s = SSL_new(ctx);
    SSL_CTX_set_security_callback(ctx, logging_cb);
    expect_other = ca;
    printf("ctx add1_chain_cert:\n");
    printf("  -> %ld\n", SSL_CTX_add1_chain_cert(ctx, ca));
    print_errors();
    deny_op = SSL_SECOP_CA_KEY;
    printf("ctx add1_chain_cert, ca key denied:\n");
    printf("  -> %ld\n", SSL_CTX_add1_chain_cert(ctx, ca));
    print_errors();
    printf("ctx set1_chain, ca key denied:\n");
    printf("  -> %ld\n", SSL_CTX_set1_chain(ctx, chain));
    print_errors();
    deny_op = -1;
    printf("ctx set1_chain:\n");
    printf("  -> %ld\n", SSL_CTX_set1_chain(ctx, chain));
    print_errors();
    expect_other = weak;
    printf("ssl add1_chain_cert weak (default callback):\n");
    printf("  -> %ld\n", SSL_add1_chain_cert(s, weak));
    print_errors();
    SSL_set_security_level(s, 1);
    printf("ssl add1_chain_cert weak, level 1:\n");
    printf("  -> %ld\n", SSL_add1_chain_cert(s, weak));
    print_errors();
    SSL_set_security_level(s, 2);
    sk_X509_push(chain, weak);
    printf("ssl set1_chain with a weak one:\n");
    printf("  -> %ld\n", SSL_set1_chain(s, chain));
    print_errors();
    printf("ssl add1_chain_cert NULL:\n");
    printf("  -> %ld\n", SSL_add1_chain_cert(s, NULL));
    print_errors();
    SSL_free(s);
    SSL_CTX_free(ctx);

    /* The default callback reads the real security level. */
    ctx = SSL_CTX_new(TLS_method());
    s = SSL_new(ctx);
    printf("default callback, level 2, weak certificate: %d\n", SSL_CTX_use_certificate(ctx, weak));
    print_errors();
    SSL_CTX_set_security_level(ctx, 1);
    printf("default callback, level 1, weak certificate: %d\n", SSL_CTX_use_certificate(ctx, weak));
    print_errors();
    printf("ssl still at level 2, weak certificate: %d\n", SSL_use_certificate(s, weak));
    print_errors();
    SSL_set_security_level(s, 0);
    printf("ssl at level 0, weak certificate: %d\n", SSL_use_certificate(s, weak));
    print_errors();
    {
        DH *dh = DH_new();
        BIGNUM *p = BN_new(), *g = BN_new();

        /* a 1024-bit group: 80 bits of security */
        BN_set_bit(p, 1023);
        BN_add_word(p, 1);
        BN_set_word(g, 2);
        DH_set0_pqg(dh, p, NULL, g);
        printf("ctx level 1, 1024-bit DH: %ld\n", SSL_CTX_set_tmp_dh(ctx, dh));
        print_errors();
        SSL_CTX_set_security_level(ctx, 2);
        printf("ctx level 2, 1024-bit DH: %ld\n", SSL_CTX_set_tmp_dh(ctx, dh));
        print_errors();
        printf("ssl level 0, 1024-bit DH: %ld\n", SSL_set_tmp_dh(s, dh));
        print_errors();
        DH_free(dh);
    }
    SSL_free(s);
    SSL_CTX_free(ctx);
    sk_X509_free(chain);
    X509_free(rsa);
    X509_free(weak);
    X509_free(ca);
    EVP_PKEY_free(rsakey);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    sec_cb cb = SSL_CTX_get_security_callback(ctx);

    printf("default callback set: %d, ssl has it: %d\n", cb != NULL,
           SSL_get_security_callback(s) == cb);
    printf("ex data: %p %p\n", SSL_CTX_get0_security_ex_data(ctx), SSL_get0_security_ex_data(s));
    default_answers(ctx, s, cb);
    dtls_versions(cb);
    SSL_CTX_set_security_callback(ctx, logging_cb);
    printf("ctx set: %d, old ssl keeps default: %d\n",
           SSL_CTX_get_security_callback(ctx) == logging_cb, SSL_get_security_callback(s) == cb);
    SSL_CTX_set_security_callback(ctx, cb);
    printf("default back: %d\n", SSL_CTX_get_security_callback(ctx) == cb);
    {
        /* SSL_set_SSL_CTX: the connection takes the new context's certificate
         * settings, security callback, ex and level among them */
        SSL_CTX *other = SSL_CTX_new(TLS_method());

        SSL_CTX_set_security_callback(other, logging_cb);
        SSL_CTX_set0_security_ex_data(other, (void *)0x5ec);
        SSL_CTX_set_security_level(other, 4);
        SSL_set_security_level(s, 1);
        SSL_set_SSL_CTX(s, other);
        printf("after set_SSL_CTX: cb %d ex %d level %d\n", SSL_get_security_callback(s) == logging_cb,
               SSL_get0_security_ex_data(s) == (void *)0x5ec, SSL_get_security_level(s));
        SSL_set_SSL_CTX(s, ctx);
        printf("back: cb %d ex %p level %d\n", SSL_get_security_callback(s) == cb,
               SSL_get0_security_ex_data(s), SSL_get_security_level(s));
        SSL_CTX_free(other);
    }
    SSL_free(s);
    SSL_CTX_free(ctx);
    supported_paths();
    psk_paths();
    certificate_paths();
    return 0;
}
