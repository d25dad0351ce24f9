/*
 * ctrl_srp.c - the SRP commands of SSL_CTX_ctrl are the SSL_CTX_set_srp_*
 * functions: the username and password are kept (and reach new connections:
 * SSL_get_srp_username/userinfo), with the same refusals.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include "api_util.h"

static const char *str(const char *s) { return s ? s : "(null)"; }

static void show(const char *label, SSL_CTX *ctx)
{
    SSL *ssl = SSL_new(ctx);

    printf("%s: username %s, userinfo %s\n", label, str(SSL_get_srp_username(ssl)),
           str(SSL_get_srp_userinfo(ssl)));
    SSL_free(ssl);
    print_errors(label);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    char name[300];

    show("new", ctx);
    printf("ctrl username alice = %ld\n",
           SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, (void *)"alice"));
    printf("ctrl password secret = %ld\n",
           SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_PASSWORD, 0, (void *)"secret"));
    printf("ctrl strength 2048 = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_STRENGTH, 2048, NULL));
    printf("ctrl arg = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_SRP_ARG, 0, (void *)name));
    show("after ctrl", ctx);
    memset(name, 'x', 256);
    name[256] = 0;
    printf("ctrl username of 256 = %ld\n",
           SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, name));
    show("after long name", ctx);
    printf("ctrl username \"\" = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, (void *)""));
    show("after empty name", ctx);
    printf("ctrl username bob = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, (void *)"bob"));
    printf("ctrl username NULL = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, NULL));
    show("after NULL name", ctx);
    printf("ctrl password NULL = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_PASSWORD, 0, NULL));
    show("after NULL password", ctx);
    SSL_CTX_free(ctx);
    return 0;
}
