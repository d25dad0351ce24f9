/*
 * certs_dh_ct.c - the temporary DH key (set0: ownership taken; refused below
 * the default security level, or NULL) and callback, and Certificate
 * Transparency: enabling (the two policies, an invalid mode), the validation
 * callback, what SSL_new copies, the context's log store (created empty,
 * replaced with set0, loaded from files) and the peer's SCTs before a
 * handshake.
 */
#include "certs_util.h"
#include <openssl/ct.h>

static int ct_cb(const CT_POLICY_EVAL_CTX *c, const STACK_OF(SCT) *s, void *arg)
{
    (void)c;
    (void)s;
    (void)arg;
    return 1;
}

static DH *dh_cb(SSL *s, int is_export, int keylength)
{
    (void)s;
    (void)is_export;
    (void)keylength;
    return NULL;
}

static void test_dh(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl;
    EVP_PKEY *small = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)512);
    EVP_PKEY *k = read_key(FIX("ec.key"));

    FATAL_IF(small == NULL, "keygen");
    printf("NULL=%d\n", SSL_CTX_set0_tmp_dh_pkey(ctx, NULL));
    print_errors("NULL");
    printf("small=%d\n", SSL_CTX_set0_tmp_dh_pkey(ctx, small));
    print_errors("small");
    {
        EVP_PKEY *mid = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)1024);
        printf("1024 bits (80)=%d\n", SSL_CTX_set0_tmp_dh_pkey(ctx, mid));
        print_errors("1024 bits");
        EVP_PKEY_free(mid);
    }
    printf("ok=%d\n", SSL_CTX_set0_tmp_dh_pkey(ctx, k)); /* the context owns k now */
    print_errors("ok");
    SSL_CTX_set_tmp_dh_callback(ctx, dh_cb);
    ssl = SSL_new(ctx);
    printf("ssl small=%d\n", SSL_set0_tmp_dh_pkey(ssl, small));
    print_errors("ssl small");
    printf("ssl replace=%d\n", SSL_set0_tmp_dh_pkey(ssl, read_key(FIX("rsa.key"))));
    SSL_set_tmp_dh_callback(ssl, NULL);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    EVP_PKEY_free(small);
}

static void test_ct(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl, *ssl2;
    CTLOG_STORE *logs;

    printf("ctx enabled=%d\n", SSL_CTX_ct_is_enabled(ctx));
    ssl = SSL_new(ctx);
    printf("ssl enabled=%d\n", SSL_ct_is_enabled(ssl));
    printf("enable bad mode=%d\n", SSL_CTX_enable_ct(ctx, 2));
    print_errors("bad mode");
    printf("enable strict=%d\n", SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_STRICT));
    printf("  enabled=%d\n", SSL_CTX_ct_is_enabled(ctx));
    printf("old ssl enabled=%d\n", SSL_ct_is_enabled(ssl));
    ssl2 = SSL_new(ctx);
    printf("new ssl enabled=%d\n", SSL_ct_is_enabled(ssl2));
    printf("ssl2 disable=%d\n", SSL_set_ct_validation_callback(ssl2, NULL, NULL));
    printf("  ssl2 enabled=%d ctx enabled=%d\n", SSL_ct_is_enabled(ssl2), SSL_CTX_ct_is_enabled(ctx));
    printf("ssl enable bad=%d\n", SSL_enable_ct(ssl, -1));
    print_errors("ssl bad mode");
    printf("ssl enable permissive=%d\n", SSL_enable_ct(ssl, SSL_CT_VALIDATION_PERMISSIVE));
    printf("  enabled=%d\n", SSL_ct_is_enabled(ssl));
    printf("ssl disable=%d\n", SSL_set_ct_validation_callback(ssl, NULL, NULL));
    printf("  enabled=%d\n", SSL_ct_is_enabled(ssl));
    printf("ssl custom cb=%d\n", SSL_set_ct_validation_callback(ssl, ct_cb, ctx));
    printf("  enabled=%d\n", SSL_ct_is_enabled(ssl));
    printf("ctx custom cb=%d\n", SSL_CTX_set_ct_validation_callback(ctx, ct_cb, NULL));
    printf("ctx NULL cb=%d\n", SSL_CTX_set_ct_validation_callback(ctx, NULL, NULL));
    printf("  enabled=%d\n", SSL_CTX_ct_is_enabled(ctx));
    printf("peer scts NULL=%d\n", SSL_get0_peer_scts(ssl) == NULL);
    print_errors("ct");

    logs = (CTLOG_STORE *)SSL_CTX_get0_ctlog_store(ctx);
    printf("log store non-NULL=%d same=%d\n", logs != NULL, logs == SSL_CTX_get0_ctlog_store(ctx));
    printf("missing list file=%d\n", SSL_CTX_set_ctlog_list_file(ctx, FIX("nope.cnf")));
    print_errors("missing list file");
    printf("list file of certs=%d\n", SSL_CTX_set_ctlog_list_file(ctx, FIX("rsa.pem")));
    print_errors("list file of certs");
    logs = CTLOG_STORE_new();
    SSL_CTX_set0_ctlog_store(ctx, logs);
    printf("set0: same=%d\n", SSL_CTX_get0_ctlog_store(ctx) == logs);
    SSL_CTX_set0_ctlog_store(ctx, NULL);
    printf("set0 NULL: NULL=%d\n", SSL_CTX_get0_ctlog_store(ctx) == NULL);
    SSL_free(ssl);
    SSL_free(ssl2);
    SSL_CTX_free(ctx);
}

int main(void)
{
    test_dh();
    test_ct();
    return 0;
}
