/*
 * callbacks_srp.c - SRP settings on connections that never handshake (the
 * deprecated 3.0 API): username (length 1..255, NULL clears), password (NULL
 * refused), strength and callbacks stored (never called); SSL_get_srp_username
 * / userinfo fall back to the context's; SSL_new copies the context's username;
 * SSL_set_srp_server_param keeps copies of N, g, s, v and reports -1 until all
 * four are set; SSL_get_srp_g/N; SRP_Calc_A_param without parameters;
 * SSL_CTX_SRP_CTX_free / SSL_SRP_CTX_free reset everything.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/srp.h>
#include <openssl/bn.h>
#include <openssl/err.h>

static int called;
static int arg1;
/* Writable strings: the SRP setters take char * (and C++ refuses literals). */
static char alice[] = "alice", empty[] = "", bob[] = "bob", pw[] = "pw", info[] = "info";

static int user_cb(SSL *s, int *ad, void *arg) { (void)s; (void)ad; (void)arg; called++; return 0; }
static char *pwd_cb(SSL *s, void *arg) { (void)s; (void)arg; called++; return NULL; }
static int verify_cb(SSL *s, void *arg) { (void)s; (void)arg; called++; return 1; }

static void errors(const char *what)
{
    unsigned long e;

    printf("%s errors:", what);
    while ((e = ERR_get_error()) != 0)
        printf(" lib=%d reason=%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("\n");
}

static const char *str(const char *s) { return s == NULL ? "NULL" : s; }

static void show_bn(const char *what, const BIGNUM *bn)
{
    char *hex = bn ? BN_bn2hex(bn) : NULL;

    printf("%s = %s\n", what, hex ? hex : "NULL");
    OPENSSL_free(hex);
}

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl, *ssl2;
    char name[300];
    BIGNUM *N = BN_new(), *g = BN_new(), *s = BN_new(), *v = BN_new();

    BN_set_word(N, 23);
    BN_set_word(g, 5);
    BN_set_word(s, 77);
    BN_set_word(v, 99);
    ssl = SSL_new(ctx);
    printf("before: username %s, userinfo %s\n", str(SSL_get_srp_username(ssl)),
           str(SSL_get_srp_userinfo(ssl)));
    printf("set_srp_username(\"alice\") = %d\n", SSL_CTX_set_srp_username(ctx, alice));
    printf("ssl made before: username %s\n", str(SSL_get_srp_username(ssl)));
    memset(name, 'u', sizeof(name));
    name[255] = '\0';
    printf("username of 255 = %d\n", SSL_CTX_set_srp_username(ctx, name));
    name[255] = 'u';
    name[256] = '\0';
    printf("username of 256 = %d\n", SSL_CTX_set_srp_username(ctx, name));
    errors("username");
    printf("username \"\" = %d\n", SSL_CTX_set_srp_username(ctx, empty));
    errors("empty username");
    printf("ssl: username %s\n", SSL_get_srp_username(ssl) ? "set" : "NULL");
    printf("username NULL = %d\n", SSL_CTX_set_srp_username(ctx, NULL));
    printf("ssl: username %s\n", str(SSL_get_srp_username(ssl)));
    printf("username \"bob\" = %d\n", SSL_CTX_set_srp_username(ctx, bob));
    printf("password \"pw\" = %d\n", SSL_CTX_set_srp_password(ctx, pw));
    printf("password NULL = %d\n", SSL_CTX_set_srp_password(ctx, NULL));
    errors("password");
    printf("strength 2048 = %d\n", SSL_CTX_set_srp_strength(ctx, 2048));
    printf("cb_arg = %d\n", SSL_CTX_set_srp_cb_arg(ctx, &arg1));
    printf("username_callback = %d\n", SSL_CTX_set_srp_username_callback(ctx, user_cb));
    printf("client_pwd_callback = %d\n", SSL_CTX_set_srp_client_pwd_callback(ctx, pwd_cb));
    printf("verify_param_callback = %d\n", SSL_CTX_set_srp_verify_param_callback(ctx, verify_cb));
    errors("setters");

    ssl2 = SSL_new(ctx);
    printf("new ssl: username %s, userinfo %s\n", str(SSL_get_srp_username(ssl2)),
           str(SSL_get_srp_userinfo(ssl2)));
    show_bn("new ssl: g", SSL_get_srp_g(ssl2));
    show_bn("new ssl: N", SSL_get_srp_N(ssl2));
    printf("SRP_Calc_A_param = %d\n", SRP_Calc_A_param(ssl2));
    errors("calc A");
    printf("set_srp_server_param(N, g, NULL, NULL, NULL) = %d\n",
           SSL_set_srp_server_param(ssl2, N, g, NULL, NULL, NULL));
    show_bn("g", SSL_get_srp_g(ssl2));
    show_bn("N", SSL_get_srp_N(ssl2));
    printf("set_srp_server_param(NULL, NULL, s, v, \"info\") = %d\n",
           SSL_set_srp_server_param(ssl2, NULL, NULL, s, v, info));
    printf("userinfo %s\n", str(SSL_get_srp_userinfo(ssl2)));
    BN_set_word(g, 2);
    printf("set_srp_server_param(N, g, s, v, NULL) = %d\n",
           SSL_set_srp_server_param(ssl2, N, g, s, v, NULL));
    show_bn("g", SSL_get_srp_g(ssl2));
    printf("userinfo %s\n", str(SSL_get_srp_userinfo(ssl2)));
    errors("server param");

    printf("SSL_SRP_CTX_free = %d\n", SSL_SRP_CTX_free(ssl2));
    printf("after free: username %s, userinfo %s\n", str(SSL_get_srp_username(ssl2)),
           str(SSL_get_srp_userinfo(ssl2)));
    show_bn("after free: g", SSL_get_srp_g(ssl2));
    printf("SSL_SRP_CTX_init = %d\n", SSL_SRP_CTX_init(ssl2));
    printf("after init: username %s\n", str(SSL_get_srp_username(ssl2)));
    printf("SSL_CTX_SRP_CTX_free = %d\n", SSL_CTX_SRP_CTX_free(ctx));
    printf("after ctx free: username %s, ssl's %s\n", str(SSL_get_srp_username(ssl)),
           str(SSL_get_srp_username(ssl2)));
    printf("SSL_CTX_SRP_CTX_init = %d\n", SSL_CTX_SRP_CTX_init(ctx));
    errors("end");
    SSL_free(ssl2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    BN_free(N);
    BN_free(g);
    BN_free(s);
    BN_free(v);
    printf("callbacks called: %d\n", called);
    return 0;
}
