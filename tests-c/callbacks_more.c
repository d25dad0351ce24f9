/*
 * callbacks_more.c - more setters of the handshake's callbacks on connections
 * that never handshake: session tickets (SSL_CTX_set_session_ticket_cb,
 * SSL_set_session_ticket_ext(_cb), ticket key callback), session secret,
 * client hello, early data, async, record padding (and its argument getters,
 * with what SSL_new copies from the context), and the client certificate
 * engine's failure with a NULL engine. Return values, getters and error codes.
 */
#include <stdio.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static int called;
static int arg1, arg2, arg3;

static int gen_cb(SSL *s, void *arg) { (void)s; (void)arg; called++; return 1; }
static SSL_TICKET_RETURN dec_cb(SSL *s, SSL_SESSION *ss, const unsigned char *kn, size_t knl,
                                SSL_TICKET_STATUS st, void *arg)
{
    (void)s; (void)ss; (void)kn; (void)knl; (void)st; (void)arg;
    called++;
    return SSL_TICKET_RETURN_ABORT;
}
static int ext_cb(SSL *s, const unsigned char *data, int len, void *arg)
{
    (void)s; (void)data; (void)len; (void)arg;
    called++;
    return 1;
}
static int secret_cb(SSL *s, void *secret, int *secret_len, STACK_OF(SSL_CIPHER) *peer_ciphers,
                     const SSL_CIPHER **cipher, void *arg)
{
    (void)s; (void)secret; (void)secret_len; (void)peer_ciphers; (void)cipher; (void)arg;
    called++;
    return 0;
}
static int key_cb(SSL *s, unsigned char *name, unsigned char *iv, EVP_CIPHER_CTX *c,
                  EVP_MAC_CTX *m, int enc)
{
    (void)s; (void)name; (void)iv; (void)c; (void)m; (void)enc;
    called++;
    return 0;
}
static int hello_cb(SSL *s, int *al, void *arg) { (void)s; (void)al; (void)arg; called++; return 1; }
static int early_cb(SSL *s, void *arg) { (void)s; (void)arg; called++; return 1; }
static int async_cb(SSL *s, void *arg) { (void)s; (void)arg; called++; return 1; }
static size_t pad_cb(SSL *s, int type, size_t len, void *arg)
{
    (void)s; (void)type; (void)len; (void)arg;
    called++;
    return 0;
}

static const char *argname(const void *p)
{
    return p == NULL ? "NULL" : p == &arg1 ? "arg1" : p == &arg2 ? "arg2" : p == &arg3 ? "arg3"
                                                                                      : "other";
}

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
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl, *ssl2;
    unsigned char ext[4] = {1, 2, 3, 4};

    printf("SSL_CTX_set_session_ticket_cb = %d\n", SSL_CTX_set_session_ticket_cb(ctx, gen_cb, dec_cb, &arg1));
    printf("  NULLs = %d\n", SSL_CTX_set_session_ticket_cb(ctx, NULL, NULL, NULL));
    printf("SSL_CTX_set_tlsext_ticket_key_evp_cb = %d\n", SSL_CTX_set_tlsext_ticket_key_evp_cb(ctx, key_cb));
    SSL_CTX_set_client_hello_cb(ctx, hello_cb, &arg1);
    SSL_CTX_set_allow_early_data_cb(ctx, early_cb, &arg1);
    printf("SSL_CTX_set_async_callback = %d\n", SSL_CTX_set_async_callback(ctx, async_cb));
    printf("SSL_CTX_set_async_callback_arg = %d\n", SSL_CTX_set_async_callback_arg(ctx, &arg1));
    printf("SSL_CTX_get_record_padding_callback_arg (new) = %s\n",
           argname(SSL_CTX_get_record_padding_callback_arg(ctx)));
    SSL_CTX_set_record_padding_callback(ctx, pad_cb);
    SSL_CTX_set_record_padding_callback_arg(ctx, &arg1);
    printf("after set: %s\n", argname(SSL_CTX_get_record_padding_callback_arg(ctx)));
    errors("ctx");

    ssl = SSL_new(ctx);
    printf("SSL_get_record_padding_callback_arg (copied) = %s\n",
           argname(SSL_get_record_padding_callback_arg(ssl)));
    SSL_set_record_padding_callback_arg(ssl, &arg2);
    printf("after set: %s; ctx's %s\n", argname(SSL_get_record_padding_callback_arg(ssl)),
           argname(SSL_CTX_get_record_padding_callback_arg(ctx)));
    printf("SSL_set_record_padding_callback = %d\n", SSL_set_record_padding_callback(ssl, pad_cb));
    printf("  NULL = %d\n", SSL_set_record_padding_callback(ssl, NULL));
    SSL_set_allow_early_data_cb(ssl, early_cb, &arg2);
    printf("SSL_set_async_callback = %d\n", SSL_set_async_callback(ssl, async_cb));
    printf("SSL_set_async_callback_arg = %d\n", SSL_set_async_callback_arg(ssl, &arg2));
    printf("SSL_set_session_ticket_ext = %d\n", SSL_set_session_ticket_ext(ssl, ext, 4));
    printf("  NULL = %d\n", SSL_set_session_ticket_ext(ssl, NULL, 0));
    printf("  again = %d\n", SSL_set_session_ticket_ext(ssl, ext, 2));
    printf("SSL_set_session_ticket_ext_cb = %d\n", SSL_set_session_ticket_ext_cb(ssl, ext_cb, &arg2));
    printf("SSL_set_session_secret_cb = %d\n", SSL_set_session_secret_cb(ssl, secret_cb, &arg2));
    printf("  NULL = %d\n", SSL_set_session_secret_cb(ssl, NULL, NULL));
    errors("ssl");

    SSL_CTX_set_record_padding_callback_arg(ctx, &arg3);
    ssl2 = SSL_new(ctx);
    printf("second connection's padding arg = %s; first's %s\n",
           argname(SSL_get_record_padding_callback_arg(ssl2)),
           argname(SSL_get_record_padding_callback_arg(ssl)));

#ifndef OPENSSL_NO_ENGINE
    printf("SSL_CTX_set_client_cert_engine(NULL) = %d\n", SSL_CTX_set_client_cert_engine(ctx, NULL));
    errors("engine");
#endif
    SSL_free(ssl2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("callbacks called: %d\n", called);
    return 0;
}
