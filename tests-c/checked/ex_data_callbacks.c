/* expect: clean */
/*
 * ex_data callbacks that read their session, at every moment libcrypto runs
 * them: SSL_SESSION_new, d2i_SSL_SESSION (a session kept, one decoded into an
 * existing pointer, bytes rejected), SSL_SESSION_dup (accepted and refused by
 * a dup callback) and every free. Checked mode must know each session before
 * its new callback runs, including those C never gets.
 */
#include <string.h>
#include <openssl/ssl.h>

static int refuse_dup;
static long reads;

static void on_new(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    reads += SSL_SESSION_get_time((SSL_SESSION *)parent) != 0;
}

static void on_free(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)ptr; (void)ad; (void)idx; (void)argl; (void)argp;
    reads += SSL_SESSION_get_time((SSL_SESSION *)parent) != 0;
    reads += SSL_SESSION_get_protocol_version((SSL_SESSION *)parent) != 0;
}

static int on_dup(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx,
                  long argl, void *argp)
{
    (void)to; (void)from; (void)from_d; (void)idx; (void)argl; (void)argp;
    return !refuse_dup;
}

int main(void)
{
    SSL_SESSION *s, *copy, *decoded, *into = NULL;
    unsigned char *der = NULL, bad[64];
    const unsigned char *p;
    int n, idx;

    idx = SSL_SESSION_get_ex_new_index(0, NULL, on_new, on_dup, on_free);
    s = SSL_SESSION_new();
    SSL_SESSION_set1_id(s, (const unsigned char *)"0123456789", 10);
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    SSL_SESSION_set1_master_key(s, (const unsigned char *)"key", 3);
    SSL_SESSION_set_ex_data(s, idx, &reads); /* dup callbacks run only with data */

    copy = SSL_SESSION_dup(s);
    refuse_dup = 1;
    if (SSL_SESSION_dup(s) != NULL) /* refused: the copy is made and freed */
        return 1;
    refuse_dup = 0;

    n = i2d_SSL_SESSION(s, &der);
    p = der;
    decoded = d2i_SSL_SESSION(NULL, &p, n);
    p = der;
    d2i_SSL_SESSION(&into, &p, n);
    p = der;
    d2i_SSL_SESSION(&into, &p, n); /* the previous one is freed */
    memcpy(bad, der, n < 64 ? n : 64);
    bad[n < 64 ? n - 1 : 63] ^= 0xff;
    p = bad;
    SSL_SESSION_free(d2i_SSL_SESSION(NULL, &p, n < 64 ? n : 64));
    OPENSSL_free(der);

    SSL_SESSION_free(into);
    SSL_SESSION_free(decoded);
    SSL_SESSION_free(copy);
    SSL_SESSION_free(s);
    return reads > 0 ? 0 : 1;
}
