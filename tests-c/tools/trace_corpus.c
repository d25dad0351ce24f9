/*
 * trace_corpus.c - makes the files of tests-c/fixtures/trace/, the message corpus of
 * trace_corpus.c's SSL_trace test: real TLS 1.3, 1.2 and 1.1 handshakes
 * between two in-memory connections of the system's libssl, each message the
 * message callback sees written as one line "write_p version content_type
 * hex". Run once from the repository's root (the results are committed):
 *   cc tests-c/tools/trace_corpus.c -lssl -lcrypto -o /tmp/tc && /tmp/tc
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <stdio.h>
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>

#define CERTS "tests-c/fixtures/certs/"
#define OUT "tests-c/fixtures/trace/"

static FILE *out;

static void msg_cb(int write_p, int version, int content_type, const void *buf,
                   size_t len, SSL *ssl, void *arg)
{
    size_t i;

    (void)ssl;
    /* only the client's view: the server's would repeat each message */
    if (arg == NULL)
        return;
    fprintf(out, "%d %x %d ", write_p, version, content_type);
    for (i = 0; i < len; i++)
        fprintf(out, "%02x", ((const unsigned char *)buf)[i]);
    fprintf(out, "\n");
}

static unsigned int psk_client(SSL *s, const char *hint, char *id, unsigned int max_id,
                               unsigned char *psk, unsigned int max_psk)
{
    (void)s; (void)hint; (void)max_id; (void)max_psk;
    strcpy(id, "client1");
    memset(psk, 0x42, 16);
    return 16;
}

static unsigned int psk_server(SSL *s, const char *id, unsigned char *psk, unsigned int max)
{
    (void)s; (void)id; (void)max;
    memset(psk, 0x42, 16);
    return 16;
}

static int alpn_select(SSL *s, const unsigned char **out_, unsigned char *outlen,
                       const unsigned char *in, unsigned int inlen, void *arg)
{
    (void)s; (void)arg;
    if (SSL_select_next_proto((unsigned char **)out_, outlen, in, inlen, in, inlen)
        != OPENSSL_NPN_NEGOTIATED)
        return SSL_TLSEXT_ERR_NOACK;
    return SSL_TLSEXT_ERR_OK;
}

struct opts {
    const char *name;
    int version;          /* max protocol version of both, 0 for any */
    const char *ciphers;  /* TLS 1.2 list of both */
    const char *cert, *key;
    int client_auth;
    const char *client_groups, *server_groups;
    int psk;
    int seclevel0;
    int fail;             /* a handshake failure: server offers other suites */
};

static SSL_SESSION *saved;

static int pump(SSL *c, SSL *s)
{
    int i, rc, rs;

    for (i = 0; i < 200; i++) {
        rc = SSL_do_handshake(c);
        rs = SSL_do_handshake(s);
        if (rc == 1 && rs == 1)
            return 1;
        if (rc <= 0 && SSL_get_error(c, rc) != SSL_ERROR_WANT_READ)
            return 0;
        if (rs <= 0 && SSL_get_error(s, rs) != SSL_ERROR_WANT_READ)
            return 0;
    }
    return 0;
}

static void run(const struct opts *o, int resume)
{
    char path[256], buf[64];
    SSL_CTX *cctx = SSL_CTX_new(TLS_client_method()), *sctx = SSL_CTX_new(TLS_server_method());
    SSL *c, *s;
    BIO *cb, *sb;

    snprintf(path, sizeof(path), OUT "%s.txt", o->name);
    out = fopen(path, "w");
    if (o->version) {
        SSL_CTX_set_max_proto_version(cctx, o->version);
        SSL_CTX_set_max_proto_version(sctx, o->version);
    }
    if (o->seclevel0) {
        SSL_CTX_set_security_level(cctx, 0);
        SSL_CTX_set_security_level(sctx, 0);
    }
    if (o->ciphers) {
        SSL_CTX_set_cipher_list(cctx, o->ciphers);
        SSL_CTX_set_cipher_list(sctx, o->fail ? "AES256-SHA" : o->ciphers);
    }
    if (o->cert) {
        SSL_CTX_use_certificate_chain_file(sctx, o->cert);
        SSL_CTX_use_PrivateKey_file(sctx, o->key, SSL_FILETYPE_PEM);
    }
    if (o->client_auth) {
        SSL_CTX_set_verify(sctx, SSL_VERIFY_PEER, NULL);
        SSL_CTX_set_client_CA_list(sctx, SSL_load_client_CA_file(CERTS "cas.pem"));
        SSL_CTX_use_certificate_file(cctx, CERTS "rsa.pem", SSL_FILETYPE_PEM);
        SSL_CTX_use_PrivateKey_file(cctx, CERTS "rsa.key", SSL_FILETYPE_PEM);
    }
    if (o->client_groups)
        SSL_CTX_set1_groups_list(cctx, o->client_groups);
    if (o->server_groups)
        SSL_CTX_set1_groups_list(sctx, o->server_groups);
    if (o->psk) {
        SSL_CTX_set_psk_client_callback(cctx, psk_client);
        SSL_CTX_set_psk_server_callback(sctx, psk_server);
        SSL_CTX_use_psk_identity_hint(sctx, "hint");
    }
    SSL_CTX_set_alpn_select_cb(sctx, alpn_select, NULL);
    SSL_CTX_set_dh_auto(sctx, 1);
    c = SSL_new(cctx);
    s = SSL_new(sctx);
    SSL_set_msg_callback(c, msg_cb);
    SSL_set_msg_callback_arg(c, (void *)1);
    SSL_set_tlsext_host_name(c, "server.example");
    SSL_set_alpn_protos(c, (const unsigned char *)"\x02h2\x08http/1.1", 12);
    SSL_set_tlsext_status_type(c, TLSEXT_STATUSTYPE_ocsp);
    if (resume && saved != NULL)
        SSL_set_session(c, saved);
    BIO_new_bio_pair(&cb, 0, &sb, 0);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    if (pump(c, s)) {
        SSL_write(c, "ping", 4);
        SSL_read(s, buf, sizeof(buf));
        SSL_write(s, "pong", 4);
        SSL_read(c, buf, sizeof(buf));
        if (!resume) {
            SSL_SESSION_free(saved);
            saved = SSL_get1_session(c);
        }
        SSL_shutdown(c);
        SSL_shutdown(s);
        SSL_shutdown(c);
    }
    printf("%s: %s\n", o->name, SSL_get_version(c));
    ERR_clear_error();
    SSL_free(c);
    SSL_free(s);
    SSL_CTX_free(cctx);
    SSL_CTX_free(sctx);
    fclose(out);
}

int main(void)
{
    static const struct opts all[] = {
        { "tls13", 0, NULL, CERTS "rsa_chain.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls13_resume", 0, NULL, CERTS "rsa_chain.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls13_ec_clientauth", 0, NULL, CERTS "ec.pem", CERTS "ec.key", 1, NULL, NULL, 0, 0, 0 },
        { "tls13_hrr", 0, NULL, CERTS "rsa.pem", CERTS "rsa.key", 0, "X25519:P-256", "P-256", 0, 0, 0 },
        { "tls12_ecdhe_rsa", TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256", CERTS "rsa_chain.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls12_resume", TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256", CERTS "rsa_chain.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls12_dhe", TLS1_2_VERSION, "DHE-RSA-AES256-GCM-SHA384", CERTS "rsa.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls12_rsa", TLS1_2_VERSION, "AES128-SHA", CERTS "rsa.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 0 },
        { "tls12_ecdsa_clientauth", TLS1_2_VERSION, "ECDHE-ECDSA-AES256-GCM-SHA384", CERTS "ec.pem", CERTS "ec.key", 1, NULL, NULL, 0, 0, 0 },
        { "tls12_psk", TLS1_2_VERSION, "PSK-AES128-GCM-SHA256", NULL, NULL, 0, NULL, NULL, 1, 0, 0 },
        { "tls12_ecdhe_psk", TLS1_2_VERSION, "ECDHE-PSK-AES128-CBC-SHA256", NULL, NULL, 0, NULL, NULL, 1, 0, 0 },
        { "tls12_dhe_psk", TLS1_2_VERSION, "DHE-PSK-AES128-GCM-SHA256", NULL, NULL, 0, NULL, NULL, 1, 0, 0 },
        { "tls11", TLS1_1_VERSION, "ECDHE-RSA-AES128-SHA", CERTS "rsa.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 1, 0 },
        { "tls12_failure", TLS1_2_VERSION, "ECDHE-RSA-AES128-GCM-SHA256", CERTS "rsa.pem", CERTS "rsa.key", 0, NULL, NULL, 0, 0, 1 },
    };
    size_t i;

    for (i = 0; i < sizeof(all) / sizeof(all[0]); i++)
        run(&all[i], strstr(all[i].name, "resume") != NULL);
    SSL_SESSION_free(saved);
    return 0;
}
