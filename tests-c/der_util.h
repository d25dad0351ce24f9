/*
 * der_util.h - what the encoding tests (der_decode, der_encode, der_fixtures,
 * ex_data, pem) share: FATAL_IF (test_util.h); print_errors in its full form
 * (lib/reason "string" @function {data}); hex printing of bytes and of DER
 * sessions; times within 5 s of time(NULL) shown as "now"; g_ssl, made and
 * freed in main, cipher() by its two bytes, and read_session_view (every
 * byte-field getter of a session, for the tests that print them all).
 * Functions are static inline: an includer may leave some unused.
 */
#ifndef SESSL_TESTS_DER_UTIL_H
#define SESSL_TESTS_DER_UTIL_H

#include <stdio.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "test_util.h"

/* An SSL (of g_ctx) for cipher() and the tests' own lookups: main makes it
 * with new_g_ssl() and frees it with free_g_ssl(). */
static SSL_CTX *g_ctx;
static SSL *g_ssl;

static inline void new_g_ssl(void)
{
    g_ctx = SSL_CTX_new(TLS_method());
    FATAL_IF(g_ctx == NULL, "SSL_CTX_new");
    g_ssl = SSL_new(g_ctx);
    FATAL_IF(g_ssl == NULL, "SSL_new");
}

static inline void free_g_ssl(void)
{
    SSL_free(g_ssl);
    SSL_CTX_free(g_ctx);
}

/* Print and drain the error queue: one line per queued error, or "no error". */
static inline void print_errors(const char *label)
{
    unsigned long e;
    const char *file, *func, *data;
    int line, flags, n = 0;

    while ((e = ERR_get_error_all(&file, &line, &func, &data, &flags)) != 0) {
        const char *rs = ERR_reason_error_string(e);

        printf("  %s: error %d/%d \"%s\" @%s {%s}\n", label,
               (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e), rs ? rs : "(null)",
               func ? func : "(null)",
               ((flags & ERR_TXT_STRING) && data) ? data : "");
        n++;
    }
    if (n == 0)
        printf("  %s: no error\n", label);
}

static inline int near_now(long t)
{
    long d = t - (long)time(NULL);

    return d >= -5 && d <= 5;
}

static inline void print_time(const char *label, long t)
{
    if (near_now(t))
        printf("%s=now", label);
    else
        printf("%s=%ld", label, t);
}

static inline void raw(const unsigned char *p, long n)
{
    long i;

    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
}

/* Hex, "-" when empty, "(null)" for a NULL pointer. */
static inline void hexfield(const unsigned char *p, size_t n)
{
    if (p == NULL)
        printf("(null)");
    else if (n == 0)
        printf("-");
    else
        raw(p, (long)n);
}

/* DER length at p[0..]; returns header bytes used, 0 if unparsable. */
static inline long der_len(const unsigned char *p, long avail, long *len)
{
    long i, n;

    if (avail < 1)
        return 0;
    if (p[0] < 0x80) {
        *len = p[0];
        return 1;
    }
    n = p[0] & 0x7f;
    if (n == 0 || n > 4 || n + 1 > avail)
        return 0;
    *len = 0;
    for (i = 1; i <= n; i++)
        *len = (*len << 8) | p[i];
    return n + 1;
}

/*
 * Hex of a DER session. A top-level [1] time element whose INTEGER value is
 * within 5 s of time(NULL) is shown as its header bytes then "<now>".
 */
static inline void der_hex(const unsigned char *p, long n)
{
    long i = 0, hl, len;

    if (n >= 2 && p[0] == 0x30 && (hl = der_len(p + 1, n - 1, &len)) > 0) {
        raw(p, 1 + hl);
        i = 1 + hl;
        while (i + 2 <= n) {
            long chl, clen, ihl, ilen;

            chl = der_len(p + i + 1, n - i - 1, &clen);
            if (chl == 0 || i + 1 + chl + clen > n)
                break;
            if (p[i] == 0xa1 && clen >= 3 && p[i + 1 + chl] == 0x02
                && (ihl = der_len(p + i + 2 + chl, clen - 1, &ilen)) > 0
                && 1 + ihl + ilen == clen && ilen >= 1 && ilen <= 8) {
                const unsigned char *v = p + i + 2 + chl + ihl;
                long val = (v[0] & 0x80) ? -1 : 0, k;

                for (k = 0; k < ilen; k++)
                    val = (long)(((unsigned long)val << 8) | v[k]);
                if (near_now(val)) {
                    raw(p + i, 2 + chl + ihl);
                    printf("<now>");
                    i += 1 + chl + clen;
                    continue;
                }
            }
            raw(p + i, 1 + chl + clen);
            i += 1 + chl + clen;
        }
    }
    raw(p + i, n - i);
}

/* The cipher with code a, b, as SSL_CIPHER_find on g_ssl finds it. */
static inline const SSL_CIPHER *cipher(unsigned int a, unsigned int b)
{
    unsigned char c[2];

    c[0] = (unsigned char)a;
    c[1] = (unsigned char)b;
    return SSL_CIPHER_find(g_ssl, c);
}

/* What the getters give for the byte fields of a session, read in one place
 * for the tests that print every getter (der_decode, der_fixtures). */
struct session_view {
    const SSL_CIPHER *cipher;
    const unsigned char *id, *sid_ctx, *alpn, *ticket;
    unsigned int idlen, sid_ctx_len;
    size_t alpnlen, ticklen, appdata_len, mklen;
    void *appdata;
    int appdata_ret;
    unsigned char mk[600];
    const char *host;
};

static inline void read_session_view(SSL_SESSION *s, struct session_view *v)
{
    v->cipher = SSL_SESSION_get0_cipher(s);
    v->idlen = v->sid_ctx_len = 0;
    v->id = SSL_SESSION_get_id(s, &v->idlen);
    v->sid_ctx = SSL_SESSION_get0_id_context(s, &v->sid_ctx_len);
    v->alpn = v->ticket = NULL;
    v->alpnlen = v->ticklen = v->appdata_len = 0;
    v->appdata = NULL;
    v->host = SSL_SESSION_get0_hostname(s);
    SSL_SESSION_get0_alpn_selected(s, &v->alpn, &v->alpnlen);
    SSL_SESSION_get0_ticket(s, &v->ticket, &v->ticklen);
    v->appdata_ret = SSL_SESSION_get0_ticket_appdata(s, &v->appdata, &v->appdata_len);
    v->mklen = SSL_SESSION_get_master_key(s, v->mk, sizeof(v->mk));
}

#endif
