/*
 * check_util.h - what the sessl-only tests share: FATAL_IF from ../test_util.h
 * with their "FAIL  " prefix, so a fatal setup failure prints
 * "FAIL  FATAL: what (line N)" (all but cache_rekeyed_session and
 * peer_decoded_on_first_use), and DEFINE_ON_ALARM, the SIGALRM handler that
 * fails a test instead of letting it hang (cache_empty_ids,
 * cache_reentrant_callbacks, cache_stress, cache_two_contexts).
 * cache_check.h adds CHECK with a section name.
 */
#ifndef SESSL_TESTS_CHECK_UTIL_H
#define SESSL_TESTS_CHECK_UTIL_H

#include <unistd.h>

#define FATAL_PREFIX "FAIL  "
#include "../test_util.h"

/*
 * DEFINE_ON_ALARM("FAIL  timeout: ...\n") defines on_alarm, a handler for
 * signal(SIGALRM, on_alarm): it writes the message (write is
 * async-signal-safe) and exits with 2. Written at file scope, with no ';'.
 */
#define DEFINE_ON_ALARM(message)                                      \
    static void on_alarm(int sig)                                     \
    {                                                                 \
        static const char msg[] = message;                            \
                                                                      \
        (void)sig;                                                    \
        if (write(1, msg, sizeof(msg) - 1) < 0) {                     \
            /* nothing more we can do */                              \
        }                                                             \
        _exit(2);                                                     \
    }

#endif
