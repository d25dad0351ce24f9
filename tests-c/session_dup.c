/*
 * session_dup.c - SSL_SESSION_dup of decoded sessions whose fields only the
 * DER can give: a ticket lifetime hint without a ticket (the copy's hint is
 * 0), and zero-length ticket, ALPN or ticket appdata (OpenSSL's copy of a
 * zero-length buffer fails: dup returns NULL with a CRYPTO then an SSL malloc
 * failure queued, after the ex_data dup callbacks ran, and the partial copy is
 * freed, its free callbacks run). Zero-length strings (hostname, PSK
 * identity and hint, SRP username) copy fine.
 *
 * Printed: dup's result, the queued errors, the ex_data callbacks, and the
 * copy's hint, ticket, ALPN, appdata and DER.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "der_util.h"

static int g_value, g_copy_value;
static int g_idx;

static void new_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ad; (void)argl; (void)argp;
    printf("    NEW  idx=%d ptr=%s\n", idx, ptr ? "set" : "NULL");
}

static int dup_cb(CRYPTO_EX_DATA *to, const CRYPTO_EX_DATA *from, void **from_d, int idx, long argl,
                  void *argp)
{
    (void)to; (void)from; (void)argl; (void)argp;
    printf("    DUP  idx=%d value=%s\n", idx,
           *from_d == &g_value ? "the source's" : *from_d ? "other" : "NULL");
    if (*from_d == &g_value)
        *from_d = &g_copy_value;
    return 1;
}

static void free_cb(void *parent, void *ptr, CRYPTO_EX_DATA *ad, int idx, long argl, void *argp)
{
    (void)parent; (void)ad; (void)argl; (void)argp;
    printf("    FREE idx=%d value=%s\n", idx,
           ptr == &g_value ? "the source's" : ptr == &g_copy_value ? "the copy's" : ptr ? "other" : "NULL");
}

static size_t unhex(const char *hex, unsigned char *out)
{
    size_t n = 0;
    unsigned hi, lo;

    for (; hex[0] && hex[1]; hex += 2) {
        hi = (unsigned)(hex[0] <= '9' ? hex[0] - '0' : (hex[0] | 0x20) - 'a' + 10);
        lo = (unsigned)(hex[1] <= '9' ? hex[1] - '0' : (hex[1] | 0x20) - 'a' + 10);
        out[n++] = (unsigned char)(hi << 4 | lo);
    }
    return n;
}

static void show(const char *label, SSL_SESSION *s)
{
    const unsigned char *tick = NULL, *alpn = NULL;
    size_t ticklen = 0, alpnlen = 0, appdata_len = 0;
    void *appdata = NULL;
    unsigned char *der = NULL;
    int len;

    SSL_SESSION_get0_ticket(s, &tick, &ticklen);
    SSL_SESSION_get0_alpn_selected(s, &alpn, &alpnlen);
    SSL_SESSION_get0_ticket_appdata(s, &appdata, &appdata_len);
    printf("  %s: hint=%lu has_ticket=%d ticket=%s/%lu alpn=%s/%lu appdata=%s/%lu\n    der=", label,
           SSL_SESSION_get_ticket_lifetime_hint(s), SSL_SESSION_has_ticket(s),
           tick ? "set" : "NULL", (unsigned long)ticklen, alpn ? "set" : "NULL",
           (unsigned long)alpnlen, appdata ? "set" : "NULL", (unsigned long)appdata_len);
    len = i2d_SSL_SESSION(s, &der);
    der_hex(der, len);
    printf("\n");
    OPENSSL_free(der);
}

/* A TLS 1.2 session (cipher c02f, time and timeout set) with `extra` DER
 * elements appended. */
static void dup_of(const char *label, const char *extra)
{
    static const char head[] = "020101020203030402c02f04000400a10402020400a2030201";
    unsigned char body[512], der[520];
    const unsigned char *p = der;
    size_t n;
    SSL_SESSION *s, *d;

    n = unhex(head, body);
    body[n++] = 0x3c;
    n += unhex(extra, body + n);
    der[0] = 0x30;
    der[1] = (unsigned char)n;
    memcpy(der + 2, body, n);
    printf("-- %s\n", label);
    s = d2i_SSL_SESSION(NULL, &p, (long)n + 2);
    FATAL_IF(s == NULL, "d2i");
    SSL_SESSION_set_ex_data(s, g_idx, &g_value);
    show("source", s);
    ERR_clear_error();
    d = SSL_SESSION_dup(s);
    printf("  dup returned %s\n", d ? "a copy" : "NULL");
    print_errors("dup");
    if (d != NULL) {
        show("copy", d);
        SSL_SESSION_free(d);
    }
    printf("  free the source\n");
    SSL_SESSION_free(s);
}

int main(void)
{
    new_g_ssl();
    g_idx = SSL_SESSION_get_ex_new_index(0, NULL, new_cb, dup_cb, free_cb);

    dup_of("hint 300, no ticket", "a9040202012c");
    dup_of("hint 300, a ticket", "a9040202012caa0604047469636b");
    dup_of("no hint, a ticket", "aa0604047469636b");
    dup_of("hint 300, a zero-length ticket", "a9040202012caa020400");
    dup_of("a zero-length ticket", "aa020400");
    dup_of("a zero-length ALPN", "b0020400");
    dup_of("a zero-length ticket appdata", "b2020400");
    dup_of("zero-length ticket, ALPN and appdata", "aa020400b0020400b2020400");
    dup_of("zero-length hostname, PSK identity hint, PSK identity and SRP username",
           "a6020400a7020400a8020400ac020400");
    dup_of("a ticket, ALPN and appdata of one byte", "aa03040178b0030401" "68b2030401" "61");

    free_g_ssl();
    printf("done\n");
    return 0;
}
