/*
 * ctrl_util.h - what the ctrl tests (ctrl_values, ctrl_objects) share:
 * FATAL_IF (test_util.h), errs() to print and drain the error queue on the
 * current line, and SHOW / SHOWU to print an expression with its value.
 */
#ifndef SESSL_TESTS_CTRL_UTIL_H
#define SESSL_TESTS_CTRL_UTIL_H

#include <stdio.h>
#include <openssl/err.h>
#include "test_util.h"

static void errs(void)
{
    unsigned long e;

    while ((e = ERR_get_error()) != 0)
        printf(" err=%d/%d", (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e));
    printf("\n");
}

#define SHOW(expr) (printf("%s = %ld", #expr, (long)(expr)), errs())
#define SHOWU(expr) (printf("%s = %#llx", #expr, (unsigned long long)(expr)), errs())

#endif
