/*
 * certs_keys.c - certificates and private keys of a context and a
 * connection: the use_certificate / use_PrivateKey / use_RSAPrivateKey
 * families (object, DER in memory, PEM and DER files, the chain file), the
 * getters, check_private_key, one slot per key type, mismatched keys, missing
 * files and bad file types with their error queues, encrypted keys through
 * the password callback, and what SSL_new copies (the context's certificates
 * at that moment, not later ones).
 */
#include "certs_util.h"

static int cb_calls;
static void *cb_seen_userdata;

static int password_cb(char *buf, int size, int rwflag, void *u)
{
    const char *pw = (const char *)u;
    int n = (int)strlen(pw);

    cb_calls++;
    cb_seen_userdata = u;
    printf("  password_cb: size>=%d rwflag=%d\n", size >= n, rwflag);
    if (n > size)
        return -1;
    memcpy(buf, pw, (size_t)n);
    return n;
}

static void show(const char *label, SSL_CTX *ctx, SSL *ssl)
{
    if (ctx != NULL)
        printf("%s: ctx cert=%s key=%s\n", label, subject(SSL_CTX_get0_certificate(ctx)),
               key_desc(SSL_CTX_get0_privatekey(ctx)));
    if (ssl != NULL)
        printf("%s: ssl cert=%s key=%s\n", label, subject(SSL_get_certificate(ssl)),
               key_desc(SSL_get_privatekey(ssl)));
}

static void test_ctx_files(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    show("new", ctx, NULL);
    printf("check (empty) = %d\n", SSL_CTX_check_private_key(ctx));
    print_errors("check (empty)");

    printf("cert rsa.pem = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.pem"), SSL_FILETYPE_PEM));
    print_errors("cert rsa.pem");
    show("after cert", ctx, NULL);
    printf("check (no key) = %d\n", SSL_CTX_check_private_key(ctx));
    print_errors("check (no key)");

    /* an EC key goes to the EC slot, which becomes current (no certificate there) */
    printf("key ec.key = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("ec.key"), SSL_FILETYPE_PEM));
    print_errors("key ec.key");
    show("after ec key", ctx, NULL);
    printf("check (ec slot) = %d\n", SSL_CTX_check_private_key(ctx));
    print_errors("check (ec slot)");

    printf("key rsa.key = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa.key"), SSL_FILETYPE_PEM));
    print_errors("key rsa.key");
    show("after rsa key", ctx, NULL);
    printf("check = %d\n", SSL_CTX_check_private_key(ctx));
    print_errors("check");

    /* a key that does not match the EC certificate */
    printf("cert ec.pem = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("ec.pem"), SSL_FILETYPE_PEM));
    print_errors("cert ec.pem");
    show("after ec cert", ctx, NULL);
    printf("key inter.key (mismatch) = %d\n",
           SSL_CTX_use_PrivateKey_file(ctx, FIX("inter.key"), SSL_FILETYPE_PEM));
    print_errors("key inter.key (mismatch)");
    show("after mismatch", ctx, NULL);
    printf("check = %d\n", SSL_CTX_check_private_key(ctx));
    print_errors("check");

    /* a certificate replacing one whose key it does not match drops the key,
     * and clears the whole error queue */
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLS_method());
    printf("cert ec.pem = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("ec.pem"), SSL_FILETYPE_PEM));
    printf("key ec.key = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("ec.key"), SSL_FILETYPE_PEM));
    ERR_raise(ERR_LIB_SSL, SSL_R_NULL_SSL_CTX);
    printf("cert inter.pem over ec key = %d\n",
           SSL_CTX_use_certificate_file(ctx, FIX("inter.pem"), SSL_FILETYPE_PEM));
    print_errors("cert inter.pem (queue had one error)");
    show("after", ctx, NULL);
    ERR_raise(ERR_LIB_SSL, SSL_R_NULL_SSL_CTX);
    printf("cert ec.pem, no key in slot = %d\n",
           SSL_CTX_use_certificate_file(ctx, FIX("ec.pem"), SSL_FILETYPE_PEM));
    print_errors("cert ec.pem (queue had one error)");

    /* failures */
    printf("missing cert file = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("nope.pem"), SSL_FILETYPE_PEM));
    print_errors("missing cert file");
    printf("missing key file = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("nope.pem"), SSL_FILETYPE_PEM));
    print_errors("missing key file");
    printf("missing rsa file = %d\n", SSL_CTX_use_RSAPrivateKey_file(ctx, FIX("nope.pem"), SSL_FILETYPE_PEM));
    print_errors("missing rsa file");
    printf("missing chain file = %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("nope.pem")));
    print_errors("missing chain file");
    printf("bad type = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.pem"), 7));
    print_errors("bad type");
    printf("bad type, missing file = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("nope.pem"), 7));
    print_errors("bad type, missing file");
    printf("key file as cert = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.key"), SSL_FILETYPE_PEM));
    print_errors("key file as cert");
    printf("cert file as key = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa.pem"), SSL_FILETYPE_PEM));
    print_errors("cert file as key");
    printf("PEM as DER = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.pem"), SSL_FILETYPE_ASN1));
    print_errors("PEM as DER");
    printf("NULL cert = %d\n", SSL_CTX_use_certificate(ctx, NULL));
    print_errors("NULL cert");
    printf("NULL key = %d\n", SSL_CTX_use_PrivateKey(ctx, NULL));
    print_errors("NULL key");
    printf("chain file of keys = %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa.key")));
    print_errors("chain file of keys");
    show("after failures", ctx, NULL);

    /* DER files, traditional RSA keys */
    printf("cert rsa.der = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("rsa.der"), SSL_FILETYPE_ASN1));
    printf("key rsa.key.der = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa.key.der"), SSL_FILETYPE_ASN1));
    print_errors("DER files");
    show("DER files", ctx, NULL);
    printf("check = %d\n", SSL_CTX_check_private_key(ctx));
    printf("rsa trad PEM = %d\n", SSL_CTX_use_RSAPrivateKey_file(ctx, FIX("rsa_trad.key"), SSL_FILETYPE_PEM));
    printf("rsa trad DER = %d\n", SSL_CTX_use_RSAPrivateKey_file(ctx, FIX("rsa_trad.der"), SSL_FILETYPE_ASN1));
    printf("rsa from PKCS#8 PEM = %d\n", SSL_CTX_use_RSAPrivateKey_file(ctx, FIX("rsa.key"), SSL_FILETYPE_PEM));
    print_errors("RSA files");
    printf("rsa mismatch (ec key file) = %d\n", SSL_CTX_use_RSAPrivateKey_file(ctx, FIX("ec.key"), SSL_FILETYPE_PEM));
    print_errors("rsa mismatch (ec key file)");
    show("RSA files", ctx, NULL);

    /* below the security level (Debian's default, 2: 112 bits) */
    printf("weak cert file = %d\n", SSL_CTX_use_certificate_file(ctx, FIX("weak.pem"), SSL_FILETYPE_PEM));
    print_errors("weak cert file");
    printf("weak chain cert = %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_weak_chain.pem")));
    print_errors("weak chain cert");
    show("after weak", ctx, NULL);

    /* the chain file: the first certificate is used */
    printf("chain rsa_chain.pem = %d\n", SSL_CTX_use_certificate_chain_file(ctx, FIX("rsa_chain.pem")));
    print_errors("chain");
    show("chain", ctx, NULL);
    SSL_CTX_free(ctx);
}

static void test_memory(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    long len;
    const unsigned char *d;
    X509 *x = read_cert(FIX("rsa.pem"));
    EVP_PKEY *k = read_key(FIX("rsa.key"));
    EVP_PKEY *eck = read_key(FIX("ec.key"));

    d = read_bytes(FIX("rsa.der"), &len);
    printf("cert ASN1 = %d\n", SSL_CTX_use_certificate_ASN1(ctx, (int)len, d));
    printf("cert ASN1 short = %d\n", SSL_CTX_use_certificate_ASN1(ctx, (int)len - 1, d));
    print_errors("cert ASN1 short");
    d = read_bytes(FIX("rsa.key.der"), &len);
    printf("key ASN1 (RSA type) = %d\n", SSL_CTX_use_PrivateKey_ASN1(EVP_PKEY_RSA, ctx, d, len));
    printf("key ASN1 (EC type) = %d\n", SSL_CTX_use_PrivateKey_ASN1(EVP_PKEY_EC, ctx, d, len));
    print_errors("key ASN1 (EC type)");
    d = read_bytes(FIX("rsa_trad.der"), &len);
    printf("rsa ASN1 = %d\n", SSL_CTX_use_RSAPrivateKey_ASN1(ctx, d, len));
    printf("rsa ASN1 garbage = %d\n", SSL_CTX_use_RSAPrivateKey_ASN1(ctx, d + 1, len - 1));
    print_errors("rsa ASN1 garbage");
    printf("check = %d\n", SSL_CTX_check_private_key(ctx));
    show("memory", ctx, NULL);

    /* the context's objects are shared (references), not copied */
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLS_method());
    printf("use x = %d, use k = %d\n", SSL_CTX_use_certificate(ctx, x), SSL_CTX_use_PrivateKey(ctx, k));
    printf("same objects: cert %d key %d\n", SSL_CTX_get0_certificate(ctx) == x,
           SSL_CTX_get0_privatekey(ctx) == k);

    /* SSL_new copies the certificates (the same objects) as they are now */
    ssl = SSL_new(ctx);
    show("ssl_new", ctx, ssl);
    printf("ssl shares: cert %d key %d\n", SSL_get_certificate(ssl) == x, SSL_get_privatekey(ssl) == k);
    printf("ctx ec key = %d\n", SSL_CTX_use_PrivateKey(ctx, eck));
    show("ctx changed", ctx, ssl);
    printf("ssl check = %d\n", SSL_check_private_key(ssl));
    printf("ssl ec key = %d\n", SSL_use_PrivateKey(ssl, eck));
    printf("ssl ec cert file = %d\n", SSL_use_certificate_file(ssl, FIX("ec.pem"), SSL_FILETYPE_PEM));
    show("ssl changed", ctx, ssl);
    printf("ssl check = %d\n", SSL_check_private_key(ssl));
    SSL_certs_clear(ssl);
    show("certs_clear", ctx, ssl);
    printf("ssl check = %d\n", SSL_check_private_key(ssl));
    print_errors("ssl check after clear");
    printf("ssl cert ASN1 = %d\n", SSL_use_certificate_ASN1(ssl, read_bytes(FIX("rsa.der"), &len), (int)len));
    printf("ssl rsa file = %d\n", SSL_use_RSAPrivateKey_file(ssl, FIX("rsa_trad.key"), SSL_FILETYPE_PEM));
    printf("ssl chain = %d\n", SSL_use_certificate_chain_file(ssl, FIX("rsa_chain.pem")));
    printf("ssl missing = %d\n", SSL_use_PrivateKey_file(ssl, FIX("nope"), SSL_FILETYPE_PEM));
    print_errors("ssl missing");
    d = read_bytes(FIX("rsa.key.der"), &len);
    printf("ssl key ASN1 = %d\n", SSL_use_PrivateKey_ASN1(EVP_PKEY_RSA, ssl, d, len));
    d = read_bytes(FIX("rsa_trad.der"), &len);
    printf("ssl rsa ASN1 = %d\n", SSL_use_RSAPrivateKey_ASN1(ssl, d, len));
    printf("ssl NULL cert = %d\n", SSL_use_certificate(ssl, NULL));
    print_errors("ssl NULL cert");
    show("ssl final", ctx, ssl);
    printf("ssl check = %d\n", SSL_check_private_key(ssl));
    SSL_free(ssl);

    /* a connection of a context that never had any */
    SSL_CTX_free(ctx);
    ctx = SSL_CTX_new(TLS_method());
    ssl = SSL_new(ctx);
    show("fresh", ctx, ssl);
    printf("fresh ssl check = %d\n", SSL_check_private_key(ssl));
    print_errors("fresh ssl check");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    X509_free(x);
    EVP_PKEY_free(k);
    EVP_PKEY_free(eck);
}

static void test_passwords(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    char good[] = "secret";
    char bad[] = "wrong";

    printf("default cb NULL: %d, userdata NULL: %d\n", SSL_CTX_get_default_passwd_cb(ctx) == NULL,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == NULL);
    SSL_CTX_set_default_passwd_cb(ctx, password_cb);
    SSL_CTX_set_default_passwd_cb_userdata(ctx, bad);
    printf("getters: %d %d\n", SSL_CTX_get_default_passwd_cb(ctx) == password_cb,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == bad);
    printf("encrypted, wrong password = %d\n",
           SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa_enc.key"), SSL_FILETYPE_PEM));
    printf("calls=%d userdata ok=%d\n", cb_calls, cb_seen_userdata == bad);
    print_errors("wrong password");
    SSL_CTX_set_default_passwd_cb_userdata(ctx, good);
    printf("encrypted, right password = %d\n",
           SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa_enc.key"), SSL_FILETYPE_PEM));
    printf("calls=%d userdata ok=%d\n", cb_calls, cb_seen_userdata == good);
    print_errors("right password");
    show("encrypted", ctx, NULL);
    printf("unencrypted key: calls before=%d\n", cb_calls);
    printf("  = %d\n", SSL_CTX_use_PrivateKey_file(ctx, FIX("rsa.key"), SSL_FILETYPE_PEM));
    printf("  calls after=%d\n", cb_calls);

    /* SSL_new: does the connection start with the context's callback? */
    ssl = SSL_new(ctx);
    printf("ssl cb copied: %d, userdata copied: %d\n", SSL_get_default_passwd_cb(ssl) == password_cb,
           SSL_get_default_passwd_cb_userdata(ssl) == good);
    SSL_set_default_passwd_cb_userdata(ssl, bad);
    printf("ssl getter: %d, ctx unchanged: %d\n", SSL_get_default_passwd_cb_userdata(ssl) == bad,
           SSL_CTX_get_default_passwd_cb_userdata(ctx) == good);
    printf("ssl encrypted, wrong password = %d\n",
           SSL_use_PrivateKey_file(ssl, FIX("rsa_enc.key"), SSL_FILETYPE_PEM));
    print_errors("ssl wrong password");
    SSL_set_default_passwd_cb_userdata(ssl, good);
    printf("ssl encrypted, right password = %d\n",
           SSL_use_PrivateKey_file(ssl, FIX("rsa_enc.key"), SSL_FILETYPE_PEM));
    SSL_set_default_passwd_cb(ssl, NULL);
    printf("ssl cb cleared: %d, ctx kept: %d\n", SSL_get_default_passwd_cb(ssl) == NULL,
           SSL_CTX_get_default_passwd_cb(ctx) == password_cb);
    printf("calls=%d\n", cb_calls);
    print_errors("end");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
}

int main(void)
{
    test_ctx_files();
    test_memory();
    test_passwords();
    return 0;
}
