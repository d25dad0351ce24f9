/*
 * ssl_set_ssl_ctx.c - what SSL_set_SSL_CTX carries over (the SNI callback's
 * way to switch a connection to another context): the certificate
 * configuration (certificates, keys, security level, PSK hint, DH settings,
 * verify and chain stores) comes from the new context; the session id context
 * follows only when it was the old context's; options, modes, verify mode and
 * cipher lists stay the connection's.
 */
#include "certs_util.h"

static void show(const char *label, SSL *ssl)
{
    X509 *x = SSL_get_certificate(ssl);
    STACK_OF(SSL_CIPHER) *sk = SSL_get_ciphers(ssl);

    printf("%s: cert=%s key=%s seclevel=%d hint=%s\n", label, subject(x),
           key_desc(SSL_get_privatekey(ssl)), SSL_get_security_level(ssl),
           SSL_get_psk_identity_hint(ssl) ? SSL_get_psk_identity_hint(ssl) : "(null)");
    printf("%s: options=%#llx mode=%#lx verify=%d depth=%d ciphers=%d first=%s\n", label,
           (unsigned long long)SSL_get_options(ssl), (unsigned long)SSL_get_mode(ssl),
           SSL_get_verify_mode(ssl), SSL_get_verify_depth(ssl), sk_SSL_CIPHER_num(sk),
           SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)));
    print_errors(label);
}

static int deny_all(const SSL *s, const SSL_CTX *ctx, int op, int bits, int nid, void *other, void *ex)
{
    (void)s; (void)ctx; (void)op; (void)bits; (void)nid; (void)other; (void)ex;
    return 0;
}

static int ex_b;

int main(void)
{
    SSL_CTX *a = SSL_CTX_new(TLS_server_method());
    SSL_CTX *b = SSL_CTX_new(TLS_server_method());
    SSL *ssl;

    SSL_CTX_use_certificate_file(a, FIX("rsa.pem"), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(a, FIX("rsa.key"), SSL_FILETYPE_PEM);
    SSL_CTX_use_psk_identity_hint(a, "hint-a");
    SSL_CTX_set_security_level(a, 2);
    SSL_CTX_set_session_id_context(a, (const unsigned char *)"ctx-a", 5);
    SSL_CTX_set_options(a, SSL_OP_NO_TICKET);
    SSL_CTX_set_verify(a, SSL_VERIFY_PEER, NULL);
    SSL_CTX_set_verify_depth(a, 3);
    SSL_CTX_set_cipher_list(a, "AES128-SHA");

    SSL_CTX_use_certificate_file(b, FIX("ec.pem"), SSL_FILETYPE_PEM);
    SSL_CTX_use_PrivateKey_file(b, FIX("ec.key"), SSL_FILETYPE_PEM);
    SSL_CTX_use_psk_identity_hint(b, "hint-b");
    SSL_CTX_set_security_level(b, 0);
    SSL_CTX_set_session_id_context(b, (const unsigned char *)"ctx-b", 5);
    SSL_CTX_set_options(b, SSL_OP_CIPHER_SERVER_PREFERENCE);
    SSL_CTX_set_verify_depth(b, 7);
    SSL_CTX_set_cipher_list(b, "AES256-SHA");
    print_errors("setup");

    ssl = SSL_new(a);
    show("from a", ssl);
    printf("switch to b: %s\n", SSL_set_SSL_CTX(ssl, b) == b ? "b" : "other");
    show("on b", ssl);
    printf("switch to a: %s\n", SSL_set_SSL_CTX(ssl, a) == a ? "a" : "other");
    show("back on a", ssl);
    SSL_free(ssl);

    /* The connection's own settings before the switch. */
    ssl = SSL_new(a);
    SSL_use_certificate_file(ssl, FIX("ec.pem"), SSL_FILETYPE_PEM);
    SSL_use_psk_identity_hint(ssl, "own-hint");
    SSL_set_security_level(ssl, 1);
    SSL_set_session_id_context(ssl, (const unsigned char *)"own", 3);
    show("own settings on a", ssl);
    printf("switch to b: %s\n", SSL_set_SSL_CTX(ssl, b) == b ? "b" : "other");
    show("own settings, on b", ssl);
    printf("switch to NULL: %s\n", SSL_set_SSL_CTX(ssl, NULL) == a ? "a" : "other");
    show("after NULL", ssl);
    SSL_free(ssl);

    /* A change to the new context after the switch is not seen (the
     * configuration was copied). */
    ssl = SSL_new(a);
    SSL_set_SSL_CTX(ssl, b);
    SSL_CTX_set_security_level(b, 3);
    SSL_CTX_use_psk_identity_hint(b, "hint-b2");
    show("b changed after the switch", ssl);
    SSL_free(ssl);

    /* The certificate flags too. */
    SSL_CTX_set_cert_flags(b, SSL_CERT_FLAG_SUITEB_128_LOS);
    ssl = SSL_new(a);
    printf("cert flags on a: %lu\n", (unsigned long)SSL_set_cert_flags(ssl, 0));
    SSL_set_SSL_CTX(ssl, b);
    printf("cert flags on b: %lu\n", (unsigned long)SSL_set_cert_flags(ssl, 0));
    SSL_free(ssl);

    /* The security callback and its data are part of what is replaced. */
    SSL_CTX_set_security_callback(b, deny_all);
    SSL_CTX_set0_security_ex_data(b, &ex_b);
    ssl = SSL_new(a);
    printf("on a: callback is b's %d, ex is b's %d\n", SSL_get_security_callback(ssl) == deny_all,
           SSL_get0_security_ex_data(ssl) == &ex_b);
    SSL_set_SSL_CTX(ssl, b);
    printf("on b: callback is b's %d, ex is b's %d\n", SSL_get_security_callback(ssl) == deny_all,
           SSL_get0_security_ex_data(ssl) == &ex_b);
    SSL_set_SSL_CTX(ssl, a);
    printf("back on a: callback is b's %d, ex is b's %d\n", SSL_get_security_callback(ssl) == deny_all,
           SSL_get0_security_ex_data(ssl) == &ex_b);
    SSL_free(ssl);

    SSL_CTX_free(a);
    SSL_CTX_free(b);
    return 0;
}
