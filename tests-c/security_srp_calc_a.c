/*
 * security_srp_calc_a.c - SRP_Calc_A_param computes the client's A = g^a mod
 * N (a random) as OpenSSL does: 0 without N and g, 0 where the computation
 * fails (N zero), else 1, with no error queued. sessl only checked that N
 * and g were set, so a zero N gave 1. Twice-built.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/srp.h>
#include "api_util.h"

int main(void)
{
    static const unsigned long ns[] = {0, 1, 2, 24, 101};
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s = SSL_new(ctx);
    size_t k;

    printf("no parameters: SRP_Calc_A_param = %d\n", SRP_Calc_A_param(s));
    print_errors("none");
    for (k = 0; k < sizeof ns / sizeof ns[0]; k++) {
        BIGNUM *n = BN_new(), *g = BN_new();

        BN_set_word(n, ns[k]);
        BN_set_word(g, k == 4 ? 0 : 2);
        SSL_set_srp_server_param(s, n, g, NULL, NULL, NULL);
        printf("N = %lu, g = %d: SRP_Calc_A_param = %d\n", ns[k], k == 4 ? 0 : 2, SRP_Calc_A_param(s));
        print_errors("param");
        BN_free(n);
        BN_free(g);
    }
    SSL_free(s);
    SSL_CTX_free(ctx);
    return 0;
}
