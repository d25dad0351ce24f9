/*
 * ctrl_commands.c - every SSL_CTX_ctrl and SSL_ctrl command number from 0 to
 * 140 with larg 0 and parg NULL, on a fresh TLS context and connection, a
 * DTLS connection, and a NULL context: the return value and the queued errors.
 * (SSL_ctrl on a NULL connection crashes OpenSSL 3.0; sessl returns 0.)
 *
 * Excluded from the NULL-parg loop, because OpenSSL writes through parg there
 * (they are tested with valid pointers in ctrl_values.c):
 *   SSL_CTX_ctrl: GET_EXTRA_CHAIN_CERTS (82), GET_CHAIN_CERTS (115),
 *     GET_TLSEXT_STATUS_REQ_CB (128), GET_TLSEXT_STATUS_REQ_CB_ARG (129),
 *     GET_VERIFY_CERT_STORE (137), GET_CHAIN_CERT_STORE (138);
 *   SSL_ctrl: GET_TLSEXT_STATUS_REQ_EXTS (66), _IDS (68), _OCSP_RESP (70),
 *     GET_CHAIN_CERTS (115), GET_VERIFY_CERT_STORE (137),
 *     GET_CHAIN_CERT_STORE (138), and GET_NEGOTIATED_GROUP (134), on which
 *     OpenSSL 3.0 crashes before a handshake.
 * Every other command shows what it does on an un-handshaken connection: the
 * setters' effects are checked in ctrl_values.c.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/ssl.h>
#include <openssl/err.h>
#include "test_util.h"

static int excluded(int ssl, int cmd)
{
    static const int ctx_skip[] = {82, 115, 128, 129, 137, 138};
    static const int ssl_skip[] = {66, 68, 70, 115, 134, 137, 138};
    const int *list = ssl ? ssl_skip : ctx_skip;
    size_t n = ssl ? sizeof(ssl_skip) / sizeof(*ssl_skip) : sizeof(ctx_skip) / sizeof(*ctx_skip);
    size_t i;

    for (i = 0; i < n; i++)
        if (list[i] == cmd)
            return 1;
    return 0;
}

static void errors_inline(void)
{
    unsigned long e;

    while ((e = ERR_get_error()) != 0)
        printf(" err=%d/%d", (int)ERR_GET_LIB(e), (int)ERR_GET_REASON(e));
    printf("\n");
}

static void loop(const char *label, const SSL_METHOD *meth)
{
    int cmd;

    for (cmd = 0; cmd <= 140; cmd++) {
        /* A fresh pair per command, so no command sees another's effect. */
        SSL_CTX *ctx = SSL_CTX_new(meth);
        SSL *s;

        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        s = SSL_new(ctx);
        FATAL_IF(s == NULL, "SSL_new");
        ERR_clear_error();
        if (!excluded(0, cmd)) {
            printf("%s SSL_CTX_ctrl %d -> %ld", label, cmd, SSL_CTX_ctrl(ctx, cmd, 0, NULL));
            errors_inline();
        }
        if (!excluded(1, cmd)) {
            printf("%s SSL_ctrl %d -> %ld", label, cmd, SSL_ctrl(s, cmd, 0, NULL));
            errors_inline();
        }
        SSL_free(s);
        SSL_CTX_free(ctx);
    }
}

int main(void)
{
    int cmd;

    loop("TLS", TLS_method());
    loop("TLS_client", TLS_client_method());
    loop("DTLS", DTLS_method());
    loop("TLSv1_2", TLSv1_2_method());
    for (cmd = 0; cmd <= 140; cmd++) {
        /* Without a context only the list commands do anything: they parse. */
        /* (OpenSSL crashes on a non-NULL groups list without a context.) */
        if (cmd == SSL_CTRL_SET_SIGALGS_LIST || cmd == SSL_CTRL_SET_CLIENT_SIGALGS_LIST) {
            printf("NULL SSL_CTX_ctrl %d (\"RSA+SHA256\") -> %ld", cmd,
                   SSL_CTX_ctrl(NULL, cmd, 0, (void *)"RSA+SHA256"));
            errors_inline();
        }
        printf("NULL SSL_CTX_ctrl %d -> %ld", cmd, SSL_CTX_ctrl(NULL, cmd, 0, NULL));
        errors_inline();
    }
    return 0;
}
