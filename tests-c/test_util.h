/*
 * test_util.h - FATAL_IF, which every C test that stops on a failed setup step
 * uses: the twice-built tests through api_util.h (cache_*, ctx_lifecycle,
 * ssl_lifecycle, session_*) or der_util.h (der_decode, der_encode,
 * der_fixtures, ex_data, pem), the sessl-only tests through
 * sessl-only/check_util.h.
 *
 * FATAL_IF(cond, what) prints "FATAL: what (line N)" and exits with 1. A test
 * whose output lines start with ok/FAIL defines FATAL_PREFIX (sessl-only:
 * "FAIL  ") before including this header; the line then starts with it.
 */
#ifndef SESSL_TESTS_TEST_UTIL_H
#define SESSL_TESTS_TEST_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#ifndef FATAL_PREFIX
#define FATAL_PREFIX ""
#endif

#define FATAL_IF(cond, what)                                          \
    do {                                                              \
        if (cond) {                                                   \
            printf(FATAL_PREFIX "FATAL: %s (line %d)\n", (what), __LINE__); \
            exit(1);                                                  \
        }                                                             \
    } while (0)

#endif
