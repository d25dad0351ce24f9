/*
 * certs_error_functions.c - the function an error of the SSL_ (not SSL_CTX_)
 * certificate and key functions is reported from. OpenSSL names the SSL_
 * function itself; sessl named the SSL_CTX_ one (found by the sequence
 * tester, tests-c/difffuzz). Twice-built: prints library, reason and
 * function of each queued error.
 */
#include "certs_util.h"
#include <openssl/ct.h>

static void errs_with_func(const char *label)
{
    unsigned long e;
    const char *func;
    int n = 0;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0) {
        printf("%s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
        n++;
    }
    printf("%s: errors=%d\n", label, n);
}

/* print_errors (api_util.h) leaves out the function name */
static void (*const unused_print_errors)(const char *) = print_errors;

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    X509 *weak = read_cert(FIX("weak.pem")), *ec = read_cert(FIX("ec.pem"));
    EVP_PKEY *rsa = read_key(FIX("rsa.key"));
    static const unsigned char junk[] = {0x30, 0x03, 0x02, 0x01, 0x05};

    printf("check no cert = %d\n", SSL_check_private_key(ssl));
    errs_with_func("check no cert");
    printf("use_certificate weak = %d\n", SSL_use_certificate(ssl, weak));
    errs_with_func("use_certificate weak");
    printf("use_certificate ec = %d\n", SSL_use_certificate(ssl, ec));
    errs_with_func("use_certificate ec");
    printf("check no key = %d\n", SSL_check_private_key(ssl));
    errs_with_func("check no key");
    printf("use_PrivateKey rsa (ec cert) = %d\n", SSL_use_PrivateKey(ssl, rsa));
    errs_with_func("use_PrivateKey mismatch");
    printf("use_certificate_file missing = %d\n", SSL_use_certificate_file(ssl, FIX("missing.pem"), SSL_FILETYPE_PEM));
    errs_with_func("use_certificate_file missing");
    printf("use_certificate_file key = %d\n", SSL_use_certificate_file(ssl, FIX("rsa.key"), SSL_FILETYPE_PEM));
    errs_with_func("use_certificate_file key");
    printf("use_certificate_file type 7 = %d\n", SSL_use_certificate_file(ssl, FIX("rsa.pem"), 7));
    errs_with_func("use_certificate_file type 7");
    printf("use_PrivateKey_file missing = %d\n", SSL_use_PrivateKey_file(ssl, FIX("missing.key"), SSL_FILETYPE_PEM));
    errs_with_func("use_PrivateKey_file missing");
    printf("use_PrivateKey_file cert = %d\n", SSL_use_PrivateKey_file(ssl, FIX("rsa.pem"), SSL_FILETYPE_ASN1));
    errs_with_func("use_PrivateKey_file cert");
    printf("use_RSAPrivateKey_file missing = %d\n", SSL_use_RSAPrivateKey_file(ssl, FIX("missing.key"), SSL_FILETYPE_PEM));
    errs_with_func("use_RSAPrivateKey_file missing");
    printf("use_RSAPrivateKey_file type 7 = %d\n", SSL_use_RSAPrivateKey_file(ssl, FIX("rsa.key"), 7));
    errs_with_func("use_RSAPrivateKey_file type 7");
    printf("use_PrivateKey_ASN1 junk = %d\n", SSL_use_PrivateKey_ASN1(EVP_PKEY_RSA, ssl, junk, (long)sizeof junk));
    errs_with_func("use_PrivateKey_ASN1 junk");
    printf("use_RSAPrivateKey_ASN1 junk = %d\n", SSL_use_RSAPrivateKey_ASN1(ssl, junk, (long)sizeof junk));
    errs_with_func("use_RSAPrivateKey_ASN1 junk");
    printf("use_certificate_ASN1 junk = %d\n", SSL_use_certificate_ASN1(ssl, junk, (int)sizeof junk));
    errs_with_func("use_certificate_ASN1 junk");
    printf("use_certificate_chain_file missing = %d\n", SSL_use_certificate_chain_file(ssl, FIX("missing.pem")));
    errs_with_func("use_certificate_chain_file missing");
    printf("use_certificate_chain_file weak = %d\n", SSL_use_certificate_chain_file(ssl, FIX("weak.pem")));
    errs_with_func("use_certificate_chain_file weak");
    printf("use_cert_and_key weak = %d\n", SSL_use_cert_and_key(ssl, weak, rsa, NULL, 1));
    errs_with_func("use_cert_and_key weak");
    printf("enable_ct 7 = %d\n", SSL_enable_ct(ssl, 7));
    errs_with_func("enable_ct 7");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    X509_free(weak);
    X509_free(ec);
    EVP_PKEY_free(rsa);
    (void)unused_print_errors;
    return 0;
}
