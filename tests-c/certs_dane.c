/*
 * certs_dane.c - DANE without a handshake: enabling a context (twice) and a
 * connection (not before its context, not twice; the base domain becomes
 * the host name to check), matching types (Full cannot take a digest, a
 * digest disabled, a new type), TLSA records (each validation error, full
 * certificates and public keys decoded, digests of the right length), the
 * flags (SSL_new copies the context's), and the getters' "no match" (-1).
 */
#include "certs_util.h"

static void run(const char *label, int r)
{
    printf("%s=%d\n", label, r);
    print_errors(label);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
    SSL *ssl;
    long cert_len, spki_len;
    unsigned char cert[4096], spki[1024];
    unsigned char digest[64] = {0};
    const unsigned char *p;
    X509 *mcert = NULL;
    EVP_PKEY *mspki = NULL;
    uint8_t u = 9, s = 9, m = 9;
    const unsigned char *data = NULL;
    size_t dlen = 99;

    p = read_bytes(FIX("rsa.der"), &cert_len);
    memcpy(cert, p, (size_t)cert_len);
    p = read_bytes(FIX("rsa.spki.der"), &spki_len);
    memcpy(spki, p, (size_t)spki_len);

    printf("ctx flags: set old=%lu\n", SSL_CTX_dane_set_flags(ctx, DANE_FLAG_NO_DANE_EE_NAMECHECKS));
    ssl = SSL_new(ctx);
    printf("ssl flags copied: set old=%lu\n", SSL_dane_set_flags(ssl, 0));
    printf("ssl clear old=%lu now=%lu\n", SSL_dane_clear_flags(ssl, 1), SSL_dane_set_flags(ssl, 0));
    printf("ctx clear old=%lu\n", SSL_CTX_dane_clear_flags(ctx, 1));
    printf("get0_dane non-NULL=%d\n", SSL_get0_dane(ssl) != NULL);
    run("ssl enable, ctx not enabled", SSL_dane_enable(ssl, "server.example"));
    run("tlsa_add, not enabled", SSL_dane_tlsa_add(ssl, 3, 1, 1, digest, 32));
    run("mtype_set Full with md", SSL_CTX_dane_mtype_set(ctx, EVP_sha256(), 0, 1));
    run("ctx enable", SSL_CTX_dane_enable(ctx));
    run("ctx enable again", SSL_CTX_dane_enable(ctx));
    SSL_free(ssl);
    ssl = SSL_new(ctx);
    run("ssl enable", SSL_dane_enable(ssl, "server.example"));
    printf("host=%s\n", X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0));
    /* The base domain is also the default SNI name. */
    printf("sni=%s\n", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) ? SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name) : "(null)");
    run("ssl enable again", SSL_dane_enable(ssl, "other.example"));

    run("usage 4", SSL_dane_tlsa_add(ssl, 4, 0, 1, digest, 32));
    run("selector 2", SSL_dane_tlsa_add(ssl, 3, 2, 1, digest, 32));
    run("mtype 3", SSL_dane_tlsa_add(ssl, 3, 1, 3, digest, 32));
    run("sha256, 31 bytes", SSL_dane_tlsa_add(ssl, 3, 1, 1, digest, 31));
    run("sha256, NULL data", SSL_dane_tlsa_add(ssl, 3, 1, 1, NULL, 32));
    run("sha256", SSL_dane_tlsa_add(ssl, 3, 1, 1, digest, 32));
    run("sha512", SSL_dane_tlsa_add(ssl, 2, 0, 2, digest, 64));
    run("full cert", SSL_dane_tlsa_add(ssl, 1, 0, 0, cert, (size_t)cert_len));
    run("full cert as TA", SSL_dane_tlsa_add(ssl, 2, 0, 0, cert, (size_t)cert_len));
    run("full cert, short", SSL_dane_tlsa_add(ssl, 1, 0, 0, cert, (size_t)cert_len - 1));
    run("full cert, trailing byte", SSL_dane_tlsa_add(ssl, 1, 0, 0, cert, (size_t)cert_len + 1));
    run("full spki", SSL_dane_tlsa_add(ssl, 2, 1, 0, spki, (size_t)spki_len));
    run("full spki, garbage", SSL_dane_tlsa_add(ssl, 3, 1, 0, digest, 32));
    run("full, NULL data", SSL_dane_tlsa_add(ssl, 3, 1, 0, NULL, 0));
    run("full, empty", SSL_dane_tlsa_add(ssl, 3, 1, 0, digest, 0));

    /* matching types: disable SHA-512, add a new type */
    run("disable sha512", SSL_CTX_dane_mtype_set(ctx, NULL, 2, 5));
    run("sha512 now", SSL_dane_tlsa_add(ssl, 3, 1, 2, digest, 64));
    run("new mtype 4 = sha256", SSL_CTX_dane_mtype_set(ctx, EVP_sha256(), 4, 3));
    run("mtype 4", SSL_dane_tlsa_add(ssl, 3, 1, 4, digest, 32));
    run("mtype 3 (gap)", SSL_dane_tlsa_add(ssl, 3, 1, 3, digest, 32));

    printf("authority=%d (mcert NULL %d, mspki NULL %d)\n", SSL_get0_dane_authority(ssl, &mcert, &mspki),
           mcert == NULL, mspki == NULL);
    printf("tlsa=%d (untouched: %d %d %d %d %d)\n", SSL_get0_dane_tlsa(ssl, &u, &s, &m, &data, &dlen), u, s, m,
           data == NULL, (int)dlen);
    SSL_free(ssl);

    ssl = SSL_new(ctx);
    run("enable with empty base domain", SSL_dane_enable(ssl, ""));
    run("enable with NULL base domain", SSL_dane_enable(ssl, NULL));
    SSL_free(ssl);

    /* A name already set stays the SNI name, and the base domain is then not
     * checked as one. */
    ssl = SSL_new(ctx);
    run("set sni", (int)SSL_set_tlsext_host_name(ssl, "sni.example"));
    run("enable with empty base domain, sni set", SSL_dane_enable(ssl, ""));
    printf("sni=%s host=%s\n", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name),
           X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0) ? X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0) : "(null)");
    SSL_free(ssl);
    ssl = SSL_new(ctx);
    run("set sni", (int)SSL_set_tlsext_host_name(ssl, "sni.example"));
    run("enable, sni set", SSL_dane_enable(ssl, "base.example"));
    printf("sni=%s host=%s\n", SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name),
           X509_VERIFY_PARAM_get0_host(SSL_get0_param(ssl), 0));
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
