/*
 * der_malformed.c - d2i_SSL_SESSION on hand-made malformed bytes, with every
 * queued error in full (library, reason, function, data), which must be
 * OpenSSL's chain exactly:
 *   - tags in the high-number form, of every class, low numbers (read as the
 *     low form's tag) and high ones (never a template field, even where the
 *     number's low bits look like one: universal 129 is not [1]);
 *   - an explicit field of indefinite length whose INTEGER is refused, with
 *     and without its end-of-contents;
 *   - an element no field takes, followed by a broken [3];
 *   - peer certificates of indefinite length: valid, and starting with a
 *     BOOLEAN;
 *   - INTEGER contents of 1 to 10 bytes at the edges of each integer type of
 *     the template (version UINT32, ssl_version INT32, [1] time INT64,
 *     [5] verify_result INT32, [9] hint UINT64, [14] age add UINT32).
 * Accepted bytes are shown by their re-encoding. Run from the repository root.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include "der_util.h"

static size_t unhex(const char *hex, unsigned char *out)
{
    size_t n = 0;
    unsigned hi, lo;

    for (; hex[0] && hex[1]; hex += 2) {
        if (hex[0] == ' ') {
            hex--;
            continue;
        }
        hi = (unsigned)(hex[0] <= '9' ? hex[0] - '0' : (hex[0] | 0x20) - 'a' + 10);
        lo = (unsigned)(hex[1] <= '9' ? hex[1] - '0' : (hex[1] | 0x20) - 'a' + 10);
        out[n++] = (unsigned char)(hi << 4 | lo);
    }
    return n;
}

static void try_bytes(const char *label, const unsigned char *der, size_t n)
{
    const unsigned char *p = der;
    SSL_SESSION *s;
    unsigned char *out = NULL;
    int len;

    ERR_clear_error();
    s = d2i_SSL_SESSION(NULL, &p, (long)n);
    printf("-- %s: %s, advanced %ld of %ld\n", label, s ? "accepted" : "refused", (long)(p - der),
           (long)n);
    print_errors("d2i");
    if (s != NULL) {
        len = i2d_SSL_SESSION(s, &out);
        printf("  i2d=");
        der_hex(out, len);
        printf("\n");
        OPENSSL_free(out);
        SSL_SESSION_free(s);
    }
}

static void try_hex(const char *label, const char *hex)
{
    unsigned char der[4096];

    try_bytes(label, der, unhex(hex, der));
}

/* SEQUENCE { version, TLS 1.2, c02f, empty id and master key, <extra> }:
 * the SEQUENCE's length is computed. */
static void try_session(const char *label, const char *extra)
{
    unsigned char body[4096], der[4100];
    size_t n = unhex("020101 02020303 0402c02f 0400 0400", body), h = 0;

    n += unhex(extra, body + n);
    der[h++] = 0x30;
    if (n >= 0x100) {
        der[h++] = 0x82;
        der[h++] = (unsigned char)(n >> 8);
    } else if (n >= 0x80) {
        der[h++] = 0x81;
    }
    der[h++] = (unsigned char)n;
    memcpy(der + h, body, n);
    try_bytes(label, der, n + h);
}

static void high_tags(void)
{
    static const char *cls[] = { "universal", "application", "context", "private" };
    static const unsigned numbers[] = { 1, 3, 19, 30, 31, 129, 131, 147, 0x4001 };
    char hex[64], label[128];
    unsigned c, i, k;

    for (c = 0; c < 4; c++)
        for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++) {
            unsigned num = numbers[i], id = (c << 6) | 0x3f, len = 0;
            char *w = hex;

            w += sprintf(w, "%02x", id);
            for (k = 3; k > 0; k--)
                if (num >> (7 * k))
                    w += sprintf(w, "%02x", 0x80 | ((num >> (7 * k)) & 0x7f)), len++;
            w += sprintf(w, "%02x", num & 0x7f);
            /* content: an INTEGER 5, as a [1] time or [19] group would hold */
            sprintf(w, "03020105");
            sprintf(label, "constructed %s %u in the high-number form after the master key",
                    cls[c], num);
            try_session(label, hex);
        }
    try_session("universal 129, then [4]", "3f810103020105a4020400");
    try_session("application 1 (low form), then [4]", "6103020105a4020400");
    try_session("[1] in the high-number form", "bf0103020105");
    try_session("[19] in the high-number form", "bf1303020117");
}

static void indefinite_fields(void)
{
    try_session("[1] indefinite, 9-byte INTEGER, no end-of-contents", "a180 0209 010000000000000000");
    try_session("[1] indefinite, 9-byte INTEGER, end-of-contents", "a180 0209 010000000000000000 0000");
    try_session("[1] indefinite, INTEGER 5, no end-of-contents", "a180 020105");
    try_session("[1] indefinite, INTEGER 5, end-of-contents", "a180 020105 0000");
    try_session("[1] indefinite, padded INTEGER, no end-of-contents", "a180 02020005");
    try_session("[9] indefinite, negative INTEGER, no end-of-contents", "a980 0201ff");
    try_session("[14] indefinite, 5-byte INTEGER, no end-of-contents", "ae80 02050100000000");
    try_session("[4] indefinite, OCTET STRING, no end-of-contents", "a480 0400");
    try_session("universal 131, then an empty [3]", "3f810300 a300");
    try_session("universal 131, then [3] holding an INTEGER", "3f810300 a303020100");
    try_session("NULL, then an empty [3]", "0500 a300");
    try_session("an unmatched [20], then an empty [3]", "b400 a300");
}

static void indefinite_certificates(void)
{
    static unsigned char fixture[8192], cert[4096];
    char *hex;
    size_t n, i, clen, hl;
    FILE *f = fopen("tests-c/fixtures/tls12_clientcert.der", "rb");
    const unsigned char *p = fixture;
    unsigned char *w = cert;
    SSL_SESSION *s;
    int len;

    FATAL_IF(f == NULL, "fixture (run from the repository root)");
    n = fread(fixture, 1, sizeof(fixture), f);
    fclose(f);
    s = d2i_SSL_SESSION(NULL, &p, (long)n);
    FATAL_IF(s == NULL || SSL_SESSION_get0_peer(s) == NULL, "fixture peer");
    len = i2d_X509(SSL_SESSION_get0_peer(s), &w);
    SSL_SESSION_free(s);
    FATAL_IF(len < 8 || cert[1] != 0x82, "certificate header");
    clen = (size_t)len - 4;
    hl = 4;
    hex = (char *)malloc(2 * (size_t)len + 64);
    FATAL_IF(hex == NULL, "malloc");

    /* [3] definite { SEQUENCE indefinite { the certificate's content } EOC } */
    sprintf(hex, "a382%04x3080", (unsigned)(clen + 4));
    for (i = 0; i < clen; i++)
        sprintf(hex + 12 + 2 * i, "%02x", cert[hl + i]);
    strcat(hex, "0000");
    try_session("a certificate of indefinite length in a definite [3]", hex);
    /* [3] indefinite too */
    memcpy(hex, "a3803080", 8);
    memmove(hex + 8, hex + 12, strlen(hex + 12) + 1);
    strcat(hex, "0000");
    try_session("a certificate of indefinite length in an indefinite [3]", hex);
    /* without the end-of-contents of the [3] */
    hex[strlen(hex) - 8] = 0;
    strcat(hex, "0000");
    try_session("a certificate of indefinite length in an indefinite [3] without its end-of-contents", hex);
    free(hex);

    try_session("[3] definite, certificate of indefinite length starting with a BOOLEAN",
                "a307 3080 0101ff 0000");
    try_session("[3] indefinite, certificate of indefinite length starting with a BOOLEAN",
                "a380 3080 0101ff 0000 0000");
    try_session("[3] indefinite, certificate starting with a BOOLEAN, no end-of-contents",
                "a380 3080 0101ff");
    try_session("[3] definite, certificate of indefinite length, empty", "a304 3080 0000");
    try_session("[3] definite, primitive SEQUENCE tag", "a302 1000");
    try_session("[3] definite, certificate of indefinite length, then junk", "a306 3080 0000 0500");
}

/* INTEGER contents (hex) tried in each integer field. */
static const char *const ints[] = {
    "", "00", "01", "7f", "80", "ff", "0080", "007f", "ff7f", "ff80", "ff00", "8000",
    "7fffffff", "80000000", "0080000000", "ffffffff", "00ffffffff", "ff7fffffff",
    "ff00000000", "0100000000", "ffffffff7fffffff",
    "7fffffffffffffff", "8000000000000000", "008000000000000000", "00ffffffffffffffff",
    "ff7fffffffffffffff", "ff8000000000000000", "ff0000000000000000",
    "010000000000000000", "800000000000000000", "ffff00000000000000",
    "80000000000000000000", "00010000000000000000", "ff000000000000000001",
};

static void integer_edges(void)
{
    static const struct {
        const char *name;
        int tag; /* 0: the version, 1: ssl_version, else [n] */
    } fields[] = {
        { "version", 0 }, { "ssl_version", 1 }, { "[1] time", 0xa1 },
        { "[5] verify_result", 0xa5 }, { "[9] ticket lifetime hint", 0xa9 },
        { "[14] ticket age add", 0xae },
    };
    unsigned char body[256], der[260];
    char label[160];
    size_t f, i, n, clen;

    for (f = 0; f < sizeof(fields) / sizeof(fields[0]); f++)
        for (i = 0; i < sizeof(ints) / sizeof(ints[0]); i++) {
            unsigned char c[16];

            clen = unhex(ints[i], c);
            n = 0;
            if (fields[f].tag == 0) {
                body[n++] = 0x02;
                body[n++] = (unsigned char)clen;
                memcpy(body + n, c, clen);
                n += clen;
                n += unhex("02020303 0402c02f 0400 0400", body + n);
            } else if (fields[f].tag == 1) {
                n += unhex("020101", body + n);
                body[n++] = 0x02;
                body[n++] = (unsigned char)clen;
                memcpy(body + n, c, clen);
                n += clen;
                n += unhex("0402c02f 0400 0400", body + n);
            } else {
                n += unhex("020101 02020303 0402c02f 0400 0400", body + n);
                body[n++] = (unsigned char)fields[f].tag;
                body[n++] = (unsigned char)(clen + 2);
                body[n++] = 0x02;
                body[n++] = (unsigned char)clen;
                memcpy(body + n, c, clen);
                n += clen;
            }
            der[0] = 0x30;
            der[1] = (unsigned char)n;
            memcpy(der + 2, body, n);
            sprintf(label, "%s = INTEGER {%s}", fields[f].name, ints[i]);
            try_bytes(label, der, n + 2);
        }
}

int main(void)
{
    new_g_ssl();
    try_hex("universal 129 in the high-number form after the master key",
            "301b020101020203030402c02f04010104003f810103020105a4020400");
    high_tags();
    indefinite_fields();
    indefinite_certificates();
    integer_edges();
    free_g_ssl();
    printf("done\n");
    return 0;
}
