/* SSL_CTX_new_ex with a library context or property query that provides no
 * cipher: NULL and SSL_R_LIBRARY_HAS_NO_CIPHERS; one that provides them all:
 * a context like SSL_CTX_new's. */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/provider.h>

static int news, frees;
static void ctx_new(void *p, void *ad, CRYPTO_EX_DATA *d, int i, long l, void *a)
{ (void)p; (void)ad; (void)d; (void)i; (void)l; (void)a; news++; }
static void ctx_free(void *p, void *ad, CRYPTO_EX_DATA *d, int i, long l, void *a)
{ (void)ad; (void)d; (void)i; (void)l; (void)a; frees++; printf("  free callback (object %s)\n", p ? "set" : "NULL"); }

static void errs(const char *what)
{
    unsigned long e;
    const char *func;
    int n = 0;
    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0) {
        printf("  %s: error lib=%d reason=%d func=%s\n", what, ERR_GET_LIB(e), ERR_GET_REASON(e), func);
        n++;
    }
    if (n == 0)
        printf("  %s: no error\n", what);
}

static void make_ctx(const char *label, OSSL_LIB_CTX *lc, const char *propq, const SSL_METHOD *m)
{
    SSL_CTX *c;
    news = frees = 0;
    c = SSL_CTX_new_ex(lc, propq, m);
    printf("%s: %s (new callbacks %d, free callbacks %d)\n", label, c ? "a context" : "NULL", news, frees);
    errs(label);
    if (c != NULL) {
        STACK_OF(SSL_CIPHER) *sk = SSL_CTX_get_ciphers(c);
        int i, n = sk_SSL_CIPHER_num(sk);
        SSL *s;
        printf("  %d ciphers:", n);
        for (i = 0; i < n && i < 5; i++)
            printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
        printf("\n  set_cipher_list(AES128-SHA) = %d", SSL_CTX_set_cipher_list(c, "AES128-SHA"));
        printf(", set_ciphersuites(TLS_AES_128_GCM_SHA256) = %d",
               SSL_CTX_set_ciphersuites(c, "TLS_AES_128_GCM_SHA256"));
        printf(", now %d\n", sk_SSL_CIPHER_num(SSL_CTX_get_ciphers(c)));
        errs(label);
        s = SSL_new(c);
        printf("  SSL_new: %s, %d ciphers\n", s ? "ok" : "NULL", s ? sk_SSL_CIPHER_num(SSL_get_ciphers(s)) : -1);
        SSL_free(s);
        SSL_CTX_free(c);
        printf("  after free: free callbacks %d\n", frees);
    }
}

int main(void)
{
    OSSL_LIB_CTX *nul = OSSL_LIB_CTX_new(), *fresh = OSSL_LIB_CTX_new(), *legacy = OSSL_LIB_CTX_new();
    OSSL_PROVIDER *np = OSSL_PROVIDER_load(nul, "null");
    OSSL_PROVIDER *lp = OSSL_PROVIDER_load(legacy, "legacy");
    int idx = SSL_CTX_get_ex_new_index(0, NULL, ctx_new, NULL, ctx_free);

    printf("index %s, providers %s %s\n", idx >= 0 ? "ok" : "failed", np ? "null" : "-", lp ? "legacy" : "-");
    make_ctx("null provider only", nul, NULL, TLS_method());
    make_ctx("legacy provider only", legacy, NULL, TLS_server_method());
    make_ctx("fips=yes without a FIPS provider", NULL, "fips=yes", TLS_method());
    make_ctx("provider=base", fresh, "provider=base", TLS_client_method());
    make_ctx("provider=default", fresh, "provider=default", TLS_method());
    make_ctx("a fresh library context", fresh, NULL, DTLS_method());
    make_ctx("NULL, NULL", NULL, NULL, TLS_method());
    make_ctx("null provider, no method", nul, NULL, NULL);
    OSSL_PROVIDER_unload(np);
    OSSL_PROVIDER_unload(lp);
    OSSL_LIB_CTX_free(nul);
    OSSL_LIB_CTX_free(fresh);
    OSSL_LIB_CTX_free(legacy);
    return 0;
}
