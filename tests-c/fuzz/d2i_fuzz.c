/*
 * d2i_fuzz.c - libFuzzer target for d2i_SSL_SESSION: decode, re-encode, print,
 * decode again into the decoded session, PEM round trip, and the peer
 * certificate: sessl builds its X509 on first use (src/ffi/cert_shape.c checked
 * it at d2i), so SSL_SESSION_get0_peer must give an X509 exactly when the
 * re-encoding carries a peer ([3]), equal to libcrypto's own decoding of it.
 * Built by `make fuzz` against a coverage-instrumented sessl (see the Makefile).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads a DER header (sessl's own output: definite lengths); 0 on error. */
static size_t header(const unsigned char *p, size_t n, unsigned char *tag, size_t *len)
{
    size_t h = 2, k;

    if (n < 2)
        return 0;
    *tag = p[0];
    *len = p[1];
    if (p[1] & 0x80) {
        k = p[1] & 0x7f;
        if (k == 0 || k > 3 || n < 2 + k)
            return 0;
        for (*len = 0; k > 0; k--)
            *len = *len << 8 | p[h++];
    }
    return n - h >= *len ? h : 0;
}

/* The peer element ([3]'s content) of a session's DER, or NULL. */
static const unsigned char *peer_in(const unsigned char *der, size_t n, size_t *peer_len)
{
    unsigned char tag;
    size_t len, h = header(der, n, &tag, &len), pos, end;

    if (h == 0 || tag != 0x30)
        abort();
    for (pos = h, end = h + len; pos < end; pos += h + len) {
        h = header(der + pos, end - pos, &tag, &len);
        if (h == 0)
            abort();
        if (tag == 0xa3) {
            *peer_len = len;
            return der + pos + h;
        }
    }
    return NULL;
}

static void check_peer(SSL_SESSION *s, const unsigned char *der, size_t n)
{
    size_t peer_len = 0;
    const unsigned char *peer = peer_in(der, n, &peer_len), *q = peer;
    X509 *x = SSL_SESSION_get0_peer(s), *ref;
    unsigned char *out = NULL;
    int out_len;

    if ((peer == NULL) != (x == NULL))
        abort();
    if (peer == NULL)
        return;
    ref = d2i_X509(NULL, &q, (long)peer_len);
    if (ref == NULL || q != peer + peer_len)
        abort();
    out_len = i2d_X509(x, &out);
    if (out_len != (int)peer_len || memcmp(out, peer, peer_len) != 0 || X509_cmp(x, ref) != 0)
        abort();
    OPENSSL_free(out);
    X509_free(ref);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const unsigned char *p = data;
    SSL_SESSION *s = d2i_SSL_SESSION(NULL, &p, (long)size), *again;
    unsigned char *der = NULL;
    int len;
    BIO *mem;

    if (s != NULL) {
        if ((size_t)(p - data) > size)
            abort();
        len = i2d_SSL_SESSION(s, &der);
        if (len > 0) {
            /* what sessl wrote, sessl must read back and write the same */
            const unsigned char *q = der;
            unsigned char *der2 = NULL;
            again = d2i_SSL_SESSION(NULL, &q, len);
            if (again == NULL)
                abort();
            SSL_SESSION_set_time(again, SSL_SESSION_get_time(s));
            SSL_SESSION_set_timeout(again, SSL_SESSION_get_timeout(s));
            if (i2d_SSL_SESSION(again, &der2) != len || memcmp(der, der2, (size_t)len) != 0)
                abort();
            OPENSSL_free(der2);
            SSL_SESSION_free(again);
            check_peer(s, der, (size_t)len);
        }
        OPENSSL_free(der);
        mem = BIO_new(BIO_s_mem());
        SSL_SESSION_print(mem, s);
        SSL_SESSION_print_keylog(mem, s);
        PEM_write_bio_SSL_SESSION(mem, s);
        BIO_free(mem);
        p = data;
        again = d2i_SSL_SESSION(&s, &p, (long)size);
        if (again != NULL && again != s)
            abort();
        SSL_SESSION_free(s);
    }
    ERR_clear_error();
    return 0;
}
