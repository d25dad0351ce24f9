/*
 * ssl_ctx_switch_fallbacks.c - after SSL_set_SSL_CTX, what a connection
 * reads from "its context" comes from the new (current) one, as OpenSSL's
 * s->ctx: the CA name lists (SSL_get_client_CA_list, SSL_get0_CA_list), the
 * cipher list (SSL_get_ciphers, SSL_get_cipher_list), DANE (SSL_dane_enable
 * needs a DANE-enabled current context) and the SRP username. sessl read
 * the context the connection was made with (found by the sequence tester,
 * tests-c/difffuzz). Twice-built.
 */
/* the SRP functions are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "certs_util.h"

static void names(const char *what, const STACK_OF(X509_NAME) *sk)
{
    printf("%s: %s %d\n", what, sk ? "list" : "NULL", sk ? sk_X509_NAME_num(sk) : -1);
}

static void ciphers(const char *what, SSL *s)
{
    STACK_OF(SSL_CIPHER) *sk = SSL_get_ciphers(s);
    int n = 0;

    while (SSL_get_cipher_list(s, n) != NULL)
        n++;
    printf("%s: get_ciphers %d, first %s; get_cipher_list %d names\n", what, sk ? sk_SSL_CIPHER_num(sk) : -1,
           sk && sk_SSL_CIPHER_num(sk) > 0 ? SSL_CIPHER_get_name(sk_SSL_CIPHER_value(sk, 0)) : "-", n);
}

int main(void)
{
    X509 *ca = read_cert(FIX("ca.pem"));
    SSL_CTX *a = SSL_CTX_new(TLS_method()), *b = SSL_CTX_new(TLS_method());
    SSL *s;
    char user[] = "user";
    const char *u;

    SSL_CTX_add_client_CA(b, ca);
    SSL_CTX_add1_to_CA_list(b, ca);
    SSL_CTX_set_cipher_list(b, "AES128-SHA:AES256-SHA");
    SSL_CTX_set_ciphersuites(b, "TLS_AES_128_GCM_SHA256");
    SSL_CTX_dane_enable(b);
    SSL_CTX_set_srp_username(b, user);
    s = SSL_new(a);
    names("a client_CA", SSL_get_client_CA_list(s));
    names("a get0_CA", SSL_get0_CA_list(s));
    ciphers("a", s);
    printf("a dane_enable = %d\n", SSL_dane_enable(s, "example.com"));
    print_errors("a dane_enable");
    u = SSL_get_srp_username(s);
    printf("a srp username %s\n", u ? u : "NULL");
    SSL_set_SSL_CTX(s, b);
    names("b client_CA", SSL_get_client_CA_list(s));
    names("b get0_CA", SSL_get0_CA_list(s));
    ciphers("b", s);
    printf("b dane_enable = %d\n", SSL_dane_enable(s, "example.com"));
    print_errors("b dane_enable");
    u = SSL_get_srp_username(s);
    printf("b srp username %s\n", u ? u : "NULL");
    SSL_set_SSL_CTX(s, NULL);
    names("back client_CA", SSL_get_client_CA_list(s));
    ciphers("back", s);
    SSL_free(s);
    SSL_CTX_free(a);
    SSL_CTX_free(b);
    X509_free(ca);
    return 0;
}
