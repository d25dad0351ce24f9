/*
 * d2i_fuzz.c - libFuzzer target for d2i_SSL_SESSION: decode, re-encode, print,
 * decode again into the decoded session, PEM round trip, and the peer
 * certificate: sessl builds its X509 on first use (src/ffi/cert_shape.c checked
 * it at d2i), so SSL_SESSION_get0_peer must give an X509 exactly when the
 * re-encoding carries a peer ([3]), equal to libcrypto's own decoding of it.
 *
 * What sessl writes, sessl must read back and write the same, except where
 * OpenSSL does not either: OpenSSL accepts some BER it then writes back in a
 * form it rejects (tests-c/der_reencode_ber.c: a certificate whose outer
 * signatureAlgorithm parameter is an empty constructed [UNIVERSAL 0] comes
 * back as 00 00, an end-of-contents where a field is due). sessl matches
 * OpenSSL there, which is the policy, so when sessl's round trip breaks the
 * target runs the same input through OpenSSL's own libssl, loaded beside
 * sessl (openssl_load), and requires the same outcome step by step: the same
 * bytes written, the same acceptance, the same errors.
 * Built by `make fuzz` against a coverage-instrumented sessl (see the Makefile).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>
#include <openssl/x509.h>

#ifndef OPENSSL_LIBSSL
#define OPENSSL_LIBSSL "/usr/lib/x86_64-linux-gnu/libssl.so.3"
#endif

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * OpenSSL's libssl, the oracle. It is loaded with RTLD_DEEPBIND so that its
 * calls to its own exports (d2i_SSL_SESSION calls SSL_SESSION_new...) stay in
 * it instead of binding to sessl's, which comes first in the global scope; its
 * libcrypto is the one already loaded, so both libraries share the error queue
 * and the X509 type. AddressSanitizer's dlopen refuses RTLD_DEEPBIND (a library
 * calling libc's malloc directly would bypass its allocator), so this goes to
 * libc's dlopen: libssl allocates only through libcrypto, whose malloc is
 * AddressSanitizer's, so leaks and misuse there are still seen.
 */
static struct {
    SSL_SESSION *(*d2i)(SSL_SESSION **, const unsigned char **, long);
    int (*i2d)(SSL_SESSION *, unsigned char **);
    void (*free)(SSL_SESSION *);
    long (*set_time)(SSL_SESSION *, long);
    long (*set_timeout)(SSL_SESSION *, long);
    X509 *(*get0_peer)(SSL_SESSION *);
} openssl;

static void *openssl_sym(void *lib, const char *name)
{
    void *f = dlsym(lib, name);

    if (f == NULL) {
        fprintf(stderr, "d2i_fuzz: %s: no %s\n", OPENSSL_LIBSSL, name);
        abort();
    }
    return f;
}

static void openssl_load(void)
{
    typedef void *(*dlopen_fn)(const char *, int);
    dlopen_fn libc_dlopen = (dlopen_fn)dlsym(RTLD_NEXT, "dlopen");
    void *lib = NULL;

    if (libc_dlopen != NULL)
        lib = libc_dlopen(OPENSSL_LIBSSL, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);

    if (lib == NULL) {
        fprintf(stderr, "d2i_fuzz: cannot load OpenSSL's libssl: %s\n", dlerror());
        abort();
    }
    *(void **)&openssl.d2i = openssl_sym(lib, "d2i_SSL_SESSION");
    *(void **)&openssl.i2d = openssl_sym(lib, "i2d_SSL_SESSION");
    *(void **)&openssl.free = openssl_sym(lib, "SSL_SESSION_free");
    *(void **)&openssl.set_time = openssl_sym(lib, "SSL_SESSION_set_time");
    *(void **)&openssl.set_timeout = openssl_sym(lib, "SSL_SESSION_set_timeout");
    *(void **)&openssl.get0_peer = openssl_sym(lib, "SSL_SESSION_get0_peer");
    /* the oracle must not be sessl itself (both are libssl.so.3) */
    if ((void *)openssl.d2i == (void *)d2i_SSL_SESSION) {
        fprintf(stderr, "d2i_fuzz: %s resolved to sessl\n", OPENSSL_LIBSSL);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    openssl_load();
    return 0;
}

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

/*
 * sessl's X509 for s against the peer in its encoding der: present exactly
 * when der has one, written back as those bytes, and equal to ref, OpenSSL's
 * X509 for the same input. ref NULL: der reads back, so libcrypto's decoding
 * of the peer's bytes is the reference.
 */
static void check_peer(SSL_SESSION *s, const unsigned char *der, size_t n, X509 *ref)
{
    size_t peer_len = 0;
    const unsigned char *peer = peer_in(der, n, &peer_len), *q = peer;
    X509 *x = SSL_SESSION_get0_peer(s), *own = NULL;
    unsigned char *out = NULL;
    int out_len;

    if ((peer == NULL) != (x == NULL))
        abort();
    if (peer == NULL)
        return;
    if (ref == NULL) {
        ref = own = d2i_X509(NULL, &q, (long)peer_len);
        if (ref == NULL || q != peer + peer_len)
            abort();
    }
    out_len = i2d_X509(x, &out);
    if (out_len != (int)peer_len || memcmp(out, peer, peer_len) != 0 || X509_cmp(x, ref) != 0)
        abort();
    OPENSSL_free(out);
    X509_free(own);
}

/* Pops the error queue's codes into codes[0..16); returns how many. */
static int error_codes(unsigned long codes[16])
{
    unsigned long e;
    int n = 0;

    while ((e = ERR_get_error()) != 0)
        if (n < 16)
            codes[n++] = e;
    return n;
}

/*
 * sessl's round trip of data broke: s (decoded from data) wrote der, which
 * read back as again (NULL: rejected, with the errors queued) writing der2.
 * OpenSSL must do exactly the same, or the break is sessl's.
 */
static void same_as_openssl(const uint8_t *data, size_t size, SSL_SESSION *s,
                            const unsigned char *der, int len, SSL_SESSION *again,
                            const unsigned char *der2, int len2)
{
    const unsigned char *p = data, *q;
    unsigned char *oder = NULL, *oder2 = NULL;
    unsigned long codes[16], ocodes[16];
    int ncodes = again == NULL ? error_codes(codes) : 0, olen, olen2 = 0;
    SSL_SESSION *os, *oagain;

    ERR_clear_error();
    os = openssl.d2i(NULL, &p, (long)size);
    if (os == NULL || (size_t)(p - data) > size)
        abort();
    /* a session without a time gets "now": take sessl's */
    openssl.set_time(os, SSL_SESSION_get_time(s));
    openssl.set_timeout(os, SSL_SESSION_get_timeout(s));
    olen = openssl.i2d(os, &oder);
    if (olen != len || memcmp(oder, der, (size_t)len) != 0)
        abort();
    q = oder;
    oagain = openssl.d2i(NULL, &q, olen);
    if ((oagain == NULL) != (again == NULL))
        abort();
    if (oagain == NULL) {
        if (error_codes(ocodes) != ncodes
            || memcmp(ocodes, codes, sizeof(codes[0]) * (size_t)ncodes) != 0)
            abort();
    } else {
        openssl.set_time(oagain, SSL_SESSION_get_time(s));
        openssl.set_timeout(oagain, SSL_SESSION_get_timeout(s));
        olen2 = openssl.i2d(oagain, &oder2);
        if (olen2 != len2 || memcmp(oder2, der2, (size_t)len2) != 0)
            abort();
    }
    check_peer(s, der, (size_t)len, openssl.get0_peer(os));
    OPENSSL_free(oder);
    OPENSSL_free(oder2);
    openssl.free(oagain);
    openssl.free(os);
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
            /* what sessl wrote, sessl must read back and write the same... */
            const unsigned char *q = der;
            unsigned char *der2 = NULL;
            int len2 = 0;

            ERR_clear_error();
            again = d2i_SSL_SESSION(NULL, &q, len);
            if (again != NULL) {
                SSL_SESSION_set_time(again, SSL_SESSION_get_time(s));
                SSL_SESSION_set_timeout(again, SSL_SESSION_get_timeout(s));
                len2 = i2d_SSL_SESSION(again, &der2);
            }
            if (again != NULL && len2 == len && memcmp(der, der2, (size_t)len) == 0)
                check_peer(s, der, (size_t)len, NULL);
            else /* ...unless OpenSSL does not either */
                same_as_openssl(data, size, s, der, len, again, der2, len2);
            OPENSSL_free(der2);
            SSL_SESSION_free(again);
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
