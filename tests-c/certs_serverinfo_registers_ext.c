/*
 * certs_serverinfo_registers_ext.c - SSL_CTX_use_serverinfo* registers each
 * extension type as a custom extension, as in OpenSSL: an entry with the
 * context version 1 data gets (0x1d0) as a server one, any other for both
 * sides with its context. So a custom extension of that type added later is
 * refused for an overlapping side, a version-2 entry counts for
 * SSL_CTX_has_client_custom_ext, and one for SCTs (type 18) excludes CT
 * validation both ways: enabling CT is refused, and a context validating CT
 * refuses the entry in the ClientHello, accepts it elsewhere, and then fails
 * SSL_new. Built-in types are refused but type 50 (not built in). sessl kept
 * serverinfo types apart from custom extensions (found by the sequence
 * tester, tests-c/difffuzz). Twice-built.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "api_util.h"

static int add_cb(SSL *s, unsigned int t, unsigned int c, const unsigned char **out, size_t *outlen, X509 *x,
                  size_t i, int *al, void *arg)
{
    (void)s, (void)t, (void)c, (void)out, (void)outlen, (void)x, (void)i, (void)al, (void)arg;
    return 0;
}

static int old_add(SSL *s, unsigned int t, const unsigned char **out, size_t *outlen, int *al, void *arg)
{
    (void)s, (void)t, (void)out, (void)outlen, (void)al, (void)arg;
    return 0;
}

/* one entry of version 2 with a context (version 1: without) */
static int use(SSL_CTX *ctx, unsigned version, unsigned context, unsigned type)
{
    unsigned char b[9] = {(unsigned char)(context >> 24), (unsigned char)(context >> 16), (unsigned char)(context >> 8),
                          (unsigned char)context, (unsigned char)(type >> 8), (unsigned char)type, 0, 1, 5};
    return version == 1 ? SSL_CTX_use_serverinfo(ctx, b + 4, 5) : SSL_CTX_use_serverinfo_ex(ctx, 2, b, 9);
}

static void after(const char *name, unsigned version, unsigned context, unsigned type)
{
    int k, r;

    for (k = 0; k < 8; k++) {
        SSL_CTX *ctx = SSL_CTX_new(TLS_method());
        SSL *s;
        printf("%s type %u: use = %d, then ", name, type, use(ctx, version, context, type));
        switch (k) {
        case 0:
            r = SSL_CTX_add_client_custom_ext(ctx, type, old_add, NULL, NULL, NULL, NULL);
            printf("add_client_custom_ext = %d\n", r);
            break;
        case 1:
            r = SSL_CTX_add_server_custom_ext(ctx, type, old_add, NULL, NULL, NULL, NULL);
            printf("add_server_custom_ext = %d\n", r);
            break;
        case 2:
            r = SSL_CTX_add_custom_ext(ctx, type, SSL_EXT_CLIENT_HELLO, add_cb, NULL, NULL, NULL, NULL);
            printf("add_custom_ext ClientHello = %d\n", r);
            break;
        case 3:
            r = SSL_CTX_add_custom_ext(ctx, type, SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS, add_cb, NULL, NULL, NULL, NULL);
            printf("add_custom_ext EncryptedExtensions = %d\n", r);
            break;
        case 4:
            printf("has_client_custom_ext = %d\n", SSL_CTX_has_client_custom_ext(ctx, type));
            break;
        case 5:
            printf("SSL_CTX_enable_ct = %d\n", SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_PERMISSIVE));
            break;
        case 6:
            s = SSL_new(ctx);
            printf("SSL_enable_ct = %d\n", SSL_enable_ct(s, SSL_CT_VALIDATION_PERMISSIVE));
            SSL_free(s);
            break;
        default:
            printf("the same again = %d\n", use(ctx, version, context, type));
            break;
        }
        print_errors("  ");
        SSL_CTX_free(ctx);
    }
}

int main(void)
{
    static const unsigned types[] = {18, 1000};
    /* two entries in version 1: OpenSSL puts one context in front of them all */
    static const unsigned char two[] = {0x03, 0xe8, 0x00, 0x01, 0x05, 0x03, 0xe9, 0x00, 0x00};
    SSL_CTX *ctx;
    SSL *s;
    int i;

    for (i = 0; i < 2; i++) {
        after("v2 ClientHello|EncryptedExtensions", 2, SSL_EXT_CLIENT_HELLO | SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS,
              types[i]);
        after("v2 version 1's context", 2, 0x1d0, types[i]);
        after("v2 EncryptedExtensions", 2, SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS, types[i]);
        after("v1", 1, 0, types[i]);
    }

    ctx = SSL_CTX_new(TLS_method());
    printf("two v1 entries = %d\n", SSL_CTX_use_serverinfo(ctx, two, sizeof two));
    print_errors("two");
    printf("then has_client_custom_ext 1000 = %d, 1001 = %d\n", SSL_CTX_has_client_custom_ext(ctx, 1000),
           SSL_CTX_has_client_custom_ext(ctx, 1001));
    printf("v1 type 50 = %d, v1 type 16 = %d\n", use(ctx, 1, 0, 50), use(ctx, 1, 0, 16));
    print_errors("built-in");
    SSL_CTX_free(ctx);

    ctx = SSL_CTX_new(TLS_method());
    printf("SSL_CTX_enable_ct = %d\n", SSL_CTX_enable_ct(ctx, SSL_CT_VALIDATION_STRICT));
    printf("then v1 type 18 = %d\n", use(ctx, 1, 0, 18));
    print_errors("v1");
    printf("then v2 ClientHello type 18 = %d\n", use(ctx, 2, SSL_EXT_CLIENT_HELLO, 18));
    print_errors("v2 ClientHello");
    printf("then v2 EncryptedExtensions type 18 = %d\n", use(ctx, 2, SSL_EXT_TLS1_3_ENCRYPTED_EXTENSIONS, 18));
    print_errors("v2 EncryptedExtensions");
    printf("has_client_custom_ext 18 = %d, ct_is_enabled = %d\n", SSL_CTX_has_client_custom_ext(ctx, 18),
           SSL_CTX_ct_is_enabled(ctx));
    s = SSL_new(ctx);
    printf("SSL_new = %s\n", s ? "a connection" : "NULL");
    print_errors("SSL_new");
    SSL_free(s);
    SSL_CTX_set_ct_validation_callback(ctx, NULL, NULL);
    s = SSL_new(ctx);
    printf("without CT, SSL_new = %s\n", s ? "a connection" : "NULL");
    print_errors("SSL_new");
    SSL_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
