/*
 * callbacks_stored.c - callbacks kept for their getters on a connection that
 * never handshakes: info callbacks (SSL_new does not copy the context's into
 * SSL_get_info_callback), keylog, and the setters of the handshake's callbacks
 * (msg, ALPN/NPN selection, PSK, not-resumable, cookies) that must accept any
 * value, NULL included, and call nothing. ALPN lists (SSL_CTX_set_alpn_protos,
 * SSL_set_alpn_protos: 0 on success, 1 on a malformed list, clear on NULL/0),
 * SSL_get0_alpn_selected and SSL_get0_next_proto_negotiated before a handshake,
 * PSK identity hints (length limit, and SSL_get_psk_identity_hint /
 * SSL_get_psk_identity reading the connection's session).
 */
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

static int called;

static void info_cb(const SSL *s, int where, int ret)
{
    (void)s; (void)where; (void)ret;
    called++;
}

static void info_cb2(const SSL *s, int where, int ret)
{
    (void)s; (void)where; (void)ret;
    called++;
}

static void keylog_cb(const SSL *s, const char *line)
{
    (void)s; (void)line;
    called++;
}

static void msg_cb(int write_p, int version, int content_type, const void *buf, size_t len,
                   SSL *ssl, void *arg)
{
    (void)write_p; (void)version; (void)content_type; (void)buf; (void)len; (void)ssl; (void)arg;
    called++;
}

static int alpn_cb(SSL *s, const unsigned char **out, unsigned char *outlen,
                   const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)s; (void)out; (void)outlen; (void)in; (void)inlen; (void)arg;
    called++;
    return 0;
}

static int npn_select_cb(SSL *s, unsigned char **out, unsigned char *outlen,
                         const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)s; (void)out; (void)outlen; (void)in; (void)inlen; (void)arg;
    called++;
    return 0;
}

static int npn_adv_cb(SSL *s, const unsigned char **out, unsigned int *outlen, void *arg)
{
    (void)s; (void)out; (void)outlen; (void)arg;
    called++;
    return 0;
}

static unsigned int psk_client_cb(SSL *s, const char *hint, char *identity,
                                  unsigned int max_identity_len, unsigned char *psk,
                                  unsigned int max_psk_len)
{
    (void)s; (void)hint; (void)identity; (void)max_identity_len; (void)psk; (void)max_psk_len;
    called++;
    return 0;
}

static unsigned int psk_server_cb(SSL *s, const char *identity, unsigned char *psk,
                                  unsigned int max_psk_len)
{
    (void)s; (void)identity; (void)psk; (void)max_psk_len;
    called++;
    return 0;
}

static int psk_find_cb(SSL *s, const unsigned char *id, size_t idlen, SSL_SESSION **sess)
{
    (void)s; (void)id; (void)idlen; (void)sess;
    called++;
    return 0;
}

static int psk_use_cb(SSL *s, const EVP_MD *md, const unsigned char **id, size_t *idlen,
                      SSL_SESSION **sess)
{
    (void)s; (void)md; (void)id; (void)idlen; (void)sess;
    called++;
    return 0;
}

static int not_resumable_cb(SSL *s, int is_forward_secure)
{
    (void)s; (void)is_forward_secure;
    called++;
    return 0;
}

static int cookie_gen(SSL *s, unsigned char *cookie, unsigned int *len)
{
    (void)s; (void)cookie; (void)len;
    called++;
    return 0;
}

static int cookie_verify(SSL *s, const unsigned char *cookie, unsigned int len)
{
    (void)s; (void)cookie; (void)len;
    called++;
    return 0;
}

static int st_cookie_gen(SSL *s, unsigned char *cookie, size_t *len)
{
    (void)s; (void)cookie; (void)len;
    called++;
    return 0;
}

static int st_cookie_verify(SSL *s, const unsigned char *cookie, size_t len)
{
    (void)s; (void)cookie; (void)len;
    called++;
    return 0;
}

static const char *info_name(void (*cb)(const SSL *, int, int))
{
    return cb == NULL ? "NULL" : cb == info_cb ? "info_cb" : cb == info_cb2 ? "info_cb2" : "other";
}

static void errors(const char *what)
{
    unsigned long e;

    printf("%s errors:", what);
    while ((e = ERR_get_error()) != 0)
        printf(" lib=%d reason=%d", ERR_GET_LIB(e), ERR_GET_REASON(e));
    printf("\n");
}

struct alpn_case {
    const char *name;
    const unsigned char *p;
    unsigned int len;
};

int main(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *ssl, *ssl2;
    SSL_SESSION *sess;
    const unsigned char *data = (const unsigned char *)"x";
    unsigned int len = 99;
    char long_hint[300];
    size_t i;
    static const unsigned char good[] = "\x02h2\x08http/1.1";
    static const unsigned char zero_entry[] = "\x02h2\x00";
    static const unsigned char overrun[] = "\x02h2\x09http/1.1";
    static const unsigned char short_one[] = "\x01";
    static const unsigned char one[] = "\x01" "a";
    static const unsigned char trailing[] = "\x02h2\x01";
    const struct alpn_case cases[] = {
        {"good", good, sizeof(good) - 1},
        {"one 1-byte name", one, 2},
        {"zero-length entry", zero_entry, sizeof(zero_entry) - 1},
        {"length overruns", overrun, sizeof(overrun) - 1},
        {"single byte", short_one, 1},
        {"trailing length", trailing, sizeof(trailing) - 1},
        {"NULL, 0", NULL, 0},
        {"NULL, 5", NULL, 5},
        {"good, 0", good, 0},
    };

    printf("SSL_CTX_get_info_callback (new) = %s\n", info_name(SSL_CTX_get_info_callback(ctx)));
    SSL_CTX_set_info_callback(ctx, info_cb);
    printf("after set: %s\n", info_name(SSL_CTX_get_info_callback(ctx)));
    printf("SSL_CTX_get_keylog_callback (new) = %s\n",
           SSL_CTX_get_keylog_callback(ctx) == NULL ? "NULL" : "set");
    SSL_CTX_set_keylog_callback(ctx, keylog_cb);
    printf("after set: %s\n", SSL_CTX_get_keylog_callback(ctx) == keylog_cb ? "keylog_cb" : "other");
    SSL_CTX_set_msg_callback(ctx, msg_cb);
    SSL_CTX_set_alpn_select_cb(ctx, alpn_cb, &called);
    SSL_CTX_set_next_proto_select_cb(ctx, npn_select_cb, &called);
    SSL_CTX_set_next_protos_advertised_cb(ctx, npn_adv_cb, &called);
    SSL_CTX_set_psk_client_callback(ctx, psk_client_cb);
    SSL_CTX_set_psk_server_callback(ctx, psk_server_cb);
    SSL_CTX_set_psk_find_session_callback(ctx, psk_find_cb);
    SSL_CTX_set_psk_use_session_callback(ctx, psk_use_cb);
    SSL_CTX_set_not_resumable_session_callback(ctx, not_resumable_cb);
    SSL_CTX_set_cookie_generate_cb(ctx, cookie_gen);
    SSL_CTX_set_cookie_verify_cb(ctx, cookie_verify);
    SSL_CTX_set_stateless_cookie_generate_cb(ctx, st_cookie_gen);
    SSL_CTX_set_stateless_cookie_verify_cb(ctx, st_cookie_verify);

    printf("\nALPN lists (SSL_CTX_set_alpn_protos / SSL_set_alpn_protos):\n");
    ssl = SSL_new(ctx);
    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        int c = SSL_CTX_set_alpn_protos(ctx, cases[i].p, cases[i].len);
        int s = SSL_set_alpn_protos(ssl, cases[i].p, cases[i].len);
        printf("  %-20s ctx=%d ssl=%d\n", cases[i].name, c, s);
    }
    errors("alpn");

    printf("\nconnection:\n");
    printf("SSL_get_info_callback (ctx has one) = %s\n", info_name(SSL_get_info_callback(ssl)));
    SSL_set_info_callback(ssl, info_cb2);
    printf("after set: %s; ctx's: %s\n", info_name(SSL_get_info_callback(ssl)),
           info_name(SSL_CTX_get_info_callback(ctx)));
    SSL_set_info_callback(ssl, NULL);
    printf("after set NULL: %s\n", info_name(SSL_get_info_callback(ssl)));
    SSL_set_msg_callback(ssl, msg_cb);
    SSL_set_psk_client_callback(ssl, NULL);
    SSL_set_psk_server_callback(ssl, psk_server_cb);
    SSL_set_psk_find_session_callback(ssl, psk_find_cb);
    SSL_set_psk_use_session_callback(ssl, NULL);
    SSL_set_not_resumable_session_callback(ssl, not_resumable_cb);

    SSL_get0_alpn_selected(ssl, &data, &len);
    printf("SSL_get0_alpn_selected: %s, len %u\n", data == NULL ? "NULL" : "set", len);
    data = (const unsigned char *)"x";
    len = 99;
    SSL_get0_next_proto_negotiated(ssl, &data, &len);
    printf("SSL_get0_next_proto_negotiated: %s, len %u\n", data == NULL ? "NULL" : "set", len);

    printf("\nPSK identity hints:\n");
    memset(long_hint, 'h', sizeof(long_hint));
    long_hint[256] = '\0';
    printf("ctx hint of 256 = %d\n", SSL_CTX_use_psk_identity_hint(ctx, long_hint));
    long_hint[256] = 'h';
    long_hint[257] = '\0';
    printf("ctx hint of 257 = %d\n", SSL_CTX_use_psk_identity_hint(ctx, long_hint));
    errors("ctx hint");
    printf("ssl hint of 257 = %d\n", SSL_use_psk_identity_hint(ssl, long_hint));
    errors("ssl hint");
    printf("ssl hint \"abc\" = %d\n", SSL_use_psk_identity_hint(ssl, "abc"));
    printf("ssl hint NULL = %d\n", SSL_use_psk_identity_hint(ssl, NULL));
    printf("ctx hint \"\" = %d\n", SSL_CTX_use_psk_identity_hint(ctx, ""));
    printf("ctx hint NULL = %d\n", SSL_CTX_use_psk_identity_hint(ctx, NULL));
    printf("SSL_get_psk_identity_hint (no session) = %s\n",
           SSL_get_psk_identity_hint(ssl) ? SSL_get_psk_identity_hint(ssl) : "NULL");
    printf("SSL_get_psk_identity (no session) = %s\n",
           SSL_get_psk_identity(ssl) ? SSL_get_psk_identity(ssl) : "NULL");
    sess = SSL_SESSION_new();
    printf("SSL_set_session = %d\n", SSL_set_session(ssl, sess));
    printf("SSL_get_psk_identity_hint (new session) = %s\n",
           SSL_get_psk_identity_hint(ssl) ? SSL_get_psk_identity_hint(ssl) : "NULL");
    printf("SSL_get_psk_identity (new session) = %s\n",
           SSL_get_psk_identity(ssl) ? SSL_get_psk_identity(ssl) : "NULL");
    SSL_SESSION_free(sess);
    errors("psk");

    ssl2 = SSL_new(ctx);
    printf("\nsecond connection: info %s\n", info_name(SSL_get_info_callback(ssl2)));
    SSL_CTX_set_info_callback(ctx, NULL);
    printf("ctx info after NULL: %s\n", info_name(SSL_CTX_get_info_callback(ctx)));
    SSL_CTX_set_keylog_callback(ctx, NULL);
    printf("keylog after NULL: %s\n", SSL_CTX_get_keylog_callback(ctx) == NULL ? "NULL" : "set");
    SSL_free(ssl2);
    SSL_free(ssl);
    SSL_CTX_free(ctx);
    printf("callbacks called: %d\n", called);
    errors("end");
    return 0;
}
