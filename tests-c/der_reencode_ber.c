/*
 * der_reencode_ber.c - sessions OpenSSL accepts but whose re-encoding it then
 * rejects, and their neighbours that round-trip. OpenSSL's X509 keeps the
 * tbsCertificate's bytes verbatim but re-encodes the outer signatureAlgorithm;
 * its parameter is an ANY, and an empty [UNIVERSAL 0] written in BER (constructed
 * 20 00, 20 80 00 00, 20 02 04 00, or the high-tag form 1f 00 00) is kept as
 * a type-0 string and written back as 00 00: an end-of-contents where
 * X509_ALGOR's next field is due, so d2i_SSL_SESSION of OpenSSL's own output
 * fails with "unexpected eoc" under three "nested asn1 error"s. sessl writes
 * and rejects the same bytes (its policy: behave as OpenSSL 3.0 does); the
 * d2i fuzz target (tests-c/fuzz/d2i_fuzz.c) found this, stopping on its
 * round-trip property, and now holds sessl to OpenSSL wherever that breaks.
 *
 * For each input: decode (consumed bytes, errors), the re-encoding's length
 * and SHA-256, the peer's re-encoding, the re-encoding decoded again (errors),
 * and, when that works, whether it writes the same bytes. The sessions carry
 * a time and a timeout, so nothing depends on the clock. Run from the
 * repository root (tests-c/run.sh does): one input is a fixture, patched.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include "der_util.h"

/*
 * Sessions (TLS 1.2, ECDHE-RSA-AES128-GCM-SHA256, empty session id and master
 * key, time 0x6b0243bf, timeout 7200) with a minimal certificate: OID 0.0
 * everywhere, empty names, an empty key; only the signature algorithms'
 * parameters vary (after "0601 00", the OID, in the outer one near the end).
 */
#define SESSION_HEAD "020101" "02020303" "0402c030" "0400" "0400" "a10602046b0243bf" "a20402021c20"
#define VALIDITY "301e170d3236303130313030303030305a170d3236303130313030303030305a"
#define KEY "30083003060100030100"
static const struct {
    const char *name, *hex;
} cases[] = {
    /* the outer parameter OpenSSL cannot write back */
    { "outer parameter 20 00 (empty constructed [UNIVERSAL 0])",
      "3063" SESSION_HEAD "a3443042"
      "3036020101300306010030 00" VALIDITY "3000" KEY "30050601002000030100" },
    { "outer parameter 20 80 00 00 (indefinite length)",
      "3065" SESSION_HEAD "a3463044"
      "3036020101300306010030 00" VALIDITY "3000" KEY "300706010020800000030100" },
    { "outer parameter 20 02 04 00 (one empty OCTET STRING inside)",
      "3065" SESSION_HEAD "a3463044"
      "3036020101300306010030 00" VALIDITY "3000" KEY "300706010020020400030100" },
    { "outer parameter 1f 00 00 (tag 0 in the high-tag form)",
      "3064" SESSION_HEAD "a3453043"
      "3036020101300306010030 00" VALIDITY "3000" KEY "30060601001f0000030100" },
    /* neighbours that round-trip */
    { "outer parameter 20 03 04 01 41 (non-empty: written 00 01 41)",
      "3066" SESSION_HEAD "a3473045"
      "3036020101300306010030 00" VALIDITY "3000" KEY "30080601002003040141030100" },
    { "outer parameter 00 01 41 (primitive [UNIVERSAL 0])",
      "3064" SESSION_HEAD "a3453043"
      "3036020101300306010030 00" VALIDITY "3000" KEY "3006060100000141030100" },
    { "outer parameter 05 00 (NULL)",
      "3063" SESSION_HEAD "a3443042"
      "3036020101300306010030 00" VALIDITY "3000" KEY "30050601000500030100" },
    { "tbsCertificate's parameter 20 00 (kept verbatim)",
      "3063" SESSION_HEAD "a3443042"
      "303802010130050601002000 3000" VALIDITY "3000" KEY "3003060100030100" },
};

/* Hex (spaces skipped) into a malloc'ed buffer. */
static unsigned char *unhex(const char *hex, long *n)
{
    unsigned char *buf = (unsigned char *)malloc(strlen(hex) / 2 + 1);
    unsigned int byte;

    FATAL_IF(buf == NULL, "malloc");
    for (*n = 0; *hex != '\0'; hex += 2) {
        while (*hex == ' ')
            hex++;
        FATAL_IF(sscanf(hex, "%2x", &byte) != 1, "bad hex");
        buf[(*n)++] = (unsigned char)byte;
    }
    return buf;
}

static unsigned char *slurp(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *buf;

    if (f == NULL) {
        printf("FATAL: cannot open %s (run from the repository root)\n", path);
        exit(1);
    }
    buf = (unsigned char *)malloc(1 << 16);
    FATAL_IF(buf == NULL, "malloc");
    *n = (long)fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static void print_encoding(const char *label, const unsigned char *der, int len)
{
    unsigned char md[32];
    unsigned int md_len = 0;

    FATAL_IF(EVP_Digest(der, (size_t)len, md, &md_len, EVP_sha256(), NULL) != 1, "EVP_Digest");
    printf("  %s: %d bytes, sha256 ", label, len);
    raw(md, (long)md_len);
    printf("\n");
}

static void run(const char *name, const unsigned char *in, long n)
{
    const unsigned char *p = in, *q;
    SSL_SESSION *s, *again;
    unsigned char *der = NULL, *der2 = NULL, *peer_der = NULL;
    X509 *peer;
    int len, len2, peer_len;

    printf("%s\n", name);
    print_encoding("input", in, (int)n);
    ERR_clear_error();
    s = d2i_SSL_SESSION(NULL, &p, n);
    printf("  decode: %s, consumed %ld\n", s ? "ok" : "failed", (long)(p - in));
    print_errors("decode");
    if (s == NULL)
        return;
    /* Inputs without a time get the clock's: fix it (to the time the others
     * carry) so that the re-encoding does not depend on when the test runs. */
    SSL_SESSION_set_time(s, 0x6b0243bf);
    peer = SSL_SESSION_get0_peer(s);
    if (peer == NULL) {
        printf("  peer: none\n");
    } else {
        peer_len = i2d_X509(peer, &peer_der);
        print_encoding("peer i2d_X509", peer_der, peer_len);
        OPENSSL_free(peer_der);
    }
    len = i2d_SSL_SESSION(s, &der);
    print_encoding("i2d", der, len);
    q = der;
    again = d2i_SSL_SESSION(NULL, &q, len);
    printf("  re-decode: %s, consumed %ld\n", again ? "ok" : "failed", (long)(q - der));
    print_errors("re-decode");
    if (again != NULL) {
        len2 = i2d_SSL_SESSION(again, &der2);
        print_encoding("re-decoded i2d", der2, len2);
        printf("  written back the same: %s\n",
               len2 == len && memcmp(der, der2, (size_t)len) == 0 ? "yes" : "no");
        OPENSSL_free(der2);
        SSL_SESSION_free(again);
    }
    OPENSSL_free(der);
    SSL_SESSION_free(s);
}

int main(void)
{
    size_t i;
    long n;
    unsigned char *in;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        in = unhex(cases[i].hex, &n);
        run(cases[i].name, in, n);
        free(in);
    }
    /* A real client session whose peer's outer parameter, NULL (05 00 at 635),
     * becomes 20 00: the fuzz corpus's 6358f109aa93c2f80268b0fac73d3885f4087bda. */
    in = slurp("tests-c/fixtures/tls12_clientcert.der", &n);
    FATAL_IF(n != 1875 || in[635] != 0x05 || in[636] != 0x00, "unexpected fixture");
    run("tls12_clientcert.der, peer's outer parameter as it is", in, n);
    in[635] = 0x20;
    run("tls12_clientcert.der, peer's outer parameter 20 00", in, n);
    free(in);
    /* The 810 bytes on which `make fuzz` stopped (issue 18): a certificate
     * mangled by the fuzzer, which both libraries decode and re-encode to the
     * same 830 bytes, then both reject. */
    in = slurp("tests-c/fixtures/issue18_fuzz_stop.der", &n);
    FATAL_IF(n != 810, "unexpected fixture");
    run("issue18_fuzz_stop.der, the input of issue 18", in, n);
    free(in);
    return 0;
}
