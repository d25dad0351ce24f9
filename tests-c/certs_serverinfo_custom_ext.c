/*
 * certs_serverinfo_custom_ext.c - SSL_CTX_use_serverinfo* registers each
 * extension type as a server custom extension, so a type the application
 * registered before for the server (SSL_CTX_add_custom_ext,
 * SSL_CTX_add_server_custom_ext) makes it fail with
 * SSL_R_INVALID_SERVERINFO_DATA; a client one (SSL_CTX_add_client_custom_ext)
 * does not.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include "api_util.h"

static int add_cb(SSL *s, unsigned int t, unsigned int c, const unsigned char **out, size_t *outlen, X509 *x,
                  size_t i, int *al, void *arg)
{
    (void)s, (void)t, (void)c, (void)out, (void)outlen, (void)x, (void)i, (void)al, (void)arg;
    return 0;
}

static int old_add_cb(SSL *s, unsigned int t, const unsigned char **out, size_t *outlen, int *al, void *arg)
{
    (void)s, (void)t, (void)out, (void)outlen, (void)al, (void)arg;
    return 0;
}

/* One extension of type 18 (SCT) and one of type 1000, version 2 and 1. */
static const unsigned char v2_sct[] = {0x00, 0x00, 0x01, 0xd0, 0x00, 0x12, 0x00, 0x02, 0x09, 0x09};
static const unsigned char v1_sct[] = {0x00, 0x12, 0x00, 0x03, 0x01, 0x02, 0x03};
static const unsigned char v1_other[] = {0x03, 0xe8, 0x00, 0x01, 0x07};

int main(void)
{
    SSL_CTX *ctx;
    int k;

    for (k = 0; k < 3; k++) {
        ctx = SSL_CTX_new(TLS_method());
        if (k == 0)
            printf("add_custom_ext 18 = %d\n",
                   SSL_CTX_add_custom_ext(ctx, 18, SSL_EXT_CLIENT_HELLO, add_cb, NULL, NULL, NULL, NULL));
        else if (k == 1)
            printf("add_server_custom_ext 18 = %d\n", SSL_CTX_add_server_custom_ext(ctx, 18, old_add_cb, NULL, NULL,
                                                                                   NULL, NULL));
        else
            printf("add_client_custom_ext 18 = %d\n", SSL_CTX_add_client_custom_ext(ctx, 18, old_add_cb, NULL, NULL,
                                                                                   NULL, NULL));
        printf("  serverinfo_ex v2 type 18 = %d\n", SSL_CTX_use_serverinfo_ex(ctx, SSL_SERVERINFOV2, v2_sct,
                                                                              sizeof v2_sct));
        print_errors("v2");
        printf("  serverinfo v1 type 18 = %d\n", SSL_CTX_use_serverinfo(ctx, v1_sct, sizeof v1_sct));
        print_errors("v1");
        printf("  serverinfo v1 type 1000 = %d\n", SSL_CTX_use_serverinfo(ctx, v1_other, sizeof v1_other));
        print_errors("v1 other");
        SSL_CTX_free(ctx);
    }
    return 0;
}
