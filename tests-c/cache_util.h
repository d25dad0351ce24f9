/*
 * cache_util.h - what the cache tests cache_ctrl, cache_eviction,
 * cache_flush, cache_callback_order and cache_expiry_arithmetic share, besides
 * api_util.h: mk() for a session named by its ASCII id with fixed times, and
 * (cache_eviction, cache_flush, cache_expiry_arithmetic) a remove callback
 * that logs the ids it is passed. Functions are static inline: an includer may
 * leave some unused.
 */
#ifndef SESSL_TESTS_CACHE_UTIL_H
#define SESSL_TESTS_CACHE_UTIL_H

#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "api_util.h"

/* A session with id ID (ASCII), time TIME and timeout TIMEOUT. */
static inline SSL_SESSION *mk(const char *id, long time, long timeout)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set1_id(s, (const unsigned char *)id,
                                 (unsigned int)strlen(id)) != 1, "set1_id");
    SSL_SESSION_set_time(s, time);
    FATAL_IF(SSL_SESSION_set_timeout(s, timeout) != 1, "set_timeout");
    return s;
}

/*
 * The remove callback's log: the ids of the sessions passed, in call order,
 * each with "(R)" if still resumable; cb_calls counts the calls. Install
 * log_remove_cb with SSL_CTX_sess_set_remove_cb.
 */
static char cb_log[4096];
static int cb_calls;

static inline void log_remove_cb(SSL_CTX *ctx, SSL_SESSION *s)
{
    unsigned int len = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &len);
    size_t used = strlen(cb_log);

    (void)ctx;
    cb_calls++;
    if (used + len + 8 < sizeof(cb_log))
        snprintf(cb_log + used, sizeof(cb_log) - used, " %.*s%s", (int)len,
                 (const char *)id, SSL_SESSION_is_resumable(s) ? "(R)" : "");
}

/* Prints the log and the number of calls, then clears both. */
static inline void show_cb(const char *label)
{
    printf("%s: remove_cb calls=%d [%s ]\n", label, cb_calls, cb_log);
    cb_calls = 0;
    cb_log[0] = '\0';
}

#endif
