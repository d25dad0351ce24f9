/*
 * callbacks_srp_errors.c - SSL_CTX_set_srp_username and
 * SSL_CTX_set_srp_password are SSL_CTX_ctrl commands in OpenSSL: a refused
 * name is reported from ssl3_ctx_ctrl, and the ctrl command
 * (SSL_CTRL_SET_TLS_EXT_SRP_USERNAME) refuses what the function refuses
 * (found by the sequence tester, tests-c/difffuzz). Twice-built.
 */
/* the SRP functions are deprecated, and part of the API under test */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void errs(const char *label)
{
    unsigned long e;
    const char *func;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("%s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    char empty[] = "", user[] = "user", big[300];

    memset(big, 'u', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    printf("username user = %d\n", SSL_CTX_set_srp_username(ctx, user));
    errs("username user");
    printf("username \"\" = %d\n", SSL_CTX_set_srp_username(ctx, empty));
    errs("username empty");
    printf("username 299 bytes = %d\n", SSL_CTX_set_srp_username(ctx, big));
    errs("username long");
    printf("username NULL = %d\n", SSL_CTX_set_srp_username(ctx, NULL));
    errs("username NULL");
    printf("ctrl username \"\" = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, empty));
    errs("ctrl username empty");
    printf("ctrl username 299 bytes = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, big));
    errs("ctrl username long");
    printf("ctrl username user = %ld\n", SSL_CTX_ctrl(ctx, SSL_CTRL_SET_TLS_EXT_SRP_USERNAME, 0, user));
    errs("ctrl username user");
    printf("password NULL = %d\n", SSL_CTX_set_srp_password(ctx, NULL));
    errs("password NULL");
    printf("password \"\" = %d\n", SSL_CTX_set_srp_password(ctx, empty));
    errs("password empty");
    SSL_CTX_free(ctx);
    return 0;
}
