/*
 * print.c - SSL_SESSION_print / print_fp / print_keylog: the exact text and
 * return values, including OpenSSL's early stop (return 0) on an empty PSK
 * identity or ticket, or a compression id without a cipher; ticket hex
 * dumps, TLS 1.3 lines, verify codes, strings that are not UTF-8.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/bio.h>

/* A tiny DER builder: enough for the session fields these cases need. */
struct der {
    unsigned char b[1024];
    size_t n;
};

static void put_tlv(struct der *d, unsigned char tag, const void *v, size_t len)
{
    d->b[d->n++] = tag;
    if (len >= 128)
        d->b[d->n++] = 0x81;
    d->b[d->n++] = (unsigned char)len;
    memcpy(d->b + d->n, v, len);
    d->n += len;
}

static void put_int(struct der *d, unsigned char tag, long v)
{
    unsigned char c[9];
    int n = 8, i;

    for (i = 0; i < 8; i++)
        c[i + 1] = (unsigned char)(v >> (8 * (7 - i)));
    c[0] = v < 0 ? 0xff : 0;
    /* minimal two's complement */
    i = 0;
    while (i < n && ((c[i] == 0 && !(c[i + 1] & 0x80)) || (c[i] == 0xff && (c[i + 1] & 0x80))))
        i++;
    if (tag == 0x02) {
        put_tlv(d, 0x02, c + i, (size_t)(9 - i));
    } else {
        struct der inner = { { 0 }, 0 };
        put_tlv(&inner, 0x02, c + i, (size_t)(9 - i));
        put_tlv(d, tag, inner.b, inner.n);
    }
}

static void put_octets(struct der *d, unsigned char tag, const char *v, size_t len)
{
    struct der inner = { { 0 }, 0 };

    put_tlv(&inner, 0x04, v, len);
    put_tlv(d, tag, inner.b, inner.n);
}

/* version 1, TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256, given id and master key,
 * time and timeout (fixed, so the text does not depend on the clock) */
static void start(struct der *body, const char *id, size_t idlen, const char *mk, size_t mklen,
                  long time, long timeout)
{
    body->n = 0;
    put_int(body, 0x02, 1);
    put_int(body, 0x02, 0x0303);
    put_tlv(body, 0x04, "\xc0\x2f", 2);
    put_tlv(body, 0x04, id, idlen);
    put_tlv(body, 0x04, mk, mklen);
    put_int(body, 0xa1, time);
    put_int(body, 0xa2, timeout);
}

static SSL_SESSION *finish(struct der *body)
{
    struct der seq = { { 0 }, 0 };
    const unsigned char *p = seq.b;

    put_int(body, 0xb3, 0);
    put_tlv(&seq, 0x30, body->b, body->n);
    return d2i_SSL_SESSION(NULL, &p, (long)seq.n);
}

static void show(const char *label, const SSL_SESSION *s)
{
    BIO *mem = BIO_new(BIO_s_mem());
    char *text;
    long len;
    int ret = SSL_SESSION_print(mem, s), kret;

    len = BIO_get_mem_data(mem, &text);
    printf("== %s: print=%d (%ld bytes)\n%.*s\n", label, ret, len, (int)len, text);
    (void)BIO_reset(mem);
    kret = SSL_SESSION_print_keylog(mem, s);
    len = BIO_get_mem_data(mem, &text);
    printf("-- keylog=%d [%.*s]\n", kret, (int)len, text);
    BIO_free(mem);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *s = SSL_SESSION_new();
    struct der d;
    long verify[] = { 0, 1, 18, 20, -1, 999 };
    unsigned i;

    SSL_SESSION_set_time(s, 1000);
    show("new session, no cipher", s);
    SSL_SESSION_set_cipher(s, SSL_CIPHER_find(ssl, (const unsigned char *)"\xc0\x2f"));
    show("new session, cipher", s);
    SSL_SESSION_set_protocol_version(s, TLS1_3_VERSION);
    SSL_SESSION_set_max_early_data(s, 16384);
    SSL_SESSION_set1_id(s, (const unsigned char *)"\x01\x02", 2);
    SSL_SESSION_set1_master_key(s, (const unsigned char *)"\xaa\xbb\xcc", 3);
    SSL_SESSION_set1_hostname(s, "example.com");
    SSL_SESSION_set_time(s, 0);
    SSL_SESSION_set_timeout(s, 0);
    show("TLS 1.3, no time", s);
    SSL_SESSION_free(s);

    start(&d, "\x01\x02\xab", 3, "\x00\x11\x22", 3, 1700000000L, 300);
    put_octets(&d, 0xa4, "\xcd\xef", 2);
    put_int(&d, 0xa5, 1);
    s = finish(&d);
    show("TLS 1.2 decoded", s);
    SSL_SESSION_free(s);

    for (i = 0; i < sizeof(verify) / sizeof(verify[0]); i++) {
        start(&d, "\x07", 1, "\x08", 1, 1000, 60);
        put_octets(&d, 0xa4, "", 0);
        put_int(&d, 0xa5, verify[i]);
        put_int(&d, 0xad, (long)(i & 1)); /* flags: extended master secret on odd cases */
        s = finish(&d);
        printf("verify %ld decoded: %s\n", verify[i], s ? "yes" : "no");
        if (s != NULL)
            show("verify", s);
        SSL_SESSION_free(s);
    }

    /* a 41-byte ticket (two full dump lines and one byte), hint 7200, compression 1 */
    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xa4, "", 0);
    put_int(&d, 0xa9, 7200);
    put_octets(&d, 0xaa, "0123456789abcdef0123456789abcdef\x01\x7f\x80 ~abcd", 41);
    put_octets(&d, 0xab, "\x01", 1);
    s = finish(&d);
    show("ticket", s);
    SSL_SESSION_free(s);

    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xaa, "", 0);
    s = finish(&d);
    show("empty ticket (stops early)", s);
    SSL_SESSION_free(s);

    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xa8, "", 0);
    s = finish(&d);
    show("empty PSK identity (stops early)", s);
    SSL_SESSION_free(s);

    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xa7, "hnt", 3);
    put_octets(&d, 0xa8, "ik", 2);
    put_octets(&d, 0xac, "sr", 2);
    s = finish(&d);
    show("PSK hint, identity, SRP", s);
    printf("print_fp to stdout:\n");
    fflush(stdout);
    printf("print_fp=%d\n", SSL_SESSION_print_fp(stdout, s));
    printf("NULL session: print=%d keylog=%d\n", SSL_SESSION_print(NULL, NULL), SSL_SESSION_print_keylog(NULL, NULL));
    SSL_SESSION_free(s);

    /* strings that are not UTF-8: printed as the bytes they are */
    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xa7, "h\xffx", 3);
    put_octets(&d, 0xa8, "i\x80" "d", 3);
    put_octets(&d, 0xac, "s\xc3", 2);
    s = finish(&d);
    show("PSK hint, identity, SRP not UTF-8", s);
    SSL_SESSION_free(s);

    /* a compression id: OpenSSL looks the method up through the cipher, and
     * stops (return 0) where there is none */
    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xa8, "ik", 2);
    put_int(&d, 0xa9, 300);
    put_octets(&d, 0xaa, "tick", 4);
    put_octets(&d, 0xab, "\x01", 1);
    s = finish(&d);
    show("compression 1, cipher", s);
    SSL_SESSION_set_cipher(s, NULL);
    show("compression 1, no cipher (stops early)", s);
    SSL_SESSION_free(s);
    start(&d, "", 0, "", 0, 1000, 60);
    put_octets(&d, 0xab, "\xff", 1);
    s = finish(&d);
    show("compression 255, cipher", s);
    SSL_SESSION_set_cipher(s, NULL);
    show("compression 255, no cipher (stops early)", s);
    SSL_SESSION_free(s);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
