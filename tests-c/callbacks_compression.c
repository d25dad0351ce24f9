/*
 * callbacks_compression.c - compression methods on a build without zlib (as
 * the system's OpenSSL 3.0): the global list exists and is empty, adding NULL
 * or a method without a type (COMP_zlib() here) fails silently (1),
 * SSL_COMP_set0_compression_methods swaps the list (NULL too),
 * SSL_COMP_get_name(NULL), and a connection's current compression/expansion
 * before a handshake.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/comp.h>
#include <openssl/err.h>

static void errors(const char *what)
{
    unsigned long e;

    printf("%s errors:", what);
    while ((e = ERR_get_error()) != 0)
        printf(" lib=%d reason=%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("\n");
}

int main(void)
{
    STACK_OF(SSL_COMP) *st = SSL_COMP_get_compression_methods(), *old;
    COMP_METHOD *z = COMP_zlib();
    SSL_CTX *ctx;
    SSL *ssl;

    printf("methods: %s, %d entries\n", st ? "a stack" : "NULL",
           st ? sk_SSL_COMP_num(st) : -1);
    printf("same list again: %d\n", st == SSL_COMP_get_compression_methods());
    printf("SSL_COMP_get_name(NULL) = %s\n", SSL_COMP_get_name(NULL) ? "set" : "NULL");
    printf("COMP_zlib() type %d\n", z ? COMP_get_type(z) : -1);
    printf("add(0, NULL) = %d\n", SSL_COMP_add_compression_method(0, NULL));
    printf("add(200, NULL) = %d\n", SSL_COMP_add_compression_method(200, NULL));
    if (z != NULL && COMP_get_type(z) == NID_undef) {
        printf("add(5, zlib) = %d\n", SSL_COMP_add_compression_method(5, z));
        printf("add(200, zlib) = %d\n", SSL_COMP_add_compression_method(200, z));
    }
    errors("add");
    old = SSL_COMP_set0_compression_methods(NULL);
    printf("set0(NULL) gave back the list: %d; now %s\n", old == st,
           SSL_COMP_get_compression_methods() ? "a stack" : "NULL");
    printf("add(201, NULL) without a list = %d\n", SSL_COMP_add_compression_method(201, NULL));
    printf("set0(list) gave back %s\n", SSL_COMP_set0_compression_methods(old) ? "a stack" : "NULL");
    printf("list restored: %d\n", SSL_COMP_get_compression_methods() == st);
    errors("swap");

    ctx = SSL_CTX_new(TLS_method());
    ssl = SSL_new(ctx);
    printf("SSL_get_current_compression = %s\n", SSL_get_current_compression(ssl) ? "set" : "NULL");
    printf("SSL_get_current_expansion = %s\n", SSL_get_current_expansion(ssl) ? "set" : "NULL");
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
