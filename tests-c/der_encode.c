/*
 * der_encode.c - i2d_SSL_SESSION of sessions built with the setters: the exact
 * DER of every setter-accessible field (protocol 0x303/0x304/0/odd values,
 * ciphers, id, sid_ctx, master key incl. long-form lengths, hostname, ALPN,
 * ticket appdata, max_early_data, time/timeout 0, negative and huge), the
 * defaults of a new session ([5] verify_result 1, [17] 255, [19] 0), i2d's
 * return values (NULL session, no cipher, NULL pp, *pp NULL, caller buffer),
 * then d2i of every encoding and re-encoding.
 *
 * Deterministic output: a [1] time within 5 s of time(NULL) is printed as
 * <now>; decoded times are printed as "now" when within 5 s of time(NULL).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include "der_util.h"

/* A session with cipher ECDHE-RSA-AES128-GCM-SHA256, time 0, timeout 0. */
static SSL_SESSION *base(void)
{
    SSL_SESSION *s = SSL_SESSION_new();

    FATAL_IF(s == NULL, "SSL_SESSION_new");
    FATAL_IF(SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f)) != 1, "set_cipher");
    SSL_SESSION_set_time(s, 0);
    SSL_SESSION_set_timeout(s, 0);
    return s;
}

/* ------------------------------------------------------------ setters */

static unsigned char bytes[600];

static void st_fresh(SSL_SESSION *s)
{
    (void)s;
}
static void st_time_now(SSL_SESSION *s)
{
    (void)s;
}
static void st_time0(SSL_SESSION *s)
{
    printf("  set_time(0) ret=%ld\n", SSL_SESSION_set_time(s, 0));
}
static void st_time0_timeout0(SSL_SESSION *s)
{
    printf("  set_time(0) ret=%ld\n", SSL_SESSION_set_time(s, 0));
    printf("  set_timeout(0) ret=%ld\n", SSL_SESSION_set_timeout(s, 0));
}
static void st_tls12(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x303) ret=%d\n", SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION));
}
static void st_tls13(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x304) ret=%d\n", SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION));
}
static void st_proto0(SSL_SESSION *s)
{
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    printf("  set_protocol_version(0) ret=%d\n", SSL_SESSION_set_protocol_version(s, 0));
}
static void st_proto_ssl3(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x300) ret=%d\n", SSL_SESSION_set_protocol_version(s, SSL3_VERSION));
}
static void st_proto_tls1(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x301) ret=%d\n", SSL_SESSION_set_protocol_version(s, TLS1_VERSION));
}
static void st_proto_dtls12(SSL_SESSION *s)
{
    printf("  set_protocol_version(0xfefd) ret=%d\n", SSL_SESSION_set_protocol_version(s, 0xFEFD));
}
static void st_proto_minus1(SSL_SESSION *s)
{
    printf("  set_protocol_version(-1) ret=%d\n", SSL_SESSION_set_protocol_version(s, -1));
}
static void st_proto_max(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x7fffffff) ret=%d\n", SSL_SESSION_set_protocol_version(s, 0x7fffffff));
}
static void st_proto_0200(SSL_SESSION *s)
{
    printf("  set_protocol_version(0x200) ret=%d\n", SSL_SESSION_set_protocol_version(s, 0x200));
}
static void st_time_fixed(SSL_SESSION *s)
{
    printf("  set_time(0x12345678) ret=%ld\n", SSL_SESSION_set_time(s, 0x12345678L));
    printf("  set_timeout(300) ret=%ld\n", SSL_SESSION_set_timeout(s, 300));
}
static void st_time_m1(SSL_SESSION *s)
{
    printf("  set_time(-1) ret=%ld\n", SSL_SESSION_set_time(s, -1));
}
static void st_time_m200(SSL_SESSION *s)
{
    printf("  set_time(-200) ret=%ld\n", SSL_SESSION_set_time(s, -200));
}
static void st_time_2p31(SSL_SESSION *s)
{
    printf("  set_time(0x80000000) ret=%ld\n", SSL_SESSION_set_time(s, 0x80000000L));
}
static void st_time_max(SSL_SESSION *s)
{
    printf("  set_time(LONG_MAX) ret=%ld\n", SSL_SESSION_set_time(s, LONG_MAX));
}
static void st_time_min(SSL_SESSION *s)
{
    printf("  set_time(LONG_MIN) ret=%ld\n", SSL_SESSION_set_time(s, LONG_MIN));
}
static void st_timeout_max(SSL_SESSION *s)
{
    printf("  set_timeout(LONG_MAX) ret=%ld\n", SSL_SESSION_set_timeout(s, LONG_MAX));
}
static void st_time1000_timeout_max(SSL_SESSION *s)
{
    printf("  set_time(1000) ret=%ld\n", SSL_SESSION_set_time(s, 1000));
    printf("  set_timeout(LONG_MAX) ret=%ld\n", SSL_SESSION_set_timeout(s, LONG_MAX));
}
static void st_timeout_m5(SSL_SESSION *s)
{
    SSL_SESSION_set_timeout(s, 304);
    printf("  set_timeout(-5) ret=%ld\n", SSL_SESSION_set_timeout(s, -5));
}
static void st_timeout_1(SSL_SESSION *s)
{
    printf("  set_timeout(1) ret=%ld\n", SSL_SESSION_set_timeout(s, 1));
}
static void st_timeout_128(SSL_SESSION *s)
{
    printf("  set_timeout(128) ret=%ld\n", SSL_SESSION_set_timeout(s, 128));
}
static void st_id32(SSL_SESSION *s)
{
    int i;

    for (i = 0; i < 32; i++)
        bytes[i] = (unsigned char)(i + 1);
    printf("  set1_id(01..20) ret=%d\n", SSL_SESSION_set1_id(s, bytes, 32));
}
static void st_id1(SSL_SESSION *s)
{
    bytes[0] = 0xaa;
    printf("  set1_id(aa) ret=%d\n", SSL_SESSION_set1_id(s, bytes, 1));
}
static void st_id33(SSL_SESSION *s)
{
    memset(bytes, 0x11, 33);
    printf("  set1_id(33 bytes) ret=%d\n", SSL_SESSION_set1_id(s, bytes, 33));
    ERR_clear_error();
}
static void st_sidctx(SSL_SESSION *s)
{
    printf("  set1_id_context(\"ctx\") ret=%d\n",
           SSL_SESSION_set1_id_context(s, (const unsigned char *)"ctx", 3));
}
static void st_sidctx32(SSL_SESSION *s)
{
    memset(bytes, 0x33, 32);
    printf("  set1_id_context(32 x 33) ret=%d\n", SSL_SESSION_set1_id_context(s, bytes, 32));
}
static void st_mk48(SSL_SESSION *s)
{
    memset(bytes, 0x5a, 48);
    printf("  set1_master_key(48 x 5a) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 48));
}
static void st_mk1(SSL_SESSION *s)
{
    bytes[0] = 0x00;
    printf("  set1_master_key(00) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 1));
}
static void st_mk127(SSL_SESSION *s)
{
    memset(bytes, 0x5a, 127);
    printf("  set1_master_key(127 x 5a) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 127));
}
static void st_mk128(SSL_SESSION *s)
{
    memset(bytes, 0x5a, 128);
    printf("  set1_master_key(128 x 5a) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 128));
}
static void st_mk200(SSL_SESSION *s)
{
    memset(bytes, 0x5a, 200);
    printf("  set1_master_key(200 x 5a) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 200));
}
static void st_mk512(SSL_SESSION *s)
{
    int i;

    for (i = 0; i < 512; i++)
        bytes[i] = (unsigned char)i;
    printf("  set1_master_key(512 bytes 00..ff 00..ff) ret=%d\n", SSL_SESSION_set1_master_key(s, bytes, 512));
}
static void st_host(SSL_SESSION *s)
{
    printf("  set1_hostname(\"example.com\") ret=%d\n", SSL_SESSION_set1_hostname(s, "example.com"));
}
static void st_host_empty(SSL_SESSION *s)
{
    printf("  set1_hostname(\"\") ret=%d\n", SSL_SESSION_set1_hostname(s, ""));
}
static void st_host_cleared(SSL_SESSION *s)
{
    SSL_SESSION_set1_hostname(s, "x");
    printf("  set1_hostname(NULL) ret=%d\n", SSL_SESSION_set1_hostname(s, NULL));
}
static void st_alpn(SSL_SESSION *s)
{
    printf("  set1_alpn_selected(\"h2\") ret=%d\n",
           SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"h2", 2));
}
static void st_alpn_empty(SSL_SESSION *s)
{
    printf("  set1_alpn_selected(\"\", 0) ret=%d\n",
           SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"", 0));
}
static void st_appdata(SSL_SESSION *s)
{
    printf("  set1_ticket_appdata(\"app\") ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, "app", 3));
}
static void st_appdata_empty(SSL_SESSION *s)
{
    printf("  set1_ticket_appdata(\"\", 0) ret=%d\n", SSL_SESSION_set1_ticket_appdata(s, "", 0));
}
static void st_early(SSL_SESSION *s)
{
    printf("  set_max_early_data(16384) ret=%d\n", SSL_SESSION_set_max_early_data(s, 16384));
}
static void st_early_max(SSL_SESSION *s)
{
    printf("  set_max_early_data(0xffffffff) ret=%d\n", SSL_SESSION_set_max_early_data(s, 0xffffffffU));
}
static void st_early_127(SSL_SESSION *s)
{
    printf("  set_max_early_data(127) ret=%d\n", SSL_SESSION_set_max_early_data(s, 127));
}
static void st_cipher_1301(SSL_SESSION *s)
{
    printf("  set_cipher(TLS_AES_128_GCM_SHA256) ret=%d\n", SSL_SESSION_set_cipher(s, cipher(0x13, 0x01)));
}
static void st_cipher_009c(SSL_SESSION *s)
{
    printf("  set_cipher(AES128-GCM-SHA256) ret=%d\n", SSL_SESSION_set_cipher(s, cipher(0x00, 0x9c)));
}
static void st_cipher_cca8(SSL_SESSION *s)
{
    printf("  set_cipher(ECDHE-RSA-CHACHA20-POLY1305) ret=%d\n", SSL_SESSION_set_cipher(s, cipher(0xcc, 0xa8)));
}
static void st_rich13(SSL_SESSION *s)
{
    int i;

    SSL_SESSION_set_cipher(s, cipher(0x13, 0x03));
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    for (i = 0; i < 32; i++)
        bytes[i] = (unsigned char)(0xa0 + i);
    SSL_SESSION_set1_id(s, bytes, 32);
    SSL_SESSION_set1_id_context(s, (const unsigned char *)"ctx", 3);
    for (i = 0; i < 512; i++)
        bytes[i] = (unsigned char)(i * 7);
    SSL_SESSION_set1_master_key(s, bytes, 512);
    SSL_SESSION_set1_hostname(s, "h.example");
    SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"\x02h2", 3);
    SSL_SESSION_set1_ticket_appdata(s, "\x00\x01\x02", 3);
    SSL_SESSION_set_max_early_data(s, 0x80000000U);
    SSL_SESSION_set_time(s, -12345);
    SSL_SESSION_set_timeout(s, LONG_MAX);
    printf("  rich TLS1.3 session built\n");
}
static void st_rich12(SSL_SESSION *s)
{
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    SSL_SESSION_set1_id(s, (const unsigned char *)"\x01\x02\x03\x04", 4);
    SSL_SESSION_set1_id_context(s, (const unsigned char *)"\xaa\xbb", 2);
    SSL_SESSION_set1_master_key(s, (const unsigned char *)"\xcc\xdd", 2);
    SSL_SESSION_set1_hostname(s, "abc");
    SSL_SESSION_set1_alpn_selected(s, (const unsigned char *)"\x02h2", 3);
    SSL_SESSION_set1_ticket_appdata(s, "z", 1);
    SSL_SESSION_set_time(s, 0x12345678L);
    SSL_SESSION_set_timeout(s, 300);
    printf("  rich TLS1.2 session built\n");
}

struct enc_case {
    const char *name;
    int fresh;              /* 1: SSL_SESSION_new + cipher only (time now, timeout 304) */
    void (*set)(SSL_SESSION *);
};

static const struct enc_case cases[] = {
    { "new + set_cipher (time now, timeout 304)", 1, st_time_now },
    { "new + set_cipher + set_time(0)", 1, st_time0 },
    { "new + set_cipher + time 0 + timeout 0", 1, st_time0_timeout0 },
    { "base (cipher, time 0, timeout 0, sslVersion 0)", 0, st_fresh },
    { "protocol 0x0303", 0, st_tls12 },
    { "protocol 0x0304", 0, st_tls13 },
    { "protocol 0x0303 then 0", 0, st_proto0 },
    { "protocol 0x0300", 0, st_proto_ssl3 },
    { "protocol 0x0301", 0, st_proto_tls1 },
    { "protocol 0xFEFD", 0, st_proto_dtls12 },
    { "protocol -1", 0, st_proto_minus1 },
    { "protocol 0x7fffffff", 0, st_proto_max },
    { "protocol 0x0200", 0, st_proto_0200 },
    { "time 0x12345678, timeout 300", 0, st_time_fixed },
    { "time -1", 0, st_time_m1 },
    { "time -200", 0, st_time_m200 },
    { "time 0x80000000", 0, st_time_2p31 },
    { "time LONG_MAX", 0, st_time_max },
    { "time LONG_MIN", 0, st_time_min },
    { "timeout LONG_MAX", 0, st_timeout_max },
    { "time 1000, timeout LONG_MAX", 0, st_time1000_timeout_max },
    { "timeout 304 then set_timeout(-5)", 0, st_timeout_m5 },
    { "timeout 1", 0, st_timeout_1 },
    { "timeout 128", 0, st_timeout_128 },
    { "id 01..20 (32 bytes)", 0, st_id32 },
    { "id aa", 0, st_id1 },
    { "id 33 bytes (refused)", 0, st_id33 },
    { "sid_ctx \"ctx\"", 0, st_sidctx },
    { "sid_ctx 32 bytes", 0, st_sidctx32 },
    { "master key 48 x 5a", 0, st_mk48 },
    { "master key 00", 0, st_mk1 },
    { "master key 127 x 5a", 0, st_mk127 },
    { "master key 128 x 5a", 0, st_mk128 },
    { "master key 200 x 5a", 0, st_mk200 },
    { "master key 512", 0, st_mk512 },
    { "hostname example.com", 0, st_host },
    { "hostname \"\"", 0, st_host_empty },
    { "hostname set then NULL", 0, st_host_cleared },
    { "alpn h2", 0, st_alpn },
    { "alpn empty", 0, st_alpn_empty },
    { "ticket appdata app", 0, st_appdata },
    { "ticket appdata empty", 0, st_appdata_empty },
    { "max_early_data 16384", 0, st_early },
    { "max_early_data 0xffffffff", 0, st_early_max },
    { "max_early_data 127", 0, st_early_127 },
    { "cipher 0x1301", 0, st_cipher_1301 },
    { "cipher 0x009c", 0, st_cipher_009c },
    { "cipher 0xcca8", 0, st_cipher_cca8 },
    { "rich TLS1.3", 0, st_rich13 },
    { "rich TLS1.2", 0, st_rich12 },
};

static void print_decoded(SSL_SESSION *s)
{
    const SSL_CIPHER *c = SSL_SESSION_get0_cipher(s);
    unsigned int idlen = 0;
    const unsigned char *id = SSL_SESSION_get_id(s, &idlen);

    printf("  decoded: ");
    print_time("time", SSL_SESSION_get_time(s));
    printf(" timeout=%ld proto=0x%x cipher=%s idlen=%u", SSL_SESSION_get_timeout(s),
           (unsigned int)SSL_SESSION_get_protocol_version(s),
           c ? SSL_CIPHER_get_name(c) : "(null)", idlen);
    if (idlen > 0) {
        printf(" id=");
        raw(id, idlen);
    }
    printf(" mklen=%lu mfl=%u early=%lu host=%s\n",
           (unsigned long)SSL_SESSION_get_master_key(s, NULL, 0),
           (unsigned int)SSL_SESSION_get_max_fragment_length(s),
           (unsigned long)SSL_SESSION_get_max_early_data(s),
           SSL_SESSION_get0_hostname(s) ? SSL_SESSION_get0_hostname(s) : "(null)");
}

/* Encodes s every way and checks the ways agree; returns the DER (OPENSSL_free). */
static unsigned char *encode(SSL_SESSION *s, int *lenp)
{
    int n1, n2, n3;
    unsigned char *p = NULL, *buf, *q;

    n1 = i2d_SSL_SESSION(s, NULL);
    n2 = i2d_SSL_SESSION(s, &p);
    printf("  i2d(s, NULL)=%d i2d(s, &NULL)=%d", n1, n2);
    if (n2 <= 0) {
        printf(" p_null=%d\n", p == NULL);
        *lenp = n2;
        return NULL;
    }
    buf = (unsigned char *)malloc((size_t)n2 + 4);
    FATAL_IF(buf == NULL, "malloc");
    memset(buf, 0xEE, (size_t)n2 + 4);
    q = buf;
    n3 = i2d_SSL_SESSION(s, &q);
    printf(" i2d(s, &buf)=%d advanced=%ld guard_ok=%d same_bytes=%d\n", n3, (long)(q - buf),
           buf[n2] == 0xEE && buf[n2 + 3] == 0xEE, n3 == n2 && memcmp(buf, p, (size_t)n2) == 0);
    free(buf);
    *lenp = n2;
    return p;
}

static void run_case(const struct enc_case *c, int tls12)
{
    SSL_SESSION *s, *d, *dup;
    unsigned char *der, *der2, *der3;
    const unsigned char *pp;
    int n, n2, n3;

    printf("== %s%s\n", c->name, tls12 ? " [after set_protocol_version(0x303)]" : "");
    if (c->fresh) {
        s = SSL_SESSION_new();
        FATAL_IF(s == NULL, "SSL_SESSION_new");
        SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f));
    } else {
        s = base();
    }
    if (tls12)
        SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    c->set(s);
    print_errors("setters");
    printf("  getters: ");
    print_time("time", SSL_SESSION_get_time(s));
    printf(" timeout=%ld proto=0x%x mfl=%u\n", SSL_SESSION_get_timeout(s),
           (unsigned int)SSL_SESSION_get_protocol_version(s),
           (unsigned int)SSL_SESSION_get_max_fragment_length(s));
    der = encode(s, &n);
    print_errors("i2d");
    if (der == NULL) {
        SSL_SESSION_free(s);
        return;
    }
    printf("  der: ");
    der_hex(der, n);
    printf("\n");

    /* A copy encodes the same. */
    dup = SSL_SESSION_dup(s);
    FATAL_IF(dup == NULL, "SSL_SESSION_dup");
    der3 = NULL;
    n3 = i2d_SSL_SESSION(dup, &der3);
    printf("  dup encodes identically: %d\n", n3 == n && der3 != NULL && memcmp(der, der3, (size_t)n) == 0);
    OPENSSL_free(der3);
    SSL_SESSION_free(dup);

    /* Decode, then re-encode. */
    pp = der;
    d = d2i_SSL_SESSION(NULL, &pp, n);
    printf("  d2i: %s advanced=%ld\n", d ? "session" : "NULL", (long)(pp - der));
    print_errors("d2i");
    if (d != NULL) {
        print_decoded(d);
        der2 = NULL;
        n2 = i2d_SSL_SESSION(d, &der2);
        if (n2 == n && der2 != NULL && memcmp(der, der2, (size_t)n) == 0) {
            printf("  re-encoding: identical\n");
        } else {
            printf("  re-encoding: differs (%d): ", n2);
            if (der2 != NULL)
                der_hex(der2, n2);
            printf("\n");
        }
        OPENSSL_free(der2);
        SSL_SESSION_free(d);
    }
    OPENSSL_free(der);
    SSL_SESSION_free(s);
}

/* ------------------------------------------------------------ i2d return values */

static void test_returns(void)
{
    SSL_SESSION *s;
    unsigned char *p = NULL, buf[200], *q;
    const unsigned char *cp;
    int r, r2, i;

    printf("== i2d return values\n");
    ERR_clear_error();
    printf("i2d(NULL, NULL)=%d\n", i2d_SSL_SESSION(NULL, NULL));
    r = i2d_SSL_SESSION(NULL, &p);
    printf("i2d(NULL, &p=NULL)=%d p_null=%d\n", r, p == NULL);
    q = buf;
    r = i2d_SSL_SESSION(NULL, &q);
    printf("i2d(NULL, &buf)=%d advanced=%ld\n", r, (long)(q - buf));
    print_errors("NULL session");

    s = SSL_SESSION_new();
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    printf("no cipher: i2d(s, NULL)=%d\n", i2d_SSL_SESSION(s, NULL));
    p = NULL;
    r = i2d_SSL_SESSION(s, &p);
    printf("no cipher: i2d(s, &p=NULL)=%d p_null=%d\n", r, p == NULL);
    memset(buf, 0xEE, sizeof(buf));
    q = buf;
    r = i2d_SSL_SESSION(s, &q);
    printf("no cipher: i2d(s, &buf)=%d advanced=%ld buf0=%02x\n", r, (long)(q - buf), buf[0]);
    print_errors("no cipher");

    printf("set_cipher ret=%d\n", SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f)));
    SSL_SESSION_set_time(s, 0);
    SSL_SESSION_set_timeout(s, 0);
    SSL_SESSION_set_protocol_version(s, TLS1_2_VERSION);
    r = i2d_SSL_SESSION(s, NULL);
    printf("i2d(s, NULL)=%d\n", r);
    p = NULL;
    r2 = i2d_SSL_SESSION(s, &p);
    printf("i2d(s, &p=NULL)=%d p_null=%d\n", r2, p == NULL);
    if (p != NULL) {
        printf("allocated: ");
        der_hex(p, r2);
        printf("\n");
    }
    memset(buf, 0xEE, sizeof(buf));
    q = buf;
    r = i2d_SSL_SESSION(s, &q);
    printf("i2d(s, &buf)=%d advanced=%ld byte_after=%02x same=%d\n", r, (long)(q - buf), buf[r],
           p != NULL && r == r2 && memcmp(buf, p, (size_t)r) == 0);
    /* Two sessions back to back in one buffer, then decoded in sequence. */
    r2 = i2d_SSL_SESSION(s, &q);
    printf("second i2d(s, &buf)=%d total_advanced=%ld byte_after=%02x\n", r2, (long)(q - buf),
           buf[q - buf]);
    cp = buf;
    for (i = 0; i < 3; i++) {
        const unsigned char *before = cp;
        SSL_SESSION *d = d2i_SSL_SESSION(NULL, &cp, (long)((q - buf) - (cp - buf)));

        printf("sequential d2i #%d: %s advanced=%ld\n", i + 1, d ? "session" : "NULL",
               (long)(cp - before));
        print_errors("sequential d2i");
        SSL_SESSION_free(d);
    }
    OPENSSL_free(p);

    r = SSL_SESSION_set_cipher(s, NULL);
    printf("set_cipher(NULL) ret=%d get0_cipher_null=%d\n", r, SSL_SESSION_get0_cipher(s) == NULL);
    p = NULL;
    r = i2d_SSL_SESSION(s, &p);
    printf("after set_cipher(NULL): i2d(s, NULL)=%d i2d(s, &p)=%d p_null=%d\n",
           i2d_SSL_SESSION(s, NULL), r, p == NULL);
    print_errors("after set_cipher(NULL)");
    OPENSSL_free(p);
    SSL_SESSION_free(s);
}

/* ------------------------------------------------------------ defaults */

static void test_defaults(void)
{
    SSL_SESSION *s = SSL_SESSION_new();
    unsigned char *der = NULL;
    int n;

    printf("== defaults of a new session\n");
    FATAL_IF(s == NULL, "SSL_SESSION_new");
    printf("proto=0x%x timeout=%ld mfl_getter=%u early=%lu compress_id=%u\n",
           (unsigned int)SSL_SESSION_get_protocol_version(s), SSL_SESSION_get_timeout(s),
           (unsigned int)SSL_SESSION_get_max_fragment_length(s),
           (unsigned long)SSL_SESSION_get_max_early_data(s), SSL_SESSION_get_compress_id(s));
    print_time("time", SSL_SESSION_get_time(s));
    printf("\n");
    SSL_SESSION_set_cipher(s, cipher(0xc0, 0x2f));
    n = i2d_SSL_SESSION(s, &der);
    printf("der: ");
    if (der != NULL)
        der_hex(der, n);
    printf("\n");
    if (der != NULL) {
        /* Locate [5] verify_result, [17] max_fragment_len_mode and [19] kex_group. */
        long i;

        for (i = 0; i + 5 <= n; i++) {
            if (der[i] == 0xa5 && der[i + 1] == 0x03)
                printf("[5] verify_result: %02x%02x%02x%02x%02x\n", der[i], der[i + 1], der[i + 2], der[i + 3], der[i + 4]);
            if (der[i] == 0xb1 && der[i + 1] == 0x04 && i + 6 <= n)
                printf("[17] mfl: %02x%02x%02x%02x%02x%02x\n", der[i], der[i + 1], der[i + 2], der[i + 3], der[i + 4], der[i + 5]);
            if (der[i] == 0xb3 && der[i + 1] == 0x03)
                printf("[19] kex_group: %02x%02x%02x%02x%02x\n", der[i], der[i + 1], der[i + 2], der[i + 3], der[i + 4]);
        }
    }
    OPENSSL_free(der);
    SSL_SESSION_free(s);
}

int main(void)
{
    size_t i;

    new_g_ssl();

    test_defaults();
    test_returns();
    /* As set (sslVersion 0 unless the case sets it: d2i refuses those)... */
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        run_case(&cases[i], 0);
    /* ...and each again with TLS 1.2 set first, so the decoder accepts it. */
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
        if (cases[i].set != st_proto0 && cases[i].set != st_proto_minus1)
            run_case(&cases[i], 1);

    free_g_ssl();
    printf("done\n");
    return 0;
}
