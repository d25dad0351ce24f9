/*
 * callbacks_init.c - OPENSSL_init_ssl and ERR_load_SSL_strings: libssl's reason
 * strings are registered by OPENSSL_INIT_LOAD_SSL_STRINGS, except after
 * OPENSSL_INIT_NO_LOAD_SSL_STRINGS (the choice is made once: a later request,
 * SSL_CTX_new's and SSL_SESSION_new's included, loads nothing), while
 * ERR_load_SSL_strings loads them whatever was chosen. The library's name comes
 * with libcrypto's initialisation.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void show(const char *when)
{
    const char *r = ERR_reason_error_string(ERR_PACK(ERR_LIB_SSL, 0, SSL_R_NULL_SSL_CTX));
    const char *l = ERR_lib_error_string(ERR_PACK(ERR_LIB_SSL, 0, 0));

    printf("%-32s reason: %s, library: %s\n", when, r ? r : "(none)", l ? l : "(none)");
}

int main(void)
{
    SSL_CTX *ctx;
    SSL_SESSION *s;

    show("start");
    printf("OPENSSL_init_ssl(0) = %d\n", OPENSSL_init_ssl(0, NULL));
    show("after init(0)");
    printf("init(NO_LOAD_SSL_STRINGS) = %d\n",
           OPENSSL_init_ssl(OPENSSL_INIT_NO_LOAD_SSL_STRINGS, NULL));
    show("after NO_LOAD_SSL_STRINGS");
    printf("init(LOAD_SSL_STRINGS) = %d\n", OPENSSL_init_ssl(OPENSSL_INIT_LOAD_SSL_STRINGS, NULL));
    show("after LOAD_SSL_STRINGS");
    printf("SSL_load_error_strings() = %d\n", SSL_load_error_strings());
    show("after SSL_load_error_strings");
    ctx = SSL_CTX_new(TLS_method());
    SSL_CTX_free(ctx);
    s = SSL_SESSION_new();
    SSL_SESSION_free(s);
    show("after SSL_CTX_new, SSL_SESSION_new");
    printf("SSL_library_init() = %d\n", SSL_library_init());
    printf("ERR_load_SSL_strings() = %d\n", ERR_load_SSL_strings());
    show("after ERR_load_SSL_strings");
    printf("again = %d\n", ERR_load_SSL_strings());
    show("after again");
    printf("errors: %lu\n", ERR_peek_error());
    return 0;
}
