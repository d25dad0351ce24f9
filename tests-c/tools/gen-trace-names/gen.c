/*
 * gen.c - writes src/core/trace/names.rs: the names OpenSSL 3.0's SSL_trace
 * prints for cipher suites, extensions, groups, signature algorithms,
 * versions, content and handshake types and the small enumerations, read
 * back from the system libssl's own SSL_trace output (messages built to
 * show every value), so that sessl prints the installed OpenSSL's names.
 * Run from the repository's root:
 *   cc tests-c/tools/gen-trace-names/gen.c -lssl -lcrypto -o /tmp/gen && /tmp/gen >src/core/trace/names.rs
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>

static SSL *ssl;
static BIO *bio;
static unsigned char msg[1 << 18];

/* Runs SSL_trace and returns its output (NUL-terminated, static). */
static const char *trace(int content_type, size_t len)
{
    static char out[1 << 22];
    char *data;
    long n;

    (void)BIO_reset(bio);
    SSL_trace(0, TLS1_2_VERSION, content_type, msg, len, ssl, bio);
    n = BIO_get_mem_data(bio, &data);
    memcpy(out, data, (size_t)n);
    out[n] = 0;
    return out;
}

static void put16(unsigned char *p, unsigned v) { p[0] = v >> 8; p[1] = v & 0xff; }
static void put24(unsigned char *p, unsigned v) { p[0] = v >> 16; p[1] = (v >> 8) & 0xff; p[2] = v & 0xff; }

struct entry { unsigned v; char name[96]; };
static struct entry found[70000];
static int nfound;

static void add(unsigned v, const char *name, size_t n)
{
    if (n == 7 && memcmp(name, "UNKNOWN", 7) == 0)
        return;
    found[nfound].v = v;
    memcpy(found[nfound].name, name, n);
    found[nfound].name[n] = 0;
    nfound++;
}

static void emit(const char *table, const char *doc)
{
    int i;

    printf("\n/// %s\npub(crate) static %s: &[(u16, &str)] = &[\n", doc, table);
    for (i = 0; i < nfound; i++)
        printf("    (0x%04x, \"%s\"),\n", found[i].v, found[i].name);
    printf("];\n");
    nfound = 0;
}

/* "... NAME (N)" or "NAME (0xN)" list lines: the name before the last " (". */
static void scan_list(const char *out, int hex)
{
    const char *line = out;

    while (*line) {
        const char *end = strchr(line, '\n'), *open, *p = line;
        unsigned v;

        while (*p == ' ')
            p++;
        open = end;
        while (open > p && !(open[0] == ' ' && open[1] == '('))
            open--;
        if (open > p && sscanf(open + 2, hex ? "0x%x)" : "%u)", &v) == 1)
            add(v, p, (size_t)(open - p));
        line = end + 1;
    }
}

/* A ServerHello-style extension block holding one extension. */
static size_t ext_msg(unsigned type, const unsigned char *body, size_t blen)
{
    size_t n = 4;

    msg[0] = SSL3_MT_ENCRYPTED_EXTENSIONS;
    put16(msg + n, (unsigned)(4 + blen));
    put16(msg + n + 2, type);
    put16(msg + n + 4, (unsigned)blen);
    memcpy(msg + n + 6, body, blen);
    n += 6 + blen;
    put24(msg + 1, (unsigned)(n - 4));
    return n;
}

static void value_list(unsigned type, int width, int prefix, unsigned from, unsigned to, int hex)
{
    static unsigned char body[1 << 17];
    unsigned v;
    size_t n = (size_t)prefix;

    for (v = from; v <= to; v++) {
        if (width == 2)
            put16(body + n, v);
        else
            body[n] = (unsigned char)v;
        n += (size_t)width;
    }
    if (prefix == 2)
        put16(body, (unsigned)(n - 2));
    else if (prefix == 1)
        body[0] = (unsigned char)(n - 1);
    scan_list(trace(SSL3_RT_HANDSHAKE, ext_msg(type, body, n)), hex);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    unsigned v;
    size_t n;

    ssl = SSL_new(ctx);
    bio = BIO_new(BIO_s_mem());
    printf("//! The names SSL_trace prints, read from the installed OpenSSL's own\n"
           "//! output by tests-c/tools/gen-trace-names/gen.c (do not edit).\n");

    /* cipher suites: two ClientHellos of 32768 suites each */
    for (v = 0; v < 0x10000; v += 0x8000) {
        unsigned i;

        n = 4;
        put16(msg + n, TLS1_2_VERSION);
        n += 2 + 32;
        msg[n++] = 0;
        put16(msg + n, 0xfffe);
        n += 2;
        for (i = v; i < v + 0x7fff; i++, n += 2)
            put16(msg + n, i);
        msg[n++] = 0;
        msg[0] = SSL3_MT_CLIENT_HELLO;
        put24(msg + 1, (unsigned)(n - 4));
        {
            const char *out = trace(SSL3_RT_HANDSHAKE, n), *p = out;
            unsigned a, b;
            while ((p = strstr(p, "{0x")) != NULL) {
                const char *end = strchr(p, '\n');
                if (sscanf(p, "{0x%02X, 0x%02X}", &a, &b) == 2)
                    add(a << 8 | b, p + 13, (size_t)(end - p - 13));
                p = end;
            }
        }
    }
    /* the last one of each half */
    for (v = 0x7fff; v < 0x10000; v += 0x8000) {
        n = 4;
        put16(msg + n, TLS1_2_VERSION);
        n += 2 + 32;
        msg[n++] = 0;
        put16(msg + n, 2);
        put16(msg + n + 2, v);
        n += 4;
        msg[n++] = 0;
        msg[0] = SSL3_MT_CLIENT_HELLO;
        put24(msg + 1, (unsigned)(n - 4));
        {
            const char *p = strstr(trace(SSL3_RT_HANDSHAKE, n), "{0x");
            if (p != NULL)
                add(v, p + 13, (size_t)(strchr(p, '\n') - p - 13));
        }
    }
    {   /* sort: the halves interleave with the single ones */
        int i, j;
        for (i = 1; i < nfound; i++)
            for (j = i; j > 0 && found[j - 1].v > found[j].v; j--) {
                struct entry t = found[j]; found[j] = found[j - 1]; found[j - 1] = t;
            }
    }
    emit("CIPHERS", "Cipher suites, by code.");

    for (v = 0; v < 0x10000; v++) {
        const char *out = trace(SSL3_RT_HANDSHAKE, ext_msg(v, NULL, 0)), *p = strstr(out, "extension_type=");
        if (p != NULL)
            add(v, p + 15, (size_t)(strchr(p, '(') - p - 15));
    }
    emit("EXTENSIONS", "Extension types.");

    for (v = 0; v < 0x10000; v += 0x4000)
        value_list(TLSEXT_TYPE_supported_groups, 2, 2, v, v + 0x3fff, 0);
    emit("GROUPS", "Named groups.");

    for (v = 0; v < 0x10000; v += 0x4000)
        value_list(TLSEXT_TYPE_signature_algorithms, 2, 2, v, v + 0x3fff, 1);
    emit("SIGALGS", "Signature algorithms.");

    for (v = 0; v < 0x10000; v++) {
        const char *p;
        msg[0] = 22;
        put16(msg + 1, v);
        put16(msg + 3, 0);
        p = strstr(trace(SSL3_RT_HEADER, 5), "Version = ");
        if (p != NULL)
            add(v, p + 10, (size_t)(strstr(p, " (0x") - p - 10));
    }
    emit("VERSIONS", "Protocol versions.");

    for (v = 0; v < 0x100; v++) {
        const char *p;
        msg[0] = (unsigned char)v;
        put16(msg + 1, TLS1_2_VERSION);
        put16(msg + 3, 0);
        p = strstr(trace(SSL3_RT_HEADER, 5), "Content Type = ");
        if (p != NULL)
            add(v, p + 15, (size_t)(strstr(p, " (") - p - 15));
    }
    emit("CONTENT_TYPES", "Record content types.");

    for (v = 0; v < 0x100; v++) {
        const char *out, *comma;
        if (v == SSL3_MT_SERVER_KEY_EXCHANGE || v == SSL3_MT_CLIENT_KEY_EXCHANGE) {
            /* their bodies need a negotiated suite (OpenSSL crashes without) */
            add(v, v == 12 ? "ServerKeyExchange" : "ClientKeyExchange", v == 12 ? 17 : 17);
            continue;
        }
        msg[0] = (unsigned char)v;
        put24(msg + 1, 0);
        out = trace(SSL3_RT_HANDSHAKE, 4);
        comma = strstr(out, ", Length=");
        add(v, out + 4, (size_t)(comma - out - 4));
    }
    emit("HANDSHAKE_TYPES", "Handshake message types.");

    n = 4;
    put16(msg + n, TLS1_2_VERSION);
    n += 2 + 32;
    msg[n++] = 0;
    put16(msg + n, 0);
    n += 2;
    msg[n++] = 255;
    for (v = 0; v < 255; v++)
        msg[n++] = (unsigned char)v;
    msg[0] = SSL3_MT_CLIENT_HELLO;
    put24(msg + 1, (unsigned)(n - 4));
    scan_list(strstr(trace(SSL3_RT_HANDSHAKE, n), "compression_methods"), 1);
    emit("COMPRESSION", "Compression methods.");

    value_list(TLSEXT_TYPE_max_fragment_length, 1, 0, 0, 255, 0);
    emit("MAX_FRAGMENT_LENGTHS", "max_fragment_length values.");
    value_list(TLSEXT_TYPE_ec_point_formats, 1, 1, 0, 254, 0);
    value_list(TLSEXT_TYPE_ec_point_formats, 1, 1, 255, 255, 0);
    emit("POINT_FORMATS", "EC point formats.");
    value_list(TLSEXT_TYPE_psk_kex_modes, 1, 1, 0, 254, 0);
    value_list(TLSEXT_TYPE_psk_kex_modes, 1, 1, 255, 255, 0);
    emit("PSK_KEX_MODES", "PSK key exchange modes.");

    for (v = 0; v < 0x100; v++) {
        msg[0] = SSL3_MT_CERTIFICATE_REQUEST;
        msg[4] = 1;
        msg[5] = (unsigned char)v;
        put24(msg + 1, 2);
        scan_list(strstr(trace(SSL3_RT_HANDSHAKE, 6), "certificate_types"), 0);
    }
    emit("CERTIFICATE_TYPES", "Certificate types of CertificateRequest.");

    for (v = 0; v < 0x100; v++) {
        msg[0] = SSL3_MT_KEY_UPDATE;
        put24(msg + 1, 1);
        msg[4] = (unsigned char)v;
        scan_list(strchr(trace(SSL3_RT_HANDSHAKE, 5), '\n') + 1, 0);
    }
    emit("KEY_UPDATES", "KeyUpdate requests.");
    return 0;
}
