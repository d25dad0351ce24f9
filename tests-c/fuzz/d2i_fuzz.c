/*
 * d2i_fuzz.c - libFuzzer target for d2i_SSL_SESSION: decode, re-encode, print,
 * decode again into the decoded session, PEM round trip. Built by `make fuzz`
 * against a coverage-instrumented sessl (see the Makefile).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/bio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
