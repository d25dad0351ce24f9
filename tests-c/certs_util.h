/*
 * certs_util.h - what the certs_*.c tests share: the fixture paths
 * (tests-c/fixtures/certs/, made by its generate.sh; the tests run from the
 * repository's root), print_errors (api_util.h) and short descriptions of
 * certificates, keys and name lists.
 */
#ifndef SESSL_TESTS_CERTS_UTIL_H
#define SESSL_TESTS_CERTS_UTIL_H

/* the deprecated RSA functions are part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include "api_util.h"

#define FIX(name) ("tests-c/fixtures/certs/" name)

/* A certificate's subject, or "(null)". */
static inline const char *subject(const X509 *x)
{
    static char buf[256];

    if (x == NULL)
        return "(null)";
    X509_NAME_oneline(X509_get_subject_name(x), buf, (int)sizeof(buf));
    return buf;
}

/* A key's type and size, or "(null)". */
static inline const char *key_desc(const EVP_PKEY *k)
{
    static char buf[64];

    if (k == NULL)
        return "(null)";
    sprintf(buf, "%s/%d", EVP_PKEY_get0_type_name(k), EVP_PKEY_get_bits(k));
    return buf;
}

/* A name list: NULL, or its count and each name. */
static inline void print_names(const char *label, const STACK_OF(X509_NAME) *sk)
{
    char buf[256];
    int i;

    if (sk == NULL) {
        printf("%s: (null list)\n", label);
        return;
    }
    printf("%s: %d names\n", label, sk_X509_NAME_num(sk));
    for (i = 0; i < sk_X509_NAME_num(sk); i++) {
        X509_NAME_oneline(sk_X509_NAME_value(sk, i), buf, (int)sizeof(buf));
        printf("%s:   %s\n", label, buf);
    }
}

static inline X509 *read_cert(const char *path)
{
    X509 *x = NULL;
    FILE *f = fopen(path, "r");

    FATAL_IF(f == NULL, path);
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    FATAL_IF(x == NULL, path);
    return x;
}

static inline EVP_PKEY *read_key(const char *path)
{
    EVP_PKEY *k = NULL;
    FILE *f = fopen(path, "r");

    FATAL_IF(f == NULL, path);
    k = PEM_read_PrivateKey(f, NULL, NULL, NULL);
    fclose(f);
    FATAL_IF(k == NULL, path);
    return k;
}

/* A whole file's bytes (for the _ASN1 functions); *len set. */
static inline unsigned char *read_bytes(const char *path, long *len)
{
    static unsigned char buf[8192];
    FILE *f = fopen(path, "rb");

    FATAL_IF(f == NULL, path);
    *len = (long)fread(buf, 1, sizeof(buf), f);
    fclose(f);
    return buf;
}

#endif
