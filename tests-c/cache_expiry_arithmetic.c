/*
 * cache_expiry_arithmetic.c - when a cached session expires, for times and
 * timeouts that SSL_SESSION_set_timeout cannot set: negative timeouts and
 * values near LONG_MIN/LONG_MAX, read from DER. OpenSSL 3.0 takes the timeout
 * as it is (time 1000 and timeout -50 expire at 950), adds with wraparound,
 * and treats `timeout > LONG_MAX - time` (also computed with wraparound) as
 * never expiring. Each case: one session in a fresh cache, flushed at a few
 * times (which flush removes it), then the order of a flush(0) over several.
 */
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "cache_util.h"

/* DER INTEGER of v (minimal two's complement) at p; returns its length. */
static size_t der_int(unsigned char *p, long v)
{
    unsigned char b[8];
    size_t start = 0, n, i;

    for (i = 0; i < 8; i++)
        b[i] = (unsigned char)((unsigned long)v >> (8 * (7 - i)));
    while (start < 7 && ((b[start] == 0x00 && !(b[start + 1] & 0x80)) ||
                         (b[start] == 0xff && (b[start + 1] & 0x80))))
        start++;
    n = 8 - start;
    p[0] = 0x02;
    p[1] = (unsigned char)n;
    memcpy(p + 2, b + start, n);
    return 2 + n;
}

/* A TLS 1.2 session with id ID, time TIME and timeout TIMEOUT, from DER. */
static SSL_SESSION *from_der(const char *id, long time, long timeout)
{
    static const unsigned char head[] = {
        0x02, 0x01, 0x01,               /* version 1 */
        0x02, 0x02, 0x03, 0x03,         /* TLS 1.2 */
        0x04, 0x02, 0x00, 0x2f          /* cipher */
    };
    unsigned char der[128], num[10], *q = der + 2;
    const unsigned char *p = der;
    size_t n, id_len = strlen(id);
    SSL_SESSION *s;

    memcpy(q, head, sizeof(head));
    q += sizeof(head);
    *q++ = 0x04;
    *q++ = (unsigned char)id_len;
    memcpy(q, id, id_len);
    q += id_len;
    *q++ = 0x04;                        /* master key */
    *q++ = 0x01;
    *q++ = 0x55;
    n = der_int(num, time);
    *q++ = 0xa1;
    *q++ = (unsigned char)n;
    memcpy(q, num, n);
    q += n;
    n = der_int(num, timeout);
    *q++ = 0xa2;
    *q++ = (unsigned char)n;
    memcpy(q, num, n);
    q += n;
    der[0] = 0x30;
    der[1] = (unsigned char)(q - der - 2);
    s = d2i_SSL_SESSION(NULL, &p, (long)(q - der));
    FATAL_IF(s == NULL, "d2i_SSL_SESSION");
    return s;
}

static void one(const char *label, long time, long timeout, const long *flushes, int n)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL_SESSION *s = from_der("A", time, timeout);
    int i;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, log_remove_cb);
    printf("%s: time=%ld timeout=%ld add=%d", label, (long)SSL_SESSION_get_time(s),
           (long)SSL_SESSION_get_timeout(s), SSL_CTX_add_session(ctx, s));
    for (i = 0; i < n; i++) {
        SSL_CTX_flush_sessions(ctx, flushes[i]);
        printf(" | flush(%ld): n=%ld calls=%d", flushes[i], SSL_CTX_sess_number(ctx), cb_calls);
        cb_calls = 0;
        cb_log[0] = '\0';
    }
    printf("\n");
    SSL_SESSION_free(s);
    SSL_CTX_free(ctx);
    cb_calls = 0;
    cb_log[0] = '\0';
}

int main(void)
{
    static const long around_950[] = { 949, 950, 951 };
    static const long low[] = { -1, 1, 999, 1000, 1001 };
    static const long ends[] = { 1, LONG_MAX - 100, LONG_MAX - 60, LONG_MAX - 59, LONG_MAX };
    static const char *ids[] = { "P", "Q", "R", "S", "T", "U", "V" };
    static const long times[] = { 1000, 1000, 1000, LONG_MAX - 10, -10, LONG_MIN + 10, 1000 };
    static const long timeouts[] = { 100, -50, 0, -50, -50, -50, LONG_MIN };
    SSL_CTX *ctx;
    SSL_SESSION *s[7];
    int i;

    one("negative timeout", 1000, -50, around_950, 3);
    one("timeout -time", 1000, -1000, low, 5);
    one("timeout below -time", 1000, -2000, low, 5);
    one("LONG_MIN timeout", 1000, LONG_MIN, ends, 5);
    one("LONG_MAX timeout", 1000, LONG_MAX, ends, 5);
    one("time near LONG_MAX, negative timeout", LONG_MAX - 10, -50, ends, 5);
    one("time near LONG_MAX, positive timeout", LONG_MAX - 10, 50, ends, 5);
    one("negative time, negative timeout", -10, -50, ends, 5);
    one("negative time, positive timeout", -10, 50, ends, 5);
    one("time near LONG_MIN, negative timeout", LONG_MIN + 10, -50, ends, 5);
    one("negative time, timeout near LONG_MIN", -5, LONG_MIN + 3, ends, 5);

    printf("== order of a flush(0)\n");
    ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    SSL_CTX_sess_set_remove_cb(ctx, log_remove_cb);
    for (i = 0; i < 7; i++) {
        s[i] = from_der(ids[i], times[i], timeouts[i]);
        FATAL_IF(SSL_CTX_add_session(ctx, s[i]) != 1, "SSL_CTX_add_session");
    }
    SSL_CTX_flush_sessions(ctx, 0);
    show_cb("flush(0)");
    for (i = 0; i < 7; i++)
        SSL_SESSION_free(s[i]);
    SSL_CTX_free(ctx);
    print_errors("end");
    return 0;
}
