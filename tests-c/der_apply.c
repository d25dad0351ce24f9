/*
 * der_apply.c - what d2i_SSL_SESSION(&s, ...) leaves in an existing session s
 * when the bytes parse but a field is refused part-way. OpenSSL applies the
 * fields to s one by one, in its own order, and stops at the first refused
 * one: every field before it holds the new value, every field after it the
 * old one.
 *
 * The session s is decoded from A (every field set); then d2i(&s) is given B
 * (every field set to another value) with one refusal planted at a time: the
 * version, the protocol version, the cipher's length, an unknown cipher, a
 * 33-byte id, a 513-byte master key, a 33-byte id context, a compression id of
 * 2 or 0 bytes; then B as is, and B with no optional field (s keeps no ticket
 * there, so only i2d is printed: OpenSSL's ticket getters are a deviation, see
 * sessl-only/d2i_drops_ticket.c). Printed: the result, the errors, s's DER,
 * and which peer certificate s holds (get0_peer). Also the session flags [13] beyond 32
 * bits, which OpenSSL truncates. Run from the repository root (fixtures).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "der_util.h"

/* ---------------------------------------------------------------- a DER writer */

struct buf {
    unsigned char b[4096];
    size_t n;
};

static void put(struct buf *o, const void *p, size_t n)
{
    FATAL_IF(o->n + n > sizeof(o->b), "buffer full");
    memcpy(o->b + o->n, p, n);
    o->n += n;
}

static void put_byte(struct buf *o, unsigned v)
{
    unsigned char c = (unsigned char)v;

    put(o, &c, 1);
}

static void tlv(struct buf *o, unsigned tag, const void *p, size_t n)
{
    put_byte(o, tag);
    if (n < 0x80) {
        put_byte(o, (unsigned)n);
    } else if (n < 0x100) {
        put_byte(o, 0x81);
        put_byte(o, (unsigned)n);
    } else {
        put_byte(o, 0x82);
        put_byte(o, (unsigned)(n >> 8));
        put_byte(o, (unsigned)(n & 0xff));
    }
    put(o, p, n);
}

/* A non-negative INTEGER, minimal. */
static void integer(struct buf *o, unsigned long long v)
{
    unsigned char c[9];
    int i = 9;

    do {
        c[--i] = (unsigned char)(v & 0xff);
        v >>= 8;
    } while (v != 0);
    if (c[i] & 0x80)
        c[--i] = 0;
    tlv(o, 0x02, c + i, (size_t)(9 - i));
}

static void explicit_int(struct buf *o, unsigned n, unsigned long long v)
{
    struct buf in;

    in.n = 0;
    integer(&in, v);
    tlv(o, 0xa0 | n, in.b, in.n);
}

static void explicit_octets(struct buf *o, unsigned n, const void *p, size_t len)
{
    struct buf in;

    in.n = 0;
    tlv(&in, 0x04, p, len);
    tlv(o, 0xa0 | n, in.b, in.n);
}

/* ---------------------------------------------------------------- sessions */

/* A byte string; absent when p is NULL. */
struct bytes {
    const void *p;
    size_t n;
};

static struct bytes bytes_of(const void *p, size_t n)
{
    struct bytes b;

    b.p = p;
    b.n = n;
    return b;
}

#define STR(s) bytes_of((s), sizeof(s) - 1)

/* What a session's DER says; 0 / absent fields are left out. */
struct spec {
    unsigned long long version, ssl_version;
    struct bytes cipher, id, master_key;
    unsigned long long time, timeout;
    struct bytes peer, sid_ctx;
    unsigned long long verify_result;
    struct bytes host, hint, identity;
    unsigned long long lifetime_hint;
    struct bytes ticket, comp_id, srp;
    unsigned long long flags, age_add, max_early_data;
    struct bytes alpn;
    unsigned long long mfl;
    struct bytes appdata;
    unsigned long long kex_group;
};

static void encode(const struct spec *s, struct buf *out)
{
    struct buf body;

    body.n = 0;
    integer(&body, s->version);
    integer(&body, s->ssl_version);
    tlv(&body, 0x04, s->cipher.p, s->cipher.n);
    tlv(&body, 0x04, s->id.p, s->id.n);
    tlv(&body, 0x04, s->master_key.p, s->master_key.n);
    if (s->time)
        explicit_int(&body, 1, s->time);
    if (s->timeout)
        explicit_int(&body, 2, s->timeout);
    if (s->peer.p)
        tlv(&body, 0xa3, s->peer.p, s->peer.n);
    if (s->sid_ctx.p)
        explicit_octets(&body, 4, s->sid_ctx.p, s->sid_ctx.n);
    if (s->verify_result)
        explicit_int(&body, 5, s->verify_result);
    if (s->host.p)
        explicit_octets(&body, 6, s->host.p, s->host.n);
    if (s->hint.p)
        explicit_octets(&body, 7, s->hint.p, s->hint.n);
    if (s->identity.p)
        explicit_octets(&body, 8, s->identity.p, s->identity.n);
    if (s->lifetime_hint)
        explicit_int(&body, 9, s->lifetime_hint);
    if (s->ticket.p)
        explicit_octets(&body, 10, s->ticket.p, s->ticket.n);
    if (s->comp_id.p)
        explicit_octets(&body, 11, s->comp_id.p, s->comp_id.n);
    if (s->srp.p)
        explicit_octets(&body, 12, s->srp.p, s->srp.n);
    if (s->flags)
        explicit_int(&body, 13, s->flags);
    if (s->age_add)
        explicit_int(&body, 14, s->age_add);
    if (s->max_early_data)
        explicit_int(&body, 15, s->max_early_data);
    if (s->alpn.p)
        explicit_octets(&body, 16, s->alpn.p, s->alpn.n);
    if (s->mfl)
        explicit_int(&body, 17, s->mfl);
    if (s->appdata.p)
        explicit_octets(&body, 18, s->appdata.p, s->appdata.n);
    if (s->kex_group)
        explicit_int(&body, 19, s->kex_group);
    out->n = 0;
    tlv(out, 0x30, body.b, body.n);
}

static unsigned char cert_a[2048], cert_b[2048];
static int cert_a_len, cert_b_len;

/* B's certificate: Ed25519 (from der_peer_mutations.c). */
static const char cert_b_hex[] =
    "3082015b3082010da0030201020214056c13454c33386f57bae863621425d1fbafa198300506032b65703023310b3009"
    "06035504030c0265643114301206092a864886f70d01090116056140622e63301e170d3236313132323033303531375a"
    "170d3236313232323033303531375a3023310b300906035504030c0265643114301206092a864886f70d010901160561"
    "40622e63302a300506032b6570032100439b9eb6cc498893f13761167501b720215ae280726da657e25f827854778cdf"
    "a3533051301d0603551d0e0416041491b8df786037127f0df06c9280e839b8cd575fa3301f0603551d23041830168014"
    "91b8df786037127f0df06c9280e839b8cd575fa3300f0603551d130101ff040530030101ff300506032b6570034100f4"
    "759765ed5cbb6b65301497053327918400e07b83c35c35eb575fd3e0b4fbb233b9f8957708f9153c2be918614845f3f7"
    "69969cc039277cb95aa85ec1a7ca01";

static int unhex(const char *hex, unsigned char *out)
{
    int n = 0;
    unsigned hi, lo;

    for (; hex[0] && hex[1]; hex += 2) {
        hi = (unsigned)(hex[0] <= '9' ? hex[0] - '0' : (hex[0] | 0x20) - 'a' + 10);
        lo = (unsigned)(hex[1] <= '9' ? hex[1] - '0' : (hex[1] | 0x20) - 'a' + 10);
        out[n++] = (unsigned char)(hi << 4 | lo);
    }
    return n;
}

/* The name of a certificate's DER. */
static const char *cert_name(const unsigned char *der, long len)
{
    if (len == cert_a_len && memcmp(der, cert_a, (size_t)len) == 0)
        return "A's";
    if (len == cert_b_len && memcmp(der, cert_b, (size_t)len) == 0)
        return "B's";
    return "another";
}

/* The peer certificate of a fixture session, as DER. */
static int fixture_peer(const char *path, unsigned char *out)
{
    static unsigned char der[8192];
    const unsigned char *p = der;
    unsigned char *w = out;
    FILE *f = fopen(path, "rb");
    SSL_SESSION *s;
    X509 *x;
    size_t n;
    int len;

    FATAL_IF(f == NULL, "open fixture (run from the repository root)");
    n = fread(der, 1, sizeof(der), f);
    fclose(f);
    s = d2i_SSL_SESSION(NULL, &p, (long)n);
    FATAL_IF(s == NULL, "d2i fixture");
    x = SSL_SESSION_get0_peer(s);
    FATAL_IF(x == NULL, "fixture has no peer");
    len = i2d_X509(x, NULL);
    FATAL_IF(len <= 0 || len > 2048, "i2d_X509");
    i2d_X509(x, &w);
    SSL_SESSION_free(s);
    return len;
}

static const char *which_peer(SSL_SESSION *s)
{
    static unsigned char der[2048];
    unsigned char *w = der;
    X509 *x = SSL_SESSION_get0_peer(s);
    int len;

    if (x == NULL)
        return "none";
    len = i2d_X509(x, &w);
    return cert_name(der, len);
}

/* A session's DER, one top-level element after another, the certificate in
 * [3] by name. */
static void print_der(const unsigned char *p, long n)
{
    long i, hl, len, ehl, elen;

    FATAL_IF(n < 2 || p[0] != 0x30 || (hl = der_len(p + 1, n - 1, &len)) == 0, "i2d output");
    for (i = 1 + hl; i < n; i += 1 + ehl + elen) {
        ehl = der_len(p + i + 1, n - i - 1, &elen);
        FATAL_IF(ehl == 0, "i2d output");
        printf(" ");
        if (p[i] == 0xa3)
            printf("a3<%s certificate>", cert_name(p + i + 1 + ehl, elen));
        else
            raw(p + i, 1 + ehl + elen);
    }
}

static void show(const char *label, SSL_SESSION *s)
{
    unsigned char *der = NULL;
    int len = i2d_SSL_SESSION(s, &der);

    printf("  %s: get0_peer=%s\n    der:", label, which_peer(s));
    print_der(der, len);
    printf("\n");
    OPENSSL_free(der);
}

static SSL_SESSION *decode(const struct spec *sp)
{
    struct buf der;
    const unsigned char *p;
    SSL_SESSION *s;

    encode(sp, &der);
    p = der.b;
    s = d2i_SSL_SESSION(NULL, &p, (long)der.n);
    FATAL_IF(s == NULL, "d2i of a valid session");
    return s;
}

/* d2i of sp into a fresh session decoded from a. */
static void into_existing(const char *label, const struct spec *a, const struct spec *sp)
{
    SSL_SESSION *s = decode(a), *target = s, *r;
    struct buf der;
    const unsigned char *p;

    encode(sp, &der);
    p = der.b;
    printf("-- %s\n", label);
    ERR_clear_error();
    r = d2i_SSL_SESSION(&target, &p, (long)der.n);
    printf("  returned %s, *a %s, advanced %ld of %ld\n",
           r == NULL ? "NULL" : r == s ? "the session" : "another session",
           target == s ? "unchanged" : "changed", (long)(p - der.b), (long)der.n);
    print_errors("d2i");
    show("after", s);
    SSL_SESSION_free(s);
}

int main(void)
{
    static const unsigned char mk_a[48] = { 0xaa, 0xaa, 0xaa, 0xaa };
    static unsigned char mk_b[513], id_b[33], sid_ctx_b[33];
    struct spec a, b, v;
    SSL_SESSION *s;

    new_g_ssl();
    cert_a_len = fixture_peer("tests-c/fixtures/tls12_clientcert.der", cert_a);
    cert_b_len = unhex(cert_b_hex, cert_b);
    memset(mk_b, 0xbb, sizeof(mk_b));
    memset(id_b, 0x0b, sizeof(id_b));
    memset(sid_ctx_b, 0xcb, sizeof(sid_ctx_b));

    memset(&a, 0, sizeof(a));
    a.version = 1;
    a.ssl_version = 0x0303;
    a.cipher = STR("\xc0\x2f");
    a.id = STR("\x01\x02\x03\x04");
    a.master_key = bytes_of(mk_a, sizeof(mk_a));
    a.time = 1000000;
    a.timeout = 7200;
    a.peer = bytes_of(cert_a, (size_t)cert_a_len);
    a.sid_ctx = STR("ctxA");
    a.verify_result = 5;
    a.host = STR("a.example");
    a.hint = STR("hintA");
    a.identity = STR("identityA");
    a.lifetime_hint = 300;
    a.ticket = STR("TICKET-A");
    a.comp_id = STR("\x01");
    a.srp = STR("srpA");
    a.flags = 1;
    a.age_add = 0x11111111;
    a.max_early_data = 1000;
    a.alpn = STR("h2");
    a.mfl = 1;
    a.appdata = STR("appdataA");
    a.kex_group = 0x1d;

    memset(&b, 0, sizeof(b));
    b.version = 1;
    b.ssl_version = 0x0304;
    b.cipher = STR("\x13\x01");
    b.id = bytes_of(id_b, 32);
    b.master_key = bytes_of(mk_b, 64);
    b.time = 2000000;
    b.timeout = 9000;
    b.peer = bytes_of(cert_b, (size_t)cert_b_len);
    b.sid_ctx = bytes_of(sid_ctx_b, 32);
    b.verify_result = 7;
    b.host = STR("b.example");
    b.hint = STR("hintB");
    b.identity = STR("identityB");
    b.lifetime_hint = 600;
    b.ticket = STR("TICKET-BB");
    b.comp_id = STR("\x02");
    b.srp = STR("srpB");
    b.flags = 0; /* A's extended master secret flag goes */
    b.age_add = 0x22222222;
    b.max_early_data = 2000;
    b.alpn = STR("http/1.1");
    b.mfl = 2;
    b.appdata = STR("appdataB");
    b.kex_group = 0x17;

    s = decode(&a);
    show("A", s);
    SSL_SESSION_free(s);
    s = decode(&b);
    show("B", s);
    SSL_SESSION_free(s);

    v = b;
    v.version = 2;
    into_existing("B with version 2", &a, &v);
    v = b;
    v.ssl_version = 0x0200;
    into_existing("B with protocol version 0x0200", &a, &v);
    v = b;
    v.cipher = STR("\x13\x01\x00");
    into_existing("B with a 3-byte cipher", &a, &v);
    v = b;
    v.cipher = STR("\xff\xff");
    into_existing("B with an unknown cipher", &a, &v);
    v = b;
    v.id = bytes_of(id_b, 33);
    into_existing("B with a 33-byte session id", &a, &v);
    v = b;
    v.master_key = bytes_of(mk_b, 513);
    into_existing("B with a 513-byte master key", &a, &v);
    v = b;
    v.master_key = bytes_of(mk_b, 512);
    v.sid_ctx = bytes_of(sid_ctx_b, 33);
    into_existing("B with a 512-byte master key and a 33-byte id context", &a, &v);
    v = b;
    v.peer = bytes_of(NULL, 0);
    v.sid_ctx = bytes_of(sid_ctx_b, 33);
    into_existing("B without a peer, with a 33-byte id context", &a, &v);
    v = b;
    v.comp_id = STR("\x02\x02");
    into_existing("B with a 2-byte compression id", &a, &v);
    v = b;
    v.comp_id = bytes_of("", 0);
    into_existing("B with an empty compression id", &a, &v);
    into_existing("B", &a, &b);

    memset(&v, 0, sizeof(v));
    v.version = 1;
    v.ssl_version = 0x0303;
    v.cipher = STR("\xc0\x30");
    v.id = bytes_of("", 0);
    v.master_key = bytes_of("", 0);
    v.time = 3000000;
    v.timeout = 60;
    into_existing("no optional field", &a, &v);
    v.comp_id = bytes_of("", 0);
    into_existing("no optional field but an empty compression id", &a, &v);

    /* [13] flags beyond 32 bits */
    v = b;
    v.flags = 0x100000001ULL;
    into_existing("B with flags 0x100000001", &a, &v);
    v.flags = 0xffffffff00000000ULL;
    into_existing("B with flags 0xffffffff00000000", &a, &v);
    v.flags = 0x80000000ULL;
    s = decode(&v);
    show("B with flags 0x80000000, new session", s);
    SSL_SESSION_free(s);

    free_g_ssl();
    printf("done\n");
    return 0;
}
