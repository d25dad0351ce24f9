/*
 * security_crashes.c - sessl-only: where OpenSSL 3.0 crashes in the security
 * family, sessl answers (COMPATIBILITY.md, "Deliberate deviations"):
 * - SSL_trace of a ServerKeyExchange or ClientKeyExchange on a connection
 *   that has not handshaken (OpenSSL reads the negotiated suite, NULL):
 *   the key exchange is UNKNOWN, then the rest decodes as OpenSSL's would;
 * - SSL_trace of an empty inner content type (OpenSSL reads past the end):
 *   type 0;
 * - the default security callback called with neither connection nor
 *   context (level 0), with a cipher operation and no cipher (the bits
 *   decide), with a version check from a context alone (the context's
 *   method says whether it is DTLS);
 * - a NULL security callback (OpenSSL calls it): every check passes.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/pem.h>
#include <openssl/err.h>
#include "check_util.h"

static int failed;

static void expect(const char *what, int ok)
{
    printf("%s  %s\n", ok ? "ok  " : "FAIL", what);
    if (!ok)
        failed = 1;
}

static void trace_is(SSL *s, const char *what, int ct, const char *hex, const char *text)
{
    unsigned char m[64];
    size_t n = 0;
    unsigned v;
    BIO *bio = BIO_new(BIO_s_mem());
    char *out;
    long len;

    while (sscanf(hex + 2 * n, "%2x", &v) == 1)
        m[n++] = (unsigned char)v;
    SSL_trace(0, TLS1_2_VERSION, ct, m, n, s, bio);
    len = BIO_get_mem_data(bio, &out);
    expect(what, len == (long)strlen(text) && memcmp(out, text, (size_t)len) == 0);
    if (len != (long)strlen(text) || memcmp(out, text, (size_t)len) != 0)
        printf("      got: %.*s\n", (int)len, out);
    BIO_free(bio);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method()), *dctx = SSL_CTX_new(DTLS_method());
    SSL *s = SSL_new(ctx);
    int (*cb)(const SSL *, const SSL_CTX *, int, int, int, void *, void *) =
        SSL_CTX_get_security_callback(ctx);
    STACK_OF(SSL_CIPHER) *sk;
    FILE *f;
    X509 *weak;

    trace_is(s, "ServerKeyExchange: unknown key exchange, then the signature", SSL3_RT_HANDSHAKE,
             "0c0000080403" "0004deadbeef",
             "    ServerKeyExchange, Length=8\n      KeyExchangeAlgorithm=UNKNOWN\n"
             "      Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)\n"
             "      Signature (len=4): DEADBEEF\n\n");
    trace_is(s, "ClientKeyExchange: unknown key exchange, the rest unparsed", SSL3_RT_HANDSHAKE,
             "10000003010203",
             "    ClientKeyExchange, Length=3\n      KeyExchangeAlgorithm=UNKNOWN\n"
             "Message length parse error!\n\n");
    trace_is(s, "empty ClientKeyExchange", SSL3_RT_HANDSHAKE, "10000000",
             "    ClientKeyExchange, Length=0\n      KeyExchangeAlgorithm=UNKNOWN\n\n");
    trace_is(s, "empty inner content type", SSL3_RT_INNER_CONTENT_TYPE, "",
             "  Inner Content Type = UNKNOWN (0)\n");

    expect("default callback, no object: level 0 (DH needs 80 bits)",
           cb(NULL, NULL, SSL_SECOP_TMP_DH, 79, 0, NULL, NULL) == 0
           && cb(NULL, NULL, SSL_SECOP_TMP_DH, 80, 0, NULL, NULL) == 1
           && cb(NULL, NULL, SSL_SECOP_EE_KEY, 1, 0, NULL, NULL) == 1);
    expect("default callback, cipher operation without a cipher: the bits decide",
           cb(NULL, ctx, SSL_SECOP_CIPHER_SUPPORTED, 128, 0, NULL, NULL) == 1
           && cb(NULL, ctx, SSL_SECOP_CIPHER_SUPPORTED, 64, 0, NULL, NULL) == 0);
    SSL_CTX_set_security_level(dctx, 4);
    expect("default callback, version from a DTLS context alone",
           cb(NULL, dctx, SSL_SECOP_VERSION, 0, DTLS1_VERSION, NULL, NULL) == 0
           && cb(NULL, dctx, SSL_SECOP_VERSION, 0, DTLS1_2_VERSION, NULL, NULL) == 1);

    SSL_set_security_callback(s, NULL);
    SSL_set_cipher_list(s, "ALL:COMPLEMENTOFALL");
    sk = SSL_get1_supported_ciphers(s);
    expect("NULL callback: supported ciphers include weak ones",
           sk != NULL && sk_SSL_CIPHER_num(sk) > 80);
    sk_SSL_CIPHER_free(sk);
    f = fopen("tests-c/fixtures/certs/weak.pem", "r");
    FATAL_IF(f == NULL, "weak.pem");
    weak = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    FATAL_IF(weak == NULL, "weak.pem");
    expect("NULL callback: a 1024-bit certificate is taken", SSL_use_certificate(s, weak) == 1);
    X509_free(weak);
    SSL_free(s);
    SSL_CTX_free(ctx);
    SSL_CTX_free(dctx);
    return failed;
}
