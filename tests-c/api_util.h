/*
 * api_util.h - what the API tests (cache_add_remove, cache_callback_order,
 * cache_ctrl, cache_eviction, cache_expiry_arithmetic, cache_flush,
 * ctx_lifecycle, ssl_lifecycle, session_accessors, session_null,
 * session_refcount) share: FATAL_IF
 * (test_util.h) and print_errors in its short form, the numbers of each queued
 * error then a count. The encoding tests print errors in full (der_util.h).
 */
#ifndef SESSL_TESTS_API_UTIL_H
#define SESSL_TESTS_API_UTIL_H

#include <stdio.h>
#include <openssl/err.h>
#include "test_util.h"

/* Print and drain the error queue: one line per queued error, then the count. */
static void print_errors(const char *label)
{
    unsigned long e;
    int n = 0;

    while ((e = ERR_get_error()) != 0) {
        printf("%s: err lib=%d reason=%d\n", label,
               (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e));
        n++;
    }
    printf("%s: errors=%d\n", label, n);
}

#endif
