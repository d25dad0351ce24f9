/*
 * session_accessors.c - every SSL_SESSION getter/setter: defaults of a new
 * session, setter return values and effects, length limits with the error
 * queue, clearing with NULL/0, SSL_SESSION_dup deep copy, SSL_get_time & co.
 *
 * Deterministic output: absolute times are only printed when set by the test;
 * the creation time is printed as a relation to time(NULL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "api_util.h"

static void hex(const unsigned char *p, size_t n)
{
    size_t i;

    if (p == NULL) {
        printf("(null)");
        return;
    }
    for (i = 0; i < n; i++)
        printf("%02x", p[i]);
    if (n == 0)
        printf("-");
}

/* Every field except the time, on a few lines. */
static void dump(const char *label, SSL_SESSION *s)
{
    unsigned int idlen = 99, ctxlen = 99;
    const unsigned char *id = SSL_SESSION_get_id(s, &idlen);
    const unsigned char *sc = SSL_SESSION_get0_id_context(s, &ctxlen);
    const unsigned char *alpn = NULL, *tick = NULL;
    const char *host = SSL_SESSION_get0_hostname(s);
    unsigned char mk[512];
    size_t alpnlen = 99, ticklen = 99, adlen = 99, mklen;
    void *ad = NULL;
    int adret;

    memset(mk, 0, sizeof(mk));
    mklen = SSL_SESSION_get_master_key(s, mk, sizeof(mk));
    SSL_SESSION_get0_alpn_selected(s, &alpn, &alpnlen);
    SSL_SESSION_get0_ticket(s, &tick, &ticklen);
    adret = SSL_SESSION_get0_ticket_appdata(s, &ad, &adlen);

    printf("%s: timeout=%ld protocol=0x%x resumable=%d\n", label,
           SSL_SESSION_get_timeout(s), (unsigned int)SSL_SESSION_get_protocol_version(s),
           SSL_SESSION_is_resumable(s));
    printf("%s: id_ptr=%d id_len=%u id=", label, id != NULL, idlen);
    hex(id, idlen);
    printf(" sidctx_ptr=%d sidctx_len=%u sidctx=", sc != NULL, ctxlen);
    hex(sc, ctxlen);
    printf("\n%s: master_key_len=%lu head=", label, (unsigned long)mklen);
    hex(mk, mklen < 4 ? mklen : 4);
    printf(" tail=");
    hex(mklen >= 4 ? mk + mklen - 4 : mk, mklen < 4 ? mklen : 4);
    printf("\n%s: hostname=%s%s%s alpn_len=%lu alpn=", label,
           host ? "\"" : "", host ? host : "(null)", host ? "\"" : "",
           (unsigned long)alpnlen);
    hex(alpn, alpnlen);
    printf("\n%s: has_ticket=%d ticket_len=%lu ticket_null=%d hint=%lu "
           "appdata_ret=%d appdata_len=%lu appdata=", label,
           SSL_SESSION_has_ticket(s), (unsigned long)ticklen, tick == NULL,
           SSL_SESSION_get_ticket_lifetime_hint(s), adret, (unsigned long)adlen);
    hex((const unsigned char *)ad, adlen);
    printf("\n%s: max_early_data=%lu max_fragment_length=%u compress_id=%u\n",
           label, (unsigned long)SSL_SESSION_get_max_early_data(s),
           (unsigned int)SSL_SESSION_get_max_fragment_length(s),
           SSL_SESSION_get_compress_id(s));
}

static unsigned char buf[600];

static void test_defaults(void)
{
    SSL_SESSION *s = SSL_SESSION_new();
    long t;

    printf("== defaults\n");
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    t = SSL_SESSION_get_time(s) - (long)time(NULL);
    printf("time_now_ok=%d\n", t >= -2 && t <= 2);
    dump("new", s);
    print_errors("defaults");
    SSL_SESSION_free(s);
}

static void test_id(SSL_SESSION *s)
{
    unsigned int len;

    printf("== id / id context\n");
    printf("set1_id 32 ret=%d\n", SSL_SESSION_set1_id(s, buf, 32));
    printf("resumable=%d\n", SSL_SESSION_is_resumable(s));
    printf("set1_id 33 ret=%d\n", SSL_SESSION_set1_id(s, buf + 1, 33));
    print_errors("set1_id 33");
    SSL_SESSION_get_id(s, &len);
    printf("id_len after failure=%u\n", len);
    printf("set1_id 0 (buf) ret=%d\n", SSL_SESSION_set1_id(s, buf, 0));
    printf("resumable=%d\n", SSL_SESSION_is_resumable(s));
    printf("set1_id 1 ret=%d\n", SSL_SESSION_set1_id(s, buf + 5, 1));
    printf("resumable=%d\n", SSL_SESSION_is_resumable(s));
    printf("set1_id NULL,0 ret=%d\n", SSL_SESSION_set1_id(s, NULL, 0));
    printf("resumable=%d\n", SSL_SESSION_is_resumable(s));

    printf("set1_id_context 32 ret=%d\n", SSL_SESSION_set1_id_context(s, buf + 2, 32));
    printf("set1_id_context 33 ret=%d\n", SSL_SESSION_set1_id_context(s, buf, 33));
    print_errors("set1_id_context 33");
    printf("resumable with only sid_ctx=%d\n", SSL_SESSION_is_resumable(s));
    printf("set1_id_context NULL,0 ret=%d\n", SSL_SESSION_set1_id_context(s, NULL, 0));
    printf("set1_id 3 ret=%d\n", SSL_SESSION_set1_id(s, buf + 7, 3));
    dump("id2", s);
    print_errors("id");
}

static void test_master_key(SSL_SESSION *s)
{
    unsigned char out[64];
    size_t r;

    printf("== master key\n");
    printf("set1_master_key 48 ret=%d\n", SSL_SESSION_set1_master_key(s, buf + 3, 48));
    printf("get outlen 0 ret=%lu\n", (unsigned long)SSL_SESSION_get_master_key(s, out, 0));
    printf("get NULL,0 ret=%lu\n", (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0));
    memset(out, 0xEE, sizeof(out));
    r = SSL_SESSION_get_master_key(s, out, 10);
    printf("get outlen 10 ret=%lu out=", (unsigned long)r);
    hex(out, 12);
    memset(out, 0xEE, sizeof(out));
    r = SSL_SESSION_get_master_key(s, out, sizeof(out));
    printf("\nget outlen 64 ret=%lu out=", (unsigned long)r);
    hex(out, 50);
    printf("\nset1_master_key 512 ret=%d\n", SSL_SESSION_set1_master_key(s, buf, 512));
    print_errors("master key 512");
    printf("set1_master_key 513 ret=%d\n", SSL_SESSION_set1_master_key(s, buf, 513));
    print_errors("master key 513");
    printf("len after failure=%lu\n", (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0));
    dump("mk", s);
    printf("set1_master_key 0 ret=%d\n", SSL_SESSION_set1_master_key(s, buf, 0));
    printf("len=%lu\n", (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0));
    printf("set1_master_key 5 ret=%d\n", SSL_SESSION_set1_master_key(s, buf + 9, 5));
}

static void test_strings(SSL_SESSION *s)
{
    static const char name[] = "example.com";
    static const unsigned char alpn[] = { 'h', '2' };
    static const unsigned char ad[] = { 1, 2, 3, 4, 5 };
    void *p = NULL;
    const unsigned char *pa = NULL;
    size_t n = 99;

    printf("== hostname / alpn / ticket appdata\n");
    printf("set1_hostname ret=%d\n", SSL_SESSION_set1_hostname(s, name));
    printf("hostname copied=%d equal=%d\n", SSL_SESSION_get0_hostname(s) != name,
           strcmp(SSL_SESSION_get0_hostname(s), name) == 0);
    printf("set1_hostname \"\" ret=%d\n", SSL_SESSION_set1_hostname(s, ""));
    printf("hostname non_null=%d len=%lu\n", SSL_SESSION_get0_hostname(s) != NULL,
           (unsigned long)strlen(SSL_SESSION_get0_hostname(s)));
    printf("set1_hostname NULL ret=%d\n", SSL_SESSION_set1_hostname(s, NULL));
    printf("hostname null=%d\n", SSL_SESSION_get0_hostname(s) == NULL);

    printf("set1_alpn_selected ret=%d\n", SSL_SESSION_set1_alpn_selected(s, alpn, 2));
    dump("alpn", s);
    printf("set1_alpn_selected buf,0 ret=%d\n", SSL_SESSION_set1_alpn_selected(s, alpn, 0));
    SSL_SESSION_get0_alpn_selected(s, &pa, &n);
    printf("alpn null=%d len=%lu\n", pa == NULL, (unsigned long)n);
    printf("set1_alpn_selected again ret=%d\n", SSL_SESSION_set1_alpn_selected(s, alpn, 1));
    printf("set1_alpn_selected NULL,0 ret=%d\n", SSL_SESSION_set1_alpn_selected(s, NULL, 0));

    printf("set1_ticket_appdata ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, ad, 5));
    printf("get0_ticket_appdata ret=%d", SSL_SESSION_get0_ticket_appdata(s, &p, &n));
    printf(" copied=%d len=%lu data=", p != (const void *)ad, (unsigned long)n);
    hex((const unsigned char *)p, n);
    printf("\nset1_ticket_appdata buf,0 ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, ad, 0));
    printf("get0_ticket_appdata ret=%d", SSL_SESSION_get0_ticket_appdata(s, &p, &n));
    printf(" null=%d len=%lu\n", p == NULL, (unsigned long)n);
    printf("set1_ticket_appdata again ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, ad + 1, 2));
    printf("set1_ticket_appdata NULL,0 ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, NULL, 0));
    dump("strings cleared", s);
    print_errors("strings");
}

static void test_numbers(SSL_SESSION *s)
{
    static const int vers[] = { TLS1_2_VERSION, TLS1_3_VERSION, 0x1234, 0, -1, 0x303 };
    size_t i;

    printf("== protocol / early data / time / timeout\n");
    for (i = 0; i < sizeof(vers) / sizeof(vers[0]); i++) {
        int r = SSL_SESSION_set_protocol_version(s, vers[i]);
        printf("set_protocol_version(%d) ret=%d get=%d\n", vers[i], r,
               SSL_SESSION_get_protocol_version(s));
    }
    printf("set_max_early_data(16384) ret=%d\n", SSL_SESSION_set_max_early_data(s, 16384));
    printf("get=%lu\n", (unsigned long)SSL_SESSION_get_max_early_data(s));
    printf("set_max_early_data(0xffffffff) ret=%d\n",
           SSL_SESSION_set_max_early_data(s, 0xffffffffUL));
    printf("get=%lu\n", (unsigned long)SSL_SESSION_get_max_early_data(s));

    printf("set_timeout(0) ret=%ld\n", SSL_SESSION_set_timeout(s, 0));
    printf("get_timeout=%ld\n", SSL_SESSION_get_timeout(s));
    printf("set_timeout(100) ret=%ld\n", SSL_SESSION_set_timeout(s, 100));
    printf("set_timeout(-1) ret=%ld\n", SSL_SESSION_set_timeout(s, -1));
    printf("get_timeout=%ld\n", SSL_SESSION_get_timeout(s));
    printf("set_timeout(2147483647) ret=%ld\n", SSL_SESSION_set_timeout(s, 2147483647L));
    printf("get_timeout=%ld\n", SSL_SESSION_get_timeout(s));

    printf("set_time(1000) ret=%ld\n", SSL_SESSION_set_time(s, 1000));
    printf("get_time=%ld get_timeout=%ld\n", SSL_SESSION_get_time(s),
           SSL_SESSION_get_timeout(s));
    printf("set_time(0) ret=%ld\n", SSL_SESSION_set_time(s, 0));
    printf("get_time=%ld\n", SSL_SESSION_get_time(s));
    printf("set_time(-5) ret=%ld\n", SSL_SESSION_set_time(s, -5));
    printf("get_time=%ld\n", SSL_SESSION_get_time(s));

    printf("SSL_set_time(2000) ret=%ld\n", SSL_set_time(s, 2000));
    printf("SSL_get_time=%ld same=%d\n", SSL_get_time(s),
           SSL_get_time(s) == SSL_SESSION_get_time(s));
    printf("SSL_set_timeout(60) ret=%ld\n", SSL_set_timeout(s, 60));
    printf("SSL_set_timeout(-2) ret=%ld\n", SSL_set_timeout(s, -2));
    printf("SSL_get_timeout=%ld same=%d\n", SSL_get_timeout(s),
           SSL_get_timeout(s) == SSL_SESSION_get_timeout(s));
    print_errors("numbers");
}

static void fill(SSL_SESSION *s, int k)
{
    int ok = SSL_SESSION_set1_id(s, buf + k, 20) == 1
        && SSL_SESSION_set1_id_context(s, buf + k + 1, 7) == 1
        && SSL_SESSION_set1_master_key(s, buf + k + 2, 48) == 1
        && SSL_SESSION_set1_hostname(s, k ? "changed.example" : "a.example") == 1
        && SSL_SESSION_set1_alpn_selected(s, buf + k + 3, 4) == 1
        && SSL_SESSION_set1_ticket_appdata(s, buf + k + 4, 6) == 1
        && SSL_SESSION_set_protocol_version(s, k ? TLS1_2_VERSION : TLS1_3_VERSION) == 1
        && SSL_SESSION_set_max_early_data(s, 1000 + k) == 1
        && SSL_SESSION_set_time(s, 12345 + k) == 12345 + k
        && SSL_SESSION_set_timeout(s, 678 + k) == 1;

    FATAL_IF(!ok, "fill: a setter failed");
}

static void test_dup(void)
{
    SSL_SESSION *o = SSL_SESSION_new();
    SSL_SESSION *d;

    printf("== dup\n");
    FATAL_IF(o == NULL, "SSL_SESSION_new");
    d = SSL_SESSION_dup(o);
    FATAL_IF(d == NULL, "SSL_SESSION_dup");
    printf("dup of new: distinct=%d time_equal=%d\n", d != o,
           SSL_SESSION_get_time(d) == SSL_SESSION_get_time(o));
    dump("dup new", d);
    SSL_SESSION_free(d);

    fill(o, 0);
    d = SSL_SESSION_dup(o);
    FATAL_IF(d == NULL, "SSL_SESSION_dup");
    printf("dup time=%ld hostname_copied=%d\n", SSL_SESSION_get_time(d),
           SSL_SESSION_get0_hostname(d) != SSL_SESSION_get0_hostname(o));
    dump("orig", o);
    dump("dup", d);
    fill(o, 50); /* change every field of the original */
    dump("orig changed", o);
    dump("dup after change", d);
    SSL_SESSION_free(o);
    printf("dup after orig freed: time=%ld\n", SSL_SESSION_get_time(d));
    dump("dup alone", d);
    print_errors("dup");
    SSL_SESSION_free(d);
}

int main(void)
{
    SSL_SESSION *s;
    size_t i;

    for (i = 0; i < sizeof(buf); i++)
        buf[i] = (unsigned char)(i * 7 + 1);
    ERR_clear_error();
    test_defaults();
    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    test_id(s);
    test_master_key(s);
    test_strings(s);
    test_numbers(s);
    dump("final", s);
    SSL_SESSION_free(s);
    test_dup();
    printf("done\n");
    return 0;
}
