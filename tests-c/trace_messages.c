/*
 * trace_messages.c - SSL_trace, the message callback that prints a decoded TLS
 * message to a BIO: every message of real TLS 1.3, 1.2 and 1.1 handshakes
 * (tests-c/fixtures/trace/, made by tests-c/tools/trace_corpus.c with the
 * system's libssl) fed to SSL_trace for connections of several methods and
 * roles, whole and cut short (with and without the handshake length fixed
 * up), plus synthetic alerts, ChangeCipherSpec, record headers and
 * extensions. The printed text must be OpenSSL's, byte for byte.
 *
 * ServerKeyExchange and ClientKeyExchange are skipped: OpenSSL reads the
 * negotiated suite to decode them and crashes on a connection that has not
 * handshaken (sessl-only/trace_key_exchange.c checks sessl's output there).
 */
/* TLSv1_1_method: a method without signature algorithms */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include "test_util.h"

static BIO *out;

static void flush(void)
{
    char *data;
    long n = BIO_get_mem_data(out, &data);

    fwrite(data, 1, (size_t)n, stdout);
    (void)BIO_reset(out);
}

static int crashes_openssl(int content_type, const unsigned char *m, size_t len)
{
    return content_type == SSL3_RT_HANDSHAKE && len > 0
           && (m[0] == SSL3_MT_SERVER_KEY_EXCHANGE || m[0] == SSL3_MT_CLIENT_KEY_EXCHANGE);
}

static void feed(SSL *s, int write_p, int version, int ct, const unsigned char *m, size_t len)
{
    if (crashes_openssl(ct, m, len)) {
        printf("(key exchange skipped)\n");
        return;
    }
    SSL_trace(write_p, version, ct, m, len, s, out);
    flush();
}

/* Cut-short copies of a handshake message: the raw prefix, and the prefix
 * with its length field saying so. */
static void truncations(SSL *s, int write_p, int version, int ct, const unsigned char *m, size_t len)
{
    static unsigned char buf[1 << 17];
    size_t cut, step;

    if (ct != SSL3_RT_HANDSHAKE || len > sizeof(buf) || crashes_openssl(ct, m, len))
        return;
    for (cut = 0; cut < len; cut += step) {
        step = cut < 48 ? 1 : 97;
        printf("-- cut %zu\n", cut);
        feed(s, write_p, version, ct, m, cut);
        if (cut >= 4) {
            memcpy(buf, m, cut);
            buf[1] = (unsigned char)((cut - 4) >> 16);
            buf[2] = (unsigned char)((cut - 4) >> 8);
            buf[3] = (unsigned char)(cut - 4);
            printf("-- cut %zu, length fixed\n", cut);
            feed(s, write_p, version, ct, buf, cut);
        }
    }
}

static size_t unhex(const char *h, unsigned char *b)
{
    size_t n = 0;
    unsigned v;

    while (sscanf(h, "%2x", &v) == 1) {
        b[n++] = (unsigned char)v;
        h += 2;
    }
    return n;
}

static void corpus(const char *name, SSL **conns, int nconns)
{
    static char line[1 << 18];
    static unsigned char msg[1 << 17];
    char path[256];
    FILE *f;
    int i;

    snprintf(path, sizeof(path), "tests-c/fixtures/trace/%s.txt", name);
    f = fopen(path, "r");
    FATAL_IF(f == NULL, path);
    while (fgets(line, sizeof(line), f) != NULL) {
        int write_p, ct, off = 0;
        unsigned version;
        size_t len;

        if (sscanf(line, "%d %x %d %n", &write_p, &version, &ct, &off) != 3)
            continue;
        len = unhex(line + off, msg);
        for (i = 0; i < nconns; i++) {
            printf("== %s conn %d: write_p=%d type=%d len=%zu\n", name, i, write_p, ct, len);
            feed(conns[i], write_p, (int)version, ct, msg, len);
        }
        printf("== %s truncations\n", name);
        truncations(conns[0], write_p, (int)version, ct, msg, len);
        truncations(conns[3], write_p, (int)version, ct, msg, len);
    }
    fclose(f);
}

/* A handshake message of type t holding extensions (one extension). */
static void extension(SSL *s, int mt, int write_p, int type, const char *hex)
{
    unsigned char m[600];
    size_t blen = unhex(hex, m + 10);

    m[0] = (unsigned char)mt;
    m[1] = 0;
    m[2] = (unsigned char)((blen + 6) >> 8);
    m[3] = (unsigned char)(blen + 6);
    m[4] = (unsigned char)((blen + 4) >> 8);
    m[5] = (unsigned char)(blen + 4);
    m[6] = (unsigned char)(type >> 8);
    m[7] = (unsigned char)type;
    m[8] = (unsigned char)(blen >> 8);
    m[9] = (unsigned char)blen;
    printf("== extension %d in %d, write_p=%d: %s\n", type, mt, write_p, hex);
    feed(s, write_p, TLS1_2_VERSION, SSL3_RT_HANDSHAKE, m, blen + 10);
}

static void synthetic(SSL **conns, int nconns)
{
    static const struct { int mt, type; const char *hex; } exts[] = {
        { 8, 1, "01" }, { 8, 1, "0102030405" }, { 8, 1, "" },
        { 8, 11, "03000102" }, { 8, 11, "0300" }, { 8, 10, "0004001d0017" }, { 8, 10, "0003001d00" },
        { 8, 16, "000c02683208687474702f312e31" }, { 8, 16, "000302683233" }, { 8, 16, "0002ff00" },
        { 8, 13, "000408040403" }, { 8, 13, "0003080404" },
        { 8, 0xff01, "00" }, { 8, 0xff01, "0c0102030405060708090a0b0c" }, { 8, 0xff01, "03010203" },
        { 8, 35, "" }, { 8, 35, "abcdef" },
        { 2, 51, "0017" }, { 2, 51, "001d0004deadbeef" }, { 2, 51, "001d0008deadbeef" }, { 1, 51, "0008001d0004deadbeef" },
        { 1, 51, "0009001d0004deadbeef00" }, { 1, 51, "00" },
        { 2, 43, "0304" }, { 2, 43, "030403" }, { 1, 43, "0403040303" }, { 1, 43, "03030403" },
        { 8, 45, "0201" }, { 8, 45, "0100ff" },
        { 4, 42, "00004000" }, { 4, 42, "0000" }, { 8, 42, "" },
        { 8, 0, "000e00000b7365727665722e6578616d706c65" }, { 8, 0x1234, "0102" },
    };
    static const char *raw[] = {
        /* HelloRequest, KeyUpdate (good, bad value, bad length), unknown types */
        "00000000", "1800000100", "1800000105", "180000020001", "fe00000401020304",
        "0e000000", "0e00000100", "14000003010203", "0f000004040300ff", "0f0000020403",
        /* HelloVerifyRequest */
        "03000006fefd03010203", "0300000300",
        /* CertificateRequest with CA names and a bad name */
        "0d00000e0101000408040403000400020000",
        "0d000025020140000408040403001700153013311130"
        "0f060355040a0c0873657373206c20",
        /* NewSessionTicket: no ticket, short, a ticket */
        "04000000", "0400000200", "0400000a0000012c000401020304",
        /* Certificate: garbage, trailing garbage, empty list */
        "0b00000a000007000004deadbeef", "0b000003000000",
        /* ServerHello for TLS 1.3 and with a bad extension block */
        "020000280304" "0000000000000000000000000000000000000000000000000000000000000000" "1301" "0000",
        "0200002b0303" "0000000000000000000000000000000000000000000000000000000000000000" "00c02f00" "0005000a0001",
    };
    unsigned char m[4096];
    int i, c;

    for (c = 0; c < nconns; c++) {
        printf("=== synthetic, conn %d\n", c);
        for (i = 0; i < (int)(sizeof(exts) / sizeof(exts[0])); i++) {
            extension(conns[c], exts[i].mt, 0, exts[i].type, exts[i].hex);
            extension(conns[c], exts[i].mt, 1, exts[i].type, exts[i].hex);
        }
        for (i = 0; i < (int)(sizeof(raw) / sizeof(raw[0])); i++) {
            size_t n = unhex(raw[i], m);

            printf("== raw %s\n", raw[i]);
            feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_HANDSHAKE, m, n);
            feed(conns[c], 1, TLS1_2_VERSION, SSL3_RT_HANDSHAKE, m, n);
        }
        printf("== alerts\n");
        for (i = 0; i < 256; i++) {
            m[0] = (unsigned char)(i % 4);
            m[1] = (unsigned char)i;
            feed(conns[c], i & 1, TLS1_2_VERSION, SSL3_RT_ALERT, m, 2);
        }
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_ALERT, m, 1);
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_ALERT, m, 3);
        printf("== change cipher spec\n");
        m[0] = 1;
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_CHANGE_CIPHER_SPEC, m, 1);
        m[0] = 2;
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_CHANGE_CIPHER_SPEC, m, 1);
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_CHANGE_CIPHER_SPEC, m, 0);
        printf("== record headers\n");
        for (i = 0; i <= 14; i++) {
            memcpy(m, "\x17\xfe\xfd\x00\x01\x00\x00\x00\x00\x00\x07\x01\x02\x03", 14);
            feed(conns[c], 1, TLS1_2_VERSION, SSL3_RT_HEADER, m, (size_t)i);
        }
        memcpy(m, "\x63\x03\x09\x12\x34", 5);
        feed(conns[c], 0, TLS1_2_VERSION, SSL3_RT_HEADER, m, 5);
        printf("== inner content types, other content types\n");
        for (i = 19; i < 26; i++) {
            m[0] = (unsigned char)i;
            feed(conns[c], 0, TLS1_3_VERSION, SSL3_RT_INNER_CONTENT_TYPE, m, 1);
            feed(conns[c], 0, TLS1_3_VERSION, i, m, 1);
        }
    }
}

int main(void)
{
    static const char *names[] = {
        "tls13", "tls13_resume", "tls13_ec_clientauth", "tls13_hrr", "tls12_ecdhe_rsa",
        "tls12_resume", "tls12_dhe", "tls12_rsa", "tls12_ecdsa_clientauth", "tls12_psk",
        "tls12_ecdhe_psk", "tls12_dhe_psk", "tls11", "tls12_failure",
    };
    const SSL_METHOD *methods[5];
    SSL_CTX *ctxs[5];
    SSL *conns[5];
    int i;

    methods[0] = TLS_method();
    methods[1] = TLS_client_method();
    methods[2] = TLSv1_1_method();
    methods[3] = DTLS_method();
    methods[4] = TLSv1_2_client_method();
    for (i = 0; i < 5; i++) {
        ctxs[i] = SSL_CTX_new(methods[i]);
        conns[i] = SSL_new(ctxs[i]);
    }
    out = BIO_new(BIO_s_mem());
    for (i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
        corpus(names[i], conns, 5);
    synthetic(conns, 5);
    BIO_free(out);
    for (i = 0; i < 5; i++) {
        SSL_free(conns[i]);
        SSL_CTX_free(ctxs[i]);
    }
    return 0;
}
