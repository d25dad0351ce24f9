/*
 * io_export_labels.c - SSL_export_keying_material refuses the labels TLS
 * reserves ("client finished", "server finished", "master secret",
 * "extended master secret", "key expansion", as prefixes of the label and
 * the randoms) with SSL_R_TLS_ILLEGAL_EXPORTER_LABEL before it runs the PRF,
 * as OpenSSL's tls1_export_keying_material does; sessl went straight to the
 * PRF's failure (found by the sequence tester, tests-c/difffuzz).
 * Twice-built.
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static void errs(const char *label)
{
    unsigned long e;
    const char *func;

    while ((e = ERR_get_error_all(NULL, NULL, &func, NULL, NULL)) != 0)
        printf("  %s: err lib=%d reason=%d func=%s\n", label, (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e),
               func ? func : "");
}

int main(void)
{
    static const char *const labels[] = {"client finished", "server finished", "master secret",
                                         "extended master secret", "key expansion", "key expansionX",
                                         "key expansio", "client", "", "EXPORTER-test", "Client finished"};
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl = SSL_new(ctx);
    SSL_SESSION *sess = SSL_SESSION_new();
    unsigned char out[32];
    size_t i;

    printf("no session: %d\n", SSL_export_keying_material(ssl, out, sizeof out, "client finished", 15, NULL, 0, 0));
    errs("no session");
    SSL_set_session(ssl, sess);
    for (i = 0; i < sizeof labels / sizeof labels[0]; i++) {
        int use_context;
        for (use_context = 0; use_context < 2; use_context++) {
            int r = SSL_export_keying_material(ssl, out, sizeof out, labels[i], strlen(labels[i]),
                                               (const unsigned char *)"ctx", 3, use_context);
            printf("\"%s\" use_context=%d: %d\n", labels[i], use_context, r);
            errs(labels[i]);
        }
    }
    /* a shorter length: only "client" of "client finished" is the label */
    printf("\"client finished\" llen 6: %d\n", SSL_export_keying_material(ssl, out, sizeof out, "client finished", 6,
                                                                           NULL, 0, 0));
    errs("llen 6");
    SSL_SESSION_free(sess);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    return 0;
}
