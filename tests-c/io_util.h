/*
 * io_util.h - what the I/O tests (io_bios, io_early_failures, io_strings)
 * share: FATAL_IF (test_util.h) and print_queue, which prints and drains the
 * error queue in full (library, reason, reporting function, data, reason
 * string; not the file and line, which are each library's own).
 */
#ifndef SESSL_TESTS_IO_UTIL_H
#define SESSL_TESTS_IO_UTIL_H

#include <stdio.h>
#include <openssl/err.h>
#include "test_util.h"

static void print_queue(const char *label)
{
    unsigned long e;
    const char *func, *data, *reason;
    int flags, n = 0;

    while ((e = ERR_get_error_all(NULL, NULL, &func, &data, &flags)) != 0) {
        reason = ERR_reason_error_string(e);
        printf("  %s: err lib=%d reason=%d func=%s data=%s (%s)\n", label,
               (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e), func ? func : "-",
               (flags & ERR_TXT_STRING) && data ? data : "-", reason ? reason : "-");
        n++;
    }
    if (n == 0)
        printf("  %s: no error\n", label);
}

#endif
