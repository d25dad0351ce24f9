/*
 * conf_util.h - what the conf_*.c tests (SSL_CONF_CTX, SSL_CONF_cmd,
 * SSL_CTX_config) share: the error queue printed with each error's data (the
 * "cmd=..., value=..." SSL_CONF_cmd adds with SSL_CONF_FLAG_SHOW_ERRORS), a
 * context's observable settings in one line, and a command runner that prints
 * its result.
 */
#ifndef SESSL_TESTS_CONF_UTIL_H
#define SESSL_TESTS_CONF_UTIL_H

#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "test_util.h"

#define FIX(name) ("tests-c/fixtures/certs/" name)

/* Print and drain the error queue: library, reason and data of each error. */
static inline void print_errors_data(const char *label)
{
    unsigned long e;
    const char *data;
    int flags;
    int n = 0;

    while ((e = ERR_get_error_all(NULL, NULL, NULL, &data, &flags)) != 0) {
        printf("%s: err lib=%d reason=%d data=%s\n", label, (int)ERR_GET_LIB(e),
               (int)ERR_GET_REASON(e),
               (flags & ERR_TXT_STRING) && data != NULL ? data : "-");
        n++;
    }
    printf("%s: errors=%d\n", label, n);
}

/* The first `max` cipher names of a stack, then its size. */
static inline void print_ciphers(const char *label, STACK_OF(SSL_CIPHER) *sk, int max)
{
    int i;

    if (sk == NULL) {
        printf("%s: ciphers=(null)\n", label);
        return;
    }
    printf("%s: ciphers=%d", label, sk_SSL_CIPHER_num(sk));
    for (i = 0; i < sk_SSL_CIPHER_num(sk) && i < max; i++)
        printf(" %s", SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, i)));
    printf("\n");
}

/* A context's settings that SSL_CONF commands change. */
static inline void print_ctx(const char *label, SSL_CTX *ctx)
{
    printf("%s: options=%#llx min=%#lx max=%#lx verify=%#x certflags=%#lx\n", label,
           (unsigned long long)SSL_CTX_get_options(ctx),
           (long)SSL_CTX_get_min_proto_version(ctx),
           (long)SSL_CTX_get_max_proto_version(ctx), SSL_CTX_get_verify_mode(ctx),
           (long)SSL_CTX_set_cert_flags(ctx, 0));
}

/* The same for a connection. */
static inline void print_ssl(const char *label, SSL *s)
{
    printf("%s: options=%#llx min=%#lx max=%#lx verify=%#x certflags=%#lx\n", label,
           (unsigned long long)SSL_get_options(s), (long)SSL_get_min_proto_version(s),
           (long)SSL_get_max_proto_version(s), SSL_get_verify_mode(s),
           (long)SSL_set_cert_flags(s, 0));
}

/* SSL_CONF_cmd, its result printed (and the queue, drained). */
static inline int run_cmd(SSL_CONF_CTX *cctx, const char *cmd, const char *value)
{
    int rv = SSL_CONF_cmd(cctx, cmd, value);
    char label[200];

    snprintf(label, sizeof(label), "  cmd(%s, %s)", cmd ? cmd : "NULL",
             value ? value : "NULL");
    printf("%s = %d\n", label, rv);
    print_errors_data(label);
    return rv;
}

#endif
