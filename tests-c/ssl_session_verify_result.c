/*
 * ssl_session_verify_result.c - SSL_set_session gives the connection the
 * session's verify result (SSL_get_verify_result), replacing what
 * SSL_set_verify_result set (a new session's is 1); a NULL session leaves
 * it; SSL_copy_session_id copies it through SSL_set_session; SSL_clear keeps
 * it.
 * Found by the client stage (tests-clients/perl.pl: Net::SSLeay's
 * get_verify_result after set_session).
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include "test_util.h"

static SSL_SESSION *read_session(const char *path)
{
    static unsigned char buf[8192];
    const unsigned char *p = buf;
    FILE *f = fopen(path, "rb");
    size_t n;
    SSL_SESSION *s;

    FATAL_IF(f == NULL, path);
    n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    s = d2i_SSL_SESSION(NULL, &p, (long)n);
    FATAL_IF(s == NULL, "d2i_SSL_SESSION");
    return s;
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx), *other = SSL_new(ctx);
    SSL_SESSION *sess = read_session("tests-c/fixtures/tls12_sessid.der"), *fresh = SSL_SESSION_new();

    int rv;

    printf("new: %ld\n", SSL_get_verify_result(ssl));
    SSL_set_verify_result(ssl, X509_V_ERR_CERT_HAS_EXPIRED);
    printf("set_verify_result(expired): %ld\n", SSL_get_verify_result(ssl));
    rv = SSL_set_session(ssl, sess);
    printf("set_session(fixture)=%d: %ld\n", rv, SSL_get_verify_result(ssl));
    SSL_set_verify_result(ssl, X509_V_ERR_CERT_HAS_EXPIRED);
    rv = SSL_set_session(ssl, NULL);
    printf("set_session(NULL)=%d: %ld\n", rv, SSL_get_verify_result(ssl));
    rv = SSL_set_session(ssl, fresh);
    printf("set_session(SSL_SESSION_new())=%d: %ld\n", rv, SSL_get_verify_result(ssl));
    SSL_set_session(ssl, sess);
    rv = SSL_copy_session_id(other, ssl);
    printf("copy_session_id=%d: other %ld\n", rv, SSL_get_verify_result(other));
    SSL_set_verify_result(ssl, X509_V_ERR_CERT_REVOKED);
    rv = SSL_clear(ssl);
    printf("clear=%d: %ld\n", rv, SSL_get_verify_result(ssl));
    printf("after clear, session kept: %d\n", SSL_get_session(ssl) == sess);

    SSL_SESSION_free(sess);
    SSL_SESSION_free(fresh);
    SSL_free(ssl);
    SSL_free(other);
    SSL_CTX_free(ctx);
    return 0;
}
