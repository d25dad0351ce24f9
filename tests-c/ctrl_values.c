/*
 * ctrl_values.c - the settings behind SSL_CTX_ctrl and SSL_ctrl, options,
 * protocol bounds and methods, with values: each setter's return value, the
 * getters after it, what SSL_new copies, and the queued errors. Everything is
 * observed on connections that have not handshaken. The settings that hold
 * objects (keys, stores, chains, SRTP profiles, contexts) are in ctrl_objects.c.
 */
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/obj_mac.h>
#include <string.h>
#include "ctrl_util.h"

static const struct {
    const char *name;
    const SSL_METHOD *(*get)(void);
} methods[] = {
    {"TLS", TLS_method}, {"TLS_client", TLS_client_method}, {"TLS_server", TLS_server_method},
    {"TLSv1", TLSv1_method}, {"TLSv1_client", TLSv1_client_method},
    {"TLSv1_server", TLSv1_server_method}, {"TLSv1_1", TLSv1_1_method},
    {"TLSv1_1_client", TLSv1_1_client_method}, {"TLSv1_1_server", TLSv1_1_server_method},
    {"TLSv1_2", TLSv1_2_method}, {"TLSv1_2_client", TLSv1_2_client_method},
    {"TLSv1_2_server", TLSv1_2_server_method}, {"DTLS", DTLS_method},
    {"DTLS_client", DTLS_client_method}, {"DTLS_server", DTLS_server_method},
    {"DTLSv1", DTLSv1_method}, {"DTLSv1_client", DTLSv1_client_method},
    {"DTLSv1_server", DTLSv1_server_method}, {"DTLSv1_2", DTLSv1_2_method},
    {"DTLSv1_2_client", DTLSv1_2_client_method}, {"DTLSv1_2_server", DTLSv1_2_server_method},
};

static const int versions[] = {0, 1, SSL3_VERSION, TLS1_VERSION, TLS1_1_VERSION, TLS1_2_VERSION,
                               TLS1_3_VERSION, 0x305, DTLS1_VERSION, DTLS1_2_VERSION, 0xFEFC,
                               DTLS1_BAD_VER, 0xFF00, 0x10000, -1};
#define NVERSIONS (sizeof(versions) / sizeof(*versions))

static void methods_and_bounds(void)
{
    size_t i, j;

    for (i = 0; i < sizeof(methods) / sizeof(*methods); i++) {
        const SSL_METHOD *m = methods[i].get();
        SSL_CTX *ctx = SSL_CTX_new(m);
        SSL *s;

        FATAL_IF(ctx == NULL, "SSL_CTX_new");
        s = SSL_new(ctx);
        FATAL_IF(s == NULL, "SSL_new");
        printf("%s: %s, early data status %d\n", methods[i].name, SSL_get_version(s),
               SSL_get_early_data_status(s));
        printf("%s: ctx method same %d, ssl method same %d, version %#x, client_version %#x, "
               "dtls %d, server %d, options %#llx/%#llx, mode %ld/%ld, min %ld max %ld\n",
               methods[i].name, SSL_CTX_get_ssl_method(ctx) == m, SSL_get_ssl_method(s) == m,
               SSL_version(s), SSL_client_version(s), SSL_is_dtls(s), SSL_is_server(s),
               (unsigned long long)SSL_CTX_get_options(ctx), (unsigned long long)SSL_get_options(s),
               SSL_CTX_get_mode(ctx), SSL_get_mode(s), SSL_CTX_get_min_proto_version(ctx),
               SSL_CTX_get_max_proto_version(ctx));
        printf("  ctx min:");
        for (j = 0; j < NVERSIONS; j++) {
            int r = (int)SSL_CTX_set_min_proto_version(ctx, versions[j]);
            printf(" %#x:%d/%#lx", versions[j], r, SSL_CTX_get_min_proto_version(ctx));
        }
        printf("\n  ctx max:");
        for (j = 0; j < NVERSIONS; j++) {
            int r = (int)SSL_CTX_set_max_proto_version(ctx, versions[j]);
            printf(" %#x:%d/%#lx", versions[j], r, SSL_CTX_get_max_proto_version(ctx));
        }
        printf("\n  ssl min:");
        for (j = 0; j < NVERSIONS; j++) {
            int r = (int)SSL_set_min_proto_version(s, versions[j]);
            printf(" %#x:%d/%#lx", versions[j], r, SSL_get_min_proto_version(s));
        }
        printf("\n  ssl max:");
        for (j = 0; j < NVERSIONS; j++) {
            int r = (int)SSL_set_max_proto_version(s, versions[j]);
            printf(" %#x:%d/%#lx", versions[j], r, SSL_get_max_proto_version(s));
        }
        printf("\n");
        errs();
        SSL_free(s);
        SSL_CTX_free(ctx);
    }
}

/* Each bound against each other bound: only TLS/DTLS mixing is refused. */
static void bound_pairs(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    size_t i, j;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    for (i = 0; i < NVERSIONS; i++) {
        printf("min %#x then max:", versions[i]);
        for (j = 0; j < NVERSIONS; j++) {
            SSL_CTX_set_min_proto_version(ctx, 0);
            SSL_CTX_set_max_proto_version(ctx, 0);
            SSL_CTX_set_min_proto_version(ctx, versions[i]);
            printf(" %d", (int)SSL_CTX_set_max_proto_version(ctx, versions[j]));
        }
        printf("\n");
    }
    errs();
    SSL_CTX_free(ctx);
}

static void options_and_modes(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s, *s2;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    SHOWU(SSL_CTX_set_options(ctx, SSL_OP_NO_TICKET | SSL_OP_ALL));
    SHOWU(SSL_CTX_set_options(ctx, (uint64_t)1 << 40));
    SHOWU(SSL_CTX_clear_options(ctx, SSL_OP_NO_COMPRESSION | ((uint64_t)1 << 40)));
    SHOWU(SSL_CTX_get_options(ctx));
    SHOWU(SSL_get_options(s));
    SHOWU(SSL_set_options(s, SSL_OP_NO_TLSv1_3));
    SHOWU(SSL_clear_options(s, ~(uint64_t)0));
    SHOWU(SSL_get_options(s));
    SHOW(SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS | SSL_MODE_ENABLE_PARTIAL_WRITE));
    SHOW(SSL_CTX_clear_mode(ctx, SSL_MODE_AUTO_RETRY));
    SHOW(SSL_CTX_set_mode(ctx, 0x1ffffffffL));
    SHOW(SSL_CTX_clear_mode(ctx, 0xfffffff0L));
    SHOW(SSL_set_mode(s, SSL_MODE_ASYNC));
    SHOW(SSL_clear_mode(s, SSL_MODE_AUTO_RETRY));
    SHOW(SSL_get_mode(s));
    SHOW(SSL_CTX_set_cert_flags(ctx, 0x30000));
    SHOW(SSL_CTX_clear_cert_flags(ctx, 0x10000));
    SHOW(SSL_set_cert_flags(s, 1));
    SHOW(SSL_clear_cert_flags(s, 3));
    SHOW(SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION));
    SHOW(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION));
    SHOW(SSL_CTX_set_read_ahead(ctx, 7));
    SHOW(SSL_CTX_get_read_ahead(ctx));
    SHOW(SSL_CTX_set_max_cert_list(ctx, 4096));
    SHOW(SSL_CTX_set_max_cert_list(ctx, -1));
    SHOW(SSL_CTX_get_max_cert_list(ctx));
    SHOW(SSL_CTX_set_max_send_fragment(ctx, 511));
    SHOW(SSL_CTX_set_max_send_fragment(ctx, 16385));
    SHOW(SSL_CTX_set_max_send_fragment(ctx, 512));
    SHOW(SSL_CTX_set_split_send_fragment(ctx, 513));
    SHOW(SSL_CTX_set_split_send_fragment(ctx, 0));
    SHOW(SSL_CTX_set_split_send_fragment(ctx, -1));
    SHOW(SSL_CTX_set_max_send_fragment(ctx, 16384));
    SHOW(SSL_CTX_set_split_send_fragment(ctx, 16384));
    SHOW(SSL_CTX_set_max_pipelines(ctx, 0));
    SHOW(SSL_CTX_set_max_pipelines(ctx, 33));
    SHOW(SSL_CTX_set_max_pipelines(ctx, 32));
    SHOW(SSL_CTX_get_read_ahead(ctx));
    SHOW(SSL_CTX_set_num_tickets(ctx, 5));
    SHOW(SSL_CTX_get_num_tickets(ctx));
    SHOW(SSL_CTX_set_max_early_data(ctx, 1000));
    SHOW(SSL_CTX_get_max_early_data(ctx));
    SHOW(SSL_CTX_set_recv_max_early_data(ctx, 2000));
    SHOW(SSL_CTX_get_recv_max_early_data(ctx));
    SHOW(SSL_CTX_set_tlsext_status_type(ctx, TLSEXT_STATUSTYPE_ocsp));
    SHOW(SSL_CTX_get_tlsext_status_type(ctx));
    SHOW(SSL_CTX_set_dh_auto(ctx, 1));

    /* What SSL_new copies: the settings above, into the new connection. */
    s2 = SSL_new(ctx);
    FATAL_IF(s2 == NULL, "SSL_new");
    printf("copied: options %#llx mode %ld min %ld max %ld read_ahead %d max_cert_list %ld "
           "tickets %zu early %u recv_early %u status %ld\n",
           (unsigned long long)SSL_get_options(s2), SSL_get_mode(s2), SSL_get_min_proto_version(s2),
           SSL_get_max_proto_version(s2), (int)SSL_ctrl(s2, SSL_CTRL_GET_READ_AHEAD, 0, NULL), SSL_get_max_cert_list(s2),
           SSL_get_num_tickets(s2), SSL_get_max_early_data(s2), SSL_get_recv_max_early_data(s2),
           SSL_get_tlsext_status_type(s2));
    printf("not copied after SSL_new: options %#llx min %ld tickets %zu\n",
           (unsigned long long)SSL_get_options(s), SSL_get_min_proto_version(s), SSL_get_num_tickets(s));
    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void connection_sizes(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    SHOW(SSL_ctrl(s, SSL_CTRL_SET_READ_AHEAD, 3, NULL));
    SHOW(SSL_ctrl(s, SSL_CTRL_GET_READ_AHEAD, 0, NULL));
    SHOW(SSL_ctrl(s, SSL_CTRL_SET_READ_AHEAD, 0, NULL));
    SHOW(SSL_set_max_pipelines(s, 1));
    SHOW(SSL_ctrl(s, SSL_CTRL_GET_READ_AHEAD, 0, NULL));
    SHOW(SSL_set_max_pipelines(s, 2));
    SHOW(SSL_ctrl(s, SSL_CTRL_GET_READ_AHEAD, 0, NULL));
    SHOW(SSL_set_max_send_fragment(s, 1024));
    SHOW(SSL_set_split_send_fragment(s, 1025));
    SHOW(SSL_set_split_send_fragment(s, 1024));
    SHOW(SSL_set_max_cert_list(s, 77));
    SHOW(SSL_get_max_cert_list(s));
    SHOW(SSL_set_num_tickets(s, 0));
    SHOW(SSL_get_num_tickets(s));
    SHOW(SSL_set_max_early_data(s, 7));
    SHOW(SSL_get_max_early_data(s));
    SHOW(SSL_set_recv_max_early_data(s, 8));
    SHOW(SSL_get_recv_max_early_data(s));
    SHOW(SSL_CTX_set_block_padding(ctx, 0));
    SHOW(SSL_CTX_set_block_padding(ctx, 1));
    SHOW(SSL_CTX_set_block_padding(ctx, 16384));
    SHOW(SSL_CTX_set_block_padding(ctx, 16385));
    SHOW(SSL_set_block_padding(s, 16385));
    SHOW(SSL_set_block_padding(s, 64));
    SHOW(SSL_CTX_set_tlsext_max_fragment_length(ctx, TLSEXT_max_fragment_length_4096));
    SHOW(SSL_CTX_set_tlsext_max_fragment_length(ctx, 5));
    SHOW(SSL_CTX_set_tlsext_max_fragment_length(ctx, 255));
    SHOW(SSL_set_tlsext_max_fragment_length(s, 0));
    SHOW(SSL_set_tlsext_max_fragment_length(s, 9));
    SSL_CTX_set_default_read_buffer_len(ctx, 100);
    SSL_set_default_read_buffer_len(s, 100);
    SSL_CTX_set_post_handshake_auth(ctx, 1);
    SSL_set_post_handshake_auth(s, 1);
    SHOW(SSL_alloc_buffers(s));
    SHOW(SSL_free_buffers(s));
    SHOW(SSL_get_secure_renegotiation_support(s));
    SHOW(SSL_get_extms_support(s));
    SHOW(SSL_num_renegotiations(s));
    SHOW(SSL_clear_num_renegotiations(s));
    SHOW(SSL_total_renegotiations(s));
    SHOW(SSL_set_retry_verify(s));
    SHOW(SSL_set_tlsext_status_type(s, 5));
    SHOW(SSL_get_tlsext_status_type(s));
    SHOW(SSL_get_tlsext_status_type(s));
    SHOW(SSL_set_dh_auto(s, 1));
    SHOW(SSL_CTX_set_tmp_dh(ctx, NULL));
    SHOW(SSL_set_tmp_ecdh(s, NULL));
    SHOW(SSL_get0_raw_cipherlist(s, NULL));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static void names_and_handshake_state(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s, *s2, *s3;
    SSL_SESSION *sess;
    char longname[300];
    unsigned char buf[64];
    int a = 5, b = 5, c = 5;
    unsigned char r1 = 5, r2 = 5;
    size_t n;

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    printf("servername %s type %d\n", SSL_get_servername(s, TLSEXT_NAMETYPE_host_name) ? "set" : "NULL",
           SSL_get_servername_type(s));
    SHOW(SSL_set_tlsext_host_name(s, "example.com"));
    printf("servername %s type %d other type %s\n", SSL_get_servername(s, TLSEXT_NAMETYPE_host_name),
           SSL_get_servername_type(s), SSL_get_servername(s, 1) ? "set" : "NULL");
    SHOW(SSL_set_tlsext_host_name(s, ""));
    printf("after empty: %s\n", SSL_get_servername(s, 0) ? SSL_get_servername(s, 0) : "NULL");
    SHOW(SSL_set_tlsext_host_name(s, "b.example"));
    memset(longname, 'a', sizeof(longname));
    longname[255] = '\0';
    SHOW(SSL_set_tlsext_host_name(s, longname));
    longname[255] = 'a';
    longname[256] = '\0';
    SHOW(SSL_set_tlsext_host_name(s, longname));
    printf("after too long: %s\n", SSL_get_servername(s, 0) ? "set" : "NULL");
    SHOW(SSL_ctrl(s, SSL_CTRL_SET_TLSEXT_HOSTNAME, 1, (void *)"x.example"));
    SHOW(SSL_set_tlsext_host_name(s, "c.example"));
    SSL_set_accept_state(s);
    printf("as server: %s\n", SSL_get_servername(s, 0));
    SHOW(SSL_set_tlsext_host_name(s, NULL));
    printf("cleared: %s type %d\n", SSL_get_servername(s, 0) ? "set" : "NULL", SSL_get_servername_type(s));

    /* A client without a name of its own reports its session's (not TLS 1.3). */
    sess = SSL_SESSION_new();
    FATAL_IF(sess == NULL, "SSL_SESSION_new");
    SSL_SESSION_set1_hostname(sess, "session.example");
    SSL_SESSION_set_protocol_version(sess, TLS1_2_VERSION);
    s2 = SSL_new(ctx);
    FATAL_IF(s2 == NULL, "SSL_new");
    SSL_set_session(s2, sess);
    printf("client with session: %s\n", SSL_get_servername(s2, 0));
    SSL_set_connect_state(s2);
    printf("connecting client with session: %s type %d\n", SSL_get_servername(s2, 0),
           SSL_get_servername_type(s2));
    SSL_SESSION_set_protocol_version(sess, TLS1_3_VERSION);
    printf("TLS 1.3 session: %s\n", SSL_get_servername(s2, 0) ? "set" : "NULL");
    SSL_SESSION_set_protocol_version(sess, TLS1_2_VERSION);
    SSL_set_tlsext_host_name(s2, "own.example");
    printf("own name first: %s\n", SSL_get_servername(s2, 0));
    s3 = SSL_new(ctx);
    FATAL_IF(s3 == NULL, "SSL_new");
    SSL_set_session(s3, sess);
    SSL_set_accept_state(s3);
    printf("server with session: %s\n", SSL_get_servername(s3, 0) ? "set" : "NULL");

    memset(buf, 7, sizeof(buf));
    n = SSL_get_finished(s, buf, sizeof(buf));
    printf("finished %zu buf0 %d\n", n, buf[0]);
    n = SSL_get_peer_finished(s, buf, sizeof(buf));
    printf("peer finished %zu buf0 %d\n", n, buf[0]);
    printf("client random len %zu server random len %zu\n", SSL_get_client_random(s, NULL, 0),
           SSL_get_server_random(s, NULL, 0));
    n = SSL_get_client_random(s, buf, 10);
    printf("client random %zu: %d %d %d\n", n, buf[0], buf[9], buf[10]);
    memset(buf, 7, sizeof(buf));
    n = SSL_get_server_random(s, buf, 64);
    printf("server random %zu: %d %d %d\n", n, buf[0], buf[31], buf[32]);
    printf("shared sigalgs %d sigalgs %d %d %d %d %d %d\n",
           SSL_get_shared_sigalgs(s, 0, &a, &b, &c, &r1, &r2), SSL_get_sigalgs(s, 0, &a, &b, &c, &r1, &r2),
           a, b, c, r1, r2);
    printf("peer sig type %d %d, sig type %d %d\n", SSL_get_peer_signature_type_nid(s, &a), a,
           SSL_get_signature_type_nid(s, &b), b);
    SHOW(SSL_get_peer_signature_nid(s, &a));
    SHOW(SSL_get_signature_nid(s, &a));
    SHOW(SSL_get_shared_group(s, 0));
    SHOW(SSL_get_shared_group(s, -1));
    printf("groups: %s %s %s %s %s %s\n", SSL_group_to_name(s, NID_X9_62_prime256v1),
           SSL_group_to_name(s, NID_X25519), SSL_group_to_name(s, NID_ffdhe2048),
           SSL_group_to_name(s, 0x1000000 | 29), SSL_group_to_name(s, 0) ? "set" : "NULL",
           SSL_group_to_name(s, NID_rsaEncryption) ? "set" : "NULL");
    printf("compression %s expansion %s\n", SSL_get_current_compression(s) ? "set" : "NULL",
           SSL_get_current_expansion(s) ? "set" : "NULL");
    SSL_SESSION_free(sess);
    SSL_free(s3);
    SSL_free(s2);
    SSL_free(s);
    SSL_CTX_free(ctx);
}

static const char *group_lists[] = {
    "P-256", "prime256v1", "secp256r1", "SECP256R1", "p-256", "X25519", "x25519", "x448",
    "ffdhe2048", "ffdhe8192", "brainpoolP256r1", "brainpoolP512r1", "brainpoolP256r1tls13",
    "sect163k1", "secp160r1", "secp192r1", "P-192", "P-224", "P-384", "P-521", "K-163", "B-571",
    "secp256k1", "sect571r1", "", "P-256:P-256", "P-256:X25519", "P-256::X25519", " P-256 : X448 ",
    "foo", "P-256:foo", ":", "prime256v1:secp256r1", NULL};
static const char *sigalg_lists[] = {
    "RSA+SHA256", "rsa+sha256", "RSA+sha256", "SHA256+RSA", "ECDSA+SHA256", "RSA-PSS+SHA256",
    "PSS+SHA512", "rsa_pss_rsae_sha256", "rsa_pss_pss_sha256", "ed25519", "ed448",
    "ecdsa_secp256r1_sha256", "ecdsa_sha1", "ecdsa_sha224", "RSA+SHA1", "DSA+SHA256", "DSA+SHA1",
    "RSA+SHA224", "ECDSA+SHA224", "ECDSA+SHA512", "RSA+MD5", "rsa_pkcs1_sha256", "rsa_pkcs1_sha1",
    "RSA+SHA256:RSA+SHA256", "RSA+SHA256:rsa_pkcs1_sha256", "PSS+SHA256:rsa_pss_rsae_sha256",
    "RSA+SHA256:ed25519", "", "foo", "RSA", "RSA+", "+SHA256", "RSA+SHA256+x", "RSA+RSA",
    "SHA256+SHA256", "ecdsa_brainpoolP256r1_sha256", "gost2012_256", "RSASSA-PSS+SHA256",
    " RSA+SHA256 ", "RSA+SHA256:", "ED25519", "dsa_sha256", NULL};

static void lists(void)
{
    SSL_CTX *ctx = SSL_CTX_new(TLS_method());
    SSL *s;
    int i;
    int nids[] = {NID_X9_62_prime256v1, NID_X25519, NID_ffdhe2048, NID_sect163k1, NID_secp384r1,
                  NID_undef, NID_rsaEncryption, NID_brainpoolP256r1, NID_X448, NID_ffdhe3072};
    int dup[] = {NID_X25519, NID_X25519};
    int mixed[] = {NID_sect163k1, NID_ffdhe3072};
    int sa_ok[] = {NID_sha256, NID_rsaEncryption, NID_undef, NID_ED25519, NID_sha512, NID_rsassaPss};
    int sa_bad[] = {NID_sha256, NID_X25519};
    int sa_md5[] = {NID_md5, NID_rsaEncryption};

    FATAL_IF(ctx == NULL, "SSL_CTX_new");
    s = SSL_new(ctx);
    FATAL_IF(s == NULL, "SSL_new");
    for (i = 0; group_lists[i] != NULL; i++) {
        printf("groups \"%s\": ctx %ld", group_lists[i], SSL_CTX_set1_groups_list(ctx, group_lists[i]));
        errs();
        printf("groups \"%s\": ssl %ld", group_lists[i], SSL_set1_groups_list(s, group_lists[i]));
        errs();
    }
    for (i = 0; sigalg_lists[i] != NULL; i++) {
        printf("sigalgs \"%s\": ctx %ld client %ld ssl %ld no-ctx %ld", sigalg_lists[i],
               SSL_CTX_set1_sigalgs_list(ctx, sigalg_lists[i]),
               SSL_CTX_set1_client_sigalgs_list(ctx, sigalg_lists[i]),
               SSL_set1_sigalgs_list(s, sigalg_lists[i]),
               SSL_CTX_set1_sigalgs_list(NULL, sigalg_lists[i]));
        errs();
    }
    for (i = 0; i < (int)(sizeof(nids) / sizeof(*nids)); i++) {
        printf("set1_groups nid %d: %ld", nids[i], SSL_CTX_set1_groups(ctx, &nids[i], 1));
        errs();
    }
    SHOW(SSL_CTX_set1_groups(ctx, nids, 5));
    SHOW(SSL_set1_groups(s, nids, 3));
    SHOW(SSL_CTX_set1_groups(ctx, dup, 2));
    SHOW(SSL_CTX_set1_groups(ctx, mixed, 2));
    SHOW(SSL_CTX_set1_groups(ctx, nids, 0));
    SHOW(SSL_CTX_set1_sigalgs(ctx, sa_ok, 6));
    SHOW(SSL_CTX_set1_sigalgs(ctx, sa_ok, 5));
    SHOW(SSL_CTX_set1_sigalgs(ctx, sa_ok, 0));
    SHOW(SSL_CTX_set1_sigalgs(ctx, sa_bad, 2));
    SHOW(SSL_CTX_set1_sigalgs(ctx, sa_md5, 2));
    SHOW(SSL_set1_client_sigalgs(s, sa_ok, 4));
    SHOW(SSL_CTX_set1_groups_list(ctx, NULL));
    SHOW(SSL_CTX_set1_sigalgs_list(ctx, NULL));
    SSL_free(s);
    SSL_CTX_free(ctx);
}

int main(void)
{
    methods_and_bounds();
    bound_pairs();
    options_and_modes();
    connection_sizes();
    names_and_handshake_state();
    lists();
    return 0;
}
